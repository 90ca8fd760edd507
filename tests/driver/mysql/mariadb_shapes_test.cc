// Schema shapes the demo does not have, on a real MariaDB: what a user of
// another domain's schema relies on.
#include <catch2/catch.hpp>

#include "tests/support/harness.h"
#include "tests/support/mariadb.h"

namespace seed::test {

TEST_CASE("MariaDB: a STORED generated column that rounds does not reject the row", "[mysql]") {
  REQUIRE_SERVER(s);
  ScratchDb db(s, "gencol");
  // MariaDB raises Note 1265 when it rounds total_comp; a strict-mode
  // INSERT accepts the row, and so must the bulk path.
  db.Query("CREATE TABLE staff (id BIGINT PRIMARY KEY, salary DECIMAL(10,2) NOT NULL,"
           " bonus_pct DECIMAL(5,2) NOT NULL,"
           " total_comp DECIMAL(12,2) AS (salary * (1 + bonus_pct / 100)) STORED)");
  TempDir dir;
  dir.Write("specs/staff.yaml",
            "table: staff\ncount: 600\ncolumns:\n  id: sequence\n"
            "  salary: {generator: decimal, min: 30000.00, max: 250000.00}\n"
            "  bonus_pct: {generator: decimal, min: 0.00, max: 20.00}\n");
  Output out = Cli("run " + dir / "specs" + " --db " + db.Url());
  INFO(out.text);
  CHECK(out.code == 0);
  CHECK(db.Query("SELECT COUNT(*) FROM staff") == "600");
  CHECK(db.Query("SELECT COUNT(*) FROM staff WHERE total_comp = ROUND(salary * (1 + bonus_pct / 100), 2)") == "600");
  // A CHECK the generator's range breaks is drift: refused before any write.
  ScratchDb bounded(s, "gencol3");
  bounded.Query("CREATE TABLE staff (id BIGINT PRIMARY KEY, salary DECIMAL(10,2) NOT NULL,"
                " bonus_pct DECIMAL(5,2) NOT NULL CHECK (bonus_pct < 10),"
                " total_comp DECIMAL(12,2) AS (salary * (1 + bonus_pct / 100)) STORED)");
  Output drift = Cli("run " + dir / "specs" + " --db " + bounded.Url());
  INFO(drift.text);
  CHECK(drift.code == 3);
  CHECK(drift.text.find("staff.bonus_pct: the generator gives values up to 20 but a CHECK constraint requires < 10") !=
        std::string::npos);
  CHECK(bounded.Query("SELECT COUNT(*) FROM staff") == "0");
  // A real conversion problem in a written column (a CHECK left to the
  // server: it has OR) still rejects the rows that break it.
  ScratchDb narrow(s, "gencol2");
  narrow.Query("CREATE TABLE staff (id BIGINT PRIMARY KEY, salary DECIMAL(10,2) NOT NULL,"
               " bonus_pct DECIMAL(5,2) NOT NULL CHECK (bonus_pct < 10 OR salary < 0),"
               " total_comp DECIMAL(12,2) AS (salary * (1 + bonus_pct / 100)) STORED)");
  Output rejected = Cli("run " + dir / "specs" + " --db " + narrow.Url());
  INFO(rejected.text);
  CHECK(rejected.code == 4);
  const long kept = std::stol(narrow.Query("SELECT COUNT(*) FROM staff"));
  CHECK(kept > 0);
  CHECK(kept < 600);
  CHECK(narrow.Query("SELECT COUNT(*) FROM staff WHERE bonus_pct >= 10") == "0");
}

TEST_CASE("MariaDB: rollback undoes a cycle and a self-reference exactly, the user's rows kept", "[mysql][cycle]") {
  REQUIRE_SERVER(s);
  ScratchDb db(s, "cycle");
  // InnoDB checks a self-reference row by row during a DELETE.
  db.Query("CREATE TABLE departments (id BIGINT PRIMARY KEY, name VARCHAR(80) NOT NULL, head_id BIGINT) ENGINE=InnoDB;"
           " CREATE TABLE employees (id BIGINT PRIMARY KEY, department_id BIGINT NOT NULL, manager_id BIGINT,"
           " name VARCHAR(120) NOT NULL, FOREIGN KEY (department_id) REFERENCES departments(id),"
           " FOREIGN KEY (manager_id) REFERENCES employees(id)) ENGINE=InnoDB;"
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

TEST_CASE("MariaDB: rows that reference a rejected row of their own table are skipped, no orphan committed",
          "[mysql][cycle]") {
  REQUIRE_SERVER(s);
  ScratchDb db(s, "orphan");
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
