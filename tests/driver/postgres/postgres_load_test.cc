// On a real PostgreSQL 15 server (tools/postgres.sh start; SEED_TEST_PG_URL):
// a table filled from empty loads in the pg_restore order (foreign keys
// and secondary indexes off for its COPY, put back and validated inside
// the same transaction), and nothing else can tell: not another session
// during the load, not a run killed in the middle, not a row without its
// parent.
#include <signal.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <thread>

#include "tests/support/harness.h"
#include "tests/support/postgres.h"

namespace seed::test {

namespace {

// A parent and a child with a foreign key, a secondary index, a NOT VALID
// key and a key with a comment (the last two are left alone).
const char kSchema[] =
    "CREATE TABLE parent (id BIGINT PRIMARY KEY, code VARCHAR(20) NOT NULL UNIQUE);"
    " CREATE TABLE other (id BIGINT PRIMARY KEY);"
    " CREATE TABLE child (id BIGINT PRIMARY KEY,"
    "   parent_id BIGINT NOT NULL CONSTRAINT fk_child_parent REFERENCES parent (id)"
    "     ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,"
    "   other_id BIGINT, noted_id BIGINT, v INT NOT NULL, note VARCHAR(400) NOT NULL);"
    " ALTER TABLE child ADD CONSTRAINT fk_child_other FOREIGN KEY (other_id) REFERENCES other (id)"
    "   NOT VALID;"
    " ALTER TABLE child ADD CONSTRAINT fk_child_noted FOREIGN KEY (noted_id) REFERENCES parent "
    "(id);"
    " COMMENT ON CONSTRAINT fk_child_noted ON child IS 'kept as it is';"
    " CREATE INDEX idx_child_v ON child (v) WITH (fillfactor = 80) WHERE v > 10;"
    " CREATE INDEX idx_child_parent ON child (parent_id, v DESC)";

void PgLoadSpecs(const TempDir& dir, long child_rows) {
  dir.Write("specs/parent.yaml",
            "table: parent\ncount: 1000\ncolumns:\n  id: sequence\n"
            "  code: {template: \"P-{seq:06}\", unique: true}\n");
  dir.Write("specs/other.yaml", "table: other\ncount: 10\ncolumns:\n  id: sequence\n");
  dir.Write("specs/child.yaml",
            "table: child\ncount: " + std::to_string(child_rows) +
                "\ncolumns:\n  id: sequence\n  parent_id: {generator: reference, table: parent}\n"
                "  other_id: {generator: reference, table: other}\n"
                "  noted_id: {generator: reference, table: parent}\n"
                "  v: {generator: int, min: 1, max: 1000}\n  note: {generator: sentence}\n");
}

// Every constraint and index of the child table, as the catalog defines
// it (with its comment), one per line.
const char kChildDdl[] =
    "SELECT string_agg(d, E'\\n' ORDER BY d) FROM ("
    " SELECT conname || ' ' || pg_get_constraintdef(oid) || ' valid=' || convalidated"
    "  || ' ' || COALESCE(obj_description(oid, 'pg_constraint'), '') AS d"
    " FROM pg_constraint WHERE conrelid = 'child'::regclass"
    " UNION ALL SELECT indexdef FROM pg_indexes WHERE tablename = 'child') x";

// The names of the child's constraints and indexes: what another session
// reads from the catalog during a load (pg_get_indexdef of an index the
// load has dropped may wait for it or answer NULL meanwhile).
const char kChildNames[] =
    "SELECT string_agg(name, ' ' ORDER BY name) FROM ("
    " SELECT conname AS name FROM pg_constraint WHERE conrelid = 'child'::regclass"
    " UNION ALL SELECT indexrelid::regclass::text FROM pg_index"
    "  WHERE indrelid = 'child'::regclass) x";

// The oids of what the load drops and re-creates, and of what it keeps.
const char kOids[] =
    "SELECT string_agg(name || '=' || oid, ' ' ORDER BY name) FROM ("
    " SELECT conname AS name, oid FROM pg_constraint WHERE conrelid = 'child'::regclass"
    " UNION ALL SELECT relname, oid FROM pg_class WHERE relname LIKE 'idx_child%') x";

// Waits (up to 60 s) until `sql` answers `want` on `db`.
bool WaitFor(const PgScratchDb& db, const std::string& sql, const std::string& want) {
  for (int i = 0; i < 1200; ++i) {
    if (db.Query(sql) == want) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return false;
}

const char kCopying[] =
    "SELECT COUNT(*) > 0 FROM pg_stat_activity WHERE datname = current_database()"
    " AND application_name = 'seed-engine' AND query LIKE 'COPY \"child\"%' AND state = 'active'";

}  // namespace

TEST_CASE(
    "PostgreSQL: a table filled from empty gets its foreign keys and indexes back exactly, "
    "re-created, NOT VALID and commented keys, non-empty tables and restore-order=off untouched",
    "[postgres]") {
  REQUIRE_PG(s);
  PgScratchDb db(s, "restore");
  TempDir dir;
  PgLoadSpecs(dir, 20000);
  db.Query(kSchema);
  const std::string ddl = db.Query(kChildDdl), oids = db.Query(kOids);
  REQUIRE(ddl.find("fk_child_parent FOREIGN KEY (parent_id) REFERENCES parent(id) ON DELETE "
                   "CASCADE DEFERRABLE INITIALLY DEFERRED valid=true") != std::string::npos);
  Output out = Cli("run " + dir / "specs" + " --db " + db.Url());
  INFO(out.text);
  REQUIRE(out.code == 0);
  CHECK(db.Query("SELECT COUNT(*) FROM child") == "20000");
  CHECK(db.Query(kChildDdl) == ddl);
  const std::string after = db.Query(kOids);
  INFO(oids << "\n" << after);
  CHECK(after != oids);  // fk_child_parent and both indexes were re-created
  const auto oid_of = [](const std::string& all, const std::string& name) {
    const size_t p = all.find(name + "=");
    return all.substr(p, all.find(' ', p) - p);
  };
  CHECK(oid_of(after, "fk_child_parent") != oid_of(oids, "fk_child_parent"));
  CHECK(oid_of(after, "idx_child_v") != oid_of(oids, "idx_child_v"));
  CHECK(oid_of(after, "fk_child_other") == oid_of(oids, "fk_child_other"));  // NOT VALID
  CHECK(oid_of(after, "fk_child_noted") == oid_of(oids, "fk_child_noted"));  // commented
  CHECK(oid_of(after, "child_pkey") == oid_of(oids, "child_pkey"));
  // The keys hold, and the indexes work.
  CHECK(db.Query("SELECT COUNT(*) FROM child c LEFT JOIN parent p ON p.id = c.parent_id"
                 " WHERE p.id IS NULL") == "0");
  CHECK(db.Query("SET enable_seqscan = off; EXPLAIN SELECT * FROM child WHERE parent_id = 5")
            .find("idx_child_parent") != std::string::npos);
  // A table that already has rows loads batch by batch, every check on.
  db.Query(
      "TRUNCATE child, parent, other; DROP TABLE seed_engine_batches, seed_engine_tables,"
      " seed_engine_runs, seed_engine_meta; INSERT INTO parent VALUES (1000000, 'user');"
      " INSERT INTO child VALUES (-1, 1000000, NULL, NULL, 1, 'user')");
  const std::string before_nonempty = db.Query(kOids);
  REQUIRE(Cli("run " + dir / "specs" + " --db " + db.Url()).code == 0);
  CHECK(db.Query("SELECT COUNT(*) FROM child") == "20001");
  CHECK(db.Query(kOids) == before_nonempty);
  // restore-order=off: an empty table keeps its keys and indexes too.
  db.Query(
      "TRUNCATE child, parent, other; DROP TABLE seed_engine_batches, seed_engine_tables,"
      " seed_engine_runs, seed_engine_meta");
  REQUIRE(Cli("run " + dir / "specs" + " --db '" + db.Url() + "?restore-order=off'").code == 0);
  CHECK(db.Query("SELECT COUNT(*) FROM child") == "20000");
  CHECK(db.Query(kOids) == before_nonempty);
  CHECK(Cli("run " + dir / "specs" + " --db '" + db.Url() + "?restore-order=maybe'")
            .text.find("restore-order must be on or off") != std::string::npos);
}

TEST_CASE(
    "PostgreSQL: during a table's load other sessions still see its foreign keys, kill -9 "
    "leaves it empty with every constraint and index",
    "[postgres][slow]") {
  REQUIRE_PG(s);
  PgScratchDb db(s, "restorekill");
  TempDir dir;
  PgLoadSpecs(dir, 3000000);
  db.Query(kSchema);
  const std::string ddl = db.Query(kChildDdl), names = db.Query(kChildNames);
  REQUIRE(names ==
          "child_pkey child_pkey fk_child_noted fk_child_other fk_child_parent idx_child_parent "
          "idx_child_v");
  const pid_t pid = StartCli("run " + dir / "specs" + " --db " + db.Url(), dir / "run.out");
  REQUIRE(WaitFor(db, kCopying, "t"));
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  // The drop is not committed: the catalog others read is unchanged.
  CHECK(db.Query(kChildNames) == names);
  // The fast path is on: dropping the key locked the parent too.
  CHECK(db.Query("SELECT COUNT(*) FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid"
                 " WHERE a.application_name = 'seed-engine' AND l.granted"
                 " AND l.mode = 'AccessExclusiveLock' AND l.relation = 'parent'::regclass") == "1");
  kill(pid, SIGKILL);
  waitpid(pid, nullptr, 0);
  // The server rolls the load back once it sees the connection close.
  REQUIRE(WaitFor(db,
                  "SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database()"
                  " AND application_name = 'seed-engine'",
                  "0"));
  INFO(ReadFile(dir / "run.out"));
  CHECK(db.Query("SELECT COUNT(*) FROM child") == "0");
  CHECK(db.Query(kChildDdl) == ddl);
  CHECK(db.Query("SELECT COUNT(*) FROM parent") == "1000");  // committed before the child
}

TEST_CASE(
    "PostgreSQL: rows that lose their parent during a load fail the one-COPY load naming the "
    "table and the constraint, the retry skips only those rows, every key back",
    "[postgres]") {
  REQUIRE_PG(s);
  PgScratchDb db(s, "restoreorphan");
  TempDir dir;
  PgLoadSpecs(dir, 5000);
  db.Query(kSchema);
  // Checked row by row in the retry (a deferred key would fail the batch
  // at COMMIT instead).
  db.Query("ALTER TABLE child ALTER CONSTRAINT fk_child_parent NOT DEFERRABLE");
  // A user's trigger sends every 500th row to a parent that does not exist.
  db.Query(
      "CREATE FUNCTION orphan() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
      " IF NEW.id % 500 = 0 THEN NEW.parent_id := -NEW.id; END IF; RETURN NEW; END $$;"
      " CREATE TRIGGER orphan BEFORE INSERT ON child FOR EACH ROW EXECUTE FUNCTION orphan()");
  const std::string ddl = db.Query(kChildDdl);
  Output out = Cli("run " + dir / "specs" + " --db " + db.Url());
  INFO(out.text);
  CHECK(out.code == 4);
  // The one-statement load failed on the re-added key, as a whole...
  CHECK(out.text.find("child: foreign key check after COPY") != std::string::npos);
  CHECK(out.text.find("constraint fk_child_parent") != std::string::npos);
  CHECK(out.text.find("is not present in table \"parent\"") != std::string::npos);
  // ...and the batch-by-batch retry, its checks on, skipped just the 10.
  CHECK(db.Query("SELECT COUNT(*) FROM child") == "4990");
  CHECK(db.Query("SELECT COUNT(*) FROM child c LEFT JOIN parent p ON p.id = c.parent_id"
                 " WHERE p.id IS NULL") == "0");
  CHECK(db.Query(kChildDdl) == ddl);
}

TEST_CASE(
    "PostgreSQL: a session reading a parent table keeps the load on per-row checks instead of "
    "queueing behind it",
    "[postgres]") {
  REQUIRE_PG(s);
  PgScratchDb db(s, "restorelock");
  TempDir dir;
  PgLoadSpecs(dir, 20000);
  db.Query(kSchema);
  const std::string oids = db.Query(kOids);
  // An application's open transaction that has read parent: the key's
  // drop would need ACCESS EXCLUSIVE on parent, and gives up after 2 s.
  const pid_t reader = fork();
  if (reader == 0) {
    PgClient(s, "BEGIN; SELECT COUNT(*) FROM parent; SELECT pg_sleep(15); COMMIT", db.name());
    _exit(0);
  }
  REQUIRE(WaitFor(db,
                  "SELECT COUNT(*) FROM pg_locks WHERE relation = 'parent'::regclass"
                  " AND mode = 'AccessShareLock' AND granted AND pid <> pg_backend_pid()",
                  "1"));
  Output out = Cli("run " + dir / "specs" + " --db " + db.Url());
  INFO(out.text);
  CHECK(out.code == 0);
  CHECK(db.Query("SELECT COUNT(*) FROM child") == "20000");
  CHECK(db.Query(kOids) == oids);  // nothing dropped: the checks stayed on
  kill(reader, SIGKILL);
  waitpid(reader, nullptr, 0);
}

}  // namespace seed::test
