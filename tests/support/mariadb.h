// Test helpers for a real MariaDB server (tools/mariadb.sh start;
// SEED_TEST_MYSQL_URL): the server from the environment, the mariadb
// command-line client, and a scratch database per test.
#pragma once

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <regex>
#include <string>

#include "engine/gen/rng.h"
#include "tests/support/harness.h"

namespace seed::test {

struct Server {
  std::string user, password, host, port, database;
  bool ok = false;
};

// A server from its URL (mysql://user:password@host:port/database).
inline Server ParseServer(const std::string& u) {
  Server s;
  std::smatch m;
  if (std::regex_match(u, m, std::regex(R"((?:mysql|mariadb)://([^:]+):([^@]*)@([^:/]+):(\d+)/(\w+))")))
    s = {m[1], m[2], m[3], m[4], m[5], true};
  return s;
}

inline Server FromEnv() {
  const char* url = std::getenv("SEED_TEST_MYSQL_URL");
  return ParseServer(url ? url : "");
}

// Rows of `sql` through the mariadb client, tab-separated.
inline std::string Client(const Server& s, const std::string& sql, const std::string& db = "") {
  const std::string cmd = "mariadb --no-defaults -N -B -h" + s.host + " -P" + s.port + " -u" + s.user + " -p" +
                          s.password + " " + db + " -e " + ShellQuoted(sql) + " 2>&1";
  std::string out;
  FILE* p = popen(cmd.c_str(), "r");
  char buf[4096];
  size_t n;
  while (p && (n = fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
  if (p) pclose(p);
  while (!out.empty() && out.back() == '\n') out.pop_back();
  return out;
}

// A fresh database for one test, dropped at the end.
class ScratchDb {
 public:
  ScratchDb(const Server& s, const std::string& tag) : s_(s) {
    static int n = 0;
    name_ = "seedt_" + tag + "_" + std::to_string(getpid()) + "_" + std::to_string(++n);
    Client(s_, "DROP DATABASE IF EXISTS " + name_ + "; CREATE DATABASE " + name_);
  }
  ~ScratchDb() { Client(s_, "DROP DATABASE IF EXISTS " + name_); }
  std::string Url() const { return "mysql://" + s_.user + ":" + s_.password + "@" + s_.host + ":" + s_.port + "/" + name_; }
  std::string Query(const std::string& sql) const { return Client(s_, sql, name_); }
  const std::string& name() const { return name_; }
  // The engine's GET_LOCK name for this database (see MysqlDriver::Open):
  // from what the server says it is, however the URL reached it.
  std::string LockName() const {
    const std::string where = Query("SELECT CONCAT(@@hostname, ':', @@port, '/', DATABASE())");
    char name[64];
    snprintf(name, sizeof name, "seed-engine:%016llx", static_cast<unsigned long long>(HashString(where)));
    return name;
  }

 private:
  const Server& s_;
  std::string name_;
};

#define REQUIRE_SERVER(s)                                                                            \
  const Server s = FromEnv();                                                                       \
  if (!s.ok || Client(s, "SELECT 1") != "1") {                                                      \
    WARN("MariaDB not available: set SEED_TEST_MYSQL_URL (tools/mariadb.sh start); test skipped"); \
    return;                                                                                         \
  }

// A table `name` of 3,000 rows (id, v) whose load takes about 9 s of server
// time (a trigger sleeping 3 ms a row), in one transaction when filled from
// empty, and its spec in dir/specs: what runs while a load is under way.
// `keys`: more of its definition, e.g. ", KEY by_v (v)".
inline void SlowTable(const ScratchDb& db, const TempDir& dir, const std::string& name, const std::string& keys = "") {
  db.Query("CREATE TABLE " + name + " (id INT PRIMARY KEY, v INT NOT NULL" + keys + ") ENGINE=InnoDB");
  db.Query("CREATE TRIGGER " + name + "_slow BEFORE INSERT ON " + name +
           " FOR EACH ROW SET NEW.v = NEW.v + SLEEP(0.003)");
  dir.Write("specs/" + name + ".yaml",
            "table: " + name + "\ncount: 3000\ncolumns:\n  id: sequence\n  v: {generator: int, min: 1, max: 9}\n");
}

}  // namespace seed::test
