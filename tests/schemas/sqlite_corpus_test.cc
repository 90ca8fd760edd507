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

TEST_CASE("Schema corpus on SQLite: every shape seeded by 2, 4 and 8 workers (--partition), one killed and rerun,"
          " gives the single run's checksum",
          "[corpus][partition]") {
  for (const std::string& shape : CorpusShapes()) {
    INFO("shape " << shape);
    TempDir dir;
    SqliteCorpusDb db(dir);
    db.Apply(shape);
    REQUIRE(Cli("run " + ShapeDir(shape) + "/specs --db " + db.Url() + " --size small").code == 0);
    const std::string seeded = Cli("checksum " + ShapeDir(shape) + "/specs --db " + db.Url()).text;
    for (int workers : {2, 4, 8}) {
      if (kSanitized && workers != 4) continue;
      INFO(workers << " workers");
      RunPartitionBattery(shape, db, seeded, workers, static_cast<unsigned>(workers * 7919 + shape.size()), "rows",
                          {workers == 8 ? 3 : 0, ""});  // 8 rerun as 3: reruns straddle shares
    }
  }
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
