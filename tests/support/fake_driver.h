// An in-memory database behind the driver boundary, for unit tests of the
// executor, ledger and rollback that run in milliseconds and reach every
// failure path on purpose: a rejected row, a failed commit, a lost lock, a
// dropped connection, a kill between two batches.
//
// FakeDatabase is the "server": tables, the ledger and the lock, shared by
// every FakeDriver connected to it (rollback's verifier opens a second
// one). It enforces what the engine relies on a database for: NOT NULL,
// primary and unique keys, foreign keys (checked per statement, as SQLite
// and PostgreSQL do; RESTRICT on delete), atomic statements and
// transactions with savepoints. Cells are stored as the engine's text.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "engine/driver/driver.h"

namespace seed::test {

using Cell = std::optional<std::string>;
using Row = std::vector<Cell>;

enum class FakeOp { kBegin, kCommit, kInsert, kUpdate, kDelete, kScan, kLedgerWrite, kLockCheck, kCount };

// What an injected failure does to the call it hits.
enum class FaultKind {
  kError,     // the call fails; the connection stays usable
  kDrop,      // the connection is lost: this and every later call on it fail
  kKill,      // the process dies: throws Killed (its open transaction is lost)
  kLockLost,  // another session took the lock (for kLockCheck)
  kConflict,  // the database aborts the open transaction (a deadlock, a cluster's
              // certification failure): Code::kConflict, the transaction rolled back
};

// Thrown by a kKill fault: the test catches it where the process would die.
struct Killed {};

struct FakeTable {
  TableSchema schema;
  std::vector<Row> rows;
};

// Everything a transaction can change.
struct FakeState {
  std::map<std::string, FakeTable> tables;
  int ledger_version = 0;
  std::vector<LedgerRun> runs;
  std::map<std::string, LedgerTable> ledger_tables;
  std::map<std::string, std::map<uint64_t, LedgerBatch>> batches;  // table -> first_row -> batch
  std::vector<LedgerPii> pii;
  std::map<std::string, LedgerLease> leases;
};

class FakeDriver;

class FakeDatabase {
 public:
  // Columns as "name TYPE [NOT NULL] [PRIMARY KEY] [UNIQUE] [DEFAULT]
  // [REFERENCES table(column)]", comma-separated; types classified as
  // SQLite does.
  void CreateTable(const std::string& name, const std::string& columns);
  std::unique_ptr<FakeDriver> Connect();

  // The `nth` (1-based) call of `op` from now on, on any connection, fails.
  void FailAt(FakeOp op, int nth, FaultKind kind = FaultKind::kError);
  // A row-level constraint (a CHECK, a trigger): a non-empty message
  // rejects the row.
  std::function<std::string(const std::string& table, const TableSchema&, const Row&)> reject;
  bool streams_table = true;  // offer the one-statement table load
  bool server_digest = true;  // answer ServerDigest (else the engine hashes rows itself)

  // Committed state, for assertions (not while a driver is mid-call).
  const FakeState& state() const { return state_; }
  FakeState& mutable_state() { return state_; }  // to stage what a test needs
  std::vector<Row> Rows(const std::string& table) const;  // sorted
  uint64_t Count(const std::string& table) const;
  // Rows whose foreign key points at no row: must always be zero.
  uint64_t Orphans() const;
  // All tables' sorted rows as text: equal for equal content.
  std::string Dump() const;
  // Adds a committed row (a user's own data), cells by column name.
  void InsertUserRow(const std::string& table, const std::map<std::string, std::string>& cells);
  void SetCell(const std::string& table, size_t row, const std::string& column, const Cell& value);
  int calls(FakeOp op) const { return calls_[static_cast<int>(op)]; }

 private:
  friend class FakeDriver;
  struct Fault {
    FakeOp op;
    int at;  // the calls_ count that triggers it
    FaultKind kind;
  };
  // Counts the call and returns the fault it hits, if any.
  std::optional<FaultKind> Hit(FakeOp op);

  mutable std::recursive_mutex mu_;
  FakeState state_;
  std::vector<Fault> faults_;
  int calls_[16] = {};
  int lock_owner_ = 0;  // connection id holding the run lock; 0: free
  int next_id_ = 1;
};

class FakeDriver : public Driver, public Catalog, public Session, public LedgerStore, public RunLock {
 public:
  FakeDriver(FakeDatabase& db, int id) : db_(db), id_(id) {}
  ~FakeDriver() override;  // the process ends: open transaction lost, lock released

