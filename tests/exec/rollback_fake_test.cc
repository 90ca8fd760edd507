// Rollback on the in-memory fake: exactly the seeded rows go, users' rows
// stay and guard what they reference, changed rows are kept, and a failed,
// lock-less or killed rollback leaves every table whole and resumable.
#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

#include "engine/exec/backup.h"
#include "tests/support/fake_world.h"
#include "tests/support/harness.h"

namespace seed::test {

namespace {

const std::vector<std::string> kUserShop = {
    "table: stores\ncount: 12\ncolumns: {id: sequence, name: {generator: company_name}}",
    "table: orders\ncount: 230\ncolumns:\n  id: sequence\n  store_id: {generator: reference, table: stores}\n"
    "  total: {generator: decimal, min: 1.00, max: 500.00}",
};

// The shop's tables with a user's own rows in them before seeding.
void UserShop(FakeWorld& w) {
  w.db.CreateTable("stores", "id INTEGER PRIMARY KEY, name VARCHAR(80) NOT NULL");
  w.db.CreateTable("orders", "id INTEGER PRIMARY KEY, store_id INTEGER NOT NULL REFERENCES stores(id),"
                             " total DECIMAL(8,2) NOT NULL");
  for (int i = 1; i <= 3; ++i) w.db.InsertUserRow("stores", {{"id", std::to_string(i)}, {"name", "Mine"}});
  w.db.InsertUserRow("orders", {{"id", "1"}, {"store_id", "2"}, {"total", "9.99"}});
}

// Index of the first seeded row of `table` (keys above the user's).
size_t SeededRow(const FakeDatabase& db, const std::string& table) {
  const auto& rows = db.state().tables.at(table).rows;
  for (size_t i = 0; i < rows.size(); ++i)
    if (std::stoll(*rows[i][0]) > 3) return i;
  FAIL("no seeded row");
  return 0;
}

}  // namespace

TEST_CASE("fake rollback: exactly the seeded rows go, the user's stay", "[fake][rollback]") {
  for (bool digest : {true, false}) {
    DYNAMIC_SECTION((digest ? "server digest" : "rows hashed by the engine")) {
      FakeWorld w(kUserShop);
      UserShop(w);
      w.db.server_digest = digest;
      const std::string before = w.db.Dump();
      REQUIRE(w.Seed(Batches(50)).summary.code() == Code::kOk);
      CHECK(w.db.Count("stores") == 15);
      FakeWorld::Undone u = w.Undo();
      REQUIRE(u.Find("orders"));
      CHECK(u.Find("orders")->state == RollbackState::kDeleted);
      CHECK(u.Find("orders")->rows == 230);
      CHECK(u.Find("stores")->state == RollbackState::kDeleted);
      CHECK(w.db.Dump() == before);
      CHECK(w.db.state().ledger_tables.empty());
      CHECK(w.db.state().batches.empty());
    }
  }
}

TEST_CASE("fake rollback: a user's row that references a seeded row blocks its table", "[fake][rollback]") {
  FakeWorld w(kUserShop);
  UserShop(w);
  REQUIRE(w.Seed(Batches(50)).summary.code() == Code::kOk);
  // The user adds an order for a seeded store.
  w.db.InsertUserRow("orders", {{"id", "999999"}, {"store_id", "5"}, {"total", "1.00"}});
  FakeWorld::Undone u = w.Undo();
  CHECK(u.Find("orders")->state == RollbackState::kDeleted);
  const RollbackResult* stores = u.Find("stores");
  CHECK(stores->state == RollbackState::kBlocked);
  CHECK_THAT(stores->reason, Catch::Contains("store_id") && Catch::Contains("=5"));
  CHECK(w.db.Count("stores") == 15);  // nothing of it deleted
  CHECK(w.db.Count("orders") == 2);   // the user's two orders
  CHECK(w.db.Orphans() == 0);
  CHECK(w.db.state().ledger_tables.count("stores") == 1);  // still undoable later
}

TEST_CASE("fake rollback: rows changed since seeding are kept unless asked", "[fake][rollback]") {
  for (bool digest : {true, false}) {
    DYNAMIC_SECTION((digest ? "server digest" : "rows hashed by the engine")) {
      FakeWorld w(kUserShop);
      UserShop(w);
      w.db.server_digest = digest;
      REQUIRE(w.Seed(Batches(50)).summary.code() == Code::kOk);
      w.db.SetCell("orders", SeededRow(w.db, "orders") + 7, "total", std::string("123.45"));
      FakeWorld::Undone u = w.Undo();
      const RollbackResult* orders = u.Find("orders");
      CHECK(orders->state == RollbackState::kKept);
      CHECK(orders->kept == 1);
      CHECK(orders->rows == 229);
      CHECK(w.db.Count("orders") == 2);  // the user's and the changed one
      // The kept order still points at its store, so the store stays too.
      CHECK(u.Find("stores")->state == RollbackState::kBlocked);
      CHECK(w.db.Orphans() == 0);
      // The table stays in the ledger while a seeded row remains (it left
      // it, and --include-modified then found nothing to delete): a
      // rollback that includes modified rows finishes the job.
      REQUIRE(w.db.state().ledger_tables.count("orders"));
      RollbackOptions all;
      all.include_modified = true;
      FakeWorld::Undone rest = w.Undo(all);
      CHECK(rest.Find("orders")->state == RollbackState::kDeleted);
      CHECK(rest.Find("orders")->rows == 1);
      CHECK(rest.Find("stores")->state == RollbackState::kDeleted);
      CHECK(w.db.Count("orders") == 1);  // the user's
      CHECK(w.db.state().ledger_tables.count("orders") == 0);
    }
  }
  FakeWorld w(kUserShop);
  UserShop(w);
  REQUIRE(w.Seed(Batches(50)).summary.code() == Code::kOk);
  w.db.SetCell("orders", SeededRow(w.db, "orders"), "total", std::string("0.01"));
  RollbackOptions all;
  all.include_modified = true;
  FakeWorld::Undone u = w.Undo(all);
  CHECK(u.Find("orders")->state == RollbackState::kDeleted);
  CHECK(w.db.Count("orders") == 1);
  CHECK(w.db.Count("stores") == 3);
}

TEST_CASE("fake rollback: a failed commit or a lost lock deletes nothing of that table", "[fake][rollback]") {
  for (FakeOp op : {FakeOp::kCommit, FakeOp::kDelete, FakeOp::kLockCheck}) {
    DYNAMIC_SECTION("fault at op " << static_cast<int>(op)) {
      FakeWorld w(kUserShop);
      UserShop(w);
      const std::string before = w.db.Dump();
      REQUIRE(w.Seed(Batches(50)).summary.code() == Code::kOk);
      w.db.FailAt(op, 1, op == FakeOp::kLockCheck ? FaultKind::kLockLost : FaultKind::kError);
      FakeWorld::Undone u = w.Undo();
      CHECK(u.Find("orders")->state == RollbackState::kFailed);
      CHECK_THAT(u.Find("orders")->reason, Catch::Contains("nothing of this table was deleted"));
      CHECK(w.db.Count("orders") == 231);
      CHECK(w.db.state().ledger_tables.count("orders") == 1);
      CHECK(w.db.Orphans() == 0);
      // The parent stays whole: its children were not removed.
      CHECK(u.Find("stores")->state != RollbackState::kDeleted);
      CHECK(w.db.Count("stores") == 15);
      // Undo again, with nothing in the way: back to the user's rows.
      w.Undo();
      CHECK(w.db.Dump() == before);
    }
  }
}

TEST_CASE("fake rollback: a table's transaction aborted for a conflict is run again, up to 5 times",
          "[fake][rollback]") {
  for (FakeOp op : {FakeOp::kCommit, FakeOp::kDelete, FakeOp::kLockCheck}) {
    DYNAMIC_SECTION("conflict at op " << static_cast<int>(op)) {
      FakeWorld w(kUserShop);
      UserShop(w);
      const std::string before = w.db.Dump();
      REQUIRE(w.Seed(Batches(50)).summary.code() == Code::kOk);
      w.db.FailAt(op, 1, FaultKind::kConflict);
      FakeWorld::Undone u = w.Undo();
      // The first try was rolled back (the ledger too): the second deleted every row.
      CHECK(u.Find("orders")->state == RollbackState::kDeleted);
      CHECK(u.Find("stores")->state == RollbackState::kDeleted);
      CHECK(w.db.Dump() == before);
      CHECK(w.db.state().ledger_tables.empty());
    }
  }
  // Six in a row: the table's failure stands, nothing of it deleted, and
  // a later rollback finishes the job.
  FakeWorld w(kUserShop);
  UserShop(w);
  const std::string before = w.db.Dump();
  REQUIRE(w.Seed(Batches(50)).summary.code() == Code::kOk);
  for (int nth = 1; nth <= 1 + kConflictRetries; ++nth) w.db.FailAt(FakeOp::kCommit, nth, FaultKind::kConflict);
  FakeWorld::Undone u = w.Undo();
  CHECK(u.Find("orders")->state == RollbackState::kFailed);
  CHECK(u.Find("orders")->code == Code::kConflict);
  CHECK(w.db.Count("orders") == 231);
  CHECK(w.db.Orphans() == 0);
  w.Undo();
  CHECK(w.db.Dump() == before);
}

TEST_CASE("fake rollback: killed at any commit, a rerun ends at the state before seeding", "[fake][rollback]") {
  int nth = 1;
  for (;; ++nth) {
    FakeWorld w(kUserShop);
    UserShop(w);
    const std::string before = w.db.Dump();
    REQUIRE(w.Seed(Batches(50)).summary.code() == Code::kOk);
    w.db.FailAt(FakeOp::kCommit, nth, FaultKind::kKill);
    if (!w.Undo().killed) break;
    INFO("killed at commit " << nth);
    CHECK(w.db.Orphans() == 0);
    w.Undo();
    CHECK(w.db.Dump() == before);
  }
  CHECK(nth - 1 == 2);  // one transaction per table
}

namespace {

// A cycle broken by a deferred reference (departments.head_id), and a
// self-reference (employees.manager_id, earlier rows only).
const std::vector<std::string> kDeferredCycle = {
    "table: departments\ncount: 6\ncolumns:\n  id: sequence\n  name: {generator: department}\n"
    "  head_id: {generator: reference, table: employees, nullable: true, null_rate: 0}",
    "table: employees\ncount: 60\ncolumns:\n  id: sequence\n"
    "  department_id: {generator: reference, table: departments}\n"
    "  manager_id: {generator: reference, table: employees, null_rate: 0.1}",
};

void CycleTables(FakeWorld& w) {
  w.db.CreateTable("departments", "id INTEGER PRIMARY KEY, name VARCHAR(80) NOT NULL,"
                                  " head_id INTEGER REFERENCES employees(id)");
  w.db.CreateTable("employees", "id INTEGER PRIMARY KEY, department_id INTEGER NOT NULL REFERENCES departments(id),"
                                " manager_id INTEGER REFERENCES employees(id)");
}

}  // namespace

TEST_CASE("fake rollback: a cycle's deferred references are unlinked first, every row goes", "[fake][rollback][cycle]") {
  FakeWorld w(kDeferredCycle);
  CycleTables(w);
  const std::string before = w.db.Dump();
  REQUIRE(w.Seed(Batches(25)).summary.code() == Code::kOk);
  uint64_t heads = 0;
  for (const Row& r : w.db.Rows("departments")) heads += r[2].has_value();
  REQUIRE(heads == 6);
  FakeWorld::Undone u = w.Undo();
  for (const RollbackResult& r : u.results) {
    INFO(r.table << ": " << r.reason);
    CHECK(r.state == RollbackState::kDeleted);
  }
  CHECK(w.db.Dump() == before);
  CHECK(w.db.state().ledger_tables.empty());
}

TEST_CASE("fake rollback: a cycle whose other side stays is blocked, nothing unlinked", "[fake][rollback][cycle]") {
  FakeWorld w(kDeferredCycle);
  CycleTables(w);
  REQUIRE(w.Seed(Batches(25)).summary.code() == Code::kOk);
  const std::string seeded = w.db.Dump();
  RollbackOptions only;
  only.tables = {"employees"};  // the departments' heads would dangle
  FakeWorld::Undone u = w.Undo(only);
  REQUIRE(u.Find("employees"));
  CHECK(u.Find("employees")->state == RollbackState::kBlocked);
  CHECK_THAT(u.Find("employees")->reason, Catch::Contains("departments.head_id"));
  CHECK(w.db.Dump() == seeded);
}

namespace {

// Restores `dir` as `seed-engine restore` does: its own connection, the lock.
Result<std::vector<RestoredTable>> RestoreFrom(FakeWorld& w, const std::string& dir) {
  std::unique_ptr<FakeDriver> d = w.db.Connect();
  REQUIRE(d->lock().Acquire(0).ok());
  std::ostringstream sink;
  Log log(LogFormat::kText, sink);
  return Restore(dir, *d, log, "dev");
}

std::string FileText(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

TEST_CASE("fake rollback: the backup holds what was deleted, restore puts rows, references and ledger back",
          "[fake][rollback][backup]") {
  FakeWorld w(kDeferredCycle);
  CycleTables(w);
  const std::string before = w.db.Dump();
  REQUIRE(w.Seed(Batches(25)).summary.code() == Code::kOk);
  const std::string seeded = w.db.Dump();
  const auto ledger = w.db.state().ledger_tables;
  TempDir dir;
  // A rollback whose first commit fails keeps nothing in its backup: the
  // rows it saved were not deleted.
  Result<std::unique_ptr<Backup>> failed = Backup::Create(dir / "failed", "fake", "dev");
  REQUIRE(failed.ok());
  w.db.FailAt(FakeOp::kCommit, 1);
  w.Undo({}, true, failed->get());
  CHECK(w.db.Dump() == seeded);
  CHECK((*failed)->rows() == 0);
  CHECK(FileText((*failed)->FileOf("employees")) == "id,department_id,manager_id\n");

  Result<std::unique_ptr<Backup>> saved = Backup::Create(dir / "saved", "fake", "dev");
  REQUIRE(saved.ok());
  FakeWorld::Undone u = w.Undo({}, true, saved->get());
  for (const RollbackResult& r : u.results) CHECK(r.state == RollbackState::kDeleted);
  REQUIRE(w.db.Dump() == before);
  CHECK((*saved)->rows() == 66);
  // Departments' heads were cleared before the employees went: the links
  // file holds them, so the restored rows point where they did.
  Result<std::vector<RestoredTable>> restored = RestoreFrom(w, (*saved)->dir());
  REQUIRE(restored.ok());
  CHECK(w.db.Dump() == seeded);
  CHECK(w.db.state().ledger_tables == ledger);
  for (const RestoredTable& r : *restored) {
    CHECK(r.ledger);
    if (r.table == "departments") CHECK(r.links == 6);
  }
  // What was restored is seeded as before: a rollback undoes it again.
  w.Undo();
  CHECK(w.db.Dump() == before);
}

TEST_CASE("fake rollback and restore: a conflict is run again, the backup holding each row once",
          "[fake][rollback][backup]") {
  FakeWorld w(kUserShop);
  UserShop(w);
  const std::string before = w.db.Dump();
  REQUIRE(w.Seed(Batches(50)).summary.code() == Code::kOk);
  const std::string seeded = w.db.Dump();
  TempDir dir;
  Result<std::unique_ptr<Backup>> saved = Backup::Create(dir / "b", "fake", "dev");
  REQUIRE(saved.ok());
  w.db.FailAt(FakeOp::kCommit, 1, FaultKind::kConflict);
  FakeWorld::Undone u = w.Undo({}, true, saved->get());
  for (const RollbackResult& r : u.results) CHECK(r.state == RollbackState::kDeleted);
  REQUIRE(w.db.Dump() == before);
  CHECK((*saved)->rows() == 230 + 12);  // the aborted try's rows discarded
  w.db.FailAt(FakeOp::kInsert, 2, FaultKind::kConflict);
  Result<std::vector<RestoredTable>> restored = RestoreFrom(w, (*saved)->dir());
  INFO((restored.ok() ? "" : restored.status().message()));
  REQUIRE(restored.ok());
  CHECK(w.db.Dump() == seeded);
}

TEST_CASE("fake restore: all or nothing, and never over a table seeded again", "[fake][rollback][backup]") {
  FakeWorld w(kUserShop);
  UserShop(w);
  const std::string before = w.db.Dump();
  REQUIRE(w.Seed(Batches(50)).summary.code() == Code::kOk);
  TempDir dir;
  Result<std::unique_ptr<Backup>> saved = Backup::Create(dir / "b", "fake", "dev");
  REQUIRE(saved.ok());
  w.Undo({}, true, saved->get());
  REQUIRE(w.db.Dump() == before);
  // A backup directory is never reused.
  CHECK(Backup::Create((*saved)->dir(), "fake", "dev").status().code() == Code::kUsage);

  // A failure in the second table's load leaves the first table's rows out too.
  w.db.FailAt(FakeOp::kInsert, 2);
  Result<std::vector<RestoredTable>> broken = RestoreFrom(w, (*saved)->dir());
  REQUIRE_FALSE(broken.ok());
  CHECK_THAT(broken.status().message(), Catch::Contains("nothing was restored"));
  CHECK(w.db.Dump() == before);

  // Seeded again since: the restore is refused, naming the table.
  REQUIRE(w.Seed(Batches(50)).summary.code() == Code::kOk);
  const std::string reseeded = w.db.Dump();
  Result<std::vector<RestoredTable>> refused = RestoreFrom(w, (*saved)->dir());
  REQUIRE_FALSE(refused.ok());
  CHECK_THAT(refused.status().message(), Catch::Contains("seeded again"));
  CHECK(w.db.Dump() == reseeded);

  // A damaged manifest is an error naming the file, not a crash.
  w.Undo();
  std::ofstream(dir / "b/manifest.json") << "{\"format\": \"seed-engine backup\", \"version\": 1, \"tables\": [{}]}";
  Result<std::vector<RestoredTable>> damaged = RestoreFrom(w, (*saved)->dir());
  REQUIRE_FALSE(damaged.ok());
  CHECK_THAT(damaged.status().message(), Catch::Contains("manifest.json"));
  CHECK(w.db.Dump() == before);
}

}  // namespace seed::test
