// One libpq connection as seed-engine opens it, for data and for the run
// lock alike: parameters from the URL passed one by one to
// PQconnectdbParams, session settings that make cells read the same on
// every connection (UTC, ISO dates), server notices kept off stderr.
// Used from one thread.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "engine/core/status.h"
#include "engine/core/value.h"
#include "engine/driver/driver.h"
#include "engine/driver/postgres/postgres_url.h"

struct pg_conn;
struct pg_result;

namespace seed {

// Frees a PGresult on scope exit.
struct PgResultFree {
  void operator()(pg_result* r) const;
};
using PgResult = std::unique_ptr<pg_result, PgResultFree>;

class PgConn {
 public:
  // Retried url.connect_attempts times while the server does not answer
  // or refuses for now (starting, shutting down); Code::kUnreachable when
  // all fail that way.
  static Result<std::unique_ptr<PgConn>> Open(const PostgresUrl& url, const std::string& shown_url,
                                              const std::function<void(const std::string&)>& on_retry = {});
  ~PgConn();
  PgConn(const PgConn&) = delete;
  PgConn& operator=(const PgConn&) = delete;

  pg_conn* get() const { return conn_; }
  // False once the server or the network dropped the connection.
  bool Alive() const;

  // Runs SQL text with no parameters (several statements allowed) and
  // discards any rows. `context` names it in messages.
  Status Exec(const std::string& sql, const std::string& context = "");
  // One statement with $1..$n parameters: integers are sent as int8,
  // everything else as text of unknown type, which the server types from
  // the context. Rows are fetched one at a time (single-row mode), so a
  // large result never sits in memory whole; `row` must not use this
  // connection. `changed` receives the command's row count.
  Status Query(const std::string& sql, const std::vector<Value>& params, const RowVisitor& row,
               uint64_t* changed = nullptr);
  // First column of the first row ("" for NULL or no row).
  Result<std::string> QueryValue(const std::string& sql, const std::vector<Value>& params = {});

  // The error of a failed result: "context: message (column c, constraint
  // k): detail". For COPY, the column comes from the error's context line.
  Status Error(const pg_result* r, const std::string& context) const;

 private:
  explicit PgConn(pg_conn* c) : conn_(c) {}
  pg_conn* conn_;
};

}  // namespace seed
