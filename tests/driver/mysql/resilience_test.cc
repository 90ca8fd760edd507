// Connection faults and lock identity on a real MariaDB (SEED_TEST_MYSQL_URL):
// a network that stops answering mid-run, a server wait_timeout shorter
// than the longest statement, and two spellings of one database.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <random>

#include "engine/driver/registry.h"
#include "tests/support/harness.h"
#include "tests/support/mariadb.h"
#include "tests/support/mysql_proxy.h"

namespace seed::test {

namespace {

const char kTables[] =
    "CREATE TABLE parents (id BIGINT PRIMARY KEY, score INT NOT NULL);"
    " CREATE TABLE children (id BIGINT PRIMARY KEY, parent_id BIGINT NOT NULL, v INT NOT NULL,"
    " FOREIGN KEY (parent_id) REFERENCES parents (id))";

void ResilienceSpecs(const TempDir& dir, long parents, long children) {
  dir.Write("specs/parents.yaml", "table: parents\ncount: " + std::to_string(parents) +
                                      "\ncolumns:\n  id: sequence\n  score: {generator: int, min: 1, max: 1000}\n");
  dir.Write("specs/children.yaml", "table: children\ncount: " + std::to_string(children) +
                                       "\ncolumns:\n  id: sequence\n"
                                       "  parent_id: {generator: reference, table: parents}\n"
                                       "  v: {generator: int, min: 1, max: 9}\n");
}

std::string Checksum(const TempDir& dir, const std::string& url) {
  return Cli("checksum " + dir / "specs" + " --db " + url).text;
}

}  // namespace

TEST_CASE("MariaDB: a network that stops answering mid-run ends the run within its timeouts (exit 6), the rerun "
          "completes to the uninterrupted checksum",
          "[mysql][fault]") {
  REQUIRE_SERVER(s);
  TempDir dir;
  ResilienceSpecs(dir, 3000, 9000);
  ScratchDb reference(s, "faultref");
  reference.Query(kTables);
  // Rows already in the tables make every batch its own statement, so the
  // freeze can land between commits as well as inside one.
  REQUIRE(Cli("run " + dir / "specs" + " --batch-size 1000 --db " + reference.Url()).code == 0);
  const std::string expected = Checksum(dir, reference.Url());
  std::mt19937 rng(11);
  for (int round = 0; round < Rounds(4); ++round) {
    ScratchDb db(s, "fault");
    db.Query(kTables);
    auto proxy = std::make_unique<MysqlProxy>(s.host, s.port, "/dev/null", nullptr);
    // Freeze at the k-th statement of the data connection: inside the
    // schema check, a load, a commit or the ledger.
    const int k = 3 + static_cast<int>(rng() % 40);
    auto seen = std::make_shared<int>(0);
    proxy->SetFreeze([k, seen](int connection, const std::string&) { return connection == 0 && ++*seen >= k; });
    const std::string url = "mysql://" + s.user + ":" + s.password + "@127.0.0.1:" + std::to_string(proxy->port()) +
                            "/" + db.name() + "?read-timeout=1&write-timeout=1&connect-timeout=2&connect-attempts=1";
    const auto start = std::chrono::steady_clock::now();
    Output run = Cli("run " + dir / "specs" + " --batch-size 1000 --db '" + url + "'");
    const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    INFO("round " << round << ", freeze at statement " << k << ", " << secs << " s\n" << run.text);
    if (!proxy->frozen()) {  // the run had fewer statements than k
      CHECK(run.code == 0);
      continue;
    }
    CHECK(run.code == 6);
    // Lost mid-statement, or (the lock connection, opened after the freeze)
    // never reached.
    CHECK((run.text.find("connection to the database lost") != std::string::npos ||
           run.text.find("database unreachable") != std::string::npos));
    CHECK(secs < 30);  // 3 x read-timeout per wait, a few waits at most
    proxy.reset();  // the server sees the connections close: the lock is free
    Output rerun = Cli("run " + dir / "specs" + " --batch-size 1000 --db " + db.Url());
    INFO(rerun.text);
    CHECK(rerun.code == 0);
    CHECK(Checksum(dir, db.Url()) == expected);
  }
}

TEST_CASE("MariaDB: a server wait_timeout shorter than the longest statement does not stop a run", "[mysql][fault]") {
  REQUIRE_SERVER(s);
  TempDir dir;
  ResilienceSpecs(dir, 300000, 10);
  ScratchDb db(s, "waittimeout");
  db.Query(kTables);
  // The parents load is one statement of several seconds, while the lock
  // connection waits idle. Other tests' connections are the engine's own
  // (they raise their session timeout) or last one query.
  const std::string old = Client(s, "SELECT @@global.wait_timeout");
  Client(s, "SET GLOBAL wait_timeout = 1");
  Output run = Cli("run " + dir / "specs" + " --db " + db.Url());
  Client(s, "SET GLOBAL wait_timeout = " + old);
  INFO(run.text);
  CHECK(run.code == 0);
  CHECK(db.Query("SELECT COUNT(*) FROM parents") == "300000");
}

TEST_CASE("MariaDB: TCP and socket URLs of one database contend for one lock", "[mysql][lock]") {
  REQUIRE_SERVER(s);
  TempDir dir;
  ResilienceSpecs(dir, 20, 60);
  ScratchDb db(s, "spelling");
  db.Query(kTables);
  const std::string socket = Client(s, "SELECT @@socket");
  REQUIRE(!socket.empty());
  const std::string by_socket =
      "mysql://" + s.user + ":" + s.password + "@localhost/" + db.name() + "?socket=" + socket;
  Result<std::unique_ptr<Driver>> holder = OpenDriver(db.Url());
  REQUIRE(holder.ok());
  REQUIRE((*holder)->lock().Acquire(0).ok());
  Output other = Cli("run " + dir / "specs" + " --db '" + by_socket + "'");
  INFO(other.text);
  CHECK(other.code == 2);
  CHECK(db.Query("SELECT COUNT(*) FROM parents") == "0");
  holder->reset();
  Output after = Cli("run " + dir / "specs" + " --db '" + by_socket + "'");
  INFO(after.text);
  CHECK(after.code == 0);
}

}  // namespace seed::test

