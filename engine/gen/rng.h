// Counter-based randomness: every draw is a pure function of a 64-bit key
// (derived from seed, table and column) and a counter (the row index plus a
// small stream number), so any row can be generated alone and the output
// is identical on every machine and standard library.
#pragma once

#include <cstdint>
#include <string_view>

namespace seed {

inline uint64_t SplitMix64(uint64_t x) {
  x += 0x9E3779B97F4A7C15ull;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
  return x ^ (x >> 31);
}

// FNV-1a, then mixed: a stable hash of names for key derivation.
inline uint64_t HashString(std::string_view s, uint64_t h = 0xCBF29CE484222325ull) {
  for (unsigned char c : s) h = (h ^ c) * 0x100000001B3ull;
  return SplitMix64(h);
}

// Key for one column of one table under one seed.
inline uint64_t ColumnKey(uint64_t seed, std::string_view table, std::string_view column) {
  return HashString(column, HashString(table, SplitMix64(seed)));
}

// The draw for (key, row, stream). Streams separate independent draws made
// for the same cell (e.g. null decision vs value).
inline uint64_t Draw(uint64_t key, uint64_t row, uint64_t stream = 0) {
  return SplitMix64(key ^ SplitMix64(row * 0x9E3779B97F4A7C15ull + stream));
}

// Unbiased-enough reduction of a 64-bit draw into [0, n): Lemire's
// multiply-high; bias is below 2^-64 * n, invisible at our row counts.
inline uint64_t Below(uint64_t draw, uint64_t n) {
  return static_cast<uint64_t>((static_cast<unsigned __int128>(draw) * n) >> 64);
}

// Uniform double in [0, 1) from the top 53 bits.
inline double Unit(uint64_t draw) { return static_cast<double>(draw >> 11) * 0x1.0p-53; }

// A keyed bijection over [0, n): a 4-round Feistel network on the smallest
// even bit width covering n, with cycle-walking. Unique columns map row i to
// Permute(i), so values are distinct by construction with O(1) memory.
class Permutation {
 public:
  Permutation(uint64_t key, uint64_t n);
  uint64_t operator()(uint64_t i) const;
  uint64_t Inverse(uint64_t x) const;
  uint64_t size() const { return n_; }

 private:
  uint64_t Feistel(uint64_t x) const;
  uint64_t FeistelInverse(uint64_t x) const;
  uint64_t key_, n_;
  int half_bits_;
  uint64_t mask_;
};

}  // namespace seed
