// LedgerStore: the driver part that keeps seed-engine's ledger in the
// target database, through typed calls (no SQL crosses the boundary).
//
//   runs     one row per run (seed or rollback)
//   tables   one row per seeded table: the run that started it, spec hash,
//            seed, planned rows, batch size, key base, second-pass state,
//            the columns written
//   batches  one row per committed batch (row range, key range, digest),
//            keyed by (table, first row), so no batch can commit twice
//   pii      the personal-data trail: one row per personal column a run
//            wrote or erased (category, strategy, origin; never a value),
//            kept when the table's records go, as the evidence of erasure
//
// The ledger's layout is versioned (kLedgerVersion); Migrate() brings an
// older ledger up to date on first use and refuses a newer one, so an
// existing ledger keeps working across engine upgrades.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "engine/core/status.h"

namespace seed {

// 1: runs, tables, batches (seed-engine 0.x, no version recorded).
// 2: a version record; tables.second_pass.
// 3: tables.written_columns.
// 4: the pii trail.
// 5: leases (the lock that holds across a cluster).
// 6: the index journal (MySQL: secondary indexes a load dropped and has not
//    yet built again; see SqlLedgerStore).
// 7: the journal's owner (the process whose load dropped the index).
constexpr int kLedgerVersion = 7;

// The ledger's own tables (seed_engine_runs, _tables, _batches, _meta, ...)
// share this prefix; commands that list a database's tables leave them out.
inline bool IsLedgerTable(const std::string& name) { return name.rfind("seed_engine_", 0) == 0; }

// Where the second pass of a table with cycle-breaking (deferred)
// references stands. A table is seeded only when its rows are all in and
// its second pass is kNone or kDone. kUnknown: recorded by a version-1
// ledger, which did not say; a rerun redoes the pass if the table has one
// (the pass sets the same values again).
enum class SecondPass { kNone, kPending, kDone, kUnknown };
const char* SecondPassName(SecondPass p);  // none, pending, done, unknown
SecondPass ParseSecondPass(const std::string& name);  // anything else: kUnknown

struct LedgerTable {
  std::string table, run_id, spec_hash, size, key_column;
  uint64_t seed = 0, rows = 0, batch_rows = 0;
  int64_t key_base = 0;  // seeded keys of a sequence column start above this
  SecondPass second_pass = SecondPass::kNone;
  // The columns the seeding wrote, in order (what the batch digests
  // cover); empty when a version-2 ledger did not record them.
  std::vector<std::string> written_columns;
  bool operator==(const LedgerTable&) const = default;
};

struct LedgerBatch {
  std::string table, run_id, key_lo, key_hi;
  uint64_t first_row = 0, end_row = 0, inserted = 0;
  // The batch's digest: XOR of each row's CRC-32 over its cells joined by
  // tabs (NULL as \N, numbers at the column's scale); a server with
  // CRC32() verifies a batch without sending its rows.
  uint64_t row_crc = 0;
  std::string committed_at;
  bool operator==(const LedgerBatch&) const = default;
};

struct LedgerRun {
  std::string run_id, kind, status, env, size, started_at, finished_at, host, user, engine_version;
  uint64_t seed = 0;
};

// One personal column in the trail: which run wrote (or erased) which
// column of which category, from where and masked how. Nothing in it is a
// value: a source query is named "source query", never quoted.
struct LedgerPii {
  std::string run_id, table, column;
  std::string action;    // written | erased
  std::string category;  // the rule's, or "no rule" for real data copied verbatim
  std::string strategy;  // the run's environment's: fake, partial, ..., verbatim, or generated
  std::string origin;    // "generated: email", "source file clients.csv, field email"
  std::string spec_hash;
  bool operator==(const LedgerPii&) const = default;
};

// A lease: the lock a run holds through a row of the ledger, where a
// session lock does not hold across a cluster (Galera, and any target with
// --lock lease). Held while renewed before `expires` (seconds since the
// epoch, the holder's clock); a holder that dies loses it at expiry.
//   "run"        a run that excludes every other
//   "run K/N"    worker K of a run in N partitions: excludes "run", the
//                same worker's other instances and partitions by another N
struct LedgerLease {
  std::string name, owner, run_id;
  int64_t heartbeat = 0, expires = 0;
  bool operator==(const LedgerLease&) const = default;
};
// Whether `b`, live, keeps `a` from being taken.
bool LeasesConflict(const LedgerLease& a, const LedgerLease& b);
// Whether `l` is held at `now`: not expired, and its holder not a process
// of this machine known dead (OwnerKnownDead), whose lease is free at once
// instead of at expiry. The one test of liveness for takers and waiters.
bool LeaseLive(const LedgerLease& l, int64_t now);

// Owned by its Driver and valid while it lives; one thread at a time.
// Writes go through the driver's data session, inside its current
// transaction when one is open (a batch and its ledger row commit
// together); without one, each call commits on its own.
class LedgerStore {
 public:
  virtual ~LedgerStore() = default;
  // The layout version of the ledger in this database: 0 when there is
  // none. Asked of the catalog, never inferred from a failed read: a lost
  // connection must not read as "never seeded".
  virtual Result<int> Version() = 0;
  // Creates the ledger, or migrates an older one to kLedgerVersion. A
  // ledger newer than this engine is refused (Code::kSpec) with its version.
  virtual Status Migrate() = 0;

  virtual Result<std::vector<LedgerRun>> Runs() = 0;  // by start time
  virtual Result<std::vector<LedgerTable>> Tables() = 0;
  virtual Result<std::vector<LedgerBatch>> Batches() = 0;  // by table, then first row

  virtual Status InsertRun(const LedgerRun& run) = 0;
  virtual Status FinishRun(const std::string& run_id, const std::string& status,
                           const std::string& finished_at) = 0;
  virtual Status InsertTable(const LedgerTable& table) = 0;
  virtual Status SetSecondPass(const std::string& table, SecondPass state) = 0;
  // Fails (the database's duplicate key) when (table, first_row) exists.
  virtual Status InsertBatch(const LedgerBatch& batch) = 0;
  // The table's record and all its batches (its pii trail stays).
  virtual Status DeleteTable(const std::string& table) = 0;

  // Fails (duplicate key) when the run already recorded that column and action.
  virtual Status InsertPii(const LedgerPii& record) = 0;
  // The whole trail, by run, table, column; empty in a ledger older than 4.
  virtual Result<std::vector<LedgerPii>> PiiTrail() = 0;

  // Takes `lease` (or renews it, same owner) in a transaction of its own,
  // serialized with every other taker (on a cluster: a write conflict on one
  // row, which one of two takers loses at commit). Code::kLock, with the
  // holder's record in *holder, while a live lease conflicts; creates the
  // lease table when missing.
  virtual Status TakeLease(const LedgerLease& lease, int64_t now, LedgerLease* holder) = 0;
  // Moves the lease's expiry on, inside the current transaction: Code::kLock
  // when `owner` no longer holds it (it expired and another took it).
  virtual Status RenewLease(const LedgerLease& lease) = 0;
  virtual Status DropLease(const LedgerLease& lease) = 0;  // if `owner` still holds it
  virtual Result<std::vector<LedgerLease>> Leases() = 0;   // empty without a lease table
  // Secondary indexes a killed load left dropped, as (table, index), for
  // `status`; the next writer's Migrate() builds them again. Only a
  // database whose DDL commits at once (MySQL) journals them.
  virtual Result<std::vector<std::pair<std::string, std::string>>> DroppedIndexes() {
    return std::vector<std::pair<std::string, std::string>>();
  }
};

}  // namespace seed
