#include "engine/driver/sqlite/sqlite_driver.h"

#include <fcntl.h>
#include <sqlite3.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <charconv>
#include <cstdlib>
#include <cstring>
#include <map>
#include <regex>
#include <set>
#include <thread>

#include "engine/core/interrupt.h"

namespace seed {

namespace {

// The page cache, bounded so memory does not grow with the table; and the
// cache while an index is built after a load: the build's sort holds as
// much memory again, and spills to temporary files (temp_store stays at
// its file default for that). With a table's batches in flight, the peak
// stays under 64 MiB.
const std::string kCacheSize = "PRAGMA cache_size=-16384";  // KiB
const std::string kSortCacheSize = "PRAGMA cache_size=-8192";

// "database is locked" (SQLITE_BUSY): another connection (a worker on the
// same file) held the lock past the busy timeout. A conflict, not a failure
// of the statement: the transaction may be run again.
Status Failure(sqlite3* db, std::string message) {
  if (sqlite3_errcode(db) == SQLITE_BUSY) return Status::Conflict(std::move(message));
  return Status::Db(std::move(message));
}

// A prepared statement, finalized on scope exit.
class Stmt {
 public:
  Stmt(sqlite3* db, const std::string& sql) {
    if (sqlite3_prepare_v2(db, sql.c_str(), -1, &s_, nullptr) != SQLITE_OK) s_ = nullptr;
  }
  ~Stmt() { sqlite3_finalize(s_); }
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;
  sqlite3_stmt* get() const { return s_; }
  bool Step() { return sqlite3_step(s_) == SQLITE_ROW; }
  std::string Text(int i) const {
    const unsigned char* t = sqlite3_column_text(s_, i);
    return t ? reinterpret_cast<const char*>(t) : "";
  }
  int64_t Int(int i) const { return sqlite3_column_int64(s_, i); }
  bool Null(int i) const { return sqlite3_column_type(s_, i) == SQLITE_NULL; }

 private:
  sqlite3_stmt* s_ = nullptr;
};

// Binds `v` by its own type; `scratch` holds converted text until the
// statement steps. A decimal into a DECIMAL or REAL column is bound as the
// double nearest it, as strtod makes it of the text (what the ledger
// digested): SQLite's own text conversion rounds otherwise past 15 digits.
void BindValue(sqlite3_stmt* s, int i, const Value& v, ColumnClass cls, std::string& scratch) {
  switch (v.type) {
    case Type::kNull: sqlite3_bind_null(s, i); return;
    case Type::kInt:
    case Type::kBool: sqlite3_bind_int64(s, i, v.i); return;
    case Type::kFloat: sqlite3_bind_double(s, i, v.f); return;
    case Type::kString:
      sqlite3_bind_text(s, i, v.s.data(), static_cast<int>(v.s.size()), SQLITE_STATIC);
      return;
    case Type::kDecimal:
      if (cls == ColumnClass::kDecimal || cls == ColumnClass::kFloat) {
        // A quotient of two exact doubles is rounded once, so it is that
        // double while both are exact.
        constexpr int64_t kExact = int64_t{1} << 53;
        if (v.i > -kExact && v.i < kExact && v.scale <= 22) {
          double scale = 1;
          for (int k = 0; k < v.scale; ++k) scale *= 10;
          sqlite3_bind_double(s, i, static_cast<double>(v.i) / scale);
        } else {
          scratch.clear();
          v.AppendText(scratch);
          sqlite3_bind_double(s, i, std::strtod(scratch.c_str(), nullptr));
        }
        return;
      }
      [[fallthrough]];
    default:
      scratch.clear();
      v.AppendText(scratch);
      sqlite3_bind_text(s, i, scratch.data(), static_cast<int>(scratch.size()), SQLITE_STATIC);
  }
}

// What BindValue needs of each named column, in `names` order.
void AppendClasses(const TableSchema& table, const std::vector<std::string>& names, std::vector<ColumnClass>& out) {
  for (const std::string& c : names) {
    const ColumnInfo* info = table.Find(c);
    out.push_back(info ? info->cls : ColumnClass::kOther);
  }
}

// Multi-row INSERT: one statement for kRows rows, one for the tail.
class SqliteInserter : public Inserter {
 public:
  SqliteInserter(sqlite3* db, const std::set<std::string>& loads, std::string table,
                 std::vector<std::string> columns, std::vector<ColumnClass> classes)
      : db_(db), loads_(loads), table_(std::move(table)), columns_(std::move(columns)),
        classes_(std::move(classes)) {
    rows_per_stmt_ = std::max<size_t>(1, std::min<size_t>(64, 32000 / columns_.size()));
    text_.resize(rows_per_stmt_ * columns_.size());
  }
  ~SqliteInserter() override {
    sqlite3_finalize(full_);
    sqlite3_finalize(one_);
  }

