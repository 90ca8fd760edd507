// Derived columns: `expr` (typed, exact expressions over the same row) and
// `template` (text with {expression[:format]} placeholders), built through
// the real spec + plan pipeline; errors carry positions in the spec file.
#include <algorithm>
#include <catch2/catch.hpp>
#include <cctype>
#include <cmath>
#include <map>
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

// ---- overflow and rounding --------------------------------------------------

// Each {expression, text of its value in row 0} ("NULL" for NULL).
void CheckValues(const std::vector<std::pair<std::string, std::string>>& cases, const std::string& extra = "") {
  std::string cols = extra;
  for (size_t i = 0; i < cases.size(); ++i)
    cols += "  c" + std::to_string(i) + ": {expr: \"" + cases[i].first + "\"}\n";
  auto d = T(cols, 3);
  REQUIRE(d->error == "");
  for (size_t i = 0; i < cases.size(); ++i) {
    INFO(cases[i].first);
    CHECK(d->Text("t", "c" + std::to_string(i), 0) == cases[i].second);
  }
}

TEST_CASE("integer overflow, INT64_MIN and float-to-int casts give NULL", "[expr]") {
  const std::string kMin = "(-9223372036854775807 - 1)";
  CheckValues({
      {"abs(" + kMin + ")", "NULL"},
      {"-" + kMin, "NULL"},
      {"-(" + kMin + ")", "NULL"},
      {kMin + " / -1", "NULL"},
      {kMin + " % -1", "0"},
      {kMin + " * -1", "NULL"},
      {"9223372036854775807 + 1", "NULL"},
      {kMin + " - 1", "NULL"},
      {"9223372036854775807 * 9223372036854775807", "NULL"},
      {"abs(-9223372036854775807)", "9223372036854775807"},
      {"int(1e300)", "NULL"},
      {"int(-1e300)", "NULL"},
      {"int(9.3e18)", "NULL"},
      {"int(-9.2e18)", "-9200000000000000000"},
      {"int(1e999)", "NULL"},          // infinity
      {"int(1e999 - 1e999)", "NULL"},  // NaN is NULL already
      {"int(-2.9e0)", "-2"},
      {"1e308 * 10", "NULL"},  // floats that overflow to infinity
      {"int('1.0000000000000')", "1"},  // 13 digits after the point
  });
}

TEST_CASE("decimals of any scale stay exact without overflowing", "[expr]") {
  // A constant may carry 19 digits after the point; results keep at most 12.
  CheckValues({{"tiny * tiny", "0.000000000000"},
               {"tiny + 1", "1.000000000000"},
               {"1 / 0.500000000000", "2.000000000000"},
               {"0.000000000002 / 0.000000000001", "2.000000000000"},
               {"1.000000000001 / 0.000000000001", "NULL"},  // 1000000000001 at scale 12
               {"0.0000000000005 + 0", "0.000000000001"}},
              "  tiny: {generator: constant, value: 0.0000000000000000001}\n");
}

TEST_CASE("date arithmetic outside years 1..9999 gives NULL", "[expr]") {
  CheckValues({{"d + 9223372036854775807", "NULL"},
               {"d - 9223372036854775807", "NULL"},
               {"9223372036854775807 + d", "NULL"},
               {"d + 2913113", "9999-12-31"},
               {"d + 2913114", "NULL"},
               {"d - 800000", "NULL"},
               {"d + 1", "2024-03-02"},
               {"dt + 9223372036854775807", "NULL"},
               {"dt - 86400", "2024-02-29 12:00:00"},
               {"days_between(d, d + 3)", "3"},
               {"year(d + 2000000)", "7499"}},
              "  d: {generator: date, from: 2024-03-01, to: 2024-03-01}\n"
              "  dt: {generator: datetime, from: \"2024-03-01 12:00:00\", to: \"2024-03-01 12:00:00\"}\n");
}

