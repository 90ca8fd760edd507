#include "engine/driver/postgres/postgres_conn.h"

#include <libpq-fe.h>

#include <cstring>

#include "engine/driver/driver.h"

namespace seed {

void PgResultFree::operator()(pg_result* r) const { PQclear(r); }

namespace {

constexpr Oid kBoolOid = 16, kByteaOid = 17, kInt8Oid = 20, kTimestampTzOid = 1184, kTimeTzOid = 1266;

// Server notices ("table does not exist, skipping") are not the user's
// business; errors come back as results.
void IgnoreNotice(void*, const char*) {}

std::string Trimmed(const char* s) {
  std::string out = s ? s : "";
  while (!out.empty() && (out.back() == '\n' || out.back() == ' ')) out.pop_back();
  return out;
}

// "COPY t, line 3, column email: "..."": the column's name, not the value.
std::string CopyColumn(const char* context) {
  if (!context) return "";
  const char* p = std::strstr(context, ", column ");
  if (!p) return "";
  p += 9;
  const char* end = std::strchr(p, ':');
  return end ? std::string(p, end) : std::string();
}

// Cells as the driver boundary wants them (driver.h, "Text at the
// boundary"): booleans 1/0; UTC timestamps without their "+00"; bytea as
// its bytes (PostgreSQL prints \x and hex), as the other databases give a BLOB.
class CellText {
 public:
  explicit CellText(const PGresult* r) : r_(r), n_(PQnfields(r)), cells_(n_), bytes_(n_) {
    for (int i = 0; i < n_; ++i) types_.push_back(PQftype(r, i));
  }
  const std::vector<const char*>& Row(int row) {
    for (int i = 0; i < n_; ++i) {
      if (PQgetisnull(r_, row, i)) {
        cells_[i] = nullptr;
        continue;
      }
      char* v = PQgetvalue(r_, row, i);
      if (types_[i] == kBoolOid) {
        cells_[i] = v[0] == 't' ? "1" : "0";
      } else if (types_[i] == kByteaOid && v[0] == '\\' && v[1] == 'x') {
        std::string& b = bytes_[i];
        b.clear();
        for (const char* h = v + 2; h[0] && h[1]; h += 2) b += static_cast<char>(Nibble(h[0]) << 4 | Nibble(h[1]));
        cells_[i] = b.c_str();
      } else if (types_[i] == kTimestampTzOid || types_[i] == kTimeTzOid) {
        const size_t len = std::strlen(v);
        if (len > 3 && std::strcmp(v + len - 3, "+00") == 0) v[len - 3] = '\0';  // our own copy
        cells_[i] = v;
      } else {
        cells_[i] = v;
      }
    }
    return cells_;
  }

 private:
  static int Nibble(char h) { return h <= '9' ? h - '0' : (h | 0x20) - 'a' + 10; }

