#include "engine/driver/registry.h"

namespace seed {

using OpenFn = Result<std::unique_ptr<Driver>> (*)(const std::string& url, const OpenOptions& options);

// Each driver folder defines its Open<Name>Url; CMake sets SEED_DRIVER_<NAME>
// for the drivers it builds.
Result<std::unique_ptr<Driver>> OpenSqliteUrl(const std::string& url, const OpenOptions& options);
#if SEED_DRIVER_MYSQL
Result<std::unique_ptr<Driver>> OpenMysqlUrl(const std::string& url, const OpenOptions& options);
#define SEED_MYSQL_OPEN OpenMysqlUrl
#else
#define SEED_MYSQL_OPEN nullptr
#endif
#if SEED_DRIVER_POSTGRES
Result<std::unique_ptr<Driver>> OpenPostgresUrl(const std::string& url, const OpenOptions& options);
#define SEED_POSTGRES_OPEN OpenPostgresUrl
#else
#define SEED_POSTGRES_OPEN nullptr
#endif

namespace {

struct Entry {
  const char* scheme;
  const char* example;
  const char* needs;
  OpenFn open;  // null: not in this build
  bool one_writer;
};

// One line per scheme.
const Entry kDrivers[] = {
    {"sqlite", "sqlite:FILE", "libsqlite3", OpenSqliteUrl, true},
    {"mysql", "mysql://user@host:3306/db", "libmariadb (libmariadb-dev)", SEED_MYSQL_OPEN, false},
    {"mariadb", "mariadb://user@host:3306/db", "libmariadb (libmariadb-dev)", SEED_MYSQL_OPEN, false},
    {"postgres", "postgres://user@host:5432/db", "libpq (libpq-dev)", SEED_POSTGRES_OPEN, false},
    {"postgresql", "postgresql://user@host:5432/db", "libpq (libpq-dev)", SEED_POSTGRES_OPEN, false},
};

std::string SchemeOf(const std::string& url) { return url.substr(0, url.find(':')); }

}  // namespace

std::vector<DriverInfo> KnownDrivers() {
  std::vector<DriverInfo> out;
  for (const Entry& e : kDrivers) out.push_back({e.scheme, e.example, e.open != nullptr, e.needs, e.one_writer});
  return out;
}

bool TakesOneWriter(const std::string& url) {
  for (const Entry& e : kDrivers)
    if (SchemeOf(url) == e.scheme) return e.one_writer;
  return false;
}

Result<std::unique_ptr<Driver>> OpenDriver(const std::string& url, const OpenOptions& options) {
  const size_t colon = url.find(':');
  const std::string scheme = SchemeOf(url);
  std::string built;
  for (const Entry& e : kDrivers) {
    if (e.open) built += std::string(built.empty() ? "" : " or ") + e.example;
    if (scheme != e.scheme) continue;
    if (!e.open)
      return Status::Usage(RedactUrl(url) + ": this seed-engine was built without the " + e.scheme +
                           " driver; rebuild it with " + e.needs + " installed");
    return e.open(url, options);
  }
  // A bare file name is the commonest slip: `--db seed.db`.
  if (colon == std::string::npos && !url.empty())
    return Status::Usage(url + ": a database URL needs a scheme; did you mean sqlite:" + url + "?");
  // The scheme is named only when it looks like one: with no ':' at all,
  // "scheme" is the whole URL.
  const bool plausible = !scheme.empty() && scheme.size() <= 16 &&
                         scheme.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789+") == std::string::npos;
  return Status::Usage(RedactUrl(url) + ": unknown database scheme" + (plausible ? " '" + scheme + "'" : "") +
                       "; use " + built);
}

}  // namespace seed