namespace seed::test {

namespace {

// A MariaDB of the test's own (tools/mariadb.sh with its own data
// directory and port), so stopping and killing it disturbs no other test.
class PrivateServer {
 public:
  PrivateServer() : dir_("/tmp/seed-fault-" + std::to_string(getpid())), port_(std::to_string(23000 + getpid() % 2000)) {
    ok_ = Script("start") == 0;
  }
  ~PrivateServer() {
    Script("stop");
    std::filesystem::remove_all(dir_);
  }
  bool ok() const { return ok_; }
  int Script(const std::string& verb) const {
    const std::string cmd = "SEED_MARIADB_DIR=" + dir_ + " SEED_MARIADB_PORT=" + port_ + " " + kSource +
                            "/tools/mariadb.sh " + verb + " >/dev/null 2>&1";
    return std::system(cmd.c_str());
  }
  void Kill9() const {
    const std::string pid = ReadFile(dir_ + "/mysqld.pid");
    if (!pid.empty()) kill(std::stoi(pid), SIGKILL);
    for (int i = 0; i < 100 && Script("running") == 0; ++i) usleep(100000);
  }
  std::string Sql(const std::string& sql) const {
    return Client(Server{"seed", "seed", "127.0.0.1", port_, "seed_test", true}, sql);
  }
  std::string Url(const std::string& db, const std::string& params = "") const {
    return "mysql://seed:seed@127.0.0.1:" + port_ + "/" + db + params;
  }

 private:
  std::string dir_, port_;
  bool ok_ = false;
};

}  // namespace

TEST_CASE("MariaDB: the server stopped, killed or restarted mid-run ends the run with exit 6, the rerun completes "
          "to the uninterrupted checksum",
          "[mysql][fault]") {
  REQUIRE_SERVER(s);
  TempDir dir;
  ResilienceSpecs(dir, 2000, 300000);
  // A user's row in each table: the tables load batch by batch (one
  // commit per batch), so the fault lands between commits or inside one.
  const std::string user_rows = "INSERT INTO parents VALUES (1000000, 1); INSERT INTO children VALUES (1000000, 1000000, 1)";
  ScratchDb reference(s, "serverref");
  reference.Query(kTables);
  reference.Query(user_rows);
  REQUIRE(Cli("run " + dir / "specs" + " --db " + reference.Url()).code == 0);
  const std::string expected = Checksum(dir, reference.Url());
  PrivateServer server;
  REQUIRE(server.ok());
  for (const std::string fault : {"stop", "kill -9", "restart"}) {
    const std::string db = "fault_" + std::to_string(fault.size());
    server.Sql("DROP DATABASE IF EXISTS " + db + "; CREATE DATABASE " + db + "; USE " + db + "; " + kTables + "; " +
               user_rows);
    const std::string args = "run " + dir / "specs" + " --batch-size 5000 --db '" +
                             server.Url(db, "?read-timeout=5&write-timeout=5&connect-timeout=2&connect-attempts=2") +
                             "'";
    const pid_t pid = fork();
    if (pid == 0) {
      execl("/bin/sh", "sh", "-c", ("exec " + kBinary + " " + args + " >" + dir / "out.txt 2>&1").c_str(), nullptr);
      _exit(127);
    }
    for (int i = 0; i < 500; ++i) {
      usleep(20000);
      const std::string n = server.Sql("SELECT COUNT(*) FROM " + db + ".seed_engine_batches WHERE table_name = 'children'");
      if (n != "0" && n.find_first_not_of("0123456789") == std::string::npos) break;
    }
    const auto start = std::chrono::steady_clock::now();
    if (fault == "kill -9") server.Kill9();
    else server.Script("stop");
    if (fault == "restart") server.Script("start");
    int status = 0;
    waitpid(pid, &status, 0);
    const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    const std::string out = ReadFile(dir / "out.txt");
    INFO(fault << ", ended " << secs << " s after it\n" << out);
    REQUIRE(WIFEXITED(status));
    // The run may have finished before the fault landed (then 0).
    CHECK((WEXITSTATUS(status) == 6 || WEXITSTATUS(status) == 0));
    if (WEXITSTATUS(status) == 6) CHECK(out.find("Rerun the same command") != std::string::npos);
    CHECK(secs < 60);
    if (fault != "restart") REQUIRE(server.Script("start") == 0);
    const Output rerun = Cli(args);
    INFO(rerun.text);
    CHECK(rerun.code == 0);
    CHECK(Checksum(dir, server.Url(db)) == expected);
  }
}

}  // namespace seed::test
