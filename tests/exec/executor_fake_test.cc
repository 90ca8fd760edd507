// The executor and ledger on the in-memory fake, with failures injected at
// every step: what a user relies on after each (the database consistent,
// the ledger matching the rows, no orphan, a rerun finishing the job to
// exactly the uninterrupted result, the exit code saying what happened).
#include <catch2/catch.hpp>

#include "tests/support/fake_world.h"

namespace seed::test {

namespace {

const std::vector<std::string> kShop = {
    "table: stores\ncount: 12\ncolumns: {id: sequence, name: {generator: company_name}}",
    "table: orders\ncount: 230\ncolumns:\n  id: sequence\n  store_id: {generator: reference, table: stores}\n"
    "  total: {generator: decimal, min: 1.00, max: 500.00}\n  placed: {generator: date}",
};

void ShopTables(FakeDatabase& db) {
  db.CreateTable("stores", "id INTEGER PRIMARY KEY, name VARCHAR(80) NOT NULL");
  db.CreateTable("orders",
                 "id INTEGER PRIMARY KEY, store_id INTEGER NOT NULL REFERENCES stores(id),"
                 " total DECIMAL(8,2) NOT NULL, placed DATE NOT NULL");
}

// The database an uninterrupted run leaves behind.
std::string Uninterrupted(const std::vector<std::string>& specs, void (*tables)(FakeDatabase&), RunOptions o) {
  FakeWorld w(specs);
  tables(w.db);
  FakeWorld::Outcome out = w.Seed(o);
  REQUIRE(out.validated.ok());
  REQUIRE(out.summary.code() == Code::kOk);
  return w.db.Dump();
}

void CheckConsistent(const FakeWorld& w, const std::vector<std::string>& tables) {
  CHECK(w.db.Orphans() == 0);
  for (const std::string& t : tables) {
    INFO(t);
    CHECK(w.LedgerRows(t) == w.db.Count(t));
  }
}

}  // namespace

TEST_CASE("fake: a run seeds every table, records every batch and exits 0", "[fake][executor]") {
  FakeWorld w(kShop);
  ShopTables(w.db);
  FakeWorld::Outcome out = w.Seed(Batches(50));
  REQUIRE(out.validated.ok());
  CHECK(out.summary.code() == Code::kOk);
  CHECK(w.db.Count("stores") == 12);
  CHECK(w.db.Count("orders") == 230);
  CheckConsistent(w, {"stores", "orders"});
  CHECK(w.db.state().ledger_version == kLedgerVersion);
  // A rerun inserts nothing and changes nothing.
  const std::string before = w.db.Dump();
  FakeWorld::Outcome again = w.Seed(Batches(50));
  CHECK(again.summary.code() == Code::kOk);
  CHECK(again.summary.inserted == 0);
  CHECK(w.db.Dump() == before);
}

TEST_CASE("fake: the same seed gives the same rows whatever the batch size or load path", "[fake][executor]") {
  const std::string a = Uninterrupted(kShop, ShopTables, Batches(7));
  const std::string b = Uninterrupted(kShop, ShopTables, Batches(5000));
  CHECK(a == b);
  FakeWorld w(kShop);
  ShopTables(w.db);
  w.db.streams_table = false;  // batch by batch, never one statement
  REQUIRE(w.Seed(Batches(33)).summary.code() == Code::kOk);
  CHECK(w.db.Dump() == a);
}

TEST_CASE("fake: rows the database rejects are skipped alone and the run is partial", "[fake][executor]") {
  FakeWorld w(kShop);
  ShopTables(w.db);
  // A CHECK the specs do not know: every order id ending in 3.
  w.db.reject = [](const std::string& table, const TableSchema&, const Row& row) -> std::string {
    return table == "orders" && row[0] && row[0]->back() == '3' ? "CHECK constraint failed: no_threes" : "";
  };
  FakeWorld::Outcome out = w.Seed(Batches(40));
  REQUIRE(out.validated.ok());
  CHECK(out.summary.code() == Code::kPartial);
  CHECK(w.db.Count("orders") == 207);  // 230 minus the 23 ids ending in 3
  const TableResult& orders = out.summary.tables.at(1);
  CHECK(orders.state == TableState::kPartial);
  CHECK(orders.invalid == 23);
  CHECK(orders.inserted == 207);
  for (const Row& r : w.db.Rows("orders")) CHECK(r[0]->back() != '3');
  CheckConsistent(w, {"stores", "orders"});
}

TEST_CASE("fake: a failed commit keeps earlier batches, skips dependents, and a rerun finishes the job",
          "[fake][executor]") {
  const std::string expected = Uninterrupted(kShop, ShopTables, Batches(50));
  for (int nth : {1, 2, 4}) {
    DYNAMIC_SECTION("commit " << nth << " fails") {
      FakeWorld w(kShop);
      ShopTables(w.db);
      w.db.streams_table = false;
      w.db.FailAt(FakeOp::kCommit, nth);
      FakeWorld::Outcome out = w.Seed(Batches(50));
      REQUIRE(out.validated.ok());
      CHECK(out.summary.code() == Code::kPartial);
      CheckConsistent(w, {"stores", "orders"});
      CHECK(w.db.Dump() != expected);
      if (nth == 2) {  // commit 1 recorded the stores table, 2 is its only batch
        CHECK(w.db.Count("stores") == 0);
        CHECK(out.summary.tables.at(1).state == TableState::kSkipped);
        CHECK(out.summary.tables.at(1).dependency_skipped);
      }
      FakeWorld::Outcome rerun = w.Seed(Batches(50));
      CHECK(rerun.summary.code() == Code::kOk);
      CHECK(w.db.Dump() == expected);
      CheckConsistent(w, {"stores", "orders"});
    }
  }
}

// InnoDB rolls a deadlock's victim back; Galera does the same to a
// transaction that fails certification or holds a lock a replicated one
// needs. Seen on the 3-node cluster: one worker's batch aborted, its table
// failed, and the other workers waited for its rows until --partition-wait.
TEST_CASE("fake: a transaction the database aborts for a conflict is run again: the uninterrupted data, exit 0",
          "[fake][executor]") {
  const std::string expected = Uninterrupted(kShop, ShopTables, Batches(50));
  // Calls 3 and 5: inside transactions (the first ledger writes, the
  // migration and the run's record, are statements of their own, which a
  // Galera node retries itself: wsrep_retry_autocommit).
  for (FakeOp op : {FakeOp::kCommit, FakeOp::kInsert, FakeOp::kLedgerWrite, FakeOp::kLockCheck})
    for (int nth : {3, 5}) {
      DYNAMIC_SECTION("op " << static_cast<int>(op) << ", call " << nth) {
        FakeWorld w(kShop);
        ShopTables(w.db);
        w.db.streams_table = false;
        w.db.FailAt(op, nth, FaultKind::kConflict);
        FakeWorld::Outcome out = w.Seed(Batches(50));
        REQUIRE(out.validated.ok());
        INFO(out.summary.Table());
        CHECK(out.summary.code() == Code::kOk);
        CHECK(w.db.Dump() == expected);
        CheckConsistent(w, {"stores", "orders"});
      }
    }
}

TEST_CASE("fake: a batch aborted by conflicts on every retry fails its table, and a rerun finishes the job",
          "[fake][executor]") {
  const std::string expected = Uninterrupted(kShop, ShopTables, Batches(50));
  FakeWorld w(kShop);
  ShopTables(w.db);
  w.db.streams_table = false;
  // Commit 1 records the stores table, 2 is its only batch: 2 and each retry.
  for (int nth = 2; nth <= 2 + kConflictRetries; ++nth) w.db.FailAt(FakeOp::kCommit, nth, FaultKind::kConflict);
  FakeWorld::Outcome out = w.Seed(Batches(50));
  REQUIRE(out.validated.ok());
  CHECK(out.summary.code() == Code::kPartial);
  CHECK(out.summary.tables.at(0).state == TableState::kFailed);
  CHECK(out.summary.tables.at(0).code == Code::kConflict);
  CHECK(w.db.Count("stores") == 0);
  CheckConsistent(w, {"stores", "orders"});
  FakeWorld::Outcome rerun = w.Seed(Batches(50));
  CHECK(rerun.summary.code() == Code::kOk);
  CHECK(w.db.Dump() == expected);
}

TEST_CASE("fake: a lost lock stops the run before its next commit, exit 2", "[fake][executor]") {
  FakeWorld w(kShop);
  ShopTables(w.db);
  w.db.streams_table = false;
  w.db.FailAt(FakeOp::kLockCheck, 4, FaultKind::kLockLost);
  FakeWorld::Outcome out = w.Seed(Batches(50));
  REQUIRE(out.validated.ok());
  CHECK(out.summary.code() == Code::kLock);
  CHECK(out.summary.lock_lost);
  // The fourth check guards the first batch of orders: stores stay, no
  // order row went in, and the orders table is reported failed.
  CHECK(w.db.Count("stores") == 12);
  CHECK(w.db.Count("orders") == 0);
  CHECK(out.summary.tables.at(1).state == TableState::kFailed);
  CheckConsistent(w, {"stores", "orders"});
}

TEST_CASE("fake: a connection lost mid-stream leaves nothing half-loaded", "[fake][executor]") {
  const std::string expected = Uninterrupted(kShop, ShopTables, Batches(50));
  FakeWorld w(kShop);
  ShopTables(w.db);
  // The orders table goes in one statement (it starts empty): the
  // connection drops during its third batch.
  w.db.FailAt(FakeOp::kInsert, 4, FaultKind::kDrop);
  FakeWorld::Outcome out = w.Seed(Batches(50));
  REQUIRE(out.validated.ok());
  CHECK(out.summary.code() == Code::kPartial);
  CHECK(w.db.Count("stores") == 12);
  CHECK(w.db.Count("orders") == 0);  // all or nothing
  CheckConsistent(w, {"stores", "orders"});
  CHECK(w.Seed(Batches(50)).summary.code() == Code::kOk);
  CHECK(w.db.Dump() == expected);
}

TEST_CASE("fake: killed at every commit, a rerun gives exactly the uninterrupted rows", "[fake][executor]") {
  const std::string expected = Uninterrupted(kShop, ShopTables, Batches(40));
  for (bool streams : {false, true}) {
    int nth = 1;
    for (;; ++nth) {
      FakeWorld w(kShop);
      ShopTables(w.db);
      w.db.streams_table = streams;
      w.db.FailAt(FakeOp::kCommit, nth, FaultKind::kKill);
      FakeWorld::Outcome out = w.Seed(Batches(40));
      if (!out.killed) break;  // every commit has been tried
      INFO("killed at commit " << nth << (streams ? " (one-statement loads)" : ""));
      CheckConsistent(w, {"stores", "orders"});
      FakeWorld::Outcome rerun = w.Seed(Batches(40));
      CHECK(rerun.summary.code() == Code::kOk);
      CHECK(w.db.Dump() == expected);
      CheckConsistent(w, {"stores", "orders"});
    }
    // Each table's ledger record and its batches (one statement, or 40
    // rows each) were a kill point.
    CHECK(nth - 1 == (streams ? 2 + 2 : 2 + 1 + (230 + 39) / 40));
  }
}

namespace {

// A cycle: every department has a head employee, every employee a
// department; the head is nullable, so it is filled by a second pass.
const std::vector<std::string> kCycle = {
    "table: departments\ncount: 6\ncolumns:\n  id: sequence\n  name: {generator: department}\n"
    "  head_id: {generator: reference, table: employees, null_rate: 0.0001}",
    "table: employees\ncount: 60\ncolumns:\n  id: sequence\n"
    "  department_id: {generator: reference, table: departments}\n  name: {generator: full_name}",
};

void CycleTables(FakeDatabase& db) {
  db.CreateTable("departments", "id INTEGER PRIMARY KEY, name VARCHAR(80) NOT NULL,"
                                " head_id INTEGER REFERENCES employees(id)");
  db.CreateTable("employees", "id INTEGER PRIMARY KEY, department_id INTEGER NOT NULL REFERENCES departments(id),"
                              " name VARCHAR(120) NOT NULL");
}

uint64_t NullHeads(const FakeDatabase& db) {
  uint64_t n = 0;
  for (const Row& r : db.Rows("departments")) n += !r[2];
  return n;
}

}  // namespace

TEST_CASE("fake: a cycle's second pass is resumed after a kill at any point", "[fake][executor][cycle]") {
  const std::string expected = Uninterrupted(kCycle, CycleTables, Batches(25));
  {
    FakeWorld w(kCycle);
    CycleTables(w.db);
    REQUIRE(w.Seed(Batches(25)).summary.code() == Code::kOk);
    CHECK(NullHeads(w.db) < 6);  // the second pass filled the heads
    CHECK(w.db.state().ledger_tables.at("departments").second_pass == SecondPass::kDone);
  }
  int nth = 1;
  for (;; ++nth) {
    FakeWorld w(kCycle);
    CycleTables(w.db);
    w.db.FailAt(FakeOp::kCommit, nth, FaultKind::kKill);
    if (!w.Seed(Batches(25)).killed) break;
    INFO("killed at commit " << nth);
    CHECK(w.db.Orphans() == 0);
    FakeWorld::Outcome rerun = w.Seed(Batches(25));
    CHECK(rerun.summary.code() == Code::kOk);
    CHECK(w.db.Dump() == expected);
    CHECK(w.db.state().ledger_tables.at("departments").second_pass == SecondPass::kDone);
  }
  CHECK(nth - 1 == 6);  // two tables' records and loads, the second pass, its record
}

TEST_CASE("fake: a ledger newer than the engine is refused before any write", "[fake][ledger]") {
  FakeWorld w(kShop);
  ShopTables(w.db);
  REQUIRE(w.Seed().summary.code() == Code::kOk);
  std::unique_ptr<FakeDriver> d = w.db.Connect();
  Ledger ledger(d->ledger());
  CHECK(*ledger.Exists());
  // Written by a future seed-engine:
  w.db.mutable_state().ledger_version = kLedgerVersion + 1;
  Result<bool> exists = ledger.Exists();
  REQUIRE_FALSE(exists.ok());
  CHECK(exists.status().code() == Code::kSpec);
  CHECK_THAT(exists.status().message(), Catch::Contains("newer than this seed-engine"));
  const int writes = w.db.calls(FakeOp::kInsert);
  FakeWorld::Outcome out = w.Seed();
  CHECK_FALSE(out.validated.ok());
  CHECK(w.db.calls(FakeOp::kInsert) == writes);
}

TEST_CASE("fake: rows that reference a rejected row of their own table are skipped, no orphan committed",
          "[fake][executor]") {
  const std::vector<std::string> tree = {
      "table: staff\ncount: 400\ncolumns:\n  id: sequence\n"
      "  manager_id: {generator: reference, table: staff, null_rate: 0.02}\n"
      "  email: {generator: email}"};
  for (bool streams : {true, false}) {
    DYNAMIC_SECTION((streams ? "one-statement load" : "batch by batch")) {
      FakeWorld w(tree);
      w.db.CreateTable("staff", "id INTEGER PRIMARY KEY, manager_id INTEGER REFERENCES staff(id), email VARCHAR(120) NOT NULL");
      w.db.streams_table = streams;
      // A CHECK the spec does not know rejects every id ending in 7.
      w.db.reject = [](const std::string&, const TableSchema&, const Row& row) -> std::string {
        return row[0] && row[0]->back() == '7' ? "CHECK constraint failed: no_sevens" : "";
      };
      FakeWorld::Outcome out = w.Seed(Batches(50));
      REQUIRE(out.validated.ok());
      CHECK(out.summary.code() == Code::kPartial);
      CHECK(w.db.Orphans() == 0);
      CHECK(w.LedgerRows("staff") == w.db.Count("staff"));
      const TableResult& staff = out.summary.tables.at(0);
      CHECK(staff.invalid > 40);  // the 40 ids ending in 7, and the rows under them
      CHECK(staff.inserted + staff.invalid == 400);
    }
  }
}

}  // namespace seed::test

