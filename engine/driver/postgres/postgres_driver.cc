#include "engine/driver/postgres/postgres_driver.h"

#include <libpq-fe.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <map>
#include <regex>
#include <thread>

#include "engine/core/interrupt.h"
#include "engine/driver/postgres/postgres_conn.h"
#include "engine/gen/rng.h"

namespace seed {

std::string NumberPlaceholders(const std::string& sql) {
  std::string out;
  int n = 0;
  for (size_t i = 0; i < sql.size(); ++i) {
    const char c = sql[i];
    if (c == '\'' || c == '"') {  // a literal or identifier, doubled quotes inside
      const size_t end = sql.find(c, i + 1);
      const size_t stop = end == std::string::npos ? sql.size() : end + 1;
      out.append(sql, i, stop - i);
      i = stop - 1;
    } else if (c == '-' && i + 1 < sql.size() && sql[i + 1] == '-') {
      const size_t end = sql.find('\n', i);
      const size_t stop = end == std::string::npos ? sql.size() : end;
      out.append(sql, i, stop - i);
      i = stop - 1;
    } else if (c == '?') {
      out += "$" + std::to_string(++n);
    } else {
      out += c;
    }
  }
  return out;
}

void ClassifyPostgresType(ColumnInfo& c, const std::string& type) {
  std::string name, args;
  int depth = 0;
  for (char ch : type) {
    if (ch == '(')
      ++depth;
    else if (ch == ')')
      --depth;
    else if (depth == 0)
      name += ch;
    else if (args.size() < 32)
      args += ch;
  }
  while (!name.empty() && name.back() == ' ') name.pop_back();
  static const std::map<std::string, ColumnClass> kClasses = {
      {"smallint", ColumnClass::kInteger},
      {"integer", ColumnClass::kInteger},
      {"bigint", ColumnClass::kInteger},
      {"numeric", ColumnClass::kDecimal},
      {"real", ColumnClass::kFloat},
      {"double precision", ColumnClass::kFloat},
      {"character varying", ColumnClass::kText},
      {"character", ColumnClass::kText},
      {"text", ColumnClass::kText},
      {"citext", ColumnClass::kText},
      {"uuid", ColumnClass::kText},
      {"json", ColumnClass::kText},
      {"jsonb", ColumnClass::kText},
      {"bytea", ColumnClass::kBlob},
      {"date", ColumnClass::kDate},
      {"timestamp without time zone", ColumnClass::kDateTime},
      {"timestamp with time zone", ColumnClass::kDateTime},
      {"time without time zone", ColumnClass::kTime},
      {"boolean", ColumnClass::kBool},
  };  // arrays ("integer[]"), interval, time with time zone, geometric, network... stay kOther
  const auto it = kClasses.find(name);
  c.cls = it == kClasses.end() ? ColumnClass::kOther : it->second;
  if (args.empty()) return;
  if (name == "character varying" || name == "character") {
    c.length = std::strtoull(args.c_str(), nullptr, 10);
  } else if (c.cls == ColumnClass::kDecimal) {
    const size_t comma = args.find(',');
    c.precision = std::atoi(args.c_str());
    c.scale = comma == std::string::npos ? 0 : std::atoi(args.c_str() + comma + 1);
  }
}

PostgresDriver::PostgresDriver(PostgresUrl url, std::string shown, std::unique_ptr<PgConn> conn)
    : url_(std::move(url)), shown_url_(std::move(shown)), conn_(std::move(conn)) {}

PostgresDriver::~PostgresDriver() = default;  // closing the lock connection releases the lock

Result<std::unique_ptr<Driver>> PostgresDriver::Open(const std::string& raw, const OpenOptions& options) {
  Result<PostgresUrl> url = ParsePostgresUrl(raw, options.password_env);
  if (!url.ok()) return url.status();
  const std::string shown = RedactUrl(raw);
  Result<std::unique_ptr<PgConn>> conn = PgConn::Open(*url, shown, options.on_retry);
  if (!conn.ok()) return conn.status();
  std::unique_ptr<PostgresDriver> d(new PostgresDriver(std::move(*url), shown, std::move(*conn)));
  d->on_retry_ = options.on_retry;
  return std::unique_ptr<Driver>(std::move(d));
}

Status PostgresDriver::Exec(const std::string& sql) { return conn_->Exec(sql); }

std::string PostgresDriver::Ident(const std::string& name) const { return PostgresQuote(name); }

Status PostgresDriver::Query(const std::string& sql, const std::vector<Value>& params,
                             const RowVisitor& row) {
  // A user's source query may hold '?' (jsonb operators): numbered only
  // when there is something to bind.
  return conn_->Query(params.empty() ? sql : NumberPlaceholders(sql), params, row, &changed_);
}

Status PostgresDriver::Begin() { return Exec("BEGIN"); }
Status PostgresDriver::Rollback() { return Exec("ROLLBACK"); }
Status PostgresDriver::Savepoint() { return Exec("SAVEPOINT seed_row"); }
Status PostgresDriver::ReleaseSavepoint() { return Exec("RELEASE SAVEPOINT seed_row"); }
Status PostgresDriver::RollbackToSavepoint() { return Exec("ROLLBACK TO SAVEPOINT seed_row"); }

// COMMIT of a transaction that saw an error "succeeds" as a ROLLBACK:
// that must not read as committed.
Status PostgresDriver::Commit() {
  PgResult r(PQexec(conn_->get(), "COMMIT"));
  if (!r || PQresultStatus(r.get()) != PGRES_COMMAND_OK) return conn_->Error(r.get(), "COMMIT");
  if (std::string(PQcmdStatus(r.get())) != "COMMIT")
    return Status::Db("COMMIT: the transaction had failed and was rolled back");
  return Status::Ok();
}

Status PostgresDriver::BeginTableLoad(const TableSchema& table, bool) {
  if (url_.restore_order) loads_.insert(table.name);
  return Status::Ok();
}

Status PostgresDriver::EndTableLoad(const TableSchema& table) {
  loads_.erase(table.name);
  return Status::Ok();
}

// PostgreSQL's DDL is transactional: a run killed mid-script leaves no
// half schema that would stop the next run from applying it.
Status PostgresDriver::ExecScript(const std::string& sql) {
  if (Status s = Exec("BEGIN"); !s.ok()) return s;
  if (Status s = conn_->Exec(sql, "schema script"); !s.ok()) {
    (void)Exec("ROLLBACK");
    return s;
  }
  return Commit();
}

// ---- catalog ----

namespace {

std::string Cell(const char* c) { return c ? c : ""; }

// The table's pg_class row in the current schema.
const char kRelation[] =
    " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
    " WHERE n.nspname = current_schema() AND c.relname = $1 AND c.relkind IN ('r', 'p', 'v', 'm', "
    "'f')";

}  // namespace

Result<TableSchema> PostgresDriver::Inspect(const std::string& table) {
  TableSchema schema;
  schema.name = table;
  // A domain is classified by its base type; enum members come from pg_enum.
  const std::string cols_sql =
      "SELECT a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull, a.atthasdef,"
      " a.attidentity <> '' OR COALESCE(pg_get_expr(d.adbin, d.adrelid) LIKE 'nextval(%', false),"
      " a.attgenerated <> '',"
      " CASE WHEN t.typtype = 'd' THEN format_type(t.typbasetype, t.typtypmod)"
      " ELSE format_type(a.atttypid, a.atttypmod) END,"
      " (SELECT string_agg(e.enumlabel, E'\\n' ORDER BY e.enumsortorder) FROM pg_enum e"
      "  WHERE e.enumtypid = CASE WHEN t.typtype = 'd' THEN t.typbasetype ELSE t.oid END)"
      " FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid"
      " LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum"
      " WHERE a.attrelid = (SELECT c.oid" +
      std::string(kRelation) +
      ")"
      " AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum";
  Status s = conn_->Query(cols_sql, {Value::Text(table)}, [&](const std::vector<const char*>& r) {
    ColumnInfo c;
    c.name = Cell(r[0]);
    c.declared_type = Cell(r[1]);
    c.not_null = Cell(r[2]) == "1";
    c.has_default = Cell(r[3]) == "1";
    c.auto_key = Cell(r[4]) == "1";
    c.generated = Cell(r[5]) == "1";
    ClassifyPostgresType(c, Cell(r[6]));
    if (r[7]) {  // an enum: text with exactly these members
      c.cls = ColumnClass::kText;
      const std::string all = r[7];
      for (size_t p = 0, e; p <= all.size(); p = e + 1) {
        e = all.find('\n', p);
        if (e == std::string::npos) e = all.size();
        c.members.push_back(all.substr(p, e - p));
      }
    }
    schema.columns.push_back(std::move(c));
  });
  if (!s.ok()) return Status::Db("inspect " + table + ": " + s.message());
  schema.exists = !schema.columns.empty();
  if (!schema.exists) return schema;
  // Unique indexes over plain columns (the primary key's among them);
  // partial and expression indexes do not make a column unique.
  const std::string idx_sql =
      "SELECT ic.relname, i.indisprimary, a.attname FROM pg_index i"
      " JOIN pg_class ic ON ic.oid = i.indexrelid"
      " CROSS JOIN LATERAL unnest(i.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord)"
      " JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum"
      " WHERE i.indrelid = (SELECT c.oid" +
      std::string(kRelation) +
      ")"
      " AND i.indisunique AND i.indpred IS NULL AND i.indexprs IS NULL ORDER BY ic.relname, k.ord";
  std::string last;
  s = conn_->Query(idx_sql, {Value::Text(table)}, [&](const std::vector<const char*>& r) {
    if (Cell(r[0]) != last || schema.unique_keys.empty()) schema.unique_keys.emplace_back();
    last = Cell(r[0]);
    schema.unique_keys.back().push_back(Cell(r[2]));
    if (Cell(r[1]) == "1") schema.primary_key.push_back(Cell(r[2]));
  });
  if (!s.ok()) return Status::Db("inspect " + table + ": " + s.message());
  const std::string fk_sql =
      "SELECT a.attname, rc.relname, ra.attname, k.conname, k.condeferrable FROM pg_constraint k"
      " CROSS JOIN LATERAL unnest(k.conkey, k.confkey) AS u(col, refcol)"
      " JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = u.col"
      " JOIN pg_attribute ra ON ra.attrelid = k.confrelid AND ra.attnum = u.refcol"
      " JOIN pg_class rc ON rc.oid = k.confrelid"
      " WHERE k.contype = 'f' AND k.conrelid = (SELECT c.oid" +
      std::string(kRelation) +
      ")"
      " ORDER BY k.conname, a.attnum";
  s = conn_->Query(fk_sql, {Value::Text(table)}, [&](const std::vector<const char*>& r) {
    schema.foreign_keys.push_back({Cell(r[0]), Cell(r[1]), Cell(r[2]), Cell(r[3]), Cell(r[4]) == "1"});
  });
  if (!s.ok()) return Status::Db("inspect " + table + ": " + s.message());
  ReadCheckMembers(schema, table);
  return schema;
}

// CHECK (col IN ('a', 'b')), which PostgreSQL keeps as
// "CHECK ((col = ANY (ARRAY['a'::text, 'b'::text])))" (varchar columns get
// casts around both sides). Other checks are left to the server.
void PostgresDriver::ReadCheckMembers(TableSchema& schema, const std::string& table) {
  static const std::regex check(
      R"re(^CHECK \(+"?([^"()]+)"?\)?(?:::[a-z ]+)? = ANY \(+ARRAY\[(.*)\](?:\)?::[a-z ]+\[\])?\)+$)re");
  static const std::regex item(R"('((?:[^']|'')*)'(?:::[a-z ]+)?)");
  std::vector<std::string> defs;
  (void)conn_->Query(
      "SELECT pg_get_constraintdef(k.oid) FROM pg_constraint k WHERE k.contype = 'c'"
      " AND k.conrelid = (SELECT c.oid" +
          std::string(kRelation) + ")",
      {Value::Text(table)}, [&](const std::vector<const char*>& r) { defs.push_back(Cell(r[0])); });
  for (const std::string& def : defs) {
    ApplyCheckBounds(def, schema);
    std::smatch m;
    if (!std::regex_match(def, m, check)) continue;
    const std::string column = m[1], list = m[2];
    for (ColumnInfo& c : schema.columns) {
      if (c.name != column || !c.members.empty()) continue;
      for (std::sregex_iterator it(list.begin(), list.end(), item), end; it != end; ++it) {
        std::string v = (*it)[1];
        for (size_t p = v.find("''"); p != std::string::npos; p = v.find("''", p + 1))
          v.erase(p, 1);
        c.members.push_back(v);
      }
    }
  }
}

Result<std::vector<std::string>> PostgresDriver::TableNames() {
  std::vector<std::string> out;
  Status s = conn_->Query(
      "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()"
      " AND table_type = 'BASE TABLE' ORDER BY table_name",
      {}, [&](const std::vector<const char*>& r) { out.push_back(Cell(r[0])); });
  if (!s.ok()) return Status::Db("the list of tables: " + s.message());
  return out;
}

Result<std::vector<std::string>> PostgresDriver::TriggerWrittenTables() {
  std::vector<std::string> out;
  Status s = conn_->Query(
      "SELECT p.prosrc FROM pg_trigger t JOIN pg_proc p ON p.oid = t.tgfoid JOIN pg_class c ON c.oid = t.tgrelid"
      " WHERE NOT t.tgisinternal AND c.relnamespace = current_schema()::regnamespace",
      {}, [&](const std::vector<const char*>& r) {
        for (const std::string& t : TablesInsertedBy(Cell(r[0]))) out.push_back(t);
      });
  if (!s.ok()) return Status::Db("the triggers: " + s.message());
  return out;
}

Result<std::vector<ReferencingKey>> PostgresDriver::ReferencingKeys(const std::string& table) {
  std::vector<ReferencingKey> out;
  const std::string sql =
      "SELECT cc.relname, a.attname, ra.attname, k.conname FROM pg_constraint k"
      " CROSS JOIN LATERAL unnest(k.conkey, k.confkey) AS u(col, refcol)"
      " JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = u.col"
      " JOIN pg_attribute ra ON ra.attrelid = k.confrelid AND ra.attnum = u.refcol"
      " JOIN pg_class cc ON cc.oid = k.conrelid"
      " WHERE k.contype = 'f' AND k.confrelid = (SELECT c.oid" +
      std::string(kRelation) +
      ")"
      " ORDER BY cc.relname, k.conname";
  Status s = conn_->Query(sql, {Value::Text(table)}, [&](const std::vector<const char*>& r) {
    out.push_back({Cell(r[0]), Cell(r[1]), Cell(r[2]), Cell(r[3])});
  });
  if (!s.ok()) return Status::Db("foreign keys referencing " + table + ": " + s.message());
  return out;
}

// ---- run lock ----

int64_t PostgresDriver::LockKey() const {
  const std::string where =
      url_.host + ":" + std::to_string(url_.port) + url_.socket_dir + "/" + url_.database;
  return static_cast<int64_t>(HashString(where));
}

namespace {

// pg_locks shows a bigint advisory key as classid (high 32 bits) and
// objid (low 32 bits), objsubid 1.
const char kLockRow[] =
    " l.locktype = 'advisory' AND l.granted AND l.objsubid = 1"
    " AND l.classid::text::bigint = ($1::bigint >> 32) & 4294967295"
    " AND l.objid::text::bigint = $1::bigint & 4294967295"
    " AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())";

}  // namespace

Status PostgresDriver::Acquire(int wait_seconds) {
  Result<std::unique_ptr<PgConn>> c = PgConn::Open(url_, shown_url_, on_retry_);
  if (!c.ok()) return Status::Error(c.status().code(), "lock connection: " + c.status().message());
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(wait_seconds);
  for (;;) {
    Result<std::string> got =
        (*c)->QueryValue("SELECT pg_try_advisory_lock($1)", {Value::Int(LockKey())});
    if (!got.ok()) return Status::Error(got.status().code(), "lock connection: " + got.status().message());
    if (*got == "1") break;
    if (std::chrono::steady_clock::now() >= deadline || InterruptRequested()) {
      Result<std::string> who = Holder();
      return Status::Lock(
          "another seed-engine run holds the lock on " + shown_url_ + ": " +
          (who.ok() && !who->empty() ? *who : "a session that has since released it") +
          "; wait for it, or pass --lock-timeout N");
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  // The data session holds a second advisory lock for as long as it lives.
  // A killed run's lock session can end before its data session has
  // finished the COMMIT it sent; waiting for this lock waits for that
  // session to end, so the ledger read next includes what it committed.
  const auto data_deadline = std::max(deadline, std::chrono::steady_clock::now() + std::chrono::seconds(10));
  for (;;) {
    Result<std::string> got =
        conn_->QueryValue("SELECT pg_try_advisory_lock($1)", {Value::Int(LockKey() ^ 1)});
    if (!got.ok()) return got.status();
    if (*got == "1") break;
    if (std::chrono::steady_clock::now() >= data_deadline || InterruptRequested())
      return Status::Lock("the previous run's data session on " + shown_url_ +
                          " is still open although it no longer holds the run lock; end it"
                          " (pg_terminate_backend), then retry");
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  lock_conn_ = std::move(*c);
  return Status::Ok();
}

// Asked on the lock's own connection: a terminated session fails the
// query (or is already marked bad), and a live one must still hold it.
Status PostgresDriver::Check() {
  if (!lock_conn_) return Status::Ok();
  Result<std::string> mine =
      lock_conn_->Alive()
          ? lock_conn_->QueryValue(
                "SELECT EXISTS (SELECT 1 FROM pg_locks l WHERE l.pid = pg_backend_pid() AND" +
                    std::string(kLockRow) + ")",
                {Value::Int(LockKey())})
          : Result<std::string>(Status::Db("connection lost"));
  if (mine.ok() && *mine == "1") return Status::Ok();
  // A server that went away takes both connections: say so, rather than
  // "lost the lock", when the data connection is gone too.
  if (Status data = conn_->Exec("SELECT 1", "connection check"); data.code() == Code::kUnreachable) return data;
  return Status::Lock("lost the run lock on " + shown_url_ +
                      " (its session was terminated or reset); stopping before the next commit");
}

// "pid 4242 (seed@127.0.0.1, seed-engine)", or "" when nobody holds it.
Result<std::string> PostgresDriver::Holder() {
  return conn_->QueryValue(
      "SELECT 'pid ' || l.pid || ' (' || COALESCE(a.usename, '?') || '@' ||"
      " COALESCE(host(a.client_addr), 'local') || ', ' || COALESCE(NULLIF(a.application_name, ''), "
      "'?') || ')'"
      " FROM pg_locks l LEFT JOIN pg_stat_activity a ON a.pid = l.pid WHERE" +
          std::string(kLockRow) + " LIMIT 1",
      {Value::Int(LockKey())});
}

// The registry's entry (engine/driver/registry.cc).
Result<std::unique_ptr<Driver>> OpenPostgresUrl(const std::string& url, const OpenOptions& options) {
  return PostgresDriver::Open(url, options);
}

}  // namespace seed
