// The day-to-day workflow on SQLite (issue 14): the README's Quick start in
// order, reseeding in one command, dependency-aware selection, the CLI's
// conventions (version, help, suggestions, environment aliases, stdout for
// the summary), interrupts and unreachable servers.
#include <signal.h>
#include <sys/wait.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

#include "engine/driver/registry.h"
#include "tests/support/harness.h"

namespace seed::test {

namespace {

std::string Db(const TempDir& dir) { return "sqlite:" + dir / "t.db"; }

std::string Checksum(const TempDir& dir) { return Cli("checksum " + Specs() + " --db " + Db(dir)).text; }

// `seed-engine args`, its stdout and stderr apart.
struct Split {
  int code = -1;
  std::string out, err;
};
Split Streams(const TempDir& dir, const std::string& args) {
  const std::string cmd = kBinary + " " + args + " >" + dir / "stdout.txt" + " 2>" + dir / "stderr.txt" + " </dev/null";
  const int status = std::system(cmd.c_str());
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, ReadFile(dir / "stdout.txt"), ReadFile(dir / "stderr.txt")};
}

}  // namespace

TEST_CASE("the README's Quick start commands succeed in the written order", "[cli][workflow]") {
  TempDir dir;
  // tools/demo.sh, then the commands the README lists after a build.
  REQUIRE(Cli("run " + Specs() + " --db " + Db(dir) + " --schema " + SqliteSchema()).code == 0);
  std::string readme = ReadFile(kSource + "/README.md");
  const size_t from = readme.find("After a build, the binary is `build/seed-engine`");
  REQUIRE(from != std::string::npos);
  const size_t open = readme.find("```sh\n", from) + 6;
  const std::string block = readme.substr(open, readme.find("```", open) - open);
  int commands = 0;
  for (size_t at = 0; at < block.size();) {
    const size_t end = block.find('\n', at);
    std::string line = block.substr(at, end - at);
    at = end + 1;
    line = line.substr(0, line.find("  #"));
    if (line.rfind("build/seed-engine ", 0) != 0) continue;
    // The commands name specs/ and the default seed.db; here they run in
    // the source tree against the test's file.
    std::string args = line.substr(18);
    for (size_t p = 0; (p = args.find("specs/", p)) != std::string::npos; p += Specs().size() + 1)
      args.replace(p, 6, Specs() + "/");
    for (size_t p = 0; (p = args.find("sqlite:seed.db", p)) != std::string::npos; p += Db(dir).size())
      args.replace(p, 14, Db(dir));
    if (args.find("--db") == std::string::npos && args.rfind("plan", 0) != 0 && args.rfind("preview", 0) != 0)
      args += " --db " + Db(dir);
    const Output out = Cli(args);
    INFO(line << "\n" << out.text);
    CHECK(out.code == 0);
    ++commands;
  }
  CHECK(commands >= 4);
}

TEST_CASE("run --replant reseeds changed tables and their dependents, reset undoes every seeded table",
          "[cli][workflow]") {
  TempDir dir;
  REQUIRE(Cli("run " + Specs() + " --db " + Db(dir) + " --schema " + SqliteSchema()).code == 0);
  const std::string small = Checksum(dir);
  Sql(dir / "t.db", "INSERT INTO strains (id, name, category) VALUES (100000, 'user strain', 'hybrid')");
  // A changed size names the command that works; it does.
  const Output refused = Cli("run " + Specs() + " --size medium --db " + Db(dir));
  INFO(refused.text);
  CHECK(refused.code == 1);
  CHECK(refused.text.find("--size medium --db " + Db(dir) + " --replant`") != std::string::npos);
  CHECK(refused.text.find("<dir>") == std::string::npos);
  const Output replant = Cli("run " + Specs() + " --size medium --replant --db " + Db(dir));
  INFO(replant.text);
  CHECK(replant.code == 0);
  CHECK(Count(dir / "t.db", "strains") == 201);  // 200 seeded, the user's row kept
  CHECK(Count(dir / "t.db", "orders") == 20000);
  // Replanting one table takes its dependents along, and only them.
  const long clients = Count(dir / "t.db", "clients");
  const Output orders = Cli("run " + Specs() + " --size medium --replant --table orders --db " + Db(dir));
  INFO(orders.text);
  CHECK(orders.code == 0);
  CHECK(orders.text.find("order_items: deleted") != std::string::npos);
  CHECK(orders.text.find("clients: deleted") == std::string::npos);
  CHECK(Count(dir / "t.db", "clients") == clients);
  CHECK(Count(dir / "t.db", "order_items") == 60000);
  // Outside dev a replant deletes only with --yes.
  const Output staging = Cli("run " + Specs() + " --env staging --replant --db " + Db(dir));
  CHECK(staging.code == 5);
  // reset: every seeded row gone, the user's row kept; then a plain run
  // seeds the small size again, to the same rows as the first time.
  const Output reset = Cli("reset " + Specs() + " --yes --db " + Db(dir));
  INFO(reset.text);
  CHECK(reset.code == 0);
  CHECK(Count(dir / "t.db", "strains") == 1);
  CHECK(Count(dir / "t.db", "order_items") == 0);
  Sql(dir / "t.db", "DELETE FROM strains");
  REQUIRE(Cli("run " + Specs() + " --db " + Db(dir)).code == 0);
  CHECK(Checksum(dir) == small);
}

