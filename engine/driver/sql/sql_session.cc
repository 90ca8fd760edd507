#include "engine/driver/sql/sql_session.h"

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <optional>
#include <thread>
#include <nlohmann/json.hpp>

#include "engine/core/process_owner.h"

namespace seed {

namespace {

Value Unsigned(uint64_t i) { return Value::Int(static_cast<int64_t>(i)); }
std::string Cell(const char* c) { return c ? c : ""; }
uint64_t Num(const char* c) { return c ? std::strtoull(c, nullptr, 10) : 0; }

}  // namespace

std::string SqlSession::ColumnList(const std::vector<std::string>& columns) const {
  std::string out;
  for (const std::string& c : columns) out += (out.empty() ? "" : ", ") + Ident(c);
  return out;
}

// The condition alone (no WHERE), or "" for every row.
std::string SqlSession::Where(const RowSelection& rows, std::vector<Value>& params) const {
  switch (rows.kind) {
    case RowSelection::Kind::kAll:
      return "";
    case RowSelection::Kind::kRange: {
      std::string w = Ident(rows.key) + " BETWEEN ? AND ?";
      params.push_back(Value::Int(rows.lo)), params.push_back(Value::Int(rows.hi));
      for (size_t i = 0; i < rows.except.size(); ++i) {
        w += i ? ", ?" : " AND " + Ident(rows.key) + " NOT IN (?";
        params.push_back(Value::Int(rows.except[i]));
      }
      if (!rows.except.empty()) w += ")";
      return w;
    }
    case RowSelection::Kind::kKeys: {
      if (rows.keys.empty() || rows.key_columns.empty()) return "1 = 0";
      const bool single = rows.key_columns.size() == 1;
      std::string tuple = single ? "?" : "(";
      for (size_t i = 0; !single && i < rows.key_columns.size(); ++i) tuple += i ? ", ?" : "?";
      if (!single) tuple += ")";
      std::string w = (single ? Ident(rows.key_columns[0]) : "(" + ColumnList(rows.key_columns) + ")") + " IN (";
      for (size_t k = 0; k < rows.keys.size(); ++k) {
        w += (k ? ", " : "") + tuple;
        params.insert(params.end(), rows.keys[k].begin(), rows.keys[k].end());
      }
      return w + ")";
    }
  }
  return "";
}

Result<uint64_t> SqlSession::CountRows(const std::string& table) {
  uint64_t n = 0;
  Status s = Query("SELECT COUNT(*) FROM " + Ident(table), {},
                   [&](const std::vector<const char*>& c) { n = Num(c[0]); });
  if (!s.ok()) return s;
  return n;
}

Result<std::optional<int64_t>> SqlSession::MaxKey(const std::string& table, const std::string& column) {
  std::optional<int64_t> max;
  Status s = Query("SELECT MAX(" + Ident(column) + ") FROM " + Ident(table), {},
                   [&](const std::vector<const char*>& c) {
                     if (c[0]) max = std::strtoll(c[0], nullptr, 10);
                   });
  if (!s.ok()) return s;
  return max;
}

Status SqlSession::Scan(const RowSelection& rows, const std::vector<std::string>& columns,
                        const std::vector<std::string>& order_by, const RowVisitor& visit) {
  std::vector<Value> params;
  const std::string where = Where(rows, params);
  std::string sql = "SELECT " + ColumnList(columns) + " FROM " + Ident(rows.table);
  if (!where.empty()) sql += " WHERE " + where;
  if (!order_by.empty()) sql += " ORDER BY " + ColumnList(order_by);
  return Query(sql, params, visit);
}

Result<uint64_t> SqlSession::Delete(const RowSelection& rows) {
  std::vector<Value> params;
  const std::string where = Where(rows, params);
  Status s = Query("DELETE FROM " + Ident(rows.table) + (where.empty() ? "" : " WHERE " + where), params);
  if (!s.ok()) return s;
  return ChangedRows();
}

Result<uint64_t> SqlSession::SetNull(const RowSelection& rows, const std::vector<std::string>& columns) {
  if (columns.empty()) return uint64_t{0};
  std::string set, any;
  for (const std::string& c : columns) {
    set += (set.empty() ? "" : ", ") + Ident(c) + " = NULL";
    any += (any.empty() ? "" : " OR ") + Ident(c) + " IS NOT NULL";
  }
  Result<std::vector<std::string>> stamped = StampedOnUpdate(rows.table);
  if (!stamped.ok()) return stamped.status();
  for (const std::string& c : *stamped)
    if (std::find(columns.begin(), columns.end(), c) == columns.end()) set.append(", ").append(Ident(c)).append(" = ").append(Ident(c));
  std::vector<Value> params;
  const std::string where = Where(rows, params);
  Status s = Query("UPDATE " + Ident(rows.table) + " SET " + set + " WHERE (" + any + ")" +
                       (where.empty() ? "" : " AND " + where),
                   params);
  if (!s.ok()) return s;
  return ChangedRows();
}

Result<std::optional<std::string>> SqlSession::FindReferencing(const ReferencingKey& fk,
                                                               const RowSelection& targets,
                                                               const RowSelection* spared) {
  std::vector<Value> params;
  const std::string where = Where(targets, params);
  std::string sql = "SELECT " + Ident(fk.column) + " FROM " + Ident(fk.table) + " WHERE " + Ident(fk.column) +
                    " IN (SELECT " + Ident(fk.ref_column) + " FROM " + Ident(targets.table) +
                    (where.empty() ? "" : " WHERE " + where) + ")";
  // IS NOT TRUE, not NOT: a NULL in the spared condition must not hide a row.
  if (spared && spared->kind != RowSelection::Kind::kAll) sql += " AND (" + Where(*spared, params) + ") IS NOT TRUE";
  else if (spared) sql += " AND 1 = 0";
  std::optional<std::string> found;
  Status s = Query(sql + " LIMIT 1", params, [&](const std::vector<const char*>& c) {
    found = c[0] ? c[0] : "NULL";
  });
  if (!s.ok()) return s;
  return found;
}

Status SqlSession::ReadQuery(const std::string& sql, const std::vector<std::string>& columns,
                             const RowVisitor& visit) {
  return Query("SELECT " + (columns.empty() ? std::string("1") : ColumnList(columns)) + " FROM (" + sql +
                   ") seed_source",
               {}, visit);
}

Result<uint64_t> SqlSession::CountQuery(const std::string& sql) {
  uint64_t n = 0;
  Status s = Query("SELECT COUNT(*) FROM (" + sql + ") seed_source", {},
                   [&](const std::vector<const char*>& c) { n = Num(c[0]); });
  if (!s.ok()) return s;
  return n;
}

// ---- ledger ----

namespace {

// written_columns: a JSON array of the names; NULL or unreadable: unknown.
std::string JoinColumns(const std::vector<std::string>& columns) { return nlohmann::json(columns).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::vector<std::string> SplitColumns(const std::string& text) {
  const nlohmann::json j = nlohmann::json::parse(text, nullptr, false);
  if (!j.is_array()) return {};
  std::vector<std::string> out;
  for (const auto& c : j)
    if (c.is_string()) out.push_back(c.get<std::string>());
  return out;
}

const char* const kV1Schema[] = {
    "CREATE TABLE IF NOT EXISTS seed_engine_runs (run_id VARCHAR(40) NOT NULL PRIMARY KEY,"
    " kind VARCHAR(16) NOT NULL, status VARCHAR(16) NOT NULL, env VARCHAR(16) NOT NULL,"
    " size VARCHAR(32) NOT NULL, seed BIGINT NOT NULL, started_at VARCHAR(32) NOT NULL,"
    " finished_at VARCHAR(32), host VARCHAR(190) NOT NULL, user_name VARCHAR(190) NOT NULL,"
    " engine_version VARCHAR(32) NOT NULL)",
    "CREATE TABLE IF NOT EXISTS seed_engine_tables (table_name VARCHAR(190) NOT NULL PRIMARY KEY,"
    " run_id VARCHAR(40) NOT NULL, spec_hash VARCHAR(32) NOT NULL, seed BIGINT NOT NULL,"
    " size VARCHAR(32) NOT NULL, planned_rows BIGINT NOT NULL, batch_rows BIGINT NOT NULL,"
    " key_column VARCHAR(190) NOT NULL, key_base BIGINT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS seed_engine_batches (table_name VARCHAR(190) NOT NULL,"
    " first_row BIGINT NOT NULL, end_row BIGINT NOT NULL, inserted BIGINT NOT NULL,"
    " run_id VARCHAR(40) NOT NULL, key_lo VARCHAR(190), key_hi VARCHAR(190),"
    " row_crc BIGINT NOT NULL, committed_at VARCHAR(32) NOT NULL,"
    " PRIMARY KEY (table_name, first_row))",
};

// The '*' row is the takers' mutex: each taker updates it first, so two
// takers serialize on it (a row lock; on Galera, a certification conflict
// that fails one of them at commit).
const char kLeaseSchema[] =
    "CREATE TABLE IF NOT EXISTS seed_engine_leases (name VARCHAR(190) NOT NULL PRIMARY KEY,"
    " owner VARCHAR(190) NOT NULL, run_id VARCHAR(40) NOT NULL, heartbeat BIGINT NOT NULL,"
    " expires BIGINT NOT NULL, generation BIGINT NOT NULL)";

}  // namespace

// The ledger is there when its tables and batches tables are: a ledger
// dropped by hand reads as none, whatever version record is left, and so
// does one still being created by another worker, or whose creation was
// cut short (each CREATE commits on its own): read as a ledger, its missing
// batches table failed that run and, after a kill, every later one.
Result<int> SqlLedgerStore::Version() {
  for (const char* table : {"seed_engine_tables", "seed_engine_batches"}) {
    Result<TableSchema> t = catalog_.Inspect(table);
    if (!t.ok()) return t.status();
    if (!t->exists) return 0;
  }
  Result<TableSchema> meta = catalog_.Inspect("seed_engine_meta");
  if (!meta.ok()) return meta.status();
  if (!meta->exists) return 1;  // version 1 kept no version record
  int version = 0;
  Status s = db_.Query("SELECT value FROM seed_engine_meta WHERE name = 'ledger_version'", {},
                       [&](const std::vector<const char*>& c) { version = std::atoi(Cell(c[0]).c_str()); });
  if (!s.ok()) return s;
  // No row: a migration from version 1 that stopped before writing it
  // (MySQL commits each DDL statement at once). Migrate() finishes it.
  return version > 0 ? version : 1;
}

// Adds a column to a ledger table unless it has it. Workers
// started at once on a fresh database migrate at once: an ALTER that fails
// because another added the column meanwhile is success.
Status SqlLedgerStore::AddLedgerColumn(const std::string& table, const std::string& column,
                                       const std::string& type) {
  Result<TableSchema> before = catalog_.Inspect(table);
  if (!before.ok()) return before.status();
  if (before->Find(column)) return Status::Ok();
  Status s = db_.Query("ALTER TABLE " + table + " ADD COLUMN " + column + " " + type, {});
  if (s.ok()) return s;
  Result<TableSchema> now = catalog_.Inspect(table);
  return now.ok() && now->Find(column) ? Status::Ok() : s;
}

// Each step is safe to repeat (IF NOT EXISTS, a column added only when
// missing, the version row written last): MySQL commits DDL at once, so a
// migration killed halfway is finished by the next run.
Status SqlLedgerStore::Migrate() {
  // Another worker migrating at the same moment can fail a step of ours
  // (a version row inserted twice, PostgreSQL's CREATE TABLE IF NOT EXISTS
  // racing itself): done is done, whoever did it; else one more pass.
  Status s = MigrateOnce();
  if (s.ok() || s.code() == Code::kUnreachable) return s;
  if (Result<int> v = Version(); v.ok() && *v == kLedgerVersion) return Status::Ok();
  return MigrateOnce();
}

Status SqlLedgerStore::MigrateOnce() {
  Result<int> version = Version();
  if (!version.ok()) return version.status();
  if (*version > kLedgerVersion)
    return Status::Spec("this database's seed-engine ledger has version " + std::to_string(*version) +
                        ", newer than this seed-engine understands (" + std::to_string(kLedgerVersion) +
                        "); use the seed-engine that seeded it, or a newer one");
  if (*version == kLedgerVersion) return Status::Ok();
  for (const char* sql : kV1Schema)
    if (Status s = db_.Query(sql, {}); !s.ok()) return s;
  // 1 -> 2: a version record, and the second-pass state of each table
  // ("unknown" for tables seeded before).
  if (Status s = AddLedgerColumn("seed_engine_tables", "second_pass", "VARCHAR(16) NOT NULL DEFAULT 'unknown'");
      !s.ok())
    return s;
  // 2 -> 3: the columns each table's seeding wrote (NULL before: unknown).
  if (Status s = AddLedgerColumn("seed_engine_tables", "written_columns", "TEXT"); !s.ok()) return s;
  // 3 -> 4: the pii trail.
  if (Status s = db_.Query("CREATE TABLE IF NOT EXISTS seed_engine_pii (run_id VARCHAR(40) NOT NULL,"
                           " table_name VARCHAR(190) NOT NULL, column_name VARCHAR(190) NOT NULL,"
                           " action VARCHAR(16) NOT NULL, category VARCHAR(32) NOT NULL,"
                           " strategy VARCHAR(16) NOT NULL, origin TEXT NOT NULL, spec_hash VARCHAR(32) NOT NULL,"
                           " PRIMARY KEY (run_id, table_name, column_name, action))", {});
      !s.ok())
    return s;
  // 4 -> 5: leases.
  if (Status s = db_.Query(kLeaseSchema, {}); !s.ok()) return s;
  // 5 -> 6: the index journal.
  if (Status s = db_.Query("CREATE TABLE IF NOT EXISTS seed_engine_indexes (table_name VARCHAR(190) NOT NULL,"
                           " index_name VARCHAR(190) NOT NULL, position INT NOT NULL, definition TEXT NOT NULL,"
                           " PRIMARY KEY (table_name, index_name))", {});
      !s.ok())
    return s;
  // 6 -> 7: whose load dropped each index (NULL before: no one's now).
  if (Status s = AddLedgerColumn("seed_engine_indexes", "owner", "VARCHAR(190)"); !s.ok()) return s;
  if (Status s = db_.Query("CREATE TABLE IF NOT EXISTS seed_engine_meta (name VARCHAR(64) NOT NULL PRIMARY KEY,"
                           " value VARCHAR(190) NOT NULL)", {});
      !s.ok())
    return s;
  if (Status s = db_.Query("DELETE FROM seed_engine_meta WHERE name = 'ledger_version'", {}); !s.ok()) return s;
  return db_.Query("INSERT INTO seed_engine_meta (name, value) VALUES ('ledger_version', ?)",
                   {Value::Text(std::to_string(kLedgerVersion))});
}

Result<std::vector<LedgerRun>> SqlLedgerStore::Runs() {
  std::vector<LedgerRun> out;
  Status s = db_.Query(
      "SELECT run_id, kind, status, env, size, seed, started_at, finished_at, host, user_name,"
      " engine_version FROM seed_engine_runs ORDER BY started_at, run_id",
      {}, [&](const std::vector<const char*>& c) {
        LedgerRun r;
        r.run_id = Cell(c[0]), r.kind = Cell(c[1]), r.status = Cell(c[2]), r.env = Cell(c[3]);
        r.size = Cell(c[4]), r.seed = Num(c[5]), r.started_at = Cell(c[6]), r.finished_at = Cell(c[7]);
        r.host = Cell(c[8]), r.user = Cell(c[9]), r.engine_version = Cell(c[10]);
        out.push_back(r);
      });
  if (!s.ok()) return s;
  return out;
}

Result<std::vector<LedgerTable>> SqlLedgerStore::Tables() {
  // Read-only commands (status) read an old ledger without migrating it.
  Result<TableSchema> schema = catalog_.Inspect("seed_engine_tables");
  if (!schema.ok()) return schema.status();
  const bool v2 = schema->Find("second_pass") != nullptr;
  const bool v3 = schema->Find("written_columns") != nullptr;
  std::vector<LedgerTable> out;
  Status s = db_.Query(
      std::string("SELECT table_name, run_id, spec_hash, seed, size, planned_rows, batch_rows, key_column,"
                  " key_base") + (v2 ? ", second_pass" : "") + (v3 ? ", written_columns" : "") +
          " FROM seed_engine_tables ORDER BY table_name",
      {}, [&](const std::vector<const char*>& c) {
        LedgerTable t;
        t.table = Cell(c[0]), t.run_id = Cell(c[1]), t.spec_hash = Cell(c[2]);
        t.seed = Num(c[3]), t.size = Cell(c[4]), t.rows = Num(c[5]), t.batch_rows = Num(c[6]);
        t.key_column = Cell(c[7]), t.key_base = c[8] ? std::strtoll(c[8], nullptr, 10) : 0;
        t.second_pass = v2 ? ParseSecondPass(Cell(c[9])) : SecondPass::kUnknown;
        if (v3) t.written_columns = SplitColumns(Cell(c[10]));
        out.push_back(t);
      });
  if (!s.ok()) return s;
  return out;
}

Result<std::vector<LedgerBatch>> SqlLedgerStore::Batches() {
  std::vector<LedgerBatch> out;
  Status s = db_.Query(
      "SELECT table_name, first_row, end_row, inserted, run_id, key_lo, key_hi, row_crc, committed_at"
      " FROM seed_engine_batches ORDER BY table_name, first_row",
      {}, [&](const std::vector<const char*>& c) {
        LedgerBatch b;
        b.table = Cell(c[0]), b.first_row = Num(c[1]), b.end_row = Num(c[2]), b.inserted = Num(c[3]);
        b.run_id = Cell(c[4]), b.key_lo = Cell(c[5]), b.key_hi = Cell(c[6]), b.row_crc = Num(c[7]);
        b.committed_at = Cell(c[8]);
        out.push_back(b);
      });
  if (!s.ok()) return s;
  return out;
}

Status SqlLedgerStore::InsertRun(const LedgerRun& r) {
  return db_.Query(
      "INSERT INTO seed_engine_runs (run_id, kind, status, env, size, seed, started_at, host,"
      " user_name, engine_version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      {Value::Text(r.run_id), Value::Text(r.kind), Value::Text(r.status), Value::Text(r.env),
       Value::Text(r.size), Unsigned(r.seed), Value::Text(r.started_at), Value::Text(r.host),
       Value::Text(r.user), Value::Text(r.engine_version)});
}

Status SqlLedgerStore::FinishRun(const std::string& run_id, const std::string& status,
                                 const std::string& finished_at) {
  return db_.Query("UPDATE seed_engine_runs SET status = ?, finished_at = ? WHERE run_id = ?",
                   {Value::Text(status), Value::Text(finished_at), Value::Text(run_id)});
}

Status SqlLedgerStore::InsertTable(const LedgerTable& t) {
  return db_.Query(
      "INSERT INTO seed_engine_tables (table_name, run_id, spec_hash, seed, size, planned_rows,"
      " batch_rows, key_column, key_base, second_pass, written_columns)"
      " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      {Value::Text(t.table), Value::Text(t.run_id), Value::Text(t.spec_hash), Unsigned(t.seed),
       Value::Text(t.size), Unsigned(t.rows), Unsigned(t.batch_rows), Value::Text(t.key_column),
       Value::Int(t.key_base), Value::Text(SecondPassName(t.second_pass)),
       Value::Text(JoinColumns(t.written_columns))});
}

