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
  // A real conversion problem in a written column still rejects the load.
  ScratchDb narrow(s, "gencol2");
  narrow.Query("CREATE TABLE staff (id BIGINT PRIMARY KEY, salary DECIMAL(10,2) NOT NULL,"
               " bonus_pct DECIMAL(5,2) NOT NULL CHECK (bonus_pct < 10),"
               " total_comp DECIMAL(12,2) AS (salary * (1 + bonus_pct / 100)) STORED)");
  Output rejected = Cli("run " + dir / "specs" + " --db " + narrow.Url());
  INFO(rejected.text);
  CHECK(rejected.code == 4);
  const long kept = std::stol(narrow.Query("SELECT COUNT(*) FROM staff"));
  CHECK(kept > 0);
  CHECK(kept < 600);
  CHECK(narrow.Query("SELECT COUNT(*) FROM staff WHERE bonus_pct >= 10") == "0");
}

}  // namespace seed::test
