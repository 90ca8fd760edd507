#include "engine/driver/postgres/postgres_url.h"

#include <algorithm>
#include <cstdlib>
#include <sstream>

#include "engine/driver/url.h"

namespace seed {

namespace {

const char* const kKnown[] = {"sslmode",       "sslrootcert", "sslcert",       "sslkey",
                              "connect-timeout", "io-timeout", "connect-attempts", "password-file",
                              "host",          "socket",      "restore-order"};
const char* const kSslModes[] = {"disable", "allow",     "prefer",
                                 "require", "verify-ca", "verify-full"};

// One query parameter into `u`; `shown` is the redacted URL for messages.
Status ApplyParam(PostgresUrl& u, const std::string& k, const std::string& v,
                  const std::string& shown, std::string& password_file) {
  if (std::find(std::begin(kKnown), std::end(kKnown), k) == std::end(kKnown)) {
    std::string list;
    for (const char* n : kKnown) list += (list.empty() ? "" : ", ") + std::string(n);
    return Status::Usage(shown + ": unknown URL parameter '" + k + "' (known: " + list + ")");
  }
  if (k == "sslmode") {
    if (std::find(std::begin(kSslModes), std::end(kSslModes), v) == std::end(kSslModes))
      return Status::Usage(
          shown + ": sslmode must be disable, allow, prefer, require, verify-ca or verify-full");
    u.sslmode = v;
  } else if (k == "connect-timeout" || k == "io-timeout" || k == "connect-attempts") {
    const bool attempts = k == "connect-attempts";
    const unsigned most = attempts ? 10 : 3600;
    const std::optional<unsigned> t = ParseBounded(v, most);
    if (!t)
      return Status::Usage(shown + ": " + k + " must be 1 to " + std::to_string(most) + (attempts ? "" : " seconds"));
    (k == "connect-timeout" ? u.connect_timeout : k == "io-timeout" ? u.io_timeout : u.connect_attempts) = *t;
  } else if (k == "host" || k == "socket") {
    if (k == "socket" && (v.empty() || v[0] != '/'))
      return Status::Usage(shown + ": socket must be the absolute path of the socket's directory");
    if (!v.empty() && v[0] == '/')
      u.socket_dir = v;
    else if (!v.empty())
      u.host = v;
  } else if (k == "restore-order") {
    if (v != "on" && v != "off") return Status::Usage(shown + ": restore-order must be on or off");
    u.restore_order = v == "on";
  } else if (k == "sslrootcert") {
    u.sslrootcert = v;
  } else if (k == "sslcert") {
    u.sslcert = v;
  } else if (k == "sslkey") {
    u.sslkey = v;
  } else {
    password_file = v;
  }
  return Status::Ok();
}

// host[:port], [v6]:port, or empty.
Status ParseAuthority(PostgresUrl& u, std::string authority, const std::string& shown) {
  std::string port;
  bool has_port = false;
  if (!authority.empty() && authority[0] == '[') {
    const size_t close = authority.find(']');
    if (close == std::string::npos) return Status::Usage(shown + ": unclosed '[' in the host");
    if (close + 1 < authority.size()) {
      if (authority[close + 1] != ':') return Status::Usage(shown + ": expected ':' after ']'");
      port = authority.substr(close + 2), has_port = true;
    }
    authority = authority.substr(1, close - 1);
  } else if (size_t c = authority.rfind(':'); c != std::string::npos) {
    port = authority.substr(c + 1), has_port = true;
    authority.resize(c);
  }
  if (has_port) {
    const std::optional<unsigned> p = ParseBounded(port, 65535);
    if (!p) return Status::Usage(shown + ": invalid port (use 1 to 65535)");
    u.port = *p;
  }
  if (!authority.empty()) u.host = PercentDecode(authority);
  return Status::Ok();
}

}  // namespace

Result<PostgresUrl> ParsePostgresUrl(const std::string& url, const std::string& password_env) {
  // Messages show only this, never a piece of the raw URL: any piece
  // could be a misplaced password.
  const std::string shown = RedactUrl(url);
  Result<UrlParts> parts = SplitUrl(url, shown, "postgres://user:pass@host:port/database");
  if (!parts.ok()) return parts.status();
  PostgresUrl u;
  if (Result<unsigned> attempts = DefaultConnectAttempts(); attempts.ok()) u.connect_attempts = *attempts;
  else return attempts.status();
  u.user = parts->user, u.password = parts->password, u.has_password = parts->has_password;
  std::string rest = parts->rest;
  std::string password_file;
  if (size_t q = rest.find('?'); q != std::string::npos) {
    std::stringstream in(rest.substr(q + 1));
    rest.resize(q);
    for (std::string kv; std::getline(in, kv, '&');) {
      if (kv.empty()) continue;
      const size_t eq = kv.find('=');
      const std::string k = kv.substr(0, eq),
                        v = eq == std::string::npos ? "" : PercentDecode(kv.substr(eq + 1));
      if (Status s = ApplyParam(u, k, v, shown, password_file); !s.ok()) return s;
    }
  }
  const size_t slash = rest.find('/');
  if (slash == std::string::npos || slash + 1 >= rest.size())
    return Status::Usage(shown +
                         ": the URL names no database (postgres://user:pass@host:port/DATABASE)");
  u.database = PercentDecode(rest.substr(slash + 1));
  if (Status s = ParseAuthority(u, rest.substr(0, slash), shown); !s.ok()) return s;
  if (!u.has_password) {
    Result<std::optional<std::string>> pw = PasswordFromEnvironment(password_file, password_env, "PGPASSWORD", shown);
    if (!pw.ok()) return pw.status();
    if (*pw) u.password = **pw, u.has_password = true;
  }
  return u;
}

std::vector<std::pair<std::string, std::string>> PostgresUrl::ConnectParams() const {
  std::vector<std::pair<std::string, std::string>> p = {
      {"host", socket_dir.empty() ? host : socket_dir},
      {"port", std::to_string(port)},
      {"dbname", database},
      {"sslmode", sslmode},
      {"connect_timeout", std::to_string(connect_timeout)},
      {"tcp_user_timeout", std::to_string(io_timeout * 1000)},
      {"keepalives", "1"},
      {"keepalives_idle", std::to_string(std::max(1u, io_timeout / 2))},
      {"keepalives_interval", std::to_string(std::max(1u, io_timeout / 6))},
      {"keepalives_count", "3"},
      {"application_name", "seed-engine"},
      {"client_encoding", "UTF8"},
      // Cells read back the same on every connection: timestamps in UTC,
      // ISO dates, shortest exact floats.
      {"options", "-c TimeZone=UTC -c DateStyle=ISO,YMD -c IntervalStyle=postgres -c extra_float_digits=1"},
  };
  if (!user.empty()) p.push_back({"user", user});  // else libpq's default (PGUSER, the OS user)
  if (has_password) p.push_back({"password", password});
  if (!sslrootcert.empty()) p.push_back({"sslrootcert", sslrootcert});
  if (!sslcert.empty()) p.push_back({"sslcert", sslcert});
  if (!sslkey.empty()) p.push_back({"sslkey", sslkey});
  return p;
}

}  // namespace seed
