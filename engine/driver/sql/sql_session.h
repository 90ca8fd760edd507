// The parts every SQL database answers the same way, written once over a
// driver's one primitive, Query(): the typed reads and deletes of Session
// and the whole LedgerStore. A SQL driver implements Query, Ident and
// ChangedRows, and overrides any statement its dialect spells otherwise.
// Lives behind the driver boundary: nothing outside engine/driver sees
// this SQL.
#pragma once

#include <string>
#include <vector>

#include "engine/driver/driver.h"

namespace seed {

class SqlSession : public Session {
 public:
  // One statement with `?` placeholders for `params` (bound, or escaped
  // by the driver; never spliced raw). Calls `row` for each result row.
  virtual Status Query(const std::string& sql, const std::vector<Value>& params,
                       const RowVisitor& row = nullptr) = 0;
  // Rows changed by the last statement Query ran.
  virtual uint64_t ChangedRows() = 0;
  // An identifier quoted for this database's SQL.
  virtual std::string Ident(const std::string& name) const = 0;

  Result<uint64_t> CountRows(const std::string& table) override;
  Result<std::optional<int64_t>> MaxKey(const std::string& table, const std::string& column) override;
  Status Scan(const RowSelection& rows, const std::vector<std::string>& columns,
              const std::vector<std::string>& order_by, const RowVisitor& visit) override;
  Result<uint64_t> Delete(const RowSelection& rows) override;
  Result<uint64_t> SetNull(const RowSelection& rows, const std::vector<std::string>& columns) override;
  Result<std::optional<std::string>> FindReferencing(const ReferencingKey& fk, const RowSelection& targets,
                                                     const RowSelection* spared) override;
  Status ReadQuery(const std::string& sql, const std::vector<std::string>& columns,
                   const RowVisitor& visit) override;
  Result<uint64_t> CountQuery(const std::string& sql) override;

 protected:
  // Columns of `table` an UPDATE must set to themselves, or the database
  // changes them (MySQL's ON UPDATE CURRENT_TIMESTAMP): clearing a
  // reference is not a change the row's other columns should record.
  virtual Result<std::vector<std::string>> StampedOnUpdate(const std::string& table) {
    (void)table;
    return std::vector<std::string>();
  }
  // The condition selecting `rows` ("" for all), without WHERE; its
  // parameters appended to `params`.
  std::string Where(const RowSelection& rows, std::vector<Value>& params) const;
  std::string ColumnList(const std::vector<std::string>& columns) const;
};

// The ledger in four (five, with the version record) plain SQL tables.
// Portable DDL: SQLite, MariaDB and PostgreSQL accept it (VARCHAR(190)
// keeps utf8mb4 keys under InnoDB's index limit).
class SqlLedgerStore : public LedgerStore {
 public:
  SqlLedgerStore(SqlSession& db, Catalog& catalog) : db_(db), catalog_(catalog) {}

  Result<int> Version() override;
  Status Migrate() override;
  Result<std::vector<LedgerRun>> Runs() override;
  Result<std::vector<LedgerTable>> Tables() override;
  Result<std::vector<LedgerBatch>> Batches() override;
  Status InsertRun(const LedgerRun& run) override;
  Status FinishRun(const std::string& run_id, const std::string& status,
                   const std::string& finished_at) override;
  Status InsertTable(const LedgerTable& table) override;
  Status SetSecondPass(const std::string& table, SecondPass state) override;
  Status InsertBatch(const LedgerBatch& batch) override;
  Status DeleteTable(const std::string& table) override;
  Status InsertPii(const LedgerPii& record) override;
  Result<std::vector<LedgerPii>> PiiTrail() override;
  Status TakeLease(const LedgerLease& lease, int64_t now, LedgerLease* holder) override;
  Status RenewLease(const LedgerLease& lease) override;
  Status DropLease(const LedgerLease& lease) override;
  Result<std::vector<LedgerLease>> Leases() override;
  Result<std::vector<std::pair<std::string, std::string>>> DroppedIndexes() override;

  // The index journal (version 6), for a database whose DDL commits at
  // once (MySQL): each secondary index a table's load dropped, with the
  // clause that adds it back, recorded before the drop and forgotten once
  // the index is back. A run killed in between leaves it for the next
  // writer to finish (MysqlDriver). Not part of LedgerStore: only a driver
  // reads it.
  struct JournaledIndex {
    std::string table, name, definition;
    std::string owner;  // ProcessOwner() of the process whose load dropped it; "" unknown
  };
  Status JournalIndexes(const std::vector<JournaledIndex>& indexes);
  // Makes this process the owner of `table`'s journaled indexes.
  Status AdoptIndexes(const std::string& table);
  // By table, then in the order JournalIndexes was given them (the
  // table's own: indexes added back in it read back as declared).
  Result<std::vector<JournaledIndex>> JournaledIndexes();
  Status ForgetIndex(const std::string& table, const std::string& name);

 private:
  Status MigrateOnce();
  Status AddLedgerColumn(const std::string& table, const std::string& column, const std::string& type);
  SqlSession& db_;
  Catalog& catalog_;
};

}  // namespace seed