TEST_CASE("selection: --table with graph operators and --exclude, unseeded parents are named before any write",
          "[cli][workflow]") {
  const Output parents = Cli("plan " + Specs() + " --table +orders");
  INFO(parents.text);
  CHECK(parents.code == 0);
  CHECK(parents.text.find(". clients ") != std::string::npos);
  CHECK(parents.text.find(". orders ") != std::string::npos);
  CHECK(parents.text.find(". strains ") == std::string::npos);
  const Output children = Cli("plan " + Specs() + " --table batches+ --exclude order_items");
  INFO(children.text);
  CHECK(children.text.find(". inventory_items ") != std::string::npos);
  CHECK(children.text.find(". order_items ") == std::string::npos);
  CHECK(children.text.find(". orders ") == std::string::npos);
  CHECK(Cli("plan " + Specs() + " --exclude ordrs").text.find("did you mean 'orders'") != std::string::npos);

  TempDir dir;
  const Output orphan = Cli("run " + Specs() + " --table orders --db " + Db(dir) + " --schema " + SqliteSchema());
  INFO(orphan.text);
  CHECK(orphan.code == 1);
  CHECK(orphan.text.find("orders: references clients, which is neither selected nor seeded") != std::string::npos);
  CHECK(Count(dir / "t.db", "orders") == 0);
  CHECK(Cli("run " + Specs() + " --table +orders --db " + Db(dir)).code == 0);
  CHECK(Count(dir / "t.db", "orders") == 2000);
  // Parents seeded by an earlier run count as seeded.
  const Output rest = Cli("run " + Specs() + " --table order_items --table inventory_items --table batches"
                          " --table strains --db " + Db(dir));
  INFO(rest.text);
  CHECK(rest.code == 0);
  CHECK(Count(dir / "t.db", "order_items") == 6000);
}

TEST_CASE("version, help CMD, and usage errors that name the option and the nearest one", "[cli][workflow]") {
  const Output version = Cli("--version");
  CHECK(version.code == 0);
  CHECK(version.text.rfind("seed-engine 0.", 0) == 0);
  CHECK(version.text.find("sqlite") != std::string::npos);
  CHECK(Cli("version").text == version.text);
  const Output help = Cli("help run");
  CHECK(help.code == 0);
  CHECK(help.text.find("--replant") != std::string::npos);
  CHECK(Cli("help rnu").text.find("did you mean 'run'") != std::string::npos);
  struct Case {
    const char* args;
    const char* expect;
  };
  for (const Case& c : {Case{"run specs --sede 7", "unknown option --sede (did you mean --seed?)"},
                        Case{"run specs --seed abc", "--seed abc: not a valid value"},
                        Case{"run specs --batch-size=x", "--batch-size x: not a valid value"},
                        Case{"status --db seed.db", "did you mean sqlite:seed.db?"},
                        Case{"rollbak specs", "did you mean 'rollback'?"},
                        Case{"run specs --quiet --verbose", "choose one"}}) {
    const Output out = Cli(c.args);
    INFO(c.args << "\n" << out.text);
    CHECK(out.code == 1);
    CHECK(out.text.find(c.expect) != std::string::npos);
  }
}

