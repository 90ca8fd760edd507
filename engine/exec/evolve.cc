#include "engine/exec/evolve.h"

#include <algorithm>

#include "engine/core/interrupt.h"
#include "engine/exec/checksum.h"
#include "engine/exec/row_source.h"

namespace seed {

namespace {

constexpr size_t kUpdateRows = 500;

bool Contains(const std::vector<int>& v, int x) { return std::find(v.begin(), v.end(), x) != v.end(); }

}  // namespace

std::vector<int> AddedColumns(const TablePlan& p, const LedgerTable& t, const std::vector<LedgerBatch>& batches,
                              const std::vector<int>& write, uint64_t seed, std::string* why_not) {
  auto no = [&](const std::string& why) {
    *why_not = why;
    return std::vector<int>();
  };
  if (t.seed != seed || t.rows != p.rows) return no("its seed or row count changed too");
  if (t.written_columns.empty())
    return no("the ledger does not say which columns were written (seeded by seed-engine 0.2 or older)");
  if (t.key_column.empty()) return no("it has no sequence key to find its seeded rows by");
  if (p.group >= 0) return no("it is part of a NOT NULL dependency cycle, seeded all or nothing");
  if (t.second_pass == SecondPass::kPending) return no("its seeding has not finished (second pass pending)");
  uint64_t rows = 0;
  for (const LedgerBatch& b : batches) {
    if (b.inserted != b.end_row - b.first_row) return no("some of its rows were skipped when it was seeded");
    rows += b.inserted;
  }
  if (rows != t.rows) return no("its seeding has not finished");
  std::vector<std::string> now;
  for (int c : write) now.push_back(p.spec->columns[c].name);
  for (const std::string& c : t.written_columns)
    if (std::find(now.begin(), now.end(), c) == now.end()) return no("column " + c + " is no longer written");
  std::vector<int> added;
  for (int c : write)
    if (std::find(t.written_columns.begin(), t.written_columns.end(), p.spec->columns[c].name) ==
        t.written_columns.end()) {
      if (Contains(p.deferred, c) || Contains(p.forward, c))
        return no("new column " + p.spec->columns[c].name + " closes a dependency cycle");
      added.push_back(c);
    }
  if (added.empty()) return no("no column was added, so the changed spec describes other rows");
  return added;
}

Result<uint64_t> Evolve(const TablePlan& p, const TableSchema& schema, const std::vector<int>& write,
                        const std::vector<int>& added, Driver& db, Ledger& ledger, const KeyBases& keys,
                        Driver* source_db) {
  const std::string& name = p.spec->table;
  const LedgerTable t = *ledger.Table(name);
  const std::vector<LedgerBatch> batches = ledger.Batches(name);
  // Old digest over the columns as seeded, new one over what is written now.
  std::vector<int> old_cols;
  for (const std::string& c : t.written_columns) old_cols.push_back(p.model->ColumnIndex(c));
  const int key = p.model->ColumnIndex(t.key_column);
  if (key < 0 || std::find(old_cols.begin(), old_cols.end(), -1) != old_cols.end())
    return Status::Spec(name + ": the spec no longer generates a column it seeded");
  auto infos = [&](const std::vector<int>& cols) {
    std::vector<const ColumnInfo*> out;
    for (int c : cols) out.push_back(schema.Find(p.spec->columns[c].name));
    return out;
  };
  RowCrc old_crc(infos(old_cols)), new_crc(infos(write));
  std::vector<std::string> set;
  for (int c : added) set.push_back(p.spec->columns[c].name);
  Session& session = db.session();
  Result<std::unique_ptr<Updater>> up = session.PrepareUpdate(schema, set, {t.key_column});
  if (!up.ok()) return up.status();
  RowSource source(p, &keys, source_db);
  std::vector<Value> row(p.model->column_count()), pending;
  std::vector<LedgerBatch> evolved;
  const size_t width = added.size() + 1;
  uint64_t filled = 0;
  Status s = session.Begin();
  auto flush = [&] {
    if (pending.empty() || !s.ok()) return;
    s = (*up)->Update(pending.data(), pending.size() / width);
    pending.clear();
  };
  for (size_t i = 0; s.ok() && i < batches.size(); ++i) {
    LedgerBatch b = batches[i];
    uint32_t was = 0, now = 0;
    for (uint64_t r = b.first_row; s.ok() && r < b.end_row; ++r) {
      if (s = source.Row(r, row.data()); !s.ok()) break;
      for (int c : added) pending.push_back(row[c]);
      pending.push_back(row[key]);
      // The batch wrote a cycle's deferred references as NULL.
      for (int c : p.deferred) row[c].SetNull();
      was ^= old_crc.Of(row.data(), old_cols.data());
      now ^= new_crc.Of(row.data(), write.data());
      if (pending.size() >= kUpdateRows * width) flush();
    }
    flush();
    if (s.ok() && was != b.row_crc)
      s = Status::Spec(name + ": the changed spec also changes the values of columns it seeded (rows " +
                       std::to_string(b.first_row) + ".." + std::to_string(b.end_row - 1) + ")");
    if (s.ok() && InterruptRequested()) s = Status::Error(Code::kInterrupted, "interrupted");
    b.row_crc = now;
    filled += b.end_row - b.first_row;
    evolved.push_back(std::move(b));
  }
  LedgerTable nt = t;
  nt.spec_hash = p.spec->content_hash;
  nt.written_columns.clear();
  for (int c : write) nt.written_columns.push_back(p.spec->columns[c].name);
  if (s.ok()) s = ledger.ForgetTable(name);
  if (s.ok()) s = ledger.RecordTable(nt);
  for (size_t i = 0; s.ok() && i < evolved.size(); ++i) s = ledger.RecordBatch(evolved[i]);
  if (s.ok()) s = db.lock().Check();
  if (s.ok()) s = session.Commit();
  if (!s.ok()) {
    (void)session.Rollback();
    (void)ledger.Load();  // its copy of the records, as the rollback left them
    return s;
  }
  return filled;
}

}  // namespace seed
