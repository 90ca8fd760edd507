#include "engine/driver/mysql/mysql_url.h"

#include <charconv>

#include "engine/driver/driver.h"

namespace seed {

namespace {

std::string Decode(const std::string& s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size()) {
      int v = 0;
      auto [p, ec] = std::from_chars(s.data() + i + 1, s.data() + i + 3, v, 16);
      if (ec == std::errc() && p == s.data() + i + 3) {
        out += static_cast<char>(v);
        i += 2;
        continue;
      }
    }
    out += s[i];
  }
  return out;
}

}  // namespace

Result<MysqlUrl> ParseMysqlUrl(const std::string& url) {
  const std::string shown = RedactUrl(url);
  const size_t scheme = url.find("://");
  if (scheme == std::string::npos)
    return Status::Usage(shown + ": expected mysql://user:pass@host:port/database");
  MysqlUrl u;
  std::string rest = url.substr(scheme + 3);
  if (size_t q = rest.find('?'); q != std::string::npos) {
    std::string query = rest.substr(q + 1);
    rest.resize(q);
    size_t start = 0;
    while (start <= query.size()) {
      size_t amp = query.find('&', start);
      std::string kv = query.substr(start, amp == std::string::npos ? std::string::npos : amp - start);
      if (!kv.empty()) {
        size_t eq = kv.find('=');
        std::string k = kv.substr(0, eq), v = eq == std::string::npos ? "" : Decode(kv.substr(eq + 1));
        if (k == "socket") u.socket = v;
        else u.params[k] = v;
      }
      if (amp == std::string::npos) break;
      start = amp + 1;
    }
  }
  const size_t slash = rest.find('/');
  if (slash == std::string::npos || slash + 1 >= rest.size())
    return Status::Usage(shown + ": the URL names no database (mysql://user:pass@host:port/DATABASE)");
  u.database = Decode(rest.substr(slash + 1));
  std::string authority = rest.substr(0, slash);
  if (size_t at = authority.rfind('@'); at != std::string::npos) {
    std::string cred = authority.substr(0, at);
    authority = authority.substr(at + 1);
    size_t colon = cred.find(':');
    u.user = Decode(cred.substr(0, colon));
    if (colon != std::string::npos) u.password = Decode(cred.substr(colon + 1));
  }
  if (size_t colon = authority.rfind(':'); colon != std::string::npos && authority.find(']') == std::string::npos) {
    unsigned port = 0;
    const std::string p = authority.substr(colon + 1);
    auto [end, ec] = std::from_chars(p.data(), p.data() + p.size(), port);
    if (ec != std::errc() || end != p.data() + p.size() || port == 0 || port > 65535)
      return Status::Usage(shown + ": invalid port '" + p + "'");
    u.port = port;
    authority.resize(colon);
  }
  if (!authority.empty()) u.host = authority;
  return u;
}

}  // namespace seed
