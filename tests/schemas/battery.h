// The schema-shape corpus (tests/schemas/<shape>/: a schema per database,
// with a few rows of the user's own, and the specs) and the battery every
// shape must pass on every database: what a user of any schema relies on.
//
//   seed small: exit 0, every declared foreign key holds, so does every
//   invariant of the shape's expect.sql (what its specs promise beyond the
//   schema: one query per line, counting the rows that break it), the checksum is
//   the same on every database; a rerun inserts nothing; rollback --dry-run
//   lists exactly what the real rollback then does, which returns every
//   table to its checksum before seeding (the user's rows kept), and its
//   backup restores the seeded checksum and ledger; kill -9 at
//   random points, rerun: the uninterrupted checksum; seed large: exit 0,
//   foreign keys hold.
#pragma once

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <functional>
#include <memory>
#include <random>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "tests/support/harness.h"

namespace seed::test {

inline std::vector<std::string> CorpusShapes() {
  std::vector<std::string> shapes;
  for (const auto& e : fs::directory_iterator(kSource + "/tests/schemas"))
    if (e.is_directory()) shapes.push_back(e.path().filename().string());
  std::sort(shapes.begin(), shapes.end());
  return shapes;
}

inline std::string ShapeDir(const std::string& shape) {
  return kSource + "/tests/schemas/" + shape;
}

// One database of one kind, fresh for each shape.
class CorpusDb {
 public:
  virtual ~CorpusDb() = default;
  virtual std::string Url() const = 0;
  // Runs the shape's schema script for this database (tables and user rows).
  virtual void Apply(const std::string& shape) = 0;
  // One line per declared foreign key that some row breaks; empty if none.
  virtual std::vector<std::string> Orphans() = 0;
  // Batches the ledger holds (0 before it exists).
  virtual long LedgerBatches() = 0;
  // The first cell of a query's result, as text.
  virtual std::string Query(const std::string& sql) = 0;
  // The shell command loading an export in `dir` with its load.sh and this
  // database's own client; `Dialect()` the export's --dialect.
  virtual std::string LoadCommand(const std::string& dir) const = 0;
  virtual std::string Dialect() const = 0;
};

// The shape's invariants (expect.sql) that some row breaks, with the count.
inline std::vector<std::string> Broken(const std::string& shape, CorpusDb& db) {
  std::vector<std::string> bad;
  std::istringstream lines(fs::exists(ShapeDir(shape) + "/expect.sql") ? ReadFile(ShapeDir(shape) + "/expect.sql")
                                                                       : "");
  for (std::string line; std::getline(lines, line);) {
    if (line.empty() || line.rfind("--", 0) == 0) continue;
    const std::string n = db.Query(line);
    if (n != "0") bad.push_back(line + " -> " + n);
  }
  return bad;
}

// The per-table lines of a rollback summary, the dry run's "would-delete"
// read as the real run's "deleted".
inline std::string RollbackTable(const std::string& text) {
  const size_t at = text.find("\ntable ");
  std::string rows = at == std::string::npos ? "" : text.substr(at + 1);
  if (const size_t b = rows.find("\nbackup: "); b != std::string::npos) rows.resize(b + 1);  // the saved rows
  for (size_t p; (p = rows.find("would-delete")) != std::string::npos;)
    rows.replace(p, 12, "deleted");
  for (size_t p; (p = rows.find("  ")) != std::string::npos;) rows.replace(p, 2, " ");
  return rows;
}

// The battery for one shape on one database; `expected` is the seeded
// checksum another database got ("" for the first). `interrupted` counts
// the kills that left the tables half seeded (the others came before the
// first commit or after the last).
inline std::string RunBattery(const std::string& shape, CorpusDb& db, const std::string& expected,
                              int kill_rounds, int* interrupted = nullptr) {
  db.Apply(shape);
  const std::string at = ShapeDir(shape) + "/specs --db " + db.Url();
  const std::string before = Cli("checksum " + at).text;

  Output run = Cli("run " + at + " --size small");
  INFO(run.text);
  REQUIRE(run.code == 0);
  CHECK(db.Orphans().empty());
  CHECK(Broken(shape, db).empty());
  const std::string seeded = Cli("checksum " + at).text;
  CHECK(seeded != before);
  if (!expected.empty()) CHECK(seeded == expected);

  Output again = Cli("run " + at + " --size small");
  INFO(again.text);
  CHECK(again.code == 0);
  CHECK(Cli("checksum " + at).text == seeded);

  TempDir backups;
  Output dry = Cli("rollback " + at + " --dry-run");
  Output undo = Cli("rollback " + at + " --yes --audit-file /dev/null --backup " + backups.path().string());
  INFO(dry.text << "\n" << undo.text);
  CHECK(dry.code == 0);
  CHECK(undo.code == 0);
  CHECK(RollbackTable(dry.text) == RollbackTable(undo.text));
  CHECK(Cli("checksum " + at).text == before);

  // What the rollback saved loads back with its ledger records: the seeded
  // checksum again, a rerun inserts nothing, and a rollback undoes it.
  std::vector<fs::path> saved;
  for (const auto& e : fs::directory_iterator(backups.path())) saved.push_back(e.path());
  REQUIRE(saved.size() == 1);
  Output restore = Cli("restore " + saved[0].string() + " --db " + db.Url());
  INFO(restore.text);
  CHECK(restore.code == 0);
  CHECK(Cli("checksum " + at).text == seeded);
  CHECK(db.Orphans().empty());
  CHECK(Cli("run " + at + " --size small").code == 0);
  CHECK(Cli("checksum " + at).text == seeded);
  CHECK(Cli("rollback " + at + " --yes --audit-file /dev/null").code == 0);
  CHECK(Cli("checksum " + at).text == before);

  std::mt19937 rng(static_cast<unsigned>(std::hash<std::string>()(shape)));
  for (int round = 0; round < kill_rounds; ++round) {
    // Killed once 1 to 3 batches are in (or a whole table, loaded in one
    // statement): a random point inside the run, not before or after it.
    const pid_t pid = StartCli("run " + at + " --size small --batch-size 7");
    const long after = 1 + static_cast<long>(rng() % 3);
    int status = 0;
    while (waitpid(pid, &status, WNOHANG) == 0 && db.LedgerBatches() < after)
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    kill(pid, SIGKILL);
    waitpid(pid, nullptr, 0);
    const std::string killed = Cli("checksum " + at).text;
    if (interrupted && killed != before && killed != seeded) ++*interrupted;
    Output rerun = Cli("run " + at + " --size small");
    INFO("kill round " << round << "\n" << rerun.text);
    CHECK(rerun.code == 0);
    CHECK(Cli("checksum " + at).text == seeded);
    CHECK(db.Orphans().empty());
    CHECK(Broken(shape, db).empty());
    REQUIRE(Cli("rollback " + at + " --yes --audit-file /dev/null").code == 0);
    CHECK(Cli("checksum " + at).text == before);
  }
  return seeded;
}

// The same shape seeded large: every row in, every foreign key holding.
inline void RunLarge(const std::string& shape, CorpusDb& db) {
  const std::string at = ShapeDir(shape) + "/specs --db " + db.Url();
  Output run = Cli("run " + at + " --size large");
  INFO(run.text);
  CHECK(run.code == 0);
  CHECK(db.Orphans().empty());
  CHECK(Broken(shape, db).empty());
  CHECK(Cli("rollback " + at + " --yes --audit-file /dev/null").code == 0);
}

// The shape exported with --db (as SQL by one worker, as CSV by three
// with --partition), then loaded into a fresh copy by the database's own
// client (load.sh): the checksum of a run, no orphan, every invariant.
inline void RunExportBattery(const std::string& shape, CorpusDb& db) {
  db.Apply(shape);
  Output run = Cli("run " + ShapeDir(shape) + "/specs --db " + db.Url() + " --size small");
  INFO(run.text);
  REQUIRE(run.code == 0);
  const std::string seeded = Cli("checksum " + ShapeDir(shape) + "/specs --db " + db.Url()).text;
  for (const auto& [format, workers] : {std::pair<std::string, int>{"sql", 1}, {"csv", 3}}) {
    if (kSanitized && format == "sql") continue;  // the clients' time; the engine's paths are the same
    INFO("--format " << format << ", " << workers << " workers");
    db.Apply(shape);  // a fresh database (servers: under a new name)
    const std::string at = ShapeDir(shape) + "/specs --db " + db.Url();
    TempDir out;
    for (int k = 0; k < workers; ++k) {
      Output e = Cli("export " + at + " --size small --out " + out.path().string() + " --format " + format +
                     " --dialect " + db.Dialect() +
                     (workers > 1 ? " --partition " + std::to_string(k) + "/" + std::to_string(workers) : ""));
      INFO(e.text);
      REQUIRE(e.code == 0);
    }
    Output load;
    FILE* p = popen((db.LoadCommand(out.path().string()) + " 2>&1 </dev/null").c_str(), "r");
    char buf[4096];
    size_t n;
    while (p && (n = fread(buf, 1, sizeof buf, p)) > 0) load.text.append(buf, n);
    const int status = p ? pclose(p) : -1;
    INFO(load.text);
    REQUIRE((WIFEXITED(status) && WEXITSTATUS(status) == 0));
    CHECK(Cli("checksum " + at).text == seeded);
    CHECK(db.Orphans().empty());
    CHECK(Broken(shape, db).empty());
  }
}

// How a partition round's workers are rerun after the kill: by default as
// they ran; else with another worker count or cut, as a user resuming on
// other machines may (the ledger's batches, not the cut, say what is in).
struct Rerun {
  int workers = 0;    // 0: as many as ran
  std::string split;  // "": the same
};

// The shape seeded by `workers` processes at once (--partition K/N, the
// work shared by `split`), one of them killed at a random point and rerun:
// the single run's checksum (`seeded`), no orphan, every invariant; a rerun
// of every worker inserts nothing.
inline void RunPartitionBattery(const std::string& shape, CorpusDb& db, const std::string& seeded, int workers,
                                unsigned seed, const std::string& split = "rows", Rerun rerun = {}) {
  db.Apply(shape);
  const std::string at = ShapeDir(shape) + "/specs --db " + db.Url();
  const std::string n = std::to_string(workers);
  std::mt19937 rng(seed);
  const int victim = static_cast<int>(rng() % workers);
  std::vector<pid_t> pids;
  for (int k = 0; k < workers; ++k)
    pids.push_back(StartCli("run " + at + " --split " + split + " --size small --batch-size 7 --partition-wait 2 --partition " +
                            std::to_string(k) + "/" + n));
  std::this_thread::sleep_for(std::chrono::milliseconds(rng() % 400));
  kill(pids[victim], SIGKILL);
  int failed = 0;
  for (pid_t pid : pids) {
    int status = 0;
    waitpid(pid, &status, 0);
    if (pid != pids[victim] && !(WIFEXITED(status) && WEXITSTATUS(status) == 0)) ++failed;
  }
  // Others may have given up waiting for the victim's rows (exit 4): all
  // rerun at once (the lease the victim left is free: it died on this
  // machine; its TTL is the default minute).
  const int again = rerun.workers ? rerun.workers : workers;
  const std::string again_split = rerun.split.empty() ? split : rerun.split;
  std::vector<Output> reruns(again);
  std::vector<std::thread> threads;
  for (int k = 0; k < again; ++k)
    threads.emplace_back([&, k] {
      reruns[k] = Cli("run " + at + " --split " + again_split + " --size small --lock-timeout 20 --partition-wait 30 --partition " +
                      std::to_string(k) + "/" + std::to_string(again));
    });
  for (std::thread& t : threads) t.join();
  for (int k = 0; k < again; ++k) {
    INFO("worker " << k << " of " << again << " (" << again_split << ") rerun\n" << reruns[k].text);
    CHECK(reruns[k].code == 0);
  }
  CHECK(Cli("checksum " + at).text == seeded);
  CHECK(db.Orphans().empty());
  CHECK(Broken(shape, db).empty());
  CHECK(Cli("rollback " + at + " --yes --audit-file /dev/null").code == 0);
}

// Orphans by anti-join, for each single-column foreign key given as lines
// "table<TAB>column<TAB>parent<TAB>parent column"; `count` runs a query.
// (The corpus's names need no quoting.)
inline std::vector<std::string> AntiJoinOrphans(
    const std::string& keys, const std::function<std::string(const std::string&)>& count) {
  std::vector<std::string> bad;
  std::istringstream lines(keys);
  for (std::string line; std::getline(lines, line);) {
    std::istringstream f(line);
    std::string t, c, rt, rc;
    std::getline(f, t, '\t'), std::getline(f, c, '\t'), std::getline(f, rt, '\t'),
        std::getline(f, rc, '\t');
    const std::string n =
        count("SELECT COUNT(*) FROM " + t + " x LEFT JOIN " + rt + " p ON x." + c + " = p." + rc +
              " WHERE x." + c + " IS NOT NULL AND p." + rc + " IS NULL");
    if (n != "0") bad.push_back(t + "." + c + ": " + n + " orphans");
  }
  return bad;
}

// A SQLite file per shape.
class SqliteCorpusDb : public CorpusDb {
 public:
  explicit SqliteCorpusDb(const TempDir& dir) : file_(dir / "corpus.db") {}
  std::string Url() const override { return "sqlite:" + file_; }
  void Apply(const std::string& shape) override {
    fs::remove(file_);
    const std::vector<std::string> out =
        Sql(file_, ReadFile(ShapeDir(shape) + "/schema.sqlite.sql"));
    for (const std::string& row : out) CHECK(row.rfind("<error", 0) != 0);
  }
  std::vector<std::string> Orphans() override { return Sql(file_, "PRAGMA foreign_key_check"); }
  std::string LoadCommand(const std::string& dir) const override { return "sh " + dir + "/load.sh " + file_; }
  std::string Dialect() const override { return "sqlite"; }
  std::string Query(const std::string& sql) override {
    const std::vector<std::string> out = Sql(file_, sql);
    return out.empty() ? "" : out[0];
  }
  long LedgerBatches() override {
    const std::vector<std::string> n = Sql(file_, "SELECT COUNT(*) FROM seed_engine_batches");
    return n.size() == 1 && n[0].rfind("<", 0) != 0 ? std::stol(n[0]) : 0;
  }

