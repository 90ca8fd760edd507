// The proof of a table's foreign keys after a load on SQLite must say what
// SQLite's own foreign_key_check says, for every key shape and every value
// a child column can hold: a key it passes that SQLite would not is an
// orphan committed; the other way round, a table refused for nothing.
#include <catch2/catch.hpp>

#include "engine/driver/registry.h"
#include "tests/support/harness.h"

namespace seed::test {

namespace {

struct KeyShape {
  const char* name;
  const char* ddl;  // tables p and c
};

// Proves c's keys with the driver and with foreign_key_check after each
// child value in turn; returns the values where they disagree.
std::vector<std::string> Disagreements(const KeyShape& shape, const std::vector<std::string>& values) {
  TempDir dir;
  const std::string db = dir / "k.db";
  std::vector<std::string> out;
  const std::vector<std::string> made = Sql(db, shape.ddl);
  if (!made.empty()) return {"DDL: " + made[0]};
  Result<std::unique_ptr<Driver>> d = OpenDriver("sqlite:" + db);
  if (!d.ok()) return {d.status().message()};
  Result<TableSchema> child = (*d)->catalog().Inspect("c");
  for (const std::string& v : values) {
    // A plain connection: foreign keys off, as during a load.
    const std::vector<std::string> put = Sql(db, "DELETE FROM c WHERE k IS NOT NULL; INSERT INTO c (k) VALUES (" + v + ")");
    if (!put.empty()) {
      out.push_back(v + ": " + put[0]);
      continue;
    }
    const bool sqlite_orphan = !Sql(db, "PRAGMA foreign_key_check(c)").empty();
    const Status proof = (*d)->session().ProveForeignKeys({*child});
    if (proof.ok() == sqlite_orphan)
      out.push_back(v + ": foreign_key_check " + (sqlite_orphan ? "finds an orphan" : "passes") + ", the proof " +
                    (proof.ok() ? "passes" : "fails: " + proof.message()));
  }
  return out;
}

}  // namespace

TEST_CASE("SQLite: the foreign key proof after a load agrees with foreign_key_check on every key shape and value",
          "[sqlite][driver]") {
  const std::vector<KeyShape> shapes = {
      {"rowid parent, indexed integer child",
       "CREATE TABLE p (id INTEGER PRIMARY KEY); INSERT INTO p VALUES (2);"
       "CREATE TABLE c (k INTEGER REFERENCES p(id)); CREATE INDEX c_k ON c(k);"},
      {"rowid parent by its implicit key, unindexed text child",
       "CREATE TABLE p (id INTEGER PRIMARY KEY); INSERT INTO p VALUES (2);"
       "CREATE TABLE c (k VARCHAR(10) REFERENCES p);"},
      {"rowid parent, child without affinity",
       "CREATE TABLE p (id INTEGER PRIMARY KEY); INSERT INTO p VALUES (2);"
       "CREATE TABLE c (k REFERENCES p(id));"},
      {"rowid parent, real child",
       "CREATE TABLE p (id INTEGER PRIMARY KEY); INSERT INTO p VALUES (2);"
       "CREATE TABLE c (k REAL REFERENCES p(id));"},
      {"BIGINT key (not a rowid alias)",
       "CREATE TABLE p (id BIGINT PRIMARY KEY); INSERT INTO p VALUES (2); INSERT INTO p VALUES ('abc');"
       "CREATE TABLE c (k TEXT REFERENCES p(id));"},
      {"INTEGER PRIMARY KEY DESC (not a rowid alias)",
       "CREATE TABLE p (id INTEGER PRIMARY KEY DESC); INSERT INTO p VALUES (2);"
       "CREATE TABLE c (k NUMERIC REFERENCES p(id));"},
      {"WITHOUT ROWID parent, case-insensitive key",
       "CREATE TABLE p (id INT COLLATE NOCASE PRIMARY KEY) WITHOUT ROWID; INSERT INTO p VALUES (2);"
       " INSERT INTO p VALUES ('abc'); CREATE TABLE c (k TEXT REFERENCES p(id)); CREATE INDEX c_k ON c(k);"},
      {"text key",
       "CREATE TABLE p (id TEXT PRIMARY KEY); INSERT INTO p VALUES ('02'); INSERT INTO p VALUES ('abc');"
       "CREATE TABLE c (k INTEGER REFERENCES p(id));"},
      {"unique column that is not the key",
       "CREATE TABLE p (id INTEGER PRIMARY KEY, code INT UNIQUE); INSERT INTO p VALUES (1, 2);"
       "CREATE TABLE c (k INTEGER REFERENCES p(code));"},
      {"self reference",
       "CREATE TABLE p (id INTEGER PRIMARY KEY); INSERT INTO p VALUES (2);"
       "CREATE TABLE c (id INTEGER PRIMARY KEY, k INTEGER REFERENCES c(id)); INSERT INTO c (id) VALUES (2);"},
      {"composite key",
       "CREATE TABLE p (a INT, b INT, PRIMARY KEY (a, b)); INSERT INTO p VALUES (2, 2);"
       "CREATE TABLE c (k INT, j INT DEFAULT 2, FOREIGN KEY (k, j) REFERENCES p(a, b));"},
  };
  const std::vector<std::string> values = {"2",    "NULL",  "'2'",  "'02'", "' 2'", "'2 '", "'2.0'", "2.0",
                                           "2.5",  "'+2'",  "'2e0'", "9",   "-2",   "'abc'", "'ABC'", "X'32'",
                                           "'0x2'", "2.0000000000000001", "'2.0000000000000001'"};
  for (const KeyShape& shape : shapes) {
    INFO(shape.name);
    CHECK(Disagreements(shape, values) == std::vector<std::string>{});
  }
}

}  // namespace seed::test
