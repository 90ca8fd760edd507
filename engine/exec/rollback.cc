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
#include "engine/exec/conflict.h"

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

// A table whose transaction failed: rolled back, so none of its rows went.
RollbackResult Failed(const std::string& table, const Status& s, RollbackState state = RollbackState::kFailed) {
  RollbackResult r = Outcome(table, state, s.message() + " (nothing of this table was deleted)");
  r.code = s.code();
  return r;
}

int64_t Key(const std::string& text) { return std::strtoll(text.c_str(), nullptr, 10); }

// The rows of a batch: its key range (sequence keys are integers).
RowSelection BatchRows(const std::string& table, const LedgerTable& t, const LedgerBatch& b) {
  return RowSelection::Range(table, t.key_column, Key(b.key_lo), Key(b.key_hi));
}

// Why a table's rollback stops: a staying row references a seeded one.
std::string Referenced(const ReferencingKey& fk, const std::string& table, const std::string& value) {
  return "a row of " + fk.table + " that this rollback does not delete references seeded " + table + " row " +
         fk.ref_column + "=" + value + " through " + fk.table + "." + fk.column +
         (fk.constraint.empty() ? "" : " (constraint " + fk.constraint + ")") + "; delete or re-point it first";
}

// The columns the seeding wrote, as the ledger recorded them, so a column
// added to the table and the spec since then does not make every row look
// changed; a version-2 ledger did not record them: the spec's columns in
// the table, not generated.
std::vector<std::string> WrittenColumns(const TablePlan& p, const TableSchema& schema, const LedgerTable& t) {
  std::vector<std::string> out;
  if (!t.written_columns.empty()) {
    for (const std::string& c : t.written_columns)
      if (schema.Find(c)) out.push_back(c);
    return out;
  }
  for (const ColumnSpec& c : p.spec->columns)
    if (const ColumnInfo* col = schema.Find(c.name); col && !col->generated && c.write) out.push_back(c.name);
  return out;
}

// Scanned rows in the batch digest's format: cells joined by tabs, each as
// NormalizeCell gives it, and a cycle's deferred references as NULL (what
// the batch wrote: the second pass set them and rollback itself may have
// unlinked them already, neither of which is a user's change).
class DigestLine {
 public:
  DigestLine(const TablePlan& p, const TableSchema& schema, const std::vector<std::string>& cols)
      : deferred_(cols.size()) {
    for (const std::string& c : cols) infos_.push_back(schema.Find(c));
    for (int c : p.deferred)
      if (auto it = std::find(cols.begin(), cols.end(), p.spec->columns[c].name); it != cols.end())
        deferred_[it - cols.begin()] = true;
  }
  // The line of one row, its CRC returned; `row` (may be null) gets the cells.
  uint32_t Of(const std::vector<const char*>& c, std::vector<std::string>* row) {
    line_.clear();
    for (size_t i = 0; i < c.size(); ++i) {
      const char* in = deferred_[i] ? nullptr : c[i];
      const bool plain = infos_[i]->cls != ColumnClass::kDecimal && infos_[i]->cls != ColumnClass::kFloat;
      std::string cell = plain && in ? std::string() : NormalizeCell(in, *infos_[i]);
      const char* text = plain && in ? in : cell.c_str();
      if (i) line_ += '\t';
      line_ += text;
      if (row) row->push_back(text);
    }
    return Crc32(line_.data(), line_.size());
  }
  bool deferred(size_t column) const { return deferred_[column]; }

 private:
  std::vector<const ColumnInfo*> infos_;
  std::vector<bool> deferred_;
  std::string line_;
};

}  // namespace

Rollback::Rollback(const Plan& plan, Driver& db, Ledger& ledger, Log& log, Log* audit, RollbackOptions o,
                   Driver* reader)
    : plan_(plan),
      db_(db),
      ledger_(ledger),
      log_(log),
      audit_(audit),
      reader_(reader),
      o_(std::move(o)),
      keys_(SeededKeyBases(plan, ledger)) {}

