// The run ledger on a real SQLite file: idempotent reruns, resume after
// kill -9 at random points, and rollback of exactly the seeded rows.
#include <signal.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <random>
#include <thread>

#include "tests/support/harness.h"

namespace seed::test {

namespace {

std::string Run(const std::string& db, const std::string& extra = "") {
  return "run " + Specs() + " --db sqlite:" + db + " --schema " + SqliteSchema() + " " + extra;
}

std::string Checksum(const std::string& db) { return Cli("checksum " + Specs() + " --db sqlite:" + db).text; }

// Starts `seed-engine args` and kills it with SIGKILL after `ms`.
void KillAfter(const std::string& args, int ms) {
  const pid_t pid = fork();
  if (pid == 0) {
    execl("/bin/sh", "sh", "-c", ("exec " + kBinary + " " + args + " >/dev/null 2>&1").c_str(), nullptr);
    _exit(127);
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(ms));
  kill(pid, SIGKILL);
  waitpid(pid, nullptr, 0);
}

}  // namespace

TEST_CASE("a rerun with the same specs, seed and size inserts nothing", "[ledger][sqlite]") {
  TempDir dir;
  REQUIRE(Cli(Run(dir / "t.db")).code == 0);
  const std::string before = Checksum(dir / "t.db");
  Output again = Cli(Run(dir / "t.db"));
  INFO(again.text);
  CHECK(again.code == 0);
  CHECK(again.text.find("already seeded") != std::string::npos);
  CHECK(again.text.find("total                                      0") != std::string::npos);
  CHECK(Checksum(dir / "t.db") == before);
  // A changed seed or size is refused with the way out spelled out.
  Output changed = Cli(Run(dir / "t.db", "--seed 9"));
  INFO(changed.text);
  CHECK(changed.code == 1);
  // ... and that way out works as printed.
  const size_t open = changed.text.find("`seed-engine run ");
  REQUIRE(open != std::string::npos);
  const std::string suggested = changed.text.substr(open + 13, changed.text.find('`', open + 1) - open - 13);
  CHECK(suggested.find("--seed 9") != std::string::npos);
  CHECK(suggested.find("--replant") != std::string::npos);
  Output replanted = Cli(suggested);
  INFO(replanted.text);
  CHECK(replanted.code == 0);
  const std::string reseeded = Checksum(dir / "t.db");
  CHECK(reseeded != before);
  CHECK(Cli(Run(dir / "t.db", "--seed 9")).code == 0);  // the same seed again: nothing to do
  CHECK(Checksum(dir / "t.db") == reseeded);
  REQUIRE(Cli(Run(dir / "t.db", "--replant")).code == 0);  // back to seed 42
  CHECK(Checksum(dir / "t.db") == before);
  // Comments and layout are not changes; a changed option is.
  fs::copy(Specs(), dir / "specs", fs::copy_options::recursive);
  dir.Write("specs/strains.yaml", "# reworded comment\n\n" + ReadFile(Specs() + "/strains.yaml"));
  CHECK(Cli("run " + dir / "specs" + " --db sqlite:" + dir / "t.db").code == 0);
  std::string orders = ReadFile(Specs() + "/orders.yaml");
  orders.replace(orders.find("skew: 1.2"), 9, "skew: 1.3");
  dir.Write("specs/orders.yaml", orders);
  Output edited = Cli("run " + dir / "specs" + " --db sqlite:" + dir / "t.db");
  CHECK(edited.code == 1);
  CHECK(edited.text.find("orders: already seeded by run") != std::string::npos);
}

TEST_CASE("kill -9 at random points, rerun: identical to an uninterrupted run", "[ledger][sqlite][slow]") {
  TempDir clean;
  REQUIRE(Cli(Run(clean / "t.db", "--size medium --batch-size 2000")).code == 0);
  const std::string expected = Checksum(clean / "t.db");
  std::mt19937 rng(12345);
  for (int round = 0; round < Rounds(20); ++round) {
    TempDir dir;
    const int ms = 20 + static_cast<int>(rng() % 900);
    KillAfter(Run(dir / "t.db", "--size medium --batch-size 2000"), ms);
    if (round % 4 == 3) KillAfter(Run(dir / "t.db", "--size medium --batch-size 2000"), ms / 2);  // killed twice
    Output rerun = Cli(Run(dir / "t.db", "--size medium --batch-size 2000"));
    INFO("killed after " << ms << " ms\n" << rerun.text);
    REQUIRE(rerun.code == 0);
    CHECK(Checksum(dir / "t.db") == expected);
    CHECK(Sql(dir / "t.db", "PRAGMA foreign_key_check").empty());
  }
}

TEST_CASE("rollback deletes exactly the seeded rows, user rows survive byte for byte", "[ledger][sqlite]") {
  TempDir dir;
  const std::string db = dir / "t.db";
  // The schema and a user's rows before seeding.
  Sql(db, ReadFile(SqliteSchema()) +
              "INSERT INTO clients (id, name, email, license_number, client_type, credit_limit, created_at)"
              " VALUES (1, 'User Co', 'u@corp.test', 'L-1', 'dispensary', 5, '2020-01-01 00:00:00');"
              "INSERT INTO strains (id, name, category) VALUES (77, 'User Kush', 'indica');");
  const std::string before = Checksum(db);
  Output seeded = Cli("run " + Specs() + " --db sqlite:" + db);
  INFO(seeded.text);
  REQUIRE(seeded.code == 0);
  CHECK(Sql(db, "SELECT MIN(id) FROM clients WHERE id > 1")[0] == "2");  // keys start above the user's
  CHECK(Sql(db, "SELECT MIN(id) FROM strains WHERE id <> 77")[0] == "78");
  CHECK(Sql(db, "PRAGMA foreign_key_check").empty());
  // A user row created after seeding, pointing at the user's own client.
  Sql(db, "INSERT INTO orders (id, order_number, client_id, status, ordered_at)"
          " VALUES (900000, 'U-1', 1, 'draft', '2024-01-01 00:00:00')");
  const std::vector<std::string> user_order = Sql(db, "SELECT * FROM orders WHERE id = 900000");

  Output dry = Cli("rollback " + Specs() + " --db sqlite:" + db + " --dry-run");
  INFO(dry.text);
  CHECK(dry.code == 0);
  CHECK(dry.text.find("would delete 9650 rows") != std::string::npos);
  CHECK(Count(db, "order_items") == 6000);  // a dry run writes nothing
  CHECK(Cli("rollback " + Specs() + " --db sqlite:" + db).code == 1);  // no terminal and no --yes

  Output only = Cli("rollback " + Specs() + " --db sqlite:" + db + " --yes --table order_items");
  CHECK(only.code == 0);
  CHECK(Count(db, "order_items") == 0);
  CHECK(Count(db, "orders") == 2001);

  Output rb = Cli("rollback " + Specs() + " --db sqlite:" + db + " --yes --audit-file " + dir / "audit.jsonl");
  INFO(rb.text);
  REQUIRE(rb.code == 0);
  CHECK(Sql(db, "SELECT * FROM orders") == user_order);
  Sql(db, "DELETE FROM orders WHERE id = 900000");
  CHECK(Checksum(db) == before);
  CHECK(ReadFile(dir / "audit.jsonl").find("\"event\":\"rollback.delete\"") != std::string::npos);
  // After a full rollback the same run seeds again.
  CHECK(Cli("run " + Specs() + " --db sqlite:" + db).code == 0);
}

TEST_CASE("a user row referencing a seeded parent blocks that parent's rollback, even with CASCADE",
          "[ledger][sqlite]") {
  TempDir dir;
  const std::string db = dir / "t.db";
  dir.Write("specs/parent.yaml", "table: parent\ncount: 10\ncolumns: {id: sequence}\n");
  dir.Write("specs/child.yaml",
            "table: child\ncount: 20\ncolumns:\n  id: sequence\n  parent_id: {generator: reference, table: parent}\n");
  dir.Write("schema.sql",
            "CREATE TABLE parent (id INTEGER PRIMARY KEY);"
            "CREATE TABLE child (id INTEGER PRIMARY KEY,"
            " parent_id INTEGER NOT NULL REFERENCES parent(id) ON DELETE CASCADE);");
  REQUIRE(Cli("run " + dir / "specs" + " --db sqlite:" + db + " --schema " + dir / "schema.sql").code == 0);
  Sql(db, "INSERT INTO child (id, parent_id) VALUES (500, 3)");
  Output rb = Cli("rollback " + dir / "specs" + " --db sqlite:" + db + " --yes");
  INFO(rb.text);
  CHECK(rb.code == 4);
  CHECK(rb.text.find("child.parent_id") != std::string::npos);
  CHECK(rb.text.find("id=3") != std::string::npos);
  CHECK(Count(db, "parent") == 10);  // blocked: nothing of it deleted
  CHECK(Sql(db, "SELECT * FROM child") == std::vector<std::string>{"500|3"});  // seeded children went
}

TEST_CASE("seeded rows changed since seeding are kept unless asked", "[ledger][sqlite]") {
  TempDir dir;
  const std::string db = dir / "t.db";
  REQUIRE(Cli(Run(db)).code == 0);
  Sql(db, "UPDATE strains SET name = 'Renamed' WHERE id = 5");
  Output rb = Cli("rollback " + Specs() + " --db sqlite:" + db + " --yes --table order_items --table orders"
                  " --table inventory_items --table batches --table strains");
  INFO(rb.text);
  CHECK(rb.code == 0);
  CHECK(Sql(db, "SELECT id, name FROM strains") == std::vector<std::string>{"5|Renamed"});
  CHECK(rb.text.find("kept") != std::string::npos);
}

}  // namespace seed::test