  Status Prepare() {
    if (sqlite3_prepare_v2(db_, Sql(rows_per_stmt_).c_str(), -1, &full_, nullptr) != SQLITE_OK ||
        sqlite3_prepare_v2(db_, Sql(1).c_str(), -1, &one_, nullptr) != SQLITE_OK)
      return Status::Db(table_ + ": cannot prepare INSERT: " + sqlite3_errmsg(db_));
    return Status::Ok();
  }

  Status Insert(const Value* rows, size_t count) override {
    const size_t n = columns_.size();
    size_t done = 0;
    while (count - done >= rows_per_stmt_) {
      if (Status s = Run(full_, rows + done * n, rows_per_stmt_); !s.ok()) return s;
      done += rows_per_stmt_;
    }
    for (; done < count; ++done)
      if (Status s = Run(one_, rows + done * n, 1); !s.ok()) return s;
    return Status::Ok();
  }

  bool StreamsTable() const override { return true; }

  // A table filled from empty (BeginTableLoad), inside the caller's
  // transaction: its secondary indexes are dropped for the load and built
  // again, sorted, before this returns. Inserting into random-order index
  // pages is what makes a table slow once its indexes outgrow the cache;
  // one sorted build per index costs a fraction of it. SQLite's DDL is
  // transactional, so a failure or a kill leaves the indexes as they were.
  Status InsertAll(const BatchSource& next) override {
    if (!loads_.count(table_) || sqlite3_get_autocommit(db_)) return Inserter::InsertAll(next);
    Result<std::vector<std::string>> indexes = DropSecondaryIndexes();
    if (!indexes.ok()) return indexes.status();
    Status s = Inserter::InsertAll(next);
    if (!s.ok() || indexes->empty()) return s;
    s = Exec(kSortCacheSize, "");
    for (size_t i = 0; s.ok() && i < indexes->size(); ++i)
      s = Exec((*indexes)[i], "re-creating an index after the load");
    if (Status restore = Exec(kCacheSize, ""); s.ok()) s = restore;
    return s;
  }

 private:
  // Drops the table's non-unique indexes declared by CREATE INDEX (an
  // index SQLite made for a UNIQUE or PRIMARY KEY constraint has no SQL and
  // cannot be dropped); returns the statements that make them again.
  Result<std::vector<std::string>> DropSecondaryIndexes() {
    std::vector<std::pair<std::string, std::string>> found;  // name, CREATE INDEX
    {
      Stmt list(db_, "SELECT m.name, m.sql FROM sqlite_master m JOIN pragma_index_list(m.tbl_name) l"
                     " ON l.name = m.name WHERE m.type = 'index' AND m.tbl_name = ? AND m.sql IS NOT NULL"
                     " AND l.\"unique\" = 0 ORDER BY m.name");
      if (!list.get()) return Status::Db(table_ + ": reading its indexes: " + sqlite3_errmsg(db_));
      sqlite3_bind_text(list.get(), 1, table_.c_str(), -1, SQLITE_TRANSIENT);
      while (list.Step()) found.emplace_back(list.Text(0), list.Text(1));
    }
    std::vector<std::string> creates;
    for (auto& [name, create] : found) {
      if (Status s = Exec("DROP INDEX " + SqliteQuote(name), "dropping index " + name + " for the load"); !s.ok())
        return s;
      creates.push_back(std::move(create));
    }
    return creates;
  }

  Status Exec(const std::string& sql, const std::string& what) {
    if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, nullptr) == SQLITE_OK) return Status::Ok();
    return Failure(db_, table_ + ": " + (what.empty() ? "" : what + ": ") + sqlite3_errmsg(db_));
  }

