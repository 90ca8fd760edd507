// On a real SQLite file: a table filled from empty loads in one
// transaction with its secondary indexes dropped and built again after the
// rows, and nothing but the speed can tell: the indexes come back exactly
// as declared, an index that cannot be built sends the table batch by
// batch with only the rejected rows skipped, and a run killed in the middle
// leaves the table empty with every index.
#include <signal.h>
#include <sys/wait.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <regex>
#include <thread>

#include "tests/support/harness.h"

namespace seed::test {

namespace {

// A parent with a UNIQUE column, a child with a foreign key, secondary
// indexes of each kind SQLite has (partial, expression, descending,
// multi-column) and an explicit UNIQUE index (kept: the load never drops
// what enforces a constraint).
const char kSchema[] =
    "CREATE TABLE parent (id INTEGER PRIMARY KEY, code VARCHAR(20) NOT NULL UNIQUE);"
    "CREATE TABLE child (id INTEGER PRIMARY KEY, parent_id INTEGER NOT NULL REFERENCES parent(id),"
    "  v INTEGER NOT NULL, note TEXT NOT NULL);"
    "CREATE INDEX idx_child_v ON child (v) WHERE v > 10;"
    "CREATE INDEX idx_child_parent ON child (parent_id, v DESC);"
    "CREATE INDEX idx_child_lower ON child (lower(note));"
    "CREATE UNIQUE INDEX uq_child_note_id ON child (note, id);";

void LoadSpecs(const TempDir& dir, long child_rows, const std::string& note = "{generator: sentence}") {
  dir.Write("specs/parent.yaml",
            "table: parent\ncount: 1000\ncolumns:\n  id: sequence\n"
            "  code: {template: \"P-{seq:06}\", unique: true}\n");
  dir.Write("specs/child.yaml", "table: child\ncount: " + std::to_string(child_rows) +
                                    "\ncolumns:\n  id: sequence\n  parent_id: {generator: reference, table: parent}\n"
                                    "  v: {generator: int, min: 1, max: 1000}\n  note: " + note + "\n");
}

// Every index of the file with its SQL, in name order (identical after a
// load), and the names in the order they were created (a re-created index
// moves to the end of sqlite_master).
std::vector<std::string> Indexes(const std::string& db) {
  return Sql(db, "SELECT name || ' ' || COALESCE(sql, '-') FROM sqlite_master WHERE type = 'index'"
                 " AND tbl_name IN ('parent', 'child') ORDER BY name");
}
std::vector<std::string> CreationOrder(const std::string& db) {
  return Sql(db, "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'child' ORDER BY rowid");
}

}  // namespace

TEST_CASE("SQLite: a table filled from empty gets its secondary indexes back exactly, built after the rows, "
          "unique indexes and a table with rows untouched",
          "[cli][sqlite]") {
  TempDir dir;
  LoadSpecs(dir, 20000);
  const std::string db = dir / "t.db";
  Sql(db, kSchema);
  const std::vector<std::string> indexes = Indexes(db);
  REQUIRE(indexes.size() == 5);  // four declared, one for the UNIQUE column (no SQL)
  Output out = Cli("run " + dir / "specs" + " --db sqlite:" + db);
  INFO(out.text);
  REQUIRE(out.code == 0);
  CHECK(Count(db, "child") == 20000);
  CHECK(Indexes(db) == indexes);
  // The three non-unique indexes were dropped and built again; the unique
  // ones were never touched.
  CHECK(CreationOrder(db) ==
        std::vector<std::string>{"uq_child_note_id", "idx_child_lower", "idx_child_parent", "idx_child_v"});
  CHECK(Sql(db, "PRAGMA integrity_check") == std::vector<std::string>{"ok"});
  CHECK(Sql(db, "PRAGMA foreign_key_check").empty());
  // The rebuilt indexes hold every row and are used.
  CHECK(Sql(db, "SELECT COUNT(*) FROM child INDEXED BY idx_child_v WHERE v > 10") ==
        Sql(db, "SELECT COUNT(*) FROM child NOT INDEXED WHERE v > 10"));
  CHECK(Sql(db, "EXPLAIN QUERY PLAN SELECT * FROM child WHERE parent_id = 5")[0].find("idx_child_parent") !=
        std::string::npos);

  // A table that already has rows loads batch by batch: no index moves.
  TempDir again;
  LoadSpecs(again, 20000);
  const std::string db2 = again / "t.db";
  Sql(db2, std::string(kSchema) + "INSERT INTO parent VALUES (1000000, 'user');"
                                  "INSERT INTO child VALUES (-1, 1000000, 1, 'user');");
  const std::vector<std::string> before = CreationOrder(db2);
  REQUIRE(Cli("run " + again / "specs" + " --db sqlite:" + db2).code == 0);
  CHECK(Count(db2, "child") == 20001);
  CHECK(CreationOrder(db2) == before);
  CHECK(Sql(db2, "PRAGMA integrity_check") == std::vector<std::string>{"ok"});
}

TEST_CASE("SQLite: an index that cannot be built after the load sends the table batch by batch, "
          "only the rows it rejects skipped, every index back",
          "[cli][sqlite]") {
  TempDir dir;
  // json_extract fails on text that is not JSON: the insert of such a row
  // fails while the index exists, and so does building the index after.
  LoadSpecs(dir, 600, "{generator: choice, values: ['{\"a\": 1}', '{\"a\": 2}', 'not json'], weights: [45, 45, 10]}");
  const std::string db = dir / "t.db";
  Sql(db, std::string(kSchema) + "CREATE INDEX idx_child_json ON child (json_extract(note, '$.a'));");
  const std::vector<std::string> indexes = Indexes(db);
  Output out = Cli("run " + dir / "specs" + " --db sqlite:" + db);
  INFO(out.text);
  CHECK(out.code == 4);
  CHECK(out.text.find("child: re-creating an index after the load: malformed JSON") != std::string::npos);
  CHECK(out.text.find("retrying batch by batch") != std::string::npos);
  const long valid = Count(db, "child");
  CHECK(valid > 450);
  CHECK(valid < 600);
  CHECK(Sql(db, "SELECT COUNT(*) FROM child WHERE json_valid(note) = 0")[0] == "0");
  // The summary counts every other row as skipped.
  const std::regex summary("child +partial +" + std::to_string(valid) + " +" + std::to_string(600 - valid) + " ");
  CHECK(std::regex_search(out.text, summary));
  CHECK(Indexes(db) == indexes);
  CHECK(Sql(db, "PRAGMA integrity_check") == std::vector<std::string>{"ok"});
}

TEST_CASE("SQLite: kill -9 during a table's load leaves it empty with every index, the rerun completes",
          "[cli][sqlite]") {
  TempDir dir;
  const long rows = kSanitized ? 150000 : 600000;
  LoadSpecs(dir, rows, "{generator: pattern, pattern: \"[a-z]{8}\"}");
  const std::string db = dir / "t.db";
  Sql(db, kSchema);
  const std::vector<std::string> indexes = Indexes(db), order = CreationOrder(db);
  const pid_t pid = StartCli("run " + dir / "specs" + " --db sqlite:" + db);
  // The parent is committed first; then the child's load is under way.
  bool parent_done = false;
  for (int i = 0; i < 600 && !parent_done; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    // A read that meets the switch to WAL answers an error: poll again.
    parent_done = Sql(db, "SELECT COUNT(*) FROM parent") == std::vector<std::string>{"1000"};
  }
  REQUIRE(parent_done);
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  kill(pid, SIGKILL);
  int status = 0;
  waitpid(pid, &status, 0);
  REQUIRE(WIFSIGNALED(status));  // killed mid-load, not finished
  CHECK(Count(db, "child") == 0);
  CHECK(Indexes(db) == indexes);
  CHECK(CreationOrder(db) == order);
  CHECK(Sql(db, "PRAGMA integrity_check") == std::vector<std::string>{"ok"});
  Output rerun = Cli("run " + dir / "specs" + " --db sqlite:" + db);
  INFO(rerun.text);
  REQUIRE(rerun.code == 0);
  CHECK(Count(db, "child") == rows);
  CHECK(Indexes(db) == indexes);
  CHECK(Sql(db, "PRAGMA integrity_check") == std::vector<std::string>{"ok"});
}

}  // namespace seed::test