namespace seed::test {

TEST_CASE("tables with natural and composite keys roll back by regenerated keys", "[ledger][sqlite]") {
  TempDir dir;
  const std::string db = dir / "t.db";
  dir.Write("specs/tag.yaml", "table: tag\ncount: 30\ncolumns:\n  code: {generator: pattern, pattern: \"T[A-Z]{3}\", unique: true}\n  label: word\n");
  dir.Write("specs/item_tag.yaml",
            "table: item_tag\ncount: 500\ncolumns:\n  item: {generator: int, min: 1, max: 100000, unique: true}\n"
            "  tag_code: {generator: reference, table: tag, column: code}\n  weight: {generator: int, min: 1, max: 9}\n");
  dir.Write("schema.sql",
            "CREATE TABLE tag (code VARCHAR(8) PRIMARY KEY, label TEXT NOT NULL);"
            "CREATE TABLE item_tag (item INTEGER NOT NULL, tag_code VARCHAR(8) NOT NULL REFERENCES tag(code),"
            " weight INTEGER NOT NULL, PRIMARY KEY (item, tag_code));");
  REQUIRE(Cli("run " + dir / "specs" + " --db sqlite:" + db + " --schema " + dir / "schema.sql").code == 0);
  Sql(db, "INSERT INTO tag VALUES ('UZZZ', 'user')");
  Output rb = Cli("rollback " + dir / "specs" + " --db sqlite:" + db + " --yes --audit-file " + dir / "a.jsonl");
  INFO(rb.text);
  CHECK(rb.code == 0);
  CHECK(Sql(db, "SELECT * FROM tag") == std::vector<std::string>{"UZZZ|user"});
  CHECK(Count(db, "item_tag") == 0);
}

}  // namespace seed::test
