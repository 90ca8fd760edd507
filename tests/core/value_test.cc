#include <catch2/catch.hpp>

#include "engine/core/value.h"

namespace seed {

TEST_CASE("decimal text keeps its exact scale", "[core]") {
  Value v;
  v.SetDecimal(-5, 2);
  CHECK(v.ToText() == "-0.05");
  v.SetDecimal(123456, 2);
  CHECK(v.ToText() == "1234.56");
  v.SetDecimal(7, 0);
  CHECK(v.ToText() == "7");
}

TEST_CASE("dates round-trip through the civil calendar", "[core]") {
  int64_t days = 0;
  REQUIRE(ParseDate("2024-02-29", days));
  Value v;
  v.SetDate(days);
  CHECK(v.ToText() == "2024-02-29");
  CHECK_FALSE(ParseDate("2023-02-29", days));
  int64_t secs = 0;
  REQUIRE(ParseDateTime("1969-12-31 23:59:59", secs));
  CHECK(secs == -1);
  v.SetDateTime(secs);
  CHECK(v.ToText() == "1969-12-31 23:59:59");
}

TEST_CASE("decimal parsing rejects garbage and overflow", "[core]") {
  int64_t u;
  int32_t s;
  REQUIRE(ParseDecimal("12.50", u, s));
  CHECK(u == 1250);
  CHECK(s == 2);
  CHECK_FALSE(ParseDecimal("1.2.3", u, s));
  CHECK_FALSE(ParseDecimal("99999999999999999999", u, s));
  CHECK_FALSE(ParseDecimal("", u, s));
}

}  // namespace seed