Status SqlLedgerStore::SetSecondPass(const std::string& table, SecondPass state) {
  return db_.Query("UPDATE seed_engine_tables SET second_pass = ? WHERE table_name = ?",
                   {Value::Text(SecondPassName(state)), Value::Text(table)});
}

Status SqlLedgerStore::InsertBatch(const LedgerBatch& b) {
  return db_.Query(
      "INSERT INTO seed_engine_batches (table_name, first_row, end_row, inserted, run_id, key_lo,"
      " key_hi, row_crc, committed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
      {Value::Text(b.table), Unsigned(b.first_row), Unsigned(b.end_row), Unsigned(b.inserted),
       Value::Text(b.run_id), Value::Text(b.key_lo), Value::Text(b.key_hi), Unsigned(b.row_crc),
       Value::Text(b.committed_at)});
}

Status SqlLedgerStore::DeleteTable(const std::string& table) {
  if (Status s =
          db_.Query("DELETE FROM seed_engine_batches WHERE table_name = ?", {Value::Text(table)});
      !s.ok())
    return s;
  return db_.Query("DELETE FROM seed_engine_tables WHERE table_name = ?", {Value::Text(table)});
}

Status SqlLedgerStore::InsertPii(const LedgerPii& p) {
  return db_.Query(
      "INSERT INTO seed_engine_pii (run_id, table_name, column_name, action, category, strategy, "
      "origin,"
      " spec_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
      {Value::Text(p.run_id), Value::Text(p.table), Value::Text(p.column), Value::Text(p.action),
       Value::Text(p.category), Value::Text(p.strategy), Value::Text(p.origin),
       Value::Text(p.spec_hash)});
}

