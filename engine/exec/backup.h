// Rollback backups: what a rollback deletes, saved before it goes, so a
// mistaken rollback can be undone with `seed-engine restore DIR`.
//
// A backup is a directory (created 0700, files 0600):
//   manifest.json   what is there: per table its file and columns, in the
//                   order the rollback deleted them (children first); the
//                   deferred references it set back to NULL; the ledger
//                   records of the tables it took out of the ledger
//   NN-table.csv    the deleted rows, every column, in key order
//   NN-table.links.csv  key and values of a cycle's deferred references
//                   the rollback cleared before deleting what they point at
// The CSV files are RFC 4180 with a header row; NULL is an unquoted \N, the
// empty string "" (the format --source files read, so a file also serves as
// a `source:`).
//
// Saves follow the rollback's transactions: Flush() before each commit
// puts the rows on disk (and the manifest beside them) before the delete
// is committed, Committed() after it marks them kept, and Discard() after
// a rollback cuts the files back to what committed transactions saved. A
// crash between Flush() and the commit leaves rows in the backup that are
// still in the database: restore then fails on their keys, all or
// nothing, rather than a backup ever missing a deleted row.
#pragma once

#include <cstdio>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "engine/core/log.h"
#include "engine/core/status.h"
#include "engine/driver/driver.h"
#include "engine/driver/ledger_store.h"

namespace seed {

class Backup {
 public:
  // Creates `dir`, which must not exist yet (or be an empty directory).
  // `database` (redacted) and `env` are recorded in the manifest.
  static Result<std::unique_ptr<Backup>> Create(const std::string& dir, const std::string& database,
                                                const std::string& env);
  ~Backup();

  // Appends the selected rows (every column the database stores rather
  // than computes, in primary key order) to the table's file. In the
  // caller's transaction, before the rows are changed or deleted.
  Status SaveRows(Session& db, const TableSchema& schema, const RowSelection& rows);
  // Before `columns` of the selected rows are set to NULL: their key
  // `key` and those columns' values, set again after the rows on restore.
  Status SaveLinks(Session& db, const std::string& table, const std::string& key,
                   const std::vector<std::string>& columns, const RowSelection& rows);
  // The ledger records of a table the rollback takes out of the ledger,
  // put back with its rows.
  void SaveLedger(const LedgerTable& table, const std::vector<LedgerBatch>& batches);

  // Before the caller's commit: files synced, manifest rewritten.
  Status Flush();
  // After it: what the transaction saved stays.
  void Committed();
  // The caller's transaction was rolled back: drop what it saved.
  void Discard();

  const std::string& dir() const { return dir_; }
  // The file holding `table`'s rows, or "" when none was saved.
  std::string FileOf(const std::string& table) const;
  uint64_t rows() const;  // saved so far

 private:
  struct File {
    std::string table, name, key;       // key: links only
    std::vector<std::string> columns;   // as in the header
    FILE* f = nullptr;
    long committed = 0;                 // size after the last flushed transaction
    uint64_t rows = 0, committed_rows = 0;
  };
  struct SavedLedger {
    LedgerTable table;
    std::vector<LedgerBatch> batches;
    bool committed = false;
  };
  Backup(std::string dir, std::string database, std::string env);
  Result<File*> Open(std::vector<File>& files, const std::string& table, const std::string& suffix,
                     const std::string& key, const std::vector<std::string>& columns);
  Status Append(File& file, Session& db, const RowSelection& rows, const std::vector<std::string>& order_by);
  Status WriteManifest();

  std::string dir_, database_, env_, created_at_;
  std::vector<File> tables_, links_;  // in order of first save
  std::vector<SavedLedger> ledger_;
  int next_index_ = 1;
};

// A backup's tables after Restore.
struct RestoredTable {
  std::string table;
  uint64_t rows = 0, links = 0;
  bool ledger = false;  // its ledger records were put back
};

// Loads backup `dir` into `db` in one transaction (all or nothing, foreign
// keys checked at its end): the rows, parents first, then the deferred
// references, then the ledger records, recorded as a "restore" run. A
// table that the ledger holds again (seeded since the rollback) is
// refused, naming the command that rolls it back. Checks the run lock,
// which the caller holds.
Result<std::vector<RestoredTable>> Restore(const std::string& dir, Driver& db, Log& log, const std::string& env);

}  // namespace seed
