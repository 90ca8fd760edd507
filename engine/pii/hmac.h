// SHA-256 and HMAC-SHA-256 (FIPS 180-4, RFC 2104): the keyed hash behind
// masking. Small and dependency-free; checked against the RFC 4231 vectors.
#pragma once

#include <array>
#include <cstdint>
#include <string_view>

namespace seed {

using Digest256 = std::array<uint8_t, 32>;

Digest256 Sha256(std::string_view data);
Digest256 HmacSha256(std::string_view key, std::string_view message);

// A precomputed key: the inner and outer pads hashed once, so each message
// costs two compressions plus its own length.
class Hmac {
 public:
  explicit Hmac(std::string_view key);
  Digest256 operator()(std::string_view message) const;

 private:
  std::array<uint32_t, 8> inner_, outer_;  // state after the padded key block
};

}  // namespace seed
