// Rollback: deletes exactly the rows the ledger says seed-engine inserted,
// children before parents, one transaction per table, and never a row it
// did not insert:
//  - a row outside the seeded rows that references a seeded row (any
//    foreign key, whatever its ON DELETE action) stops that table's
//    rollback, so a CASCADE can never take a user's rows with it;
//  - a seeded row changed since seeding (its batch digest differs and the
//    row differs from its regenerated self) is kept and reported, unless
//    include_modified.
// Foreign key checks stay on throughout.
#pragma once

#include <optional>
#include <set>
#include <string>
#include <vector>

#include "engine/core/log.h"
#include "engine/driver/driver.h"
#include "engine/exec/backup.h"
#include "engine/exec/ledger.h"
#include "engine/plan/plan.h"

namespace seed {

struct RollbackOptions {
  std::vector<std::string> tables;  // empty: every seeded table of the plan
  bool dry_run = false;
  bool include_modified = false;
  std::string env = "dev";
  std::string kind = "rollback";  // the run's kind in the ledger: rollback, or expire
};

// What became of a table in a rollback; StateName() is what the output and
// the log events (rollback.blocked, ...) call it.
enum class RollbackState { kDeleted, kWouldDelete, kKept, kBlocked, kSkipped, kFailed };
const char* StateName(RollbackState state);  // deleted, would-delete, kept, blocked, skipped, failed

struct RollbackResult {
  std::string table;
  RollbackState state = RollbackState::kSkipped;
  bool interrupted = false;  // skipped because the rollback was interrupted
  std::string reason;
  Code code = Code::kOk;  // of a failure in the table's transaction (kConflict: it may be run again)
  uint64_t rows = 0;  // deleted (or to delete)
  uint64_t kept = 0;  // modified rows left in place
  std::string key_lo, key_hi;
};

class Rollback {
 public:
  // `audit` (may be null) receives one JSON line per deleted key range.
  // `reader` (may be null) is a second connection to the same database:
  // the next table's rows are verified on it while this one is deleted.
  Rollback(const Plan& plan, Driver& db, Ledger& ledger, Log& log, Log* audit, RollbackOptions o,
           Driver* reader = nullptr);

  // Tables to roll back, children first, with what each would delete:
  // a quick estimate from the ledger, for a confirmation prompt.
  std::vector<RollbackResult> Preview();
  // Deletes; records the rollback as a run in the ledger.
  std::vector<RollbackResult> Run();
  // The dry run: Run() inside one transaction that is rolled back at the
  // end (a savepoint per table), so what it reports is what Run() would do,
  // statement for statement; nothing is kept, audited or recorded.
  std::vector<RollbackResult> Rehearse();
  // Run() saves every row in `backup` (owned by the caller) before it is
  // changed or deleted.
  void set_backup(Backup* backup) { backup_ = backup; }

 private:
  using KeepLists = std::vector<std::vector<std::string>>;  // per batch: modified keys to keep
  std::vector<RollbackResult> RunTables();
  // A table's transaction, or its savepoint in a rehearsal; inside a NOT
  // NULL cycle group, the group's (opened by OpenGroup with foreign keys
  // checked at its end, ended by CloseGroup: all the group's tables
  // deleted, or none).
  Status Open();
  Status Close();
  void Abandon();
  Status OpenGroup();
  void CloseGroup(std::vector<RollbackResult>& out, size_t first);
  Status ClearSelfReferences(const TableSchema& schema, const RowSelection& rows);
  RollbackResult Table(const TablePlan& p, bool write, const Result<KeepLists>* verified = nullptr);
  // Keys of modified rows per batch of a table, read through `db`. Takes
  // the table's ledger records, not the ledger: it may run on a second
  // thread while the first one changes the ledger.
  Result<KeepLists> Verify(Driver& db, const TablePlan& p, const LedgerTable& t,
                           const std::vector<LedgerBatch>& batches);
  RollbackResult ByKeys(const TablePlan& p, const LedgerTable& t, const TableSchema& schema, bool write,
                        RollbackResult r);
  Status Guard(const TablePlan& p, const RowSelection& seeded);
  // A table without a key column whose seeded rows are one selection: see
  // ParentRange in rollback.cc.
  std::optional<RowSelection> ParentRange(const TablePlan& p, const TableSchema& schema) const;
  RollbackResult BySelection(const TablePlan& p, const TableSchema& schema, const RowSelection& rows, bool write,
                             RollbackResult r);
  // Rows and digest of `rows` over the columns `t`'s seeding wrote, in the
  // batch digest's format. Reads no ledger: Verify calls it on a second
  // thread.
  Result<Session::Digest> DigestOf(Driver& db, const TablePlan& p, const TableSchema& schema,
                                   const LedgerTable& t, const RowSelection& rows);
  Status Unlink(const std::string& table);
  // Saves `rows` in the backup, if any, before they are changed or deleted.
  Status Save(const TableSchema& schema, const RowSelection& rows);
  // Takes `table` out of the ledger, its records saved in the backup.
  Status Forget(const std::string& table);
  Backup* backup() const { return rehearsal_ ? nullptr : backup_; }
  // The backup file of `table`'s rows, for the audit log ("" without one).
  std::string BackupFile(const std::string& table) const { return backup() ? backup()->FileOf(table) : ""; }
  // The key range of a table's seeded rows, from the ledger; none without
  // a key column or seeded rows.
  std::optional<RowSelection> SeededRange(const std::string& table) const;  // a cycle's deferred references to `table`, in the open transaction
  // Keys of rows in batch `b` that differ from what was seeded.
  Result<std::vector<std::string>> Modified(Driver& db, const TablePlan& p, const LedgerTable& t,
                                            const LedgerBatch& b, const TableSchema& schema);

  const Plan& plan_;
  Driver& db_;
  Ledger& ledger_;
  Log& log_;
  Log* audit_;
  Driver* reader_;
  RollbackOptions o_;
  Backup* backup_ = nullptr;
  const KeyBases keys_;  // from the ledger: regenerated rows are the seeded ones
  std::string run_id_;
  bool rehearsal_ = false;
  bool in_group_ = false, group_failed_ = false;
  std::set<std::string> kept_tables_;  // tables whose seeded rows (some or all) stay
};

}  // namespace seed
