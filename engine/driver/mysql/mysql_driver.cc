#include "engine/driver/mysql/mysql_driver.h"

#include <errmsg.h>
#include <mysql.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <map>
#include <regex>
#include <thread>

#include "engine/core/utc_time.h"
#include "engine/core/process_owner.h"
#include "engine/driver/mysql/mysql_conn.h"
#include "engine/driver/mysql/mysql_lock.h"
#include "engine/gen/rng.h"

namespace seed {

namespace {

// Rows of a query, freed on scope exit.
class Rows {
 public:
  explicit Rows(MYSQL_RES* r) : r_(r) {}
  ~Rows() { mysql_free_result(r_); }
  Rows(const Rows&) = delete;
  Rows& operator=(const Rows&) = delete;
  bool Next() { return r_ && (row_ = mysql_fetch_row(r_)) != nullptr; }
  bool Null(int i) const { return row_[i] == nullptr; }
  std::string Text(int i) const { return row_[i] ? row_[i] : ""; }

 private:
  MYSQL_RES* r_;
  MYSQL_ROW row_ = nullptr;
};

// MySQL and MariaDB identifiers hold only the Basic Multilingual Plane
// (utf8mb3): a 4-byte UTF-8 sequence can never name a table.
bool BeyondBmp(const std::string& name) {
  for (unsigned char c : name)
    if (c >= 0xf0) return true;
  return false;
}

// Appends v in LOAD DATA's default text format: tab-separated, backslash
// escapes, \N for NULL.
void AppendField(std::string& out, const Value& v) {
  if (v.is_null()) {
    out += "\\N";
    return;
  }
  if (v.type != Type::kString) {
    v.AppendText(out);
    return;
  }
  for (char c : v.s) {
    switch (c) {
      case '\t': out += "\\t"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\\': out += "\\\\"; break;
      case '\0': out += "\\0"; break;
      default: out += c;
    }
  }
}

class LoadDataInserter : public Inserter {
 public:
  // `bits[i]`: column i is a BIT column, whose text must be cast to a
  // number (the text "1" would be the byte 0x31).
  LoadDataInserter(MysqlConn* conn, std::string table, std::vector<std::string> columns, std::vector<bool> bits)
      : conn_(conn), db_(conn->get()), table_(std::move(table)), columns_(std::move(columns)) {
    static uint64_t counter = 0;
    token_ = "seed-engine-stream-" + std::to_string(++counter);
    sql_ = "LOAD DATA LOCAL INFILE '" + token_ + "' INTO TABLE " + MysqlQuote(table_) +
           " CHARACTER SET utf8mb4 FIELDS TERMINATED BY '\\t' ESCAPED BY '\\\\'"
           " LINES TERMINATED BY '\\n' (";
    std::string set;
    for (size_t i = 0; i < columns_.size(); ++i) {
      if (!bits[i]) {
        sql_ += (i ? "," : "") + MysqlQuote(columns_[i]);
        continue;
      }
      sql_ += (i ? ",@bit" : "@bit") + std::to_string(i);
      set += (set.empty() ? " SET " : ", ") + MysqlQuote(columns_[i]) + " = CAST(@bit" + std::to_string(i) +
             " AS UNSIGNED)";
    }
    sql_ += ")" + set;
  }

  Status Insert(const Value* rows, size_t count) override {
    buf_.clear();
    Append(rows, count, buf_);
    stream_.refill = nullptr;
    return Load(count);
  }

  bool StreamsTable() const override { return true; }

  // Batches are formatted as the server asks for more: one batch in
  // memory at a time, whatever the table's size.
  Status InsertAll(const BatchSource& next) override {
    uint64_t total = 0;
    stream_.refill = [&](std::string& out) {
      const Value* rows;
      size_t count;
      if (!next(rows, count)) return false;
      Append(rows, count, out);
      total += count;
      return true;
    };
    buf_.clear();
    Status s = Load(total);
    stream_.refill = nullptr;
    return s;
  }

 private:
  void Append(const Value* rows, size_t count, std::string& out) const {
    const size_t n = columns_.size();
    for (size_t r = 0; r < count; ++r) {
      for (size_t c = 0; c < n; ++c) {
        if (c) out += '\t';
        AppendField(out, rows[r * n + c]);
      }
      out += '\n';
    }
  }

  // `expected` is read after the statement: a stream counts as it goes.
  Status Load(const uint64_t& expected) {
    stream_.data = &buf_;
    stream_.pos = 0;
    conn_->BeginStream(token_, &stream_);
    Status sent = conn_->Query(sql_, table_);
    conn_->EndStream();
    if (!sent.ok()) return sent;
    // LOCAL turns duplicate and conversion errors into warnings and skips
    // rows: treat any warning or missing row as a failed load. Notes are
    // not about the rows written: MariaDB notes rounding a STORED generated
    // column (1265), which a strict-mode INSERT accepts too.
    const uint64_t affected = mysql_affected_rows(db_);
    const unsigned warnings = mysql_warning_count(db_);
    if (affected == expected && warnings == 0) return Status::Ok();
    std::string why = "loaded " + std::to_string(affected) + " of " + std::to_string(expected) + " rows";
    bool only_notes = affected == expected;
    if (conn_->Query("SHOW WARNINGS LIMIT 64").ok()) {
      Rows w(mysql_store_result(db_));
      bool first = true;
      while (w.Next()) {
        if (w.Text(0) == "Note") continue;
        if (first) why = w.Text(2), first = false;
        only_notes = false;
      }
    }
    if (only_notes && warnings <= 64) return Status::Ok();
    return Status::Db(table_ + ": " + why);
  }

  MysqlConn* conn_;
  MYSQL* db_;
  std::string table_;
  std::vector<std::string> columns_;
  std::string token_, sql_, buf_;
  InfileStream stream_;
};

// Fallback when the server has local_infile off: multi-row prepared INSERT,
// every value bound as text (the server converts), NULLs bound as NULL.
class PreparedInserter : public Inserter {
 public:
  PreparedInserter(MYSQL* db, std::string table, std::vector<std::string> columns, std::vector<bool> bits,
                   size_t rows)
      : db_(db), table_(std::move(table)), columns_(std::move(columns)), bits_(std::move(bits)), rows_(rows) {}
  ~PreparedInserter() override {
    if (full_) mysql_stmt_close(full_);
    if (one_) mysql_stmt_close(one_);
  }

