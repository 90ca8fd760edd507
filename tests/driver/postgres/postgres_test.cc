// On a real PostgreSQL 15 server (tools/postgres.sh start; SEED_TEST_PG_URL):
// the demo, cross-database determinism, drift, the advisory lock under
// concurrency, kill -9 and pg_terminate_backend, resume, and rollback.
#include "tests/support/postgres.h"

#include <signal.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <cstdlib>
#include <random>
#include <thread>

#include "tests/support/harness.h"
#include "tests/support/mariadb.h"

namespace seed::test {

namespace {

std::string PgSchema() { return kSource + "/specs/sql/terp.pg.sql"; }

const char kBigTable[] =
    "CREATE TABLE big (id BIGINT PRIMARY KEY, v INT NOT NULL, note VARCHAR(400) NOT NULL)";

// One table, big enough that a run holds its lock for a while.
void PgBigSpec(const TempDir& dir, long rows) {
  dir.Write("specs/big.yaml",
            "table: big\ncount: " + std::to_string(rows) +
                "\ncolumns:\n  id: sequence\n  v: {generator: int, min: 1, max: 1000}\n"
                "  note: {generator: sentence}\n");
}

// Waits until someone holds the run lock of `db` (true) or 10 s pass.
bool WaitForHolder(const PgScratchDb& db) {
  for (int i = 0; i < 200; ++i) {
    if (!db.LockHolderPid().empty()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return false;
}

long Long(const std::string& s) { return std::strtol(s.c_str(), nullptr, 10); }

const char kDropLedger[] =
    "DROP TABLE seed_engine_batches, seed_engine_tables, seed_engine_runs, seed_engine_meta";

}  // namespace

TEST_CASE("PostgreSQL: the demo seeds with every FK present, unique keys holding and exact counts",
          "[postgres]") {
  REQUIRE_PG(s);
  for (const char* size : {"small", "medium"}) {
    PgScratchDb db(s, "demo");
    Output out =
        Cli("run " + Specs() + " --db " + db.Url() + " --schema " + PgSchema() + " --size " + size);
    INFO(out.text);
    REQUIRE(out.code == 0);
    CHECK(out.text.find("COPY FROM STDIN") != std::string::npos);  // the bulk path, logged
    const bool small = std::string(size) == "small";
    CHECK(db.Query("SELECT COUNT(*) FROM order_items") == (small ? "6000" : "60000"));
    CHECK(db.Query("SELECT COUNT(*) FROM clients") == (small ? "100" : "1000"));
    for (const auto& fk : kDemoForeignKeys)
      CHECK(db.Query(std::string("SELECT COUNT(*) FROM ") + fk[0] + " c LEFT JOIN " + fk[2] +
                     " p ON c." + fk[1] + " = p.id WHERE p.id IS NULL") == "0");
    CHECK(
        db.Query(
            "SELECT COUNT(DISTINCT email) = COUNT(*) AND COUNT(DISTINCT license_number) = COUNT(*)"
            " FROM clients") == "t");
    CHECK(db.Query("SELECT COUNT(DISTINCT order_number) = COUNT(*) FROM orders") == "t");
    // The identity sequences moved past the seeded keys: the application's
    // own inserts do not collide with them.
    CHECK(
        db.Query(
            "INSERT INTO strains (name, category) VALUES ('user strain', 'hybrid') RETURNING id") ==
        (small ? "51" : "201"));
  }
}

TEST_CASE("PostgreSQL, SQLite and MariaDB get identical table checksums for the same seed",
          "[postgres]") {
  REQUIRE_PG(s);
  PgScratchDb db(s, "cross");
  TempDir dir;
  REQUIRE(Cli("run " + Specs() + " --seed 11 --db " + db.Url() + " --schema " + PgSchema()).code ==
          0);
  REQUIRE(Cli("run " + Specs() + " --seed 11 --db sqlite:" + dir / "t.db" + " --schema " +
              SqliteSchema())
              .code == 0);
  const Output pg = Cli("checksum " + Specs() + " --db " + db.Url());
  const Output lite = Cli("checksum " + Specs() + " --db sqlite:" + dir / "t.db");
  CHECK(pg.code == 0);
  CHECK(pg.text == lite.text);
  const Server my = FromEnv();
  if (!my.ok || Client(my, "SELECT 1") != "1") {
    WARN("MariaDB not available (SEED_TEST_MYSQL_URL): compared PostgreSQL with SQLite only");
    return;
  }
  ScratchDb mdb(my, "pgcross");
  REQUIRE(Cli("run " + Specs() + " --seed 11 --db " + mdb.Url() + " --schema " + kSource +
              "/specs/sql/terp.mysql.sql")
              .code == 0);
  CHECK(Cli("checksum " + Specs() + " --db " + mdb.Url()).text == pg.text);
}

TEST_CASE("PostgreSQL drift exits 3 with no row written", "[postgres]") {
  REQUIRE_PG(s);
  const std::pair<const char*, const char*> drifts[] = {
      {"ALTER TABLE clients DROP COLUMN license_number", "clients.license_number"},
      {"ALTER TABLE clients ALTER COLUMN email TYPE varchar(5)", "clients.email"},
      {"CREATE TYPE order_status2 AS ENUM ('draft', 'pending');"
       " ALTER TABLE orders ALTER COLUMN status TYPE order_status2 USING "
       "status::text::order_status2",
       "orders.status"},
      {"ALTER TABLE strains ALTER COLUMN category TYPE varchar(20);"
       " ALTER TABLE strains ADD CONSTRAINT ck_category CHECK (category IN ('indica', 'sativa'))",
       "strains.category"},
  };
  for (const auto& [alter, names] : drifts) {
    PgScratchDb db(s, "drift");
    // Create the schema (a run of the reference table only), then empty it.
    REQUIRE(
        Cli("run " + Specs() + " --db " + db.Url() + " --schema " + PgSchema() + " --table strains")
            .code == 0);
    db.Query("DELETE FROM strains; " + std::string(kDropLedger) + "; " + alter);
    Output out = Cli("run " + Specs() + " --db " + db.Url());
    INFO(alter << "\n" << out.text);
    CHECK(out.code == 3);
    CHECK(out.text.find(names) != std::string::npos);
    CHECK(db.Query("SELECT (SELECT COUNT(*) FROM strains) + (SELECT COUNT(*) FROM clients) +"
                   " (SELECT COUNT(*) FROM orders)") == "0");
    CHECK(db.Query("SELECT to_regclass('seed_engine_runs') IS NULL") == "t");
  }
}

TEST_CASE(
    "PostgreSQL: of 20 runs started together exactly one seeds, the others exit 2 naming the "
    "holder",
    "[postgres][slow]") {
  REQUIRE_PG(s);
  TempDir dir;
  PgBigSpec(dir, 300000);
  PgScratchDb db(s, "lock");
  db.Query(kBigTable);
  const std::string args = "run " + dir / "specs" + " --db " + db.Url();
  std::vector<pid_t> pids;
  for (int i = 0; i < 20; ++i)
    pids.push_back(StartCli(args, dir / ("run" + std::to_string(i) + ".out")));
  int seeded = 0, locked = 0;
  for (int i = 0; i < 20; ++i) {
    const int code = WaitExit(pids[i]);
    const std::string out = ReadFile(dir / ("run" + std::to_string(i) + ".out"));
    INFO("run " << i << " exit " << code << "\n" << out);
    if (code == 0) {
      ++seeded;
      CHECK(out.find("300000 rows inserted") != std::string::npos);
    } else {
      ++locked;
      CHECK(code == 2);
      CHECK(out.find("holds the lock") != std::string::npos);
      CHECK(out.find("pid ") != std::string::npos);
      CHECK(out.find("seed-engine)") != std::string::npos);  // the holder's application_name
    }
  }
  CHECK(seeded == 1);
  CHECK(locked == 19);
  CHECK(db.Query("SELECT COUNT(*), COUNT(DISTINCT id) FROM big") == "300000\t300000");
}

TEST_CASE(
    "PostgreSQL: kill -9 at random points, then a rerun gives the data of an uninterrupted run",
    "[postgres][slow]") {
  REQUIRE_PG(s);
  TempDir dir;
  PgBigSpec(dir, 300000);
  // An empty table loads in one COPY (all or nothing); one with a row of
  // the user's loads batch by batch (whole batches stay).
  for (const bool empty : {true, false}) {
    PgScratchDb reference(s, "ref");
    reference.Query(kBigTable);
    if (!empty) reference.Query("INSERT INTO big VALUES (1, 1, 'kept')");
    REQUIRE(Cli("run " + dir / "specs" + " --db " + reference.Url()).code == 0);
    const std::string expected = Cli("checksum " + dir / "specs" + " --db " + reference.Url()).text;
    std::mt19937 rng(empty ? 7 : 8);
    for (int round = 0; round < Rounds(3); ++round) {
      PgScratchDb db(s, "kill");
      db.Query(kBigTable);
      if (!empty) db.Query("INSERT INTO big VALUES (1, 1, 'kept')");
      const pid_t pid = StartCli("run " + dir / "specs" + " --db " + db.Url());
      REQUIRE(WaitForHolder(db));
      std::this_thread::sleep_for(std::chrono::milliseconds(rng() % 1500));
      kill(pid, SIGKILL);
      WaitExit(pid);
      // The server ends the dead client's sessions, and with them its lock,
      // as soon as it sees the connections close.
      Output rerun = Cli("run " + dir / "specs" + " --db " + db.Url() + " --lock-timeout 10");
      INFO((empty ? "empty" : "non-empty") << " round " << round << "\n" << rerun.text);
      CHECK(rerun.code == 0);
      CHECK(Cli("checksum " + dir / "specs" + " --db " + db.Url()).text == expected);
    }
  }
}

TEST_CASE(
    "PostgreSQL: pg_terminate_backend of the lock session stops the run with exit 2, nothing more "
    "committed",
    "[postgres][slow]") {
  REQUIRE_PG(s);
  TempDir dir;
  PgBigSpec(dir, 600000);
  PgScratchDb db(s, "killconn");
  db.Query(kBigTable);
  // An empty table loads in one COPY: all or nothing. A table that
  // already has a row loads batch by batch: whole batches only.
  const bool empty = GENERATE(true, false);
  if (!empty) db.Query("INSERT INTO big VALUES (1, 1, 'kept')");
  const pid_t pid = StartCli("run " + dir / "specs" + " --db " + db.Url(), dir / "run.out");
  REQUIRE(WaitForHolder(db));
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  CHECK(db.Query("SELECT pg_terminate_backend(" + db.LockHolderPid() + ")") == "t");
  const int code = WaitExit(pid);
  INFO(ReadFile(dir / "run.out"));
  CHECK(code == 2);
  CHECK(ReadFile(dir / "run.out").find("lost the run lock") != std::string::npos);
  const long after = Long(db.Query("SELECT COUNT(*) FROM big")) - (empty ? 0 : 1);
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  CHECK(Long(db.Query("SELECT COUNT(*) FROM big")) - (empty ? 0 : 1) == after);
  CHECK(after < 600000);
  CHECK(after % 5000 == 0);
  if (empty) CHECK(after == 0);
  // ledger and data agree
  CHECK(Long(db.Query("SELECT COALESCE(SUM(inserted), 0) FROM seed_engine_batches")) == after);
}

TEST_CASE(
    "PostgreSQL: rollback removes exactly the seeded rows, and a user row referencing one blocks "
    "it",
    "[postgres]") {
  REQUIRE_PG(s);
  PgScratchDb db(s, "rollback");
  REQUIRE(
      Cli("run " + Specs() + " --db " + db.Url() + " --schema " + PgSchema() + " --table strains")
          .code == 0);
  db.Query("DELETE FROM strains; " + std::string(kDropLedger) +
           "; INSERT INTO clients (id, name, email, license_number, client_type, credit_limit, "
           "created_at)"
           " VALUES (1, 'User Co', 'u@corp.test', 'L-1', 'dispensary', 5, '2020-01-01 00:00:00');"
           " CREATE TABLE notes (id int PRIMARY KEY, order_id int NOT NULL REFERENCES orders (id) "
           "ON DELETE CASCADE)");
  const std::string before = Cli("checksum " + Specs() + " --db " + db.Url()).text;
  REQUIRE(Cli("run " + Specs() + " --db " + db.Url()).code == 0);
  CHECK(Cli("run " + Specs() + " --db " + db.Url()).text.find("already seeded") !=
        std::string::npos);
  // A user's note on a seeded order: ON DELETE CASCADE would take it with
  // the order, so rollback must refuse rather than delete it.
  db.Query("INSERT INTO notes VALUES (1, 5)");
  Output cascade =
      Cli("rollback " + Specs() + " --db " + db.Url() + " --yes --audit-file /dev/null");
  INFO(cascade.text);
  CHECK(cascade.code == 4);
  CHECK(cascade.text.find("notes.order_id") != std::string::npos);
  CHECK(db.Query("SELECT COUNT(*) FROM notes") == "1");
  CHECK(db.Query("SELECT COUNT(*) FROM orders") == "2000");
  db.Query("DELETE FROM notes");
  // A user's order of a seeded client.
  db.Query(
      "INSERT INTO orders (id, order_number, client_id, status, ordered_at)"
      " VALUES (900000, 'U-1', 2, 'draft', now())");
  Output blocked =
      Cli("rollback " + Specs() + " --db " + db.Url() + " --yes --audit-file /dev/null");
  INFO(blocked.text);
  CHECK(blocked.code == 4);
  CHECK(blocked.text.find("orders.client_id") != std::string::npos);
  CHECK(db.Query("SELECT COUNT(*) FROM clients") == "101");
  db.Query("DELETE FROM orders WHERE id = 900000");
  Output rb = Cli("rollback " + Specs() + " --db " + db.Url() + " --yes --audit-file /dev/null");
  INFO(rb.text);
  CHECK(rb.code == 0);
  CHECK(Cli("checksum " + Specs() + " --db " + db.Url()).text == before);
  CHECK(db.Query("SELECT name FROM clients") == "User Co");
}

TEST_CASE("PostgreSQL as --source-db: a query's rows streamed, masked, into SQLite",
          "[postgres][source]") {
  REQUIRE_PG(s);
  PgScratchDb src(s, "src");
  src.Query(
      "CREATE TABLE customers (id int PRIMARY KEY, mail varchar(80), vip boolean, seen "
      "timestamptz);"
      " INSERT INTO customers SELECT g, 'real' || g || '@mail.net', g % 2 = 0, '2021-05-06 "
      "07:08:09+00'"
      " FROM generate_series(1, 20000) g");
  TempDir dir;
  dir.Write(
      "specs/clients.yaml",
      "table: clients\nsource: {query: \"SELECT id, mail, vip, seen FROM customers ORDER BY id\"}\n"
      "columns:\n  id: source\n  email: {generator: source, field: mail, unique: true, pii: "
      "{category: email}}\n"
      "  vip: source\n  seen: source\n");
  dir.Write("schema.sql",
            "CREATE TABLE clients (id INTEGER PRIMARY KEY, email TEXT UNIQUE, vip INTEGER, seen "
            "TEXT);\n");
  const std::string db = dir / "t.db";
  Output run = Cli("run " + dir / "specs" + " --db sqlite:" + db + " --schema " +
                       dir / "schema.sql" + " --source-db " + src.Url(),
                   "SEED_MASK_SECRET=k");
  INFO(run.text);
  REQUIRE(run.code == 0);
  CHECK(Count(db, "clients") == 20000);
  CHECK(Sql(db, "SELECT COUNT(*) FROM clients WHERE email LIKE 'real%'") ==
        std::vector<std::string>{"0"});
  CHECK(Sql(db, "SELECT MIN(id), MAX(id), SUM(vip) FROM clients") ==
        std::vector<std::string>{"1|20000|10000"});
  // Booleans read as 1/0 and UTC timestamps without their zone (driver.h).
  CHECK(Sql(db, "SELECT DISTINCT seen FROM clients") ==
        std::vector<std::string>{"2021-05-06 07:08:09"});
}

TEST_CASE("PostgreSQL: passwords never appear, even in connection errors", "[postgres]") {
  REQUIRE_PG(s);
  PgScratchDb db(s, "pw");
  const std::string wrong =
      "postgres://" + s.user + ":WrongSecret123@" + s.host + ":" + s.port + "/" + db.name();
  for (const std::string& url :
       {wrong, std::string("postgres://seed:WrongSecret123@127.0.0.1:1/x")})
    for (const char* format : {"text", "json"}) {
      Output out = Cli("run " + Specs() + " --log-format " + format + " --db '" + url + "'");
      INFO(out.text);
      CHECK(out.code != 0);
      CHECK(out.text.find("WrongSecret123") == std::string::npos);
    }
  // The password from the environment instead of the URL.
  const std::string bare = "postgres://" + s.user + "@" + s.host + ":" + s.port + "/" + db.name();
  Output ok = Cli("run " + Specs() + " --log-format json --db " + bare + " --schema " + PgSchema() +
                      " --table strains",
                  "SEED_DB_PASSWORD=" + s.password);
  INFO(ok.text);
  CHECK(ok.code == 0);
  CHECK(Cli("status --db " + db.Url()).text.find(":***@") != std::string::npos);
}

}  // namespace seed::test
