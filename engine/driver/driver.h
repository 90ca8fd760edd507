// The driver boundary: everything database-specific lives behind it. The
// executor, ledger and rollback speak only these typed parts; no SQL text
// crosses it. A Driver owns one database connection (two for drivers whose
// lock needs its own session) and the parts built on it:
//
//   Catalog      what the database declares: tables, columns, keys
//   Session      transactions, bulk inserts, updates, reads and deletes
//   LedgerStore  the run ledger (engine/driver/ledger_store.h)
//   RunLock      the one-run-at-a-time lock
//
// Parts are owned by their Driver and valid while it lives. A Driver and
// its parts are used by one thread at a time; a second thread opens its
// own Driver (as rollback's verifier does).
//
// Text at the boundary. Cells come back as the database's text, which a
// driver normalizes where databases differ, so equal data reads equal on
// every database: integers in decimal; booleans as 0 and 1; dates as
// YYYY-MM-DD and date-times as YYYY-MM-DD HH:MM:SS[.ffffff]; decimals and
// floats as the database prints them (NormalizeCell puts them at the
// column's scale); NULL as a null pointer. Parameters are typed Values: an
// integer is bound as an integer, text as text, never spliced into SQL.
// Keys of the ledger's key ranges are integers (sequence columns).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine/core/status.h"
#include "engine/core/value.h"
#include "engine/driver/ledger_store.h"
#include "engine/driver/schema.h"
#include "engine/driver/url.h"

namespace seed {

// Writes rows into one table through a prepared statement (or the
// database's bulk path). Created per table, valid until the driver closes.
class Inserter {
 public:
  virtual ~Inserter() = default;
  // Inserts `count` rows laid out row-major, one value per column the
  // inserter was prepared for. On a
  // constraint error the Status names the table and, where the database
  // says, the column.
  virtual Status Insert(const Value* rows, size_t count) = 0;
  // Yields the next batch of rows (row-major, as for Insert); false at the
  // end.
  using BatchSource = std::function<bool(const Value*& rows, size_t& count)>;
  // Whether InsertAll loads the table in bulk (one statement, or indexes
  // built after the rows): worth it for a table filled from empty.
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

// Rows of one table picked by key: what rollback reads, verifies and
// deletes. Build one with All(), Range() or Keys().
struct RowSelection {
  enum class Kind { kAll, kRange, kKeys };
  Kind kind = Kind::kAll;
  std::string table;
  // kRange: rows whose integer `key` is in [lo, hi], except those whose
  // key is in `except`.
  std::string key;
  int64_t lo = 0, hi = 0;
  std::vector<int64_t> except;
  // kKeys: rows whose (key_columns...) tuple is one of `keys`, each with
  // exactly one value per key column.
  std::vector<std::string> key_columns;
  std::vector<std::vector<Value>> keys;

  static RowSelection All(std::string table);
  static RowSelection Range(std::string table, std::string key, int64_t lo, int64_t hi);
  static RowSelection Keys(std::string table, std::vector<std::string> key_columns,
                           std::vector<std::vector<Value>> keys);
};

// Calls for each result row with each column's text (see "Text at the
// boundary"); the pointers are valid during the call only.
using RowVisitor = std::function<void(const std::vector<const char*>&)>;

// What the database declares. Reads only; usable inside or outside a
// transaction of the same driver's Session.
class Catalog {
 public:
  virtual ~Catalog() = default;
  // exists=false for a table the database does not have.
  virtual Result<TableSchema> Inspect(const std::string& table) = 0;
  // Every base table of the database (its current schema), in name order,
  // the ledger's own (IsLedgerTable) included.
  virtual Result<std::vector<std::string>> TableNames() = 0;
  // The tables that triggers insert into (a log an INSERT on another table
  // writes): the database fills them, so `init` writes no spec for them.
  virtual Result<std::vector<std::string>> TriggerWrittenTables() { return std::vector<std::string>{}; }
  // Foreign keys of other tables (or the table itself) that point at `table`.
  virtual Result<std::vector<ReferencingKey>> ReferencingKeys(const std::string& table) = 0;
  // The statement that widens a text column to `chars` characters, in this
  // database's SQL, for drift advice. The default is standard SQL.
  virtual std::string WidenColumnSql(const std::string& table, const ColumnInfo& column, size_t chars) const {
    return "ALTER TABLE " + table + " ALTER COLUMN " + column.name + " TYPE VARCHAR(" + std::to_string(chars) + ")";
  }
};

// The data connection: one transaction at a time, opened by Begin() and
// ended by Commit() or Rollback().
class Session {
 public:
  virtual ~Session() = default;
  virtual Status Begin() = 0;
  virtual Status Commit() = 0;
  virtual Status Rollback() = 0;
  // Savepoints isolate one row when a batch fails and is retried row by row.
  virtual Status Savepoint() = 0;
  virtual Status ReleaseSavepoint() = 0;
  virtual Status RollbackToSavepoint() = 0;