Result<Rollback::KeepLists> Rollback::Verify(Driver& db, const TablePlan& p, const LedgerTable& t,
                                             const std::vector<LedgerBatch>& batches) {
  KeepLists keep(batches.size());
  if (o_.include_modified || t.key_column.empty()) return keep;
  Result<TableSchema> schema = db.catalog().Inspect(p.spec->table);
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
  Result<std::string> id = ledger_.StartRun(o_.kind, o_.env, "-", 0);
  if (!id.ok()) return {Outcome("(ledger)", RollbackState::kFailed, id.status().message())};
  run_id_ = *id;
  std::vector<RollbackResult> out = RunTables();
  bool failed = false;
  for (const RollbackResult& r : out)
    failed = failed || r.state == RollbackState::kFailed || r.state == RollbackState::kBlocked || r.interrupted;
  (void)ledger_.FinishRun(run_id_, failed ? "partial" : "done");
  return out;
}

std::vector<RollbackResult> Rollback::Rehearse() {
  if (Status s = db_.session().Begin(); !s.ok()) return {Outcome("(rehearsal)", RollbackState::kFailed, s.message())};
  rehearsal_ = true;
  std::vector<RollbackResult> out = RunTables();
  rehearsal_ = false;
  (void)db_.session().Rollback();
  for (RollbackResult& r : out)
    if (r.state == RollbackState::kDeleted) r.state = RollbackState::kWouldDelete;
  return out;
}

Status Rollback::Open() {
  if (in_group_) return Status::Ok();
  return rehearsal_ ? db_.session().Savepoint() : db_.session().Begin();
}
Status Rollback::Close() {
  if (in_group_) return Status::Ok();
  if (rehearsal_) return db_.session().ReleaseSavepoint();
  // The backup is on disk before the delete commits.
  if (Status s = backup() ? backup()->Flush() : Status::Ok(); !s.ok()) return s;
  Status s = db_.session().Commit();
  if (s.ok() && backup()) backup()->Committed();
  return s;
}
void Rollback::Abandon() {
  if (in_group_) {
    group_failed_ = true;  // the group's end rolls it all back
    return;
  }
  if (!rehearsal_) {
    (void)db_.session().Rollback();
    if (backup()) backup()->Discard();
    return;
  }
  (void)db_.session().RollbackToSavepoint();
  (void)db_.session().ReleaseSavepoint();
}

Status Rollback::OpenGroup() {
  Status s = Open();
  if (s.ok()) s = db_.session().DeferForeignKeys();
  if (!s.ok()) return Abandon(), s;
  in_group_ = true, group_failed_ = false;
  return s;
}

void Rollback::CloseGroup(std::vector<RollbackResult>& out, size_t first) {
  in_group_ = false;
  Status s = group_failed_ ? Status::Db("a table of the group failed") : Status::Ok();
  std::vector<TableSchema> tables;
  for (size_t i = first; s.ok() && i < out.size(); ++i) {
    if (out[i].state == RollbackState::kFailed || out[i].state == RollbackState::kBlocked)
      s = Status::Db(out[i].table + ": " + out[i].reason);
    Result<TableSchema> schema = db_.catalog().Inspect(out[i].table);
    if (s.ok()) s = schema.status();
    if (s.ok()) tables.push_back(std::move(*schema));
  }
  if (s.ok()) s = db_.session().ProveForeignKeys(tables);
  if (s.ok()) s = db_.lock().Check();
  if (s.ok()) s = Close();
  if (s.ok()) return;
  Abandon();
  for (size_t i = first; i < out.size(); ++i) {
    RollbackResult& r = out[i];
    kept_tables_.insert(r.table);
    if (r.state == RollbackState::kDeleted || r.state == RollbackState::kKept) {
      r.state = RollbackState::kFailed, r.rows = 0;
      r.reason = "its NOT NULL cycle group is rolled back all or nothing, and failed: " + s.message();
    }
  }
}

