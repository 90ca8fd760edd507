// The schema-shape corpus on PostgreSQL (tests/schemas/battery.h): the same
// battery as on SQLite, and the same checksums.
#include <cctype>

#include "tests/schemas/battery.h"
#include "tests/support/postgres.h"

namespace seed::test {

namespace {

class PostgresCorpusDb : public CorpusDb {
 public:
  explicit PostgresCorpusDb(const PgServer& s) : s_(s) {}
  std::string Url() const override { return db_->Url(); }
  void Apply(const std::string& shape) override {
    db_ = std::make_unique<PgScratchDb>(s_, "corpus");
    const std::string out = db_->Query(ReadFile(ShapeDir(shape) + "/schema.pg.sql"));
    CHECK(out.find("ERROR") == std::string::npos);
  }
  std::string Query(const std::string& sql) override { return db_->Query(sql); }
  std::string LoadCommand(const std::string& dir) const override {
    return "PGPASSWORD=" + s_.password + " sh " + dir + "/load.sh -h " + s_.host + " -p " + s_.port + " -U " +
           s_.user + " -d " + db_->name();
  }
  std::string Dialect() const override { return "postgres"; }
  long LedgerBatches() override {
    const std::string n = db_->Query("SELECT COUNT(*) FROM seed_engine_batches");
    return !n.empty() && std::isdigit(static_cast<unsigned char>(n[0])) ? std::stol(n) : 0;
  }
  std::vector<std::string> Orphans() override {
    return AntiJoinOrphans(
        db_->Query("SELECT c.conrelid::regclass, a.attname, c.confrelid::regclass, r.attname FROM"
                   " pg_constraint c JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = "
                   "c.conkey[1]"
                   " JOIN pg_attribute r ON r.attrelid = c.confrelid AND r.attnum = c.confkey[1]"
                   " WHERE c.contype = 'f' AND cardinality(c.conkey) = 1"),
        [this](const std::string& sql) { return db_->Query(sql); });
  }

 private:
  const PgServer& s_;
  std::unique_ptr<PgScratchDb> db_;
};

}  // namespace

TEST_CASE(
    "Schema corpus on PostgreSQL: every shape seeds, resumes after kill -9 and rolls back exactly,"
    " with SQLite's checksums",
    "[postgres][corpus]") {
  REQUIRE_PG(s);
  RunServerCorpus([&s] { return std::make_unique<PostgresCorpusDb>(s); });
}

TEST_CASE("Schema corpus on PostgreSQL: every shape's export, loaded by psql, gives the run's checksum",
          "[postgres][corpus][export]") {
  REQUIRE_PG(s);
  for (const std::string& shape : CorpusShapes()) {
    INFO("shape " << shape);
    PostgresCorpusDb db(s);
    RunExportBattery(shape, db);
  }
}

TEST_CASE("Schema corpus on PostgreSQL: every shape seeded by 2, 4 and 8 workers (--partition) and by 3 with whole"
          " tables, one killed and"
          " rerun, gives SQLite's single-run checksum",
          "[postgres][corpus][partition]") {
  REQUIRE_PG(s);
  RunServerPartitionCorpus([&s] { return std::make_unique<PostgresCorpusDb>(s); }, 104729);
}

}  // namespace seed::test