  std::string Sql(size_t rows) const {
    std::string sql = "INSERT INTO " + SqliteQuote(table_) + " (";
    std::string tuple = "(";
    for (size_t i = 0; i < columns_.size(); ++i) {
      sql += (i ? "," : "") + SqliteQuote(columns_[i]);
      tuple += i ? ",?" : "?";
    }
    sql += ") VALUES ";
    tuple += ")";
    for (size_t r = 0; r < rows; ++r) sql += (r ? "," : "") + tuple;
    return sql;
  }

  Status Run(sqlite3_stmt* stmt, const Value* rows, size_t count) {
    const size_t n = columns_.size();
    for (size_t r = 0; r < count; ++r)
      for (size_t c = 0; c < n; ++c)
        BindValue(stmt, static_cast<int>(r * n + c + 1), rows[r * n + c], classes_[c], text_[r * n + c]);
    const int rc = sqlite3_step(stmt);
    sqlite3_reset(stmt);
    if (rc == SQLITE_DONE) return Status::Ok();
    return Failure(db_, table_ + ": insert failed: " + sqlite3_errmsg(db_));
  }

  sqlite3* db_;
  const std::set<std::string>& loads_;  // the driver's tables inside a table load
  std::string table_;
  std::vector<std::string> columns_;
  std::vector<ColumnClass> classes_;
  size_t rows_per_stmt_;
  std::vector<std::string> text_;  // converted values stay alive until step
  sqlite3_stmt* full_ = nullptr;
  sqlite3_stmt* one_ = nullptr;
};

// One UPDATE ... WHERE key per row; values bound as the inserter binds them.
class SqliteUpdater : public Updater {
 public:
  SqliteUpdater(sqlite3* db, std::string table, std::vector<ColumnClass> classes)
      : db_(db), table_(std::move(table)), classes_(std::move(classes)), text_(classes_.size()) {}
  ~SqliteUpdater() override { sqlite3_finalize(stmt_); }
  Status Prepare(const std::vector<std::string>& set, const std::vector<std::string>& key) {
    std::string sql = "UPDATE " + SqliteQuote(table_) + " SET ";
    for (size_t i = 0; i < set.size(); ++i) sql += (i ? ", " : "") + SqliteQuote(set[i]) + " = ?";
    sql += " WHERE ";
    for (size_t i = 0; i < key.size(); ++i) sql += (i ? " AND " : "") + SqliteQuote(key[i]) + " = ?";
    if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &stmt_, nullptr) != SQLITE_OK)
      return Status::Db(table_ + ": cannot prepare UPDATE: " + sqlite3_errmsg(db_));
    return Status::Ok();
  }
  Status Update(const Value* rows, size_t count) override {
    for (size_t r = 0; r < count; ++r) {
      const size_t width = classes_.size();
      for (size_t c = 0; c < width; ++c)
        BindValue(stmt_, static_cast<int>(c + 1), rows[r * width + c], classes_[c], text_[c]);
      const int rc = sqlite3_step(stmt_);
      sqlite3_reset(stmt_);
      if (rc != SQLITE_DONE) return Failure(db_, table_ + ": update failed: " + sqlite3_errmsg(db_));
    }
    return Status::Ok();
  }

 private:
  sqlite3* db_;
  std::string table_;
  std::vector<ColumnClass> classes_;  // of the set columns, then the key columns
  std::vector<std::string> text_;     // converted values stay alive until step
  sqlite3_stmt* stmt_ = nullptr;
};

}  // namespace

Result<std::unique_ptr<Updater>> SqliteDriver::PrepareUpdate(const TableSchema& table,
                                                             const std::vector<std::string>& set,
                                                             const std::vector<std::string>& key) {
  std::vector<ColumnClass> classes;  // the set columns', then the key's
  AppendClasses(table, set, classes);
  AppendClasses(table, key, classes);
  auto u = std::make_unique<SqliteUpdater>(db_, table.name, std::move(classes));
  if (Status s = u->Prepare(set, key); !s.ok()) return s;
  return std::unique_ptr<Updater>(std::move(u));
}

