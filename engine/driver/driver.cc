#include "engine/driver/driver.h"

#include "engine/driver/mysql/mysql_driver.h"
#include "engine/driver/sqlite/sqlite_driver.h"

namespace seed {

Result<std::unique_ptr<Driver>> OpenDriver(const std::string& url, const std::string& password_env) {
  auto starts = [&](const char* p) { return url.rfind(p, 0) == 0; };
  if (starts("sqlite://")) return SqliteDriver::Open(url, url.substr(9));
  if (starts("sqlite:")) return SqliteDriver::Open(url, url.substr(7));
  const size_t colon = url.find(':');
  const std::string scheme = colon == std::string::npos ? url : url.substr(0, colon);
  if (scheme == "mysql" || scheme == "mariadb") return MysqlDriver::Open(url, password_env);
  // The scheme is named only when it looks like one: with no ':' at all,
  // "scheme" is the whole URL.
  const bool plausible = !scheme.empty() && scheme.size() <= 16 &&
                         scheme.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789+") == std::string::npos;
  return Status::Usage(RedactUrl(url) + ": unknown database scheme" + (plausible ? " '" + scheme + "'" : "") +
                       "; use sqlite:FILE or mysql://user:pass@host:port/db");
}

}  // namespace seed