  Status Prepare() {
    full_ = Make(rows_);
    one_ = Make(1);
    if (!full_ || !one_) return ErrorFor(mysql_errno(db_), table_ + ": cannot prepare INSERT: " + mysql_error(db_));
    return Status::Ok();
  }

  Status Insert(const Value* rows, size_t count) override {
    const size_t n = columns_.size();
    size_t done = 0;
    for (; count - done >= rows_; done += rows_)
      if (Status s = Run(full_, rows + done * n, rows_); !s.ok()) return s;
    for (; done < count; ++done)
      if (Status s = Run(one_, rows + done * n, 1); !s.ok()) return s;
    return Status::Ok();
  }

 private:
  MYSQL_STMT* Make(size_t rows) {
    std::string sql = "INSERT INTO " + MysqlQuote(table_) + " (", tuple = "(";
    for (size_t i = 0; i < columns_.size(); ++i) {
      sql += (i ? "," : "") + MysqlQuote(columns_[i]);
      tuple += std::string(i ? "," : "") + (bits_[i] ? "CAST(? AS UNSIGNED)" : "?");
    }
    sql += ") VALUES ";
    tuple += ")";
    for (size_t r = 0; r < rows; ++r) sql += (r ? "," : "") + tuple;
    MYSQL_STMT* st = mysql_stmt_init(db_);
    if (st && mysql_stmt_prepare(st, sql.data(), sql.size()) != 0) {
      mysql_stmt_close(st);
      return nullptr;
    }
    return st;
  }

  Status Run(MYSQL_STMT* st, const Value* rows, size_t count) {
    const size_t total = count * columns_.size();
    binds_.assign(total, MYSQL_BIND{});
    text_.resize(total);
    lengths_.resize(total);
    nulls_.resize(total);
    for (size_t i = 0; i < total; ++i) {
      nulls_[i] = rows[i].is_null();
      text_[i].clear();
      rows[i].AppendText(text_[i]);
      lengths_[i] = text_[i].size();
      binds_[i].buffer_type = MYSQL_TYPE_STRING;
      binds_[i].buffer = text_[i].data();
      binds_[i].buffer_length = lengths_[i];
      binds_[i].length = &lengths_[i];
      binds_[i].is_null = reinterpret_cast<my_bool*>(&nulls_[i]);
    }
    if (mysql_stmt_bind_param(st, binds_.data()) != 0 || mysql_stmt_execute(st) != 0)
      return ErrorFor(mysql_stmt_errno(st), table_ + ": " + mysql_stmt_error(st));
    return Status::Ok();
  }

  MYSQL* db_;
  std::string table_;
  std::vector<std::string> columns_;
  std::vector<bool> bits_;  // BIT columns: the value is cast from its text
  size_t rows_;
  MYSQL_STMT* full_ = nullptr;
  MYSQL_STMT* one_ = nullptr;
  std::vector<MYSQL_BIND> binds_;
  std::vector<std::string> text_;
  std::vector<unsigned long> lengths_;
  std::vector<char> nulls_;
};

class MysqlUpdater : public Updater {
 public:
  // `keep`: ON UPDATE columns, set to themselves so the update leaves
  // them as written (MySQL changes them only when an UPDATE does not name them).
  MysqlUpdater(MysqlConn& conn, std::string table, std::vector<std::string> set, std::vector<std::string> key,
               std::vector<std::string> keep)
      : conn_(conn), table_(std::move(table)), set_(std::move(set)), key_(std::move(key)) {
    for (const std::string& k : keep) same_ += ", " + MysqlQuote(k) + " = " + MysqlQuote(k);
  }
  Status Update(const Value* rows, size_t count) override {
    const size_t w = set_.size() + key_.size();
    for (size_t r = 0; r < count; ++r) {
      std::string sql = "UPDATE " + MysqlQuote(table_) + " SET ";
      for (size_t i = 0; i < w; ++i) {
        if (i == set_.size()) sql += same_;
        const Value& v = rows[r * w + i];
        if (i == set_.size()) sql += " WHERE ";
        else if (i) sql += i < set_.size() ? ", " : " AND ";
        sql += MysqlQuote(i < set_.size() ? set_[i] : key_[i - set_.size()]) + " = " +
               (v.is_null() ? "NULL" : conn_.Literal(v.ToText()));
      }
      if (Status s = conn_.Exec(sql, Context()); !s.ok()) return s;
    }
    return Status::Ok();
  }

 private:
  // Errors name the table and the columns set, never a cut statement.
  std::string Context() const {
    std::string cols;
    for (const std::string& c : set_) cols += (cols.empty() ? "" : ", ") + c;
    return table_ + " (setting " + cols + ")";
  }

