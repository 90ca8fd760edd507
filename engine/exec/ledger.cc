#include "engine/exec/ledger.h"

#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <ctime>

#include "engine/core/log.h"
#include "engine/core/os_user.h"
#include "engine/core/version.h"
#include "engine/gen/rng.h"

namespace seed {

namespace {

// Portable DDL: both SQLite and MariaDB accept it (VARCHAR(190) keeps
// utf8mb4 keys under InnoDB's index limit).
const char* const kSchema[] = {
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

Value Text(const std::string& s) {
  Value v;
  v.SetString(s);
  return v;
}
Value Int(uint64_t i) {
  Value v;
  v.SetInt(static_cast<int64_t>(i));
  return v;
}
std::string Cell(const char* c) { return c ? c : ""; }
uint64_t Num(const char* c) { return c ? std::strtoull(c, nullptr, 10) : 0; }

std::string Now() {
  const std::time_t secs = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

}  // namespace

Result<bool> Ledger::Exists() {
  // Asked of the catalog, not inferred from a failed SELECT: a lost
  // connection or a hostile server must not read as "never seeded".
  Result<TableSchema> t = db_.Inspect("seed_engine_tables");
  if (!t.ok()) return t.status();
  return t->exists;
}

Status Ledger::Ensure() {
  for (const char* sql : kSchema)
    if (Status s = db_.Query(sql, {}); !s.ok()) return s;
  return Status::Ok();
}

Status Ledger::Load() {
  tables_.clear();
  batches_.clear();
  Status s = db_.Query(
      "SELECT table_name, run_id, spec_hash, seed, size, planned_rows, batch_rows, key_column, key_base"
      " FROM seed_engine_tables",
      {}, [&](const std::vector<const char*>& c) {
        LedgerTable t;
        t.table = Cell(c[0]), t.run_id = Cell(c[1]), t.spec_hash = Cell(c[2]);
        t.seed = Num(c[3]), t.size = Cell(c[4]), t.rows = Num(c[5]), t.batch_rows = Num(c[6]);
        t.key_column = Cell(c[7]), t.key_base = c[8] ? std::strtoll(c[8], nullptr, 10) : 0;
        tables_[t.table] = t;
      });
  if (!s.ok()) return s;
  return db_.Query(
      "SELECT table_name, first_row, end_row, inserted, run_id, key_lo, key_hi, row_crc"
      " FROM seed_engine_batches ORDER BY table_name, first_row",
      {}, [&](const std::vector<const char*>& c) {
        LedgerBatch b;
        b.table = Cell(c[0]), b.first_row = Num(c[1]), b.end_row = Num(c[2]), b.inserted = Num(c[3]);
        b.run_id = Cell(c[4]), b.key_lo = Cell(c[5]), b.key_hi = Cell(c[6]), b.row_crc = Num(c[7]);
        batches_[b.table].push_back(b);
      });
}

const LedgerTable* Ledger::Table(const std::string& table) const {
  auto it = tables_.find(table);
  return it == tables_.end() ? nullptr : &it->second;
}

std::vector<LedgerBatch> Ledger::Batches(const std::string& table) const {
  auto it = batches_.find(table);
  return it == batches_.end() ? std::vector<LedgerBatch>{} : it->second;
}

uint64_t Ledger::SeededRows(const std::string& table) const {
  uint64_t n = 0;
  for (const LedgerBatch& b : Batches(table)) n += b.inserted;
  return n;
}

Result<std::string> Ledger::StartRun(const std::string& kind, const std::string& env,
                                     const std::string& size, uint64_t seed) {
  char host[256] = "unknown";
  gethostname(host, sizeof host - 1);
  const std::string started = Now();
  char id[40];
  snprintf(id, sizeof id, "%s-%08llx", started.c_str(),
           static_cast<unsigned long long>(
               SplitMix64(std::chrono::steady_clock::now().time_since_epoch().count() ^ (uint64_t(getpid()) << 32)) &
               0xFFFFFFFF));
  Status s = db_.Query(
      "INSERT INTO seed_engine_runs (run_id, kind, status, env, size, seed, started_at, host,"
      " user_name, engine_version) VALUES (?, ?, 'running', ?, ?, ?, ?, ?, ?, ?)",
      {Text(id), Text(kind), Text(env), Text(size), Int(seed), Text(started), Text(host),
       Text(OsUser()), Text(kEngineVersion)});
  if (!s.ok()) return s;
  return std::string(id);
}

Status Ledger::FinishRun(const std::string& run_id, const std::string& status) {
  return db_.Query("UPDATE seed_engine_runs SET status = ?, finished_at = ? WHERE run_id = ?",
                   {Text(status), Text(Now()), Text(run_id)});
}

Result<std::vector<LedgerRun>> Ledger::Runs() {
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

Status Ledger::RecordTable(const LedgerTable& t) {
  Status s = db_.Query(
      "INSERT INTO seed_engine_tables (table_name, run_id, spec_hash, seed, size, planned_rows,"
      " batch_rows, key_column, key_base) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
      {Text(t.table), Text(t.run_id), Text(t.spec_hash), Int(t.seed), Text(t.size), Int(t.rows),
       Int(t.batch_rows), Text(t.key_column), Int(static_cast<uint64_t>(t.key_base))});
  if (s.ok()) tables_[t.table] = t;
  return s;
}

Status Ledger::RecordBatch(const LedgerBatch& b) {
  return db_.Query(
      "INSERT INTO seed_engine_batches (table_name, first_row, end_row, inserted, run_id, key_lo,"
      " key_hi, row_crc, committed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
      {Text(b.table), Int(b.first_row), Int(b.end_row), Int(b.inserted), Text(b.run_id),
       Text(b.key_lo), Text(b.key_hi), Int(b.row_crc), Text(Now())});
}

Status Ledger::ForgetTable(const std::string& table) {
  if (Status s = db_.Query("DELETE FROM seed_engine_batches WHERE table_name = ?", {Text(table)}); !s.ok())
    return s;
  if (Status s = db_.Query("DELETE FROM seed_engine_tables WHERE table_name = ?", {Text(table)}); !s.ok())
    return s;
  tables_.erase(table);
  batches_.erase(table);
  return Status::Ok();
}

}  // namespace seed
