#include "tests/support/fake_driver.h"

#include <algorithm>
#include <cstdlib>
#include <set>
#include <sstream>

#include "engine/core/crc32.h"

namespace seed::test {

namespace {

using Lock = std::lock_guard<std::recursive_mutex>;

std::string Trim(std::string s) {
  while (!s.empty() && s.front() == ' ') s.erase(s.begin());
  while (!s.empty() && s.back() == ' ') s.pop_back();
  return s;
}

int ColumnOf(const TableSchema& schema, const std::string& name) {
  for (size_t i = 0; i < schema.columns.size(); ++i)
    if (schema.columns[i].name == name) return static_cast<int>(i);
  return -1;
}

bool IsInt(const Cell& c, int64_t& out) {
  if (!c || c->empty()) return false;
  char* end = nullptr;
  out = std::strtoll(c->c_str(), &end, 10);
  return *end == '\0';
}

// Integers by value, everything else by text; NULL first.
bool Less(const Cell& a, const Cell& b) {
  if (!a || !b) return !a && b;
  int64_t x, y;
  if (IsInt(a, x) && IsInt(b, y)) return x < y;
  return *a < *b;
}

Cell Text(const Value& v) {
  if (v.is_null()) return std::nullopt;
  return v.ToText();
}

bool Selected(const TableSchema& schema, const Row& row, const RowSelection& sel) {
  switch (sel.kind) {
    case RowSelection::Kind::kAll:
      return true;
    case RowSelection::Kind::kRange: {
      int64_t k;
      if (!IsInt(row[ColumnOf(schema, sel.key)], k)) return false;
      return k >= sel.lo && k <= sel.hi && std::find(sel.except.begin(), sel.except.end(), k) == sel.except.end();
    }
    case RowSelection::Kind::kKeys:
      for (const std::vector<Value>& key : sel.keys) {
        bool match = true;
        for (size_t i = 0; match && i < sel.key_columns.size(); ++i)
          match = row[ColumnOf(schema, sel.key_columns[i])] == Text(key[i]);
        if (match) return true;
      }
      return false;
  }
  return false;
}

// The key tuples a table's unique constraints (primary key first) hold.
std::vector<std::vector<std::string>> UniqueSets(const TableSchema& schema) {
  std::vector<std::vector<std::string>> sets;
  if (!schema.primary_key.empty()) sets.push_back(schema.primary_key);
  for (const auto& u : schema.unique_keys) sets.push_back(u);
  return sets;
}

class FakeInserter : public Inserter {
 public:
  FakeInserter(FakeDriver& d, TableSchema schema, std::vector<std::string> columns, bool streams)
      : d_(d), schema_(std::move(schema)), columns_(std::move(columns)), streams_(streams) {}
  Status Insert(const Value* rows, size_t count) override { return d_.InsertRows(schema_, columns_, rows, count); }
  bool StreamsTable() const override { return streams_; }
  Status InsertAll(const BatchSource& next) override {
    // One statement: all or nothing.
    if (Status s = d_.Savepoint(); !s.ok()) return s;
    const Value* rows;
    size_t count;
    while (next(rows, count))
      if (Status s = Insert(rows, count); !s.ok()) {
        (void)d_.RollbackToSavepoint();
        (void)d_.ReleaseSavepoint();
        return s;
      }
    return d_.ReleaseSavepoint();
  }

 private:
  FakeDriver& d_;
  TableSchema schema_;
  std::vector<std::string> columns_;
  bool streams_;
};

class FakeUpdater : public Updater {
 public:
  FakeUpdater(FakeDriver& d, std::string table, std::vector<std::string> set, std::vector<std::string> key)
      : d_(d), table_(std::move(table)), set_(std::move(set)), key_(std::move(key)) {}
  Status Update(const Value* rows, size_t count) override { return d_.UpdateRows(table_, set_, key_, rows, count); }