  // How rows are written, for the start log ("multi-row INSERT", ...).
  virtual std::string BulkMethod() const { return "multi-row INSERT"; }
  virtual Result<std::unique_ptr<Inserter>> PrepareInsert(const TableSchema& table,
                                                          const std::vector<std::string>& columns) = 0;
  virtual Result<std::unique_ptr<Updater>> PrepareUpdate(const TableSchema& table,
                                                        const std::vector<std::string>& set,
                                                        const std::vector<std::string>& key) = 0;
  // Brackets the load of a table that was empty and whose rows were
  // checked against its schema: a driver may relax per-row checks inside
  // (as dump tools do) and must verify foreign keys of what it loaded in
  // EndTableLoad. `journaled`: the run keeps a ledger, where a driver
  // whose DDL commits at once may record the indexes it drops for the load
  // (and builds again in EndTableLoad), so a killed run's are put back.
  virtual Status BeginTableLoad(const TableSchema&, bool journaled) {
    (void)journaled;
    return Status::Ok();
  }
  virtual Status EndTableLoad(const TableSchema&) { return Status::Ok(); }
  // For the rest of the open transaction, foreign keys are checked at its
  // end, not per statement: the tables of a NOT NULL cycle are written
  // (and deleted) together, the first one's rows pointing at rows not yet
  // inserted. The database's own deferral (SQLite; PostgreSQL's DEFERRABLE
  // constraints), or checks off for the session until the transaction ends
  // (MySQL). ProveForeignKeys, before the commit, fails naming the table
  // and column of a row that references a missing row.
  virtual Status DeferForeignKeys() { return Status::Db("this database cannot defer foreign key checks"); }
  virtual Status ProveForeignKeys(const std::vector<TableSchema>&) { return Status::Ok(); }

  virtual Result<uint64_t> CountRows(const std::string& table) = 0;
  // The largest value of an integer column; nullopt for an empty table.
  virtual Result<std::optional<int64_t>> MaxKey(const std::string& table, const std::string& column) = 0;
  // The selected rows' `columns`, ordered by `order_by` (column names).
  virtual Status Scan(const RowSelection& rows, const std::vector<std::string>& columns,
                      const std::vector<std::string>& order_by, const RowVisitor& visit) = 0;
  // Deletes the selected rows; returns how many went. Rows of the
  // selection that reference each other (a self-reference to earlier
  // rows) go together: a driver whose database checks foreign keys row
  // by row deletes them in descending key order.
  virtual Result<uint64_t> Delete(const RowSelection& rows) = 0;
  // Sets `columns` of the selected rows to NULL (rollback unlinks a
  // cycle's deferred references before deleting what they point at);
  // returns how many rows changed.
  virtual Result<uint64_t> SetNull(const RowSelection& rows, const std::vector<std::string>& columns) = 0;
  // The selected rows' count and XOR of CRC-32 over `columns` joined by
  // tabs (NULL as \N), computed by the server; nullopt when the database
  // cannot (then the rows are read and hashed by the caller).
  struct Digest {
    uint64_t rows = 0, crc = 0;
  };
  virtual Result<std::optional<Digest>> ServerDigest(const RowSelection& rows,
                                                     const std::vector<std::string>& columns) {
    (void)rows, (void)columns;
    return std::optional<Digest>();
  }
  // The first row of fk.table whose fk.column points at one of the
  // `targets` rows (a selection of the referenced table), leaving out the
  // rows `spared` selects in fk.table (those going too): that row's
  // fk.column text, or nullopt when there is none.
  virtual Result<std::optional<std::string>> FindReferencing(const ReferencingKey& fk,
                                                             const RowSelection& targets,
                                                             const RowSelection* spared) = 0;
  // Runs a script of the database's own SQL (a demo schema, a user's
  // schema file).
  virtual Status ExecScript(const std::string& sql) = 0;
  // A query source: visits `columns` (none: one constant column) of the
  // rows of the user's SELECT, written in the database's own SQL;
  // CountQuery counts them.
  virtual Status ReadQuery(const std::string& sql, const std::vector<std::string>& columns,
                           const RowVisitor& visit) = 0;
  virtual Result<uint64_t> CountQuery(const std::string& sql) = 0;
};

// One run at a time per database.
class RunLock {
 public:
  virtual ~RunLock() = default;
  // Takes the lock (Code::kLock, naming the holder, when another run holds
  // it). Held until the driver is destroyed or the process dies. Waits up
  // to wait_seconds for a holder to finish first.
  virtual Status Acquire(int wait_seconds) = 0;
  // Fails (Code::kLock) when the run no longer holds its lock, e.g. after
  // its connection was killed. Checked before every commit.
  virtual Status Check() = 0;
  // Who holds the lock now, or "" (for `status`).
  virtual Result<std::string> Holder() = 0;
  // The run the holder started, once the ledger gave it an id (a lease
  // records it; a session lock has nowhere to).
  virtual void SetRunId(const std::string& run_id) { (void)run_id; }
};

// How OpenDriver connects.
struct OpenOptions {
  // A URL without a password takes it from this environment variable, or
  // from the file named by it with a _FILE suffix.
  std::string password_env = "SEED_DB_PASSWORD";
  // SQLite: create the file when it is missing. Commands that only read
  // (status, checksum, validate, rollback) pass false, so a mistyped path
  // is an error rather than a new empty database.
  bool create = true;
  // Hears each failed connection attempt that will be retried (servers).
  std::function<void(const std::string& message)> on_retry;
};

// For server drivers: calls `attempt` up to `attempts` times while it fails
// and sets *transient (refused, timed out, server starting or stopping),
// waiting 0.5 s, 1 s, 2 s, ... times a random factor in [0.5, 1.5)
// between tries, so runs that lost one server do not come back in step.
// `on_retry` hears each failure that will be retried. The last failure
// comes back as Code::kUnreachable when it was transient.
Status ConnectWithRetry(unsigned attempts, const std::function<void(const std::string&)>& on_retry,
                        const std::function<Status(bool* transient)>& attempt);

class Driver {
 public:
  virtual ~Driver() = default;
  // The connection URL with any password replaced by "***".
  virtual std::string RedactedUrl() const = 0;
  virtual Catalog& catalog() = 0;
  virtual Session& session() = 0;
  virtual LedgerStore& ledger() = 0;
  virtual RunLock& lock() = 0;
};

}  // namespace seed
