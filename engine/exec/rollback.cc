#include "engine/exec/rollback.h"

#include <algorithm>
#include <cstring>
#include <future>
#include <map>
#include <optional>
#include <set>

#include "engine/core/interrupt.h"
#include "engine/core/os_user.h"
#include "engine/exec/row_source.h"
#include "engine/core/crc32.h"
#include "engine/exec/checksum.h"

namespace seed {

const char* StateName(RollbackState state) {
  switch (state) {
    case RollbackState::kDeleted: return "deleted";
    case RollbackState::kWouldDelete: return "would-delete";
    case RollbackState::kKept: return "kept";
    case RollbackState::kBlocked: return "blocked";
    case RollbackState::kSkipped: return "skipped";
    case RollbackState::kFailed: return "failed";
  }
  return "?";
}

namespace {

RollbackResult Outcome(const std::string& table, RollbackState state, std::string reason, uint64_t rows = 0) {
  RollbackResult r;
  r.table = table, r.state = state, r.reason = std::move(reason), r.rows = rows;
  return r;
}

Value Text(const std::string& s) {
  Value v;
  v.SetString(s);
  return v;
}

// Spec columns the seeding wrote: those in the table, not generated.
std::vector<std::string> WrittenColumns(const TablePlan& p, const TableSchema& schema) {
  std::vector<std::string> out;
  for (const ColumnSpec& c : p.spec->columns)
    if (const ColumnInfo* col = schema.Find(c.name); col && !col->generated) out.push_back(c.name);
  return out;
}

}  // namespace

Rollback::Rollback(const Plan& plan, Driver& db, Ledger& ledger, Log& log, Log* audit, RollbackOptions o,
                   Driver* reader)
    : plan_(plan), db_(db), ledger_(ledger), log_(log), audit_(audit), reader_(reader), o_(std::move(o)) {}

Result<Rollback::KeepLists> Rollback::Verify(Driver& db, const TablePlan& p, const LedgerTable& t,
                                             const std::vector<LedgerBatch>& batches) {
  KeepLists keep(batches.size());
  if (o_.include_modified || t.key_column.empty()) return keep;
  Result<TableSchema> schema = db.Inspect(p.spec->table);
  if (!schema.ok()) return schema.status();
  for (size_t i = 0; i < batches.size(); ++i) {
    Result<std::vector<std::string>> m = Modified(db, p, t, batches[i], *schema);
    if (!m.ok()) return m.status();
    keep[i] = std::move(*m);
  }
  return keep;
}

std::vector<RollbackResult> Rollback::Preview() {
  std::vector<RollbackResult> out;
  const auto& tables = plan_.tables();
  for (auto it = tables.rbegin(); it != tables.rend(); ++it) {
    if (!o_.tables.empty() && std::find(o_.tables.begin(), o_.tables.end(), it->spec->table) == o_.tables.end())
      continue;
    if (!ledger_.Table(it->spec->table)) continue;
    out.push_back(Table(*it, false));
  }
  return out;
}

std::vector<RollbackResult> Rollback::Run() {
  std::vector<RollbackResult> out;
  Result<std::string> id = ledger_.StartRun("rollback", o_.env, "-", 0);
  if (!id.ok()) {
    out.push_back(Outcome("(ledger)", RollbackState::kFailed, id.status().message()));
    return out;
  }
  run_id_ = *id;
  bool failed = false;
  std::vector<const TablePlan*> order;
  const auto& tables = plan_.tables();
  for (auto it = tables.rbegin(); it != tables.rend(); ++it) {
    const std::string& name = it->spec->table;
    if (!o_.tables.empty() && std::find(o_.tables.begin(), o_.tables.end(), name) == o_.tables.end()) continue;
    if (ledger_.Table(name)) order.push_back(&*it);
  }
  // Verifying a table's rows (a full read) overlaps with deleting the
  // previous table's, on the second connection: tables are disjoint.
  // The verifying thread gets its own copy of the table's ledger records:
  // the main thread erases the previous table's from the ledger meanwhile.
  auto verify = [this](const TablePlan* p) {
    return std::async(std::launch::async,
                      [this, p, t = *ledger_.Table(p->spec->table), batches = ledger_.Batches(p->spec->table)] {
                        return Verify(*reader_, *p, t, batches);
                      });
  };
  std::future<Result<KeepLists>> next;
  if (reader_ && !order.empty()) next = verify(order[0]);
  for (size_t k = 0; k < order.size(); ++k) {
    const TablePlan* it = order[k];
    const std::string& name = it->spec->table;
    std::optional<Result<KeepLists>> verified;
    if (next.valid()) verified = next.get();
    if (reader_ && k + 1 < order.size()) next = verify(order[k + 1]);
    if (InterruptRequested()) {
      out.push_back(Outcome(name, RollbackState::kSkipped, "interrupted"));
      out.back().interrupted = true;
      failed = true;
      continue;
    }
    RollbackResult r = Table(*it, true, verified ? &*verified : nullptr);
    failed = failed || r.state == RollbackState::kFailed || r.state == RollbackState::kBlocked;
    // Rows left in place keep their parents: the guard must see them.
    if (r.state != RollbackState::kDeleted) kept_tables_.insert(name);
    log_.Event(r.state == RollbackState::kDeleted || r.state == RollbackState::kSkipped ? Level::kInfo : Level::kWarn,
               std::string("rollback.") + StateName(r.state),
               name + ": " + StateName(r.state) + " " + std::to_string(r.rows) + " rows" +
                   (r.kept ? ", kept " + std::to_string(r.kept) + " modified" : "") +
                   (r.reason.empty() ? "" : " (" + r.reason + ")"),
               {{"table", name}, {"rows", r.rows}, {"kept", r.kept}, {"reason", r.reason}, {"run_id", run_id_}});
    out.push_back(std::move(r));
  }
  (void)ledger_.FinishRun(run_id_, failed ? "partial" : "done");
  return out;
}

RollbackResult Rollback::Table(const TablePlan& p, bool write, const Result<KeepLists>* verified) {
  const std::string& name = p.spec->table;
  const LedgerTable& t = *ledger_.Table(name);
  const std::vector<LedgerBatch> batches = ledger_.Batches(name);
  RollbackResult r;
  r.table = name;
  for (const LedgerBatch& b : batches) {
    r.rows += b.inserted;
    if (b.inserted && r.key_lo.empty()) r.key_lo = b.key_lo;
    if (b.inserted) r.key_hi = b.key_hi;
  }
  const std::string& strategy = p.spec->rollback;
  if (strategy == "none") {
    r.state = RollbackState::kSkipped, r.reason = "rollback: none in " + p.spec->file + " (not reversible)";
    return r;
  }
  Result<TableSchema> schema = db_.Inspect(name);
  if (t.key_column.empty() && schema.ok()) return ByKeys(p, t, *schema, write, r);
  if (!schema.ok()) return Outcome(name, RollbackState::kFailed, schema.status().message());
  if (strategy == "truncate") {
    if (o_.env != "dev") return Outcome(name, RollbackState::kBlocked, "rollback: truncate runs in dev only", r.rows);
    Result<uint64_t> n = db_.CountRows(name);
    if (!n.ok()) return Outcome(name, RollbackState::kFailed, n.status().message());
    if (*n != r.rows)
      return Outcome(name, RollbackState::kBlocked,
                     "rollback: truncate refused: the table holds " + std::to_string(*n - std::min(*n, r.rows)) +
                         " rows seed-engine did not insert",
                     r.rows);
  }
  if (Status s = Guard(p, t, r.key_lo, r.key_hi); !s.ok()) {
    r.state = RollbackState::kBlocked, r.reason = s.message();
    return r;
  }
  // Modified rows are kept unless asked otherwise.
  Result<KeepLists> checked = verified ? *verified : Verify(db_, p, t, batches);
  if (!checked.ok()) return Outcome(name, RollbackState::kFailed, checked.status().message());
  const KeepLists& keep = *checked;
  for (const auto& k : keep) r.kept += k.size();
  r.rows -= std::min(r.rows, r.kept);
  if (!write) {
    r.state = RollbackState::kWouldDelete;
    return r;
  }
  const std::string key = db_.Ident(t.key_column), table = db_.Ident(name);
  Status s = db_.Begin();
  uint64_t deleted = 0;
  for (size_t i = 0; s.ok() && i < batches.size(); ++i) {
    const LedgerBatch& b = batches[i];
    if (!b.inserted) continue;
    std::string sql = "DELETE FROM " + table + " WHERE " + key + " BETWEEN ? AND ?";
    std::vector<Value> params = {Text(b.key_lo), Text(b.key_hi)};
    if (strategy == "truncate") sql = "DELETE FROM " + table, params.clear();
    for (size_t k = 0; k < keep[i].size(); ++k) {
      sql += k ? ", ?" : " AND " + key + " NOT IN (?";
      params.push_back(Text(keep[i][k]));
    }
    if (!keep[i].empty()) sql += ")";
    s = db_.Query(sql, params);
    const nlohmann::json event = {{"run_id", run_id_}, {"seed_run_id", b.run_id}, {"table", name},
                                   {"key_lo", b.key_lo}, {"key_hi", b.key_hi},
                                   {"rows", b.inserted - keep[i].size()}, {"kept", keep[i].size()},
                                   {"user", OsUser()}};
    if (s.ok()) log_.Info("rollback.delete", name + ": deleted keys " + b.key_lo + ".." + b.key_hi, event);
    if (s.ok() && audit_)
      audit_->Info("rollback.delete", name + ": deleted keys " + b.key_lo + ".." + b.key_hi,
                   event);
    deleted += b.inserted - keep[i].size();
    if (strategy == "truncate") break;
  }
  if (s.ok()) s = ledger_.ForgetTable(name);
  if (s.ok()) s = db_.CheckLock();
  if (s.ok()) s = db_.Commit();
  if (!s.ok()) {
    (void)db_.Rollback();
    return Outcome(name, RollbackState::kFailed, s.message() + " (nothing of this table was deleted)", 0);
  }
  r.state = r.kept ? RollbackState::kKept : RollbackState::kDeleted;
  if (r.kept) r.reason = std::to_string(r.kept) + " rows changed since seeding were kept (--include-modified deletes them)";
  r.rows = deleted;
  return r;
}

// Natural or composite keys: the seeded rows are regenerated from the same
// spec, seed and size, and deleted by key, 200 at a time, with the same
// guard and modified-row rules.
RollbackResult Rollback::ByKeys(const TablePlan& p, const LedgerTable& t, const TableSchema& schema, bool write,
                                RollbackResult r) {
  const std::string& name = p.spec->table;
  std::vector<int> key_cols;
  for (const std::string& k : schema.primary_key) key_cols.push_back(p.model->ColumnIndex(k));
  if (key_cols.empty() || std::find(key_cols.begin(), key_cols.end(), -1) != key_cols.end())
    return Outcome(name, RollbackState::kSkipped, "its primary key is not generated by the spec, so its rows cannot be found again");
  if (t.spec_hash != p.spec->content_hash || t.rows != p.rows || t.seed != plan_.options().seed)
    return Outcome(name, RollbackState::kSkipped, "its spec, seed or size changed since seeding, so its keys cannot be regenerated");
  const std::vector<std::string> cols = WrittenColumns(p, schema);
  std::vector<const ColumnInfo*> infos;
  std::vector<int> spec_cols;
  for (const std::string& c : cols) infos.push_back(schema.Find(c)), spec_cols.push_back(p.model->ColumnIndex(c));
  std::string tuple = "(", key_list;
  for (size_t i = 0; i < key_cols.size(); ++i) {
    tuple += (i ? ", ?" : "?");
    key_list += (i ? ", " : "") + db_.Ident(schema.primary_key[i]);
  }
  tuple += ")";
  Result<std::vector<ReferencingKey>> refs = db_.ReferencingKeys(name);
  if (!refs.ok()) return Outcome(name, RollbackState::kFailed, refs.status().message());
  std::vector<Value> values(p.model->column_count());
  RowSource source(p, plan_.options().source_db);
  uint64_t deleted = 0;
  Status s = write ? db_.Begin() : Status::Ok();
  bool blocked = false;  // s is the referencing-row guard's refusal
  r.rows = 0;
  for (const LedgerBatch& b : ledger_.Batches(name)) {
    for (uint64_t first = b.first_row; s.ok() && first < b.end_row; first += 200) {
      const uint64_t end = std::min(b.end_row, first + 200);
      // The chunk's rows as seeded, by key text.
      std::map<std::string, std::pair<std::vector<Value>, std::vector<std::string>>> rows;
      for (uint64_t row = first; s.ok() && row < end; ++row) {
        if (s = source.Row(row, values.data()); !s.ok()) break;
        std::vector<Value> key;
        std::string key_text;
        for (int k : key_cols) key.push_back(values[k]), key_text += values[k].ToText() + "\t";
        std::vector<std::string> cells;
        for (size_t i = 0; i < cols.size(); ++i) {
          const std::string text = values[spec_cols[i]].ToText();
          cells.push_back(NormalizeCell(values[spec_cols[i]].is_null() ? nullptr : text.c_str(), *infos[i]));
        }
        rows[key_text] = {std::move(key), std::move(cells)};
      }
      // Which of them are still there, unchanged.
      std::string where = " WHERE (" + key_list + ") IN (";
      std::vector<Value> params;
      for (const auto& [k, v] : rows) {
        where += (params.empty() ? "" : ", ") + tuple;
        params.insert(params.end(), v.first.begin(), v.first.end());
      }
      where += ")";
      std::string select;
      for (const std::string& c : cols) select += (select.empty() ? "" : ", ") + db_.Ident(c);
      std::vector<std::vector<Value>> doomed;
      s = db_.Query("SELECT " + select + " FROM " + db_.Ident(name) + where, params,
                    [&](const std::vector<const char*>& c) {
                      std::string key_text;
                      std::vector<std::string> cells;
                      for (size_t i = 0; i < c.size(); ++i) cells.push_back(NormalizeCell(c[i], *infos[i]));
                      for (const std::string& k : schema.primary_key)
                        key_text += cells[std::find(cols.begin(), cols.end(), k) - cols.begin()] + "\t";
                      auto it = rows.find(key_text);
                      if (it == rows.end()) return;
                      if (it->second.second != cells && !o_.include_modified) ++r.kept;
                      else doomed.push_back(it->second.first);
                    });
      if (!s.ok() || doomed.empty()) continue;
      r.rows += doomed.size();
      // Rows staying elsewhere that reference the doomed ones.
      for (const ReferencingKey& fk : *refs) {
        const int ref = static_cast<int>(std::find(schema.primary_key.begin(), schema.primary_key.end(), fk.ref_column) -
                                         schema.primary_key.begin());
        if (ref >= static_cast<int>(schema.primary_key.size())) continue;  // not a key column: see README
        std::string in;
        std::vector<Value> keys;
        for (const auto& d : doomed) in += (keys.empty() ? "?" : ", ?"), keys.push_back(d[ref]);
        std::string found;
        s = db_.Query("SELECT " + db_.Ident(fk.column) + " FROM " + db_.Ident(fk.table) + " WHERE " +
                          db_.Ident(fk.column) + " IN (" + in + ") LIMIT 1",
                      keys, [&](const std::vector<const char*>& c) { found = c[0] ? c[0] : "NULL"; });
        if (s.ok() && !found.empty())
          blocked = true, s = Status::Db("a row of " + fk.table + " that this rollback does not delete references seeded " + name +
                         " row " + fk.ref_column + "=" + found + " through " + fk.table + "." + fk.column +
                         " (constraint " + fk.constraint + "); delete or re-point it first");
      }
      if (!s.ok() || !write) continue;
      std::string del = "DELETE FROM " + db_.Ident(name) + " WHERE (" + key_list + ") IN (";
      std::vector<Value> del_params;
      for (const auto& d : doomed) {
        del += (del_params.empty() ? "" : ", ") + tuple;
        del_params.insert(del_params.end(), d.begin(), d.end());
      }
      s = db_.Query(del + ")", del_params);
      deleted += doomed.size();
    }
  }
  if (s.ok() && write) s = ledger_.ForgetTable(name);
  if (s.ok() && write) s = db_.CheckLock();
  if (s.ok() && write) s = db_.Commit();
  if (!s.ok()) {
    if (write) (void)db_.Rollback();
    return Outcome(name, blocked ? RollbackState::kBlocked : RollbackState::kFailed, s.message() + (write ? " (nothing of this table was deleted)" : ""));
  }
  if (!write) return r.state = RollbackState::kWouldDelete, r;
  if (audit_)
    audit_->Info("rollback.delete", name + ": deleted " + std::to_string(deleted) + " rows by key",
                 {{"run_id", run_id_}, {"table", name}, {"rows", deleted}, {"kept", r.kept}});
  r.state = r.kept ? RollbackState::kKept : RollbackState::kDeleted;
  r.rows = deleted;
  return r;
}

// Any row outside the seeded key range whose foreign key points into it.
Status Rollback::Guard(const TablePlan& p, const LedgerTable& t, const std::string& lo, const std::string& hi) {
  if (lo.empty()) return Status::Ok();
  const std::string& name = p.spec->table;
  Result<std::vector<ReferencingKey>> refs = db_.ReferencingKeys(name);
  if (!refs.ok()) return refs.status();
  for (const ReferencingKey& fk : *refs) {
    std::string sql = "SELECT " + db_.Ident(fk.column) + " FROM " + db_.Ident(fk.table) + " WHERE " +
                      db_.Ident(fk.column) + " IN (SELECT " + db_.Ident(fk.ref_column) + " FROM " +
                      db_.Ident(name) + " WHERE " + db_.Ident(t.key_column) + " BETWEEN ? AND ?)";
    std::vector<Value> params = {Text(lo), Text(hi)};
    // Rows this rollback deletes anyway (the referencing table's own seeded
    // rows, rolled back first) do not count.
    const LedgerTable* rt = ledger_.Table(fk.table);
    const bool also_rolled_back =
        rt && !rt->key_column.empty() && !kept_tables_.count(fk.table) &&
        (o_.tables.empty() || std::find(o_.tables.begin(), o_.tables.end(), fk.table) != o_.tables.end());
    if (also_rolled_back) {
      const std::vector<LedgerBatch> rb = ledger_.Batches(fk.table);
      std::string rlo, rhi;
      for (const LedgerBatch& b : rb)
        if (b.inserted) (rlo.empty() ? rlo = b.key_lo : rlo), rhi = b.key_hi;
      if (!rlo.empty()) {
        sql += " AND NOT (" + db_.Ident(rt->key_column) + " BETWEEN ? AND ?)";
        params.push_back(Text(rlo)), params.push_back(Text(rhi));
      }
    }
    std::string found;
    Status s = db_.Query(sql + " LIMIT 1", params, [&](const std::vector<const char*>& c) {
      found = c[0] ? c[0] : "NULL";
    });
    if (!s.ok()) return s;
    if (!found.empty())
      return Status::Db("a row of " + fk.table + " that this rollback does not delete references seeded " + name +
                        " row " + fk.ref_column + "=" + found + " through " + fk.table + "." + fk.column +
                        " (constraint " + fk.constraint + "); delete or re-point it first");
  }
  return Status::Ok();
}

Result<std::vector<std::string>> Rollback::Modified(Driver& db, const TablePlan& p, const LedgerTable& t,
                                                   const LedgerBatch& b, const TableSchema& schema) {
  std::vector<std::string> modified;
  if (!b.inserted) return modified;
  const std::vector<std::string> cols = WrittenColumns(p, schema);
  std::string select;
  for (const std::string& c : cols) select += (select.empty() ? "" : ", ") + db.Ident(c);
  const std::string sql = "SELECT " + select + " FROM " + db.Ident(p.spec->table) + " WHERE " +
                          db.Ident(t.key_column) + " BETWEEN ? AND ? ORDER BY " + db.Ident(t.key_column);
  // The server checks the batch itself when it can: one row back, not 5,000.
  if (const std::string crc = db.RowCrcSql(cols); !crc.empty()) {
    std::string count, sum;
    Status s = db.Query("SELECT COUNT(*), " + crc + " FROM " + db.Ident(p.spec->table) + " WHERE " +
                            db.Ident(t.key_column) + " BETWEEN ? AND ?",
                        {Text(b.key_lo), Text(b.key_hi)}, [&](const std::vector<const char*>& c) {
                          count = c[0] ? c[0] : "", sum = c[1] ? c[1] : "";
                        });
    if (!s.ok()) return s;
    if (count == std::to_string(b.inserted) && sum == std::to_string(b.row_crc)) return modified;
  }
  std::vector<const ColumnInfo*> infos;
  for (const std::string& c : cols) infos.push_back(schema.Find(c));
  int key = static_cast<int>(std::find(cols.begin(), cols.end(), t.key_column) - cols.begin());
  // First the batch digest, as at seeding time; only when it differs are
  // rows compared one by one with their regenerated originals.
  uint64_t crc = 0;
  std::string line;
  std::vector<std::vector<std::string>> rows;
  bool keep_rows = false;  // first pass: digest only, nothing kept in memory
  auto visit = [&](const std::vector<const char*>& c) {
    std::vector<std::string> row;
    line.clear();
    for (size_t i = 0; i < c.size(); ++i) {
      const bool plain = infos[i]->cls != ColumnClass::kDecimal && infos[i]->cls != ColumnClass::kFloat;
      std::string cell = plain && c[i] ? std::string() : NormalizeCell(c[i], *infos[i]);
      const char* text = plain && c[i] ? c[i] : cell.c_str();
      if (i) line += '\t';
      line += text;
      if (keep_rows) row.push_back(text);
    }
    crc ^= Crc32(line.data(), line.size());
    if (keep_rows) rows.push_back(std::move(row));
  };
  Status s = db.Query(sql, {Text(b.key_lo), Text(b.key_hi)}, visit);
  if (!s.ok()) return s;
  if (crc == b.row_crc) return modified;
  keep_rows = true;
  if (Status again = db.Query(sql, {Text(b.key_lo), Text(b.key_hi)}, visit); !again.ok()) return again;
  const bool same_spec = t.spec_hash == p.spec->content_hash && t.rows == p.rows &&
                         t.seed == plan_.options().seed;
  std::vector<int> spec_cols;
  for (const std::string& c : cols) spec_cols.push_back(p.model->ColumnIndex(c));
  // Seeded rows by key, regenerated (same spec) or unknown (spec changed).
  std::set<std::string> expected_keys;
  std::vector<Value> values(p.model->column_count());
  RowSource source(p, plan_.options().source_db);
  std::map<std::string, std::vector<std::string>> expected;
  if (same_spec)
    for (uint64_t row = b.first_row; row < b.end_row; ++row) {
      if (Status s = source.Row(row, values.data()); !s.ok()) return s;
      std::vector<std::string> e;
      for (size_t i = 0; i < cols.size(); ++i) {
        const std::string text = values[spec_cols[i]].ToText();
        e.push_back(NormalizeCell(values[spec_cols[i]].is_null() ? nullptr : text.c_str(), *infos[i]));
      }
      expected[e[key]] = std::move(e);
    }
  for (const auto& row : rows) {
    auto it = expected.find(row[key]);
    if (!same_spec || it == expected.end() || it->second != row) modified.push_back(row[key]);
  }
  return modified;
}

}  // namespace seed
