// End to end on a real SQLite file, through the real binary: what a user
// running `seed-engine run specs/` relies on.
#include <fcntl.h>
#include <sys/file.h>

#include <catch2/catch.hpp>
#include <ctime>
#include <nlohmann/json.hpp>
#include <sstream>

#include "tests/support/harness.h"

namespace seed::test {

namespace {

const std::vector<std::pair<std::string, long>> kSmall = {
    {"strains", 50}, {"clients", 100}, {"batches", 500}, {"inventory_items", 1000}, {"orders", 2000}, {"order_items", 6000}};

Output Seed(const TempDir& dir, const std::string& extra = "", const std::string& env = "") {
  return Cli("run " + Specs() + " --db sqlite:" + dir / "t.db" + " --schema " + SqliteSchema() + " " + extra, env);
}

// A one-table spec directory with its schema, for the bad-input cases.
void MiniSpecs(const TempDir& dir, const std::string& yaml, const std::string& sql =
    "CREATE TABLE t (id INTEGER PRIMARY KEY, code VARCHAR(5) NOT NULL);") {
  dir.Write("specs/t.yaml", yaml);
  dir.Write("schema.sql", sql);
}

}  // namespace

TEST_CASE("the demo seeds into SQLite with every foreign key satisfied and exact counts", "[cli][sqlite]") {
  TempDir dir;
  Output out = Seed(dir);
  INFO(out.text);
  REQUIRE(out.code == 0);
  CHECK(Sql(dir / "t.db", "PRAGMA foreign_key_check").empty());
  for (const auto& [table, rows] : kSmall) {
    CHECK(Count(dir / "t.db", table) == rows);
    CHECK(out.text.find(table) != std::string::npos);  // the per-table summary
  }
  // Unique columns hold, children per parent stay within 1..6.
  CHECK(Sql(dir / "t.db", "SELECT COUNT(DISTINCT email) FROM clients")[0] == "100");
  CHECK(Sql(dir / "t.db", "SELECT MIN(n) || '-' || MAX(n) FROM (SELECT COUNT(*) n FROM order_items GROUP BY order_id)")[0] == "1-6");
  CHECK(Sql(dir / "t.db", "SELECT COUNT(*) FROM orders o WHERE NOT EXISTS (SELECT 1 FROM order_items i WHERE i.order_id = o.id)")[0] == "0");
  // Derived columns are exact: line_total = quantity * unit_price.
  CHECK(Sql(dir / "t.db", "SELECT COUNT(*) FROM order_items WHERE abs(line_total - quantity * unit_price) > 0.001")[0] == "0");
}

TEST_CASE("SQLite: --jobs N runs one worker, says why, and writes the single run's rows", "[cli][sqlite]") {
  TempDir one, jobs;
  REQUIRE(Seed(one).code == 0);
  Output out = Seed(jobs, "--jobs 3");
  INFO(out.text);
  REQUIRE(out.code == 0);
  CHECK(out.text.find("--jobs 3: SQLite takes one writer at a time; one worker seeds the same rows") !=
        std::string::npos);
  CHECK(out.text.find("partition") == std::string::npos);  // no worker was started
  const Output a = Cli("checksum " + Specs() + " --db sqlite:" + one / "t.db");
  CHECK(a.code == 0);
  CHECK(a.text == Cli("checksum " + Specs() + " --db sqlite:" + jobs / "t.db").text);
  CHECK(Seed(jobs, "--jobs 0").code == 1);
}

TEST_CASE("counts follow the size: medium, and N rows per table", "[cli][sqlite]") {
  Output medium = Cli("run " + Specs() + " --dry-run --size medium");
  INFO(medium.text);
  REQUIRE(medium.code == 0);
  CHECK(medium.text.find("total                                  96200") != std::string::npos);
  Output plan = Cli("plan " + Specs() + " --size medium");
  CHECK(plan.text.find("order_items                   60000 rows") != std::string::npos);
  CHECK(plan.text.find("total 96200 rows") != std::string::npos);
  Output n = Cli("plan " + Specs() + " --size 7 --table strains");
  CHECK(n.text.find("strains                           7 rows  size=N") != std::string::npos);
  // staging defaults to medium
  CHECK(Cli("plan " + Specs() + " --env staging").text.find("60000 rows  size=medium") != std::string::npos);
}

TEST_CASE("same seed, same rows, another seed, other rows, golden digests", "[cli][sqlite]") {
  TempDir a, b, c;
  REQUIRE(Seed(a, "--seed 7").code == 0);
  REQUIRE(Seed(b, "--seed 7").code == 0);
  REQUIRE(Seed(c, "--seed 8").code == 0);
  const Output sa = Cli("checksum " + Specs() + " --db sqlite:" + a / "t.db");
  const Output sb = Cli("checksum " + Specs() + " --db sqlite:" + b / "t.db");
  const Output sc = Cli("checksum " + Specs() + " --db sqlite:" + c / "t.db");
  CHECK(sa.text == sb.text);
  CHECK(sa.text != sc.text);
  for (const auto& [table, rows] : kSmall)
    CHECK(Sql(a / "t.db", "SELECT * FROM " + table + " ORDER BY id LIMIT 3") ==
          Sql(b / "t.db", "SELECT * FROM " + table + " ORDER BY id LIMIT 3"));
  // The golden file pins the generators' output across machines and
  // versions; regenerate it only for an intended change of generated data:
  //   build/seed-engine run specs --seed 7 --db sqlite:/tmp/g.db --schema specs/sql/terp.sqlite.sql
  //   build/seed-engine checksum specs --db sqlite:/tmp/g.db > tests/testdata/golden/checksum_seed7.txt
  CHECK(sa.text == ReadFile(kSource + "/tests/testdata/golden/checksum_seed7.txt"));
}

TEST_CASE("schema drift exits 3 and leaves the file untouched", "[cli][sqlite]") {
  TempDir dir;
  const std::string db = dir / "t.db";
  std::string schema = ReadFile(SqliteSchema());
  const std::string col = "license_number VARCHAR(40) NOT NULL UNIQUE,";
  REQUIRE(schema.find(col) != std::string::npos);
  schema.replace(schema.find(col), col.size(), "");
  dir.Write("drifted.sql", schema);
  REQUIRE(Cli("run " + Specs() + " --db sqlite:" + db + " --schema " + dir / "drifted.sql" + " --table strains").code == 0);
  Sql(db, "DELETE FROM strains; DROP TABLE IF EXISTS seed_engine_batches; DROP TABLE IF EXISTS seed_engine_tables;"
          " DROP TABLE IF EXISTS seed_engine_runs; PRAGMA wal_checkpoint(TRUNCATE);");
  const std::string before = ReadFile(db);
  Output out = Cli("run " + Specs() + " --db sqlite:" + db);
  INFO(out.text);
  CHECK(out.code == 3);
  CHECK(out.text.find("clients.license_number") != std::string::npos);
  Sql(db, "PRAGMA wal_checkpoint(TRUNCATE)");
  CHECK(ReadFile(db) == before);
  for (const auto& [table, rows] : kSmall) CHECK(Count(db, table) == 0);

  // A database in rollback-journal mode keeps its mode and bytes too.
  const std::string plain = dir / "plain.db";
  Sql(plain, schema);
  REQUIRE(Sql(plain, "PRAGMA journal_mode")[0] == "delete");
  const std::string plain_before = ReadFile(plain);
  CHECK(Cli("run " + Specs() + " --db sqlite:" + plain).code == 3);
  CHECK(Sql(plain, "PRAGMA journal_mode")[0] == "delete");
  CHECK(ReadFile(plain) == plain_before);
}

TEST_CASE("each class of bad input exits 1 with file:line:col and writes nothing", "[cli][sqlite]") {
  struct Case {
    const char* name;
    const char* yaml;
    const char* expect;
  };
  const Case cases[] = {
      {"malformed YAML", "table: t\ncolumns: {id: sequence\n", "t.yaml:"},
      {"unknown key", "table: t\ncount: 5\ncolumnz: {id: sequence}\n", "did you mean 'columns'"},
      {"unknown generator", "table: t\ncount: 5\ncolumns:\n  id: sequnce\n", "t.yaml:4:7: t.id: unknown generator 'sequnce' (did you mean 'sequence'?)"},
      {"wrong option type", "table: t\ncount: 5\ncolumns:\n  id: {generator: int, min: abc}\n", "t.yaml:4:29: option 'min': must be an integer"},
      {"unknown table", "table: t\ncount: 5\ncolumns:\n  id: {generator: reference, table: tt}\n", "names unknown table 'tt' (did you mean 't'?)"},
      {"unknown column", "table: t\ncount: 5\ncolumns:\n  id: sequence\n  code: {expr: \"idd + 1\"}\n", "unknown column 'idd' in table t (did you mean 'id'?)"},
      {"impossible unique", "table: t\ncount: 500\ncolumns:\n  id: sequence\n  code: {generator: choice, values: [a, b], unique: true}\n",
       "t.code: unique column needs 500 values but generator 'choice' can produce only 2"},
  };
  for (const Case& c : cases) {
    SECTION(c.name) {
      TempDir dir;
      MiniSpecs(dir, c.yaml);
      Output out = Cli("run " + dir / "specs" + " --db sqlite:" + dir / "t.db" + " --schema " + dir / "schema.sql");
      INFO(out.text);
      CHECK(out.code == 1);
      CHECK(out.text.find(c.expect) != std::string::npos);
      CHECK(!fs::exists(dir / "t.db"));  // not even opened
    }
  }
  SECTION("usage errors say what is wrong and where help is") {
    for (const auto& [args, expect] : std::vector<std::pair<const char*, const char*>>{
             {"run", "missing spec directory"},
             {"run specs --bogus", "unknown option --bogus; see 'seed-engine run --help'"},
             {"frobnicate", "usage: seed-engine <command>"}}) {
      Output out = Cli(args);
      INFO(args << "\n" << out.text);
      CHECK(out.code == 1);
      CHECK(out.text.find(expect) != std::string::npos);
    }
    Output size = Cli("run specs --size huge");
    CHECK(size.code == 1);
    CHECK(size.text.find("use small, medium, large or a row count") != std::string::npos);
  }
}

TEST_CASE("validate refuses an alias bomb and deep nesting, naming each file", "[cli][sqlite]") {
  TempDir dir;
  std::string bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n";
  for (char c = 'b'; c <= 'k'; ++c)
    bomb += std::string(1, c) + ": &" + c + " [*" + char(c - 1) + ", *" + char(c - 1) + ", *" + char(c - 1) +
            ", *" + char(c - 1) + ", *" + char(c - 1) + ", *" + char(c - 1) + "]\n";
  dir.Write("specs/bomb.yaml", "table: t\n" + bomb);
  dir.Write("specs/deep.yaml", std::string(5000, '[') + std::string(5000, ']'));
  Output out = Cli("validate " + dir / "specs");
  INFO(out.text);
  CHECK(out.code == 1);
  CHECK(out.text.find("bomb.yaml") != std::string::npos);
  CHECK(out.text.find("deep.yaml") != std::string::npos);
}

TEST_CASE("a run holding the lock makes another exit 2 without writing", "[cli][sqlite]") {
  TempDir dir;
  const std::string db = dir / "t.db";
  const int fd = open((db + ".lock").c_str(), O_RDWR | O_CREAT, 0644);
  REQUIRE(fd >= 0);
  REQUIRE(flock(fd, LOCK_EX | LOCK_NB) == 0);
  (void)!write(fd, "4242\n", 5);
  Output out = Seed(dir);
  INFO(out.text);
  CHECK(out.code == 2);
  CHECK(out.text.find("pid 4242") != std::string::npos);
  flock(fd, LOCK_UN);
  close(fd);
  CHECK(Sql(db, "SELECT COUNT(*) FROM sqlite_master WHERE name = 'orders'")[0] == "0");
  CHECK(Seed(dir).code == 0);  // released: the next run proceeds
}

TEST_CASE("a lease whose holder was killed on this machine is taken at once, one held in another PID namespace"
          " only at its expiry",
          "[cli][sqlite][lease]") {
  TempDir dir;
  auto run = [&](const std::string& db) {
    return "run " + Specs() + " --db sqlite:" + db + " --schema " + SqliteSchema() + " --size medium --lock lease";
  };
  // Killed once it holds the lease, its lease row left behind with the
  // default TTL's minute to live.
  auto killed_holder = [&](const std::string& db, const std::string& wrapper) {
    const pid_t pid = StartCli(run(db), "/dev/null", wrapper);
    auto held = [&] {
      const std::vector<std::string> n = Sql(db, "SELECT COUNT(*) FROM seed_engine_leases WHERE name = 'run'");
      return n.size() == 1 && n[0] == "1";
    };
    int status = 0;
    while (waitpid(pid, &status, WNOHANG) == 0 && !held()) usleep(2000);
    kill(pid, SIGKILL);
    waitpid(pid, &status, 0);
    REQUIRE((WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL));  // killed holding it, not finished
    REQUIRE(held());
  };
  killed_holder(dir / "here.db", "");
  // Before: exit 2 for that minute.
  const Output rerun = Cli(run(dir / "here.db") + " --lock-timeout 0");
  INFO(rerun.text);
  CHECK(rerun.code == 0);
  REQUIRE(Cli(run(dir / "plain.db")).code == 0);
  CHECK(Cli("checksum " + Specs() + " --db sqlite:" + dir / "here.db").text ==
        Cli("checksum " + Specs() + " --db sqlite:" + dir / "plain.db").text);

  if (ForeignMachine().empty()) {
    WARN("no PID namespace can be made here (unshare): the other machine's holder is not tried");
    return;
  }
  killed_holder(dir / "there.db", ForeignMachine());
  const Output refused = Cli(run(dir / "there.db") + " --lock-timeout 0");
  INFO(refused.text);
  CHECK(refused.code == 2);
  CHECK(refused.text.find("another run holds the lease") != std::string::npos);
}

TEST_CASE("production is refused unless allowed twice, then seeds reference data only", "[cli][sqlite]") {
  TempDir dir;
  CHECK(Seed(dir, "--env production").code == 5);
  CHECK(Seed(dir, "", "NODE_ENV=production").code == 5);
  CHECK(Seed(dir, "--env production", "ALLOW_PRODUCTION_SEEDING=true").code == 5);  // no --yes
  CHECK(!fs::exists(dir / "t.db"));
  Output ok = Seed(dir, "--env production --yes", "ALLOW_PRODUCTION_SEEDING=true");
  INFO(ok.text);
  REQUIRE(ok.code == 0);
  CHECK(Count(dir / "t.db", "strains") == 50);
  CHECK(Count(dir / "t.db", "clients") == 0);
}

TEST_CASE("JSON logs: one object per line with start, per-table and summary events", "[cli][sqlite]") {
  TempDir dir;
  Output out = Seed(dir, "--log-format json --log-file " + dir / "run.log");
  REQUIRE(out.code == 0);
  std::vector<std::string> events;
  std::istringstream lines(ReadFile(dir / "run.log"));
  for (std::string line; std::getline(lines, line);) {
    nlohmann::json j = nlohmann::json::parse(line);  // throws on a non-JSON line
    CHECK(j.contains("timestamp"));
    CHECK(j.contains("level"));
    events.push_back(j["event"]);
    if (j["event"] == "run.start") {
      CHECK(j["context"]["env"] == "dev");
      CHECK(j["context"]["seed"] == 42);
      CHECK(j["context"].contains("spec_hash"));
      CHECK(j["context"]["db"] == "sqlite:" + dir / "t.db");
    }
    if (j["event"] == "table.done") CHECK(j["context"].contains("duration_ms"));
  }
  CHECK(std::count(events.begin(), events.end(), "table.done") == 6);
  REQUIRE(!events.empty());
  CHECK(events.back() == "run.done");
}

TEST_CASE("passwords never appear in output", "[cli][sqlite]") {
  for (const char* format : {"text", "json"}) {
    Output out = Cli("run " + Specs() + " --log-format " + format + " --db mysql://seed:Sup3rSecret@127.0.0.1:1/x");
    INFO(out.text);
    CHECK(out.code != 0);
    CHECK(out.text.find("Sup3rSecret") == std::string::npos);
    CHECK(out.text.find("***") != std::string::npos);
  }
}

TEST_CASE("rows the schema rejects are skipped and counted (exit 4), a failing table skips only its dependents",
          "[cli][sqlite]") {
  TempDir dir;
  dir.Write("specs/a.yaml", "table: a\ncount: 200\ncolumns:\n  id: sequence\n  code: {generator: choice, values: [ok, toolong]}\n");
  dir.Write("specs/b.yaml", "table: b\ncount: 50\ncolumns:\n  id: sequence\n  v: {generator: int, min: 1, max: 9}\n");
  dir.Write("specs/c.yaml", "table: c\ncount: 20\ncolumns:\n  id: sequence\n  b_id: {generator: reference, table: b}\n");
  dir.Write("schema.sql",
            "CREATE TABLE a (id INTEGER PRIMARY KEY, code TEXT NOT NULL CHECK (length(code) <= 5));"
            // A CHECK with OR is left to the database (a plain bound would
            // be drift, refused before any write): every row of b fails.
            "CREATE TABLE b (id INTEGER PRIMARY KEY, v INTEGER NOT NULL CHECK (v > 100 OR v = -1));"
            "CREATE TABLE c (id INTEGER PRIMARY KEY, b_id INTEGER NOT NULL REFERENCES b(id));");
  Output out = Cli("run " + dir / "specs" + " --db sqlite:" + dir / "t.db" + " --schema " + dir / "schema.sql");
  INFO(out.text);
  CHECK(out.code == 4);
  const long a = Count(dir / "t.db", "a");
  CHECK(a > 50);
  CHECK(a < 200);
  CHECK(Sql(dir / "t.db", "SELECT COUNT(*) FROM a WHERE code = 'ok'")[0] == std::to_string(a));
  CHECK(out.text.find(std::to_string(200 - a)) != std::string::npos);  // skipped, in the summary
  CHECK(Count(dir / "t.db", "b") == 0);
  CHECK(Count(dir / "t.db", "c") == 0);
  CHECK(out.text.find("depends on b") != std::string::npos);
}

}  // namespace seed::test