std::vector<RollbackResult> Rollback::RunTables() {
  std::vector<RollbackResult> out;
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
  size_t group_first = 0;  // the open group's first result in out
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
      continue;
    }
    if (it->group >= 0 && !in_group_) {
      group_first = out.size();
      if (Status s = OpenGroup(); !s.ok()) {
        out.push_back(Outcome(name, RollbackState::kFailed, s.message()));
        kept_tables_.insert(name);
        continue;
      }
    }
    RollbackResult r = Table(*it, true, verified ? &*verified : nullptr);
    // The table's transaction again, once the ledger is read back (the
    // aborted one had forgotten the table). A group fails whole; a
    // rehearsal is rolled back anyway.
    for (int attempt = 0; !in_group_ && !rehearsal_ && RetryConflict(log_, name, r.code, r.reason, attempt);
         ++attempt) {
      if (Status s = ledger_.Load(); !s.ok()) break;
      r = Table(*it, true, verified ? &*verified : nullptr);
    }
    // Rows left in place keep their parents: the guard must see them.
    if (r.state != RollbackState::kDeleted) kept_tables_.insert(name);
    if (!rehearsal_)
      log_.Event(r.state == RollbackState::kDeleted || r.state == RollbackState::kSkipped ? Level::kInfo : Level::kWarn,
               std::string("rollback.") + StateName(r.state),
               name + ": " + StateName(r.state) + " " + std::to_string(r.rows) + " rows" +
                   (r.kept ? ", kept " + std::to_string(r.kept) + " modified" : "") +
                   (r.reason.empty() ? "" : " (" + r.reason + ")"),
               {{"table", name}, {"rows", r.rows}, {"kept", r.kept}, {"reason", r.reason}, {"run_id", run_id_}});
    out.push_back(std::move(r));
    if (in_group_ && (k + 1 == order.size() || order[k + 1]->group != it->group)) CloseGroup(out, group_first);
  }
  if (in_group_) CloseGroup(out, group_first);  // interrupted inside a group
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
  Result<TableSchema> schema = db_.catalog().Inspect(name);
  if (t.key_column.empty() && schema.ok() && strategy != "truncate") return ByKeys(p, t, *schema, write, r);
  if (!schema.ok()) return Outcome(name, RollbackState::kFailed, schema.status().message());
  if (strategy == "truncate") {
    if (o_.env != "dev") return Outcome(name, RollbackState::kBlocked, "rollback: truncate runs in dev only", r.rows);
    Result<uint64_t> n = db_.session().CountRows(name);
    if (!n.ok()) return Outcome(name, RollbackState::kFailed, n.status().message());
    if (*n != r.rows)
      return Outcome(name, RollbackState::kBlocked,
                     "rollback: truncate refused: the table holds " + std::to_string(*n - std::min(*n, r.rows)) +
                         " rows seed-engine did not insert",
                     r.rows);
  }
  if (Status s = r.key_lo.empty() ? Status::Ok()
                                   : Guard(p, RowSelection::Range(name, t.key_column, Key(r.key_lo), Key(r.key_hi)));
      !s.ok()) {
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
  Session& db = db_.session();
  Status s = Open();
  if (s.ok()) s = Unlink(name);
  uint64_t deleted = 0;
  // Truncate empties the table in one statement, unless rows are kept:
  // then it deletes batch by batch like `delete`, sparing them.
  const bool truncate = strategy == "truncate" && r.kept == 0;
  auto selection = [&](size_t i) {
    RowSelection rows = truncate ? RowSelection::All(name) : BatchRows(name, t, batches[i]);
    for (const std::string& k : keep[i]) rows.except.push_back(Key(k));
    return rows;
  };
  // Saved first batch first, so a restore inserts the row a self-reference
  // points at before the row pointing.
  for (size_t i = 0; s.ok() && i < batches.size(); ++i)
    if (batches[i].inserted && (s = Save(*schema, selection(i))).ok() && truncate) break;
  // Deleted last batch first: a self-reference points at earlier rows, so
  // no statement deletes a row that a row still there references.
  for (size_t i = batches.size(); s.ok() && i-- > 0;) {
    const LedgerBatch& b = batches[i];
    if (!b.inserted) continue;
    const RowSelection rows = selection(i);
    if (s = ClearSelfReferences(*schema, rows); !s.ok()) break;
    Result<uint64_t> gone = db.Delete(rows);
    s = gone.status();
    const nlohmann::json event = {{"run_id", run_id_}, {"seed_run_id", b.run_id}, {"table", name},
                                   {"key_lo", b.key_lo}, {"key_hi", b.key_hi},
                                   {"rows", b.inserted - keep[i].size()}, {"kept", keep[i].size()},
                                   {"user", OsUser()}, {"backup", BackupFile(name)}};
    if (s.ok() && !rehearsal_) log_.Event(Level::kDebug, "rollback.delete", name + ": deleted keys " + b.key_lo + ".." + b.key_hi, event);
    if (s.ok() && audit_ && !rehearsal_)
      audit_->Info("rollback.delete", name + ": deleted keys " + b.key_lo + ".." + b.key_hi,
                   event);
    if (gone.ok()) deleted += *gone;
    if (truncate) break;
  }
  // A table leaves the ledger only with its last seeded row: kept rows stay
  // recorded, for a later rollback --include-modified.
  if (s.ok() && r.kept == 0) s = Forget(name);
  if (s.ok()) s = db_.lock().Check();
  if (s.ok()) s = Close();
  if (!s.ok()) {
    Abandon();
    return Failed(name, s);
  }
  r.state = r.kept ? RollbackState::kKept : RollbackState::kDeleted;
  if (r.kept)
    r.reason = std::to_string(r.kept) + " rows changed since seeding were kept (--include-modified deletes them);"
               " the table stays in the ledger until they are gone";
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
    return Outcome(name, RollbackState::kBlocked,
                   "its primary key is not generated by the spec, so its seeded rows cannot be told from others"
                   " (seeded by an older seed-engine, which allowed it); delete them by hand, or declare"
                   " `rollback: truncate` in " + p.spec->file + " (dev only) and roll back again",
                   r.rows);
  if (t.spec_hash != p.spec->content_hash || t.rows != p.rows || t.seed != plan_.options().seed)
    return Outcome(name, RollbackState::kSkipped, "its spec, seed or size changed since seeding, so its keys cannot be regenerated");
  // A set that holds exactly the seeded rows (count and digest as
  // recorded: no user row in it, none changed) goes in one DELETE: the rows
  // under the seeded parents (a junction table), or the whole table when it
  // holds no more rows than were seeded (natural keys into an empty table).
  Session::Digest seeded;
  for (const LedgerBatch& b : ledger_.Batches(name)) seeded.rows += b.inserted, seeded.crc ^= b.row_crc;
  std::optional<RowSelection> all = ParentRange(p, schema);
  if (!all)
    if (Result<uint64_t> n = db_.session().CountRows(name); n.ok() && *n == seeded.rows) all = RowSelection::All(name);
  if (all) {
    Result<Session::Digest> found = DigestOf(db_, p, schema, t, *all);
    if (!found.ok()) return Outcome(name, RollbackState::kFailed, found.status().message());
    if (found->rows == seeded.rows && found->crc == seeded.crc) return BySelection(p, schema, *all, write, r);
  }
  const std::vector<std::string> cols = WrittenColumns(p, schema, t);
  std::vector<const ColumnInfo*> infos;
  std::vector<int> spec_cols;
  for (const std::string& c : cols) infos.push_back(schema.Find(c)), spec_cols.push_back(p.model->ColumnIndex(c));
  Session& db = db_.session();
  Result<std::vector<ReferencingKey>> refs = db_.catalog().ReferencingKeys(name);
  if (!refs.ok()) return Outcome(name, RollbackState::kFailed, refs.status().message());
  std::vector<Value> values(p.model->column_count());
  RowSource source(p, &keys_, plan_.options().source_db);
  uint64_t deleted = 0;
  Status s = write ? Open() : Status::Ok();
  if (s.ok() && write) s = Unlink(name);
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
      std::vector<std::vector<Value>> keys;
      for (const auto& [k, v] : rows) keys.push_back(v.first);
      std::vector<std::vector<Value>> doomed;
      s = db.Scan(RowSelection::Keys(name, schema.primary_key, std::move(keys)), cols, {},
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
      const RowSelection gone = RowSelection::Keys(name, schema.primary_key, doomed);
      // Rows staying elsewhere that reference the doomed ones.
      for (const ReferencingKey& fk : *refs) {
        Result<std::optional<std::string>> found = db.FindReferencing(fk, gone, nullptr);
        s = found.status();
        if (s.ok() && *found)
          blocked = true, s = Status::Db(Referenced(fk, name, **found));
        if (!s.ok()) break;
      }
      if (!s.ok() || !write) continue;
      if (s = Save(schema, gone); !s.ok()) break;
      s = db.Delete(gone).status();
      deleted += doomed.size();
    }
  }
  if (s.ok() && write && r.kept == 0) s = Forget(name);
  if (s.ok() && write) s = db_.lock().Check();
  if (s.ok() && write) s = Close();
  if (!s.ok()) {
    const RollbackState state = blocked ? RollbackState::kBlocked : RollbackState::kFailed;
    if (!write) return Outcome(name, state, s.message());
    Abandon();
    return Failed(name, s, state);
  }
  if (!write) return r.state = RollbackState::kWouldDelete, r;
  if (audit_ && !rehearsal_)
    audit_->Info("rollback.delete", name + ": deleted " + std::to_string(deleted) + " rows by key",
                 {{"run_id", run_id_}, {"table", name}, {"rows", deleted}, {"kept", r.kept}, {"user", OsUser()},
                  {"backup", BackupFile(name)}});
  r.state = r.kept ? RollbackState::kKept : RollbackState::kDeleted;
  r.rows = deleted;
  return r;
}

