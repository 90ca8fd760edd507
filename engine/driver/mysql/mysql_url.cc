#include "engine/driver/mysql/mysql_url.h"

#include <algorithm>
#include <cstdlib>
#include <sstream>

#include "engine/driver/url.h"

namespace seed {

Result<MysqlUrl> ParseMysqlUrl(const std::string& url, const std::string& password_env) {
  // Messages show only this, never a piece of the raw URL: any piece
  // could be a misplaced password.
  const std::string shown = RedactUrl(url);
  Result<UrlParts> parts = SplitUrl(url, shown, "mysql://user:pass@host:port/database");
  if (!parts.ok()) return parts.status();
  MysqlUrl u;
  if (Result<unsigned> attempts = DefaultConnectAttempts(); attempts.ok()) u.connect_attempts = *attempts;
  else return attempts.status();
  u.user = parts->user, u.password = parts->password, u.has_password = parts->has_password;
  std::string rest = parts->rest;
  if (size_t q = rest.find('?'); q != std::string::npos) {
    const std::string query = rest.substr(q + 1);
    rest.resize(q);
    std::stringstream in(query);
    for (std::string kv; std::getline(in, kv, '&');) {
      if (kv.empty()) continue;
      const size_t eq = kv.find('=');
      const std::string k = kv.substr(0, eq), v = eq == std::string::npos ? "" : PercentDecode(kv.substr(eq + 1));
      static const std::vector<std::string> kKnown = {"socket",     "ssl-mode",   "ssl-ca",
                                                      "ssl-cert",   "ssl-key",    "ssl-capath",
                                                      "ssl-cipher", "password-file", "connect-timeout",
                                                      "read-timeout", "write-timeout", "connect-attempts"};
      if (std::find(kKnown.begin(), kKnown.end(), k) == kKnown.end()) {
        std::string list;
        for (const std::string& n : kKnown) list += (list.empty() ? "" : ", ") + n;
        // A misspelt ssl-mode must not quietly mean "no TLS".
        return Status::Usage(shown + ": unknown URL parameter '" + k + "' (known: " + list + ")");
      }
      if (k == "socket") {
        u.socket = v;
      } else if (k == "ssl-mode") {
        static const std::pair<const char*, SslMode> kModes[] = {
            {"DISABLED", SslMode::kDisabled},   {"PREFERRED", SslMode::kPreferred},
            {"REQUIRED", SslMode::kRequired},   {"VERIFY_CA", SslMode::kVerifyCa},
            {"VERIFY_IDENTITY", SslMode::kVerifyIdentity}};
        bool found = false;
        for (const auto& [name, mode] : kModes)
          if (v == name) u.ssl_mode = mode, found = true;
        if (!found)
          return Status::Usage(shown + ": ssl-mode must be DISABLED, PREFERRED, REQUIRED, VERIFY_CA or"
                               " VERIFY_IDENTITY");
      } else if (k == "connect-timeout" || k == "read-timeout" || k == "write-timeout" ||
                 k == "connect-attempts") {
        const bool attempts = k == "connect-attempts";
        const unsigned most = attempts ? 10 : k == "connect-timeout" ? 3600 : 86400;
        const std::optional<unsigned> t = ParseBounded(v, most);
        if (!t)
          return Status::Usage(shown + ": " + k + " must be 1 to " + std::to_string(most) +
                               (attempts ? "" : " seconds"));
        (k == "connect-timeout" ? u.connect_timeout
         : k == "read-timeout"  ? u.read_timeout
         : k == "write-timeout" ? u.write_timeout
                                : u.connect_attempts) = *t;
      } else {
        u.params[k] = v;
      }
    }
  }
  const size_t slash = rest.find('/');
  if (slash == std::string::npos || slash + 1 >= rest.size())
    return Status::Usage(shown + ": the URL names no database (mysql://user:pass@host:port/DATABASE)");
  u.database = PercentDecode(rest.substr(slash + 1));
  std::string authority = rest.substr(0, slash);
  if (size_t c = authority.rfind(':'); c != std::string::npos && authority.find(']') == std::string::npos) {
    const std::optional<unsigned> port = ParseBounded(authority.substr(c + 1), 65535);
    if (!port) return Status::Usage(shown + ": invalid port (use 1 to 65535)");
    u.port = *port;
    authority.resize(c);
  }
  if (!authority.empty()) u.host = authority;

  if (!u.has_password) {
    auto file = u.params.find("password-file");
    Result<std::optional<std::string>> pw = PasswordFromEnvironment(
        file == u.params.end() ? "" : file->second, password_env, "MYSQL_PWD", shown);
    if (!pw.ok()) return pw.status();
    if (*pw) u.password = **pw;
  }
  u.params.erase("password-file");
  return u;
}

}  // namespace seed