Result<std::vector<LedgerPii>> SqlLedgerStore::PiiTrail() {
  // Read-only commands (audit --runs) read an older ledger without migrating it.
  Result<TableSchema> schema = catalog_.Inspect("seed_engine_pii");
  if (!schema.ok()) return schema.status();
  std::vector<LedgerPii> out;
  if (!schema->exists) return out;
  Status s = db_.Query(
      "SELECT run_id, table_name, column_name, action, category, strategy, origin, spec_hash"
      " FROM seed_engine_pii ORDER BY run_id, table_name, column_name, action",
      {}, [&](const std::vector<const char*>& c) {
        out.push_back({Cell(c[0]), Cell(c[1]), Cell(c[2]), Cell(c[3]), Cell(c[4]), Cell(c[5]), Cell(c[6]),
                       Cell(c[7])});
      });
  if (!s.ok()) return s;
  return out;
}

Status SqlLedgerStore::TakeLease(const LedgerLease& lease, int64_t now, LedgerLease* holder) {
  // Created only when missing: on Galera even a CREATE ... IF NOT EXISTS
  // runs in total order and aborts the other workers' open transactions on
  // the table (their lease renewals, inside their batches).
  Result<TableSchema> leases = catalog_.Inspect("seed_engine_leases");
  if (!leases.ok()) return leases.status();
  if (!leases->exists)
    if (Status s = db_.Query(kLeaseSchema, {}); !s.ok()) return s;
  Status last = Status::Ok();
  // A taker that loses the race on the mutex row at commit (a cluster's
  // certification conflict, a deadlock) tries again and then sees the
  // winner's lease.
  for (int attempt = 0; attempt < 6; ++attempt) {
    if (attempt > 0) std::this_thread::sleep_for(std::chrono::milliseconds(25 << attempt));
    std::optional<LedgerLease> conflict;
    Status s = db_.Begin();
    if (s.ok()) s = db_.Query("UPDATE seed_engine_leases SET generation = generation + 1 WHERE name = '*'", {});
    if (s.ok() && db_.ChangedRows() == 0)
      s = db_.Query("INSERT INTO seed_engine_leases (name, owner, run_id, heartbeat, expires, generation)"
                    " VALUES ('*', '', '', 0, 0, 0)", {});
    if (s.ok())
      s = db_.Query("SELECT name, owner, run_id, heartbeat, expires FROM seed_engine_leases WHERE name <> '*'", {},
                    [&](const std::vector<const char*>& c) {
                      LedgerLease l{Cell(c[0]), Cell(c[1]), Cell(c[2]),
                                    static_cast<int64_t>(Num(c[3])), static_cast<int64_t>(Num(c[4]))};
                      if (!conflict && LeasesConflict(lease, l) && LeaseLive(l, now)) conflict = l;
                    });
    if (s.ok() && conflict) {
      (void)db_.Rollback();
      if (holder) *holder = *conflict;
      return Status::Lock("lease " + conflict->name + " is held by " + conflict->owner);
    }
    if (s.ok())
      s = db_.Query("DELETE FROM seed_engine_leases WHERE name = ?", {Value::Text(lease.name)});
    if (s.ok())
      s = db_.Query(
          "INSERT INTO seed_engine_leases (name, owner, run_id, heartbeat, expires, generation)"
          " VALUES (?, ?, ?, ?, ?, 0)",
          {Value::Text(lease.name), Value::Text(lease.owner), Value::Text(lease.run_id),
           Value::Int(lease.heartbeat), Value::Int(lease.expires)});
    if (s.ok()) s = db_.Commit();
    if (s.ok()) return s;
    (void)db_.Rollback();
    if (s.code() == Code::kUnreachable) return s;
    last = s;
  }
  return last;
}

