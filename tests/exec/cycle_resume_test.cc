// A dependency cycle on a real SQLite file: its nullable reference is
// written NULL first and set by a second pass, and a run that stopped
// before the pass was recorded finishes it on rerun.
#include <catch2/catch.hpp>

#include "tests/support/harness.h"

namespace seed::test {

namespace {

const char* const kCycleSchema =
    "CREATE TABLE departments (id INTEGER PRIMARY KEY, name VARCHAR(80) NOT NULL,"
    " head_id INTEGER REFERENCES employees(id));"
    "CREATE TABLE employees (id INTEGER PRIMARY KEY, department_id INTEGER NOT NULL REFERENCES departments(id),"
    " manager_id INTEGER REFERENCES employees(id), name VARCHAR(120) NOT NULL);";

void CycleSpecs(const TempDir& dir) {
  dir.Write("specs/departments.yaml",
            "table: departments\ncount: 40\ncolumns:\n  id: sequence\n  name: {generator: department}\n"
            "  head_id: {generator: reference, table: employees, nullable: true, null_rate: 0}\n");
  dir.Write("specs/employees.yaml",
            "table: employees\ncount: 3000\ncolumns:\n  id: sequence\n"
            "  department_id: {generator: reference, table: departments}\n"
            "  manager_id: {generator: reference, table: employees, null_rate: 0.05}\n  name: {generator: full_name}\n");
  dir.Write("schema.sql", kCycleSchema);
}

std::string Run(const TempDir& dir) {
  return "run " + dir / "specs" + " --db sqlite:" + dir / "t.db" + " --schema " + dir / "schema.sql";
}

}  // namespace

TEST_CASE("a cycle's second pass left unfinished is finished by the rerun", "[ledger][sqlite][cycle]") {
  TempDir dir;
  CycleSpecs(dir);
  const std::string db = dir / "t.db";
  Output first = Cli(Run(dir));
  INFO(first.text);
  REQUIRE(first.code == 0);
  CHECK(Sql(db, "SELECT COUNT(*) FROM departments WHERE head_id IS NULL") == std::vector<std::string>{"0"});
  CHECK(Sql(db, "SELECT second_pass FROM seed_engine_tables WHERE table_name = 'departments'") ==
        std::vector<std::string>{"done"});
  CHECK(Sql(db, "SELECT second_pass FROM seed_engine_tables WHERE table_name = 'employees'") ==
        std::vector<std::string>{"none"});
  const std::string checksum = Cli("checksum " + dir / "specs" + " --db sqlite:" + db).text;

  // What a kill between the load and the end of the pass leaves behind.
  REQUIRE(Sql(db, "UPDATE departments SET head_id = NULL;"
                  " UPDATE seed_engine_tables SET second_pass = 'pending' WHERE table_name = 'departments'")
              .empty());
  Output status = Cli("status --db sqlite:" + db);
  CHECK(status.text.find("2nd pass") != std::string::npos);

  Output rerun = Cli(Run(dir));
  INFO(rerun.text);
  CHECK(rerun.code == 0);
  CHECK(rerun.text.find("deferred references filled") != std::string::npos);
  CHECK(Sql(db, "SELECT COUNT(*) FROM departments WHERE head_id IS NULL") == std::vector<std::string>{"0"});
  CHECK(Cli("checksum " + dir / "specs" + " --db sqlite:" + db).text == checksum);
  CHECK(Sql(db, "SELECT second_pass FROM seed_engine_tables WHERE table_name = 'departments'") ==
        std::vector<std::string>{"done"});
  // And then there is nothing left to do.
  Output again = Cli(Run(dir));
  CHECK(again.code == 0);
  CHECK(again.text.find("deferred references filled") == std::string::npos);
}

TEST_CASE("rollback undoes a cycle and a self-reference exactly, the user's rows kept", "[rollback][sqlite][cycle]") {
  TempDir dir;
  CycleSpecs(dir);
  const std::string db = dir / "t.db";
  REQUIRE(Sql(db, std::string(kCycleSchema) + "INSERT INTO departments VALUES (1, 'Mine', NULL);"
                                        " INSERT INTO employees VALUES (1, 1, NULL, 'Me'), (2, 1, 1, 'You');"
                                        " UPDATE departments SET head_id = 1;")
              .empty());
  const std::string before = Cli("checksum " + dir / "specs" + " --db sqlite:" + db).text;
  Output seed = Cli("run " + dir / "specs" + " --db sqlite:" + db);
  INFO(seed.text);
  REQUIRE(seed.code == 0);
  Output undo = Cli("rollback " + dir / "specs" + " --db sqlite:" + db + " --yes");
  INFO(undo.text);
  CHECK(undo.code == 0);
  CHECK(Cli("checksum " + dir / "specs" + " --db sqlite:" + db).text == before);
  CHECK(Sql(db, "PRAGMA foreign_key_check").empty());
}

TEST_CASE("rows that reference a rejected row of their own table are skipped, no orphan committed",
          "[sqlite][cycle]") {
  TempDir dir;
  dir.Write("specs/staff.yaml",
            "table: staff\ncount: 3000\ncolumns:\n  id: sequence\n"
            "  manager_id: {generator: reference, table: staff, null_rate: 0.02}\n  email: {generator: email}\n");
  dir.Write("schema.sql", "CREATE TABLE staff (id INTEGER PRIMARY KEY, manager_id INTEGER REFERENCES staff(id),"
                          " email VARCHAR(120) NOT NULL CHECK (id % 10 <> 7));");
  Output out = Cli("run " + dir / "specs" + " --db sqlite:" + dir / "t.db" + " --schema " + dir / "schema.sql");
  INFO(out.text);
  CHECK(out.code == 4);
  CHECK(Sql(dir / "t.db", "PRAGMA foreign_key_check").empty());
  CHECK(Count(dir / "t.db", "staff") < 2700);  // more than the 300 ids ending in 7 are skipped
  CHECK(Sql(dir / "t.db", "SELECT SUM(inserted) FROM seed_engine_batches") ==
        std::vector<std::string>{std::to_string(Count(dir / "t.db", "staff"))});
}

}  // namespace seed::test
