#include "engine/plan/child_map.h"

#include <algorithm>

#include "engine/gen/rng.h"

namespace seed {

ChildMap::ChildMap(uint64_t key, uint64_t parents, uint64_t children, int64_t min, int64_t max,
                   std::vector<double> weights)
    : key_(key), parents_(parents), children_(children),
      blocks_((parents + kBlock - 1) / kBlock), min_(min), max_(max) {
  double total = 0;
  for (double w : weights) total += w;
  for (double w : weights) cumulative_.push_back((cumulative_.empty() ? 0 : cumulative_.back()) +
                                                 w / total);
}

uint64_t ChildMap::DefaultCount(uint64_t parents, int64_t min, int64_t max,
                                const std::vector<double>& weights) {
  double mean = (min + max) / 2.0;
  if (!weights.empty()) {
    double total = 0, sum = 0;
    for (size_t i = 0; i < weights.size(); ++i) total += weights[i], sum += weights[i] * (min + i);
    mean = sum / total;
  }
  return static_cast<uint64_t>(parents * mean + 0.5);
}

uint64_t ChildMap::BlockStart(uint64_t block) const {
  const uint64_t parents_before = std::min(block * kBlock, parents_);
  return static_cast<uint64_t>(static_cast<unsigned __int128>(children_) * parents_before /
                               parents_);
}

int64_t ChildMap::DrawCount(uint64_t parent) const {
  const uint64_t d = Draw(key_, parent, 1);
  if (cumulative_.empty()) return min_ + static_cast<int64_t>(Below(d, max_ - min_ + 1));
  const double u = Unit(d);
  size_t i = 0;
  while (i + 1 < cumulative_.size() && u >= cumulative_[i]) ++i;
  return min_ + static_cast<int64_t>(i);
}

void ChildMap::Layout(uint64_t block, Cursor& c) const {
  const uint64_t first_parent = block * kBlock;
  const uint64_t n = std::min(kBlock, parents_ - first_parent);
  const int64_t target = static_cast<int64_t>(BlockStart(block + 1) - BlockStart(block));
  std::vector<int64_t> counts(n);
  int64_t sum = 0;
  for (uint64_t j = 0; j < n; ++j) sum += counts[j] = DrawCount(first_parent + j);
  // Nudge counts by one, walking parents from a drawn offset, until the
  // block holds exactly its share. The share lies within [n*min, n*max],
  // so this ends after at most (max - min) sweeps.
  uint64_t j = Below(Draw(key_, block, 2), n);
  while (sum != target) {
    int64_t& cnt = counts[j];
    if (sum < target && cnt < max_) ++cnt, ++sum;
    else if (sum > target && cnt > min_) --cnt, --sum;
    j = (j + 1) % n;
  }
  c.block = block;
  c.first_child = BlockStart(block);
  c.ends.resize(n);
  uint64_t acc = 0;
  for (uint64_t k = 0; k < n; ++k) c.ends[k] = acc += static_cast<uint64_t>(counts[k]);
}

ChildMap::Location ChildMap::Locate(uint64_t row, Cursor& c) const {
  if (c.block == UINT64_MAX || row < c.first_child || row >= c.first_child + c.ends.back()) {
    // Estimate the block from the share, then step to the exact one.
    uint64_t b = static_cast<uint64_t>(static_cast<unsigned __int128>(row) * parents_ /
                                       children_ / kBlock);
    b = std::min(b, blocks_ - 1);
    while (b > 0 && BlockStart(b) > row) --b;
    while (b + 1 < blocks_ && BlockStart(b + 1) <= row) ++b;
    Layout(b, c);
  }
  const uint64_t offset = row - c.first_child;
  const auto it = std::upper_bound(c.ends.begin(), c.ends.end(), offset);
  const uint64_t k = static_cast<uint64_t>(it - c.ends.begin());
  const uint64_t start = k == 0 ? 0 : c.ends[k - 1];
  return {c.block * kBlock + k, offset - start};
}

}  // namespace seed