namespace seed::test {

namespace {

// A NOT NULL cycle: every store has a manager, every employee a store.
const std::vector<std::string> kTied = {
    "table: stores\ncount: 5\ncolumns:\n  id: sequence\n"
    "  manager_id: {generator: reference, table: employees, unique: true}",
    "table: employees\ncount: 50\ncolumns:\n  id: sequence\n"
    "  store_id: {generator: reference, table: stores}\n  name: {generator: full_name}",
};

void TiedTables(FakeDatabase& db) {
  db.CreateTable("stores", "id INTEGER PRIMARY KEY, manager_id INTEGER NOT NULL UNIQUE REFERENCES employees(id)");
  db.CreateTable("employees", "id INTEGER PRIMARY KEY, store_id INTEGER NOT NULL REFERENCES stores(id),"
                              " name VARCHAR(120) NOT NULL");
}

}  // namespace

// It was refused as a cycle; it is seeded in one transaction with the
// checks at its end, so a kill anywhere leaves nothing of it.
TEST_CASE("fake: a NOT NULL cycle is seeded all or nothing, whenever the run is killed", "[fake][executor][cycle]") {
  const std::string expected = Uninterrupted(kTied, TiedTables, Batches(10));
  int nth = 1;
  for (;; ++nth) {
    FakeWorld w(kTied);
    TiedTables(w.db);
    w.db.FailAt(FakeOp::kInsert, nth, FaultKind::kKill);
    if (!w.Seed(Batches(10)).killed) break;
    INFO("killed at insert " << nth);
    CHECK(w.db.Count("stores") == 0);
    CHECK(w.db.Count("employees") == 0);
    CHECK(w.db.state().batches.empty());
    FakeWorld::Outcome rerun = w.Seed(Batches(10));
    CHECK(rerun.summary.code() == Code::kOk);
    CHECK(w.db.Dump() == expected);
    CheckConsistent(w, {"stores", "employees"});
  }
  CHECK(nth - 1 == 1 + 5);  // one batch of stores, five of employees
}

TEST_CASE("fake: a row of a NOT NULL cycle the database rejects rolls the whole group back, exit 4",
          "[fake][executor][cycle]") {
  FakeWorld w(kTied);
  TiedTables(w.db);
  w.db.reject = [](const std::string& table, const TableSchema&, const Row& row) {
    return table == "employees" && row[0] == "17" ? std::string("CHECK constraint failed") : std::string();
  };
  FakeWorld::Outcome out = w.Seed(Batches(10));
  REQUIRE(out.validated.ok());
  CHECK(out.summary.code() == Code::kPartial);
  CHECK(w.db.Count("stores") == 0);
  CHECK(w.db.Count("employees") == 0);
  for (const TableResult& r : out.summary.tables) {
    INFO(r.table << ": " << r.reason);
    CHECK(r.state == TableState::kFailed);
    CHECK(r.inserted == 0);
    CHECK_THAT(r.reason, Catch::Contains("all or nothing") || Catch::Contains("nothing of it was committed"));
  }
  w.db.reject = nullptr;
  CHECK(w.Seed(Batches(10)).summary.code() == Code::kOk);  // the rerun seeds it whole
  CheckConsistent(w, {"stores", "employees"});
}

TEST_CASE("fake: rollback deletes a NOT NULL cycle's rows together, or none of them", "[fake][rollback][cycle]") {
  FakeWorld w(kTied);
  TiedTables(w.db);
  REQUIRE(w.Seed(Batches(10)).summary.code() == Code::kOk);
  const std::string seeded = w.db.Dump();
  // Killed at the group's commit: nothing deleted, the ledger intact.
  w.db.FailAt(FakeOp::kCommit, 1, FaultKind::kKill);
  CHECK(w.Undo().killed);
  CHECK(w.db.Dump() == seeded);
  FakeWorld::Undone undone = w.Undo();
  REQUIRE_FALSE(undone.killed);
  for (const RollbackResult& r : undone.results) {
    INFO(r.table << ": " << r.reason);
    CHECK(r.state == RollbackState::kDeleted);
  }
  CHECK(w.db.Count("stores") == 0);
  CHECK(w.db.Count("employees") == 0);
}

}  // namespace seed::test