Status SqlLedgerStore::RenewLease(const LedgerLease& lease) {
  Status s = db_.Query(
      "UPDATE seed_engine_leases SET heartbeat = ?, expires = ?, run_id = ?, generation = "
      "generation + 1"
      " WHERE name = ? AND owner = ?",
      {Value::Int(lease.heartbeat), Value::Int(lease.expires), Value::Text(lease.run_id),
       Value::Text(lease.name), Value::Text(lease.owner)});
  if (!s.ok()) return s;
  if (db_.ChangedRows() == 0)
    return Status::Lock("this run's lease (" + lease.name + ") expired and another run took it");
  return s;
}

Status SqlLedgerStore::DropLease(const LedgerLease& lease) {
  return db_.Query("DELETE FROM seed_engine_leases WHERE name = ? AND owner = ?",
                   {Value::Text(lease.name), Value::Text(lease.owner)});
}

Result<std::vector<LedgerLease>> SqlLedgerStore::Leases() {
  Result<TableSchema> schema = catalog_.Inspect("seed_engine_leases");
  if (!schema.ok()) return schema.status();
  std::vector<LedgerLease> out;
  if (!schema->exists) return out;
  Status s = db_.Query(
      "SELECT name, owner, run_id, heartbeat, expires FROM seed_engine_leases WHERE name <> '*' ORDER BY name", {},
      [&](const std::vector<const char*>& c) {
        out.push_back({Cell(c[0]), Cell(c[1]), Cell(c[2]), static_cast<int64_t>(Num(c[3])),
                       static_cast<int64_t>(Num(c[4]))});
      });
  if (!s.ok()) return s;
  return out;
}

