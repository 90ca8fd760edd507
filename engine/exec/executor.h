// Executor: runs a Plan against a Driver. Validate() checks every selected
// table against the live schema before the first write; Run() streams each
// table's rows in batches (one transaction per batch), skips and counts
// rows the schema would reject, and keeps going past a failed table while
// skipping the tables that depend on it.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "engine/core/log.h"
#include "engine/core/status.h"
#include "engine/driver/driver.h"
#include "engine/exec/batch_stream.h"
#include "engine/exec/ledger.h"
#include "engine/exec/partition.h"
#include "engine/plan/plan.h"

namespace seed {

struct RunOptions {
  size_t batch_rows = 5000;
  bool dry_run = false;  // generate and check rows, write nothing
  int max_row_logs = 20;  // per table at warning level; the rest at debug level (log file, --verbose)
  bool strict = false;    // database FKs the specs do not generate: error, not warning
  bool ledger = true;     // record runs and batches in the target (resume, rollback)
  // The command line that started the run (passwords redacted), for
  // messages that name the command to run instead.
  std::string command;
  // Worker K of N: rows [K*n/N, (K+1)*n/N) of each table (a NOT NULL cycle
  // group whole by worker 0), or whole tables (Split::kTables). A table
  // waits until every worker's rows of its parents are in, for at most
  // partition_wait seconds while no other worker of the run is alive;
  // worker 0 runs the second pass once every table is complete.
  Partition partition;
  int partition_wait = 300;
};

// What became of a table in a run; StateName() is what the summary and
// the log events (table.failed, ...) call it.
// kEvolved: seeded already, its new columns filled in place (evolve.h).
// kElsewhere: a table another worker of a partitioned run seeds whole.
enum class TableState { kPending, kOk, kPartial, kFailed, kSkipped, kDryRun, kSeeded, kEvolved, kElsewhere };
// ok, partial, failed, skipped, dry-run, seeded, evolved, elsewhere
const char* StateName(TableState state);

struct TableResult {
  std::string table;
  TableState state = TableState::kPending;
  // Skipped because a table it depends on was not seeded: the run is then
  // partial (a skip for an interrupt or a lost lock is reported as those).
  bool dependency_skipped = false;
  bool interrupted = false;  // stopped (or skipped) by SIGINT/SIGTERM
  uint64_t planned = 0, inserted = 0, invalid = 0;
  int64_t ms = 0;
  std::string reason;
  Code code = Code::kOk;  // why it failed (kUnreachable: the connection was lost)
};

struct RunSummary {
  std::vector<TableResult> tables;
  uint64_t inserted = 0, invalid = 0, generated = 0;
  int64_t ms = 0;
  bool interrupted = false;
  bool lock_lost = false;  // the run stopped because another took its lock
  bool connection_lost = false;  // the database became unreachable mid-run
  // kOk; kLock when the lock was lost; kUnreachable when the connection
  // was; kInterrupted after SIGINT/SIGTERM; kPartial when any row or table
  // failed.
  Code code() const;
  std::string Table() const;  // the printable per-table summary
};

class Executor {
 public:
  // `driver` may be null for a dry run without a database.
  Executor(const Plan& plan, Driver* driver, Log& log, RunOptions options);

  // Inspects every selected table; drift problems are Code::kDrift, a table
  // that already holds rows is Code::kSpec. Writes nothing.
  Status Validate();
  RunSummary Run();

