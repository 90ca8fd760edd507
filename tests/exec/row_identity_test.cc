// Rollback finds seeded rows by the primary key the spec generates. A table
// without a key, or whose key the database fills, was seeded and then
// "rolled back" with exit 0 while every seeded row stayed: such a run is
// now refused before any write, with the fix.
#include <catch2/catch.hpp>

#include "tests/support/harness.h"

namespace seed::test {

TEST_CASE("a table whose rows rollback could not find again is refused before any write, with the fix",
          "[cli][sqlite][rollback]") {
  TempDir dir;
  const std::string db = dir / "t.db";
  Sql(db, "CREATE TABLE events (kind TEXT NOT NULL, at DATE NOT NULL);"
          "CREATE TABLE notes (id INTEGER PRIMARY KEY AUTOINCREMENT, body TEXT NOT NULL)");
  dir.Write("specs/events.yaml", "table: events\ncount: 50\ncolumns:\n  kind: word\n  at: date\n");
  dir.Write("specs/notes.yaml", "table: notes\ncount: 40\ncolumns:\n  body: word\n");
  Output refused = Cli("run " + dir / "specs" + " --db sqlite:" + db);
  INFO(refused.text);
  CHECK(refused.code == 1);
  CHECK_THAT(refused.text, Catch::Contains("events: the table has no primary key") &&
                               Catch::Contains("rollback: truncate") &&
                               Catch::Contains("notes.id is filled by the database") &&
                               Catch::Contains("add `id: sequence` to"));
  CHECK(Count(db, "events") + Count(db, "notes") == 0);

  // With the fixes it names, both seed and roll back to nothing.
  dir.Write("specs/events.yaml", "table: events\ncount: 50\nrollback: truncate\ncolumns:\n  kind: word\n  at: date\n");
  dir.Write("specs/notes.yaml", "table: notes\ncount: 40\ncolumns:\n  id: sequence\n  body: word\n");
  REQUIRE(Cli("run " + dir / "specs" + " --db sqlite:" + db).code == 0);
  CHECK(Count(db, "events") == 50);
  Output undo = Cli("rollback " + dir / "specs" + " --yes --audit-file /dev/null --db sqlite:" + db);
  INFO(undo.text);
  CHECK(undo.code == 0);
  CHECK(Count(db, "events") + Count(db, "notes") == 0);
  // rollback: none is the user's explicit choice: seeded, and left.
  dir.Write("specs/events.yaml", "table: events\ncount: 5\nrollback: none\ncolumns:\n  kind: word\n  at: date\n");
  CHECK(Cli("run " + dir / "specs" + " --db sqlite:" + db).code == 0);
  CHECK(Count(db, "events") == 5);
}

}  // namespace seed::test
