// The schema-shape corpus on SQLite (tests/schemas/battery.h).
#include "tests/schemas/battery.h"

namespace seed::test {

TEST_CASE(
    "Schema corpus on SQLite: every shape seeds, resumes after kill -9 and rolls back exactly",
    "[corpus]") {
  int interrupted = 0;
  for (const std::string& shape : CorpusShapes()) {
    INFO("shape " << shape);
    TempDir dir;
    SqliteCorpusDb db(dir);
    RunBattery(shape, db, "", kSanitized ? 1 : 3, &interrupted);
    if (!kSanitized) RunLarge(shape, db);
  }
  CHECK(interrupted > 0);  // some kill fell mid-run, or the rounds proved nothing
}

TEST_CASE("Schema corpus on SQLite: every shape's export, loaded by sqlite3, gives the run's checksum",
          "[corpus][export]") {
  for (const std::string& shape : CorpusShapes()) {
    INFO("shape " << shape);
    TempDir dir;
    SqliteCorpusDb db(dir);
    RunExportBattery(shape, db);
  }
}

}  // namespace seed::test
