// SQLite driver: the embedded default ("sqlite:seed.db"). One connection,
// WAL journal, multi-row prepared INSERTs; a table filled from empty loads
// in one transaction, its secondary indexes built after the rows. The run
// lock is an flock on a sidecar file ("<db>.lock"), which the kernel
// releases when the process dies, so a killed run never leaves a stale lock.
#pragma once

#include <chrono>
#include <memory>
#include <set>
#include <string>

#include "engine/driver/dialect.h"
#include "engine/driver/driver.h"
#include "engine/driver/sql/sql_session.h"

struct sqlite3;

namespace seed {

class SqliteDriver : public Driver, public Catalog, public SqlSession, public RunLock {
 public:
  // `path` is a file path or ":memory:".
  // `create`: make the file when it is missing (else that is an error).
  static Result<std::unique_ptr<Driver>> Open(const std::string& url, const std::string& path, bool create = true);
  ~SqliteDriver() override;

  std::string RedactedUrl() const override { return url_; }
  Catalog& catalog() override { return *this; }
  Session& session() override { return *this; }
  LedgerStore& ledger() override { return ledger_; }
  RunLock& lock() override { return *this; }

  // RunLock
  Status Acquire(int wait_seconds) override;
  Status Check() override { return Status::Ok(); }
  Result<std::string> Holder() override;
  // Catalog
  Result<TableSchema> Inspect(const std::string& table) override;
  Result<std::vector<std::string>> TableNames() override;
  Result<std::vector<std::string>> TriggerWrittenTables() override;
  Result<std::vector<ReferencingKey>> ReferencingKeys(const std::string& table) override;
  // SQLite cannot change a column's type in place.
  std::string WidenColumnSql(const std::string& table, const ColumnInfo& column, size_t chars) const override {
    return "recreate " + table + " with " + column.name + " VARCHAR(" + std::to_string(chars) + ")";
  }
  // Session
  Result<std::unique_ptr<Inserter>> PrepareInsert(const TableSchema& table,
                                                  const std::vector<std::string>& columns) override;
  Result<std::unique_ptr<Updater>> PrepareUpdate(const TableSchema& table,
                                                const std::vector<std::string>& set,
                                                const std::vector<std::string>& key) override;
  Status Begin() override;
  Status Commit() override;
  Status Rollback() override { return Exec("ROLLBACK"); }
  Status Savepoint() override { return Exec("SAVEPOINT seed_row"); }
  Status ReleaseSavepoint() override { return Exec("RELEASE seed_row"); }
  Status RollbackToSavepoint() override { return Exec("ROLLBACK TO seed_row"); }
  Status ExecScript(const std::string& sql) override;
  Status BeginTableLoad(const TableSchema& table, bool journaled) override;
  Status EndTableLoad(const TableSchema& table) override;
  Status DeferForeignKeys() override { return Exec("PRAGMA defer_foreign_keys=ON"); }
  Status ProveForeignKeys(const std::vector<TableSchema>& tables) override;
  // SqlSession
  Status Query(const std::string& sql, const std::vector<Value>& params,
               const RowVisitor& row = nullptr) override;
  uint64_t ChangedRows() override;
  std::string Ident(const std::string& name) const override;

  // Runs SQL with no result rows (several statements allowed).
  Status Exec(const std::string& sql);
  sqlite3* handle() { return db_; }

 private:
  Status EnsureWal();  // switches the file to WAL at the first write
  void CutWal();       // between transactions: checkpoints a long WAL whole
  static int BusyWait(void* self, int attempts);  // sqlite3_busy_handler
  SqliteDriver(std::string url, std::string path, sqlite3* db)
      : url_(std::move(url)), path_(std::move(path)), db_(db) {}
  Status Error(const std::string& context) const;
  void ReadCheckMembers(TableSchema& schema);

  std::string url_, path_;
  std::string lock_path_;  // the real path's "<file>.lock"; empty for :memory:
  sqlite3* db_;
  int lock_fd_ = -1;
  bool wal_ = false;
  long long wal_cut_at_ = 0;  // the WAL size at which CutWal tries next
  // When the current wait for a lock began, and when this connection last
  // had to wait for one (another writer on the file).
  std::chrono::steady_clock::time_point busy_since_, waited_at_;
  std::set<std::string> loads_;  // tables between BeginTableLoad and EndTableLoad
  SqlLedgerStore ledger_{*this, *this};
};

}  // namespace seed