 private:
  std::string file_;
};

// The battery on a server database (`make` gives a fresh one per shape),
// its checksums compared with SQLite's for the same specs and seed.
inline void RunServerCorpus(const std::function<std::unique_ptr<CorpusDb>()>& make) {
  int interrupted = 0;
  for (const std::string& shape : CorpusShapes()) {
    INFO("shape " << shape);
    TempDir dir;
    SqliteCorpusDb lite(dir);
    lite.Apply(shape);
    const std::string at = ShapeDir(shape) + "/specs --db " + lite.Url();
    REQUIRE(Cli("run " + at + " --size small").code == 0);
    const std::string expected = Cli("checksum " + at).text;
    std::unique_ptr<CorpusDb> db = make();
    // Under a sanitizer the kills (the server's part) are left to the
    // release pass; the engine's code paths all run without them.
    RunBattery(shape, *db, expected, kSanitized ? 0 : 2, &interrupted);
    if (!kSanitized) RunLarge(shape, *db);
  }
  if (!kSanitized) CHECK(interrupted > 0);  // some kill fell mid-run, or the rounds proved nothing
}

// The partition battery on a server database (`make` gives a fresh one
// per round), against SQLite's single-run checksums.
inline void RunServerPartitionCorpus(const std::function<std::unique_ptr<CorpusDb>()>& make, unsigned salt) {
  for (const std::string& shape : CorpusShapes()) {
    INFO("shape " << shape);
    TempDir dir;
    SqliteCorpusDb lite(dir);
    lite.Apply(shape);
    REQUIRE(Cli("run " + ShapeDir(shape) + "/specs --db " + lite.Url() + " --size small").code == 0);
    const std::string seeded = Cli("checksum " + ShapeDir(shape) + "/specs --db " + lite.Url()).text;
    for (int workers : {2, 4, 8}) {
      INFO(workers << " workers");
      std::unique_ptr<CorpusDb> db = make();
      // 8 workers are rerun as 3: each rerun's rows straddle several
      // workers' shares, the victim's gap among them.
      RunPartitionBattery(shape, *db, seeded, workers, static_cast<unsigned>(workers * salt + shape.size()), "rows",
                          {workers == 8 ? 3 : 0, ""});
    }
    INFO("3 workers, whole tables, rerun as 2 sharing rows");
    std::unique_ptr<CorpusDb> db = make();
    RunPartitionBattery(shape, *db, seeded, 3, static_cast<unsigned>(salt + shape.size()), "tables", {2, "rows"});
  }
}

}  // namespace seed::test