  MysqlConn& conn_;
  std::string table_;
  std::vector<std::string> set_, key_;
  std::string same_;  // ", `col` = `col`" for each kept column
};

}  // namespace

void ClassifyMysqlType(ColumnInfo& c) {
  std::string name;
  for (char ch : c.declared_type) {
    if (!std::isalnum(static_cast<unsigned char>(ch)) && ch != '_') break;
    name += static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  }
  static const std::map<std::string, ColumnClass> kClasses = {
      {"tinyint", ColumnClass::kInteger},  {"smallint", ColumnClass::kInteger},
      {"mediumint", ColumnClass::kInteger}, {"int", ColumnClass::kInteger},
      {"integer", ColumnClass::kInteger},  {"bigint", ColumnClass::kInteger},
      {"year", ColumnClass::kInteger},     {"bool", ColumnClass::kBool},
      {"boolean", ColumnClass::kBool},     {"decimal", ColumnClass::kDecimal},
      {"numeric", ColumnClass::kDecimal},  {"dec", ColumnClass::kDecimal},
      {"fixed", ColumnClass::kDecimal},    {"float", ColumnClass::kFloat},
      {"double", ColumnClass::kFloat},     {"real", ColumnClass::kFloat},
      {"char", ColumnClass::kText},        {"varchar", ColumnClass::kText},
      {"tinytext", ColumnClass::kText},    {"text", ColumnClass::kText},
      {"mediumtext", ColumnClass::kText},  {"longtext", ColumnClass::kText},
      {"enum", ColumnClass::kText},        {"set", ColumnClass::kText},
      {"json", ColumnClass::kText},        {"binary", ColumnClass::kBlob},
      {"varbinary", ColumnClass::kBlob},   {"tinyblob", ColumnClass::kBlob},
      {"blob", ColumnClass::kBlob},        {"mediumblob", ColumnClass::kBlob},
      {"longblob", ColumnClass::kBlob},    {"date", ColumnClass::kDate},
      {"datetime", ColumnClass::kDateTime}, {"timestamp", ColumnClass::kDateTime},
      {"time", ColumnClass::kTime},
  };  // bit, uuid, inet4/6 and the spatial types stay kOther
  const auto it = kClasses.find(name);
  c.cls = it == kClasses.end() ? ColumnClass::kOther : it->second;
  std::string lower = c.declared_type;
  for (char& ch : lower) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  c.is_unsigned = lower.find(" unsigned") != std::string::npos;
}

namespace {

std::vector<std::string> EnumMembers(const std::string& column_type) {
  std::vector<std::string> out;
  if (column_type.rfind("enum(", 0) != 0 && column_type.rfind("set(", 0) != 0) return out;
  static const std::regex item(R"('((?:[^']|'')*)')");
  for (std::sregex_iterator m(column_type.begin(), column_type.end(), item), end; m != end; ++m) {
    std::string v = (*m)[1];
    for (size_t p = v.find("''"); p != std::string::npos; p = v.find("''", p + 1)) v.erase(p, 1);
    out.push_back(v);
  }
  return out;
}

}  // namespace

MysqlDriver::MysqlDriver(MysqlUrl url, std::string shown, std::unique_ptr<MysqlConn> conn)
    : url_(std::move(url)), shown_url_(std::move(shown)), conn_(std::move(conn)), db_(conn_->get()) {}

MysqlDriver::~MysqlDriver() { lock_.reset(); }

Result<std::unique_ptr<Driver>> MysqlDriver::Open(const std::string& raw, const OpenOptions& options) {
  Result<MysqlUrl> url = ParseMysqlUrl(raw, options.password_env);
  if (!url.ok()) return url.status();
  const std::string shown = RedactUrl(raw);
  Result<std::unique_ptr<MysqlConn>> conn = MysqlConn::Open(*url, shown, true, options.on_retry);
  if (!conn.ok()) return conn.status();
  std::unique_ptr<MysqlDriver> d(new MysqlDriver(std::move(*url), shown, std::move(*conn)));
  d->on_retry_ = options.on_retry;
  if (Status s = d->conn_->Query("SELECT @@local_infile, @@sql_mode, @@hostname, @@port, DATABASE()", "connect");
      !s.ok())
    return s;
  std::string infile, mode;
  {
    Rows r(mysql_store_result(d->db_));
    if (r.Next()) {
      infile = r.Text(0), mode = r.Text(1);
      // The lock is named after what the server says it is, not after how
      // the URL spells it: 127.0.0.1, localhost and a socket path reach
      // one server and must contend for one lock.
      const std::string where = r.Text(2) + ":" + r.Text(3) + "/" + r.Text(4);
      char name[64];
      snprintf(name, sizeof name, "seed-engine:%016llx", static_cast<unsigned long long>(HashString(where)));
      d->lock_name_ = name;
    }
  }
  // Under NO_BACKSLASH_ESCAPES the backslashes in the engine's own SQL
  // text (LOAD DATA's clauses, the CRC expression) would mean something
  // else; only this session drops the flag, the server's other modes stay.
  if (("," + mode + ",").find(",NO_BACKSLASH_ESCAPES,") != std::string::npos)
    if (Status s = d->Exec("SET SESSION sql_mode = TRIM(BOTH ',' FROM REPLACE(CONCAT(',', @@sql_mode, ','),"
                           " ',NO_BACKSLASH_ESCAPES,', ','))");
        !s.ok())
      return s;
  // On a Galera node, each read waits until the node has applied what the
  // cluster certified before it (causal reads): a run that takes over a
  // dead holder's lease on another node reads that holder's last batches.
  // A server without Galera support does not know the variable (1193).
  if (Status s = d->Exec("SET SESSION wsrep_sync_wait = 1"); !s.ok() && mysql_errno(d->db_) != 1193) return s;
  d->bulk_method_ = infile == "1" ? "LOAD DATA LOCAL INFILE (in-memory stream)"
                                  : "multi-row prepared INSERT (server local_infile=OFF)";
  return std::unique_ptr<Driver>(std::move(d));
}

Status MysqlDriver::Error(const std::string& context) const { return conn_->Error(context); }

Status MysqlDriver::Exec(const std::string& sql) { return conn_->Exec(sql); }

Status MysqlDriver::ExecScript(const std::string& sql) {
  mysql_set_server_option(db_, MYSQL_OPTION_MULTI_STATEMENTS_ON);
  Status s = conn_->Query(sql, "schema script");
  do {
    if (MYSQL_RES* r = mysql_store_result(db_)) mysql_free_result(r);
    if (s.ok() && mysql_errno(db_)) s = Error("schema script");
  } while (mysql_next_result(db_) == 0);
  mysql_set_server_option(db_, MYSQL_OPTION_MULTI_STATEMENTS_OFF);
  return s;
}

Result<std::string> MysqlDriver::QueryValue(const std::string& sql) { return conn_->QueryValue(sql); }


Status MysqlDriver::Acquire(int wait_seconds) {
  // Galera's GET_LOCK is node-local: two nodes could both "hold" it. The
  // check fails closed: a server that will not say is not assumed safe.
  if (Status s = conn_->Query("SHOW VARIABLES LIKE 'wsrep_on'", "checking for a Galera cluster (wsrep_on)");
      !s.ok())
    return s;
  {
    Rows r(mysql_store_result(db_));
    const char* allow = std::getenv("SEED_ALLOW_GALERA");
    if (r.Next() && r.Text(1) == "ON" && !(allow && std::string(allow) == "true"))
      return Status::Lock("this server is a Galera (wsrep) cluster node, where GET_LOCK only"
                          " locks one node, so concurrent runs on other nodes would not be"
                          " excluded; use --lock lease (a lease in the ledger, which holds across the"
                          " cluster), or set SEED_ALLOW_GALERA=true if only one run can ever start");
  }
  Result<std::unique_ptr<MysqlLock>> lock = MysqlLock::Acquire(url_, shown_url_, lock_name_, wait_seconds, on_retry_);
  if (!lock.ok()) return lock.status();
  // The data connection holds a lock of its own for as long as it lives. A
  // killed run's lock connection can end before its data connection has
  // finished the COMMIT it sent; waiting for this lock waits for that
  // connection to end, so the ledger read next includes what it committed.
  const std::string data_lock = conn_->Literal(lock_name_ + ":data");
  Result<std::string> got =
      conn_->QueryValue("SELECT GET_LOCK(" + data_lock + ", " + std::to_string(std::max(wait_seconds, 10)) + ")");
  if (!got.ok()) return got.status();
  if (*got != "1") {
    Result<std::string> who = LockHolderOf(*conn_, lock_name_ + ":data");
    return Status::Lock("the previous run's data connection on " + shown_url_ + " (" + (who.ok() ? *who : "?") +
                        ") is still open although it no longer holds the run lock; end it, then retry");
  }
  lock_ = std::move(*lock);
  return Status::Ok();
}

Status MysqlDriver::Check() {
  if (!lock_) return Status::Ok();
  Status s = lock_->Check();
  if (s.ok()) return s;
  // A server that went away takes both connections: say so, rather than
  // "lost the lock", when the data connection is gone too. A server
  // shutting down closes them one after the other (seen apart under load):
  // the data connection is watched for 2 s before the lock counts as taken.
  for (int i = 0; i < 10; ++i) {
    if (Status data = conn_->Exec("SELECT 1", "connection check"); data.code() == Code::kUnreachable) return data;
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  return s;
}

Result<TableSchema> MysqlDriver::Inspect(const std::string& table) {
  if (BeyondBmp(table))
    return Status::Db(table + ": MySQL and MariaDB table names cannot hold characters beyond U+FFFF"
                      " (emoji, some CJK); rename the table");
  TableSchema schema;
  schema.name = table;
  const std::string t = conn_->Literal(table);
  const std::string cols_sql =
      "SELECT COLUMN_NAME, COLUMN_TYPE, IS_NULLABLE, COLUMN_DEFAULT IS NOT NULL AND "
      "COLUMN_DEFAULT <> 'NULL', EXTRA, CHARACTER_MAXIMUM_LENGTH, NUMERIC_PRECISION, "
      "NUMERIC_SCALE, COLUMN_KEY FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() "
      "AND TABLE_NAME = " + t + " ORDER BY ORDINAL_POSITION";
  if (Status s = conn_->Query(cols_sql, "inspect " + table); !s.ok()) return s;
  {
    Rows r(mysql_store_result(db_));
    while (r.Next()) {
      ColumnInfo c;
      c.name = r.Text(0);
      c.declared_type = r.Text(1);
      c.not_null = r.Text(2) == "NO";
      c.has_default = r.Text(3) == "1";
      const std::string extra = r.Text(4);
      c.auto_key = extra.find("auto_increment") != std::string::npos;
      std::string lower = extra;
      for (char& ch : lower) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
      c.on_update = lower.find("on update") != std::string::npos;
      c.generated = extra.find("GENERATED") != std::string::npos ||
                    extra.find("VIRTUAL") != std::string::npos ||
                    extra.find("PERSISTENT") != std::string::npos;
      ClassifyMysqlType(c);
      if (!r.Null(5)) c.length = std::strtoull(r.Text(5).c_str(), nullptr, 10);
      if (c.cls == ColumnClass::kDecimal && !r.Null(6)) {
        c.precision = std::atoi(r.Text(6).c_str());
        c.scale = std::atoi(r.Text(7).c_str());
      }
      c.members = EnumMembers(c.declared_type);
      c.member_set = c.declared_type.rfind("set(", 0) == 0;
      if (!c.members.empty()) c.length.reset();
      if (r.Text(8) == "PRI") schema.primary_key.push_back(c.name);
      schema.columns.push_back(std::move(c));
    }
  }
  schema.exists = !schema.columns.empty();
  const std::string check_sql =
      "SELECT CHECK_CLAUSE FROM information_schema.CHECK_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = DATABASE()"
      " AND TABLE_NAME = " + t;
  if (Status s = conn_->Query(check_sql, "inspect " + table); !s.ok()) return s;
  {
    Rows r(mysql_store_result(db_));
    while (r.Next()) ApplyCheckBounds(r.Text(0), schema);
  }
  const std::string idx_sql =
      "SELECT INDEX_NAME, COLUMN_NAME FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = "
      "DATABASE() AND TABLE_NAME = " + t + " AND NON_UNIQUE = 0 ORDER BY INDEX_NAME, SEQ_IN_INDEX";
  if (Status s = conn_->Query(idx_sql, "inspect " + table); !s.ok()) return s;
  {
    Rows r(mysql_store_result(db_));
    std::string last;
    while (r.Next()) {
      if (r.Text(0) != last || schema.unique_keys.empty()) schema.unique_keys.emplace_back();
      last = r.Text(0);
      schema.unique_keys.back().push_back(r.Text(1));
    }
  }
  const std::string fk_sql =
      "SELECT COLUMN_NAME, REFERENCED_TABLE_NAME, REFERENCED_COLUMN_NAME, CONSTRAINT_NAME FROM "
      "information_schema.KEY_COLUMN_USAGE WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = " + t +
      " AND REFERENCED_TABLE_NAME IS NOT NULL";
  if (Status s = conn_->Query(fk_sql, "inspect " + table); !s.ok()) return s;
  Rows r(mysql_store_result(db_));
  while (r.Next()) schema.foreign_keys.push_back({r.Text(0), r.Text(1), r.Text(2), r.Text(3), true});
  return schema;
}

Result<std::unique_ptr<Inserter>> MysqlDriver::PrepareInsert(const TableSchema& table,
                                                             const std::vector<std::string>& columns) {
  std::vector<bool> bits;
  for (const std::string& name : columns) {
    const ColumnInfo* c = table.Find(name);
    bits.push_back(c && c->declared_type.rfind("bit", 0) == 0);
  }
  if (bulk_method_.rfind("LOAD DATA", 0) == 0)
    return std::unique_ptr<Inserter>(new LoadDataInserter(conn_.get(), table.name, columns, bits));
  auto ins = std::make_unique<PreparedInserter>(db_, table.name, columns, bits,
                                                std::max<size_t>(1, std::min<size_t>(500, 60000 / columns.size())));
  if (Status s = ins->Prepare(); !s.ok()) return s;
  return std::unique_ptr<Inserter>(std::move(ins));
}

Result<std::vector<std::string>> MysqlDriver::StampedOnUpdate(const std::string& table) {
  Result<TableSchema> schema = Inspect(table);
  if (!schema.ok()) return schema.status();
  std::vector<std::string> out;
  for (const ColumnInfo& c : schema->columns)
    if (c.on_update) out.push_back(c.name);
  return out;
}

Result<std::unique_ptr<Updater>> MysqlDriver::PrepareUpdate(const TableSchema& table,
                                                           const std::vector<std::string>& set,
                                                           const std::vector<std::string>& key) {
  std::vector<std::string> keep;
  for (const ColumnInfo& c : table.columns)
    if (c.on_update && std::find(set.begin(), set.end(), c.name) == set.end()) keep.push_back(c.name);
  return std::unique_ptr<Updater>(new MysqlUpdater(*conn_, table.name, set, key, keep));
}



// The table was empty and every row was checked against the schema: skip
// InnoDB's per-row FK checks (as mysqldump does), then prove the foreign
// keys of the load afterwards. unique_checks stays on: with both off,
// MariaDB 10.11 takes an insert into an empty table as a bulk insert, and
// two such loads at once (two databases seeded at the same time on one
// server) wedged the server (both stuck in 'Reading file', 190% CPU, DDL
// blocked) in 2 of 14 runs of the tests; with it on, 0 of 10. Instead, its
// plain secondary indexes are built after the rows (DropIndexesForLoad).
Status MysqlDriver::BeginTableLoad(const TableSchema& table, bool journaled) {
  checks_off_ = true;
  if (Status s = Exec("SET SESSION foreign_key_checks = 0"); !s.ok()) return s;
  Status s = journaled ? DropIndexesForLoad(table.name) : Status::Ok();
  if (!s.ok()) {  // the caller will not call EndTableLoad: checks back on for the next table
    checks_off_ = false;
    (void)Exec("SET SESSION foreign_key_checks = 1");
  }
  return s;
}

// InnoDB puts each row into every secondary index at a random place: once
// the indexes outgrow the buffer pool, that is most of a load's time.
// Built after the rows, each is one sorted pass (10x W1, 128 MiB buffer
// pool: 61-74 s -> 49 s; W1: 5.2-5.8 -> 4.5-5.0 s). MySQL commits DDL at once, so
// each index is recorded in the ledger's journal before it is dropped,
// and one a killed run left dropped is put back by the next writer.
// Left alone: unique indexes (they reject duplicates during the load),
// FULLTEXT and SPATIAL ones (adding them rebuilds the table), and every
// index on a Galera cluster (DDL there stops the whole cluster's writes
// while it runs). When the server will not drop one (MySQL 8 keeps an
// index a foreign key needs), none is dropped and the load goes on with
// them. Other sessions meanwhile: MariaDB refuses to delete a parent row
// whose child's foreign key index is gone (it fails closed, error 1451).
Status MysqlDriver::DropIndexesForLoad(const std::string& table) {
  Result<bool> cluster = OnCluster();
  if (!cluster.ok() || *cluster) return cluster.status();
  // Indexes of this table an earlier load left dropped (its process died;
  // a table is loaded whole by one process at a time) are this load's to
  // build again at its end, with those it drops now.
  Result<std::vector<Journaled>> left = ledger_.JournaledIndexes();
  if (!left.ok()) return left.status();
  std::vector<Journaled> adopted;
  for (Journaled& j : *left)
    if (j.table == table) adopted.push_back(std::move(j));
  if (!adopted.empty())
    if (Status s = ledger_.AdoptIndexes(table); !s.ok()) return s;
  if (Status s = conn_->Query("SHOW CREATE TABLE " + MysqlQuote(table), table); !s.ok()) return s;
  std::vector<Journaled> plain;
  {
    Rows r(mysql_store_result(db_));
    const std::string ddl = r.Next() ? r.Text(1) : "";
    // Other engines build their indexes otherwise (MyISAM defers them
    // already) or keep them elsewhere (FEDERATED, CONNECT).
    const bool innodb = ddl.find("\n) ENGINE=InnoDB") != std::string::npos;
    for (size_t at = 0; innodb && at < ddl.size();) {
      size_t end = ddl.find('\n', at);
      if (end == std::string::npos) end = ddl.size();
      std::string line = ddl.substr(at, end - at);
      at = end + 1;
      line.erase(0, line.find_first_not_of(' '));
      if (!line.empty() && line.back() == ',') line.pop_back();
      if (line.rfind("KEY ", 0) != 0 || line.size() < 6) continue;
      // The name, as SHOW CREATE TABLE quotes it (backquotes, or double
      // quotes under ANSI_QUOTES), a doubled quote standing for one.
      const char q = line[4];
      if (q != '`' && q != '"') continue;
      std::string name;
      size_t i = 5;
      for (; i < line.size(); ++i) {
        if (line[i] != q) name += line[i];
        else if (i + 1 < line.size() && line[i + 1] == q) name += q, ++i;
        else break;
      }
      if (i < line.size()) plain.push_back({table, name, line, ProcessOwner()});
    }
  }
  // One the earlier process built again but did not yet forget is on the
  // table: journaled afresh below, if dropped.
  for (auto j = adopted.begin(); j != adopted.end();) {
    if (std::none_of(plain.begin(), plain.end(), [&](const Journaled& p) { return p.name == j->name; })) {
      ++j;
      continue;
    }
    if (Status f = ledger_.ForgetIndex(table, j->name); !f.ok()) return f;
    j = adopted.erase(j);
  }
  if (plain.empty()) {
    dropped_ = std::move(adopted);
    return Status::Ok();
  }
  if (Status s = ledger_.JournalIndexes(plain); !s.ok()) return s;
  std::string drop = "ALTER TABLE " + MysqlQuote(table);
  for (size_t i = 0; i < plain.size(); ++i) drop += (i ? ", DROP INDEX " : " DROP INDEX ") + MysqlQuote(plain[i].name);
  // DDL waits for every open transaction that read the table (a client
  // left idle in one, say), by default for a day (MariaDB) or a year
  // (MySQL). The drop waits 5 s, then the load goes on with the indexes:
  // whoever holds the table then is likely to hold it when they are added
  // back, which must wait.
  Status dropped = Status::Db(table + ": its indexes were not dropped");  // unless the ALTER ran
  // A failed session setting fails the table (no EndTableLoad follows): the
  // journal has the indexes, and dropped_ must not carry them to the next
  // table's EndTableLoad.
  if (Status waited = ExecWaitingAtMost(5, drop, &dropped); !waited.ok()) return waited;
  if (dropped.code() == Code::kUnreachable) return dropped;  // the journal puts them back if they went
  if (dropped.ok()) adopted.insert(adopted.end(), plain.begin(), plain.end());
  else
    for (const Journaled& j : plain)
      if (Status f = ledger_.ForgetIndex(table, j.name); !f.ok()) return f;
  dropped_ = std::move(adopted);
  return Status::Ok();
}

// One ALTER adds them all (one read of the table), then the journal
// forgets them. It waits at most a minute for another session's
// transaction on the table (DDL's own default is a day or a year): past
// that the table fails, naming why, and the journal keeps the indexes for
// the next writer. An index another worker put back meanwhile (workers
// migrating at once) is not an error.
Status MysqlDriver::PutBackIndexes(const std::string& table, const std::vector<Journaled>& indexes) {
  if (indexes.empty()) return Status::Ok();
  std::string add = "ALTER TABLE " + MysqlQuote(table);
  for (size_t i = 0; i < indexes.size(); ++i) add += (i ? ", ADD " : " ADD ") + indexes[i].definition;
  Status added = Status::Db(table + ": its indexes were not built again");  // unless the ALTER ran
  if (Status s = ExecWaitingAtMost(60, add, &added); !s.ok()) return s;
  if (!added.ok() && added.code() != Code::kUnreachable) {
    Result<std::vector<std::string>> present = IndexNames(table);
    if (!present.ok()) return present.status();
    for (const Journaled& j : indexes)
      if (std::find(present->begin(), present->end(), j.name) == present->end())
        return Status::Error(added.code(), table + ": building its index " + j.name +
                                               " again after the load failed (" + added.message() +
                                               "); `status` lists it and the next run or rollback builds it"
                                               " again; to give it up, delete its row from seed_engine_indexes");
    added = Status::Ok();
  }
  if (!added.ok()) return added;
  for (const Journaled& j : indexes)
    if (Status s = ledger_.ForgetIndex(table, j.name); !s.ok()) return s;
  return Status::Ok();
}

// What a killed run left: each journaled index not on its table yet is
// added; one whose table is gone, or that is back already, is forgotten.
// A table whose indexes a live process dropped (its lease says so: a
// worker of this run loading it now) is left to that process, which
// builds them at its load's end: adding them here would wait for the load.
Status MysqlDriver::PutBackJournaledIndexes() {
  Result<std::vector<Journaled>> journal = ledger_.JournaledIndexes();
  if (!journal.ok() || journal->empty()) return journal.status();
  Result<std::vector<LedgerLease>> leases = ledger_.Leases();
  if (!leases.ok()) return leases.status();
  const int64_t now = NowSeconds();
  auto loading = [&](const Journaled& j) {
    return !j.owner.empty() && j.owner != ProcessOwner() &&
           std::any_of(leases->begin(), leases->end(),
                       [&](const LedgerLease& l) { return l.owner == j.owner && LeaseLive(l, now); });
  };
  for (size_t at = 0; at < journal->size();) {
    const std::string table = (*journal)[at].table;
    if (loading((*journal)[at])) {
      while (at < journal->size() && (*journal)[at].table == table) ++at;
      continue;
    }
    std::vector<Journaled> missing;
    Result<TableSchema> exists = Inspect(table);
    if (!exists.ok()) return exists.status();
    Result<std::vector<std::string>> present = IndexNames(table);
    if (!present.ok()) return present.status();
    for (; at < journal->size() && (*journal)[at].table == table; ++at) {
      const Journaled& j = (*journal)[at];
      if (!exists->exists || std::find(present->begin(), present->end(), j.name) != present->end()) {
        if (Status s = ledger_.ForgetIndex(j.table, j.name); !s.ok()) return s;
      } else {
        missing.push_back(j);
      }
    }
    if (Status s = PutBackIndexes(table, missing); !s.ok()) return s;
  }
  return Status::Ok();
}

// Runs the DDL statement `sql` (its result in *ran) waiting at most
// `seconds` for the table's metadata lock, then puts the session's own
// wait back.
Status MysqlDriver::ExecWaitingAtMost(int seconds, const std::string& sql, Status* ran) {
  Result<std::string> wait = QueryValue("SELECT @@SESSION.lock_wait_timeout");
  if (!wait.ok()) return wait.status();
  if (Status s = Exec("SET SESSION lock_wait_timeout = " + std::to_string(seconds)); !s.ok()) return s;
  *ran = Exec(sql);
  return Exec("SET SESSION lock_wait_timeout = " + std::to_string(std::atoll(wait->c_str())));
}

// The table's index names (none for a table without a primary key whose
// one index is dropped: InnoDB's hidden clustered index is not listed).
Result<std::vector<std::string>> MysqlDriver::IndexNames(const std::string& table) {
  std::vector<std::string> names;
  Status s = Query("SELECT DISTINCT INDEX_NAME FROM information_schema.STATISTICS"
                   " WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ?",
                   {Value::Text(table)}, [&](const std::vector<const char*>& c) { names.push_back(c[0] ? c[0] : ""); });
  if (!s.ok()) return s;
  return names;
}

Result<bool> MysqlDriver::OnCluster() {
  if (!cluster_) {
    if (Status s = conn_->Query("SHOW VARIABLES LIKE 'wsrep_on'", "checking for a Galera cluster (wsrep_on)");
        !s.ok())
      return s;
    Rows r(mysql_store_result(db_));
    cluster_ = r.Next() && r.Text(1) == "ON";
  }
  return *cluster_;
}

// The cheap proof of a foreign key, from three index lookups and one count:
// when the referenced column is an integer unique key holding every value
// from its MIN to its MAX (COUNT = MAX - MIN + 1), any child value inside
// [MIN, MAX] has its parent. False when that does not hold; the caller
// then runs the anti-join.
Result<bool> MysqlDriver::KeysInParentRange(const std::string& table, const ForeignKeyInfo& fk) {
  Result<std::string> unique = QueryValue(
      "SELECT COUNT(*) FROM (SELECT INDEX_NAME FROM information_schema.STATISTICS WHERE"
      " TABLE_SCHEMA = DATABASE() AND TABLE_NAME = " + conn_->Literal(fk.ref_table) +
      " AND NON_UNIQUE = 0 GROUP BY INDEX_NAME HAVING COUNT(*) = 1 AND MAX(COLUMN_NAME) = " +
      conn_->Literal(fk.ref_column) + ") u");
  if (!unique.ok() || *unique == "0") return unique.ok() ? Result<bool>(false) : unique.status();
  const std::string col = MysqlQuote(fk.column), ref = MysqlQuote(fk.ref_column);
  std::vector<std::string> v;
  for (const std::string& sql :
       {"SELECT MIN(" + col + ") FROM " + MysqlQuote(table), "SELECT MAX(" + col + ") FROM " + MysqlQuote(table),
        "SELECT MIN(" + ref + ") FROM " + MysqlQuote(fk.ref_table),
        "SELECT MAX(" + ref + ") FROM " + MysqlQuote(fk.ref_table),
        "SELECT COUNT(*) FROM " + MysqlQuote(fk.ref_table)}) {
    Result<std::string> r = QueryValue(sql);
    if (!r.ok()) return r.status();
    v.push_back(*r);
  }
  if (v[0].empty()) return true;  // every value NULL, or no rows
  for (const std::string& x : v)
    if (x.empty() || x.size() > 18 || x.find_first_not_of("-0123456789") != std::string::npos)
      return false;  // not an integer key, or one too wide for this arithmetic
  const long long lo = std::stoll(v[0]), hi = std::stoll(v[1]), plo = std::stoll(v[2]),
                  phi = std::stoll(v[3]), n = std::stoll(v[4]);
  return phi - plo + 1 == n && plo <= lo && hi <= phi;
}

Status MysqlDriver::EndTableLoad(const TableSchema& table) {
  if (!checks_off_) return Status::Ok();
  checks_off_ = false;
  if (Status s = Exec("SET SESSION foreign_key_checks = 1"); !s.ok()) return s;
  // Before the proof, whose key-range lookups use them.
  const std::vector<Journaled> dropped = std::move(dropped_);
  dropped_.clear();
  Status rebuilt = PutBackIndexes(table.name, dropped);
  if (Status proof = ProveTable(table); !proof.ok()) return proof;  // proven also without the indexes
  return rebuilt;
}

// InnoDB has no deferred checks: they go off for the session, and the
// transaction's end turns them back on (checks are never left off on the
// connection).
Status MysqlDriver::DeferForeignKeys() {
  deferred_ = true;
  return Exec("SET SESSION foreign_key_checks = 0");
}

Status MysqlDriver::ProveForeignKeys(const std::vector<TableSchema>& tables) {
  for (const TableSchema& t : tables)
    if (Status s = ProveTable(t); !s.ok()) return s;
  return Status::Ok();
}

Status MysqlDriver::EndTransaction(const char* sql) {
  Status s = Exec(sql);
  if (deferred_) {
    deferred_ = false;
    if (Status on = Exec("SET SESSION foreign_key_checks = 1"); s.ok()) s = on;
  }
  return s;
}

// Every foreign key of the table holds: by the key-range proof, else an anti-join.
Status MysqlDriver::ProveTable(const TableSchema& table) {
  for (const ForeignKeyInfo& fk : table.foreign_keys) {
    if (Result<bool> proven = KeysInParentRange(table.name, fk); !proven.ok() || *proven) {
      if (!proven.ok()) return proven.status();
      continue;
    }
    Result<std::string> orphans = QueryValue(
        "SELECT COUNT(*) FROM " + MysqlQuote(table.name) + " c LEFT JOIN " +
        MysqlQuote(fk.ref_table) + " p ON c." + MysqlQuote(fk.column) + " = p." +
        MysqlQuote(fk.ref_column) + " WHERE c." + MysqlQuote(fk.column) + " IS NOT NULL AND p." +
        MysqlQuote(fk.ref_column) + " IS NULL");
    if (!orphans.ok()) return orphans.status();
    if (*orphans != "0")
      return Status::Db(table.name + "." + fk.column + ": " + *orphans + " rows reference missing " +
                        fk.ref_table + "." + fk.ref_column + " rows");
  }
  return Status::Ok();
}

}  // namespace seed

namespace seed {

std::string MysqlDriver::Ident(const std::string& name) const { return MysqlQuote(name); }

// Placeholders become escaped literals (mysql_real_escape_string with the
// connection's character set): the statements are few, so the prepared
// statement API's result binding is not worth its weight here.
Status MysqlDriver::Query(const std::string& sql, const std::vector<Value>& params,
                          const RowVisitor& row) {
  // A user's source query may hold '?' of its own: replaced only when
  // there is something to bind (the engine's statements quote no '?').
  std::string text = params.empty() ? sql : std::string();
  size_t next = 0;
  for (char c : params.empty() ? std::string_view() : std::string_view(sql)) {
    if (c != '?') {
      text += c;
      continue;
    }
    if (next >= params.size()) return Status::Db("query has more placeholders than parameters");
    const Value& v = params[next++];
    if (v.is_null()) text += "NULL";
    else if (v.type == Type::kInt || v.type == Type::kBool) text += std::to_string(v.i);
    else text += conn_->Literal(v.ToText());
  }
  if (Status s = conn_->Query(text, "query"); !s.ok()) return s;
  // Streamed, not stored: a source query's rows never sit in memory whole.
  // Visitors only collect; none runs a statement on this connection.
  MYSQL_RES* res = mysql_use_result(db_);
  if (!res) return mysql_field_count(db_) == 0 ? Status::Ok() : Error("query");
  Rows rows(res);
  const unsigned n = mysql_num_fields(res);
  std::vector<const char*> cells(n);
  MYSQL_ROW r;
  while ((r = mysql_fetch_row(res)) != nullptr) {
    for (unsigned i = 0; i < n; ++i) cells[i] = r[i];
    if (row) row(cells);
  }
  return mysql_errno(db_) ? Error("query") : Status::Ok();
}

Result<std::vector<std::string>> MysqlDriver::TableNames() {
  std::vector<std::string> out;
  const std::string sql =
      "SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE()"
      " AND TABLE_TYPE = 'BASE TABLE' ORDER BY TABLE_NAME";
  if (Status s = conn_->Query(sql, "the list of tables"); !s.ok()) return s;
  Rows r(mysql_store_result(db_));
  while (r.Next()) out.push_back(r.Text(0));
  return out;
}

Result<std::vector<std::string>> MysqlDriver::TriggerWrittenTables() {
  std::vector<std::string> out;
  const std::string sql = "SELECT ACTION_STATEMENT FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = DATABASE()";
  if (Status s = conn_->Query(sql, "the triggers"); !s.ok()) return s;
  Rows r(mysql_store_result(db_));
  while (r.Next())
    for (const std::string& t : TablesInsertedBy(r.Text(0))) out.push_back(t);
  return out;
}

Result<std::vector<ReferencingKey>> MysqlDriver::ReferencingKeys(const std::string& table) {
  std::vector<ReferencingKey> out;
  const std::string sql =
      "SELECT TABLE_NAME, COLUMN_NAME, REFERENCED_COLUMN_NAME, CONSTRAINT_NAME"
      " FROM information_schema.KEY_COLUMN_USAGE WHERE REFERENCED_TABLE_SCHEMA = DATABASE()"
      " AND REFERENCED_TABLE_NAME = " + conn_->Literal(table);
  if (Status s = conn_->Query(sql, "foreign keys referencing " + table); !s.ok()) return s;
  Rows r(mysql_store_result(db_));
  while (r.Next()) out.push_back({r.Text(0), r.Text(1), r.Text(2), r.Text(3)});
  return out;
}

Result<std::string> MysqlDriver::Holder() { return LockHolderOf(*conn_, lock_name_); }

}  // namespace seed

namespace seed {

// The server checks a batch itself: one row back, not 5,000.
Result<std::optional<Session::Digest>> MysqlDriver::ServerDigest(const RowSelection& rows,
                                                                 const std::vector<std::string>& columns) {
  std::string cells;
  for (const std::string& c : columns)
    cells += (cells.empty() ? "" : ", ") + std::string("COALESCE(CAST(") + MysqlQuote(c) + " AS CHAR), '\\\\N')";
  std::vector<Value> params;
  const std::string where = Where(rows, params);
  std::optional<Digest> d;
  Status s = Query("SELECT COUNT(*), BIT_XOR(CRC32(CONCAT_WS('\\t', " + cells + "))) FROM " + MysqlQuote(rows.table) +
                       (where.empty() ? "" : " WHERE " + where),
                   params, [&](const std::vector<const char*>& c) {
                     d = Digest{c[0] ? std::strtoull(c[0], nullptr, 10) : 0, c[1] ? std::strtoull(c[1], nullptr, 10) : 0};
                   });
  if (!s.ok()) return s;
  return d;
}

uint64_t MysqlDriver::ChangedRows() { return mysql_affected_rows(db_); }

// InnoDB checks a foreign key at each row a DELETE removes, not at the end
// of the statement: rows of a key range that reference earlier rows of the
// same table (a manager self-reference) go last-first.
Result<uint64_t> MysqlDriver::Delete(const RowSelection& rows) {
  std::vector<Value> params;
  const std::string where = Where(rows, params);
  std::string sql = "DELETE FROM " + MysqlQuote(rows.table) + (where.empty() ? "" : " WHERE " + where);
  if (rows.kind == RowSelection::Kind::kRange) sql += " ORDER BY " + MysqlQuote(rows.key) + " DESC";
  else if (rows.kind == RowSelection::Kind::kKeys && rows.key_columns.size() == 1)
    sql += " ORDER BY " + MysqlQuote(rows.key_columns[0]) + " DESC";
  if (Status s = Query(sql, params); !s.ok()) return s;
  return ChangedRows();
}

// The registry's entry (engine/driver/registry.cc).
Result<std::unique_ptr<Driver>> OpenMysqlUrl(const std::string& url, const OpenOptions& options) {
  return MysqlDriver::Open(url, options);
}

}  // namespace seed
