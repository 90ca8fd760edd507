#include "engine/driver/mysql/mysql_conn.h"

#include <errmsg.h>
#include <mysql.h>

#include <cstdio>
#include <cstring>
#include <mutex>

#include "engine/driver/driver.h"

namespace seed {

namespace {

// A file name chosen by the server, made safe to print: printable ASCII
// only, bounded.
std::string Printable(const char* name) {
  std::string out;
  for (const char* p = name ? name : ""; *p && out.size() < 200; ++p)
    out += (*p >= 0x20 && *p < 0x7f) ? *p : '?';
  return out.empty() ? "(empty name)" : out;
}

int InfileInit(void** ptr, const char* filename, void* userdata) {
  auto* gate = static_cast<MysqlConn::Gate*>(userdata);
  *ptr = gate;
  if (gate->token.empty() || filename == nullptr || gate->token != filename) {
    if (gate->refused_file.empty()) gate->refused_file = Printable(filename);
    gate->stream = nullptr;
    return 1;
  }
  // One request per statement: a second one for the same token is refused.
  gate->token.clear();
  gate->stream->pos = 0;
  return 0;
}

int InfileRead(void* ptr, char* buf, unsigned int len) {
  auto* gate = static_cast<MysqlConn::Gate*>(ptr);
  InfileStream* s = gate->stream;
  if (s == nullptr) return -1;
  while (s->pos == s->data->size()) {
    s->data->clear();
    s->pos = 0;
    if (!s->refill || !s->refill(*s->data)) return 0;
  }
  const size_t n = std::min<size_t>(len, s->data->size() - s->pos);
  memcpy(buf, s->data->data() + s->pos, n);
  s->pos += n;
  return static_cast<int>(n);
}

void InfileEnd(void*) {}

int InfileError(void* ptr, char* buf, unsigned int len) {
  auto* gate = static_cast<MysqlConn::Gate*>(ptr);
  snprintf(buf, len, "%s", gate->stream == nullptr ? "seed-engine refuses to send any file but its own stream"
                                                   : "stream error");
  return CR_UNKNOWN_ERROR;
}

// The server cannot be reached, or the connection to it is gone.
bool Lost(unsigned error_number) {
  switch (error_number) {
    case CR_CONNECTION_ERROR:  // socket refused or missing
    case CR_CONN_HOST_ERROR:   // TCP refused or timed out
    case CR_SERVER_GONE_ERROR:
    case CR_SERVER_LOST:  // also a read or write timeout
    case CR_SERVER_LOST_EXTENDED:
    case 1053:  // ER_SERVER_SHUTDOWN
    case 1927:  // ER_CONNECTION_KILLED
      return true;
  }
  return false;
}

}  // namespace

Status ErrorFor(unsigned error_number, const std::string& message) {
  if (Lost(error_number)) return Status::Unreachable(message + " (connection to the database lost)");
  // ER_LOCK_DEADLOCK: InnoDB rolled the transaction back; Galera reports its
  // certification failures and the local transactions it aborts this way.
  if (error_number == 1213) return Status::Conflict(message);
  return Status::Db(message);
}

MysqlConn::MysqlConn(MYSQL* db) : db_(db) {}

MysqlConn::~MysqlConn() { mysql_close(db_); }

Result<std::unique_ptr<MysqlConn>> MysqlConn::Open(
    const MysqlUrl& url, const std::string& shown, bool local_infile,
    const std::function<void(const std::string&)>& on_retry) {
  static std::once_flag init;
  std::call_once(init, [] { mysql_library_init(0, nullptr, nullptr); });
  std::unique_ptr<MysqlConn> conn;
  Status s = ConnectWithRetry(url.connect_attempts, on_retry, [&](bool* transient) {
    unsigned error_number = 0;
    Result<std::unique_ptr<MysqlConn>> c = Connect(url, shown, local_infile, &error_number);
    // 1040: too many connections, which a moment may cure too.
    if (!c.ok()) return *transient = Lost(error_number) || error_number == 1040, c.status();
    conn = std::move(*c);
    return Status::Ok();
  });
  if (!s.ok()) return s;
  return conn;
}

Result<std::unique_ptr<MysqlConn>> MysqlConn::Connect(const MysqlUrl& url, const std::string& shown,
                                                      bool local_infile, unsigned* error_number) {
  MYSQL* db = mysql_init(nullptr);
  if (!db) return Status::Db("out of memory");
  std::unique_ptr<MysqlConn> c(new MysqlConn(db));
  // Installed before the handshake and never replaced: see the header.
  mysql_set_local_infile_handler(db, InfileInit, InfileRead, InfileEnd, InfileError, &c->gate_);
  unsigned int infile = local_infile ? 1 : 0;
  mysql_options(db, MYSQL_OPT_LOCAL_INFILE, &infile);
  mysql_options(db, MYSQL_SET_CHARSET_NAME, "utf8mb4");
  unsigned int connect_timeout = url.connect_timeout, read_timeout = url.read_timeout,
               write_timeout = url.write_timeout;
  mysql_options(db, MYSQL_OPT_CONNECT_TIMEOUT, &connect_timeout);
  mysql_options(db, MYSQL_OPT_READ_TIMEOUT, &read_timeout);
  mysql_options(db, MYSQL_OPT_WRITE_TIMEOUT, &write_timeout);
  const auto& p = url.params;
  auto param = [&](const char* k) { auto it = p.find(k); return it == p.end() ? nullptr : it->second.c_str(); };
  if (param("ssl-ca") || param("ssl-cert") || param("ssl-key") || param("ssl-capath") || param("ssl-cipher"))
    mysql_ssl_set(db, param("ssl-key"), param("ssl-cert"), param("ssl-ca"), param("ssl-capath"),
                  param("ssl-cipher"));
  if (url.ssl_mode >= SslMode::kRequired) {
    my_bool on = 1;
    mysql_options(db, MYSQL_OPT_SSL_ENFORCE, &on);
  }
  if (url.ssl_mode >= SslMode::kVerifyCa) {
    my_bool on = 1;
    mysql_options(db, MYSQL_OPT_SSL_VERIFY_SERVER_CERT, &on);
  }
  if (!mysql_real_connect(db, url.host.c_str(), url.user.c_str(), url.password.c_str(),
                          url.database.c_str(), url.port,
                          url.socket.empty() ? nullptr : url.socket.c_str(), 0)) {
    // libmariadb's messages name user and host, never the password.
    *error_number = mysql_errno(db);
    return Status::Usage(shown + ": cannot connect: " + mysql_error(db));
  }
  // libmariadb 3.3 refuses a server without TLS before authenticating only
  // when it verifies certificates; MYSQL_OPT_SSL_ENFORCE alone falls back to
  // clear text. So REQUIRED is checked here, before any statement is sent.
  if (url.ssl_mode >= SslMode::kRequired && mysql_get_ssl_cipher(db) == nullptr)
    return Status::Usage(shown + ": ssl-mode requires TLS, but the server does not offer it; no statement"
                         " was sent");
  // A run holds its lock connection idle while the data connection runs a
  // long statement, and the data connection idles while rows are
  // generated: a server wait_timeout shorter than that would close them
  // and lose the lock. The session's own timeout is raised to a day.
  if (Status s = c->Exec("SET SESSION wait_timeout = GREATEST(@@session.wait_timeout, 86400)",
                         shown + ": SET SESSION wait_timeout");
      !s.ok()) {
    *error_number = mysql_errno(db);
    return s;
  }
  return c;
}

void MysqlConn::BeginStream(const std::string& token, InfileStream* stream) {
  gate_.token = token;
  gate_.stream = stream;
}

void MysqlConn::EndStream() {
  gate_.token.clear();
  gate_.stream = nullptr;
}

Status MysqlConn::Error(const std::string& context) const {
  if (!gate_.refused_file.empty())
    return Status::Db(context + ": the server asked to read the local file '" + gate_.refused_file +
                      "'; refused, nothing was sent (seed-engine sends no file but its own LOAD DATA"
                      " stream). The server, or something between it and seed-engine, is not to be"
                      " trusted; use ssl-mode=VERIFY_IDENTITY to authenticate it");
  return ErrorFor(mysql_errno(db_), context + ": " + mysql_error(db_));
}

Status MysqlConn::Query(const std::string& sql, const std::string& context) {
  // After a refusal nothing more is sent: the server has shown it is
  // hostile, and an open transaction dies with the connection.
  if (!gate_.refused_file.empty() || mysql_real_query(db_, sql.data(), sql.size()) != 0 ||
      !gate_.refused_file.empty())
    return Error(context.empty() ? sql.substr(0, 60) : context);
  return Status::Ok();
}

Status MysqlConn::Exec(const std::string& sql, const std::string& context) {
  if (Status s = Query(sql, context); !s.ok()) return s;
  if (MYSQL_RES* r = mysql_store_result(db_)) mysql_free_result(r);
  return mysql_errno(db_) ? Error(context.empty() ? sql.substr(0, 60) : context) : Status::Ok();
}

Result<std::string> MysqlConn::QueryValue(const std::string& sql) {
  if (Status s = Query(sql); !s.ok()) return s;
  MYSQL_RES* r = mysql_store_result(db_);
  if (!r) return mysql_errno(db_) ? Result<std::string>(Error(sql.substr(0, 60))) : std::string();
  MYSQL_ROW row = mysql_fetch_row(r);
  std::string out = row && row[0] ? row[0] : "";
  mysql_free_result(r);
  return out;
}

std::string MysqlConn::Literal(const std::string& s) const {
  std::string out(s.size() * 2 + 1, '\0');
  out.resize(mysql_real_escape_string(db_, out.data(), s.data(), s.size()));
  return "'" + out + "'";
}

}  // namespace seed
