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
  long LedgerBatches() override {
    const std::string n = db_->Query("SELECT COUNT(*) FROM seed_engine_batches");
    return !n.empty() && std::isdigit(static_cast<unsigned char>(n[0])) ? std::stol(n) : 0;
  }
  // Every single-column foreign key, checked by anti-join.
  std::vector<std::string> Orphans() override {
    std::vector<std::string> bad;
    std::istringstream keys(
        db_->Query("SELECT c.conrelid::regclass, a.attname, c.confrelid::regclass, r.attname FROM "
                   "pg_constraint c"
                   " JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]"
                   " JOIN pg_attribute r ON r.attrelid = c.confrelid AND r.attnum = c.confkey[1]"
                   " WHERE c.contype = 'f' AND cardinality(c.conkey) = 1"));
    for (std::string line; std::getline(keys, line);) {
      std::istringstream f(line);
      std::string t, c, rt, rc;
      std::getline(f, t, '\t'), std::getline(f, c, '\t'), std::getline(f, rt, '\t'),
          std::getline(f, rc, '\t');
      const std::string n =
          db_->Query("SELECT COUNT(*) FROM " + t + " x LEFT JOIN " + rt + " p ON x." + c + " = p." +
                     rc + " WHERE x." + c + " IS NOT NULL AND p." + rc + " IS NULL");
      if (n != "0") bad.push_back(t + "." + c + ": " + n + " orphans");
    }
    return bad;
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
  int interrupted = 0;
  for (const std::string& shape : CorpusShapes()) {
    INFO("shape " << shape);
    TempDir dir;
    SqliteCorpusDb lite(dir);
    const std::string expected = RunBattery(shape, lite, "", 0);
    PostgresCorpusDb db(s);
    RunBattery(shape, db, expected, 2, &interrupted);
    RunLarge(shape, db);
  }
  CHECK(interrupted > 0);  // some kill fell mid-run, or the rounds proved nothing
}

}  // namespace seed::test