namespace seed::test {

TEST_CASE("a worker of a run cut another way exits 2, and whole tables per worker are refused on SQLite",
          "[cli][sqlite][partition]") {
  TempDir dir;
  REQUIRE(Seed(dir).code == 0);
  const std::string db = dir / "t.db";
  // Live leases of other workers: 1 of 2 writing whole tables, 1 of 3.
  const std::string now = std::to_string(std::time(nullptr));
  REQUIRE(Sql(db, "CREATE TABLE IF NOT EXISTS seed_engine_leases (name VARCHAR(190) NOT NULL PRIMARY KEY,"
                  " owner VARCHAR(190) NOT NULL, run_id VARCHAR(40) NOT NULL, heartbeat BIGINT NOT NULL,"
                  " expires BIGINT NOT NULL, generation BIGINT NOT NULL);"
                  " INSERT INTO seed_engine_leases VALUES ('run 1/2 tables', 'elsewhere pid 1', '', " + now + ", " +
                      now + " + 600, 0)")
              .empty());
  const std::string at = "run " + Specs() + " --db sqlite:" + db + " --partition-wait 5";
  const Output rows = Cli(at + " --partition 0/2");
  INFO(rows.text);
  CHECK(rows.code == 2);
  CHECK(rows.text.find("run 1/2 tables") != std::string::npos);
  REQUIRE(Sql(db, "UPDATE seed_engine_leases SET name = 'run 1/3' WHERE name = 'run 1/2 tables'").empty());
  CHECK(Cli(at + " --partition 01/3").code == 2);  // a second worker 1, however spelled
  CHECK(Cli(at + " --partition 0/3").code == 0);   // its partner: every table is seeded already
  const Output tables = Cli(at + " --partition 0/3 --split tables");
  CHECK(tables.code == 1);
  CHECK(tables.text.find("--split tables with SQLite") != std::string::npos);
}

}  // namespace seed::test

