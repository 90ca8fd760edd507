// Which leases of a partitioned run coexist: the workers of one run cut
// one way, never a whole run beside a worker, two runs cut into different
// numbers of workers, or one cut by rows beside one cut by whole tables
// (both would write some rows of a table).
#include <catch2/catch.hpp>

#include "engine/driver/ledger_store.h"

namespace seed::test {

TEST_CASE("Leases: workers of one run coexist, runs cut another way exclude each other", "[lease]") {
  auto conflict = [](const char* a, const char* b) {
    return LeasesConflict({a, "owner-a", "", 0, 0}, {b, "owner-b", "", 0, 0});
  };
  CHECK_FALSE(conflict("run 0/2", "run 1/2"));
  CHECK_FALSE(conflict("run 0/2 tables", "run 1/2 tables"));
  CHECK(conflict("run 0/2", "run 0/2"));  // a second instance of the same worker
  CHECK(conflict("run 0/2", "run 1/3"));
  CHECK(conflict("run 0/2 tables", "run 1/2"));
  CHECK(conflict("run 1/2", "run 0/2 tables"));
  CHECK(conflict("run", "run 0/2"));
  CHECK(conflict("run 0/2", "run"));
  CHECK_FALSE(LeasesConflict({"run", "same", "", 0, 0}, {"run", "same", "", 0, 0}));  // its own lease
}

}  // namespace seed::test
