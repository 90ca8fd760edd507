// CRC-32 (IEEE 802.3, as zlib and MySQL's CRC32() compute it): lets the
// ledger's per-batch row checksum be verified by the server itself.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>

namespace seed {

inline uint32_t Crc32(const char* data, size_t n, uint32_t crc = 0) {
  static const std::array<uint32_t, 256> table = [] {
    std::array<uint32_t, 256> t{};
    for (uint32_t i = 0; i < 256; ++i) {
      uint32_t c = i;
      for (int k = 0; k < 8; ++k) c = c & 1 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
      t[i] = c;
    }
    return t;
  }();
  crc = ~crc;
  for (size_t i = 0; i < n; ++i) crc = table[(crc ^ static_cast<unsigned char>(data[i])) & 0xFF] ^ (crc >> 8);
  return ~crc;
}

}  // namespace seed