TEST_CASE("environment names from common frameworks map to dev, an unknown one names its variable",
          "[cli][workflow]") {
  for (const char* env : {"APP_ENV=local", "APP_ENV=testing", "NODE_ENV=test", "SEED_ENV=development"}) {
    const Output out = Cli("plan " + Specs(), env);
    INFO(env << "\n" << out.text);
    CHECK(out.code == 0);
    CHECK(out.text.rfind("plan env=dev ", 0) == 0);
  }
  const Output bad = Cli("plan " + Specs(), "NODE_ENV=qa");
  CHECK(bad.code == 1);
  CHECK(bad.text.find("unknown environment 'qa' (from NODE_ENV)") != std::string::npos);
  CHECK(Cli("plan " + Specs() + " --env prd").text.find("(from --env)") != std::string::npos);
}

TEST_CASE("read-only commands on a missing SQLite file create nothing", "[cli][workflow]") {
  TempDir dir;
  for (const std::string& args : {std::string("status"), "checksum " + Specs(), "rollback " + Specs() + " --yes",
                                  "validate " + Specs(), "reset " + Specs() + " --yes"}) {
    const Output out = Cli(args + " --db sqlite:" + dir / "typo.db");
    INFO(args << "\n" << out.text);
    CHECK(out.code == 1);
    CHECK(out.text.find("no such database file") != std::string::npos);
    CHECK(!std::filesystem::exists(dir / "typo.db"));
  }
}

TEST_CASE("run prints its summary on stdout, diagnostics on stderr, and a JSON result with --summary-file",
          "[cli][workflow]") {
  TempDir dir;
  const Split run = Streams(dir, "run " + Specs() + " --db " + Db(dir) + " --schema " + SqliteSchema() +
                                     " --summary-file " + dir / "result.json");
  INFO(run.out << "\n---\n" << run.err);
  CHECK(run.code == 0);
  CHECK(run.out.find("total                                   9650") != std::string::npos);
  CHECK(run.err.find("total ") == std::string::npos);
  CHECK(run.err.find("seeding 9650 rows") != std::string::npos);
  const nlohmann::json result = nlohmann::json::parse(ReadFile(dir / "result.json"));
  CHECK(result["exit"] == 0);
  CHECK(result["inserted"] == 9650);
  uint64_t sum = 0;
  for (const auto& t : result["tables"]) {
    CHECK(t["status"] == "ok");
    sum += t["inserted"].get<uint64_t>();
  }
  CHECK(sum == 9650);
  // --quiet leaves the summary and nothing else.
  const Split quiet = Streams(dir, "run " + Specs() + " --quiet --db " + Db(dir));
  CHECK(quiet.code == 0);
  CHECK(quiet.err.empty());
  CHECK(quiet.out.find("total") != std::string::npos);
}

TEST_CASE("skipped rows past --max-row-logs are counted in one line and all written to --log-file",
          "[cli][workflow]") {
  TempDir dir;
  dir.Write("specs/a.yaml", "table: a\ncount: 300\ncolumns:\n  id: sequence\n  code: {generator: choice, values: [ok, toolong]}\n");
  dir.Write("schema.sql", "CREATE TABLE a (id INTEGER PRIMARY KEY, code TEXT NOT NULL CHECK (length(code) <= 5));");
  const Output out = Cli("run " + dir / "specs" + " --max-row-logs 3 --log-file " + dir / "run.log" + " --db " +
                         Db(dir) + " --schema " + dir / "schema.sql");
  INFO(out.text);
  CHECK(out.code == 4);
  const long skipped = 300 - Count(dir / "t.db", "a");
  REQUIRE(skipped > 3);
  size_t shown = 0;
  for (size_t at = 0; (at = out.text.find("a row ", at)) != std::string::npos; ++at) ++shown;
  CHECK(shown == 3);
  CHECK(out.text.find("a: " + std::to_string(skipped - 3) + " more skipped rows not shown") != std::string::npos);
  const std::string log = ReadFile(dir / "run.log");
  size_t logged = 0;
  for (size_t at = 0; (at = log.find("a row ", at)) != std::string::npos; ++at) ++logged;
  CHECK(logged == static_cast<size_t>(skipped));
}