 private:
  FakeDriver& d_;
  std::string table_;
  std::vector<std::string> set_, key_;
};

}  // namespace

// ---- FakeDatabase ----

void FakeDatabase::CreateTable(const std::string& name, const std::string& columns) {
  Lock l(mu_);
  TableSchema schema;
  schema.name = name;
  schema.exists = true;
  // Column definitions: split at commas outside parentheses (DECIMAL(8,2)).
  std::vector<std::string> defs(1);
  int depth = 0;
  for (char ch : columns) {
    depth += ch == '(' ? 1 : ch == ')' ? -1 : 0;
    if (ch == ',' && depth == 0) defs.emplace_back();
    else defs.back() += ch;
  }
  for (const std::string& def : defs) {
    std::stringstream words(Trim(def));
    ColumnInfo c;
    words >> c.name >> c.declared_type;
    ClassifyType(c);
    std::string w;
    while (words >> w) {
      if (w == "NOT") words >> w, c.not_null = true;
      else if (w == "PRIMARY") words >> w, schema.primary_key.push_back(c.name), c.not_null = true;
      else if (w == "UNIQUE") schema.unique_keys.push_back({c.name});
      else if (w == "DEFAULT") c.has_default = true;
      else if (w == "GENERATED") c.generated = true;
      else if (w == "REFERENCES") {
        words >> w;  // table(column)
        const size_t open = w.find('(');
        schema.foreign_keys.push_back({c.name, w.substr(0, open), w.substr(open + 1, w.size() - open - 2), "", true});
      }
    }
    schema.columns.push_back(c);
  }
  state_.tables[name] = FakeTable{schema, {}};
}

std::unique_ptr<FakeDriver> FakeDatabase::Connect() {
  Lock l(mu_);
  return std::make_unique<FakeDriver>(*this, next_id_++);
}

void FakeDatabase::FailAt(FakeOp op, int nth, FaultKind kind) {
  Lock l(mu_);
  faults_.push_back({op, calls_[static_cast<int>(op)] + nth, kind});
}

std::optional<FaultKind> FakeDatabase::Hit(FakeOp op) {
  const int n = ++calls_[static_cast<int>(op)];
  for (auto it = faults_.begin(); it != faults_.end(); ++it)
    if (it->op == op && it->at == n) {
      const FaultKind kind = it->kind;
      faults_.erase(it);
      return kind;
    }
  return std::nullopt;
}

std::vector<Row> FakeDatabase::Rows(const std::string& table) const {
  Lock l(mu_);
  std::vector<Row> rows = state_.tables.at(table).rows;
  std::sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) {
    return std::lexicographical_compare(a.begin(), a.end(), b.begin(), b.end(), Less);
  });
  return rows;
}

uint64_t FakeDatabase::Count(const std::string& table) const {
  Lock l(mu_);
  return state_.tables.at(table).rows.size();
}

uint64_t FakeDatabase::Orphans() const {
  Lock l(mu_);
  uint64_t n = 0;
  for (const auto& [name, t] : state_.tables)
    for (const ForeignKeyInfo& fk : t.schema.foreign_keys) {
      const FakeTable& parent = state_.tables.at(fk.ref_table);
      const int c = ColumnOf(t.schema, fk.column), pc = ColumnOf(parent.schema, fk.ref_column);
      std::set<std::string> keys;
      for (const Row& r : parent.rows)
        if (r[pc]) keys.insert(*r[pc]);
      for (const Row& r : t.rows) n += r[c] && !keys.count(*r[c]);
    }
  return n;
}

std::string FakeDatabase::Dump() const {
  Lock l(mu_);
  std::string out;
  for (const auto& [name, t] : state_.tables) {
    out += name + ":\n";
    for (const Row& r : Rows(name)) {
      for (const Cell& c : r) out += (c ? *c : "\\N") + "\t";
      out += "\n";
    }
  }
  return out;
}

void FakeDatabase::InsertUserRow(const std::string& table, const std::map<std::string, std::string>& cells) {
  Lock l(mu_);
  FakeTable& t = state_.tables.at(table);
  Row row(t.schema.columns.size());
  for (const auto& [k, v] : cells) row.at(ColumnOf(t.schema, k)) = v;
  t.rows.push_back(row);
}

void FakeDatabase::SetCell(const std::string& table, size_t row, const std::string& column, const Cell& value) {
  Lock l(mu_);
  FakeTable& t = state_.tables.at(table);
  t.rows.at(row).at(ColumnOf(t.schema, column)) = value;
}

// ---- FakeDriver ----

FakeDriver::~FakeDriver() {
  Lock l(db_.mu_);
  if (db_.lock_owner_ == id_) db_.lock_owner_ = 0;
}

