// Driver: everything database-specific, behind one interface. The executor
// speaks only this; SQLite and MySQL/MariaDB implement it. A Driver owns
// its connection; it is used by one thread at a time.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "engine/core/status.h"
#include "engine/core/value.h"
#include "engine/driver/schema.h"
#include "engine/driver/url.h"

namespace seed {

// Writes rows into one table through a prepared statement (or the
// database's bulk path). Created per table, valid until the driver closes.
class Inserter {
 public:
  virtual ~Inserter() = default;
  // Inserts `count` rows laid out row-major, `columns` values each. On a
  // constraint error the Status names the table and, where the database
  // says, the column.
  virtual Status Insert(const Value* rows, size_t count) = 0;
  // Yields the next batch of rows (row-major, as for Insert); false at the
  // end.
  using BatchSource = std::function<bool(const Value*& rows, size_t& count)>;
  // Whether InsertAll is one statement: worth it for a table filled from
  // empty, where InnoDB then builds its indexes in bulk.
  virtual bool StreamsTable() const { return false; }
  // Inserts every batch `next` yields, all or nothing: a failed statement
  // leaves no row behind.
  virtual Status InsertAll(const BatchSource& next) {
    const Value* rows;
    size_t count;
    while (next(rows, count))
      if (Status s = Insert(rows, count); !s.ok()) return s;
    return Status::Ok();
  }
};

// Sets columns of existing rows found by key: the second pass that fills
// references deferred to break a dependency cycle.
class Updater {
 public:
  virtual ~Updater() = default;
  // Each row holds the new values of the set columns, then the key values.
  virtual Status Update(const Value* rows, size_t count) = 0;
};

class Driver {
 public:
  virtual ~Driver() = default;
  // The connection URL with any password replaced by "***".
  virtual std::string RedactedUrl() const = 0;
  // Takes the run lock (exit code 2 when another run holds it). Held until
  // the driver is destroyed or the process dies. Waits up to wait_seconds
  // for a holder to finish first.
  virtual Status AcquireLock(int wait_seconds) = 0;
  // Fails (Code::kLock) when the run no longer holds its lock, e.g. after
  // its connection was killed. Checked before every commit.
  virtual Status CheckLock() { return Status::Ok(); }
  virtual Result<TableSchema> Inspect(const std::string& table) = 0;
  // Brackets the load of a table that was empty and whose rows were
  // checked against its schema: a driver may relax per-row checks inside
  // (as dump tools do) and must verify foreign keys of what it loaded in
  // EndTableLoad.
  virtual Status BeginTableLoad(const TableSchema&) { return Status::Ok(); }
  virtual Status EndTableLoad(const TableSchema&) { return Status::Ok(); }
  // How rows are written, for the start log ("multi-row INSERT", ...).
  virtual std::string BulkMethod() const { return "multi-row INSERT"; }
  virtual Result<std::unique_ptr<Inserter>> PrepareInsert(const TableSchema& table,
                                                          const std::vector<std::string>& columns) = 0;
  virtual Result<std::unique_ptr<Updater>> PrepareUpdate(const std::string& table,
                                                        const std::vector<std::string>& set,
                                                        const std::vector<std::string>& key) = 0;
  virtual Status Begin() = 0;
  virtual Status Commit() = 0;
  virtual Status Rollback() = 0;
  // Savepoints isolate one row when a batch fails and is retried row by row.
  virtual Status Savepoint() = 0;
  virtual Status ReleaseSavepoint() = 0;
  virtual Status RollbackToSavepoint() = 0;
  virtual Result<uint64_t> CountRows(const std::string& table) = 0;
  // Calls `row` for each row of `table` ordered by `order_by` (column
  // names), with each column's text form; nullptr cells are NULL.
  using RowVisitor = std::function<void(const std::vector<const char*>&)>;
  virtual Status Scan(const std::string& table, const std::vector<std::string>& columns,
                      const std::vector<std::string>& order_by, const RowVisitor& row) = 0;
  // Runs a script of SQL statements (used to create a demo schema).
  virtual Status ExecScript(const std::string& sql) = 0;
  // One statement in the portable subset of SQL both drivers speak, with
  // `?` placeholders for `params` (bound, or escaped by the driver; never
  // spliced raw). Calls `row` for each result row, if given. Used by the
  // ledger and rollback, whose statements are small and few.
  virtual Status Query(const std::string& sql, const std::vector<Value>& params,
                       const RowVisitor& row = nullptr) = 0;
  // An identifier quoted for this database's SQL.
  virtual std::string Ident(const std::string& name) const = 0;
  // Foreign keys of other tables that point at `table` (for rollback).
  virtual Result<std::vector<ReferencingKey>> ReferencingKeys(const std::string& table) = 0;
  // A SQL expression aggregating XOR(CRC32(cells joined by tabs, NULL as
  // \N)) over rows, for the server to verify a batch's row_crc; "" when
  // the database has no CRC32() (then rows are read and compared here).
  virtual std::string RowCrcSql(const std::vector<std::string>& columns) const { (void)columns; return ""; }
  // Who holds the run lock now, or "" (for `status`).
  virtual Result<std::string> LockHolder() { return std::string(); }
};

// Opens a driver for a URL: "sqlite:path", "sqlite://path", "sqlite::memory:",
// "mysql://...". A URL without a password takes it from the environment
// variable `password_env`, or the file named by `password_env`_FILE.
Result<std::unique_ptr<Driver>> OpenDriver(const std::string& url,
                                           const std::string& password_env = "SEED_DB_PASSWORD");

}  // namespace seed
