// Derived columns: `expr` (typed, exact expressions over the same row) and
// `template` (text with {expression[:format]} placeholders), built through
// the real spec + plan pipeline; errors carry positions in the spec file.
#include <algorithm>
#include <catch2/catch.hpp>
#include <cctype>
#include <memory>
#include <string>
#include <vector>

#include "engine/plan/plan.h"
#include "engine/spec/spec_loader.h"
#include "engine/spec/yaml_loader.h"
#include "tests/support/seeded.h"

namespace seed {

namespace {

// "spec.yaml:<line>:<col>:" pointing at the first `needle` of the document.
std::string PositionOf(const std::string& columns, const std::string& needle) {
  const std::string doc = TableDoc(columns, 500);
  const size_t at = doc.find(needle);
  REQUIRE(at != std::string::npos);
  const size_t line_start = doc.rfind('\n', at) + 1;
  const long line = 1 + std::count(doc.begin(), doc.begin() + static_cast<long>(at), '\n');
  return "spec.yaml:" + std::to_string(line) + ":" + std::to_string(at - line_start + 1) + ":";
}

}  // namespace

// ---- exact arithmetic -------------------------------------------------------

TEST_CASE("decimal sums are exact", "[expr]") {
  auto d = T("  a: {generator: constant, value: 0.10}\n  s: {expr: \"a + a + a\"}\n");
  REQUIRE(d->error == "");
  const Value s = d->Cell("t", "s", 3);
  CHECK(s.type == Type::kDecimal);
  CHECK(s.scale == 2);
  CHECK(s.ToText() == "0.30");  // not 0.30000000000000004
}

TEST_CASE("int times a 2-digit decimal is an exact scale-2 decimal", "[expr]") {
  auto d = T("  quantity: {generator: int, min: 1, max: 1000}\n"
             "  unit_price: {generator: decimal, min: 0.01, max: 9999.99}\n"
             "  total: {expr: quantity * unit_price}\n",
             5000);
  REQUIRE(d->error == "");
  for (uint64_t r = 0; r < 5000; ++r) {
    const Value q = d->Cell("t", "quantity", r), p = d->Cell("t", "unit_price", r), t = d->Cell("t", "total", r);
    REQUIRE(t.type == Type::kDecimal);
    CHECK(t.scale == 2);
    CHECK(t.i == q.i * p.i);
  }
}

TEST_CASE("division adds 4 decimal digits", "[expr]") {
  auto d = T("  q: {expr: 10 / 4}\n"
             "  third: {expr: 1 / 3}\n"
             "  p: {generator: constant, value: 1.50}\n"
             "  half: {expr: p / 2}\n"
             "  zero: {expr: p / 0}\n");
  REQUIRE(d->error == "");
  CHECK(d->Text("t", "q", 0) == "2.5000");
  CHECK(d->Text("t", "third", 0) == "0.3333");
  CHECK(d->Text("t", "half", 0) == "0.750000");  // scale 2 + 4
  CHECK(d->Text("t", "zero", 0) == "NULL");
}

// ---- NULLs, functions, types ------------------------------------------------

TEST_CASE("NULL propagates, coalesce takes the first non-null", "[expr]") {
  auto d = T("  n: {generator: int, min: 1, max: 5, null_rate: 1.0}\n"
             "  i: {generator: int, min: 1, max: 5}\n"
             "  plus: {expr: n + 1}\n"
             "  times: {expr: i * n}\n"
             "  c1: {expr: \"coalesce(n, i)\"}\n"
             "  c2: {expr: \"coalesce(n, n, 7)\"}\n"
             "  c3: {expr: \"coalesce(i, 7)\"}\n");
  REQUIRE(d->error == "");
  for (uint64_t r = 0; r < 500; ++r) {
    REQUIRE(d->Cell("t", "n", r).is_null());
    CHECK(d->Cell("t", "plus", r).is_null());
    CHECK(d->Cell("t", "times", r).is_null());
    CHECK(d->Text("t", "c1", r) == d->Text("t", "i", r));
    CHECK(d->Text("t", "c2", r) == "7");
    CHECK(d->Text("t", "c3", r) == d->Text("t", "i", r));
  }
}

TEST_CASE("if, year, string concatenation and comparisons", "[expr]") {
  auto d = T("  i: {generator: int, min: 1, max: 6}\n"
             "  d: {generator: date, from: 2019-01-01, to: 2024-12-31}\n"
             "  f: first_name\n"
             "  l: last_name\n"
             "  size: {expr: \"if(i > 3, 'big', 'small')\"}\n"
             "  y: {expr: \"year(d)\"}\n"
             "  full: {expr: \"f + ' ' + l\"}\n"
             "  gt: {expr: i > 3}\n"
             "  eq: {expr: \"f == f\"}\n");
  REQUIRE(d->error == "");
  bool saw_big = false, saw_small = false;
  for (uint64_t r = 0; r < 500; ++r) {
    const int64_t i = d->Cell("t", "i", r).i;
    CHECK(d->Text("t", "size", r) == (i > 3 ? "big" : "small"));
    saw_big |= i > 3, saw_small |= i <= 3;
    const Value y = d->Cell("t", "y", r);
    CHECK(y.type == Type::kInt);
    CHECK(std::to_string(y.i) == d->Text("t", "d", r).substr(0, 4));
    CHECK(d->Text("t", "full", r) == d->Text("t", "f", r) + " " + d->Text("t", "l", r));
    const Value gt = d->Cell("t", "gt", r);
    REQUIRE(gt.type == Type::kBool);
    CHECK(gt.i == (i > 3 ? 1 : 0));
    CHECK(d->Cell("t", "eq", r).type == Type::kBool);
    CHECK(d->Cell("t", "eq", r).i == 1);
  }
  CHECK((saw_big && saw_small));
}

// ---- templates --------------------------------------------------------------

TEST_CASE("templates format placeholders", "[expr]") {
  auto d = T("  name: full_name\n"
             "  d: date\n"
             "  ord: {template: \"ORD-{seq:08}\"}\n"
             "  up: {template: \"{name:upper}\"}\n"
             "  pad: {template: \"[{row:4}]\"}\n"
             "  braces: {template: \"{{{seq}}}\"}\n");
  REQUIRE(d->error == "");
  CHECK(d->Text("t", "ord", 0) == "ORD-00000001");
  CHECK(d->Text("t", "ord", 122) == "ORD-00000123");
  CHECK(d->Text("t", "pad", 7) == "[   7]");
  CHECK(d->Text("t", "braces", 4) == "{5}");
  for (uint64_t r = 0; r < 100; ++r) {
    std::string upper = d->Text("t", "name", r);
    for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    CHECK(d->Text("t", "up", r) == upper);
    CHECK(d->Text("t", "up", r) != d->Text("t", "name", r));
  }
}

TEST_CASE("a template is unique only when the row number makes it so", "[expr]") {
  auto ok = T("  d: date\n  code: {template: \"B{year(d)}-{seq:07}\", unique: true}\n");
  CHECK(ok->error == "");
  auto bad = T("  x: {generator: int, min: 1, max: 100000000}\n  code: {template: \"{x}\", unique: true}\n");
  CHECK_THAT(bad->error, Catch::Contains("t.code") && Catch::Contains("cannot guarantee unique"));
  // A digit right before the row number could merge numbers ("1" + "12" == "11" + "2").
  auto glued = T("  code: {template: \"A1{seq}\", unique: true}\n");
  CHECK_THAT(glued->error, Catch::Contains("cannot guarantee unique"));
}

// ---- errors with positions --------------------------------------------------

TEST_CASE("an unknown column in an expression names the table and a suggestion", "[expr]") {
  const std::string cols =
      "  quantity: {generator: int, min: 1, max: 9}\n"
      "  price: {generator: decimal, min: 1.00, max: 2.00}\n"
      "  total: {expr: quantty * price}\n";
  const std::string e = T(cols)->error;
  CHECK_THAT(e, Catch::Contains("unknown column 'quantty' in table t") &&
                    Catch::Contains("did you mean 'quantity'?"));
  CHECK_THAT(e, Catch::StartsWith(PositionOf(cols, "quantty")));
}

TEST_CASE("an unknown function is reported at its position", "[expr]") {
  const std::string cols = "  d: date\n  y: {expr: \"1 + yeer(d)\"}\n";
  const std::string e = T(cols)->error;
  CHECK_THAT(e, Catch::Contains("unknown function 'yeer'") && Catch::Contains("did you mean 'year'?"));
  CHECK_THAT(e, Catch::StartsWith(PositionOf(cols, "yeer")));
}

TEST_CASE("operators reject types they cannot combine", "[expr]") {
  const std::string cols = "  a: word\n  b: {expr: a + 1}\n";
  const std::string e = T(cols)->error;
  CHECK_THAT(e, Catch::Contains("cannot combine"));
  CHECK_THAT(e, Catch::StartsWith("spec.yaml:6:"));
  CHECK_THAT(T("  d: date\n  b: {expr: \"d * 2\"}\n")->error, Catch::Contains("cannot combine"));
  CHECK_THAT(T("  d: word\n  b: {expr: \"year(d)\"}\n")->error, Catch::Contains("needs a date"));
  // The valid forms of the same columns build.
  CHECK(T("  a: word\n  b: {expr: \"a + '1'\"}\n")->error == "");
  CHECK(T("  d: date\n  b: {expr: \"d + 2\"}\n")->error == "");
}

}  // namespace seed