// A table's references to itself, set NULL on the rows about to be deleted
// (in the open transaction): a database that checks a RESTRICT key at each
// row (SQLite, InnoDB) would otherwise stop at a row whose parent among
// them is not gone yet, and a CASCADE would take rows the statement's
// count does not include. Columns declared NOT NULL are left to the
// delete order.
Status Rollback::ClearSelfReferences(const TableSchema& schema, const RowSelection& rows) {
  std::vector<std::string> columns;
  for (const ForeignKeyInfo& fk : schema.foreign_keys)
    if (const ColumnInfo* c = schema.Find(fk.column); fk.ref_table == schema.name && c && !c->not_null)
      columns.push_back(fk.column);
  return columns.empty() ? Status::Ok() : db_.session().SetNull(rows, columns).status();
}

std::optional<RowSelection> Rollback::SeededRange(const std::string& table) const {
  const LedgerTable* t = ledger_.Table(table);
  if (!t || t->key_column.empty()) return std::nullopt;
  std::string lo, hi;
  for (const LedgerBatch& b : ledger_.Batches(table))
    if (b.inserted) (lo.empty() ? lo = b.key_lo : lo), hi = b.key_hi;
  if (lo.empty()) return std::nullopt;
  return RowSelection::Range(table, t->key_column, Key(lo), Key(hi));
}

