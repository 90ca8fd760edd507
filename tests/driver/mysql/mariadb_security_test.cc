// On a real MariaDB server: what the security review found the MySQL path
// got wrong beyond file requests (tests/driver/hostile_server_test.cc):
// the server's sql_mode, identifiers MySQL cannot hold, and passwords in
// what the engine stores.
#include <unistd.h>

#include <catch2/catch.hpp>

#include "tests/support/harness.h"
#include "tests/support/mariadb.h"

namespace seed::test {

namespace {

// Text that LOAD DATA's escaping must carry exactly: backslashes, a tab, a
// newline, quotes and the two characters \N.
const char kSpec[] =
    "table: texts\n"
    "count: 200\n"
    "columns:\n"
    "  id: sequence\n"
    "  s: {generator: choice, values: [\"a\\\\b\", \"tab\\there\", \"new\\nline\", \"q'uote\", \"\\\\N\","
    " \"back\\\\\\\\slash\", \"plain\"]}\n";
const char kTable[] = "CREATE TABLE texts (id BIGINT PRIMARY KEY, s VARCHAR(64) NOT NULL)";

// A user without SUPER, whose every session starts under
// NO_BACKSLASH_ESCAPES through init_connect (skipped for SUPER users, so
// tests running beside this one are unaffected). Undone at scope exit.
class BackslashUser {
 public:
  BackslashUser(const Server& s, const std::string& database) : s_(s) {
    name_ = "seed_nbe_" + std::to_string(getpid());
    old_ = Client(s_, "SELECT @@GLOBAL.init_connect");
    Client(s_, "CREATE USER IF NOT EXISTS '" + name_ + "'@'127.0.0.1' IDENTIFIED BY 'nbe-pass-7'; GRANT ALL ON " +
                   database + ".* TO '" + name_ + "'@'127.0.0.1'");
    Client(s_, "SET GLOBAL init_connect = 'SET SESSION sql_mode = IF(SUBSTRING_INDEX(USER(), ''@'', 1) = ''" +
                   name_ + "'', CONCAT(@@SESSION.sql_mode, '',NO_BACKSLASH_ESCAPES''), @@SESSION.sql_mode)'");
    url_ = "mysql://" + name_ + ":nbe-pass-7@" + s_.host + ":" + s_.port + "/" + database;
  }
  ~BackslashUser() {
    Client(s_, "SET GLOBAL init_connect = '" + old_ + "'; DROP USER IF EXISTS '" + name_ + "'@'127.0.0.1'");
  }
  const std::string& url() const { return url_; }
  // The sql_mode this user's sessions really get.
  std::string Mode() const {
    Server as = s_;
    as.user = name_;
    as.password = "nbe-pass-7";
    return Client(as, "SELECT @@SESSION.sql_mode");
  }

