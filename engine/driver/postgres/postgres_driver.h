// PostgreSQL driver (libpq). Data goes through one connection: COPY FROM
// STDIN in text format for inserts (a whole table in one COPY when it
// starts empty), parameterized statements for everything else. The run
// lock is a session-level advisory lock held on a second, dedicated
// connection for the whole run, so it dies with the process (or with a
// pg_terminate_backend) and is checked before every commit; the data
// connection holds a second one, so a new holder also waits for a killed
// run's data session to end (and its last COMMIT to land). Used from one
// thread.
#pragma once

#include <cstdint>
#include <memory>
#include <set>
#include <string>

#include "engine/driver/dialect.h"
#include "engine/driver/driver.h"
#include "engine/driver/postgres/postgres_url.h"
#include "engine/driver/sql/sql_session.h"

namespace seed {

class PgConn;

class PostgresDriver : public Driver, public Catalog, public SqlSession, public RunLock {
 public:
  static Result<std::unique_ptr<Driver>> Open(const std::string& url, const OpenOptions& options);
  ~PostgresDriver() override;

  std::string RedactedUrl() const override { return shown_url_; }
  Catalog& catalog() override { return *this; }
  Session& session() override { return *this; }
  LedgerStore& ledger() override { return ledger_; }
  RunLock& lock() override { return *this; }

  // RunLock
  Status Acquire(int wait_seconds) override;
  Status Check() override;
  Result<std::string> Holder() override;
  // Catalog
  Result<TableSchema> Inspect(const std::string& table) override;
  Result<std::vector<std::string>> TableNames() override;
  Result<std::vector<std::string>> TriggerWrittenTables() override;
  Result<std::vector<ReferencingKey>> ReferencingKeys(const std::string& table) override;
  // Session
  Result<std::unique_ptr<Inserter>> PrepareInsert(const TableSchema& table,
                                                  const std::vector<std::string>& columns) override;
  Result<std::unique_ptr<Updater>> PrepareUpdate(const TableSchema& table,
                                                 const std::vector<std::string>& set,
                                                 const std::vector<std::string>& key) override;
  Status Begin() override;
  Status Commit() override;
  Status Rollback() override;
  Status Savepoint() override;
  Status ReleaseSavepoint() override;
  Status RollbackToSavepoint() override;
  Status ExecScript(const std::string& sql) override;
  // Bracket a table filled from empty (driver.h). The work happens in its
  // inserter's InsertAll, inside the caller's transaction: foreign keys
  // and secondary indexes dropped for the one COPY and put back, the keys
  // validated, before InsertAll returns (postgres_load.h). Loads batch by
  // batch (Insert) keep every check on.
  Status BeginTableLoad(const TableSchema& table, bool journaled) override;
  Status EndTableLoad(const TableSchema& table) override;
  // DEFERRABLE constraints are then checked by COMMIT; the executor
  // refuses a NOT NULL cycle through one that is not (schema check).
  Status DeferForeignKeys() override { return Exec("SET CONSTRAINTS ALL DEFERRED"); }
  std::string BulkMethod() const override { return "COPY FROM STDIN"; }
  // SqlSession
  Status Query(const std::string& sql, const std::vector<Value>& params,
               const RowVisitor& row = nullptr) override;
  uint64_t ChangedRows() override { return changed_; }
  std::string Ident(const std::string& name) const override;

  // The advisory lock's key: one per server and database.
  int64_t LockKey() const;

 private:
  PostgresDriver(PostgresUrl url, std::string shown, std::unique_ptr<PgConn> conn);
  Status Exec(const std::string& sql);
  void ReadCheckMembers(TableSchema& schema, const std::string& table);

  PostgresUrl url_;
  std::string shown_url_;
  std::unique_ptr<PgConn> conn_;
  std::unique_ptr<PgConn> lock_conn_;  // set while the run lock is held
  std::function<void(const std::string&)> on_retry_;  // for the lock connection
  uint64_t changed_ = 0;
  std::set<std::string> loads_;  // tables between BeginTableLoad and EndTableLoad
  SqlLedgerStore ledger_{*this, *this};
};

// Double-quotes an identifier, doubling embedded quotes.

// Sets the class, length, precision and scale of a column from its
// format_type() text ("character varying(120)", "numeric(12,2)",
// "timestamp(3) without time zone", "integer[]"). By the type's whole
// name, never by substring: "interval" and "point" hold "int".
void ClassifyPostgresType(ColumnInfo& c, const std::string& type);

// "?" placeholders as $1..$n, leaving those inside quotes, identifiers
// and comments alone.
std::string NumberPlaceholders(const std::string& sql);

}  // namespace seed
