#include "engine/driver/driver.h"

#include "engine/driver/mysql/mysql_driver.h"
#include "engine/driver/sqlite/sqlite_driver.h"

namespace seed {

std::string RedactUrl(const std::string& url) {
  const size_t scheme = url.find("://");
  if (scheme == std::string::npos) return url;
  // The password sits between the first ':' and the last '@' of the
  // authority (passwords may contain '@' and '/').
  const size_t end = url.find_first_of("?", scheme + 3);
  const size_t at = url.rfind('@', end == std::string::npos ? url.size() : end);
  if (at == std::string::npos || at < scheme + 3) return url;
  const size_t colon = url.find(':', scheme + 3);
  if (colon == std::string::npos || colon > at) return url;
  return url.substr(0, colon + 1) + "***" + url.substr(at);
}

Result<std::unique_ptr<Driver>> OpenDriver(const std::string& url) {
  auto starts = [&](const char* p) { return url.rfind(p, 0) == 0; };
  if (starts("sqlite://")) return SqliteDriver::Open(url, url.substr(9));
  if (starts("sqlite:")) return SqliteDriver::Open(url, url.substr(7));
  const size_t colon = url.find(':');
  const std::string scheme = colon == std::string::npos ? url : url.substr(0, colon);
  if (scheme == "mysql" || scheme == "mariadb") return MysqlDriver::Open(url);
  return Status::Usage("--db " + RedactUrl(url) + ": unknown database scheme '" + scheme +
                       "'; use sqlite:FILE or mysql://user:pass@host:port/db");
}

}  // namespace seed
