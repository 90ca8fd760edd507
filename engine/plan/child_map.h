// ChildMap: spreads a children table's rows over its parent's rows, min..max
// per parent, with an exact total, and answers "which parent owns child row
// i" in O(block) time with no per-row memory. Parents are grouped in blocks
// of kBlock; each block receives a fixed share of the total, split among its
// parents by per-parent draws nudged to hit the share. Everything is a pure
// function of (key, row), so any row range can be generated alone.
#pragma once

#include <cstdint>
#include <vector>

namespace seed {

class ChildMap {
 public:
  static constexpr uint64_t kBlock = 256;

  // weights: empty for uniform, else one weight per count min..max.
  ChildMap(uint64_t key, uint64_t parents, uint64_t children, int64_t min, int64_t max,
           std::vector<double> weights);

  // Reusable per-thread cache of the last block's layout.
  struct Cursor {
    uint64_t block = UINT64_MAX;
    uint64_t first_child = 0;             // first child row of the block
    std::vector<uint64_t> ends;           // cumulative child counts per parent in the block
  };
  struct Location {
    uint64_t parent_row;
    uint64_t ordinal;  // 0-based index of the child under its parent
  };
  Location Locate(uint64_t child_row, Cursor& cursor) const;

  // Rows a children table gets when its spec gives no count.
  static uint64_t DefaultCount(uint64_t parents, int64_t min, int64_t max,
                               const std::vector<double>& weights);

 private:
  uint64_t BlockStart(uint64_t block) const;  // first child row of a block
  void Layout(uint64_t block, Cursor& cursor) const;
  int64_t DrawCount(uint64_t parent) const;

  uint64_t key_, parents_, children_, blocks_;
  int64_t min_, max_;
  std::vector<double> cumulative_;  // weighted: cumulative normalized weights
};

}  // namespace seed
