// Test helpers for a real PostgreSQL server (tools/postgres.sh start;
// SEED_TEST_PG_URL): the server from the environment, the psql client
// (password through PGPASSWORD, never on its command line), and a scratch
// database per test.
#pragma once

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <regex>
#include <string>

#include "engine/gen/rng.h"
#include "tests/support/harness.h"

namespace seed::test {

struct PgServer {
  std::string user, password, host, port, database;
  bool ok = false;
};

inline PgServer PgFromEnv() {
  PgServer s;
  const char* url = std::getenv("SEED_TEST_PG_URL");
  std::smatch m;
  const std::string u = url ? url : "";
  if (std::regex_match(
          u, m, std::regex(R"((?:postgres|postgresql)://([^:]+):([^@]*)@([^:/]+):(\d+)/(\w+))")))
    s = {m[1], m[2], m[3], m[4], m[5], true};
  return s;
}

// Rows of `sql` (the last statement's, when there are several) through
// psql: cells tab-separated, rows on lines, errors included.
inline std::string PgClient(const PgServer& s, const std::string& sql, const std::string& db = "") {
  const std::string cmd = "PGPASSWORD=" + s.password +
                          " psql -X -q -t -A -F '\t' -v ON_ERROR_STOP=1 -h " + s.host + " -p " +
                          s.port + " -U " + s.user + " -d " + (db.empty() ? s.database : db) +
                          " -c " + ShellQuoted(sql) + " 2>&1";
  std::string out;
  FILE* p = popen(cmd.c_str(), "r");
  char buf[4096];
  size_t n;
  while (p && (n = fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
  if (p) pclose(p);
  while (!out.empty() && out.back() == '\n') out.pop_back();
  return out;
}

// A fresh database for one test, dropped (its sessions ended) at the end.
class PgScratchDb {
 public:
  PgScratchDb(const PgServer& s, const std::string& tag) : s_(s) {
    static int n = 0;
    name_ = "seedt_" + tag + "_" + std::to_string(getpid()) + "_" + std::to_string(++n);
    PgClient(s_, "DROP DATABASE IF EXISTS " + name_ + " WITH (FORCE)");
    PgClient(s_, "CREATE DATABASE " + name_);
  }
  ~PgScratchDb() { PgClient(s_, "DROP DATABASE IF EXISTS " + name_ + " WITH (FORCE)"); }
  std::string Url() const {
    return "postgres://" + s_.user + ":" + s_.password + "@" + s_.host + ":" + s_.port + "/" +
           name_;
  }
  std::string Query(const std::string& sql) const { return PgClient(s_, sql, name_); }
  const std::string& name() const { return name_; }
  // The engine's advisory lock key for this database (see PostgresDriver::LockKey).
  int64_t LockKey() const {
    return static_cast<int64_t>(HashString(s_.host + ":" + s_.port + "/" + name_));
  }
  // The pid of the session holding the run lock, or "".
  std::string LockHolderPid() const {
    const std::string key = std::to_string(LockKey());
    return Query(
        "SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted AND objsubid = 1"
        " AND classid::text::bigint = (" +
        key +
        "::bigint >> 32) & 4294967295"
        " AND objid::text::bigint = " +
        key + "::bigint & 4294967295");
  }

 private:
  const PgServer& s_;
  std::string name_;
};

#define REQUIRE_PG(s)                                                                              \
  const PgServer s = PgFromEnv();                                                                  \
  if (!s.ok || PgClient(s, "SELECT 1") != "1") {                                                   \
    WARN(                                                                                          \
        "PostgreSQL not available: set SEED_TEST_PG_URL (tools/postgres.sh start); test skipped"); \
    return;                                                                                        \
  }

}  // namespace seed::test
