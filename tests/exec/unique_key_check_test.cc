// A unique or primary key the database declares, over columns the spec
// generates, is checked before the first write: colliding rows would be
// rejected one by one.
#include <catch2/catch.hpp>

#include "tests/support/harness.h"

namespace seed::test {

TEST_CASE("a database key the generators cannot keep distinct is named before any write",
          "[composite]") {
  TempDir dir;
  dir.Write("specs/courses.yaml", "table: courses\ncount: 5\ncolumns:\n  id: sequence\n");
  dir.Write("specs/students.yaml", "table: students\ncount: 100\ncolumns:\n  id: sequence\n");
  dir.Write("specs/enrollments.yaml",
            "table: enrollments\nchildren: {of: students, min: 1, max: 4}\ncolumns:\n  student_id: "
            "parent\n"
            "  course_id: {generator: reference, table: courses}\n");
  dir.Write(
      "schema.sql",
      "CREATE TABLE courses (id INTEGER PRIMARY KEY); CREATE TABLE students (id INTEGER PRIMARY "
      "KEY);"
      " CREATE TABLE enrollments (student_id INTEGER NOT NULL REFERENCES students(id),"
      " course_id INTEGER NOT NULL REFERENCES courses(id), PRIMARY KEY (student_id, course_id));");
  const std::string db = dir / "t.db";
  Sql(db, ReadFile(dir / "schema.sql"));
  const std::string run = "run " + dir / "specs" + " --db sqlite:" + db;

  Output strict = Cli(run + " --strict");
  INFO(strict.text);
  CHECK(strict.code == 3);
  CHECK_THAT(strict.text,
             Catch::Contains("enrollments: the database's unique key (student_id, course_id)") &&
                 Catch::Contains("distinct: per_parent"));
  CHECK(Count(db, "students") == 0);

  Output warned =
      Cli(run);  // without --strict: a warning, then the rows the database rejects are skipped
  INFO(warned.text);
  CHECK_THAT(warned.text, Catch::Contains("warning") && Catch::Contains("(student_id, course_id)"));

  // Declared distinct per parent: no warning, no skipped row.
  dir.Write("specs/enrollments.yaml",
            "table: enrollments\nchildren: {of: students, min: 1, max: 4}\ncolumns:\n  student_id: "
            "parent\n"
            "  course_id: {generator: reference, table: courses, distinct: per_parent}\n");
  TempDir fresh;
  const std::string db2 = fresh / "t.db";
  Sql(db2, ReadFile(dir / "schema.sql"));
  Output ok = Cli("run " + dir / "specs" + " --strict --db sqlite:" + db2);
  INFO(ok.text);
  CHECK(ok.code == 0);
  CHECK(ok.text.find("unique key") == std::string::npos);
  CHECK(Sql(db2,
            "SELECT COUNT(*) FROM (SELECT student_id, course_id FROM enrollments GROUP BY 1, 2)") ==
        std::vector<std::string>{std::to_string(Count(db2, "enrollments"))});
}

}  // namespace seed::test

namespace seed::test {

// A junction table is rolled back in one statement when the rows under its
// seeded parents are exactly the seeded ones; otherwise row by row, so a
// changed row is kept and a user's row under a seeded parent blocks it.
TEST_CASE("a junction table rolls back by its parents' range, and by key when rows changed",
          "[composite]") {
  const std::string schema = ReadFile(kSource + "/tests/schemas/junction/schema.sqlite.sql");
  const std::string specs = kSource + "/tests/schemas/junction/specs";
  TempDir dir;
  const std::string db = dir / "t.db";
  Sql(db, schema);
  const std::string before = Cli("checksum " + specs + " --db sqlite:" + db).text;
  REQUIRE(Cli("run " + specs + " --db sqlite:" + db).code == 0);
  const long seeded = Count(db, "enrollments");

  // A seeded row changed: kept, the rest deleted.
  Sql(db,
      "UPDATE enrollments SET enrolled_on = '1999-01-01' WHERE rowid = (SELECT MAX(rowid) FROM "
      "enrollments)");
  Output kept = Cli("rollback " + specs + " --db sqlite:" + db +
                    " --yes --audit-file /dev/null --table enrollments");
  INFO(kept.text);
  CHECK(kept.code == 0);
  CHECK_THAT(kept.text, Catch::Contains("kept 1 modified"));
  CHECK(Count(db, "enrollments") == 2);  // the user's row and the changed one

  // The table stays in the ledger while the kept row is there; once it is
  // gone, a rollback finds nothing left and releases the table.
  Sql(db, "DELETE FROM enrollments WHERE enrolled_on = '1999-01-01'");
  Output rest = Cli("rollback " + specs + " --db sqlite:" + db + " --yes --audit-file /dev/null --table enrollments");
  INFO(rest.text);
  CHECK(rest.code == 0);
  CHECK(Sql(db, "SELECT COUNT(*) FROM seed_engine_tables WHERE table_name = 'enrollments'") ==
        std::vector<std::string>{"0"});
  // Seeded again, then a user's row under a seeded student: it stays, and
  // it stops the students' rollback.
  REQUIRE(Cli("run " + specs + " --db sqlite:" + db).code == 0);
  CHECK(Count(db, "enrollments") == seeded);
  Sql(db, "INSERT INTO enrollments VALUES ((SELECT MAX(id) FROM students), 1, '2023-01-01')");
  Output blocked =
      Cli("rollback " + specs + " --db sqlite:" + db + " --yes --audit-file /dev/null");
  INFO(blocked.text);
  CHECK(blocked.code == 4);
  CHECK_THAT(blocked.text, Catch::Contains("enrollments.student_id"));
  CHECK(Count(db, "enrollments") == 2);
  Sql(db, "DELETE FROM enrollments WHERE enrolled_on = '2023-01-01'");
  CHECK(Cli("rollback " + specs + " --db sqlite:" + db + " --yes --audit-file /dev/null").code ==
        0);
  CHECK(Cli("checksum " + specs + " --db sqlite:" + db).text == before);
}

}  // namespace seed::test
