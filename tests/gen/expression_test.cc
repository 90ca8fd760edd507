// Derived columns: typed, exact expressions and templates.
#include <catch2/catch.hpp>

#include "tests/support/model.h"

namespace seed::test {

namespace {

Built Table(const std::string& columns, uint64_t count = 50) {
  return Build("table: t\ncount: " + std::to_string(count) + "\ncolumns:\n  id: sequence\n" + columns);
}

std::string Text(const Built& b, const std::string& column, uint64_t row = 0) {
  Value v = b.Cell("t", column, row);
  return v.is_null() ? "NULL" : v.ToText();
}

}  // namespace

TEST_CASE("decimal arithmetic is exact", "[expr]") {
  Built b = Table(
      "  a: {generator: constant, value: 0.10}\n"
      "  q: {generator: int, min: 1, max: 49}\n"
      "  p: {generator: decimal, min: 0.01, max: 99.99}\n"
      "  sum3: {expr: \"a + a + a\"}\n"
      "  total: {expr: \"q * p\"}\n"
      "  half: {expr: \"10 / 4\"}\n"
      "  third: {expr: \"round(p / 3, 2)\"}\n"
      "  neg: {expr: \"-(p - 100)\"}\n");
  REQUIRE(b.error == "");
  CHECK(Text(b, "sum3") == "0.30");
  CHECK(Text(b, "half") == "2.5000");
  for (uint64_t r = 0; r < 50; ++r) {
    const Value q = b.Cell("t", "q", r), p = b.Cell("t", "p", r), total = b.Cell("t", "total", r);
    REQUIRE(total.type == Type::kDecimal);
    CHECK(total.scale == 2);
    CHECK(total.i == q.i * p.i);  // unscaled: exactly q * p cents
    CHECK(b.Cell("t", "neg", r).i == 10000 - p.i);
  }
}

TEST_CASE("NULL propagates; coalesce, if and functions", "[expr]") {
  Built b = Table(
      "  n: {generator: int, min: 1, max: 5, null_rate: 1.0}\n"
      "  d: {generator: date, from: 2023-05-01, to: 2023-05-01}\n"
      "  s: {generator: constant, value: \"ab\"}\n"
      "  plus: {expr: \"n + 1\"}\n"
      "  co: {expr: \"coalesce(n, 7)\"}\n"
      "  yr: {expr: \"year(d)\"}\n"
      "  later: {expr: \"d + 30\"}\n"
      "  cat: {expr: \"s + '-' + upper(s)\"}\n"
      "  cmp: {expr: \"if(id > 1 and not (s == 'zz'), 'big', 'small')\"}\n");
  REQUIRE(b.error == "");
  CHECK(Text(b, "plus") == "NULL");
  CHECK(Text(b, "co") == "7");
  CHECK(Text(b, "yr") == "2023");
  CHECK(Text(b, "later") == "2023-05-31");
  CHECK(Text(b, "cat") == "ab-AB");
  CHECK(Text(b, "cmp", 0) == "small");
  CHECK(Text(b, "cmp", 1) == "big");
}

TEST_CASE("templates format placeholders and can be unique", "[expr]") {
  Built b = Table(
      "  d: {generator: date, from: 2021-01-01, to: 2021-12-31}\n"
      "  code: {template: \"B{year(d)}-{seq:07}\", unique: true}\n"
      "  ord: {template: \"ORD-{seq:08}\"}\n"
      "  up: {template: \"{{{code:lower}}}\"}\n");
  REQUIRE(b.error == "");
  CHECK(Text(b, "code", 0) == "B2021-0000001");
  CHECK(Text(b, "ord", 41) == "ORD-00000042");
  CHECK(Text(b, "up", 0) == "{b2021-0000001}");
  CHECK_THAT(Table("  x: {generator: int, min: 1, max: 3}\n  t: {template: \"{x}\", unique: true}\n").error,
             Catch::Contains("cannot guarantee unique values"));
}

TEST_CASE("expression errors point at the character, with suggestions", "[expr]") {
  Built unknown = Table("  quantity: {generator: int, min: 1, max: 3}\n  t: {expr: \"quantty * 2\"}\n");
  CHECK_THAT(unknown.error, Catch::Contains("spec1.yaml:6:14: t.t: unknown column 'quantty' in table t (did you mean 'quantity'?)"));
  CHECK_THAT(Table("  t: {expr: \"sqrt(id)\"}\n").error, Catch::Contains("unknown function 'sqrt'"));
  CHECK_THAT(Table("  s: {generator: constant, value: \"a\"}\n  t: {expr: \"s + 1\"}\n").error,
             Catch::Contains("operator '+' cannot combine string and int"));
  CHECK_THAT(Table("  t: {expr: \"(id + 1\"}\n").error, Catch::Contains("missing ')'"));
  CHECK_THAT(Table("  a: {expr: \"b + 1\"}\n  b: {expr: \"a + 1\"}\n").error, Catch::Contains("cycle"));
}

}  // namespace seed::test