 private:
  const Server& s_;
  std::string name_, old_, url_;
};

}  // namespace

TEST_CASE("MariaDB: under NO_BACKSLASH_ESCAPES every value loads byte for byte and rollback verifies",
          "[mysql]") {
  REQUIRE_SERVER(s);
  ScratchDb db(s, "nbe");
  db.Query(kTable);
  TempDir dir;
  dir.Write("specs/texts.yaml", kSpec);
  BackslashUser nbe(s, db.name());
  REQUIRE(nbe.Mode().find("NO_BACKSLASH_ESCAPES") != std::string::npos);  // the test's premise

  Output run = Cli("run " + dir / "specs" + " --db " + nbe.url());
  INFO(run.text);
  REQUIRE(run.code == 0);
  CHECK(db.Query("SELECT COUNT(*) FROM texts") == "200");
  // Exactly the seven values, byte for byte.
  CHECK(db.Query("SELECT GROUP_CONCAT(DISTINCT HEX(s) ORDER BY HEX(s)) FROM texts") ==
        "5C4E,615C62,6261636B5C5C736C617368,6E65770A6C696E65,706C61696E,7127756F7465,7461620968657265");
  // The server-side CRC agrees with the engine's, whatever the session's
  // mode: no row reads as "modified", so rollback removes them all.
  auto digest = [&](const std::string& url) {
    const std::string out = Cli("checksum " + dir / "specs" + " --db " + url).text;
    const size_t at = out.find("texts");
    return at == std::string::npos ? out : out.substr(at, out.find('\n', at) - at);
  };
  CHECK(digest(nbe.url()) == digest(db.Url()));
  Output rb = Cli("rollback " + dir / "specs" + " --yes --audit-file /dev/null --db " + nbe.url());
  INFO(rb.text);
  CHECK(rb.code == 0);
  CHECK(db.Query("SELECT COUNT(*) FROM texts") == "0");
}

TEST_CASE("MariaDB: a table name beyond U+FFFF is refused with a reason, not a collation error", "[mysql]") {
  REQUIRE_SERVER(s);
  ScratchDb db(s, "emoji");
  TempDir dir;
  dir.Write("specs/t.yaml", "table: \"t\xF0\x9F\x98\x80\"\ncount: 3\ncolumns:\n  id: sequence\n");
  Output out = Cli("validate " + dir / "specs" + " --db " + db.Url());
  INFO(out.text);
  CHECK(out.code != 0);
  CHECK(out.text.find("beyond U+FFFF") != std::string::npos);
  CHECK(out.text.find("Illegal mix of collations") == std::string::npos);
}

TEST_CASE("MariaDB: ssl-mode=REQUIRED refuses a server without TLS on the data and the lock connection",
          "[mysql]") {
  REQUIRE_SERVER(s);
  if (Client(s, "SELECT @@have_ssl") == "YES") {
    WARN("the test server offers TLS; the refusal of a server without it is not tested");
    return;
  }
  ScratchDb db(s, "tls");
  db.Query(kTable);
  TempDir dir;
  dir.Write("specs/texts.yaml", kSpec);
  for (const std::string mode : {"REQUIRED", "VERIFY_CA", "VERIFY_IDENTITY"}) {
    INFO(mode);
    Output out = Cli("run " + dir / "specs" + " --db '" + db.Url() + "?ssl-mode=" + mode + "'");
    INFO(out.text);
    CHECK(out.code == 1);
    CHECK(out.text.find("TLS") != std::string::npos);
  }
  CHECK(db.Query("SELECT COUNT(*) FROM texts") == "0");
  CHECK(db.Query("SHOW TABLES LIKE 'seed_engine_runs'").empty());  // not a statement reached it
  // PREFERRED (the default) still connects to it.
  CHECK(Cli("run " + dir / "specs" + " --db '" + db.Url() + "?ssl-mode=PREFERRED'").code == 0);
}

TEST_CASE("MariaDB: the password is in no ledger row, status line or audit record", "[mysql]") {
  REQUIRE_SERVER(s);
  ScratchDb db(s, "pwstore");
  db.Query(kTable);
  TempDir dir;
  dir.Write("specs/texts.yaml", kSpec);
  const std::string user = "seed_pw_" + std::to_string(getpid()), password = "Zq8-hunter-pass";
  Client(s, "CREATE USER IF NOT EXISTS '" + user + "'@'127.0.0.1' IDENTIFIED BY '" + password + "'; GRANT ALL ON " +
                db.name() + ".* TO '" + user + "'@'127.0.0.1'");
  const std::string url = "mysql://" + user + ":" + password + "@" + s.host + ":" + s.port + "/" + db.name();
  std::vector<Output> outputs;
  outputs.push_back(Cli("run " + dir / "specs" + " --log-format json --log-file " + dir / "log" + " --db " + url));
  REQUIRE(outputs.back().code == 0);
  outputs.push_back(Cli("status --db " + url));
  outputs.push_back(Cli("rollback " + dir / "specs" + " --yes --audit-file " + dir / "audit" + " --db " + url));
  // The password from the environment works the same and shows nowhere.
  const std::string bare = "mysql://" + user + "@" + s.host + ":" + s.port + "/" + db.name();
  outputs.push_back(Cli("run " + dir / "specs" + " --db " + bare, "SEED_DB_PASSWORD=" + password));
  CHECK(outputs.back().code == 0);
  for (const Output& o : outputs) {
    INFO(o.text);
    CHECK(o.text.find(password) == std::string::npos);
  }
  std::string stored;
  for (const char* t : {"seed_engine_runs", "seed_engine_tables", "seed_engine_batches"})
    stored += db.Query(std::string("SELECT * FROM ") + t);
  CHECK(!stored.empty());
  CHECK(stored.find(password) == std::string::npos);
  CHECK(ReadFile(dir / "log").find(password) == std::string::npos);
  CHECK(ReadFile(dir / "audit").find(password) == std::string::npos);
  CHECK(!ReadFile(dir / "audit").empty());
  Client(s, "DROP USER IF EXISTS '" + user + "'@'127.0.0.1'");
}

}  // namespace seed::test
