// VARCHAR(n) counts characters: the engine's own length checks (SQLite
// enforces none) count UTF-8 code points, before the run and per row.
#include <catch2/catch.hpp>

#include "tests/support/harness.h"

namespace seed::test {
namespace {

const std::string kSmile = "\xf0\x9f\x98\x80";  // U+1F600, four bytes

std::string Times(const std::string& s, int n) {
  std::string out;
  for (int i = 0; i < n; ++i) out += s;
  return out;
}

}  // namespace

TEST_CASE("VARCHAR(3): three emoji fit and four do not before the run and per row", "[exec][source]") {
  TempDir dir;
  dir.Write("schema.sql", "CREATE TABLE u (id INTEGER PRIMARY KEY, v VARCHAR(3));\n"
                          "CREATE TABLE t (id INTEGER PRIMARY KEY, v VARCHAR(3));\n");
  const std::string db = dir / "t.db";
  const std::string args = "run " + dir / "specs" + " --db sqlite:" + db + " --schema " + dir / "schema.sql";

  // A constant (and a choice) of 3 characters but 12 bytes is accepted...
  dir.Write("specs/u.yaml", "table: u\ncount: 2\ncolumns:\n  id: sequence\n  v: {generator: choice, values: [\"" +
                                Times(kSmile, 3) + "\", \"a" + kSmile + "\"]}\n");
  Output ok = Cli(args);
  INFO(ok.text);
  REQUIRE(ok.code == 0);
  CHECK(Sql(db, "SELECT COUNT(*) FROM u WHERE length(v) <= 3") == std::vector<std::string>{"2"});

  // ...one of 4 characters is refused before anything is written.
  dir.Write("specs/u.yaml", "table: u\ncount: 2\ncolumns:\n  id: sequence\n  v: {generator: constant, value: \"" +
                                Times(kSmile, 4) + "\"}\n");
  Output drift = Cli(args);
  INFO(drift.text);
  CHECK(drift.code == 3);
  CHECK(drift.text.find("u.v: generator 'constant' produces up to 4 characters but the column is VARCHAR(3)") !=
        std::string::npos);

  // Real rows are checked one by one: the 4-character one is skipped.
  std::filesystem::remove(dir / "specs/u.yaml");
  std::filesystem::remove(db);
  dir.Write("specs/t.csv", "id,v\n1," + Times(kSmile, 3) + "\n2," + Times(kSmile, 4) + "\n3,\xc3\xa9t\xc3\xa9\n");
  dir.Write("specs/t.yaml", "table: t\nsource: t.csv\ncolumns:\n  id: source\n  v: source\n");
  Output rows = Cli(args);
  INFO(rows.text);
  CHECK(rows.code == 4);
  CHECK(rows.text.find("v: value has 4 characters; VARCHAR(3) holds 3") != std::string::npos);
  CHECK(Sql(db, "SELECT id FROM t ORDER BY id") == std::vector<std::string>{"1", "3"});
}

TEST_CASE("generators bound their length in characters: a pattern or word file of accented text fits",
          "[exec]") {
  TempDir dir;
  dir.Write("schema.sql", "CREATE TABLE w (id INTEGER PRIMARY KEY, p VARCHAR(4), f VARCHAR(5), s VARCHAR(8));\n");
  dir.Write("specs/words.txt", "\xc3\xa9t\xc3\xa9s\nna\xc3\xafve\n");  // "étés", "naïve"
  dir.Write("specs/w.yaml",
            "table: w\ncount: 20\ncolumns:\n  id: sequence\n"
            "  p: {generator: pattern, pattern: \"[\xc3\xa0-\xc3\xa5]{4}\"}\n"  // 4 characters, 8 bytes
            "  f: {generator: choice, file: words.txt}\n"
            "  s: {generator: sku, prefix: \"\xc3\x89-\", digits: 6}\n");  // "É-" + 6 digits
  const std::string db = dir / "t.db";
  Output ok = Cli("run " + dir / "specs" + " --db sqlite:" + db + " --schema " + dir / "schema.sql");
  INFO(ok.text);
  REQUIRE(ok.code == 0);
  CHECK(Sql(db, "SELECT COUNT(*) FROM w WHERE length(p) = 4 AND length(f) <= 5 AND length(s) = 8") ==
        std::vector<std::string>{"20"});
  // One character more than the column is still refused up front.
  dir.Write("schema.sql", "CREATE TABLE w (id INTEGER PRIMARY KEY, p VARCHAR(3), f VARCHAR(5), s VARCHAR(8));\n");
  std::filesystem::remove(db);
  Output drift = Cli("run " + dir / "specs" + " --db sqlite:" + db + " --schema " + dir / "schema.sql");
  INFO(drift.text);
  CHECK(drift.code == 3);
  CHECK(drift.text.find("w.p: generator 'pattern' produces up to 4 characters") != std::string::npos);
}

}  // namespace seed::test