// A dependency cycle was broken by a deferred reference (written NULL, then
// set by a second pass) in a table seeded before `table` and so rolled
// back after it: those references are set back to NULL, in the caller's
// transaction, before the rows they point at are deleted. Only the
// seeded rows of tables this rollback also undoes; anything else pointing
// at `table` is a referencing row the guard stops at.
Status Rollback::Unlink(const std::string& table) {
  for (const TablePlan& q : plan_.tables()) {
    const std::string& name = q.spec->table;
    const LedgerTable* t = ledger_.Table(name);
    if (q.deferred.empty() || !t || t->key_column.empty() || name == table || q.spec->rollback == "none") continue;
    if (!o_.tables.empty() && std::find(o_.tables.begin(), o_.tables.end(), name) == o_.tables.end()) continue;
    std::vector<std::string> columns;
    for (int c : q.deferred) {
      const Generator* g = q.model->generator(c);
      if (g && g->LinkedTable() && g->LinkedTable()->name() == table) columns.push_back(q.spec->columns[c].name);
    }
    const std::optional<RowSelection> seeded = SeededRange(name);
    if (columns.empty() || !seeded) continue;
    if (backup())
      if (Status s = backup()->SaveLinks(db_.session(), name, t->key_column, columns, *seeded); !s.ok()) return s;
    Result<uint64_t> n = db_.session().SetNull(*seeded, columns);
    if (!n.ok()) return n.status();
    if (*n)
      log_.Info("rollback.unlink", name + ": " + std::to_string(*n) + " deferred references to " + table +
                                       " set back to NULL before its rows are deleted",
                {{"table", name}, {"target", table}, {"rows", *n}});
  }
  return Status::Ok();
}