  const PGresult* r_;
  int n_;
  std::vector<const char*> cells_;
  std::vector<std::string> bytes_;  // decoded bytea cells of the current row
  std::vector<Oid> types_;
};

}  // namespace

Result<std::unique_ptr<PgConn>> PgConn::Open(const PostgresUrl& url, const std::string& shown,
                                             const std::function<void(const std::string&)>& on_retry) {
  const auto params = url.ConnectParams();
  std::vector<const char*> keys, values;
  for (const auto& [k, v] : params) keys.push_back(k.c_str()), values.push_back(v.c_str());
  keys.push_back(nullptr), values.push_back(nullptr);
  std::unique_ptr<PgConn> conn;
  Status s = ConnectWithRetry(url.connect_attempts, on_retry, [&](bool* transient) {
    PGconn* c = PQconnectdbParams(keys.data(), values.data(), 0);
    if (!c) return Status::Db(shown + ": cannot connect: out of memory");
    std::unique_ptr<PgConn> attempt(new PgConn(c));
    // libpq's messages name user, host and database, never the password.
    if (PQstatus(c) != CONNECTION_OK) {
      // A failed login says nothing about reachability; the ping does:
      // no answer, or a server refusing connections while it starts or
      // stops, may pass.
      const PGPing ping = PQpingParams(keys.data(), values.data(), 0);
      *transient = ping == PQPING_NO_RESPONSE || ping == PQPING_REJECT;
      return Status::Usage(shown + ": cannot connect: " + Trimmed(PQerrorMessage(c)));
    }
    PQsetNoticeProcessor(c, IgnoreNotice, nullptr);
    // The run's lock connection idles through other connections' long
    // statements: a server idle_session_timeout (PostgreSQL 14 and later;
    // older servers refuse the name) must not end it.
    if (PQserverVersion(c) >= 140000) {
      PGresult* r = PQexec(c, "SET idle_session_timeout = 0");
      const bool ok = PQresultStatus(r) == PGRES_COMMAND_OK;
      PQclear(r);
      if (!ok) return Status::Db(shown + ": cannot disable idle_session_timeout: " + Trimmed(PQerrorMessage(c)));
    }
    conn = std::move(attempt);
    return Status::Ok();
  });
  if (!s.ok()) return s;
  return conn;
}

PgConn::~PgConn() { PQfinish(conn_); }

bool PgConn::Alive() const { return PQstatus(conn_) == CONNECTION_OK; }

Status PgConn::Error(const PGresult* r, const std::string& context) const {
  std::string msg = r ? Trimmed(PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY)) : "";
  if (msg.empty()) msg = Trimmed(PQerrorMessage(conn_));
  if (msg.empty()) msg = "unknown error";
  std::string where;
  if (r) {
    std::string column = Trimmed(PQresultErrorField(r, PG_DIAG_COLUMN_NAME));
    if (column.empty()) column = CopyColumn(PQresultErrorField(r, PG_DIAG_CONTEXT));
    if (!column.empty()) where += "column " + column;
    const std::string constraint = Trimmed(PQresultErrorField(r, PG_DIAG_CONSTRAINT_NAME));
    if (!constraint.empty()) where += (where.empty() ? "" : ", ") + ("constraint " + constraint);
    const std::string detail = Trimmed(PQresultErrorField(r, PG_DIAG_MESSAGE_DETAIL));
    if (!where.empty()) msg += " (" + where + ")";
    if (!detail.empty()) msg += ": " + detail;
  }
  msg = (context.empty() ? "" : context + ": ") + msg;
  if (PQstatus(conn_) == CONNECTION_BAD) return Status::Unreachable(msg + " (connection to the database lost)");
  // serialization_failure, deadlock_detected: the transaction was aborted.
  const std::string state = r ? Trimmed(PQresultErrorField(r, PG_DIAG_SQLSTATE)) : "";
  if (state == "40001" || state == "40P01") return Status::Conflict(msg);
  return Status::Db(msg);
}

Status PgConn::Exec(const std::string& sql, const std::string& context) {
  PgResult r(PQexec(conn_, sql.c_str()));
  const ExecStatusType st = r ? PQresultStatus(r.get()) : PGRES_FATAL_ERROR;
  if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK) return Status::Ok();
  return Error(r.get(), context.empty() ? sql.substr(0, 60) : context);
}

Status PgConn::Query(const std::string& sql, const std::vector<Value>& params,
                     const RowVisitor& row, uint64_t* changed) {
  const size_t n = params.size();
  std::vector<std::string> text(n);
  std::vector<const char*> values(n);
  std::vector<Oid> types(n, 0);
  for (size_t i = 0; i < n; ++i) {
    const Value& v = params[i];
    if (v.is_null()) {
      values[i] = nullptr;
      continue;
    }
    if (v.type == Type::kInt)
      types[i] = kInt8Oid;  // bigint >= text has no operator: say what it is
    text[i] = v.ToText();
    values[i] = text[i].c_str();
  }
  if (!PQsendQueryParams(conn_, sql.c_str(), static_cast<int>(n), types.data(), values.data(),
                         nullptr, nullptr, 0))
    return Error(nullptr, "query");
  PQsetSingleRowMode(conn_);
  Status status = Status::Ok();
  if (changed) *changed = 0;
  // Every result is read, even after an error, so the connection is ready
  // for the next statement.
  while (PGresult* raw = PQgetResult(conn_)) {
    PgResult r(raw);
    switch (PQresultStatus(raw)) {
      case PGRES_SINGLE_TUPLE:
      case PGRES_TUPLES_OK:
        if (row && status.ok()) {
          CellText cells(raw);
          for (int i = 0; i < PQntuples(raw); ++i) row(cells.Row(i));
        }
        break;
      case PGRES_COMMAND_OK:
        if (changed) *changed = std::strtoull(PQcmdTuples(raw), nullptr, 10);
        break;
      default:
        if (status.ok()) status = Error(raw, sql.substr(0, 60));
    }
  }
  return status;
}

Result<std::string> PgConn::QueryValue(const std::string& sql, const std::vector<Value>& params) {
  std::string out;
  bool first = true;
  Status s = Query(sql, params, [&](const std::vector<const char*>& c) {
    if (first && !c.empty() && c[0]) out = c[0];
    first = false;
  });
  if (!s.ok()) return s;
  return out;
}

}  // namespace seed
