// Hostile spec files: nesting is bounded before yaml-cpp (which recurses per
// level) sees the text, size is bounded before reading, and files that are
// not a map are refused at file:1:1 with a hint.
#include <catch2/catch.hpp>

#include "engine/spec/yaml_loader.h"
#include "tests/support/harness.h"

namespace seed::test {
namespace {

std::string LoadError(const std::string& text) {
  Result<Node> r = LoadYamlString(text, "x.yaml");
  return r.ok() ? "" : r.status().ToString();
}

std::string Repeat(const std::string& s, int n) {
  std::string out;
  for (int i = 0; i < n; ++i) out += s;
  return out;
}

}  // namespace

TEST_CASE("YAML: 100000 nested brackets or braces are refused at file:line:col before parsing", "[spec]") {
  const std::string head = "table: t\ncount: 1\ncolumns: ";
  // "columns:" is one block level; the 64th bracket (column 73) is level 65.
  CHECK(LoadError(head + Repeat("[", 100000)) == "x.yaml:3:73: nesting deeper than 64 levels; flatten the spec");
  CHECK(LoadError(head + Repeat("{", 100000)) == "x.yaml:3:73: nesting deeper than 64 levels; flatten the spec");
  CHECK(LoadError(head + Repeat("{a: [", 50000)).rfind("x.yaml:3:", 0) == 0);
  // Across lines and after anchors and tags, too.
  CHECK(LoadError(head + Repeat("&a !!seq [\n", 100000)).find("nesting deeper than 64 levels") != std::string::npos);
}

TEST_CASE("YAML: deep block mappings and long '- - -' runs are refused at file:line:col", "[spec]") {
  std::string deep;
  for (int i = 0; i < 200; ++i) deep += std::string(i, ' ') + "k:\n";
  CHECK(LoadError(deep) == "x.yaml:65:65: nesting deeper than 64 levels; flatten the spec");
  CHECK(LoadError("columns:\n" + Repeat("- ", 100000) + "a\n") ==
        "x.yaml:2:129: nesting deeper than 64 levels; flatten the spec");
  CHECK(LoadError("columns:\n" + Repeat("? ", 100000) + "a\n").find("x.yaml:2:") == 0);
}

TEST_CASE("YAML: brackets in quotes and comments and block scalars do not count", "[spec]") {
  const std::string many = Repeat("[{", 200);
  const std::string text = "a: \"" + many + "\"\nb: '" + many + " it''s'\n# " + many + "\nc: it's " + many.substr(0, 0) +
                           "fine\nd: |\n  " + many + "\n  " + many + "\ne: >-\n  " + many + "\nf: [1, [2, [3]]] # " +
                           many + "\n";
  CHECK(LoadError(text) == "");
  // 60 levels of flow nesting are allowed.
  CHECK(LoadError("a: " + Repeat("[", 60) + Repeat("]", 60) + "\n") == "");
}

TEST_CASE("YAML: a spec file over 4 MiB is refused at file:1:1", "[spec]") {
  TempDir dir;
  dir.Write("specs/big.yaml", "table: t\ncount: 1\ncolumns: {id: sequence}\n# " + std::string(4 << 20, 'x') + "\n");
  Output out = Cli("validate " + dir / "specs");
  CHECK(out.code == 1);
  INFO(out.text);
  CHECK(out.text.find("big.yaml:1:1: file is " + std::to_string(44 + (4 << 20) + 1) +
                      " bytes; the limit for a spec file is 4194304 bytes") != std::string::npos);
}

TEST_CASE("YAML: empty and non-map spec files are refused at file:1:1 with a hint", "[spec]") {
  TempDir dir;
  for (const std::string empty : {"", "# nothing yet\n", "\n   \n"}) {
    dir.Write("specs/e.yaml", empty);
    Output out = Cli("validate " + dir / "specs");
    INFO(out.text);
    CHECK(out.code == 1);
    CHECK(out.text.find("e.yaml:1:1: the spec file is empty; start it like: table: users / count: 10 /") !=
          std::string::npos);
  }
  dir.Write("specs/e.yaml", "- table: users\n");
  Output list = Cli("validate " + dir / "specs");
  CHECK(list.text.find("e.yaml:1:1: a spec file must be a map with 'table' and 'columns', got a list; start it like") !=
        std::string::npos);
  dir.Write("specs/e.yaml", "\n\nusers\n");
  Output scalar = Cli("validate " + dir / "specs");
  CHECK(scalar.text.find("e.yaml:3:1: a spec file must be a map with 'table' and 'columns', got 'users'") !=
        std::string::npos);
}

}  // namespace seed::test
