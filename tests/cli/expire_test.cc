// Retention enforced (issue 16): `expire` rolls back exactly the seeded
// tables past their retention, with the rollback's guards, on SQLite and
// MariaDB; it is idempotent, waits for or refuses (exit 2) a running
// seeding, and the ledger's pii trail records the erasure.
#include <catch2/catch.hpp>
#include <chrono>
#include <functional>
#include <nlohmann/json.hpp>
#include <thread>

#include "engine/core/utc_time.h"
#include "engine/driver/registry.h"
#include "tests/support/harness.h"
#include "tests/support/mariadb.h"

namespace seed::test {

namespace {

// parents live a day, kids (which reference them, ON DELETE CASCADE) 60
// days, notes as long as --retention says.
void WriteSpecs(const TempDir& dir) {
  dir.Write("specs/parents.yaml",
            "table: parents\ncount: 20\nretention: {dev: 1d, staging: 12h}\ncolumns:\n  id: sequence\n"
            "  name: {generator: full_name, pii: name}\n");
  dir.Write("specs/kids.yaml",
            "table: kids\ncount: 40\nretention: 60d\ncolumns:\n  id: sequence\n"
            "  parent_id: {generator: reference, table: parents, column: id}\n"
            "  email: {generator: email, pii: email}\n");
  dir.Write("specs/notes.yaml", "table: notes\ncount: 10\ncolumns:\n  id: sequence\n  body: sentence\n");
}

const char* kSqliteSchema =
    "CREATE TABLE parents (id INTEGER PRIMARY KEY, name TEXT NOT NULL);\n"
    "CREATE TABLE kids (id INTEGER PRIMARY KEY, parent_id INTEGER NOT NULL REFERENCES parents(id) ON DELETE CASCADE,"
    " email TEXT NOT NULL);\n"
    "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL);\n";

const char* kMysqlSchema =
    "CREATE TABLE parents (id BIGINT PRIMARY KEY, name VARCHAR(100) NOT NULL) ENGINE=InnoDB;\n"
    "CREATE TABLE kids (id BIGINT PRIMARY KEY, parent_id BIGINT NOT NULL, email VARCHAR(200) NOT NULL,"
    " FOREIGN KEY (parent_id) REFERENCES parents(id) ON DELETE CASCADE) ENGINE=InnoDB;\n"
    "CREATE TABLE notes (id BIGINT PRIMARY KEY, body VARCHAR(500) NOT NULL) ENGINE=InnoDB;\n";

// One database under test: its URL and a way to run SQL on it.
struct Target {
  std::string url;
  std::function<std::string(const std::string&)> sql;  // first cell of the first row
  long Count(const std::string& table) const { return std::stol(sql("SELECT COUNT(*) FROM " + table)); }
};

nlohmann::json Tables(const Output& out) {
  const size_t open = out.text.find('{');
  REQUIRE(open != std::string::npos);
  nlohmann::json j = nlohmann::json::parse(out.text.substr(open, out.text.rfind('}') - open + 1), nullptr, false);
  REQUIRE(j.is_object());
  nlohmann::json by_table;
  for (const auto& t : j["tables"]) by_table[t["table"].get<std::string>()] = t;
  return by_table;
}

void ExpireScenario(const TempDir& dir, const Target& db, const std::string& schema_file) {
  const std::string specs = dir / "specs", on = " --db '" + db.url + "'";
  REQUIRE(Cli("run " + specs + on + " --schema " + schema_file).code == 0);
  REQUIRE(db.Count("parents") == 20);

  // Nothing is due today; in two days parents are, and kids go with them.
  Output today = Cli("expire " + specs + on + " --yes --format json");
  INFO(today.text);
  REQUIRE(today.code == 0);
  CHECK(Tables(today)["parents"]["state"] == "kept");
  Output dry = Cli("expire " + specs + on + " --dry-run --as-of +2d --format json");
  INFO(dry.text);
  REQUIRE(dry.code == 0);
  nlohmann::json t = Tables(dry);
  CHECK(t["parents"]["expired"] == true);
  CHECK(t["parents"]["retention"] == "1d");
  CHECK(t["parents"]["state"] == "would-delete");
  CHECK(t["kids"]["expired"] == false);
  CHECK(t["kids"]["taken_with"] == "parents");
  CHECK(t["kids"]["state"] == "would-delete");
  CHECK(t["notes"]["state"] == "kept");
  CHECK(t["notes"]["retention"] == "none");
  CHECK(db.Count("kids") == 40);  // a dry run deletes nothing

  // A user's row referencing a seeded parent stops the parent's rollback
  // (its CASCADE would take the user's row): exit 4, the user's row stays.
  db.sql("INSERT INTO kids (id, parent_id, email) VALUES (100000, 1, 'user@example.com')");
  Output blocked = Cli("expire " + specs + on + " --as-of +2d --yes --format json");
  INFO(blocked.text);
  CHECK(blocked.code == 4);
  t = Tables(blocked);
  CHECK(t["kids"]["state"] == "deleted");
  CHECK(t["parents"]["state"] == "blocked");
  CHECK(db.Count("kids") == 1);
  CHECK(db.Count("parents") == 20);
  db.sql("DELETE FROM kids WHERE id = 100000");

  Output done = Cli("expire " + specs + on + " --as-of +2d --yes");
  INFO(done.text);
  CHECK(done.code == 0);
  CHECK(db.Count("parents") == 0);
  CHECK(db.Count("notes") == 10);
  // Idempotent: nothing left to expire, nothing changes.
  Output again = Cli("expire " + specs + on + " --as-of +2d --yes --format json");
  INFO(again.text);
  CHECK(again.code == 0);
  CHECK(Tables(again).size() == 1);  // only notes is still seeded
  CHECK(db.Count("notes") == 10);

  // The pii trail: written by the seeding, erased by the expiry; no value.
  Output trail = Cli("audit --runs --format json" + on);
  INFO(trail.text);
  REQUIRE(trail.code == 0);
  CHECK(trail.text.find("\"action\": \"erased\"") != std::string::npos);
  CHECK(trail.text.find("\"kind\": \"expire\"") != std::string::npos);
  CHECK(trail.text.find("user@example.com") == std::string::npos);

  // notes expire by --retention once they are older than it: a run dated
  // 40 days back in the ledger is past 30d, a run of today is not.
  REQUIRE(Cli("run " + specs + on + " --table parents").code == 0);
  db.sql("UPDATE seed_engine_runs SET started_at = '" + FormatUtc(NowSeconds() - 40 * 86400) +
         "' WHERE run_id = (SELECT run_id FROM seed_engine_tables WHERE table_name = 'notes')");
  Output old = Cli("expire " + specs + on + " --retention 30d --yes --format json");
  INFO(old.text);
  CHECK(old.code == 0);
  t = Tables(old);
  CHECK(t["notes"]["state"] == "deleted");
  CHECK(t["notes"]["retention_from"] == "--retention");
  CHECK(t["parents"]["state"] == "kept");
  CHECK(db.Count("notes") == 0);
  CHECK(db.Count("parents") == 20);
  // status shows each table's age and, given the specs, its expiry.
  Output status = Cli("status " + specs + on);
  INFO(status.text);
  CHECK(status.code == 0);
  CHECK(status.text.find("expires") != std::string::npos);
  CHECK(status.text.find(FormatUtc(NowSeconds() + 86400).substr(0, 10)) != std::string::npos);
}

// A seeding holds the lock: expire exits 2 at once, or waits for it.
void LockScenario(const TempDir& dir, const Target& db) {
  const std::string specs = dir / "specs", on = " --db '" + db.url + "'";
  Result<std::unique_ptr<Driver>> holder = OpenDriver(db.url);
  REQUIRE(holder.ok());
  REQUIRE((*holder)->lock().Acquire(0).ok());
  const Output refused = Cli("expire " + specs + on + " --as-of +2d --yes");
  INFO(refused.text);
  CHECK(refused.code == 2);
  CHECK(db.Count("parents") == 20);
  std::thread release([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(1500));
    holder->reset();
  });
  const Output waited = Cli("expire " + specs + on + " --as-of +2d --yes --lock-timeout 30");
  release.join();
  INFO(waited.text);
  CHECK(waited.code == 0);
  CHECK(db.Count("parents") == 0);
}

}  // namespace