TEST_CASE("SIGINT and SIGTERM stop a run with 130 and 143, saying the same command resumes", "[cli][workflow]") {
  for (const int sig : {SIGINT, SIGTERM}) {
    TempDir dir;
    // Large enough to still be running after its first commit: W1 (medium
    // under the sanitizers, which run it several times slower).
    const std::string args = "run " + Specs() + " --size " + (kSanitized ? "medium" : "large") + " --db " +
                             Db(dir) + " --schema " + SqliteSchema();
    const pid_t pid = fork();
    if (pid == 0) {
      execl("/bin/sh", "sh", "-c", ("exec " + kBinary + " " + args + " >" + dir / "out.txt 2>&1").c_str(), nullptr);
      _exit(127);
    }
    // Once a batch is committed: mid-run.
    for (int i = 0; i < 600; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
      const auto n = Sql(dir / "t.db", "SELECT COUNT(*) FROM seed_engine_batches");
      if (!n.empty() && n[0] != "0" && n[0].find_first_not_of("0123456789") == std::string::npos) break;
    }
    kill(pid, sig);
    int status = 0;
    waitpid(pid, &status, 0);
    const std::string out = ReadFile(dir / "out.txt");
    INFO("signal " << sig << "\n" << out);
    REQUIRE(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 128 + sig);
    CHECK(out.find("Rerun the same command to resume") != std::string::npos);
    const Output rerun = Cli(args);
    CHECK(rerun.code == 0);
    CHECK(Count(dir / "t.db", "order_items") == (kSanitized ? 60000 : 600000));
  }
}

TEST_CASE("an unreachable server is retried with backoff, then exit 6", "[cli][workflow]") {
  // Port 1 on loopback: refused at once, every time.
  for (const std::string& url : {std::string("mysql://seed:pw@127.0.0.1:1/x?connect-attempts=2"),
                                std::string("postgres://seed:pw@127.0.0.1:1/x?connect-attempts=2")}) {
    bool built = false;
    for (const DriverInfo& d : KnownDrivers()) built = built || (url.rfind(d.scheme + "://", 0) == 0 && d.built);
    if (!built) continue;
    const auto start = std::chrono::steady_clock::now();
    const Output out = Cli("status --db '" + url + "'");
    const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    INFO(url << "\n" << out.text);
    CHECK(out.code == 6);
    CHECK(out.text.find("attempt 1 of 2; retrying in ") != std::string::npos);
    CHECK(out.text.find("(database unreachable: 2 attempts)") != std::string::npos);
    CHECK(out.text.find("pw@") == std::string::npos);
    CHECK(secs >= 0.25);  // one backoff of 0.5 s x [0.5, 1.5)
    CHECK(secs < 10);
  }
}

TEST_CASE("a symlinked SQLite path takes the same lock as the real one", "[cli][workflow][lock]") {
  TempDir dir;
  REQUIRE(Cli("run " + Specs() + " --db " + Db(dir) + " --schema " + SqliteSchema() + " --table strains").code == 0);
  std::filesystem::create_symlink(dir / "t.db", dir / "link.db");
  Result<std::unique_ptr<Driver>> holder = OpenDriver(Db(dir));
  REQUIRE(holder.ok());
  REQUIRE((*holder)->lock().Acquire(0).ok());
  const Output other = Cli("run " + Specs() + " --table clients --db sqlite:" + dir / "link.db");
  INFO(other.text);
  CHECK(other.code == 2);
  holder->reset();
  CHECK(Cli("run " + Specs() + " --table clients --db sqlite:" + dir / "link.db").code == 0);
}

}  // namespace seed::test