Status FakeDriver::Enter(FakeOp op) {
  if (dropped_) return Status::Db("fake: connection lost");
  const std::optional<FaultKind> fault = db_.Hit(op);
  if (!fault) return Status::Ok();
  switch (*fault) {
    case FaultKind::kError: return Status::Db("fake: injected failure");
    case FaultKind::kDrop:
      dropped_ = true, tx_.reset(), savepoints_.clear();
      if (db_.lock_owner_ == id_) db_.lock_owner_ = 0;  // the server ends the session
      return Status::Db("fake: connection lost");
    case FaultKind::kKill: throw Killed{};
    case FaultKind::kLockLost:
      if (db_.lock_owner_ == id_) db_.lock_owner_ = -1;
      return Status::Ok();  // Check() sees it
    case FaultKind::kConflict:
      tx_.reset(), savepoints_.clear();
      return Status::Conflict("fake: deadlock, transaction rolled back");
  }
  return Status::Ok();
}

Result<TableSchema> FakeDriver::Inspect(const std::string& table) {
  Lock l(db_.mu_);
  if (dropped_) return Status::Db("fake: connection lost");
  auto it = Current().tables.find(table);
  if (it == Current().tables.end()) {
    TableSchema none;
    none.name = table;
    return none;
  }
  return it->second.schema;
}

Result<std::vector<std::string>> FakeDriver::TableNames() {
  Lock l(db_.mu_);
  std::vector<std::string> out;
  for (const auto& [name, t] : Current().tables) out.push_back(name);
  return out;
}

Result<std::vector<ReferencingKey>> FakeDriver::ReferencingKeys(const std::string& table) {
  Lock l(db_.mu_);
  std::vector<ReferencingKey> out;
  for (const auto& [name, t] : Current().tables)
    for (const ForeignKeyInfo& fk : t.schema.foreign_keys)
      if (fk.ref_table == table) out.push_back({name, fk.column, fk.ref_column, name + "_" + fk.column + "_fkey"});
  return out;
}

Status FakeDriver::Begin() {
  Lock l(db_.mu_);
  if (Status s = Enter(FakeOp::kBegin); !s.ok()) return s;
  if (tx_) return Status::Db("fake: transaction already open");
  tx_ = db_.state_;
  return Status::Ok();
}

Status FakeDriver::Commit() {
  Lock l(db_.mu_);
  if (Status s = Enter(FakeOp::kCommit); !s.ok()) return s;
  if (!tx_) return Status::Db("fake: no transaction");
  if (deferred_) {
    deferred_ = false;
    for (const auto& [name, t] : tx_->tables)
      if (Status s = CheckForeignKeys(*tx_, name); !s.ok()) {
        tx_.reset(), savepoints_.clear();
        return s;
      }
  }
  db_.state_ = std::move(*tx_);
  tx_.reset(), savepoints_.clear();
  return Status::Ok();
}

Status FakeDriver::Rollback() {
  Lock l(db_.mu_);
  if (dropped_) return Status::Db("fake: connection lost");
  tx_.reset(), savepoints_.clear();
  deferred_ = false;
  return Status::Ok();
}

Status FakeDriver::Savepoint() {
  Lock l(db_.mu_);
  if (dropped_) return Status::Db("fake: connection lost");
  savepoints_.push_back(Current());
  return Status::Ok();
}

Status FakeDriver::ReleaseSavepoint() {
  Lock l(db_.mu_);
  if (dropped_) return Status::Db("fake: connection lost");
  if (savepoints_.empty()) return Status::Db("fake: no savepoint");
  savepoints_.pop_back();
  return Status::Ok();
}

Status FakeDriver::RollbackToSavepoint() {
  Lock l(db_.mu_);
  if (dropped_) return Status::Db("fake: connection lost");
  if (savepoints_.empty()) return Status::Db("fake: no savepoint");
  Current() = savepoints_.back();
  return Status::Ok();
}

Result<std::unique_ptr<Inserter>> FakeDriver::PrepareInsert(const TableSchema& table,
                                                            const std::vector<std::string>& columns) {
  Lock l(db_.mu_);
  if (!Current().tables.count(table.name)) return Status::Db(table.name + ": no such table");
  return std::unique_ptr<Inserter>(
      new FakeInserter(*this, Current().tables.at(table.name).schema, columns, db_.streams_table));
}

