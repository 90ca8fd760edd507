#include "engine/exec/executor.h"

#include <algorithm>
#include <set>

#include "engine/core/interrupt.h"
#include "engine/exec/batch_stream.h"
#include "engine/exec/schema_check.h"

namespace seed {

Code RunSummary::code() const {
  if (interrupted || invalid > 0) return Code::kPartial;
  for (const TableResult& t : tables)
    if (t.status == "failed" || t.status == "partial" ||
        (t.status == "skipped" && !t.reason.empty() && t.reason.rfind("depends", 0) == 0))
      return Code::kPartial;
  return Code::kOk;
}

std::string RunSummary::Table() const {
  std::string out;
  char line[256];
  snprintf(line, sizeof line, "%-24s %-8s %10s %10s %8s\n", "table", "status", "inserted",
           "skipped", "ms");
  out += line;
  for (const TableResult& t : tables) {
    snprintf(line, sizeof line, "%-24s %-8s %10llu %10llu %8lld", t.table.c_str(), t.status.c_str(),
             static_cast<unsigned long long>(t.inserted),
             static_cast<unsigned long long>(t.invalid), static_cast<long long>(t.ms));
    out += line;
    if (!t.reason.empty()) out += "  " + t.reason;
    out += '\n';
  }
  snprintf(line, sizeof line, "%-24s %-8s %10llu %10llu %8lld\n", "total", "",
           static_cast<unsigned long long>(inserted), static_cast<unsigned long long>(invalid),
           static_cast<long long>(ms));
  out += line;
  return out;
}

Executor::Executor(const Plan& plan, Driver* driver, Log& log, RunOptions options)
    : plan_(plan), driver_(driver), log_(log), options_(options) {}

Status Executor::Validate() {
  if (!driver_) return Status::Ok();
  Diagnostics drift, other;
  for (const TablePlan& p : plan_.tables()) {
    if (!p.selected) continue;
    Result<TableSchema> schema = driver_->Inspect(p.spec->table);
    if (!schema.ok()) {
      other.Add(schema.status());
      continue;
    }
    Target t;
    t.write = CheckSchema(p, *schema, drift);
    t.schema = std::move(*schema);
    if (t.schema.exists && !options_.dry_run) {
      Result<uint64_t> n = driver_->CountRows(p.spec->table);
      if (n.ok() && *n > 0)
        other.Error(Code::kSpec,
                    p.spec->table + ": table already holds " + std::to_string(*n) +
                        " rows; seed-engine writes explicit keys and would collide with them. "
                        "Empty the table or seed a fresh database");
    }
    targets_[p.spec->table] = std::move(t);
  }
  if (!drift.ok()) return drift.ToStatus();
  return other.ToStatus();
}

RunSummary Executor::Run() {
  RunSummary sum;
  const int64_t start = NowMs();
  std::set<std::string> broken;  // failed or skipped: their dependents cannot be seeded
  for (const TablePlan& p : plan_.tables()) {
    if (!p.selected) continue;
    TableResult r;
    r.table = p.spec->table;
    r.planned = p.rows;
    for (const std::string& d : p.depends)
      if (broken.count(d)) {
        r.status = "skipped";
        r.reason = "depends on " + d + ", which was not seeded";
        break;
      }
    if (r.status.empty() && (sum.interrupted = sum.interrupted || InterruptRequested())) {
      r.status = "skipped";
      r.reason = "interrupted";
    }
    if (r.status.empty()) r = SeedTable(p);
    if (r.status == "skipped" || r.status == "failed") {
      broken.insert(r.table);
      log_.Event(r.status == "failed" ? Level::kError : Level::kWarn, "table." + r.status,
                 r.table + ": " + r.status + ": " + r.reason,
                 {{"table", r.table}, {"reason", r.reason}, {"inserted", r.inserted}});
    } else {
      log_.Info("table.done",
                r.table + ": " + std::to_string(r.inserted) + " rows" +
                    (options_.dry_run ? " generated" : " inserted") +
                    (r.invalid ? ", " + std::to_string(r.invalid) + " skipped" : "") + " in " +
                    std::to_string(r.ms) + " ms",
                {{"table", r.table}, {"inserted", r.inserted}, {"skipped", r.invalid},
                 {"duration_ms", r.ms}, {"status", r.status}});
    }
    sum.interrupted = sum.interrupted || r.reason == "interrupted";
    sum.inserted += r.inserted;
    sum.invalid += r.invalid;
    sum.tables.push_back(std::move(r));
  }
  sum.ms = NowMs() - start;
  return sum;
}

void Executor::LogInvalid(const TablePlan& p, uint64_t row, const std::string& why,
                          TableResult& r) {
  last_row_error_ = why;
  if (++r.invalid <= static_cast<uint64_t>(options_.max_row_logs))
    log_.Warn("row.skipped", p.spec->table + " row " + std::to_string(row) + ": " + why,
              {{"table", p.spec->table}, {"row", row}, {"reason", why}});
}

bool Executor::CheckRow(const TablePlan& p, const Value* row, uint64_t index, TableResult& r) {
  auto it = targets_.find(p.spec->table);
  if (it == targets_.end()) return true;
  for (int c : it->second.write) {
    const ColumnSpec& spec = p.spec->columns[c];
    const ColumnInfo* info = it->second.schema.Find(spec.name);
    if (!info) continue;
    const std::string why = RowProblem(row[c], *info);
    if (!why.empty()) {
      LogInvalid(p, index, spec.name + ": " + why, r);
      return false;
    }
  }
  return true;
}

Status Executor::InsertRun(const TablePlan& p, Inserter& ins, const Value* rows, size_t width,
                           const uint64_t* row_index, size_t count, TableResult& r) {
  if (count == 0) return Status::Ok();
  if (Status s = driver_->Savepoint(); !s.ok()) return s;
  Status s = ins.Insert(rows, count);
  if (s.ok()) {
    r.inserted += count;
    return driver_->ReleaseSavepoint();
  }
  if (Status rb = driver_->RollbackToSavepoint(); !rb.ok()) return rb;
  if (Status rel = driver_->ReleaseSavepoint(); !rel.ok()) return rel;
  if (count == 1) {
    LogInvalid(p, row_index[0], s.message(), r);
    return Status::Ok();
  }
  // Split in halves: k bad rows cost O(k log batch) statements, and only
  // they are skipped.
  const size_t half = count / 2;
  if (Status h = InsertRun(p, ins, rows, width, row_index, half, r); !h.ok()) return h;
  return InsertRun(p, ins, rows + half * width, width, row_index + half, count - half, r);
}

TableResult Executor::SeedTable(const TablePlan& p) {
  TableResult r;
  r.table = p.spec->table;
  r.planned = p.rows;
  const int64_t start = NowMs();
  const size_t n = p.model->column_count();
  std::unique_ptr<Inserter> inserter;
  auto target = targets_.find(p.spec->table);
  const bool write = driver_ && !options_.dry_run;
  std::vector<int> write_cols;
  if (target != targets_.end()) write_cols = target->second.write;
  else
    for (size_t c = 0; c < n; ++c) write_cols.push_back(static_cast<int>(c));
  const bool project = write_cols.size() != n;
  if (write) {
    std::vector<std::string> names;
    for (int c : write_cols) names.push_back(p.spec->columns[c].name);
    auto ins = driver_->PrepareInsert(target->second.schema, names);
    if (!ins.ok()) {
      r.status = "failed", r.reason = ins.status().message();
      return r;
    }
    inserter = std::move(*ins);
  }
  BatchStream stream(*p.model, 0, p.rows, options_.batch_rows);
  const size_t width = write_cols.size();
  std::vector<Value> valid;         // the batch's valid rows, projected to written columns
  std::vector<uint64_t> valid_rows;  // their table row indexes, for error reports
  uint64_t done = 0;
  while (RowBatch* b = stream.Next()) {
    if (InterruptRequested()) {
      r.status = "failed", r.reason = "interrupted";
      stream.Recycle(b);
      break;
    }
    valid.resize(b->count * width);
    valid_rows.clear();
    for (size_t i = 0; i < b->count; ++i) {
      Value* row = &b->values[i * n];
      if (!CheckRow(p, row, b->first_row + i, r)) continue;
      // Swap, not copy: both buffers keep their string capacity.
      for (size_t c = 0; write && c < width; ++c)
        std::swap(valid[valid_rows.size() * width + c], row[write_cols[c]]);
      valid_rows.push_back(b->first_row + i);
    }
    done += b->count;
    stream.Recycle(b);
    if (!write) {
      r.inserted += valid_rows.size();
      continue;
    }
    const uint64_t before = r.inserted, invalid_before = r.invalid;
    Status s = driver_->Begin();
    if (s.ok()) s = InsertRun(p, *inserter, valid.data(), width, valid_rows.data(),
                              valid_rows.size(), r);
    // Every row of a batch rejected: the table itself is broken (dropped,
    // locked, disk full); stop it rather than logging each row.
    if (s.ok() && !valid_rows.empty() && r.inserted == before && valid_rows.size() > 1)
      s = Status::Db(p.spec->table + ": every row of the batch was rejected; last error: " +
                     last_row_error_);
    if (s.ok()) s = driver_->Commit();
    if (!s.ok()) {
      (void)driver_->Rollback();
      r.inserted = before, r.invalid = invalid_before;
      r.status = "failed", r.reason = s.message();
      break;
    }
    log_.Progress(p.spec->table, done, p.rows);
  }
  log_.EndProgress();
  r.ms = NowMs() - start;
  if (r.status.empty()) r.status = options_.dry_run ? "dry-run" : (r.invalid ? "partial" : "ok");
  if (r.status == "failed" && r.inserted > 0)
    r.reason += " (" + std::to_string(r.inserted) + " rows were committed before the failure)";
  return r;
}

}  // namespace seed
