// Parses postgres:// and postgresql:// URLs:
//   postgres://user:pass@host:5432/db?sslmode=verify-full&sslrootcert=/path/ca.pem
//   postgres://user@localhost/db?host=/run/postgresql        (unix socket directory)
//   postgres://user@host/db?password-file=/run/secrets/db
//   postgres://user@host/db?restore-order=off                 (keys on during COPY)
// User, password and database are percent-decoded; unknown parameters are
// refused (a misspelt sslmode must not quietly mean "no TLS"). The
// password never leaves this struct in any message: messages show
// RedactUrl() of the raw URL.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "engine/core/status.h"

namespace seed {

struct PostgresUrl {
  std::string user, password, host = "127.0.0.1", database;
  std::string socket_dir;  // host=/dir or socket=/dir: connect through the socket in it
  unsigned port = 5432;
  bool has_password = false;       // a password was found (URL, file or environment)
  std::string sslmode = "prefer";  // disable|allow|prefer|require|verify-ca|verify-full
  std::string sslrootcert, sslcert, sslkey;
  unsigned connect_timeout = 10;  // seconds
  // Seconds sent data may stay unacknowledged, and an idle connection's
  // peer may stay silent (TCP keepalive), before the connection counts as
  // lost: a server that stopped answering ends the run instead of hanging.
  unsigned io_timeout = 60;
  unsigned connect_attempts = 3;  // with exponential backoff and jitter
  // restore-order=off: a table filled from empty keeps its foreign keys
  // and indexes during its COPY (postgres_load.h), so its load locks no
  // parent table.
  bool restore_order = true;

  // libpq's keyword/value pairs for PQconnectdbParams: every field passed
  // as its own parameter, never spliced into a conninfo string.
  std::vector<std::pair<std::string, std::string>> ConnectParams() const;
};

// `password_env`: the environment variable a URL without a password takes
// it from (or, with a _FILE suffix, the file holding it); PGPASSWORD after
// that, as psql does.
Result<PostgresUrl> ParsePostgresUrl(const std::string& url, const std::string& password_env = "");

}  // namespace seed