namespace seed::test {

TEST_CASE("plan --format dot and json draw the graph, counts and the references a cycle defers", "[cli][workflow]") {
  const Output dot = Cli("plan " + Specs() + " --format dot");
  INFO(dot.text);
  CHECK(dot.code == 0);
  CHECK(dot.text.rfind("digraph seed_plan {", 0) == 0);
  CHECK(dot.text.find("\"order_items\" -> \"orders\";") != std::string::npos);
  CHECK(dot.text.find("\"orders\" [label=\"orders\\n2000 rows\"]") != std::string::npos);
  const std::string cycle = kSource + "/tests/schemas/cycle_nullable/specs";
  const Output deferred = Cli("plan " + cycle + " --format dot");
  INFO(deferred.text);
  CHECK(deferred.text.find("(second pass)\"]") != std::string::npos);
  const Output json = Cli("plan " + Specs() + " --format json --table +orders");
  INFO(json.text);
  const nlohmann::json plan = nlohmann::json::parse(json.text);
  CHECK(plan["rows"] == 2100);
  int selected = 0;
  for (const auto& t : plan["tables"]) {
    selected += t["selected"].get<bool>();
    if (t["table"] == "orders") {
      CHECK(t["order"] == 2);
      CHECK(t["after"] == nlohmann::json::array({"clients"}));
    }
  }
  CHECK(selected == 2);
  CHECK(Cli("plan " + Specs() + " --format svg").code == 1);
}

}  // namespace seed::test