Result<std::unique_ptr<Updater>> FakeDriver::PrepareUpdate(const TableSchema& table,
                                                          const std::vector<std::string>& set,
                                                          const std::vector<std::string>& key) {
  return std::unique_ptr<Updater>(new FakeUpdater(*this, table.name, set, key));
}

Status FakeDriver::CheckForeignKeys(const FakeState& s, const std::string& table) const {
  const FakeTable& t = s.tables.at(table);
  for (const ForeignKeyInfo& fk : t.schema.foreign_keys) {
    const FakeTable& parent = s.tables.at(fk.ref_table);
    const int c = ColumnOf(t.schema, fk.column), pc = ColumnOf(parent.schema, fk.ref_column);
    std::set<std::string> keys;
    for (const Row& r : parent.rows)
      if (r[pc]) keys.insert(*r[pc]);
    for (const Row& r : t.rows)
      if (r[c] && !keys.count(*r[c]))
        return Status::Db(table + "." + fk.column + ": FOREIGN KEY constraint failed (" + *r[c] + " not in " +
                          fk.ref_table + ")");
  }
  return Status::Ok();
}

Status FakeDriver::InsertRows(const TableSchema& schema, const std::vector<std::string>& columns, const Value* rows,
                              size_t count) {
  Lock l(db_.mu_);
  if (Status s = Enter(FakeOp::kInsert); !s.ok()) return s;
  FakeState next = Current();  // a statement is atomic
  FakeTable& t = next.tables.at(schema.name);
  const TableSchema& live = t.schema;
  std::vector<int> at;
  for (const std::string& c : columns) {
    at.push_back(ColumnOf(live, c));
    if (at.back() < 0) return Status::Db(schema.name + "." + c + ": no such column");
  }
  for (size_t i = 0; i < count; ++i) {
    Row row(live.columns.size());
    for (size_t c = 0; c < columns.size(); ++c) row[at[c]] = Text(rows[i * columns.size() + c]);
    // A default fills a column left out, never a NULL written into it.
    for (size_t c = 0; c < live.columns.size(); ++c) {
      const bool written = std::find(at.begin(), at.end(), static_cast<int>(c)) != at.end();
      if (!row[c] && live.columns[c].not_null && (written || !live.columns[c].has_default))
        return Status::Db(schema.name + "." + live.columns[c].name + ": NOT NULL constraint failed");
    }
    for (const auto& set : UniqueSets(live))
      for (const Row& other : t.rows) {
        bool same = true;
        for (const std::string& k : set) same = same && row[ColumnOf(live, k)] && row[ColumnOf(live, k)] == other[ColumnOf(live, k)];
        if (same) return Status::Db(schema.name + "." + set[0] + ": UNIQUE constraint failed");
      }
    if (db_.reject)
      if (std::string why = db_.reject(schema.name, live, row); !why.empty()) return Status::Db(schema.name + ": " + why);
    t.rows.push_back(std::move(row));
  }
  if (!relaxed_ && !deferred_)
    if (Status s = CheckForeignKeys(next, schema.name); !s.ok()) return s;
  Current() = std::move(next);
  return Status::Ok();
}

Status FakeDriver::UpdateRows(const std::string& table, const std::vector<std::string>& set,
                              const std::vector<std::string>& key, const Value* rows, size_t count) {
  Lock l(db_.mu_);
  if (Status s = Enter(FakeOp::kUpdate); !s.ok()) return s;
  FakeState next = Current();
  FakeTable& t = next.tables.at(table);
  const size_t width = set.size() + key.size();
  for (size_t i = 0; i < count; ++i)
    for (Row& r : t.rows) {
      bool match = true;
      for (size_t k = 0; match && k < key.size(); ++k)
        match = r[ColumnOf(t.schema, key[k])] == Text(rows[i * width + set.size() + k]);
      if (!match) continue;
      for (size_t c = 0; c < set.size(); ++c) r[ColumnOf(t.schema, set[c])] = Text(rows[i * width + c]);
    }
  if (Status s = CheckForeignKeys(next, table); !s.ok()) return s;
  Current() = std::move(next);
  return Status::Ok();
}

Status FakeDriver::BeginTableLoad(const TableSchema&, bool) {
  relaxed_ = true;
  return Status::Ok();
}

