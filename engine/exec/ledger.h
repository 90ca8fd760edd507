// Ledger: what seed-engine wrote, kept in the target database itself so a
// rerun, a resume and a rollback all know exactly which rows are seeded.
//
//   seed_engine_runs     one row per run (seed or rollback)
//   seed_engine_tables   one row per seeded table: the run that started it,
//                        spec hash, seed, planned rows, batch size, key base
//   seed_engine_batches  one row per committed batch (row range, key range,
//                        digests), written in the same
//                        transaction as the batch: primary key (table,
//                        first row), so no batch can ever commit twice
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "engine/core/status.h"
#include "engine/driver/driver.h"

namespace seed {

struct LedgerTable {
  std::string table, run_id, spec_hash, size, key_column;
  uint64_t seed = 0, rows = 0, batch_rows = 0;
  int64_t key_base = 0;  // seeded keys of a sequence column start above this
};

struct LedgerBatch {
  std::string table, run_id, key_lo, key_hi;
  uint64_t first_row = 0, end_row = 0, inserted = 0;
  // The batch's digest: XOR of each row's CRC-32 over its cells joined by
  // tabs (NULL as \N, numbers at the column's scale); a server with
  // CRC32() verifies a batch without sending its rows.
  uint64_t row_crc = 0;
};

struct LedgerRun {
  std::string run_id, kind, status, env, size, started_at, finished_at, host, user, engine_version;
  uint64_t seed = 0;
};

class Ledger {
 public:
  explicit Ledger(Driver& db) : db_(db) {}

  // True when the ledger tables exist (a database never seeded has none).
  Result<bool> Exists();
  // Creates the ledger tables if missing.
  Status Ensure();
  // Reads the table and batch records (small: one row per 5,000 seeded rows).
  Status Load();

  const LedgerTable* Table(const std::string& table) const;
  std::vector<LedgerBatch> Batches(const std::string& table) const;  // in row order
  uint64_t SeededRows(const std::string& table) const;
  const std::map<std::string, LedgerTable>& tables() const { return tables_; }

  // A new run record; returns its id.
  Result<std::string> StartRun(const std::string& kind, const std::string& env,
                               const std::string& size, uint64_t seed);
  Status FinishRun(const std::string& run_id, const std::string& status);
  Result<std::vector<LedgerRun>> Runs();

  // Each in the caller's transaction.
  Status RecordTable(const LedgerTable& t);
  Status RecordBatch(const LedgerBatch& b);
  Status ForgetTable(const std::string& table);  // its table and batch records

 private:
  Driver& db_;
  std::map<std::string, LedgerTable> tables_;
  std::map<std::string, std::vector<LedgerBatch>> batches_;
};

}  // namespace seed
