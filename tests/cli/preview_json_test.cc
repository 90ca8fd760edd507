// JSON output from values that are not UTF-8 (a Latin-1 source file, a
// spec with a stray byte): valid JSON with U+FFFD, never an abort.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "tests/support/harness.h"

namespace seed::test {

TEST_CASE("preview --format json shows invalid UTF-8 as U+FFFD and says so", "[cli][source]") {
  TempDir dir;
  dir.Write("specs/w.csv", "id,word\n1,caf\xe9\n2,ok\n");
  dir.Write("specs/w.yaml", "table: w\nsource: w.csv\ncolumns:\n  id: source\n  word: source\n");
  Output out = Cli("preview " + dir / "specs" + " --table w --format json");
  INFO(out.text);
  REQUIRE(out.code == 0);
  CHECK(out.text.find("invalid bytes are shown as U+FFFD") != std::string::npos);
  const size_t json = out.text.find('[');
  REQUIRE(json != std::string::npos);
  const nlohmann::json rows = nlohmann::json::parse(out.text.substr(json), nullptr, false);
  REQUIRE(rows.is_array());
  REQUIRE(rows.size() == 2);
  CHECK(rows[0]["word"] == "caf\xef\xbf\xbd");
  CHECK(rows[1]["word"] == "ok");
  // Valid text is not touched and draws no note.
  dir.Write("specs/w.csv", "id,word\n1,caf\xc3\xa9\n");
  Output clean = Cli("preview " + dir / "specs" + " --table w --format json");
  CHECK(clean.code == 0);
  CHECK(clean.text.find("U+FFFD") == std::string::npos);
  CHECK(clean.text.find("caf\xc3\xa9") != std::string::npos);
}

TEST_CASE("audit --format json and JSON logs survive a byte that is not UTF-8", "[cli][pii]") {
  TempDir dir;
  dir.Write("specs/p.yaml", "table: p\ncount: 2\ncolumns:\n  id: sequence\n"
                            "  note: {generator: constant, value: \"x\xff\", pii: {category: none, reason: \"caf\xe9\"}}\n");
  Output audit = Cli("audit " + dir / "specs" + " --format json");
  INFO(audit.text);
  CHECK(audit.code == 0);
  CHECK(nlohmann::json::parse(audit.text, nullptr, false).is_array());
  dir.Write("schema.sql", "CREATE TABLE p (id INTEGER PRIMARY KEY, note TEXT);\n");
  Output run = Cli("run " + dir / "specs" + " --db sqlite:" + dir / "t.db" + " --schema " + dir / "schema.sql" +
                   " --log-format json");
  INFO(run.text);
  CHECK(run.code == 0);
}

}  // namespace seed::test
