// Limits that keep hostile or generated expressions from exhausting the
// stack: nesting depth and text length, refused at load time with the
// position of the expression, both through the spec pipeline and the CLI.
#include <catch2/catch.hpp>
#include <string>

#include "engine/gen/expr.h"
#include "tests/support/harness.h"
#include "tests/support/seeded.h"

namespace seed {

namespace {

std::string Repeat(const std::string& s, size_t n) {
  std::string out;
  out.reserve(s.size() * n);
  for (size_t i = 0; i < n; ++i) out += s;
  return out;
}

// The load error of `x: {expr: "<text>"}` on line 5 of spec.yaml.
std::string ExprError(const std::string& text) {
  return T("  x: {expr: \"" + text + "\"}\n", 10)->error;
}

const char* kTooDeep = "nests more than 200 levels deep";

}  // namespace

TEST_CASE("expressions nested past 200 levels are refused, not a stack overflow", "[expr]") {
  const std::vector<std::pair<const char*, std::string>> deep = {
      {"10,000 parentheses", Repeat("(", 10000) + "1" + Repeat(")", 10000)},
      {"10,000 not", Repeat("not ", 10000) + "true"},
      {"10,000 unary minus", Repeat("-", 10000) + "1"},
      {"1,000 nested calls", Repeat("abs(", 1000) + "1" + Repeat(")", 1000)},
      // A flat chain recurses only in evaluation, on its left-deep tree.
      {"a sum of 20,000 terms", Repeat("1+", 20000) + "1"},
      {"a sum of 20,000 terms, parenthesized", "(" + Repeat("1+", 20000) + "1)"},
  };
  for (const auto& [name, text] : deep) {
    INFO(name);
    const std::string e = ExprError(text);
    CHECK_THAT(e, Catch::Contains(kTooDeep) && Catch::StartsWith("spec.yaml:5:") &&
                      Catch::Contains("t.x"));
  }
}

TEST_CASE("expressions just inside the depth limit build and evaluate", "[expr]") {
  const std::string parens = Repeat("(", 199) + "7" + Repeat(")", 199);  // 199 nested
  const std::string nots = Repeat("not ", 198) + "true";  // 199 levels with the literal
  const std::string sum = Repeat("1 + ", 199) + "1";      // 200 levels
  auto ok = T("  a: {expr: \"" + parens + "\"}\n  b: {expr: \"" + nots + "\"}\n  c: {expr: \"" +
                  sum + "\"}\n",
              10);
  REQUIRE(ok->error == "");
  CHECK(ok->Text("t", "a", 0) == "7");
  CHECK(ok->Text("t", "b", 0) == "1");
  CHECK(ok->Text("t", "c", 0) == "200");
  CHECK_THAT(ExprError(Repeat("1 + ", 200) + "1"), Catch::Contains(kTooDeep));
  CHECK_THAT(ExprError(Repeat("not ", 200) + "true"), Catch::Contains(kTooDeep));
}

TEST_CASE("an expression longer than 64 KiB is refused", "[expr]") {
  CHECK(Expr::kMaxLength == 65536);
  // 100,000 `not ` (400 KB) is refused for its length before any parsing.
  CHECK_THAT(ExprError(Repeat("not ", 100000) + "true"),
             Catch::Contains("expression is 400004 bytes long; at most 65536 are allowed") &&
                 Catch::StartsWith("spec.yaml:5:"));
  CHECK_THAT(ExprError("'" + std::string(70000, 'a') + "'"), Catch::Contains("bytes long"));
  CHECK(ExprError("'" + std::string(60000, 'a') + "'") == "");
}

TEST_CASE("text joined past 1 MiB is NULL", "[expr]") {
  const std::string big(600 * 1024, 'a');
  const std::string joins =
      "  b: {expr: \"a + a\"}\n"
      "  c: {expr: \"concat(a, a)\"}\n"
      "  e: {expr: \"a + 'x'\"}\n";
  auto d = T("  a: {generator: constant, value: \"" + big + "\"}\n" + joins, 2);
  REQUIRE(d->error == "");
  CHECK(Expr::kMaxText == 1048576);
  CHECK(d->Text("t", "b", 0) == "NULL");
  CHECK(d->Text("t", "c", 0) == "NULL");
  CHECK(d->Text("t", "e", 0) == big + "x");
}

TEST_CASE("validate reports deep and long expressions with their position", "[expr][cli]") {
  test::TempDir dir;
  const std::string head = "table: t\ncount: 5\ncolumns:\n  id: sequence\n";
  dir.Write("specs/parens.yaml",
            head + "  x: {expr: \"" + Repeat("(", 10000) + "1" + Repeat(")", 10000) + "\"}\n");
  dir.Write("specs/nots.yaml", "table: u\ncount: 5\ncolumns:\n  id: sequence\n  x: {expr: \"" +
                                   Repeat("not ", 100000) + "true\"}\n");
  test::Output out = test::Cli("validate " + dir / "specs");
  INFO(out.text.substr(0, 2000));
  CHECK(out.code == 1);  // an error, not a crash (a signal gives -1)
  CHECK(out.text.find("parens.yaml:5:") != std::string::npos);
  CHECK(out.text.find(kTooDeep) != std::string::npos);
  CHECK(out.text.find("nots.yaml:5:") != std::string::npos);
  CHECK(out.text.find("bytes long") != std::string::npos);
}

}  // namespace seed