namespace seed::test {

TEST_CASE("seed-engine.yaml beside the specs sets defaults, flags and environment variables override it",
          "[cli][workflow]") {
  TempDir dir;
  std::filesystem::copy(Specs(), dir / "specs", std::filesystem::copy_options::recursive);
  dir.Write("specs/seed-engine.yaml", "db: sqlite:" + dir / "cfg.db" + "\nsize: 2\nseed: 7\nschema: " +
                                          SqliteSchema() + "\nbatch_size: 1000\n");
  const Output run = Cli("run " + dir / "specs");
  INFO(run.text);
  CHECK(run.code == 0);
  CHECK(Count(dir / "cfg.db", "strains") == 2);
  // The flag wins over the file; DATABASE_URL wins over its db.
  const Output flag = Cli("run " + dir / "specs" + " --size 3 --db sqlite:" + dir / "flag.db");
  INFO(flag.text);
  CHECK(flag.code == 0);
  CHECK(Count(dir / "flag.db", "strains") == 3);
  CHECK(Cli("run " + dir / "specs", "DATABASE_URL=sqlite:" + dir / "env.db").code == 0);
  CHECK(Count(dir / "env.db", "strains") == 2);
  // plan has no --db: the file's db is not its concern.
  const Output plan = Cli("plan " + dir / "specs");
  CHECK(plan.code == 0);
  CHECK(plan.text.rfind("plan env=dev seed=7", 0) == 0);
  // A misspelt key is an error at its place, never ignored.
  dir.Write("other.yaml", "seeed: 3\n");
  const Output typo = Cli("plan " + dir / "specs" + " --config " + dir / "other.yaml");
  INFO(typo.text);
  CHECK(typo.code == 1);
  CHECK(typo.text.find("other.yaml:1:1: unknown setting 'seeed' (did you mean 'seed'?)") != std::string::npos);
  // Confirmations never come from a file.
  dir.Write("yes.yaml", "yes: true\n");
  CHECK(Cli("run " + dir / "specs" + " --config " + dir / "yes.yaml").code == 1);
}

TEST_CASE("rollback outside dev saves what it deletes, and the printed restore command loads it back",
          "[cli][workflow][backup]") {
  TempDir dir;
  REQUIRE(Cli("run " + Specs() + " --db " + Db(dir) + " --schema " + SqliteSchema()).code == 0);
  const std::string seeded = Checksum(dir);
  const std::string here = "cd " + dir.path().string() + " &&";
  auto saved = [&] {
    std::vector<std::string> out;
    if (fs::exists(dir / "seed-engine-backups"))
      for (const auto& e : fs::directory_iterator(dir / "seed-engine-backups")) out.push_back(e.path().string());
    return out;
  };
  // Staging: saved by default, the file named in the audit log.
  const Output undo = Cli("rollback " + Specs() + " --env staging --yes --table order_items+ --db " + Db(dir), here);
  INFO(undo.text);
  CHECK(undo.code == 0);
  REQUIRE(saved().size() == 1);
  CHECK(ReadFile(dir / "seed-engine-audit.jsonl").find("\"backup\":\"seed-engine-backups/") != std::string::npos);
  const size_t at = undo.text.find("`seed-engine restore ");
  REQUIRE(at != std::string::npos);
  const std::string restore = undo.text.substr(at + 13, undo.text.find('`', at + 1) - at - 13);
  const Output back = Cli(restore, here);
  INFO(back.text);
  CHECK(back.code == 0);
  CHECK(Checksum(dir) == seeded);
  // --no-backup opts out; in dev nothing is saved unless asked.
  CHECK(Cli("rollback " + Specs() + " --env staging --yes --no-backup --table order_items --db " + Db(dir), here).code == 0);
  CHECK(Cli("run " + Specs() + " --db " + Db(dir)).code == 0);
  CHECK(Cli("reset " + Specs() + " --yes --db " + Db(dir), here).code == 0);
  CHECK(saved().size() == 1);
  // run --replant saves what it rolls back when asked.
  CHECK(Cli("run " + Specs() + " --db " + Db(dir)).code == 0);
  const Output replant = Cli("run " + Specs() + " --replant --table strains --backup " + (dir / "b") + " --db " + Db(dir));
  INFO(replant.text);
  CHECK(replant.code == 0);
  CHECK(replant.text.find("backup: ") != std::string::npos);
  CHECK(fs::exists(dir / "b"));
  CHECK(Checksum(dir) == seeded);
}

TEST_CASE("a column added to a seeded table and its spec is filled in place, as a fresh seeding fills it",
          "[cli][workflow][evolve]") {
  TempDir dir;
  fs::copy(Specs(), dir / "specs", fs::copy_options::recursive);
  const std::string at = (dir / "specs") + " --db " + Db(dir);
  REQUIRE(Cli("run " + at + " --schema " + SqliteSchema()).code == 0);
  // assay_value: decimals of 18 digits, which SQLite holds as doubles; they
  // must be the doubles the inserter would bind (its text conversion
  // rounds otherwise), or the rollback below finds the rows changed.
  const char* alter =
      "ALTER TABLE batches ADD COLUMN moisture_pct NUMERIC(5,2);"
      " ALTER TABLE batches ADD COLUMN assay_value NUMERIC(18,2);"
      " ALTER TABLE batches ADD COLUMN grower_id INTEGER REFERENCES clients(id)";
  Sql(dir / "t.db", alter);
  const std::string spec = ReadFile(dir / "specs/batches.yaml");
  dir.Write("specs/batches.yaml", spec + "  moisture_pct: {generator: decimal, min: 8.00, max: 14.00}\n"
                                         "  assay_value: {generator: decimal, min: 1000000000000000.00,"
                                         " max: 9999999999999999.99}\n"
                                         "  grower_id: {generator: reference, table: clients}\n");
  // A fill that fails part way changes nothing: all rows or none.
  Sql(dir / "t.db", "CREATE TRIGGER stop BEFORE UPDATE ON batches WHEN NEW.id = 400 BEGIN"
                    " SELECT RAISE(ABORT, 'refused'); END");
  const Output failed = Cli("run " + at);
  INFO(failed.text);
  CHECK(failed.code == 4);
  CHECK(failed.text.find("nothing was changed; reseed it instead") != std::string::npos);
  CHECK(Sql(dir / "t.db", "SELECT COUNT(*) FROM batches WHERE moisture_pct IS NOT NULL") == std::vector<std::string>{"0"});
  Sql(dir / "t.db", "DROP TRIGGER stop");
  const Output run = Cli("run " + at);
  INFO(run.text);
  CHECK(run.code == 0);
  CHECK(run.text.find("filled new columns moisture_pct, assay_value, grower_id in place for 500 seeded rows") != std::string::npos);
  // The same rows as seeding the altered schema from empty.
  TempDir fresh;
  Sql(fresh / "t.db", ReadFile(SqliteSchema()) + ";" + alter);
  REQUIRE(Cli("run " + (dir / "specs") + " --db " + Db(fresh)).code == 0);
  CHECK(Checksum(dir) == Cli("checksum " + Specs() + " --db " + Db(fresh)).text);
  // The ledger took the new spec: a rerun has nothing to do, a rollback
  // finds no row changed.
  CHECK(Cli("run " + at).text.find("batches: already seeded") != std::string::npos);
  const Output undo = Cli("rollback " + at + " --yes --audit-file /dev/null");
  INFO(undo.text);
  CHECK(undo.code == 0);
  CHECK(Count(dir / "t.db", "batches") == 0);

  // A spec change that is not only added columns changes the seeded rows:
  // refused, naming the command that reseeds.
  REQUIRE(Cli("run " + at).code == 0);
  std::string changed = ReadFile(dir / "specs/batches.yaml");
  changed.replace(changed.find("min: 500.00"), 11, "min: 600.00");
  dir.Write("specs/batches.yaml", changed);
  const Output refused = Cli("run " + at);
  INFO(refused.text);
  CHECK(refused.code == 1);
  CHECK(refused.text.find("cannot be filled in place: no column was added") != std::string::npos);
  CHECK(refused.text.find("--replant`") != std::string::npos);
}

namespace {

// What bash completes for the words of `line` (the last one being typed).
std::string BashCompletes(const TempDir& dir, const std::string& line) {
  dir.Write("complete.sh", Cli("completion bash").text + "\nCOMP_WORDS=(" + line + ")\n" +
                               (line.back() == ' ' ? "COMP_WORDS+=('')\n" : "") +
                               "COMP_CWORD=$((${#COMP_WORDS[@]} - 1))\n_seed_engine\necho \"${COMPREPLY[*]}\"\n");
  FILE* p = popen(("bash " + (dir / "complete.sh") + " 2>&1").c_str(), "r");
  std::string out;
  char buf[4096];
  for (size_t n; (n = fread(buf, 1, sizeof buf, p)) > 0;) out.append(buf, n);
  pclose(p);
  return out;
}

}  // namespace

TEST_CASE("bash and zsh completion and the man page list every command's options, from the same definitions",
          "[cli][workflow]") {
  TempDir dir;
  CHECK(BashCompletes(dir, "seed-engine ro") == "rollback\n");
  CHECK(BashCompletes(dir, "seed-engine run --env ") == "dev staging production\n");
  CHECK(BashCompletes(dir, "seed-engine plan --format ") == "text dot json\n");
  dir.Write("_seed-engine", Cli("completion zsh").text);
  CHECK(std::system(("zsh -n " + (dir / "_seed-engine")).c_str()) == 0);
  const std::string man = Cli("man").text;
  // groff -ww warns about anything malformed in the page.
  const Output roff = Cli("man | groff -man -Tutf8 -ww -z");
  CHECK(roff.code == 0);
  CHECK(roff.text.empty());
  // Every option `help CMD` shows is completed and documented.
  std::istringstream usage(Cli("--help").text);
  int commands = 0;
  for (std::string line; std::getline(usage, line) && line != "exit codes:";) {
    if (line.rfind("  ", 0) != 0) continue;
    const std::string cmd = line.substr(2, line.find(' ', 2) - 2);
    if (cmd == "help" || cmd == "version" || cmd == "completion" || cmd == "man" || cmd == "json-schema") continue;
    ++commands;
    const std::string help = Cli("help " + cmd).text;
    std::string completed = " " + BashCompletes(dir, "seed-engine " + cmd + " --");
    completed.back() = ' ';
    const std::string section = man.substr(man.find(".SS \"" + cmd));
    std::istringstream lines(help);
    for (std::string l; std::getline(lines, l);) {
      // The option column: "  -h, --help", "      --db arg".
      const size_t at = l.find("--");
      if (at == std::string::npos || l.find_first_not_of(" -h,qvV", 0) < at) continue;
      const std::string option = l.substr(at, l.find_first_of("= ", at) - at);
      INFO(cmd << " " << option);
      CHECK(completed.find(" " + option + " ") != std::string::npos);
      std::string escaped;
      for (char c : option) escaped += c == '-' ? std::string("\\-") : std::string(1, c);
      CHECK(section.find("\\fB" + escaped + "\\fR") != std::string::npos);
    }
  }
  CHECK(commands >= 9);
}

}  // namespace seed::test
