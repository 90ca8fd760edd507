#include "engine/exec/ledger.h"

#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <ctime>

#include "engine/core/log.h"
#include "engine/core/os_user.h"
#include "engine/core/utc_time.h"
#include "engine/core/version.h"
#include "engine/gen/rng.h"
#include "engine/spec/pii_audit.h"

namespace seed {

namespace {

std::string Now() { return FormatUtc(NowSeconds()); }

}  // namespace

Result<bool> Ledger::Exists() {
  Result<int> v = store_.Version();
  if (!v.ok()) return v.status();
  if (*v > kLedgerVersion)
    return Status::Spec("this database's seed-engine ledger has version " + std::to_string(*v) +
                        ", newer than this seed-engine understands (" + std::to_string(kLedgerVersion) +
                        "); use the seed-engine that seeded it, or a newer one");
  return *v > 0;
}

Status Ledger::Ensure() { return store_.Migrate(); }

Status Ledger::Load() {
  tables_.clear();
  batches_.clear();
  Result<std::vector<LedgerTable>> tables = store_.Tables();
  if (!tables.ok()) return tables.status();
  for (LedgerTable& t : *tables) tables_[t.table] = std::move(t);
  Result<std::vector<LedgerBatch>> batches = store_.Batches();
  if (!batches.ok()) return batches.status();
  for (LedgerBatch& b : *batches) batches_[b.table].push_back(std::move(b));
  return Status::Ok();
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

std::vector<RowRange> Ledger::Uncovered(const std::string& table, uint64_t begin, uint64_t end) const {
  std::vector<RowRange> out;
  uint64_t at = begin;  // rows before `at` are covered or outside
  for (const LedgerBatch& b : Batches(table)) {  // in row order
    if (b.end_row <= at) continue;
    if (b.first_row >= end) break;
    if (b.first_row > at) out.push_back({at, b.first_row});
    at = b.end_row;
    if (at >= end) return out;
  }
  if (at < end) out.push_back({at, end});
  return out;
}

Result<std::string> Ledger::StartRun(const std::string& kind, const std::string& env,
                                     const std::string& size, uint64_t seed) {
  char host[256] = "unknown";
  gethostname(host, sizeof host - 1);
  LedgerRun r;
  r.started_at = Now();
  char id[40];
  snprintf(id, sizeof id, "%s-%08llx", r.started_at.c_str(),
           static_cast<unsigned long long>(
               SplitMix64(std::chrono::steady_clock::now().time_since_epoch().count() ^ (uint64_t(getpid()) << 32)) &
               0xFFFFFFFF));
  r.run_id = id, r.kind = kind, r.status = "running", r.env = env, r.size = size, r.seed = seed;
  r.host = host, r.user = OsUser(), r.engine_version = kEngineVersion;
  if (Status s = store_.InsertRun(r); !s.ok()) return s;
  return r.run_id;
}

Status Ledger::FinishRun(const std::string& run_id, const std::string& status) {
  return store_.FinishRun(run_id, status, Now());
}

Status Ledger::RecordTable(const LedgerTable& t) {
  Status s = store_.InsertTable(t);
  if (s.ok()) tables_[t.table] = t;
  return s;
}

Status Ledger::RecordBatch(LedgerBatch b) {
  b.committed_at = Now();
  return store_.InsertBatch(b);
}

Status Ledger::SetSecondPass(const std::string& table, SecondPass state) {
  Status s = store_.SetSecondPass(table, state);
  if (s.ok())
    if (auto it = tables_.find(table); it != tables_.end()) it->second.second_pass = state;
  return s;
}

Status Ledger::RecordPii(const std::string& run_id, const TableSpec& spec, const std::string& env,
                         const std::string& action) {
  for (const PiiEntry& e : PiiEntriesOf(spec)) {
    if (e.category == "none") continue;
    LedgerPii p;
    p.run_id = run_id, p.table = e.table, p.column = e.column, p.action = action, p.category = e.category;
    // Generated values are fake by construction: no strategy touches them.
    p.strategy = e.origin.kind == "generated" ? "generated" : e.StrategyIn(env);
    p.origin = e.source, p.spec_hash = spec.content_hash;
    if (Status s = store_.InsertPii(p); !s.ok()) return s;
  }
  return Status::Ok();
}

KeyBases SeededKeyBases(const Plan& plan, const Ledger& ledger) {
  KeyBases keys;
  for (const TablePlan& p : plan.tables())
    if (const LedgerTable* t = ledger.Table(p.spec->table))
      keys.Set(p.model->ordinal(), p.model->ColumnIndex(t->key_column), t->key_base);
  return keys;
}

Status Ledger::ForgetTable(const std::string& table) {
  if (Status s = store_.DeleteTable(table); !s.ok()) return s;
  tables_.erase(table);
  batches_.erase(table);
  return Status::Ok();
}

}  // namespace seed