Status FakeDriver::EndTableLoad(const TableSchema& table) {
  Lock l(db_.mu_);
  relaxed_ = false;
  return CheckForeignKeys(Current(), table.name);
}

Status FakeDriver::DeferForeignKeys() {
  Lock l(db_.mu_);
  if (!tx_) return Status::Db("fake: no transaction");
  deferred_ = true;
  return Status::Ok();
}

Status FakeDriver::ProveForeignKeys(const std::vector<TableSchema>& tables) {
  Lock l(db_.mu_);
  for (const TableSchema& t : tables)
    if (Status s = CheckForeignKeys(Current(), t.name); !s.ok()) return s;
  return Status::Ok();
}

Result<uint64_t> FakeDriver::CountRows(const std::string& table) {
  Lock l(db_.mu_);
  if (dropped_) return Status::Db("fake: connection lost");
  return static_cast<uint64_t>(Current().tables.at(table).rows.size());
}

Result<std::optional<int64_t>> FakeDriver::MaxKey(const std::string& table, const std::string& column) {
  Lock l(db_.mu_);
  if (dropped_) return Status::Db("fake: connection lost");
  const FakeTable& t = Current().tables.at(table);
  std::optional<int64_t> max;
  for (const Row& r : t.rows) {
    int64_t k;
    if (IsInt(r[ColumnOf(t.schema, column)], k)) max = std::max(max.value_or(k), k);
  }
  return max;
}

Status FakeDriver::Scan(const RowSelection& sel, const std::vector<std::string>& columns,
                        const std::vector<std::string>& order_by, const RowVisitor& visit) {
  Lock l(db_.mu_);
  if (Status s = Enter(FakeOp::kScan); !s.ok()) return s;
  const FakeTable& t = Current().tables.at(sel.table);
  for (const std::string& c : columns)
    if (ColumnOf(t.schema, c) < 0) return Status::Db(sel.table + "." + c + ": no such column");
  std::vector<const Row*> rows;
  for (const Row& r : t.rows)
    if (Selected(t.schema, r, sel)) rows.push_back(&r);
  std::vector<int> order;
  for (const std::string& c : order_by) order.push_back(ColumnOf(t.schema, c));
  std::stable_sort(rows.begin(), rows.end(), [&](const Row* a, const Row* b) {
    for (int c : order) {
      if (Less((*a)[c], (*b)[c])) return true;
      if (Less((*b)[c], (*a)[c])) return false;
    }
    return false;
  });
  std::vector<const char*> cells(columns.size());
  for (const Row* r : rows) {
    for (size_t i = 0; i < columns.size(); ++i) {
      const Cell& c = (*r)[ColumnOf(t.schema, columns[i])];
      cells[i] = c ? c->c_str() : nullptr;
    }
    visit(cells);
  }
  return Status::Ok();
}

Result<uint64_t> FakeDriver::Delete(const RowSelection& sel) {
  Lock l(db_.mu_);
  if (Status s = Enter(FakeOp::kDelete); !s.ok()) return s;
  FakeState next = Current();
  FakeTable& t = next.tables.at(sel.table);
  const size_t before = t.rows.size();
  t.rows.erase(std::remove_if(t.rows.begin(), t.rows.end(),
                              [&](const Row& r) { return Selected(t.schema, r, sel); }),
               t.rows.end());
  // RESTRICT, per statement: no remaining row may point at a deleted one.
  for (const auto& [name, other] : next.tables)
    if (!deferred_)
    for (const ForeignKeyInfo& fk : other.schema.foreign_keys)
      if (fk.ref_table == sel.table)
        if (Status s = CheckForeignKeys(next, name); !s.ok()) return s;
  const uint64_t gone = before - t.rows.size();
  Current() = std::move(next);
  return gone;
}

Result<uint64_t> FakeDriver::SetNull(const RowSelection& sel, const std::vector<std::string>& columns) {
  Lock l(db_.mu_);
  if (Status s = Enter(FakeOp::kUpdate); !s.ok()) return s;
  FakeTable& t = Current().tables.at(sel.table);
  uint64_t changed = 0;
  for (Row& r : t.rows) {
    if (!Selected(t.schema, r, sel)) continue;
    bool any = false;
    for (const std::string& c : columns) any = any || r[ColumnOf(t.schema, c)].has_value();
    for (const std::string& c : columns) r[ColumnOf(t.schema, c)].reset();
    changed += any;
  }
  return changed;
}