Result<std::unique_ptr<Driver>> SqliteDriver::Open(const std::string& url, const std::string& path, bool create) {
  const bool file = path != ":memory:" && !path.empty();
  if (!create && file && access(path.c_str(), F_OK) != 0)
    return Status::Usage(url + ": no such database file (" + strerror(errno) + "); nothing was created");
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0), nullptr) !=
      SQLITE_OK) {
    std::string msg = db ? sqlite3_errmsg(db) : "out of memory";
    sqlite3_close(db);
    return Status::Db(url + ": cannot open: " + msg);
  }
  std::unique_ptr<SqliteDriver> d(new SqliteDriver(url, path, db));
  // The lock belongs to the file, not to the spelling of its path: a
  // symlink or a relative path reaches the same lock as the real path.
  if (file) {
    char* real = realpath(path.c_str(), nullptr);
    d->lock_path_ = std::string(real ? real : path.c_str()) + ".lock";
    free(real);
  }
  sqlite3_busy_handler(db, &SqliteDriver::BusyWait, d.get());
  // Connection settings only: nothing here changes the file (the journal
  // mode switches at the first write, so a refused run leaves it as it was).
  // No automatic checkpoints: they run after a commit while another
  // process may append; Begin() checkpoints instead (CutWal).
  if (Status s = d->Exec(kCacheSize +
                         "; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
                         "PRAGMA wal_autocheckpoint=0; PRAGMA journal_size_limit=67108864;");
      !s.ok())
    return s;
  return std::unique_ptr<Driver>(std::move(d));
}

SqliteDriver::~SqliteDriver() {
  sqlite3_close_v2(db_);
  if (lock_fd_ >= 0) close(lock_fd_);  // releases the flock
}

Status SqliteDriver::Error(const std::string& context) const {
  return Failure(db_, context + ": " + sqlite3_errmsg(db_));
}

Status SqliteDriver::Exec(const std::string& sql) {
  char* err = nullptr;
  if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
    std::string msg = err ? err : sqlite3_errmsg(db_);
    sqlite3_free(err);
    return Failure(db_, msg);
  }
  return Status::Ok();
}

