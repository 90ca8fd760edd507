// On a real MariaDB server (tools/mariadb.sh start; SEED_TEST_MYSQL_URL):
// the demo, cross-database determinism, drift, the advisory lock under
// concurrency, kill -9 and KILL CONNECTION, resume, and redaction.
#include <signal.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <cstdlib>
#include <random>
#include <regex>
#include <thread>

#include "tests/support/harness.h"
#include "tests/support/mariadb.h"

namespace seed::test {

namespace {

std::string MysqlSchema() { return kSource + "/specs/sql/terp.mysql.sql"; }

// One table, big enough that a run holds its lock for a while.
void MysqlBigSpec(const TempDir& dir, long rows) {
  dir.Write("specs/big.yaml", "table: big\ncount: " + std::to_string(rows) +
                                  "\ncolumns:\n  id: sequence\n  v: {generator: int, min: 1, max: 1000}\n"
                                  "  note: {generator: sentence}\n");
  dir.Write("big.sql", "CREATE TABLE big (id BIGINT PRIMARY KEY, v INT NOT NULL, note VARCHAR(400) NOT NULL)");
}

// Waits until someone holds `lock` (true) or 10 s pass.
bool WaitForHolder(const ScratchDb& db, const std::string& lock) {
  for (int i = 0; i < 200; ++i) {
    const std::string id = db.Query("SELECT IS_USED_LOCK('" + lock + "')");
    if (!id.empty() && id != "NULL") return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return false;
}

}  // namespace

TEST_CASE("MariaDB: the demo seeds with every FK present, unique keys holding and exact counts", "[mysql]") {
  REQUIRE_SERVER(s);
  for (const char* size : {"small", "medium"}) {
    ScratchDb db(s, "demo");
    Output out = Cli("run " + Specs() + " --db " + db.Url() + " --schema " + MysqlSchema() + " --size " + size);
    INFO(out.text);
    REQUIRE(out.code == 0);
    CHECK(out.text.find("LOAD DATA LOCAL INFILE") != std::string::npos);  // the bulk path, logged
    const bool small = std::string(size) == "small";
    CHECK(db.Query("SELECT COUNT(*) FROM order_items") == (small ? "6000" : "60000"));
    CHECK(db.Query("SELECT COUNT(*) FROM clients") == (small ? "100" : "1000"));
    for (const auto& fk : kDemoForeignKeys)
      CHECK(db.Query(std::string("SELECT COUNT(*) FROM ") + fk[0] + " c LEFT JOIN " + fk[2] + " p ON c." + fk[1] +
                     " = p.id WHERE p.id IS NULL") == "0");
    CHECK(db.Query("SELECT COUNT(DISTINCT email) = COUNT(*) AND COUNT(DISTINCT license_number) = COUNT(*) FROM clients") == "1");
    CHECK(db.Query("SELECT COUNT(DISTINCT order_number) = COUNT(*) FROM orders") == "1");
  }
}

TEST_CASE("MariaDB and SQLite get identical table checksums for the same seed", "[mysql]") {
  REQUIRE_SERVER(s);
  ScratchDb db(s, "cross");
  TempDir dir;
  REQUIRE(Cli("run " + Specs() + " --seed 11 --db " + db.Url() + " --schema " + MysqlSchema()).code == 0);
  REQUIRE(Cli("run " + Specs() + " --seed 11 --db sqlite:" + dir / "t.db" + " --schema " + SqliteSchema()).code == 0);
  const Output a = Cli("checksum " + Specs() + " --db " + db.Url());
  const Output b = Cli("checksum " + Specs() + " --db sqlite:" + dir / "t.db");
  CHECK(a.code == 0);
  CHECK(a.text == b.text);
}

TEST_CASE("MariaDB: --jobs 3 runs three workers of one run, each writing whole tables, together the single run's"
          " checksum",
          "[mysql][partition]") {
  REQUIRE_SERVER(s);
  ScratchDb single(s, "jobs1"), jobs(s, "jobs3");
  REQUIRE(Cli("run " + Specs() + " --db " + single.Url() + " --schema " + MysqlSchema()).code == 0);
  // Workers would race to apply a schema script: refused, nothing written.
  const Output racing = Cli("run " + Specs() + " --jobs 3 --db " + jobs.Url() + " --schema " + MysqlSchema());
  CHECK(racing.code == 1);
  CHECK(racing.text.find("--schema with several workers") != std::string::npos);
  CHECK(jobs.Query("SHOW TABLES") == "");
  REQUIRE(jobs.Query("source " + MysqlSchema()).find("ERROR") == std::string::npos);
  const Output out = Cli("run " + Specs() + " --jobs 3 --db " + jobs.Url());
  INFO(out.text);
  REQUIRE(out.code == 0);
  // Each worker's summary: three, each with its share of the rows.
  size_t summaries = 0;
  for (size_t p = out.text.find("\ntotal "); p != std::string::npos; p = out.text.find("\ntotal ", p + 1)) ++summaries;
  CHECK(summaries == 3);
  CHECK(jobs.Query("SELECT COUNT(DISTINCT run_id) FROM seed_engine_runs") == "3");
  // Whole tables (--split tables, --jobs' default): each written by one
  // worker, and not all by the same one.
  CHECK(jobs.Query("SELECT COUNT(*) FROM (SELECT table_name FROM seed_engine_batches GROUP BY table_name"
                   " HAVING COUNT(DISTINCT run_id) > 1) shared") == "0");
  CHECK(jobs.Query("SELECT COUNT(DISTINCT run_id) > 1 FROM seed_engine_batches") == "1");
  CHECK(out.text.find("seeds it whole (--split tables)") != std::string::npos);
  const Output a = Cli("checksum " + Specs() + " --db " + single.Url());
  CHECK(a.code == 0);
  CHECK(a.text == Cli("checksum " + Specs() + " --db " + jobs.Url()).text);
}

TEST_CASE("MariaDB drift exits 3 with no row written", "[mysql]") {
  REQUIRE_SERVER(s);
  const std::pair<const char*, const char*> drifts[] = {
      {"ALTER TABLE clients DROP COLUMN license_number", "clients.license_number"},
      {"ALTER TABLE clients MODIFY email VARCHAR(5) NOT NULL", "clients.email"},
      {"ALTER TABLE orders MODIFY status ENUM('draft','pending') NOT NULL", "orders.status"},
  };
  for (const auto& [alter, names] : drifts) {
    ScratchDb db(s, "drift");
    // Create the schema (a run of the reference table only), then empty it.
    REQUIRE(Cli("run " + Specs() + " --db " + db.Url() + " --schema " + MysqlSchema() + " --table strains").code == 0);
    db.Query("DELETE FROM strains; DROP TABLE seed_engine_batches, seed_engine_tables, seed_engine_runs; " +
             std::string(alter));
    Output out = Cli("run " + Specs() + " --db " + db.Url());
    INFO(alter << "\n" << out.text);
    CHECK(out.code == 3);
    CHECK(out.text.find(names) != std::string::npos);
    CHECK(db.Query("SELECT (SELECT COUNT(*) FROM strains) + (SELECT COUNT(*) FROM clients) + (SELECT COUNT(*) FROM orders)") == "0");
    CHECK(db.Query("SHOW TABLES LIKE 'seed_engine_runs'").empty());
  }
}

TEST_CASE("MariaDB: of two runs started together exactly one seeds, the other exits 2 naming the holder",
          "[mysql][slow]") {
  REQUIRE_SERVER(s);
  TempDir dir;
  MysqlBigSpec(dir, 60000);
  for (int round = 0; round < Rounds(20); ++round) {
    ScratchDb db(s, "lock");
    db.Query("CREATE TABLE big (id BIGINT PRIMARY KEY, v INT NOT NULL, note VARCHAR(400) NOT NULL)");
    const std::string args = "run " + dir / "specs" + " --db " + db.Url();
    const pid_t a = fork();
    if (a == 0) {
      execl("/bin/sh", "sh", "-c", ("exec " + kBinary + " " + args + " > " + dir / "a.out" + " 2>&1").c_str(), nullptr);
      _exit(127);
    }
    const pid_t b = fork();
    if (b == 0) {
      execl("/bin/sh", "sh", "-c", ("exec " + kBinary + " " + args + " > " + dir / "b.out" + " 2>&1").c_str(), nullptr);
      _exit(127);
    }
    const int ca = WaitExit(a), cb = WaitExit(b);
    const std::string loser = ca == 2 ? ReadFile(dir / "a.out") : ReadFile(dir / "b.out");
    INFO("round " << round << ": exits " << ca << " and " << cb << "\n" << loser);
    CHECK(std::min(ca, cb) == 0);
    CHECK(std::max(ca, cb) == 2);
    CHECK(loser.find("holds the lock") != std::string::npos);
    CHECK(loser.find("connection ") != std::string::npos);
    CHECK(db.Query("SELECT COUNT(*), COUNT(DISTINCT id) FROM big") == "60000\t60000");
  }
}

TEST_CASE("MariaDB: a lease outlives a load longer than its TTL, renewed between commits, and refuses a second run",
          "[mysql][lease]") {
  REQUIRE_SERVER(s);
  TempDir dir;
  ScratchDb db(s, "keeper");
  // About 9 s of server time in one transaction (a table filled from
  // empty loads whole), with a TTL of 5 s: renewed only at commits, the
  // lease would lapse mid-load and the second run below would take it.
  SlowTable(db, dir, "slow");
  const std::string args = "run " + dir / "specs" + " --db " + db.Url() + " --lock lease --lease-ttl 5";
  const auto start = std::chrono::steady_clock::now();
  const pid_t first = StartCli(args, dir / "first.out");
  std::this_thread::sleep_for(std::chrono::seconds(7));
  const bool mid_load = db.Query("SELECT COUNT(*) FROM seed_engine_batches") == "0";
  const Output second = Cli(args + " --lock-timeout 0");
  const int code = WaitExit(first);
  INFO(ReadFile(dir / "first.out") << "\n" << second.text);
  REQUIRE(mid_load);  // else the load was too quick to prove anything
  CHECK(std::chrono::steady_clock::now() - start > std::chrono::seconds(8));
  CHECK(second.code == 2);
  CHECK(second.text.find("another run holds the lease") != std::string::npos);
  CHECK(code == 0);
  CHECK(db.Query("SELECT COUNT(*), COUNT(DISTINCT id) FROM slow") == "3000\t3000");
}

TEST_CASE("MariaDB: a worker waits past --partition-wait while the worker loading its parent lives, not for one"
          " that never started",
          "[mysql][lease][partition]") {
  REQUIRE_SERVER(s);
  TempDir dir;
  // --split tables gives a_slow and c_two to worker 0, b_one and d_child
  // (a_slow's child) to worker 1; a_slow loads whole in about 9 s and
  // commits once, so worker 1 sees no rows come in for longer than its
  // --partition-wait of 2 s.
  dir.Write("specs/b_one.yaml", "table: b_one\ncount: 5000\ncolumns:\n  id: sequence\n");
  dir.Write("specs/c_two.yaml", "table: c_two\ncount: 5000\ncolumns:\n  id: sequence\n");
  dir.Write("specs/d_child.yaml", "table: d_child\ncount: 100\ncolumns:\n  id: sequence\n"
                                  "  slow_id: {generator: reference, table: a_slow}\n");
  auto make = [&](ScratchDb& db) {
    SlowTable(db, dir, "a_slow");
    db.Query("CREATE TABLE b_one (id INT PRIMARY KEY); CREATE TABLE c_two (id INT PRIMARY KEY);"
             " CREATE TABLE d_child (id INT PRIMARY KEY, slow_id INT NOT NULL REFERENCES a_slow(id))");
  };
  {
    ScratchDb db(s, "wait");
    make(db);
    const std::string args = "run " + dir / "specs" + " --db " + db.Url() + " --split tables --partition-wait 2 --partition ";
    const pid_t zero = StartCli(args + "0/2", dir / "zero.out");
    const Output one = Cli(args + "1/2");
    const int zero_code = WaitExit(zero);
    INFO(ReadFile(dir / "zero.out") << "\n" << one.text);
    CHECK(zero_code == 0);
    CHECK(one.code == 0);
    CHECK(one.text.find("waiting for the other workers' rows of a_slow") != std::string::npos);
    CHECK(db.Query("SELECT COUNT(*) FROM d_child c JOIN a_slow p ON p.id = c.slow_id") == "100");
  }
  ScratchDb db(s, "absent");
  make(db);
  const auto start = std::chrono::steady_clock::now();
  const Output alone = Cli("run " + dir / "specs" + " --db " + db.Url() + " --split tables --partition-wait 2 --partition 1/2");
  INFO(alone.text);
  CHECK(alone.code == 4);
  CHECK(alone.text.find("no live worker owes them: start or rerun --partition 0/2") != std::string::npos);
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(20));
  CHECK(db.Query("SELECT COUNT(*) FROM d_child") == "0");
}

TEST_CASE("MariaDB: kill -9 of the holder frees the lock, the rerun resumes to the same data", "[mysql][slow]") {
  REQUIRE_SERVER(s);
  TempDir dir;
  MysqlBigSpec(dir, 400000);
  // The index is dropped for the load and built again after it: a kill in
  // between must not lose it.
  const std::string ddl = "CREATE TABLE big (id BIGINT PRIMARY KEY, v INT NOT NULL, note VARCHAR(400) NOT NULL,"
                          " KEY by_v (v))";
  ScratchDb reference(s, "ref");
  reference.Query(ddl);
  const std::string definition = reference.Query("SHOW CREATE TABLE big");
  REQUIRE(Cli("run " + dir / "specs" + " --db " + reference.Url()).code == 0);
  const std::string expected = Cli("checksum " + dir / "specs" + " --db " + reference.Url()).text;
  std::mt19937 rng(7);
  for (int round = 0; round < Rounds(5); ++round) {
    ScratchDb db(s, "kill");
    db.Query(ddl);
    const pid_t pid = StartCli("run " + dir / "specs" + " --db " + db.Url());
    REQUIRE(WaitForHolder(db, db.LockName()));
    std::this_thread::sleep_for(std::chrono::milliseconds(rng() % 1500));
    kill(pid, SIGKILL);
    WaitExit(pid);
    Output rerun = Cli("run " + dir / "specs" + " --db " + db.Url());  // no --lock-timeout: at once
    INFO("round " << round << "\n" << rerun.text);
    CHECK(rerun.code == 0);
    CHECK(Cli("checksum " + dir / "specs" + " --db " + db.Url()).text == expected);
    CHECK(db.Query("SHOW CREATE TABLE big") == definition);
  }
}

TEST_CASE("MariaDB: KILL CONNECTION on the lock connection stops the run with exit 2, nothing more committed",
          "[mysql][slow]") {
  REQUIRE_SERVER(s);
  TempDir dir;
  MysqlBigSpec(dir, 600000);
  ScratchDb db(s, "killconn");
  db.Query("CREATE TABLE big (id BIGINT PRIMARY KEY, v INT NOT NULL, note VARCHAR(400) NOT NULL)");
  // An empty table loads in one statement: all or nothing. A table that
  // already has a row loads batch by batch: whole batches only.
  const bool empty = GENERATE(true, false);
  if (!empty) db.Query("INSERT INTO big VALUES (1, 1, 'kept')");
  const pid_t pid = StartCli("run " + dir / "specs" + " --db " + db.Url() + " --log-file " + dir / "run.log");
  REQUIRE(WaitForHolder(db, db.LockName()));
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  db.Query("KILL CONNECTION " + db.Query("SELECT IS_USED_LOCK('" + db.LockName() + "')"));
  CHECK(WaitExit(pid) == 2);
  const long after = std::stol(db.Query("SELECT COUNT(*) FROM big")) - (empty ? 0 : 1);
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  CHECK(std::stol(db.Query("SELECT COUNT(*) FROM big")) - (empty ? 0 : 1) == after);
  CHECK(after < 600000);
  CHECK(after % 5000 == 0);
  if (empty) CHECK(after == 0);
  // ledger and data agree
  CHECK(std::stol(db.Query("SELECT COALESCE(SUM(inserted), 0) FROM seed_engine_batches")) == after);
}

TEST_CASE("MariaDB: a new run waits for the previous run's data connection, not only for its lock",
          "[mysql][lock]") {
  REQUIRE_SERVER(s);
  TempDir dir;
  MysqlBigSpec(dir, 1000);
  ScratchDb db(s, "datalock");
  db.Query("CREATE TABLE big (id BIGINT PRIMARY KEY, v INT NOT NULL, note VARCHAR(400) NOT NULL)");
  // A data connection of a killed run, still finishing its COMMIT while
  // its lock connection is already gone: it holds the data lock alone.
  const std::string hold = "mariadb --no-defaults -N -B -h" + s.host + " -P" + s.port + " -u" + s.user + " -p" +
                           s.password + " -e " +
                           ShellQuoted("SELECT GET_LOCK('" + db.LockName() + ":data', 0), SLEEP(3)") + " >" +
                           dir / "holder.out" + " 2>&1 &";
  REQUIRE(std::system(hold.c_str()) == 0);
  for (int i = 0; i < 50 && db.Query("SELECT IS_USED_LOCK('" + db.LockName() + ":data') IS NOT NULL") != "1"; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  const auto start = std::chrono::steady_clock::now();
  const Output run = Cli("run " + dir / "specs" + " --db " + db.Url());
  const double waited = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  INFO(run.text << ReadFile(dir / "holder.out"));
  CHECK(run.code == 0);
  CHECK(waited >= 2);  // it waited for that connection to end, then seeded
  CHECK(db.Query("SELECT COUNT(*) FROM big") == "1000");
}

TEST_CASE("MariaDB as --source-db: a query's rows streamed, masked, into SQLite", "[mysql][source]") {
  REQUIRE_SERVER(s);
  ScratchDb src(s, "src");
  src.Query("CREATE TABLE customers (id INT PRIMARY KEY, mail VARCHAR(80))");
  src.Query("INSERT INTO customers SELECT seq, CONCAT('real', seq, '@mail.net') FROM seq_1_to_20000");
  TempDir dir;
  dir.Write("specs/clients.yaml",
            "table: clients\nsource: {query: \"SELECT id, mail FROM customers ORDER BY id\"}\ncolumns:\n"
            "  id: source\n  email: {generator: source, field: mail, unique: true, pii: {category: email}}\n");
  dir.Write("schema.sql", "CREATE TABLE clients (id INTEGER PRIMARY KEY, email TEXT UNIQUE);\n");
  const std::string db = dir / "t.db";
  Output run = Cli("run " + dir / "specs" + " --db sqlite:" + db + " --schema " + dir / "schema.sql" +
                       " --source-db " + src.Url(),
                   "SEED_MASK_SECRET=k");
  INFO(run.text);
  REQUIRE(run.code == 0);
  CHECK(Count(db, "clients") == 20000);
  CHECK(Sql(db, "SELECT COUNT(*) FROM clients WHERE email LIKE 'real%'") == std::vector<std::string>{"0"});
  CHECK(Sql(db, "SELECT MIN(id), MAX(id) FROM clients") == std::vector<std::string>{"1|20000"});
  CHECK(run.text.find("real1@mail.net") == std::string::npos);
}

TEST_CASE("MariaDB: passwords never appear, even in connection errors", "[mysql]") {
  REQUIRE_SERVER(s);
  ScratchDb db(s, "pw");
  const std::string wrong = "mysql://" + s.user + ":WrongSecret123@" + s.host + ":" + s.port + "/" + db.name();
  for (const std::string& url : {wrong, std::string("mysql://seed:WrongSecret123@127.0.0.1:1/x")})
    for (const char* format : {"text", "json"}) {
      Output out = Cli("run " + Specs() + " --log-format " + format + " --db '" + url + "'");
      INFO(out.text);
      CHECK(out.code != 0);
      CHECK(out.text.find("WrongSecret123") == std::string::npos);
    }
  Output ok = Cli("run " + Specs() + " --log-format json --db " + db.Url() + " --schema " + MysqlSchema() + " --table strains");
  CHECK(ok.code == 0);
  CHECK(ok.text.find(":***@") != std::string::npos);
  CHECK(ok.text.find(":" + s.password + "@") == std::string::npos);
}

TEST_CASE("MariaDB: rollback removes exactly the seeded rows", "[mysql]") {
  REQUIRE_SERVER(s);
  ScratchDb db(s, "rollback");
  REQUIRE(Cli("run " + Specs() + " --db " + db.Url() + " --schema " + MysqlSchema() + " --table strains").code == 0);
  db.Query("DELETE FROM strains; DROP TABLE seed_engine_batches, seed_engine_tables, seed_engine_runs;"
           "INSERT INTO clients (id, name, email, license_number, client_type, credit_limit, created_at)"
           " VALUES (1, 'User Co', 'u@corp.test', 'L-1', 'dispensary', 5, '2020-01-01 00:00:00')");
  const std::string before = Cli("checksum " + Specs() + " --db " + db.Url()).text;
  REQUIRE(Cli("run " + Specs() + " --db " + db.Url()).code == 0);
  CHECK(Cli("run " + Specs() + " --db " + db.Url()).text.find("already seeded") != std::string::npos);
  db.Query("INSERT INTO orders (id, order_number, client_id, status, ordered_at) VALUES (900000, 'U-1', 2, 'draft', NOW())");
  Output blocked = Cli("rollback " + Specs() + " --db " + db.Url() + " --yes --audit-file " + "/dev/null");
  INFO(blocked.text);
  CHECK(blocked.code == 4);
  CHECK(blocked.text.find("orders.client_id") != std::string::npos);
  db.Query("DELETE FROM orders WHERE id = 900000");
  Output rb = Cli("rollback " + Specs() + " --db " + db.Url() + " --yes --audit-file /dev/null");
  INFO(rb.text);
  CHECK(rb.code == 0);
  CHECK(Cli("checksum " + Specs() + " --db " + db.Url()).text == before);
}

TEST_CASE("MariaDB: graph selection, run --replant and reset, as on SQLite", "[mysql][workflow]") {
  REQUIRE_SERVER(s);
  ScratchDb db(s, "replant");
  const std::string at = Specs() + " --db " + db.Url();
  auto count = [&](const std::string& table) { return std::stol(db.Query("SELECT COUNT(*) FROM " + table)); };
  // Parents neither selected nor seeded: refused before any row is written.
  const Output orphaned = Cli("run " + at + " --schema " + MysqlSchema() + " --table orders");
  INFO(orphaned.text);
  CHECK(orphaned.code == 1);
  CHECK(orphaned.text.find("clients") != std::string::npos);
  CHECK(count("orders") == 0);
  // +orders brings its parents along, nothing else.
  REQUIRE(Cli("run " + at + " --table +orders").code == 0);
  CHECK(count("orders") == 2000);
  CHECK(count("clients") == 100);
  CHECK(count("order_items") == 0);
  REQUIRE(Cli("run " + at).code == 0);
  const std::string small = Cli("checksum " + at).text;
  // A changed size: refused naming --replant, which then works.
  CHECK(Cli("run " + at + " --size medium").text.find("--replant`") != std::string::npos);
  const Output replant = Cli("run " + at + " --size medium --replant");
  INFO(replant.text);
  CHECK(replant.code == 0);
  CHECK(count("order_items") == 60000);
  // One table replanted takes its dependents along, and only them.
  const Output orders = Cli("run " + at + " --size medium --replant --table orders --exclude strains");
  INFO(orders.text);
  CHECK(orders.code == 0);
  CHECK(orders.text.find("order_items: deleted") != std::string::npos);
  CHECK(orders.text.find("clients: deleted") == std::string::npos);
  CHECK(count("clients") == 1000);
  // reset, then the small size again: the same rows as the first time.
  REQUIRE(Cli("reset " + at + " --yes --audit-file /dev/null").code == 0);
  CHECK(count("strains") == 0);
  REQUIRE(Cli("run " + at).code == 0);
  CHECK(Cli("checksum " + at).text == small);
}

TEST_CASE("MariaDB: a column added to a seeded table and its spec is filled in place, as a fresh seeding fills it",
          "[mysql][workflow][evolve]") {
  REQUIRE_SERVER(s);
  TempDir dir;
  fs::copy(Specs(), dir / "specs", fs::copy_options::recursive);
  const char* alter =
      "ALTER TABLE batches ADD COLUMN moisture_pct DECIMAL(5,2) NULL, ADD COLUMN grower_id INT UNSIGNED NULL,"
      " ADD FOREIGN KEY (grower_id) REFERENCES clients(id)";
  ScratchDb db(s, "evolve"), fresh(s, "fresh");
  REQUIRE(Cli("run " + (dir / "specs") + " --db " + db.Url() + " --schema " + MysqlSchema()).code == 0);
  db.Query(alter);
  dir.Write("specs/batches.yaml", ReadFile(dir / "specs/batches.yaml") +
                                      "  moisture_pct: {generator: decimal, min: 8.00, max: 14.00}\n"
                                      "  grower_id: {generator: reference, table: clients}\n");
  const Output run = Cli("run " + (dir / "specs") + " --db " + db.Url());
  INFO(run.text);
  CHECK(run.code == 0);
  CHECK(run.text.find("filled new columns moisture_pct, grower_id in place for 500 seeded rows") != std::string::npos);
  CHECK(db.Query("SELECT COUNT(*) FROM batches WHERE moisture_pct IS NULL OR grower_id IS NULL") == "0");
  fresh.Query(ReadFile(MysqlSchema()));
  fresh.Query(alter);
  REQUIRE(Cli("run " + (dir / "specs") + " --db " + fresh.Url()).code == 0);
  CHECK(Cli("checksum " + Specs() + " --db " + db.Url()).text == Cli("checksum " + Specs() + " --db " + fresh.Url()).text);
  const Output undo = Cli("rollback " + (dir / "specs") + " --db " + db.Url() + " --yes --audit-file /dev/null");
  INFO(undo.text);
  CHECK(undo.code == 0);
  CHECK(db.Query("SELECT COUNT(*) FROM batches") == "0");
}

}  // namespace seed::test