Result<std::optional<Session::Digest>> FakeDriver::ServerDigest(const RowSelection& rows,
                                                                const std::vector<std::string>& columns) {
  if (!db_.server_digest) return std::optional<Digest>();
  Digest d;
  std::string line;
  Status s = Scan(rows, columns, {}, [&](const std::vector<const char*>& c) {
    line.clear();
    for (size_t i = 0; i < c.size(); ++i) line += (i ? "\t" : "") + std::string(c[i] ? c[i] : "\\N");
    ++d.rows, d.crc ^= Crc32(line.data(), line.size());
  });
  if (!s.ok()) return s;
  return std::optional<Digest>(d);
}

Result<std::optional<std::string>> FakeDriver::FindReferencing(const ReferencingKey& fk, const RowSelection& targets,
                                                               const RowSelection* spared) {
  Lock l(db_.mu_);
  if (Status s = Enter(FakeOp::kScan); !s.ok()) return s;
  const FakeTable& parent = Current().tables.at(targets.table);
  const FakeTable& child = Current().tables.at(fk.table);
  std::set<std::string> keys;
  for (const Row& r : parent.rows)
    if (Selected(parent.schema, r, targets))
      if (const Cell& k = r[ColumnOf(parent.schema, fk.ref_column)]) keys.insert(*k);
  for (const Row& r : child.rows) {
    const Cell& v = r[ColumnOf(child.schema, fk.column)];
    if (v && keys.count(*v) && !(spared && Selected(child.schema, r, *spared))) return std::optional<std::string>(*v);
  }
  return std::optional<std::string>();
}

// ---- ledger ----

Result<int> FakeDriver::Version() {
  Lock l(db_.mu_);
  if (dropped_) return Status::Db("fake: connection lost");
  return Current().ledger_version;
}

Status FakeDriver::Migrate() {
  Lock l(db_.mu_);
  if (Status s = Enter(FakeOp::kLedgerWrite); !s.ok()) return s;
  if (Current().ledger_version > kLedgerVersion) return Status::Spec("fake: ledger newer than the engine");
  Current().ledger_version = kLedgerVersion;
  return Status::Ok();
}

Result<std::vector<LedgerRun>> FakeDriver::Runs() {
  Lock l(db_.mu_);
  if (dropped_) return Status::Db("fake: connection lost");
  return Current().runs;
}

Result<std::vector<LedgerTable>> FakeDriver::Tables() {
  Lock l(db_.mu_);
  if (dropped_) return Status::Db("fake: connection lost");
  std::vector<LedgerTable> out;
  for (const auto& [k, t] : Current().ledger_tables) out.push_back(t);
  return out;
}

Result<std::vector<LedgerBatch>> FakeDriver::Batches() {
  Lock l(db_.mu_);
  if (dropped_) return Status::Db("fake: connection lost");
  std::vector<LedgerBatch> out;
  for (const auto& [table, bs] : Current().batches)
    for (const auto& [first, b] : bs) out.push_back(b);
  return out;
}

Status FakeDriver::InsertRun(const LedgerRun& run) {
  Lock l(db_.mu_);
  if (Status s = Enter(FakeOp::kLedgerWrite); !s.ok()) return s;
  Current().runs.push_back(run);
  return Status::Ok();
}

Status FakeDriver::FinishRun(const std::string& run_id, const std::string& status, const std::string& finished_at) {
  Lock l(db_.mu_);
  if (Status s = Enter(FakeOp::kLedgerWrite); !s.ok()) return s;
  for (LedgerRun& r : Current().runs)
    if (r.run_id == run_id) r.status = status, r.finished_at = finished_at;
  return Status::Ok();
}

Status FakeDriver::InsertTable(const LedgerTable& table) {
  Lock l(db_.mu_);
  if (Status s = Enter(FakeOp::kLedgerWrite); !s.ok()) return s;
  if (!Current().ledger_tables.emplace(table.table, table).second) return Status::Db("fake: duplicate ledger table");
  return Status::Ok();
}

