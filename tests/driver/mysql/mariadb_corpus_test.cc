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
  std::string Query(const std::string& sql) override { return db_->Query(sql); }
  std::string LoadCommand(const std::string& dir) const override {
    return "MYSQL_PWD=" + s_.password + " sh " + dir + "/load.sh -h" + s_.host + " -P" + s_.port + " -u" + s_.user +
           " " + db_->name();
  }
  std::string Dialect() const override { return "mysql"; }
  long LedgerBatches() override {
    const std::string n = db_->Query("SELECT COUNT(*) FROM seed_engine_batches");
    return !n.empty() && std::isdigit(static_cast<unsigned char>(n[0])) ? std::stol(n) : 0;
  }
  // The engine may load with checks off: this proves nothing slipped through.
  std::vector<std::string> Orphans() override {
    return AntiJoinOrphans(
        db_->Query(
            "SELECT TABLE_NAME, COLUMN_NAME, REFERENCED_TABLE_NAME, REFERENCED_COLUMN_NAME FROM"
            " information_schema.KEY_COLUMN_USAGE WHERE TABLE_SCHEMA = DATABASE() AND"
            " REFERENCED_TABLE_NAME IS NOT NULL"),
        [this](const std::string& sql) { return db_->Query(sql); });
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
  RunServerCorpus([&s] { return std::make_unique<MariadbCorpusDb>(s); });
}

TEST_CASE("Schema corpus on MariaDB: every shape's export, loaded by the mysql client, gives the run's checksum",
          "[mysql][corpus][export]") {
  REQUIRE_SERVER(s);
  for (const std::string& shape : CorpusShapes()) {
    INFO("shape " << shape);
    MariadbCorpusDb db(s);
    RunExportBattery(shape, db);
  }
}

TEST_CASE("Schema corpus on MariaDB: every shape seeded by 2, 4 and 8 workers (--partition) and by 3 with whole"
          " tables, one killed and"
          " rerun, gives SQLite's single-run checksum",
          "[mysql][corpus][partition]") {
  REQUIRE_SERVER(s);
  RunServerPartitionCorpus([&s] { return std::make_unique<MariadbCorpusDb>(s); }, 104729);
}

}  // namespace seed::test
