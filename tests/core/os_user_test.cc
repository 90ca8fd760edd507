// Who the ledger and the rollback audit file say ran the engine when $USER
// is unset (CI, cron, containers): the account of the effective uid, else
// the uid, never "".
#include "engine/core/os_user.h"

#include <pwd.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdlib>

#include "tests/support/harness.h"

namespace seed::test {

namespace {

std::string Expected() {
  if (const passwd* pw = getpwuid(geteuid()); pw && pw->pw_name && *pw->pw_name) return pw->pw_name;
  return std::to_string(geteuid());
}

// Sets or unsets USER for the scope.
class UserVar {
 public:
  explicit UserVar(const char* value) {
    if (const char* v = std::getenv("USER")) saved_ = v, had_ = true;
    value ? setenv("USER", value, 1) : unsetenv("USER");
  }
  ~UserVar() { had_ ? setenv("USER", saved_.c_str(), 1) : unsetenv("USER"); }

 private:
  std::string saved_;
  bool had_ = false;
};

}  // namespace

TEST_CASE("OsUser: $USER, else the account of the effective uid, never empty", "[core]") {
  {
    UserVar user("deploy-bot");
    CHECK(OsUser() == "deploy-bot");
  }
  {
    UserVar user(nullptr);
    CHECK(OsUser() == Expected());
  }
  {
    UserVar user("");
    CHECK(OsUser() == Expected());
  }
}

TEST_CASE("without $USER the ledger and the rollback audit file name the OS user",
          "[ledger][sqlite]") {
  TempDir dir;
  const std::string db = dir / "t.db";
  dir.Write("specs/tag.yaml", "table: tag\ncount: 5\ncolumns:\n  id: sequence\n  label: word\n");
  dir.Write("schema.sql", "CREATE TABLE tag (id INTEGER PRIMARY KEY, label TEXT NOT NULL);");
  Output run = Cli("run " + dir / "specs --db sqlite:" + db + " --schema " + dir / "schema.sql",
                   "env -u USER");
  INFO(run.text);
  REQUIRE(run.code == 0);
  CHECK(Sql(db, "SELECT user_name FROM seed_engine_runs") == std::vector<std::string>{Expected()});
  Output rb = Cli(
      "rollback " + dir / "specs --db sqlite:" + db + " --yes --audit-file " + dir / "audit.jsonl",
      "env -u USER");
  INFO(rb.text);
  REQUIRE(rb.code == 0);
  const std::string audit = ReadFile(dir / "audit.jsonl");
  INFO(audit);
  CHECK(audit.find("\"user\":\"" + Expected() + "\"") != std::string::npos);
  CHECK(audit.find("\"user\":\"\"") == std::string::npos);
}

}  // namespace seed::test
