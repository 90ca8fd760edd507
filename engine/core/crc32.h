// CRC-32 (IEEE 802.3, as zlib and MySQL's CRC32() compute it): lets the
// ledger's per-batch row checksum be verified by the server itself. zlib's
// is the slicing/SIMD implementation; it takes a uInt length, so longer
// inputs are fed in pieces.
#pragma once

#include <zlib.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>

namespace seed {

inline uint32_t Crc32(const char* data, size_t n, uint32_t crc = 0) {
  while (n > 0) {
    const uInt piece = static_cast<uInt>(std::min<size_t>(n, 1u << 30));
    crc = static_cast<uint32_t>(crc32(crc, reinterpret_cast<const Bytef*>(data), piece));
    data += piece, n -= piece;
  }
  return crc;
}

}  // namespace seed
