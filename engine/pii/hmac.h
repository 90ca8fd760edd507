// SHA-256 and HMAC-SHA-256 (FIPS 180-4, RFC 2104): the keyed hash behind
// masking, computed by OpenSSL's libcrypto (already loaded by the MySQL
// and PostgreSQL client libraries; SHA extensions where the CPU has them).
// Checked against the RFC 4231 vectors.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <string_view>

typedef struct evp_md_ctx_st EVP_MD_CTX;

namespace seed {

using Digest256 = std::array<uint8_t, 32>;

Digest256 Sha256(std::string_view data);
Digest256 HmacSha256(std::string_view key, std::string_view message);

// A precomputed key: the inner and outer pads hashed once, so each message
// costs copying those states plus hashing its own length. Thread-safe: the
// states are only read.
class Hmac {
 public:
  explicit Hmac(std::string_view key);
  ~Hmac();
  Hmac(Hmac&&) noexcept;
  Hmac& operator=(Hmac&&) noexcept;
  Digest256 operator()(std::string_view message) const;

 private:
  EVP_MD_CTX* inner_ = nullptr;  // SHA-256 after the padded key block
  EVP_MD_CTX* outer_ = nullptr;
};

}  // namespace seed