Status SqliteDriver::Acquire(int wait_seconds) {
  if (lock_path_.empty()) return Status::Ok();
  const std::string& lock_path = lock_path_;
  lock_fd_ = open(lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (lock_fd_ < 0) return Status::Io(lock_path + ": cannot open lock file: " + strerror(errno));
  int rc = flock(lock_fd_, LOCK_EX | LOCK_NB);
  for (int waited = 0; rc != 0 && waited < wait_seconds * 10 && !InterruptRequested(); ++waited) {
    usleep(100000);
    rc = flock(lock_fd_, LOCK_EX | LOCK_NB);
  }
  if (rc != 0) {
    char holder[32] = {0};
    ssize_t n = pread(lock_fd_, holder, sizeof holder - 1, 0);
    std::string who = n > 0 ? std::string(holder, n) : "unknown";
    while (!who.empty() && (who.back() == '\n')) who.pop_back();
    close(lock_fd_);
    lock_fd_ = -1;
    return Status::Lock("another seed-engine run holds the lock on " + path_ + " (pid " + who +
                        "); wait for it to finish, or pass --lock-timeout N");
  }
  const std::string pid = std::to_string(getpid()) + "\n";
  if (ftruncate(lock_fd_, 0) != 0 || pwrite(lock_fd_, pid.data(), pid.size(), 0) < 0)
    return Status::Io(lock_path + ": cannot write lock file");
  return Status::Ok();
}

Result<TableSchema> SqliteDriver::Inspect(const std::string& table) {
  TableSchema schema;
  schema.name = table;
  Stmt cols(db_, "SELECT name, type, \"notnull\", dflt_value, pk, hidden FROM pragma_table_xinfo(?)");
  if (!cols.get()) return Error("inspect " + table);
  sqlite3_bind_text(cols.get(), 1, table.c_str(), -1, SQLITE_TRANSIENT);
  int pk_count = 0;
  std::vector<std::pair<int64_t, std::string>> pk;
  while (cols.Step()) {
    ColumnInfo c;
    c.name = cols.Text(0);
    c.declared_type = cols.Text(1);
    c.not_null = cols.Int(2) != 0;
    c.has_default = !cols.Null(3);
    c.generated = cols.Int(5) == 2 || cols.Int(5) == 3;
    if (cols.Int(4) > 0) ++pk_count, c.auto_key = true, pk.emplace_back(cols.Int(4), c.name);
    ClassifyType(c);
    schema.columns.push_back(std::move(c));
  }
  schema.exists = !schema.columns.empty();
  std::sort(pk.begin(), pk.end());
  for (auto& [pos, name] : pk) schema.primary_key.push_back(name);
  for (ColumnInfo& c : schema.columns) {
    // Only a lone "INTEGER PRIMARY KEY" is a rowid alias the database fills.
    if (c.auto_key) c.auto_key = pk_count == 1 && sqlite3_stricmp(c.declared_type.c_str(), "INTEGER") == 0;
  }
  // `REFERENCES parent` without a column means the parent's primary key;
  // SQLite reports that as a NULL "to".
  Stmt fks(db_, "SELECT f.\"from\", f.\"table\", COALESCE(f.\"to\", (SELECT p.name FROM"
                " pragma_table_info(f.\"table\") p WHERE p.pk = 1)) FROM pragma_foreign_key_list(?) f");
  sqlite3_bind_text(fks.get(), 1, table.c_str(), -1, SQLITE_TRANSIENT);
  // SQLite keeps no constraint names; defer_foreign_keys defers every key.
  while (fks.Step()) schema.foreign_keys.push_back({fks.Text(0), fks.Text(1), fks.Text(2), "", true});
  Stmt idx(db_, "SELECT name FROM pragma_index_list(?) WHERE \"unique\" = 1");
  sqlite3_bind_text(idx.get(), 1, table.c_str(), -1, SQLITE_TRANSIENT);
  while (idx.Step()) {
    Stmt info(db_, "SELECT name FROM pragma_index_info(?) ORDER BY seqno");
    const std::string name = idx.Text(0);
    sqlite3_bind_text(info.get(), 1, name.c_str(), -1, SQLITE_TRANSIENT);
    std::vector<std::string> cols_of_index;
    while (info.Step()) cols_of_index.push_back(info.Text(0));
    schema.unique_keys.push_back(std::move(cols_of_index));
  }
  if (schema.exists) ReadCheckMembers(schema);
  return schema;
}

// SQLite has no ENUM; the TERP schema spells enums as CHECK (col IN ('a','b')).
void SqliteDriver::ReadCheckMembers(TableSchema& schema) {
  Stmt sql(db_, "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?");
  sqlite3_bind_text(sql.get(), 1, schema.name.c_str(), -1, SQLITE_TRANSIENT);
  if (!sql.Step()) return;
  const std::string ddl = sql.Text(0);
  for (const std::string& clause : CheckClauses(ddl)) ApplyCheckBounds(clause, schema);
  static const std::regex check(R"(CHECK\s*\(\s*["`]?(\w+)["`]?\s+IN\s*\(([^)]*)\)\s*\))",
                                std::regex::icase);
  static const std::regex item(R"('((?:[^']|'')*)')");
  for (std::sregex_iterator it(ddl.begin(), ddl.end(), check), end; it != end; ++it) {
    const std::string column = (*it)[1], list = (*it)[2];
    for (ColumnInfo& c : schema.columns) {
      if (c.name != column) continue;
      for (std::sregex_iterator m(list.begin(), list.end(), item); m != end; ++m)
        c.members.push_back((*m)[1]);
    }
  }
}

Result<std::unique_ptr<Inserter>> SqliteDriver::PrepareInsert(
    const TableSchema& table, const std::vector<std::string>& columns) {
  std::vector<ColumnClass> classes;
  AppendClasses(table, columns, classes);
  auto ins = std::make_unique<SqliteInserter>(db_, loads_, table.name, columns, std::move(classes));
  if (Status s = ins->Prepare(); !s.ok()) return s;
  return std::unique_ptr<Inserter>(std::move(ins));
}


// The table was empty and its rows were checked against the schema: skip
// per-row foreign key lookups during the load, then prove every foreign key
// of the table with foreign_key_check before moving on.
// WAL + NORMAL keeps every committed batch across a crash of this process
// and lets readers (status, rollback's verifier) run beside the writer.
Status SqliteDriver::EnsureWal() {
  if (wal_) return Status::Ok();
  wal_ = true;
  return path_ == ":memory:" ? Status::Ok() : Exec("PRAGMA journal_mode=WAL");
}

