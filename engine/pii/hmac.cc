#include "engine/pii/hmac.h"

#include <openssl/evp.h>

#include <cstring>
#include <stdexcept>
#include <utility>

namespace seed {

namespace {

// OpenSSL fails here only when out of memory or with a broken provider
// configuration; neither lets masking go on.
void Check(int ok) {
  if (ok != 1) throw std::runtime_error("OpenSSL SHA-256 failed");
}

EVP_MD_CTX* NewSha256() {
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  if (!ctx) throw std::bad_alloc();
  Check(EVP_DigestInit_ex(ctx, EVP_sha256(), nullptr));
  return ctx;
}

// Finishes a copy of `state` over `data`, leaving `state` as it was.
Digest256 Finish(const EVP_MD_CTX* state, std::string_view data) {
  // One scratch context per thread: copying into it reuses its buffers.
  thread_local std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> scratch(EVP_MD_CTX_new(),
                                                                              &EVP_MD_CTX_free);
  if (!scratch) throw std::bad_alloc();
  Check(EVP_MD_CTX_copy_ex(scratch.get(), state));
  Check(EVP_DigestUpdate(scratch.get(), data.data(), data.size()));
  Digest256 out;
  Check(EVP_DigestFinal_ex(scratch.get(), out.data(), nullptr));
  return out;
}

}  // namespace

Digest256 Sha256(std::string_view data) {
  Digest256 out;
  Check(EVP_Digest(data.data(), data.size(), out.data(), nullptr, EVP_sha256(), nullptr));
  return out;
}

Hmac::Hmac(std::string_view key) {
  uint8_t block[64] = {};
  if (key.size() > 64) {
    const Digest256 d = Sha256(key);
    memcpy(block, d.data(), d.size());
  } else {
    memcpy(block, key.data(), key.size());
  }
  uint8_t pad[64];
  inner_ = NewSha256();
  outer_ = NewSha256();
  for (int i = 0; i < 64; ++i) pad[i] = block[i] ^ 0x36;
  Check(EVP_DigestUpdate(inner_, pad, sizeof pad));
  for (int i = 0; i < 64; ++i) pad[i] = block[i] ^ 0x5c;
  Check(EVP_DigestUpdate(outer_, pad, sizeof pad));
}

Hmac::~Hmac() {
  EVP_MD_CTX_free(inner_);
  EVP_MD_CTX_free(outer_);
}

Hmac::Hmac(Hmac&& o) noexcept
    : inner_(std::exchange(o.inner_, nullptr)), outer_(std::exchange(o.outer_, nullptr)) {}

Hmac& Hmac::operator=(Hmac&& o) noexcept {
  std::swap(inner_, o.inner_);
  std::swap(outer_, o.outer_);
  return *this;
}

Digest256 Hmac::operator()(std::string_view message) const {
  const Digest256 inner = Finish(inner_, message);
  return Finish(outer_, std::string_view(reinterpret_cast<const char*>(inner.data()), inner.size()));
}

Digest256 HmacSha256(std::string_view key, std::string_view message) { return Hmac(key)(message); }

}  // namespace seed
