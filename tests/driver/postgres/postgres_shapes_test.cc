// Schema shapes the demo does not have, on a real PostgreSQL.
#include <catch2/catch.hpp>

#include "tests/support/harness.h"
#include "tests/support/postgres.h"

namespace seed::test {

TEST_CASE("PostgreSQL: rollback undoes a cycle and a self-reference exactly, the user's rows kept",
          "[postgres][cycle]") {
  REQUIRE_PG(s);
  PgScratchDb db(s, "cycle");
  db.Query("CREATE TABLE departments (id BIGINT PRIMARY KEY, name VARCHAR(80) NOT NULL, head_id BIGINT);"
           " CREATE TABLE employees (id BIGINT PRIMARY KEY, department_id BIGINT NOT NULL REFERENCES departments(id),"
           " manager_id BIGINT REFERENCES employees(id), name VARCHAR(120) NOT NULL);"
           " ALTER TABLE departments ADD FOREIGN KEY (head_id) REFERENCES employees(id);"
           " INSERT INTO departments VALUES (1, 'Mine', NULL);"
           " INSERT INTO employees VALUES (1, 1, NULL, 'Me'), (2, 1, 1, 'You');"
           " UPDATE departments SET head_id = 1;");
  TempDir dir;
  dir.Write("specs/departments.yaml",
            "table: departments\ncount: 40\ncolumns:\n  id: sequence\n  name: {generator: department}\n"
            "  head_id: {generator: reference, table: employees, nullable: true, null_rate: 0}\n");
  dir.Write("specs/employees.yaml",
            "table: employees\ncount: 12000\ncolumns:\n  id: sequence\n"
            "  department_id: {generator: reference, table: departments}\n"
            "  manager_id: {generator: reference, table: employees, null_rate: 0.05}\n  name: {generator: full_name}\n");
  const std::string before = Cli("checksum " + dir / "specs" + " --db " + db.Url()).text;
  Output seed = Cli("run " + dir / "specs" + " --db " + db.Url());
  INFO(seed.text);
  REQUIRE(seed.code == 0);
  CHECK(db.Query("SELECT COUNT(*) FROM departments WHERE head_id IS NULL") == "0");
  Output undo = Cli("rollback " + dir / "specs" + " --db " + db.Url() + " --yes");
  INFO(undo.text);
  CHECK(undo.code == 0);
  CHECK(Cli("checksum " + dir / "specs" + " --db " + db.Url()).text == before);
  CHECK(db.Query("SELECT COUNT(*) FROM employees") == "2");
}

TEST_CASE("PostgreSQL: rows that reference a rejected row of their own table are skipped, no orphan committed",
          "[postgres][cycle]") {
  REQUIRE_PG(s);
  PgScratchDb db(s, "orphan");
  db.Query("CREATE TABLE staff (id BIGINT PRIMARY KEY, manager_id BIGINT, email VARCHAR(120) NOT NULL,"
           " CHECK (MOD(id, 10) <> 7), FOREIGN KEY (manager_id) REFERENCES staff(id))");
  TempDir dir;
  dir.Write("specs/staff.yaml",
            "table: staff\ncount: 3000\ncolumns:\n  id: sequence\n"
            "  manager_id: {generator: reference, table: staff, null_rate: 0.02}\n  email: {generator: email}\n");
  Output out = Cli("run " + dir / "specs" + " --db " + db.Url());
  INFO(out.text);
  CHECK(out.code == 4);
  CHECK(db.Query("SELECT COUNT(*) FROM staff c LEFT JOIN staff p ON c.manager_id = p.id"
                 " WHERE c.manager_id IS NOT NULL AND p.id IS NULL") == "0");
  const long rows = std::stol(db.Query("SELECT COUNT(*) FROM staff"));
  CHECK(rows < 2700);
  CHECK(db.Query("SELECT SUM(inserted) FROM seed_engine_batches") == std::to_string(rows));
}

}  // namespace seed::test
