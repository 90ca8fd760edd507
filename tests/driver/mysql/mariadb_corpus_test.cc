// The schema-shape corpus on MariaDB (tests/schemas/battery.h): the same
// battery as on SQLite, and the same checksums.
#include <cctype>

#include "tests/schemas/battery.h"
#include "tests/support/mariadb.h"

namespace seed::test {

namespace {

class MariadbCorpusDb : public CorpusDb {
 public:
  explicit MariadbCorpusDb(const Server& s) : s_(s) {}
  std::string Url() const override { return db_->Url(); }
  void Apply(const std::string& shape) override {
    db_ = std::make_unique<ScratchDb>(s_, "corpus");
    const std::string out = db_->Query("source " + ShapeDir(shape) + "/schema.mysql.sql");
    CHECK(out.find("ERROR") == std::string::npos);
  }
  long LedgerBatches() override {
    const std::string n = db_->Query("SELECT COUNT(*) FROM seed_engine_batches");
    return !n.empty() && std::isdigit(static_cast<unsigned char>(n[0])) ? std::stol(n) : 0;
  }
  // Every single-column foreign key, checked by anti-join (the engine may
  // load with checks off; this proves nothing slipped through).
  std::vector<std::string> Orphans() override {
    std::vector<std::string> bad;
    std::istringstream keys(db_->Query(
        "SELECT TABLE_NAME, COLUMN_NAME, REFERENCED_TABLE_NAME, REFERENCED_COLUMN_NAME FROM"
        " information_schema.KEY_COLUMN_USAGE WHERE TABLE_SCHEMA = DATABASE() AND"
        " REFERENCED_TABLE_NAME IS NOT NULL"));
    for (std::string line; std::getline(keys, line);) {
      std::istringstream f(line);
      std::string t, c, rt, rc;
      std::getline(f, t, '\t'), std::getline(f, c, '\t'), std::getline(f, rt, '\t'),
          std::getline(f, rc, '\t');
      // (The client runs through the shell: the corpus's names need no quotes.)
      const std::string n =
          db_->Query("SELECT COUNT(*) FROM " + t + " x LEFT JOIN " + rt + " p ON x." + c + " = p." +
                     rc + " WHERE x." + c + " IS NOT NULL AND p." + rc + " IS NULL");
      if (n != "0") bad.push_back(t + "." + c + ": " + n + " orphans");
    }
    return bad;
  }

 private:
  const Server& s_;
  std::unique_ptr<ScratchDb> db_;
};

}  // namespace

TEST_CASE(
    "Schema corpus on MariaDB: every shape seeds, resumes after kill -9 and rolls back exactly,"
    " with SQLite's checksums",
    "[mysql][corpus]") {
  REQUIRE_SERVER(s);
  int interrupted = 0;
  for (const std::string& shape : CorpusShapes()) {
    INFO("shape " << shape);
    TempDir dir;
    SqliteCorpusDb lite(dir);
    const std::string expected = RunBattery(shape, lite, "", 0);
    MariadbCorpusDb db(s);
    RunBattery(shape, db, expected, 2, &interrupted);
    RunLarge(shape, db);
  }
  CHECK(interrupted > 0);  // some kill fell mid-run, or the rounds proved nothing
}

}  // namespace seed::test
