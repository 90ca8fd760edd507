#include "engine/gen/rng.h"

namespace seed {

Permutation::Permutation(uint64_t key, uint64_t n) : key_(key), n_(n) {
  int bits = 2;
  while (bits < 64 && (uint64_t{1} << bits) < n) bits += 2;
  half_bits_ = bits / 2;
  mask_ = (uint64_t{1} << half_bits_) - 1;
}

uint64_t Permutation::Feistel(uint64_t x) const {
  uint64_t l = x >> half_bits_, r = x & mask_;
  for (uint64_t round = 0; round < 4; ++round) {
    const uint64_t f = SplitMix64(key_ ^ (r + (round << 58))) & mask_;
    const uint64_t nl = r;
    r = l ^ f;
    l = nl;
  }
  return (l << half_bits_) | r;
}

uint64_t Permutation::FeistelInverse(uint64_t x) const {
  uint64_t l = x >> half_bits_, r = x & mask_;
  for (uint64_t round = 4; round-- > 0;) {
    const uint64_t pl = r ^ (SplitMix64(key_ ^ (l + (round << 58))) & mask_);
    r = l;
    l = pl;
  }
  return (l << half_bits_) | r;
}

uint64_t Permutation::Inverse(uint64_t x) const {
  if (n_ <= 1) return 0;
  uint64_t i = FeistelInverse(x);
  while (i >= n_) i = FeistelInverse(i);
  return i;
}

uint64_t Permutation::operator()(uint64_t i) const {
  if (n_ <= 1) return 0;
  // The domain is < 4n, so cycle-walking takes under 4 steps on average;
  // it terminates because the Feistel network is a bijection on the domain.
  uint64_t x = Feistel(i);
  while (x >= n_) x = Feistel(x);
  return x;
}

}  // namespace seed