TEST_CASE("expire on SQLite: exactly the tables past retention, guarded, idempotent, trail recorded",
          "[cli][expire]") {
  TempDir dir;
  WriteSpecs(dir);
  dir.Write("schema.sql", kSqliteSchema);
  const std::string file = dir / "t.db";
  const Target db{"sqlite:" + file, [&](const std::string& q) {
                    std::vector<std::string> rows = Sql(file, q);
                    return rows.empty() ? std::string() : rows[0].substr(0, rows[0].find('|'));
                  }};
  ExpireScenario(dir, db, dir / "schema.sql");
}

TEST_CASE("expire on SQLite waits for a seeding's lock or exits 2", "[cli][expire][lock]") {
  TempDir dir;
  WriteSpecs(dir);
  dir.Write("schema.sql", kSqliteSchema);
  const std::string file = dir / "t.db";
  REQUIRE(Cli("run " + dir / "specs" + " --db sqlite:" + file + " --schema " + dir / "schema.sql").code == 0);
  LockScenario(dir, {"sqlite:" + file, [&](const std::string& q) {
                       std::vector<std::string> rows = Sql(file, q);
                       return rows.empty() ? std::string() : rows[0];
                     }});
}

TEST_CASE("expire on MariaDB: exactly the tables past retention, CASCADE guarded, waits for the lock",
          "[cli][expire][mysql]") {
  REQUIRE_SERVER(server);
  TempDir dir;
  WriteSpecs(dir);
  dir.Write("schema.sql", kMysqlSchema);
  {
    ScratchDb scratch(server, "expire");
    ExpireScenario(dir, {scratch.Url(), [&](const std::string& q) { return scratch.Query(q); }}, dir / "schema.sql");
  }
  ScratchDb scratch(server, "expire_lock");
  const Target db{scratch.Url(), [&](const std::string& q) { return scratch.Query(q); }};
  REQUIRE(Cli("run " + dir / "specs" + " --db '" + db.url + "' --schema " + dir / "schema.sql").code == 0);
  LockScenario(dir, db);
}

}  // namespace seed::test
