// A hostile server (or anything between the engine and it) answers a
// statement with "send me local file X": the engine must send nothing and
// fail, at every point it talks to the server. The proxy in
// tests/support/mysql_proxy.h plays the attacker in front of a real
// MariaDB (SEED_TEST_MYSQL_URL).
#include <mysql.h>

#include <catch2/catch.hpp>
#include <memory>

#include "tests/support/harness.h"
#include "tests/support/mariadb.h"
#include "tests/support/mysql_proxy.h"

namespace seed::test {

namespace {

const std::string kSecret = "db-password=hunter2\nmask-secret=do-not-send\n";

const char kTables[] =
    "CREATE TABLE parents (id BIGINT PRIMARY KEY, score INT NOT NULL);"
    " CREATE TABLE children (id BIGINT PRIMARY KEY, parent_id BIGINT NOT NULL, v INT NOT NULL,"
    " FOREIGN KEY (parent_id) REFERENCES parents (id))";

bool StartsWith(const std::string& s, const std::string& prefix) { return s.rfind(prefix, 0) == 0; }

// A scratch database with two empty tables, their specs, a secret file,
// and the attacker in front of the server.
class Attack {
 public:
  Attack(const Server& s, const std::string& tag, MysqlProxy::Trigger trigger)
      : s_(s), db_(s, tag), secret_(dir_ / "secret.txt") {
    dir_.Write("secret.txt", kSecret);
    dir_.Write("specs/parents.yaml",
               "table: parents\ncount: 20\ncolumns:\n  id: sequence\n  score: {generator: int, min: 1, max: 1000}\n");
    dir_.Write("specs/children.yaml",
               "table: children\ncount: 60\ncolumns:\n  id: sequence\n"
               "  parent_id: {generator: reference, table: parents}\n  v: {generator: int, min: 1, max: 9}\n");
    db_.Query(kTables);
    proxy_ = std::make_unique<MysqlProxy>(s.host, s.port, secret_, std::move(trigger));
  }

  // `seed-engine <command> [DIR] --db <through the proxy>`.
  Output Cli(const std::string& command, bool with_dir = true) const {
    std::string args = command;
    if (with_dir) args += ' ' + dir_ / "specs";
    return test::Cli(args + " --db " + ProxyUrl());
  }
  std::string ProxyUrl() const {
    return "mysql://" + s_.user + ":" + s_.password + "@127.0.0.1:" + std::to_string(proxy_->port()) + "/" +
           db_.name();
  }
  const ScratchDb& db() const { return db_; }
  MysqlProxy& proxy() const { return *proxy_; }
  const std::string& secret() const { return secret_; }

  // Rows in the table, and rows the ledger says it committed there; the
  // two agree whatever failed.
  void CheckConsistent(const std::string& table, const std::string& rows) const {
    CHECK(db_.Query("SELECT COUNT(*) FROM " + table) == rows);
    const std::string ledger = db_.Query("SHOW TABLES LIKE 'seed_engine_batches'").empty()
                                   ? "0"
                                   : db_.Query("SELECT COALESCE(SUM(inserted), 0) FROM seed_engine_batches"
                                               " WHERE table_name = '" + table + "'");
    CHECK(ledger == rows);
  }

