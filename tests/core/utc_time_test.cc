// The durations retention is declared in and the times expire and audit
// take on the command line.
#include <catch2/catch.hpp>

#include "engine/core/utc_time.h"

namespace seed::test {

TEST_CASE("durations: a count and a unit, formatted back in the largest whole unit", "[core]") {
  CHECK(*ParseDuration("30d") == 30 * 86400);
  CHECK(*ParseDuration("12h") == 12 * 3600);
  CHECK(*ParseDuration("2w") == 14 * 86400);
  CHECK(*ParseDuration("90m") == 5400);
  CHECK(*ParseDuration("0s") == 0);
  for (const char* bad : {"", "d", "30", "30x", "-1d", "1.5d", "3 d", "99999999999w", "d30"}) {
    INFO(bad);
    CHECK_FALSE(ParseDuration(bad).ok());
  }
  CHECK(ParseDuration("30x").status().message().find("30d, 12h") != std::string::npos);
  CHECK(FormatDuration(30 * 86400) == "30d");
  CHECK(FormatDuration(14 * 86400) == "14d");
  CHECK(FormatDuration(25 * 3600) == "25h");
  CHECK(FormatDuration(61) == "61s");
  CHECK(FormatAge(3 * 86400 + 4 * 3600 + 59) == "3d 4h");
  CHECK(FormatAge(40) == "40s");
}

TEST_CASE("times: ledger timestamps round-trip, dates and relative times parse", "[core]") {
  const int64_t t = 1796317694;  // 2026-12-03T17:08:14Z
  CHECK(FormatUtc(t) == "2026-12-03T17:08:14Z");
  CHECK(FormatUtc(t, true) == "20261203T170814Z");
  CHECK(*ParseUtc(FormatUtc(t)) == t);
  CHECK(*ParseUtc("2026-12-03") == t - (17 * 3600 + 8 * 60 + 14));
  CHECK_FALSE(ParseUtc("yesterday").has_value());
  CHECK_FALSE(ParseUtc("2026-12-03T17:08:14").has_value());  // UTC only: the Z is required
  CHECK(*ParseWhen("+7d", t) == t + 7 * 86400);
  CHECK(*ParseWhen("-30d", t) == t - 30 * 86400);
  CHECK(*ParseWhen("2026-12-03T17:08:14Z", 0) == t);
  CHECK_FALSE(ParseWhen("next week", t).ok());
}

}  // namespace seed::test
