// What the command line promises an operator: flags mean what they say,
// production is guarded for rollback as for run, and no password byte of
// any URL, however malformed, reaches any output.
#include <algorithm>

#include <catch2/catch.hpp>

#include "engine/driver/url.h"
#include "tests/support/harness.h"

namespace seed::test {

namespace {

Output Seed(const TempDir& dir, const std::string& extra, const std::string& env = "") {
  return Cli("run " + Specs() + " --db sqlite:" + dir / "t.db" + " --schema " + SqliteSchema() +
                 " --table strains " + extra,
             env);
}

// Malformed and well-formed URLs, each carrying the password "hunter2"
// somewhere a user might have typed it. Passwords below 4 characters are
// not tested: a short one can appear by chance in any message.
const std::vector<std::string> kUrls = {
    "mysql://u:hunter2?Secret@127.0.0.1:1/db",   // '?' inside the password
    "mysql://u:hunter2?Secret@127.0.0.1:1/",     // and no database
    "mysql:u:hunter2@127.0.0.1/db",              // no "//"
    "mysql://u:hun/ter2@127.0.0.1:1/db",         // raw '/' in the password
    "mysql://u:hunter2/db",                      // no '@': looks like a port
    "mysql://u:hunter2@127.0.0.1:99999/db",      // bad port
    "mysql://u:hunter2@127.0.0.1:1/db?ssl_mode=REQUIRED",  // unknown parameter
    "mysql://u:hunter2@127.0.0.1:1/db?password=hunter2",   // password as a parameter
    "mysql://u:hunter2@@127.0.0.1:1/db",         // doubled '@'
    "mysql://u:hunter2#frag@127.0.0.1:1/db",     // '#' in the password
    "mysql://u:p%40hunter2@127.0.0.1:1/db",      // percent-encoded, unreachable server
    "postgres://u:hunter2@127.0.0.1:1/db",       // a scheme not (yet) supported
    "u:hunter2@127.0.0.1/db",                    // no scheme at all
    "mysql://u:hunter2",                         // truncated
};

// Rows in strains, 0 when the table (or the file) does not exist.
long Strains(const TempDir& dir) {
  if (!fs::exists(dir / "t.db") ||
      Sql(dir / "t.db", "SELECT COUNT(*) FROM sqlite_master WHERE name = 'strains'")[0] == "0")
    return 0;
  return Count(dir / "t.db", "strains");
}

bool Leaks(const std::string& text) {
  return text.find("hunter2") != std::string::npos || text.find("hun/ter2") != std::string::npos ||
         text.find("ter2@") != std::string::npos;
}

}  // namespace

TEST_CASE("RedactUrl hides the password of every URL shape", "[cli][secrets]") {
  for (const std::string& url : kUrls) {
    INFO(url);
    CHECK_FALSE(Leaks(RedactUrl(url)));
  }
  // Well-formed URLs keep everything but the password.
  CHECK(RedactUrl("mysql://u:pw@h:3306/db?socket=/s") == "mysql://u:***@h:3306/db?socket=/s");
  CHECK(RedactUrl("sqlite:/tmp/x.db") == "sqlite:/tmp/x.db");
  CHECK(RedactUrl("mysql://u@h/db") == "mysql://u@h/db");
}

TEST_CASE("no password byte in stdout, stderr, the JSON log or the log file, for any URL shape",
          "[cli][secrets]") {
  TempDir dir;
  for (const std::string& url : kUrls) {
    const std::string log = dir / "log.jsonl";
    const std::vector<std::pair<std::string, std::string>> runs = {
        {"run " + Specs() + " --log-format json --log-file " + log + " --db '" + url + "'", ""},
        {"run " + Specs() + " --log-format text --log-file " + log, "DATABASE_URL='" + url + "'"},
        {"run " + Specs() + " --dry-run --source-db '" + url + "'", ""},
        {"run " + Specs() + " --dry-run", "SEED_SOURCE_DB_URL='" + url + "'"},
        {"validate " + Specs() + " --db '" + url + "'", ""},
        {"status --db '" + url + "'", ""},
        {"checksum " + Specs() + " --db '" + url + "'", ""},
        {"rollback " + Specs() + " --yes --audit-file " + dir / "audit.jsonl" + " --db '" + url + "'", ""},
    };
    for (const auto& [args, env] : runs) {
      // One connection attempt: the retries' messages are checked elsewhere.
      Output out = Cli(args, env + " SEED_CONNECT_ATTEMPTS=1");
      INFO(args << "\n" << out.text);
      CHECK(out.code != 0);
      CHECK_FALSE(Leaks(out.text));
      CHECK_FALSE(Leaks(ReadFile(log)));
      CHECK_FALSE(Leaks(ReadFile(dir / "audit.jsonl")));
    }
  }
}

TEST_CASE("boolean flags take only true or false: --yes=false is not --yes", "[cli][guard]") {
  TempDir dir;
  const std::string allow = "ALLOW_PRODUCTION_SEEDING=true";
  Output no = Seed(dir, "--env production --yes=false", allow);
  INFO(no.text);
  CHECK(no.code == 5);
  CHECK(Strains(dir) == 0);
  Output bad = Seed(dir, "--env production --yes=yes", allow);
  CHECK(bad.code == 1);
  CHECK(bad.text.find("--yes=true or --yes=false") != std::string::npos);
  CHECK(Seed(dir, "--dry-run=maybe").code == 1);
  CHECK(Seed(dir, "--dry-run=false").code == 0);  // writes
  CHECK(Strains(dir) == 50);
}

TEST_CASE("numeric flags are range-checked", "[cli]") {
  TempDir dir;
  for (const char* extra : {"--batch-size 0", "--batch-size 99999999", "--lock-timeout -1",
                                   "--lock-timeout 100000", "--size 18446744073709551616", "--size 12x",
                                   "--size -5"}) {
    Output out = Seed(dir, extra);
    INFO(extra << "\n" << out.text);
    CHECK(out.code == 1);
    CHECK(out.text.find("error:") != std::string::npos);
  }
  CHECK(Strains(dir) == 0);
}

TEST_CASE("preview: an offset past the table is an error and --offset + --rows cannot overflow", "[cli]") {
  const std::string base = "preview " + Specs() + " --table strains --format csv";
  Output past = Cli(base + " --offset 50");
  INFO(past.text);
  CHECK(past.code == 1);
  CHECK(past.text.find("has 50 rows") != std::string::npos);
  Output wide = Cli(base + " --offset 48 --rows 18446744073709551615");
  INFO(wide.text);
  CHECK(wide.code == 0);
  CHECK(std::count(wide.text.begin(), wide.text.end(), '\n') == 3);  // header and rows 48, 49
}

TEST_CASE("rollback of production data goes through the production guard", "[cli][guard]") {
  TempDir dir;
  const std::string allow = "ALLOW_PRODUCTION_SEEDING=true";
  REQUIRE(Seed(dir, "--env production --yes", allow).code == 0);
  const long seeded = Strains(dir);
  REQUIRE(seeded > 0);
  const std::string rb = "rollback " + Specs() + " --db sqlite:" + dir / "t.db" + " --audit-file " + dir / "a.jsonl";
  // Named on the command line, or only in the ledger: both guarded.
  CHECK(Cli(rb + " --env production --yes").code == 5);
  CHECK(Cli(rb + " --yes").code == 5);
  CHECK(Cli(rb + " --env production --yes=false", allow).code == 5);
  CHECK(Strains(dir) == seeded);
  CHECK(Cli(rb + " --dry-run").code == 0);  // looking is always allowed
  Output ok = Cli(rb + " --env production --yes", allow);
  INFO(ok.text);
  CHECK(ok.code == 0);
  CHECK(Strains(dir) == 0);
}

}  // namespace seed::test