Status Rollback::Save(const TableSchema& schema, const RowSelection& rows) {
  return backup() ? backup()->SaveRows(db_.session(), schema, rows) : Status::Ok();
}

Status Rollback::Forget(const std::string& table) {
  if (backup()) backup()->SaveLedger(*ledger_.Table(table), ledger_.Batches(table));
  // The pii trail keeps the erasure, in the same transaction as the delete.
  if (const TablePlan* p = plan_.Find(table); p && !rehearsal_)
    if (Status s = ledger_.RecordPii(run_id_, *p->spec, o_.env, "erased"); !s.ok()) return s;
  return ledger_.ForgetTable(table);
}

// Any row outside the seeded rows whose foreign key points into them.
Status Rollback::Guard(const TablePlan& p, const RowSelection& seeded) {
  const std::string& name = p.spec->table;
  Result<std::vector<ReferencingKey>> refs = db_.catalog().ReferencingKeys(name);
  if (!refs.ok()) return refs.status();
  for (const ReferencingKey& fk : *refs) {
    // Rows this rollback deletes anyway (the referencing table's own seeded
    // rows, rolled back first) do not count.
    const LedgerTable* rt = ledger_.Table(fk.table);
    const bool also_rolled_back =
        rt && !rt->key_column.empty() && !kept_tables_.count(fk.table) &&
        (o_.tables.empty() || std::find(o_.tables.begin(), o_.tables.end(), fk.table) != o_.tables.end());
    const std::optional<RowSelection> spared = also_rolled_back ? SeededRange(fk.table) : std::nullopt;
    Result<std::optional<std::string>> found =
        db_.session().FindReferencing(fk, seeded, spared ? &*spared : nullptr);
    if (!found.ok()) return found.status();
    if (*found)
      return Status::Db(Referenced(fk, name, **found) +
                        (rt && !also_rolled_back ? " (" + fk.table + " was seeded too: `--table " + name +
                                                       "+` rolls back " + name + " with the tables that depend on it)"
                                                 : ""));
  }
  return Status::Ok();
}

// A junction table's seeded rows are the rows whose parent is a seeded
// one: its primary key holds a foreign key to the key range a parent got
// in this ledger. Used only when that selection's row count and digest are
// exactly what the ledger recorded (no user row points at a seeded parent,
// no seeded row changed): then one set-based DELETE replaces regenerating
// and deleting the keys 200 at a time.
std::optional<RowSelection> Rollback::ParentRange(const TablePlan& p, const TableSchema& schema) const {
  for (const std::string& k : schema.primary_key)
    for (const ForeignKeyInfo& fk : schema.foreign_keys) {
      if (fk.column != k || fk.ref_table == p.spec->table || p.model->ColumnIndex(k) < 0) continue;
      const LedgerTable* parent = ledger_.Table(fk.ref_table);
      const std::optional<RowSelection> range = parent && parent->key_column == fk.ref_column
                                                    ? SeededRange(fk.ref_table) : std::nullopt;
      if (range) return RowSelection::Range(p.spec->table, fk.column, range->lo, range->hi);
    }
  return std::nullopt;
}

Result<Session::Digest> Rollback::DigestOf(Driver& db, const TablePlan& p, const TableSchema& schema,
                                           const LedgerTable& t, const RowSelection& rows) {
  const std::vector<std::string> cols = WrittenColumns(p, schema, t);
  DigestLine digest(p, schema, cols);
  Session::Digest d;
  Status s = db.session().Scan(rows, cols, {}, [&](const std::vector<const char*>& c) {
    d.crc ^= digest.Of(c, nullptr);
    ++d.rows;
  });
  if (!s.ok()) return s;
  return d;
}

