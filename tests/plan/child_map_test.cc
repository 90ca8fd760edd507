#include <catch2/catch.hpp>

#include <map>

#include "engine/plan/child_map.h"

namespace seed {

TEST_CASE("children are spread min..max per parent with an exact total", "[plan]") {
  const uint64_t parents = 1000, children = 3000;
  ChildMap map(7, parents, children, 1, 6, {25, 20, 20, 15, 12, 8});
  ChildMap::Cursor cursor;
  std::map<uint64_t, uint64_t> per_parent;
  uint64_t last_parent = 0;
  for (uint64_t row = 0; row < children; ++row) {
    const auto loc = map.Locate(row, cursor);
    REQUIRE(loc.parent_row < parents);
    REQUIRE(loc.parent_row >= last_parent);  // children are grouped by parent, in order
    REQUIRE(loc.ordinal == per_parent[loc.parent_row]);
    last_parent = loc.parent_row;
    ++per_parent[loc.parent_row];
  }
  REQUIRE(per_parent.size() == parents);  // min 1: every parent has children
  uint64_t sizes[7] = {0};
  for (const auto& [p, n] : per_parent) {
    REQUIRE(n >= 1);
    REQUIRE(n <= 6);
    ++sizes[n];
  }
  CHECK(sizes[1] > sizes[6]);  // the weights shape the distribution
}

TEST_CASE("any child row can be located alone, with the same answer", "[plan]") {
  ChildMap map(11, 5000, 12345, 0, 5, {});
  ChildMap::Cursor sequential;
  for (uint64_t row : {0ull, 1ull, 4000ull, 12344ull, 777ull}) {
    ChildMap::Cursor fresh;
    const auto a = map.Locate(row, fresh);
    const auto b = map.Locate(row, sequential);
    CHECK(a.parent_row == b.parent_row);
    CHECK(a.ordinal == b.ordinal);
  }
}

TEST_CASE("default child count follows the weighted mean", "[plan]") {
  CHECK(ChildMap::DefaultCount(100, 1, 5, {}) == 300);
  CHECK(ChildMap::DefaultCount(100, 1, 2, {3, 1}) == 125);
}

}  // namespace seed
