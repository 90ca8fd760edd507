// Ledger: what seed-engine wrote, kept in the target database itself (see
// engine/driver/ledger_store.h for its tables) so a rerun, a resume and a
// rollback all know exactly which rows are seeded. This class reads the
// records once, keeps them, and writes through the driver's LedgerStore.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "engine/core/status.h"
#include "engine/driver/ledger_store.h"
#include "engine/exec/partition.h"
#include "engine/plan/plan.h"

namespace seed {

class Ledger {
 public:
  explicit Ledger(LedgerStore& store) : store_(store) {}

  // True when the database holds a ledger (a database never seeded has none).
  Result<bool> Exists();
  // Creates the ledger if missing, or migrates it to the current version.
  Status Ensure();
  // Reads the table and batch records (small: one row per 5,000 seeded rows).
  Status Load();

  const LedgerTable* Table(const std::string& table) const;
  std::vector<LedgerBatch> Batches(const std::string& table) const;  // in row order
  uint64_t SeededRows(const std::string& table) const;  // inserted, summed over its batches
  // The rows of [begin, end) of `table` that no recorded batch covers, in
  // order: what a resume writes, whatever cut of rows or batch size the
  // runs before it had.
  std::vector<RowRange> Uncovered(const std::string& table, uint64_t begin, uint64_t end) const;
  const std::map<std::string, LedgerTable>& tables() const { return tables_; }

  // A new run record; returns its id.
  Result<std::string> StartRun(const std::string& kind, const std::string& env,
                               const std::string& size, uint64_t seed);
  Status FinishRun(const std::string& run_id, const std::string& status);
  Result<std::vector<LedgerRun>> Runs() { return store_.Runs(); }
  Result<std::vector<LedgerLease>> Leases() { return store_.Leases(); }

  // Each in the caller's transaction.
  Status RecordTable(const LedgerTable& t);
  Status RecordBatch(LedgerBatch b);
  Status SetSecondPass(const std::string& table, SecondPass state);
  Status ForgetTable(const std::string& table);  // its table and batch records
  // The pii trail of `run_id` having written (or erased) `spec`'s table:
  // one record per personal column (category none left out), with the
  // strategy `env` applies to it. No value is read or recorded.
  Status RecordPii(const std::string& run_id, const TableSpec& spec, const std::string& env,
                   const std::string& action);
  Result<std::vector<LedgerPii>> PiiTrail() { return store_.PiiTrail(); }

 private:
  LedgerStore& store_;
  std::map<std::string, LedgerTable> tables_;
  std::map<std::string, std::vector<LedgerBatch>> batches_;
};

// The key bases the ledger recorded for the plan's tables: what
// regenerating their seeded rows (a resume, a reference from a table seeded
// later, a rollback) must use.
KeyBases SeededKeyBases(const Plan& plan, const Ledger& ledger);

}  // namespace seed