// How long a statement waits for another connection's lock before it
// fails with "database is locked" (a conflict: its transaction is run again).
constexpr auto kBusyTimeout = std::chrono::seconds(5);
// While another writer has been seen on the file, a commit leaves the lock
// free this long before the next transaction can take it.
constexpr auto kYield = std::chrono::milliseconds(2);

// SQLite's locks have no queue: a waiter polls, and its own busy handler
// backs off to 100 ms between tries. A worker whose batches are generated
// ahead by other threads commits and begins again within microseconds, so
// a second worker on the same file can miss every gap until its timeout
// (seen with two workers once each transaction began with a checkpoint:
// "database is locked" in 1 of 4 runs at W1). Here a waiter tries every
// millisecond, and a commit by a connection that has waited for the lock
// in the last second (so another writer is at work) sleeps kYield before
// returning, long enough for the waiter to take the lock. (Measured
// together with the retry of conflicts, not apart: simple writers in two
// processes share the lock fairly with SQLite's own handler too.)
int SqliteDriver::BusyWait(void* self, int attempts) {
  auto* d = static_cast<SqliteDriver*>(self);
  const auto now = std::chrono::steady_clock::now();
  if (attempts == 0) d->busy_since_ = now;
  d->waited_at_ = now;
  if (now - d->busy_since_ >= kBusyTimeout) return 0;
  std::this_thread::sleep_for(std::chrono::milliseconds(1));
  return 1;
}

Status SqliteDriver::Commit() {
  Status s = Exec("COMMIT");
  if (s.ok() && std::chrono::steady_clock::now() - waited_at_ < std::chrono::seconds(1))
    std::this_thread::sleep_for(kYield);
  return s;
}

// The WAL past which a transaction's start checkpoints it (journal_size_limit).
constexpr long long kWalLimit = 64ll << 20;

Status SqliteDriver::Begin() {
  if (Status s = EnsureWal(); !s.ok()) return s;
  CutWal();
  return Exec("BEGIN IMMEDIATE");
}

// Two processes writing one file (workers with --partition) commit in
// turns, and an automatic checkpoint after a commit runs while the other
// process appends: the WAL is never wholly copied back, so it is never
// restarted and grows with the run (about 10 GB at 10x W1, its index in
// shared memory counted in each worker's RSS). So the automatic checkpoint
// is off, and here, holding no transaction, a WAL past the limit is
// checkpointed whole: RESTART takes the write lock first, so nothing is
// appended meanwhile (the other worker waits in its BEGIN IMMEDIATE,
// holding no snapshot the checkpoint would wait for), and the next writer
// starts the WAL over, cutting the file back to journal_size_limit. When
// it cannot finish (a long reader), the next try waits until the WAL has
// grown by another limit.
void SqliteDriver::CutWal() {
  if (path_ == ":memory:" || !sqlite3_get_autocommit(db_)) return;
  struct stat st;
  if (stat((path_ + "-wal").c_str(), &st) != 0) return;
  if (st.st_size <= kWalLimit) wal_cut_at_ = 0;
  if (st.st_size <= std::max(kWalLimit, wal_cut_at_)) return;
  const int rc = sqlite3_wal_checkpoint_v2(db_, nullptr, SQLITE_CHECKPOINT_RESTART, nullptr, nullptr);
  wal_cut_at_ = rc == SQLITE_OK ? 0 : st.st_size + kWalLimit;
}

Status SqliteDriver::ExecScript(const std::string& sql) {
  if (Status s = EnsureWal(); !s.ok()) return s;
  // SQLite's DDL is transactional: a run killed mid-script leaves no half
  // schema that would stop the next run from applying it.
  if (Status s = Exec("BEGIN"); !s.ok()) return s;
  if (Status s = Exec(sql); !s.ok()) {
    (void)Exec("ROLLBACK");
    return s;
  }
  return Exec("COMMIT");
}

Status SqliteDriver::BeginTableLoad(const TableSchema& table, bool) {
  loads_.insert(table.name);
  return Exec("PRAGMA foreign_keys=OFF");
}

Status SqliteDriver::EndTableLoad(const TableSchema& table) {
  loads_.erase(table.name);
  if (Status s = Exec("PRAGMA foreign_keys=ON"); !s.ok()) return s;
  return ProveForeignKeys({table});
}

