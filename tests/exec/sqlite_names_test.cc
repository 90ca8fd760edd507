// What SQLite declares, read as declared: `REFERENCES parent` without a
// column is the parent's primary key, and a foreign key SQLite keeps no
// name for is named by its columns, not by an invented constraint name.
#include <catch2/catch.hpp>

#include "tests/support/harness.h"

namespace seed::test {

TEST_CASE("SQLite: a reference to a table's implicit key is checked and named by its columns",
          "[sqlite][rollback]") {
  TempDir dir;
  dir.Write("specs/teams.yaml", "table: teams\ncount: 20\ncolumns:\n  id: sequence\n");
  dir.Write("specs/people.yaml",
            "table: people\ncount: 200\ncolumns:\n  id: sequence\n  team_id: {generator: "
            "reference, table: teams}\n");
  const std::string db = dir / "t.db";
  Sql(db,
      "CREATE TABLE teams (id INTEGER PRIMARY KEY); CREATE TABLE people (id INTEGER PRIMARY KEY,"
      " team_id INTEGER NOT NULL REFERENCES teams);");
  const std::string at = dir / "specs --db sqlite:" + db;
  Output run =
      Cli("run " + at + " --strict");  // the key is found: no 'not generated as a reference'
  INFO(run.text);
  REQUIRE(run.code == 0);
  CHECK(Sql(db, "PRAGMA foreign_key_check").empty());

  Sql(db,
      "DELETE FROM people WHERE id = 200; INSERT INTO people VALUES (1000, 3)");  // a user's row,
                                                                                  // seeded team
  Output blocked = Cli("rollback " + at + " --yes --audit-file /dev/null");
  INFO(blocked.text);
  CHECK(blocked.code == 4);
  CHECK_THAT(blocked.text, Catch::Contains("through people.team_id;"));
  CHECK(blocked.text.find("_fk") == std::string::npos);
}

}  // namespace seed::test