 private:
  const Server& s_;
  TempDir dir_;
  ScratchDb db_;
  std::string secret_;
  std::unique_ptr<MysqlProxy> proxy_;
};

// The engine refused the request and said which file the server wanted.
void CheckRefused(const Output& out, const Attack& a) {
  CHECK(out.code != 0);
  CHECK(out.text.find("asked to read the local file '" + a.secret() + "'") != std::string::npos);
  CHECK(out.text.find("refused, nothing was sent") != std::string::npos);
  CHECK(out.text.find("hunter2") == std::string::npos);
  CHECK(a.proxy().file_bytes() == 0);
}

// No COMMIT reached the server, on the connection attacked, after the
// first query the proxy answered with a file request.
bool NoCommitAfterAttack(const Attack& a) {
  const auto attacked = a.proxy().attacked();
  if (attacked.empty()) return true;
  const auto [conn, first] = attacked.front();
  const std::vector<std::string> q = a.proxy().queries()[conn];
  for (size_t i = first + 1; i < q.size(); ++i)
    if (StartsWith(q[i], "COMMIT")) return false;
  return true;
}

}  // namespace

TEST_CASE("hostile server: the proxy steals a file from a client that allows LOCAL INFILE", "[mysql][hostile]") {
  REQUIRE_SERVER(s);
  Attack a(s, "steal", [](int, const std::string& q) { return q == "SELECT 'steal me'"; });
  REQUIRE(a.proxy().port() > 0);
  MYSQL* c = mysql_init(nullptr);
  REQUIRE(c != nullptr);
  unsigned int on = 1;
  mysql_options(c, MYSQL_OPT_LOCAL_INFILE, &on);  // the library's default handler: reads any file
  const bool connected = mysql_real_connect(c, "127.0.0.1", s.user.c_str(), s.password.c_str(), a.db().name().c_str(),
                                            static_cast<unsigned>(a.proxy().port()), nullptr, 0) != nullptr;
  INFO(mysql_error(c));
  CHECK(connected);
  if (connected) {
    CHECK(mysql_query(c, "SELECT 1 + 1") == 0);  // forwarded: the real server answers
    MYSQL_RES* r = mysql_store_result(c);
    MYSQL_ROW row = r ? mysql_fetch_row(r) : nullptr;
    CHECK((row && row[0] ? std::string(row[0]) : "") == "2");
    if (r) mysql_free_result(r);
    CHECK(mysql_query(c, "SELECT 'steal me'") == 0);  // "OK": the client never knew
  }
  mysql_close(c);
  CHECK(a.proxy().file_requests() == 1);
  CHECK(a.proxy().file_bytes() == kSecret.size());
  CHECK(a.proxy().stolen() == kSecret);
}

TEST_CASE("hostile server: through a proxy that never attacks, validate, run and status succeed",
          "[mysql][hostile]") {
  REQUIRE_SERVER(s);
  Attack a(s, "control", [](int, const std::string&) { return false; });
  const Output validate = a.Cli("validate");
  INFO(validate.text);
  CHECK(validate.code == 0);
  const Output run = a.Cli("run");
  INFO(run.text << "\n" << a.proxy().Dump());
  CHECK(run.code == 0);
  a.CheckConsistent("parents", "20");
  a.CheckConsistent("children", "60");
  CHECK(a.db().Query("SELECT COUNT(*) FROM children c LEFT JOIN parents p ON c.parent_id = p.id"
                     " WHERE p.id IS NULL") == "0");
  const Output status = a.Cli("status", false);
  INFO(status.text);
  CHECK(status.code == 0);
  CHECK(status.text.find("parents") != std::string::npos);
  // The proxy saw every point the other cases attack: connect, the schema
  // check, both LOAD DATA streams and the lock connection.
  const auto q = a.proxy().queries();
  REQUIRE(q.size() >= 3);  // validate; run's data and lock connections; status
  // Each connection first raises its own idle timeout (mysql_conn.cc).
  CHECK(StartsWith(q[0][0], "SET SESSION wait_timeout"));
  CHECK(StartsWith(q[0][1], "SELECT @@local_infile"));
  int loads = 0, locks = 0, columns = 0;
  for (const auto& conn : q)
    for (const std::string& x : conn) {
      loads += StartsWith(x, "LOAD DATA LOCAL INFILE 'seed-engine-stream-");
      locks += StartsWith(x, "SELECT GET_LOCK");
      columns += x.find("information_schema.COLUMNS") != std::string::npos;
    }
  CHECK(loads == 2);
  CHECK(locks == 2);  // the run lock, and the data connection's own (mysql_driver.cc)
  CHECK(columns >= 2);
  CHECK(StartsWith(q[2][1], "SELECT GET_LOCK"));
  CHECK(a.proxy().file_requests() == 0);
}

TEST_CASE("hostile server: a file request at connect fails validate and status, nothing sent",
          "[mysql][hostile]") {
  REQUIRE_SERVER(s);
  Attack a(s, "connect", [](int, const std::string& q) { return StartsWith(q, "SELECT @@local_infile"); });
  const Output validate = a.Cli("validate");
  INFO(validate.text);
  CheckRefused(validate, a);
  CHECK(validate.text.find("connect") != std::string::npos);
  const Output status = a.Cli("status", false);
  INFO(status.text);
  CheckRefused(status, a);
  CHECK(a.proxy().file_requests() == 2);
}

TEST_CASE("hostile server: a file request after a query fails validate, nothing sent", "[mysql][hostile]") {
  REQUIRE_SERVER(s);
  Attack a(s, "query",
           [](int, const std::string& q) { return q.find("information_schema.COLUMNS") != std::string::npos; });
  const Output validate = a.Cli("validate");
  INFO(validate.text << "\n" << a.proxy().Dump());
  CheckRefused(validate, a);
  CHECK(a.proxy().file_requests() >= 1);  // one per table: validate reports every problem
  const auto q = a.proxy().queries();
  REQUIRE(q.size() == 1);
  CHECK(q[0].size() >= 2);  // the connect query went through first
  CHECK(validate.text.find("ok:") == std::string::npos);
}

TEST_CASE("hostile server: a file request in place of the LOAD DATA stream fails the run, nothing committed",
          "[mysql][hostile]") {
  REQUIRE_SERVER(s);
  Attack a(s, "load", [](int, const std::string& q) { return StartsWith(q, "LOAD DATA"); });
  const Output run = a.Cli("run");
  INFO(run.text << "\n" << a.proxy().Dump());
  CheckRefused(run, a);
  CHECK(a.proxy().file_requests() >= 1);
  CHECK(NoCommitAfterAttack(a));
  a.CheckConsistent("parents", "0");
  a.CheckConsistent("children", "0");
}

TEST_CASE("hostile server: a file request right after a LOAD DATA fails the run, the batch not committed",
          "[mysql][hostile]") {
  REQUIRE_SERVER(s);
  // After the first table's stream (nothing seeded) or the second's (the
  // first table stays seeded, with its ledger).
  const int after_load = GENERATE(1, 2);
  int loads = 0, load_conn = -1;
  bool fired = false;  // these three belong to the proxy's thread (calls are serialized)
  Attack a(s, "afterload", [&](int c, const std::string& q) {
    if (fired) return false;
    if (StartsWith(q, "LOAD DATA")) {
      ++loads, load_conn = c;
      return false;
    }
    if (c != load_conn || loads != after_load) return false;
    fired = true;
    return true;
  });
  const Output run = a.Cli("run");
  std::string answered;  // read back through the proxy, which locks
  if (const auto at = a.proxy().attacked(); !at.empty())
    answered = a.proxy().queries()[at[0].first][at[0].second].substr(0, 40);
  INFO("after LOAD DATA #" << after_load << "; answered: " << answered << "\n" << run.text << "\n"
                            << a.proxy().Dump());
  CheckRefused(run, a);
  CHECK(a.proxy().file_requests() == 1);
  CHECK(NoCommitAfterAttack(a));
  a.CheckConsistent("parents", after_load == 1 ? "0" : "20");
  a.CheckConsistent("children", "0");
}

TEST_CASE("hostile server: a file request on the lock connection fails the run, nothing sent",
          "[mysql][hostile]") {
  REQUIRE_SERVER(s);
  Attack a(s, "lock", [](int, const std::string& q) { return StartsWith(q, "SELECT GET_LOCK"); });
  const Output run = a.Cli("run");
  INFO(run.text << "\n" << a.proxy().Dump());
  CHECK(run.code != 0);
  CHECK(run.text.find("lock connection") != std::string::npos);
  CHECK(run.text.find("hunter2") == std::string::npos);
  CHECK(a.proxy().file_requests() == 1);
  CHECK(a.proxy().file_bytes() == 0);
  const auto q = a.proxy().queries();
  REQUIRE(q.size() >= 2);
  CHECK(StartsWith(q[1][1], "SELECT GET_LOCK"));  // the lock connection, reached
  a.CheckConsistent("parents", "0");
  a.CheckConsistent("children", "0");
}

}  // namespace seed::test