namespace seed::test {

// A user resumes on other machines, with another worker count or cut: what
// the ledger's batches hold is what is in, wherever a share began.
TEST_CASE("a resume with another worker count or cut writes exactly the rows the ledger lacks",
          "[cli][sqlite][partition]") {
  TempDir dir;
  MiniSpecs(dir, "table: t\ncount: 1000\ncolumns:\n  id: sequence\n  code: {generator: pattern, pattern: '[a-z]{5}'}\n");
  const std::string at = "run " + dir / "specs" + " --batch-size 7 --db sqlite:";
  REQUIRE(Cli(at + dir / "one.db --schema " + dir / "schema.sql").code == 0);
  const std::string single = Cli("checksum " + dir / "specs --db sqlite:" + dir / "one.db").text;
  const std::string db = dir / "t.db";
  Sql(db, ReadFile(dir / "schema.sql"));
  // Shares of 4 and of 8 workers: rows [250, 500) and [625, 750).
  REQUIRE(Cli(at + db + " --partition 1/4 --partition-wait 1").code == 0);
  REQUIRE(Cli(at + db + " --partition 5/8 --partition-wait 1").code == 0);
  REQUIRE(Count(db, "t") == 375);
  // Worker 0 of 3 ([0, 333)) has 83 rows of worker 1 of 4's share in.
  const Output part = Cli(at + db + " --partition 0/3 --partition-wait 1");
  INFO(part.text);
  REQUIRE(part.code == 0);
  CHECK(Count(db, "t") == 375 + 250);
  const Output rest = Cli(at + db);  // one worker: the gaps [333, 500) excepted
  INFO(rest.text);
  REQUIRE(rest.code == 0);
  CHECK(rest.text.find("resuming, 375 rows left from row 500") != std::string::npos);
  CHECK(Count(db, "t") == 1000);
  CHECK(Sql(db, "SELECT COUNT(DISTINCT id) || ' ' || MIN(id) || ' ' || MAX(id) FROM t")[0] == "1000 1 1000");
  CHECK(Cli("checksum " + dir / "specs --db sqlite:" + db).text == single);
  CHECK(Sql(db, "SELECT SUM(end_row - first_row) FROM seed_engine_batches")[0] == "1000");  // no batch overlaps
}

}  // namespace seed::test