RollbackResult Rollback::BySelection(const TablePlan& p, const TableSchema& schema, const RowSelection& rows,
                                     bool write, RollbackResult r) {
  const std::string& name = p.spec->table;
  if (Status s = Guard(p, rows); !s.ok()) return Outcome(name, RollbackState::kBlocked, s.message(), r.rows);
  if (!write) return r.state = RollbackState::kWouldDelete, r;
  Status s = Open();
  if (s.ok()) s = Unlink(name);
  if (s.ok()) s = Save(schema, rows);
  if (s.ok()) s = ClearSelfReferences(schema, rows);
  Result<uint64_t> gone = s.ok() ? db_.session().Delete(rows) : Result<uint64_t>(s);
  s = gone.status();
  if (s.ok()) s = Forget(name);
  if (s.ok()) s = db_.lock().Check();
  if (s.ok()) s = Close();
  if (!s.ok()) {
    Abandon();
    return Failed(name, s);
  }
  if (audit_ && !rehearsal_)
    audit_->Info("rollback.delete", name + ": deleted " + std::to_string(*gone) + " rows under seeded " + rows.key,
                 {{"run_id", run_id_}, {"table", name}, {"rows", *gone}, {"kept", 0}, {"user", OsUser()},
                  {"backup", BackupFile(name)}});
  r.state = RollbackState::kDeleted;
  r.rows = *gone;
  return r;
}

Result<std::vector<std::string>> Rollback::Modified(Driver& db, const TablePlan& p, const LedgerTable& t,
                                                   const LedgerBatch& b, const TableSchema& schema) {
  std::vector<std::string> modified;
  if (!b.inserted) return modified;
  const std::vector<std::string> cols = WrittenColumns(p, schema, t);
  const RowSelection batch = BatchRows(p.spec->table, t, b);
  // The server checks the batch itself when it can: one row back, not 5,000.
  Result<std::optional<Session::Digest>> server = db.session().ServerDigest(batch, cols);
  if (!server.ok()) return server.status();
  if (*server && (*server)->rows == b.inserted && (*server)->crc == b.row_crc) return modified;
  std::vector<const ColumnInfo*> infos;
  for (const std::string& c : cols) infos.push_back(schema.Find(c));
  int key = static_cast<int>(std::find(cols.begin(), cols.end(), t.key_column) - cols.begin());
  // First the batch digest, as at seeding time; only when it differs are
  // rows compared one by one with their regenerated originals.
  Result<Session::Digest> digest = DigestOf(db, p, schema, t, batch);
  if (!digest.ok()) return digest.status();
  if (digest->crc == b.row_crc) return modified;
  DigestLine line(p, schema, cols);
  std::vector<std::vector<std::string>> rows;
  auto visit = [&](const std::vector<const char*>& c) {
    std::vector<std::string> row;
    line.Of(c, &row);
    rows.push_back(std::move(row));
  };
  const std::vector<std::string> order = {t.key_column};
  if (Status again = db.session().Scan(batch, cols, order, visit); !again.ok()) return again;
  const bool same_spec = t.spec_hash == p.spec->content_hash && t.rows == p.rows &&
                         t.seed == plan_.options().seed;
  std::vector<int> spec_cols;
  for (const std::string& c : cols) spec_cols.push_back(p.model->ColumnIndex(c));
  // Seeded rows by key, regenerated (same spec) or unknown (spec changed).
  std::set<std::string> expected_keys;
  std::vector<Value> values(p.model->column_count());
  RowSource source(p, &keys_, plan_.options().source_db);
  std::map<std::string, std::vector<std::string>> expected;
  if (same_spec)
    for (uint64_t row = b.first_row; row < b.end_row; ++row) {
      if (Status s = source.Row(row, values.data()); !s.ok()) return s;
      std::vector<std::string> e;
      for (size_t i = 0; i < cols.size(); ++i) {
        const std::string text = values[spec_cols[i]].ToText();
        const bool null = line.deferred(i) || values[spec_cols[i]].is_null();
        e.push_back(NormalizeCell(null ? nullptr : text.c_str(), *infos[i]));
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
