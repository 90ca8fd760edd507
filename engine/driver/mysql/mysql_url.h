// Parses mysql:// and mariadb:// URLs:
//   mysql://user:pass@host:port/db?ssl-mode=REQUIRED&ssl-ca=/path/ca.pem
//   mysql://user:pass@localhost/db?socket=/run/mysqld/mysqld.sock
// User and password are percent-decoded. The password never leaves this
// struct in any message: use RedactUrl() for display.
#pragma once

#include <map>
#include <string>

#include "engine/core/status.h"

namespace seed {

struct MysqlUrl {
  std::string user, password, host = "127.0.0.1", database, socket;
  unsigned port = 3306;
  std::map<std::string, std::string> params;  // ssl-mode, ssl-ca, ssl-cert, ssl-key, ...
};

Result<MysqlUrl> ParseMysqlUrl(const std::string& url);

}  // namespace seed