Status FakeDriver::SetSecondPass(const std::string& table, SecondPass state) {
  Lock l(db_.mu_);
  if (Status s = Enter(FakeOp::kLedgerWrite); !s.ok()) return s;
  Current().ledger_tables.at(table).second_pass = state;
  return Status::Ok();
}

Status FakeDriver::InsertPii(const LedgerPii& record) {
  Lock l(db_.mu_);
  if (Status s = Enter(FakeOp::kLedgerWrite); !s.ok()) return s;
  for (const LedgerPii& p : Current().pii)
    if (p.run_id == record.run_id && p.table == record.table && p.column == record.column && p.action == record.action)
      return Status::Db("fake: duplicate pii record " + record.table + "." + record.column);
  Current().pii.push_back(record);
  return Status::Ok();
}

Result<std::vector<LedgerPii>> FakeDriver::PiiTrail() {
  Lock l(db_.mu_);
  if (dropped_) return Status::Db("fake: connection lost");
  return Current().pii;
}

Status FakeDriver::TakeLease(const LedgerLease& lease, int64_t now, LedgerLease* holder) {
  Lock l(db_.mu_);
  if (Status s = Enter(FakeOp::kLedgerWrite); !s.ok()) return s;
  for (const auto& [name, held] : Current().leases)
    if (LeasesConflict(lease, held) && LeaseLive(held, now)) {
      if (holder) *holder = held;
      return Status::Lock("fake: lease " + name + " is held by " + held.owner);
    }
  Current().leases[lease.name] = lease;
  return Status::Ok();
}

Status FakeDriver::RenewLease(const LedgerLease& lease) {
  Lock l(db_.mu_);
  if (Status s = Enter(FakeOp::kLedgerWrite); !s.ok()) return s;
  auto it = Current().leases.find(lease.name);
  if (it == Current().leases.end() || it->second.owner != lease.owner)
    return Status::Lock("fake: the lease " + lease.name + " was taken");
  it->second = lease;
  return Status::Ok();
}

Status FakeDriver::DropLease(const LedgerLease& lease) {
  Lock l(db_.mu_);
  if (Status s = Enter(FakeOp::kLedgerWrite); !s.ok()) return s;
  auto it = Current().leases.find(lease.name);
  if (it != Current().leases.end() && it->second.owner == lease.owner) Current().leases.erase(it);
  return Status::Ok();
}

Result<std::vector<LedgerLease>> FakeDriver::Leases() {
  Lock l(db_.mu_);
  if (dropped_) return Status::Db("fake: connection lost");
  std::vector<LedgerLease> out;
  for (const auto& [name, lease] : Current().leases) out.push_back(lease);
  return out;
}

Status FakeDriver::InsertBatch(const LedgerBatch& batch) {
  Lock l(db_.mu_);
  if (Status s = Enter(FakeOp::kLedgerWrite); !s.ok()) return s;
  if (!Current().batches[batch.table].emplace(batch.first_row, batch).second)
    return Status::Db("fake: duplicate batch " + batch.table + "/" + std::to_string(batch.first_row));
  return Status::Ok();
}

Status FakeDriver::DeleteTable(const std::string& table) {
  Lock l(db_.mu_);
  if (Status s = Enter(FakeOp::kLedgerWrite); !s.ok()) return s;
  Current().ledger_tables.erase(table);
  Current().batches.erase(table);
  return Status::Ok();
}

// ---- lock ----

Status FakeDriver::Acquire(int) {
  Lock l(db_.mu_);
  if (dropped_) return Status::Db("fake: connection lost");
  if (db_.lock_owner_ > 0 && db_.lock_owner_ != id_)  // -1: taken by a session since gone
    return Status::Lock("another run holds the lock: connection " + std::to_string(db_.lock_owner_));
  db_.lock_owner_ = id_;
  return Status::Ok();
}

Status FakeDriver::Check() {
  Lock l(db_.mu_);
  if (Status s = Enter(FakeOp::kLockCheck); !s.ok()) return s;
  if (db_.lock_owner_ == id_) return Status::Ok();
  return Status::Lock("the run lost its lock");
}

Result<std::string> FakeDriver::Holder() {
  Lock l(db_.mu_);
  return db_.lock_owner_ > 0 ? "connection " + std::to_string(db_.lock_owner_) : std::string();
}

}  // namespace seed::test