// A single-column key to its parent's single-column PRIMARY KEY of
// INTEGER affinity is proven by a query that reads the child's values in an
// index's order when the table has one on the column (as tables with keys
// do, as a rule): the parent's pages are then visited once, in order, where
// foreign_key_check looks each row's parent up in the child's row order, at
// random once the parent outgrows the page cache (10x W1's order_items:
// 8.5 s, this 2.3 s). With the parent's column on the left the comparison
// takes its collation, and its INTEGER affinity converts the child's value
// as the foreign key does (a TEXT parent would convert the other way).
// Every other key is left to foreign_key_check.
Status SqliteDriver::ProveForeignKeys(const std::vector<TableSchema>& tables) {
  for (const TableSchema& table : tables) {
    struct Key {
      int columns = 0;
      std::string parent, from, to;
    };
    std::map<int64_t, Key> keys;
    {
      Stmt list(db_, "SELECT id, \"table\", \"from\", \"to\" FROM pragma_foreign_key_list(?)");
      if (!list.get()) return Error(table.name + ": reading its foreign keys");
      sqlite3_bind_text(list.get(), 1, table.name.c_str(), -1, SQLITE_TRANSIENT);
      while (list.Step()) {
        Key& k = keys[list.Int(0)];
        ++k.columns, k.parent = list.Text(1), k.from = list.Text(2), k.to = list.Text(3);
      }
    }
    bool rest = false;  // a key left to foreign_key_check
    for (const auto& [id, key] : keys) {
      std::string pk;
      if (key.columns == 1) {
        Stmt cols(db_, "SELECT name, type FROM pragma_table_info(?) WHERE pk > 0");
        sqlite3_bind_text(cols.get(), 1, key.parent.c_str(), -1, SQLITE_TRANSIENT);
        int n = 0;
        std::string type;
        while (cols.get() && cols.Step()) ++n, pk = cols.Text(0), type = cols.Text(1);
        const bool integer = sqlite3_strlike("%INT%", type.c_str(), 0) == 0;
        if (n != 1 || !integer || (!key.to.empty() && sqlite3_stricmp(key.to.c_str(), pk.c_str()) != 0))
          pk.clear();
      }
      if (pk.empty()) {
        rest = true;
        continue;
      }
      const std::string from = SqliteQuote(key.from);
      Stmt orphan(db_, "SELECT c." + from + " FROM " + SqliteQuote(table.name) + " c WHERE c." + from +
                           " IS NOT NULL AND NOT EXISTS (SELECT 1 FROM " + SqliteQuote(key.parent) + " p WHERE p." +
                           SqliteQuote(pk) + " = c." + from + ") LIMIT 1");
      if (!orphan.get()) return Error(table.name + ": checking foreign key " + key.from);
      const int rc = sqlite3_step(orphan.get());
      if (rc == SQLITE_ROW)
        return Status::Db(table.name + "." + key.from + ": a row holds " + orphan.Text(0) + ", which no " +
                          key.parent + " row has (foreign keys checked after the load)");
      if (rc != SQLITE_DONE) return Error(table.name + ": checking foreign key " + key.from);
    }
    if (!rest) continue;
    Stmt check(db_, "SELECT rowid, parent, fkid FROM pragma_foreign_key_check(?) LIMIT 1");
    if (!check.get()) return Error(table.name + ": checking its foreign keys");
    sqlite3_bind_text(check.get(), 1, table.name.c_str(), -1, SQLITE_TRANSIENT);
    const int rc = sqlite3_step(check.get());
    if (rc == SQLITE_ROW)
      return Status::Db(table.name + ": row " + check.Text(0) + " references a missing " + check.Text(1) +
                        " row (foreign_key_check after the load)");
    if (rc != SQLITE_DONE) return Error(table.name + ": checking its foreign keys");
  }
  return Status::Ok();
}


}  // namespace seed

