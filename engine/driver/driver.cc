#include "engine/driver/driver.h"

#include "engine/driver/sqlite/sqlite_driver.h"

namespace seed {

std::string RedactUrl(const std::string& url) {
  const size_t scheme = url.find("://");
  if (scheme == std::string::npos) return url;
  const size_t at = url.find('@', scheme + 3);
  if (at == std::string::npos) return url;
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
  if (scheme == "mysql" || scheme == "mariadb")
    return Status::Usage("--db " + RedactUrl(url) +
                         ": MySQL/MariaDB support is not built yet; use sqlite:FILE");
  return Status::Usage("--db " + RedactUrl(url) + ": unknown database scheme '" + scheme +
                       "'; use sqlite:FILE");
}

}  // namespace seed