Status SqlLedgerStore::JournalIndexes(const std::vector<JournaledIndex>& indexes) {
  for (size_t i = 0; i < indexes.size(); ++i)
    if (Status s = db_.Query("INSERT INTO seed_engine_indexes (table_name, index_name, position, definition, owner)"
                             " VALUES (?, ?, ?, ?, ?)",
                             {Value::Text(indexes[i].table), Value::Text(indexes[i].name),
                              Value::Int(static_cast<int64_t>(i)), Value::Text(indexes[i].definition),
                              Value::Text(indexes[i].owner)});
        !s.ok())
      return s;
  return Status::Ok();
}

Result<std::vector<SqlLedgerStore::JournaledIndex>> SqlLedgerStore::JournaledIndexes() {
  std::vector<JournaledIndex> out;
  // Read-only commands (status) read an older ledger as it is: none
  // before version 6, no owners before version 7.
  Result<TableSchema> journal = catalog_.Inspect("seed_engine_indexes");
  if (!journal.ok()) return journal.status();
  if (!journal->exists) return out;
  const bool owned = journal->Find("owner") != nullptr;
  Status s = db_.Query(std::string("SELECT table_name, index_name, definition") + (owned ? ", owner" : "") +
                           " FROM seed_engine_indexes ORDER BY table_name, position",
                       {}, [&](const std::vector<const char*>& c) {
                         out.push_back({Cell(c[0]), Cell(c[1]), Cell(c[2]), owned ? Cell(c[3]) : ""});
                       });
  if (!s.ok()) return s;
  return out;
}

Status SqlLedgerStore::AdoptIndexes(const std::string& table) {
  return db_.Query("UPDATE seed_engine_indexes SET owner = ? WHERE table_name = ?",
                   {Value::Text(ProcessOwner()), Value::Text(table)});
}

Result<std::vector<std::pair<std::string, std::string>>> SqlLedgerStore::DroppedIndexes() {
  std::vector<std::pair<std::string, std::string>> out;
  Result<std::vector<JournaledIndex>> all = JournaledIndexes();
  if (!all.ok()) return all.status();
  for (const JournaledIndex& i : *all) out.emplace_back(i.table, i.name);
  return out;
}

Status SqlLedgerStore::ForgetIndex(const std::string& table, const std::string& name) {
  return db_.Query("DELETE FROM seed_engine_indexes WHERE table_name = ? AND index_name = ?",
                   {Value::Text(table), Value::Text(name)});
}

}  // namespace seed
