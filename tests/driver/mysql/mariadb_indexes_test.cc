// On a real MariaDB: a table filled from empty loads with its plain
// secondary indexes dropped and built again after its rows. What a user
// relies on: every index comes back exactly as declared, also when the run
// is killed while they are away.
#include <signal.h>
#include <sys/wait.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <thread>

#include "engine/driver/ledger_store.h"
#include "tests/support/harness.h"
#include "tests/support/mariadb.h"

namespace seed::test {

namespace {

// Every kind of index InnoDB has, and names that need quoting.
const char kPostsDdl[] =
    "CREATE TABLE authors (id BIGINT PRIMARY KEY, name VARCHAR(80) NOT NULL, KEY `by name` (name));"
    " CREATE TABLE posts (id BIGINT PRIMARY KEY, author_id BIGINT NOT NULL, title VARCHAR(200) NOT NULL,"
    " body TEXT NOT NULL, score INT NOT NULL, created DATE NOT NULL,"
    " UNIQUE KEY uq_title (title), KEY idx_author (author_id), KEY `odd``name` (score DESC, created)"
    " COMMENT 'for the feed', KEY idx_prefix (title(10)), FULLTEXT KEY ft_body (body),"
    " CONSTRAINT fk_author FOREIGN KEY (author_id) REFERENCES authors (id)) ENGINE=InnoDB";

void PostsSpecs(const TempDir& dir, long posts) {
  dir.Write("specs/authors.yaml", "table: authors\ncount: 500\ncolumns:\n  id: sequence\n  name: {generator: full_name}\n");
  dir.Write("specs/posts.yaml", "table: posts\ncount: " + std::to_string(posts) +
                                    "\ncolumns:\n  id: sequence\n"
                                    "  author_id: {generator: reference, table: authors}\n"
                                    "  title: {generator: sku, prefix: T, unique: true}\n"
                                    "  body: {generator: sentence}\n  score: {generator: int, min: 0, max: 100}\n"
                                    "  created: {generator: date, from: 2020-01-01, to: 2024-12-31}\n");
}

std::string Definitions(const ScratchDb& db) {
  return db.Query("SHOW CREATE TABLE authors") + "\n" + db.Query("SHOW CREATE TABLE posts");
}

// Starts `args` and kills it once posts' indexes are dropped, while its
// rows load; true when it got there.
bool KillWhilePostsLoad(const ScratchDb& db, const std::string& args) {
  const pid_t pid = StartCli(args);
  bool dropped = false;
  for (int i = 0; i < 1500 && !dropped; ++i) {
    dropped = db.Query("SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE()"
                       " AND TABLE_NAME = 'seed_engine_indexes'") == "1" &&
              db.Query("SELECT COUNT(*) FROM seed_engine_indexes WHERE table_name = 'posts'") != "0" &&
              db.Query("SELECT COUNT(*) FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE()"
                       " AND TABLE_NAME = 'posts' AND INDEX_NAME = 'idx_author'") == "0";
    if (!dropped) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  kill(pid, SIGKILL);
  WaitExit(pid);
  return dropped;
}

}  // namespace

TEST_CASE("MariaDB: a table loaded from empty has every secondary index back afterwards exactly as declared",
          "[mysql][indexes]") {
  REQUIRE_SERVER(s);
  ScratchDb db(s, "idx");
  db.Query(kPostsDdl);
  const std::string declared = Definitions(db);
  TempDir dir;
  PostsSpecs(dir, 20000);
  Output out = Cli("run " + dir / "specs" + " --db " + db.Url());
  INFO(out.text);
  REQUIRE(out.code == 0);
  CHECK(Definitions(db) == declared);
  CHECK(db.Query("SELECT COUNT(*) FROM seed_engine_indexes") == "0");
  CHECK(db.Query("SELECT COUNT(*) FROM posts FORCE INDEX (idx_author) WHERE author_id > 0") == "20000");
  // A partitioned table, an index on a virtual column, an ignored one, a
  // prefix of a composite key.
  ScratchDb shapes(s, "idxshapes");
  shapes.Query("CREATE TABLE ev (id BIGINT NOT NULL, kind INT NOT NULL, score INT NOT NULL,"
               " doubled INT AS (score * 2) VIRTUAL, note VARCHAR(40) NOT NULL, PRIMARY KEY (id, kind),"
               " KEY by_doubled (doubled), KEY by_kind (kind) USING BTREE, KEY hidden (score) IGNORED,"
               " KEY by_note (note(5), score)) PARTITION BY HASH (kind) PARTITIONS 3");
  const std::string ev = shapes.Query("SHOW CREATE TABLE ev");
  dir.Write("ev/ev.yaml", "table: ev\ncount: 5000\ncolumns:\n  id: sequence\n  kind: {generator: int, min: 1, max: 9}\n"
                          "  score: {generator: int, min: 0, max: 100}\n  note: {generator: word}\n");
  Output events = Cli("run " + dir / "ev" + " --db " + shapes.Url());
  INFO(events.text);
  REQUIRE(events.code == 0);
  CHECK(shapes.Query("SHOW CREATE TABLE ev") == ev);
  CHECK(shapes.Query("SELECT COUNT(*) FROM ev") == "5000");
}

TEST_CASE("MariaDB: a client idle in a transaction on the table does not hold the run up: it loads with the indexes",
          "[mysql][indexes]") {
  REQUIRE_SERVER(s);
  ScratchDb db(s, "idxidle");
  db.Query(kPostsDdl);
  const std::string declared = Definitions(db);
  TempDir dir;
  PostsSpecs(dir, 2000);
  // Its open transaction read posts: dropping an index waits for it to end.
  std::thread idle([&] { db.Query("START TRANSACTION; SELECT COUNT(*) FROM posts; SELECT SLEEP(40); COMMIT"); });
  for (int i = 0; i < 200; ++i) {
    if (db.Query("SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE INFO LIKE 'SELECT SLEEP(40)%'") == "1") break;
    std::this_thread::sleep_for(std::chrono::milliseconds(25));
  }
  const auto start = std::chrono::steady_clock::now();
  Output out = Cli("run " + dir / "specs" + " --db " + db.Url());
  const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::steady_clock::now() - start).count();
  const std::string idle_id =
      db.Query("SELECT ID FROM information_schema.PROCESSLIST WHERE INFO LIKE 'SELECT SLEEP(40)%' LIMIT 1");
  if (!idle_id.empty()) db.Query("KILL QUERY " + idle_id);
  idle.join();
  INFO(out.text);
  CHECK(out.code == 0);
  CHECK(seconds < 30);
  CHECK(db.Query("SELECT COUNT(*) FROM posts") == "2000");
  CHECK(Definitions(db) == declared);
  CHECK(db.Query("SELECT COUNT(*) FROM seed_engine_indexes") == "0");
}

TEST_CASE("MariaDB: indexes a killed run left dropped are put back by the next rollback and run",
          "[mysql][indexes][slow]") {
  REQUIRE_SERVER(s);
  ScratchDb db(s, "idxkill");
  db.Query(kPostsDdl);
  const std::string declared = Definitions(db);
  TempDir dir;
  PostsSpecs(dir, kSanitized ? 100000 : 300000);  // long enough a load to be killed in
  REQUIRE(KillWhilePostsLoad(db, "run " + dir / "specs" + " --db " + db.Url()));
  Output status = Cli("status --db " + db.Url());
  INFO(status.text);
  CHECK(status.text.find("posts: idx_author, odd`name, idx_prefix\n") != std::string::npos);
  Output undo = Cli("rollback " + dir / "specs" + " --db " + db.Url() + " --yes");
  INFO(undo.text);
  CHECK(undo.code == 0);
  CHECK(Definitions(db) == declared);
  CHECK(db.Query("SELECT COUNT(*) FROM seed_engine_indexes") == "0");
  // Killed again in the same place, the journal then read as version 6
  // wrote it (no owner), then resumed by a run.
  REQUIRE(KillWhilePostsLoad(db, "run " + dir / "specs" + " --db " + db.Url()));
  db.Query("ALTER TABLE seed_engine_indexes DROP COLUMN owner;"
           " UPDATE seed_engine_meta SET value = '6' WHERE name = 'ledger_version'");
  Output rerun = Cli("run " + dir / "specs" + " --db " + db.Url());
  INFO(rerun.text);
  CHECK(rerun.code == 0);
  CHECK(db.Query("SELECT COUNT(*) FROM posts") == (kSanitized ? "100000" : "300000"));
  CHECK(Definitions(db) == declared);
  CHECK(db.Query("SELECT COUNT(*) FROM seed_engine_indexes") == "0");
  CHECK(db.Query("SELECT value FROM seed_engine_meta WHERE name = 'ledger_version'") == std::to_string(kLedgerVersion));
}

TEST_CASE("MariaDB: a worker that starts while another loads a table leaves that table's dropped indexes to it",
          "[mysql][indexes][partition]") {
  REQUIRE_SERVER(s);
  ScratchDb db(s, "idxowner");
  // --split tables: a_slow (about 9 s in one load, its index by_v dropped
  // meanwhile) is worker 0's, b_one worker 1's. Worker 1, started during
  // the load, once re-added by_v first, which waited for the load's end.
  TempDir dir;
  SlowTable(db, dir, "a_slow", ", KEY by_v (v)");
  db.Query("CREATE TABLE b_one (id INT PRIMARY KEY); CREATE TABLE c_two (id INT PRIMARY KEY)");
  const std::string declared = db.Query("SHOW CREATE TABLE a_slow");
  dir.Write("specs/b_one.yaml", "table: b_one\ncount: 5000\ncolumns:\n  id: sequence\n");
  dir.Write("specs/c_two.yaml", "table: c_two\ncount: 5000\ncolumns:\n  id: sequence\n");
  const std::string args = "run " + dir / "specs" + " --db " + db.Url() + " --split tables --partition ";
  const pid_t zero = StartCli(args + "0/2", dir / "zero.out");
  bool dropped = false;
  for (int i = 0; i < 500 && !dropped; ++i) {
    dropped = db.Query("SELECT COUNT(*) FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE()"
                       " AND TABLE_NAME = 'a_slow' AND INDEX_NAME = 'by_v'") == "0";
    if (!dropped) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  const Output one = Cli(args + "1/2");
  const int zero_code = WaitExit(zero);
  INFO(ReadFile(dir / "zero.out") << "\n" << one.text);
  REQUIRE(dropped);
  CHECK(zero_code == 0);
  CHECK(one.code == 0);
  // b_one went in during a_slow's load, not after it.
  CHECK(db.Query("SELECT (SELECT MAX(committed_at) FROM seed_engine_batches WHERE table_name = 'b_one') <"
                 " (SELECT MIN(committed_at) FROM seed_engine_batches WHERE table_name = 'a_slow')") == "1");
  CHECK(db.Query("SHOW CREATE TABLE a_slow") == declared);
  CHECK(db.Query("SELECT COUNT(*) FROM seed_engine_indexes") == "0");
}

}  // namespace seed::test
