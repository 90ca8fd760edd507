// The progress line: the run's position, rate and ETA, never wider than the
// terminal leaves room for.
#include <catch2/catch.hpp>

#include "engine/core/log.h"

namespace seed::test {

TEST_CASE("the progress line shows the run's tables, rows, rate and ETA, and fits any width", "[core][progress]") {
  ProgressState s;
  s.table = "order_items_with_a_long_name", s.done = 30000, s.total = 60000;
  s.table_no = 6, s.tables = 6, s.run_done = 80000, s.run_total = 100000, s.rows_per_s = 10000;
  const std::string wide = ProgressLine(s, 200);
  CHECK(wide.find("[##########..........]") != std::string::npos);
  CHECK(wide.find("  50%") != std::string::npos);
  CHECK(wide.find("table 6/6, 80% of 100k rows") != std::string::npos);
  CHECK(wide.find("ETA 0:02") != std::string::npos);
  CHECK(wide.find("10k rows/s") != std::string::npos);
  for (int columns = 1; columns <= 200; ++columns) {
    const std::string line = ProgressLine(s, columns);
    INFO(columns << ": " << line);
    CHECK(static_cast<int>(line.size()) <= std::max(1, columns - 1));
  }
  // At 50 columns the bar goes first; the percentage and the run's place stay.
  const std::string narrow = ProgressLine(s, 50);
  CHECK(narrow.find('[') == std::string::npos);
  CHECK(narrow.find("50%") != std::string::npos);
  // Without run totals (a single table's load) no totals are made up.
  ProgressState one;
  one.table = "t", one.done = 1, one.total = 4;
  CHECK(ProgressLine(one, 80) == "  t [#####...............]  25%");
  // An hour and more.
  s.rows_per_s = 1;
  CHECK(ProgressLine(s, 200).find("ETA 5:33:20") != std::string::npos);
}

}  // namespace seed::test
