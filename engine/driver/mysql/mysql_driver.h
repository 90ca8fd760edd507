// MySQL / MariaDB driver. Data goes through one MariaDB C API connection
// (LOAD DATA LOCAL INFILE streamed from memory, or multi-row prepared
// INSERTs when the server has local_infile off); the run lock is a
// GET_LOCK held on a second, dedicated connection for the whole run, so it
// dies with the process and can be checked before every commit. Both are
// MysqlConn: same TLS, same refusal of server file requests. Used from one
// thread.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine/driver/dialect.h"
#include "engine/driver/driver.h"
#include "engine/driver/sql/sql_session.h"
#include "engine/driver/mysql/mysql_url.h"

struct st_mysql;

namespace seed {

class MysqlConn;
class MysqlLock;

class MysqlDriver : public Driver, public Catalog, public SqlSession, public RunLock {
 public:
  static Result<std::unique_ptr<Driver>> Open(const std::string& url, const OpenOptions& options);
  ~MysqlDriver() override;

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
  std::string WidenColumnSql(const std::string& table, const ColumnInfo& column, size_t chars) const override {
    return "ALTER TABLE " + table + " MODIFY " + column.name + " VARCHAR(" + std::to_string(chars) + ")" +
           (column.not_null ? " NOT NULL" : "");
  }
  // Session
  Result<std::unique_ptr<Inserter>> PrepareInsert(const TableSchema& table,
                                                  const std::vector<std::string>& columns) override;
  Result<std::unique_ptr<Updater>> PrepareUpdate(const TableSchema& table,
                                                const std::vector<std::string>& set,
                                                const std::vector<std::string>& key) override;
  Status Begin() override { return Exec("START TRANSACTION"); }
  Status Commit() override { return EndTransaction("COMMIT"); }
  Status Rollback() override { return EndTransaction("ROLLBACK"); }
  Status Savepoint() override { return Exec("SAVEPOINT seed_row"); }
  Status ReleaseSavepoint() override { return Exec("RELEASE SAVEPOINT seed_row"); }
  Status RollbackToSavepoint() override { return Exec("ROLLBACK TO SAVEPOINT seed_row"); }
  Result<uint64_t> Delete(const RowSelection& rows) override;
  Result<std::optional<Digest>> ServerDigest(const RowSelection& rows,
                                             const std::vector<std::string>& columns) override;
  Status ExecScript(const std::string& sql) override;
  Status BeginTableLoad(const TableSchema& table, bool journaled) override;
  Status EndTableLoad(const TableSchema& table) override;
  Status DeferForeignKeys() override;
  Status ProveForeignKeys(const std::vector<TableSchema>& tables) override;
  std::string BulkMethod() const override { return bulk_method_; }
  // SqlSession
  Status Query(const std::string& sql, const std::vector<Value>& params,
               const RowVisitor& row = nullptr) override;
  uint64_t ChangedRows() override;
  std::string Ident(const std::string& name) const override;

  Status Exec(const std::string& sql);
  // First column of the first row, as text ("" for NULL or no row).
  Result<std::string> QueryValue(const std::string& sql);

 protected:
  Result<std::vector<std::string>> StampedOnUpdate(const std::string& table) override;

 private:
  MysqlDriver(MysqlUrl url, std::string shown, std::unique_ptr<MysqlConn> conn);
  Status Error(const std::string& context) const;
  Result<bool> KeysInParentRange(const std::string& table, const ForeignKeyInfo& fk);

  MysqlUrl url_;
  std::string shown_url_;
  std::unique_ptr<MysqlConn> conn_;
  st_mysql* db_;  // conn_'s handle
  std::unique_ptr<MysqlLock> lock_;
  std::string lock_name_;  // from the server's host name, port and database
  std::function<void(const std::string&)> on_retry_;  // for the lock connection
  std::string bulk_method_;
  bool checks_off_ = false;
  bool deferred_ = false;  // DeferForeignKeys: checks off until the transaction ends
  Status EndTransaction(const char* sql);
  Status ProveTable(const TableSchema& table);
  // Secondary indexes dropped for a load (BeginTableLoad) and built again
  // after it (EndTableLoad); those a killed run left are put back by the
  // next writer's ledger migration.
  using Journaled = SqlLedgerStore::JournaledIndex;
  Status DropIndexesForLoad(const std::string& table);
  Status PutBackIndexes(const std::string& table, const std::vector<Journaled>& indexes);
  Status PutBackJournaledIndexes();
  Result<std::vector<std::string>> IndexNames(const std::string& table);
  Status ExecWaitingAtMost(int seconds, const std::string& sql, Status* ran);
  Result<bool> OnCluster();
  std::vector<Journaled> dropped_;  // by the load between BeginTableLoad and EndTableLoad
  std::optional<bool> cluster_;     // wsrep_on, asked once

  // The ledger, whose migration (run by every command that writes, under
  // the run lock) first puts back the indexes a killed load left dropped.
  class Ledger : public SqlLedgerStore {
   public:
    explicit Ledger(MysqlDriver& d) : SqlLedgerStore(d, d), driver_(d) {}
    Status Migrate() override {
      Status s = SqlLedgerStore::Migrate();
      return s.ok() ? driver_.PutBackJournaledIndexes() : s;
    }

   private:
    MysqlDriver& driver_;
  };
  Ledger ledger_{*this};
};

// Backquotes an identifier, doubling embedded backquotes.

// Sets the class and signedness of a column from its information_schema
// COLUMN_TYPE ("bigint(20) unsigned", "point", "enum('a','b')"). By the
// type's name, never by substring: a spatial POINT holds "INT".
void ClassifyMysqlType(ColumnInfo& c);

}  // namespace seed