namespace seed {

std::string SqliteDriver::Ident(const std::string& name) const { return SqliteQuote(name); }

uint64_t SqliteDriver::ChangedRows() { return static_cast<uint64_t>(sqlite3_changes64(db_)); }

Status SqliteDriver::Query(const std::string& sql, const std::vector<Value>& params,
                           const RowVisitor& row) {
  Stmt st(db_, sql);
  if (!st.get()) return Error("prepare");
  std::vector<std::string> text(params.size());
  for (size_t i = 0; i < params.size(); ++i) {
    const Value& v = params[i];
    const int k = static_cast<int>(i + 1);
    if (v.is_null()) sqlite3_bind_null(st.get(), k);
    else if (v.type == Type::kInt || v.type == Type::kBool) sqlite3_bind_int64(st.get(), k, v.i);
    else {
      text[i] = v.ToText();
      sqlite3_bind_text(st.get(), k, text[i].data(), static_cast<int>(text[i].size()), SQLITE_STATIC);
    }
  }
  const int n = sqlite3_column_count(st.get());
  std::vector<const char*> cells(n);
  // SQLite prints a double with 15 significant digits, rounding ties its
  // own way; the shortest text that reads back as the same double is what
  // the other databases print, and what the ledger digested when seeding.
  std::vector<std::array<char, 32>> doubles(n);
  int rc;
  while ((rc = sqlite3_step(st.get())) == SQLITE_ROW) {
    for (int i = 0; i < n; ++i) {
      if (sqlite3_column_type(st.get(), i) == SQLITE_FLOAT) {
        char* end = std::to_chars(doubles[i].data(), doubles[i].data() + doubles[i].size() - 1,
                                  sqlite3_column_double(st.get(), i)).ptr;
        *end = '\0';
        cells[i] = doubles[i].data();
      } else {
        cells[i] = reinterpret_cast<const char*>(sqlite3_column_text(st.get(), i));
      }
    }
    if (row) row(cells);
  }
  return rc == SQLITE_DONE ? Status::Ok() : Error("query");
}

Result<std::vector<std::string>> SqliteDriver::TableNames() {
  std::vector<std::string> out;
  Stmt st(db_, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'"
               " ORDER BY name");
  if (!st.get()) return Error("the list of tables");
  while (st.Step()) out.push_back(st.Text(0));
  return out;
}

Result<std::vector<std::string>> SqliteDriver::TriggerWrittenTables() {
  std::vector<std::string> out;
  Stmt st(db_, "SELECT sql FROM sqlite_master WHERE type = 'trigger'");
  if (!st.get()) return Error("the triggers");
  while (st.Step())
    for (const std::string& t : TablesInsertedBy(st.Text(0))) out.push_back(t);
  return out;
}

Result<std::vector<ReferencingKey>> SqliteDriver::ReferencingKeys(const std::string& table) {
  std::vector<ReferencingKey> out;
  Stmt st(db_,
          "SELECT m.name, f.\"from\", COALESCE(f.\"to\", (SELECT p.name FROM pragma_table_info(f.\"table\") p"
          " WHERE p.pk = 1)) FROM sqlite_master m, pragma_foreign_key_list(m.name) f"
          " WHERE m.type = 'table' AND f.\"table\" = ? COLLATE NOCASE");
  if (!st.get()) return Error("foreign keys referencing " + table);
  sqlite3_bind_text(st.get(), 1, table.c_str(), -1, SQLITE_TRANSIENT);
  while (st.Step())
    out.push_back({st.Text(0), st.Text(1), st.Text(2), ""});  // SQLite does not report a key's name
  return out;
}

Result<std::string> SqliteDriver::Holder() {
  if (lock_path_.empty()) return std::string();
  const int fd = open(lock_path_.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return std::string();
  std::string who;
  if (lock_fd_ < 0 && flock(fd, LOCK_SH | LOCK_NB) != 0) {
    char buf[32] = {0};
    const ssize_t n = pread(fd, buf, sizeof buf - 1, 0);
    who = "pid " + std::string(buf, n > 0 ? n : 0);
    while (!who.empty() && who.back() == '\n') who.pop_back();
  }
  close(fd);
  return who;
}

// The registry's entry (engine/driver/registry.cc): "sqlite:PATH",
// "sqlite://PATH", "sqlite::memory:". A file needs no password.
Result<std::unique_ptr<Driver>> OpenSqliteUrl(const std::string& url, const OpenOptions& options) {
  const size_t skip = url.rfind("sqlite://", 0) == 0 ? 9 : 7;
  return SqliteDriver::Open(url, url.substr(skip), options.create);
}

}  // namespace seed