namespace seed::test {

TEST_CASE("hostile server: status never reports 'free' or 'never seeded' after a refused request",
          "[mysql][hostile]") {
  REQUIRE_SERVER(s);
  for (const std::string trigger : {"SELECT IS_USED_LOCK", "SELECT COLUMN_NAME"}) {
    INFO(trigger);
    Attack a(s, "status", [](int, const std::string&) { return false; });
    REQUIRE(a.Cli("run").code == 0);  // seeded, lock released: then only `status` is attacked
    a.proxy().SetTrigger([trigger](int, const std::string& q) { return StartsWith(q, trigger); });
    const Output status = a.Cli("status", false);
    INFO(status.text << "\n" << a.proxy().Dump());
    CheckRefused(status, a);
    CHECK(status.text.find("never seeded") == std::string::npos);
  }
}

TEST_CASE("hostile server: after a refused request the engine sends nothing more on that connection",
          "[mysql][hostile]") {
  REQUIRE_SERVER(s);
  Attack a(s, "silent", [](int, const std::string& q) { return StartsWith(q, "LOAD DATA"); });
  const Output run = a.Cli("run");
  INFO(run.text << "\n" << a.proxy().Dump());
  CheckRefused(run, a);
  const auto attacked = a.proxy().attacked();
  REQUIRE(attacked.size() == 1);
  const auto [conn, index] = attacked.front();
  CHECK(a.proxy().queries()[conn].size() == index + 1);  // the attacked query was the last one
}

}  // namespace seed::test