TEST_CASE("round takes negative digits, half away from zero like MySQL", "[expr]") {
  CheckValues({
      {"round(1250, -2)", "1300"},
      {"round(1249, -2)", "1200"},
      {"round(-1250, -2)", "-1300"},
      {"round(12.5, -1)", "10"},
      {"round(15.5, -1)", "20"},
      {"round(-15.5, -1)", "-20"},
      {"round(1234.5678, 2)", "1234.57"},
      {"round(1234.5678, -2)", "1200"},
      {"round(9223372036854775807, -1)", "NULL"},  // 9223372036854775810 does not fit
      {"round(9223372036854775807, -19)", "NULL"},
      {"round(9223372036854775807, -20)", "0"},
      {"round(123, -400)", "0"},
      {"round(123, 400)", "123"},
      {"round(15e0, -1)", "20"},
      {"round(1.25e0, 1)", "1.3"},
      {"round(1e0, 400)", "1"},
      {"round(1e300, -400)", "0"},
  });
}

// ---- text by code point -----------------------------------------------------

TEST_CASE("substr, length, upper and lower count and map code points", "[expr]") {
  CheckValues({
      {"substr('héllo', 1, 2)", "hé"},
      {"substr('héllo', 2)", "éllo"},
      {"substr('😀a😀', 2, 1)", "a"},
      {"substr('😀a😀', 3)", "😀"},
      {"length('😀')", "1"},
      {"length('héllo')", "5"},
      {"length('')", "0"},
      {"upper('é')", "É"},
      {"upper('straße ÿ ĳ ő')", "STRAßE Ÿ Ĳ Ő"},
      {"lower('ÀÉÎÕÜ Ÿ Ő')", "àéîõü ÿ ő"},
      {"upper('αβγ ς ά')", "ΑΒΓ Σ Ά"},
      {"lower('ΑΒΓ Σ Ώ')", "αβγ σ ώ"},
      {"upper('привет ёж ґ')", "ПРИВЕТ ЁЖ Ґ"},
      {"lower('ПРИВЕТ ЁЖ Ґ')", "привет ёж ґ"},
      {"upper('日本 abc')", "日本 ABC"},
  });
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

TEST_CASE("template case and width work on characters, not bytes", "[expr]") {
  auto d = T("  w: {generator: choice, values: [\"\u00e9t\u00e9\", \"\u0436\"]}\n"
             "  up: {template: \"{w:upper}\"}\n"
             "  pad: {template: \"[{w:5}]\"}\n");
  REQUIRE(d->error == "");
  for (uint64_t r = 0; r < 20; ++r) {
    const std::string w = d->Text("t", "w", r);
    if (w == "\u00e9t\u00e9") {
      CHECK(d->Text("t", "up", r) == "\u00c9T\u00c9");
      CHECK(d->Text("t", "pad", r) == "[  \u00e9t\u00e9]");  // 3 characters, 2 spaces
    } else {
      CHECK(d->Text("t", "up", r) == "\u0416");
      CHECK(d->Text("t", "pad", r) == "[    \u0436]");
    }
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

namespace seed {

// date('1960-01-01') gave NULL, silently: literals are parsed when the
// spec loads, and a bad one is an error at its position.
TEST_CASE("date and datetime literals parse when the spec loads, or fail there", "[expr]") {
  auto d = T("  born: {expr: \"date('1960-01-01')\"}\n  at: {expr: \"datetime('2020-02-29 23:59:59')\"}\n"
             "  later: {expr: \"days_between(date('1960-01-01'), date(at))\"}\n  hired: {generator: constant, value: "
             "'2001-07-15'}\n  hired_on: {expr: \"date(hired)\"}\n");
  REQUIRE(d->error == "");
  CHECK(d->Cell("t", "born", 7).type == Type::kDate);
  CHECK(d->Text("t", "born", 7) == "1960-01-01");
  CHECK(d->Text("t", "at", 7) == "2020-02-29 23:59:59");
  CHECK(d->Text("t", "later", 7) == "21974");
  CHECK(d->Text("t", "hired_on", 7) == "2001-07-15");  // text from a column, parsed per row

  for (const std::string bad : {"date('1960-13-01')", "date('01/02/1960')", "datetime('2020-02-30 10:00:00')",
                                "date('0000-01-01')"}) {
    const std::string cols = "  x: {expr: \"" + bad + "\"}\n";
    auto e = T(cols);
    INFO(bad);
    CHECK_THAT(e->error, Catch::Contains(PositionOf(cols, bad.substr(0, bad.find('('))) + " ") &&
                             Catch::Contains("is not a date"));
  }
}

}  // namespace seed

namespace seed {

// Salary by level needed a hand-made hash pasted four times: expressions
// draw their own deterministic random values.
TEST_CASE("random functions draw within their bounds, the same for the same seed, each call its own",
          "[expr][random]") {
  const std::string cols =
      "  die: {expr: \"random_int(1, 6)\"}\n"
      "  pair: {expr: \"random_int(1, 6) * 10 + random_int(1, 6)\"}\n"
      "  price: {expr: \"random_decimal(0.50, 9.99)\"}\n"
      "  cents: {expr: \"random_decimal(1, 2, 3)\"}\n"
      "  wide: {expr: \"random_int(-9223372036854775807 - 1, 9223372036854775807)\"}\n"
      "  level: {expr: \"random_weighted('junior', 3, 'senior', 1, 'never', 0)\"}\n"
      "  color: {expr: \"random_choice('red', 'green', 'blue')\"}\n"
      "  salary: {expr: \"random_normal(50000, 8000, 0)\"}\n"
      "  u: {expr: \"random()\"}\n"
      "  label: {template: \"{random_int(1, 9)}-{random_int(1, 9)}\"}\n";
  const uint64_t n = 20000;
  auto d = T(cols, n);
  REQUIRE(d->error == "");
  auto again = T(cols, n);
  PlanOptions other;
  other.seed = 7;
  auto reseeded = T(cols, n, other);

  std::map<std::string, int> levels, colors;
  int64_t same_digits = 0, same_label = 0, reseeded_same = 0, die_eq_pair_tens = 0;
  const int64_t sixth = n / 6, ninth = n / 9;
  bool die_ends[2] = {false, false}, price_ends = false;
  double sum = 0, sq = 0, usum = 0;
  for (uint64_t r = 0; r < n; ++r) {
    const Value die = d->Cell("t", "die", r);
    REQUIRE(die.type == Type::kInt);
    REQUIRE(die.i >= 1);
    REQUIRE(die.i <= 6);
    die_ends[0] |= die.i == 1, die_ends[1] |= die.i == 6;
    const int64_t pair = d->Cell("t", "pair", r).i;
    same_digits += pair / 10 == pair % 10;
    die_eq_pair_tens += pair / 10 == die.i;
    const Value price = d->Cell("t", "price", r);
    REQUIRE(price.type == Type::kDecimal);
    REQUIRE(price.scale == 2);
    REQUIRE(price.i >= 50);
    REQUIRE(price.i <= 999);
    price_ends |= price.i == 999;
    const Value cents = d->Cell("t", "cents", r);
    REQUIRE(cents.scale == 3);
    REQUIRE(cents.i >= 1000);
    REQUIRE(cents.i <= 2000);
    REQUIRE(d->Cell("t", "wide", r).type == Type::kInt);
    ++levels[d->Text("t", "level", r)];
    ++colors[d->Text("t", "color", r)];
    const double s = static_cast<double>(d->Cell("t", "salary", r).i);
    sum += s, sq += s * s;
    const Value u = d->Cell("t", "u", r);
    REQUIRE(u.type == Type::kFloat);
    REQUIRE(u.f >= 0);
    REQUIRE(u.f < 1);
    usum += u.f;
    const std::string label = d->Text("t", "label", r);
    same_label += label[0] == label[2];
    CHECK(d->Text("t", "salary", r) == again->Text("t", "salary", r));
    CHECK(label == again->Text("t", "label", r));
    reseeded_same += die.i == reseeded->Cell("t", "die", r).i;
  }
  CHECK(die_ends[0]);
  CHECK(die_ends[1]);
  CHECK(price_ends);
  // Two calls in one expression, and two placeholders, draw independently:
  // equal digits about 1 time in 6 (1 in 9), not always.
  CHECK(same_digits > sixth - 600);
  CHECK(same_digits < sixth + 600);
  CHECK(same_label < ninth + 600);
  // Columns draw independently of each other; another seed, other values.
  CHECK(die_eq_pair_tens < sixth + 600);
  CHECK(reseeded_same < sixth + 600);
  // Weights hold (3:1, a zero weight never drawn); choices are uniform.
  CHECK(levels.count("never") == 0);
  CHECK(levels["junior"] > n * 0.73);
  CHECK(levels["junior"] < n * 0.77);
  CHECK(colors.size() == 3);
  for (const auto& [c, k] : colors) CHECK(std::abs(k - static_cast<int>(n / 3)) < 400);
  // The normal draw has the mean and standard deviation asked for.
  const double mean = sum / n, sd = std::sqrt(sq / n - mean * mean);
  CHECK(std::abs(mean - 50000) < 200);
  CHECK(std::abs(sd - 8000) < 200);
  CHECK(std::abs(usum / n - 0.5) < 0.01);
}

TEST_CASE("random functions check their arguments when the spec loads", "[expr][random]") {
  const std::vector<std::pair<std::string, std::string>> bad = {
      {"random_int(6, 1)", "low bound is above the high one"},
      {"random_int(1.5, 3)", "needs whole numbers"},
      {"random_decimal(1, 2, 20)", "digits after the point must be a whole number from 0 to 12"},
      {"random_weighted('a', 1, 'b')", "takes pairs"},
      {"random_weighted('a', id, 'b', 1)", "weight 1 must be a number"},
      {"random_weighted('a', 0, 'b', 0)", "add up to 0"},
      {"random_normal('x', 1)", "needs numbers"},
      {"random_intt(1, 2)", "did you mean 'random_int'"},
  };
  for (const auto& [expr, message] : bad) {
    const std::string cols = "  x: {expr: \"" + expr + "\"}\n";
    INFO(expr);
    CHECK_THAT(T(cols)->error, Catch::Contains(PositionOf(cols, expr) + " ") && Catch::Contains(message));
  }
  // Draws from columns: NULL bounds give NULL, like every function.
  auto d = T("  lo: {generator: int, min: 1, max: 5, nullable: true, null_rate: 0.5}\n"
             "  x: {expr: \"random_int(lo, 10)\"}\n");
  REQUIRE(d->error == "");
  for (uint64_t r = 0; r < 200; ++r)
    CHECK(d->Cell("t", "x", r).is_null() == d->Cell("t", "lo", r).is_null());
}

}  // namespace seed

namespace seed {

// Errors inside `expr: >-` and `expr: |` pointed at the header line, off by
// the block's lines: they point at the character on its own line.
TEST_CASE("errors inside block scalars point at their line and column", "[expr]") {
  auto folded = T("  a: {generator: int}\n"
                  "  b:\n"
                  "    expr: >-\n"
                  "      a + 1 +\n"
                  "      nosuch * 2\n");
  CHECK_THAT(folded->error, Catch::StartsWith("spec.yaml:9:7: ") && Catch::Contains("unknown column 'nosuch'"));
  auto literal = T("  a: {generator: int}\n"
                   "  c:\n"
                   "    expr: |\n"
                   "      a +\n"
                   "\n"
                   "        'x'\n");
  CHECK_THAT(literal->error, Catch::StartsWith("spec.yaml:8:9: ") && Catch::Contains("cannot combine"));
  auto templ = T("  d:\n"
                 "    template: >\n"
                 "      ORD-{seq:08}\n"
                 "      {nope}\n");
  CHECK_THAT(templ->error, Catch::StartsWith("spec.yaml:8:8: ") && Catch::Contains("unknown column 'nope'"));
}

}  // namespace seed