  std::string RedactedUrl() const override { return "fake:" + std::to_string(id_); }
  Catalog& catalog() override { return *this; }
  Session& session() override { return *this; }
  LedgerStore& ledger() override { return *this; }
  RunLock& lock() override { return *this; }

  // Catalog
  Result<TableSchema> Inspect(const std::string& table) override;
  Result<std::vector<std::string>> TableNames() override;
  Result<std::vector<ReferencingKey>> ReferencingKeys(const std::string& table) override;
  // Session
  Status Begin() override;
  Status Commit() override;
  Status Rollback() override;
  Status Savepoint() override;
  Status ReleaseSavepoint() override;
  Status RollbackToSavepoint() override;
  std::string BulkMethod() const override { return "fake"; }
  Result<std::unique_ptr<Inserter>> PrepareInsert(const TableSchema& table,
                                                  const std::vector<std::string>& columns) override;
  Result<std::unique_ptr<Updater>> PrepareUpdate(const TableSchema& table, const std::vector<std::string>& set,
                                                const std::vector<std::string>& key) override;
  Status BeginTableLoad(const TableSchema&, bool journaled) override;
  Status EndTableLoad(const TableSchema& table) override;
  Status DeferForeignKeys() override;
  Status ProveForeignKeys(const std::vector<TableSchema>& tables) override;
  Result<uint64_t> CountRows(const std::string& table) override;
  Result<std::optional<int64_t>> MaxKey(const std::string& table, const std::string& column) override;
  Status Scan(const RowSelection& rows, const std::vector<std::string>& columns,
              const std::vector<std::string>& order_by, const RowVisitor& visit) override;
  Result<uint64_t> Delete(const RowSelection& rows) override;
  Result<uint64_t> SetNull(const RowSelection& rows, const std::vector<std::string>& columns) override;
  Result<std::optional<Digest>> ServerDigest(const RowSelection& rows,
                                             const std::vector<std::string>& columns) override;
  Result<std::optional<std::string>> FindReferencing(const ReferencingKey& fk, const RowSelection& targets,
                                                     const RowSelection* spared) override;
  Status ExecScript(const std::string&) override { return Status::Db("fake: no SQL"); }
  Status ReadQuery(const std::string&, const std::vector<std::string>&, const RowVisitor&) override {
    return Status::Db("fake: no SQL");
  }
  Result<uint64_t> CountQuery(const std::string&) override { return Status::Db("fake: no SQL"); }
  // LedgerStore
  Result<int> Version() override;
  Status Migrate() override;
  Result<std::vector<LedgerRun>> Runs() override;
  Result<std::vector<LedgerTable>> Tables() override;
  Result<std::vector<LedgerBatch>> Batches() override;
  Status InsertRun(const LedgerRun& run) override;
  Status FinishRun(const std::string& run_id, const std::string& status, const std::string& finished_at) override;
  Status InsertTable(const LedgerTable& table) override;
  Status SetSecondPass(const std::string& table, SecondPass state) override;
  Status InsertBatch(const LedgerBatch& batch) override;
  Status InsertPii(const LedgerPii& record) override;
  Result<std::vector<LedgerPii>> PiiTrail() override;
  Status TakeLease(const LedgerLease& lease, int64_t now, LedgerLease* holder) override;
  Status RenewLease(const LedgerLease& lease) override;
  Status DropLease(const LedgerLease& lease) override;
  Result<std::vector<LedgerLease>> Leases() override;
  Status DeleteTable(const std::string& table) override;
  // RunLock
  Status Acquire(int wait_seconds) override;
  Status Check() override;
  Result<std::string> Holder() override;

  // Used by the fake's inserter and updater.
  Status InsertRows(const TableSchema& schema, const std::vector<std::string>& columns, const Value* rows,
                    size_t count);
  Status UpdateRows(const std::string& table, const std::vector<std::string>& set,
                    const std::vector<std::string>& key, const Value* rows, size_t count);

 private:
  // The state calls act on: the open transaction's, or the committed one.
  FakeState& Current() { return tx_ ? *tx_ : db_.state_; }
  // Counts the call; applies an injected fault. Status::Ok() to go on.
  Status Enter(FakeOp op);
  Status CheckForeignKeys(const FakeState& s, const std::string& table) const;

  FakeDatabase& db_;
  int id_;
  bool dropped_ = false;
  bool relaxed_ = false;  // BeginTableLoad: FK checks deferred to EndTableLoad
  bool deferred_ = false;  // DeferForeignKeys: FK checks at commit
  std::optional<FakeState> tx_;
  std::vector<FakeState> savepoints_;
};

}  // namespace seed::test
