// Parses mysql:// and mariadb:// URLs:
//   mysql://user:pass@host:port/db?ssl-mode=REQUIRED&ssl-ca=/path/ca.pem
//   mysql://user:pass@localhost/db?socket=/run/mysqld/mysqld.sock
//   mysql://user@host/db?password-file=/run/secrets/db
// User and password are percent-decoded. The password never leaves this
// struct in any message: messages show RedactUrl() of the raw URL.
#pragma once

#include <map>
#include <string>

#include "engine/core/status.h"

namespace seed {

// Ordered: each mode includes the guarantees of the ones before it.
enum class SslMode { kDisabled, kPreferred, kRequired, kVerifyCa, kVerifyIdentity };

struct MysqlUrl {
  std::string user, password, host = "127.0.0.1", database, socket;
  unsigned port = 3306;
  bool has_password = false;  // the URL itself carries one (even if empty)
  SslMode ssl_mode = SslMode::kPreferred;
  // Seconds. A read or write waiting longer fails with "connection lost"
  // instead of hanging on a server that stopped answering (libmariadb
  // retries a read twice, so a dead peer is noticed after 3x read_timeout).
  // A statement may run longer than read_timeout only if it streams:
  // the FK proofs and the second pass are single statements, so the
  // default leaves them room.
  unsigned connect_timeout = 10, read_timeout = 300, write_timeout = 300;
  unsigned connect_attempts = 3;  // with exponential backoff and jitter
  std::map<std::string, std::string> params;  // ssl-ca, ssl-cert, ssl-key, ssl-capath, ssl-cipher
};

// `password_env`: the environment variable a URL without a password takes
// it from (or, with a _FILE suffix, the file holding it); MYSQL_PWD after
// that, as the mysql client does.
Result<MysqlUrl> ParseMysqlUrl(const std::string& url, const std::string& password_env = "");

}  // namespace seed
