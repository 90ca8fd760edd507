// Composite keys: a junction table's per-parent distinct references and
// table-level `unique:` keys, proven distinct when the plan is built.
#include <catch2/catch.hpp>
#include <set>

#include "tests/support/seeded.h"

namespace seed {

namespace {

const std::string kStudents = "table: students\ncount: 300\ncolumns:\n  id: sequence\n";
const std::string kCourses = "table: courses\ncount: 8\ncolumns:\n  id: sequence\n";

std::string Enrollments(const std::string& course, int max = 6, const std::string& extra = "") {
  return "table: enrollments\nchildren: {of: students, min: 1, max: " + std::to_string(max) +
         "}\n" + extra + "columns:\n  student_id: parent\n  course_id: " + course + "\n";
}

}  // namespace

TEST_CASE("distinct: per_parent gives the rows of one parent distinct targets, every pair once",
          "[plan][composite]") {
  auto s = Seed({kStudents, kCourses,
                 Enrollments("{generator: reference, table: courses, distinct: per_parent}", 8)});
  REQUIRE(s->error.empty());
  const TableModel& m = s->model("enrollments");
  std::set<std::pair<std::string, std::string>> pairs;
  std::set<std::string> courses;
  for (uint64_t row = 0; row < m.RowCount(); ++row) {
    pairs.insert(
        {s->Text("enrollments", "student_id", row), s->Text("enrollments", "course_id", row)});
    courses.insert(s->Text("enrollments", "course_id", row));
  }
  CHECK(pairs.size() == m.RowCount());  // no pair twice, though a parent may have all 8 courses
  CHECK(courses.size() == 8);           // and every course is used
  // The same seed gives the same pairs.
  auto again =
      Seed({kStudents, kCourses,
            Enrollments("{generator: reference, table: courses, distinct: per_parent}", 8)});
  for (uint64_t row = 0; row < m.RowCount(); row += 97)
    CHECK(again->Text("enrollments", "course_id", row) == s->Text("enrollments", "course_id", row));
}

TEST_CASE("distinct: per_parent is refused where it cannot hold, with the fix",
          "[plan][composite]") {
  // More rows per parent than targets.
  auto s = Seed({kStudents, kCourses,
                 Enrollments("{generator: reference, table: courses, distinct: per_parent}", 9)});
  CHECK_THAT(s->error, Catch::Contains("up to 9 rows (children.max) but courses has only 8") &&
                           Catch::Contains("spec.yaml:5:"));
  // No parent to be distinct under.
  auto orphan =
      Seed({kCourses,
            "table: picks\ncount: 5\ncolumns:\n"
            "  course_id: {generator: reference, table: courses, distinct: per_parent}\n"});
  CHECK_THAT(orphan->error, Catch::Contains("per_parent needs the table to declare children"));
  auto typo = Seed({kStudents, kCourses,
                    Enrollments("{generator: reference, table: courses, distinct: per_parnet}")});
  CHECK_THAT(typo->error, Catch::Contains("did you mean 'per_parent'"));
}

TEST_CASE("a table's unique: keys are accepted only when distinct by construction",
          "[plan][composite]") {
  const std::string per_parent = "{generator: reference, table: courses, distinct: per_parent}";
  const std::string any = "{generator: reference, table: courses}";
  CHECK(Seed({kStudents, kCourses, Enrollments(per_parent, 6, "unique: [student_id, course_id]\n")})
            ->error.empty());
  // child_index is distinct under a parent too.
  CHECK(Seed({kStudents, kCourses,
              "table: enrollments\nchildren: {of: students, min: 1, max: 3}\nunique: [student_id, "
              "n]\ncolumns:\n"
              "  student_id: parent\n  n: child_index\n"})
            ->error.empty());
  // Two plain references: duplicates would be rejected row by row; refused
  // at the key's position instead, with what to write.
  auto dup = Seed({kStudents, kCourses, Enrollments(any, 6, "unique: [student_id, course_id]\n")});
  CHECK_THAT(dup->error,
             Catch::Contains("spec.yaml:3:9: enrollments: unique (student_id, course_id)") &&
                 Catch::Contains("distinct: per_parent"));
  // One column unique on its own proves every key holding it (and several
  // keys may share a column).
  CHECK(Seed({"table: tenants\ncount: 5\ncolumns: {id: sequence}",
              "table: accounts\ncount: 200\nunique: [[tenant_id, email], [tenant_id, "
              "login]]\ncolumns:\n"
              "  id: sequence\n  tenant_id: {generator: reference, table: tenants}\n"
              "  email: {generator: email, unique: true}\n  login: {generator: username, unique: "
              "true}\n"})
            ->error.empty());
  auto unknown =
      Seed({kStudents, kCourses, Enrollments(per_parent, 6, "unique: [student_id, cours_id]\n")});
  CHECK_THAT(unknown->error,
             Catch::Contains("unique names unknown column 'cours_id' (did you mean 'course_id'?)"));
  auto single = Seed({kStudents, kCourses, Enrollments(per_parent, 6, "unique: [student_id]\n")});
  CHECK_THAT(single->error, Catch::Contains("`unique: true` on the column itself"));
}

}  // namespace seed