 private:
  struct Target {
    TableSchema schema;
    std::vector<int> write;  // spec column indexes written
    std::vector<int> evolve;  // seeded already: these new columns are filled in place
  };
  // A table's rows on their way from the generator to the driver.
  struct Load {
    std::vector<int> write_cols;  // spec column indexes, in written order
    std::vector<bool> deferred;   // per written column: NULL until the second pass
    std::vector<Value> valid;     // the batch's valid rows, written columns only
    std::vector<uint64_t> rows;   // their table row indexes, for error reports
    std::vector<uint32_t> crc;    // their ledger row CRCs (from BatchHook)
  };
  // Work per row done on the generating threads: checks each row against
  // the live schema (RowBatch::invalid) and, with `digest`, computes its
  // ledger row CRC as `load` will write it. Empty without a live table.
  RowHook BatchHook(const TablePlan& p, const Load& load, bool digest) const;
  TableResult SeedTable(const TablePlan& p);
  // A seeded table whose spec gained columns: fills them (engine/exec/evolve.h).
  TableResult EvolveTable(const TablePlan& p, const Target& t);
  // Second pass: sets the columns deferred to break a dependency cycle.
  void CheckForeignKeys(const TablePlan& p, const TableSchema& schema, Diagnostics& drift);
  void CheckUniqueKeys(const TablePlan& p, const TableSchema& schema, Diagnostics& drift);
  // The command that rolls `p` back and seeds it again.
  std::string ReplantCommand(const TablePlan& p) const;
  bool KeysAboveExisting(const TablePlan& p, const TableSchema& schema);
  Status FillDeferred(const TablePlan& p);
  Status RecordSecondPass(const std::string& table);  // in its own transaction
  bool FkTargetsKnown(const TablePlan& p, const TableSchema& schema) const;
  // Inserts batch rows [from, to) that passed validation; on a database
  // error retries them one by one so only the offending rows are skipped.
  Status InsertRun(const TablePlan& p, Inserter& ins, const Value* rows, size_t width,
                   const uint64_t* row_index, size_t count, TableResult& r);
  // Ledger: key base and resume point of a table; records it when new.
  Status StartTable(const TablePlan& p, std::vector<RowRange>& todo, size_t& batch_rows);
  // This worker's rows of `p`: all of them unless partitioned.
  bool partitioned() const { return options_.partition.n > 1; }
  // Partitioned: whether several workers write shares of `p`'s rows, and
  // else which worker writes it whole.
  bool Shared(const TablePlan& p) const;
  uint64_t Owner(const TablePlan& p) const;
  // Rows of `p` the ledger recorded inserted when it was last read (this
  // run's own batches are not read back).
  uint64_t RecordedInserted(const TablePlan& p) const;
  uint64_t RangeBegin(const TablePlan& p) const;
  uint64_t RangeEnd(const TablePlan& p) const;
  // Partitioned: waits until every row of `tables` is in (any worker's),
  // renewing the lease; the ledger is reloaded.
  Status WaitForTables(const std::vector<const TablePlan*>& tables);
  // The workers (of this run's cut) that write rows of `p` the ledger lacks.
  std::set<uint64_t> Owing(const TablePlan& p) const;
  // Of `workers`, those that hold no live lease (this one counts as none:
  // it is waiting, not writing).
  Result<std::set<uint64_t>> NotLive(const std::set<uint64_t>& workers);
  void AdoptRecordedKeys();  // keys_ of every table the ledger records, from its record
  Status PlaceKeys();  // fills keys_
  LedgerBatch Digest(const TablePlan& p, const Load& load, uint64_t first_row,
                     uint64_t end_row) const;
  void Take(const TablePlan& p, Load& load, RowBatch& b, bool write, TableResult& r);
  Result<std::unique_ptr<SourceReader>> OpenTableSource(const TablePlan& p) const;
  static int Workers(const TablePlan& p, bool write);
  void LogMasked(const TablePlan& p, uint64_t rows);
  Status StreamTable(const TablePlan& p, Load& load, Inserter& ins, const std::vector<RowRange>& todo,
                     size_t batch_rows, TableResult& r);
  // A batch's transaction; inside a cycle group, the group's one.
  Status BeginBatch() { return in_group_ ? Status::Ok() : db_->Begin(); }
  Status CommitBatch() { return in_group_ ? Status::Ok() : db_->Commit(); }
  // `body` in a batch's transaction, the lock checked before the commit;
  // rolled back on failure, and run again when the database aborted it for
  // a conflict (RetryConflict: up to kConflictRetries times). `body` must
  // be repeatable: it writes a pure function of the plan.
  Status Transact(const std::function<Status()>& body);
  // Opens a cycle group's transaction before its first table; proves its
  // foreign keys and commits after its last, or rolls it all back: the
  // group's results become failed with nothing inserted.
  Status OpenGroup();
  void CloseGroup(const TablePlan& last, std::vector<TableResult>& results, size_t first);
  void LogInvalid(const TablePlan& p, uint64_t row, const std::string& why, TableResult& r);

  const Plan& plan_;
  Driver* driver_;  // null for a dry run without a database; so are its parts
  Catalog* catalog_;
  Session* db_;
  RunLock* lock_;
  Log& log_;
  RunOptions options_;
  std::map<std::string, Target> targets_;
  std::string last_row_error_;
  bool lock_lost_ = false;
  bool connection_lost_ = false;  // a statement failed with Code::kUnreachable
  std::set<std::string> clean_;  // tables seeded in full by this run, no row skipped
  std::unique_ptr<Ledger> ledger_;  // null for dry runs
  KeyBases keys_;  // set before the first row is generated; read-only after
  std::vector<uint64_t> owners_;  // Split::kTables: the worker of each of plan_.tables()
  std::string run_id_;
  bool in_group_ = false;  // a cycle group's transaction is open
  std::vector<char> row_failed_;  // per valid row of the current batch: skipped by the database
  const uint64_t* valid_base_ = nullptr;  // the current batch's row indexes
};

}  // namespace seed
