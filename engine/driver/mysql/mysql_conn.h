// One MariaDB C API connection as seed-engine opens it, for data and for
// the run lock alike: TLS and timeouts from the URL, utf8mb4, and a
// LOAD DATA LOCAL INFILE handler installed from connect to close.
//
// Why the handler never leaves: the protocol lets a server answer *any*
// statement with "send me local file X", and the client library's default
// handler reads whatever X names. A compromised server, or anyone between
// the engine and it, could read ~/.ssh or the masking secret. The handler
// here refuses every request except the one for the stream the engine has
// just named in its own LOAD DATA statement.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "engine/core/status.h"
#include "engine/driver/mysql/mysql_url.h"

struct st_mysql;

namespace seed {

// The in-memory "file" one LOAD DATA LOCAL statement reads.
struct InfileStream {
  std::string* data = nullptr;
  size_t pos = 0;
  // Refills *data with the next rows once it is sent; false at the end.
  // Unset: *data is all there is.
  std::function<bool(std::string&)> refill;
};

// A client or server error number as a Status: the ones meaning the server
// is gone or cannot be reached are Code::kUnreachable, the rest kDb.
Status ErrorFor(unsigned error_number, const std::string& message);

class MysqlConn {
 public:
  // `local_infile`: whether the engine will ever stream a LOAD DATA on
  // this connection (the lock connection never does, so it does not even
  // announce the capability). A server that cannot be reached (refused,
  // timed out, gone during the handshake, too many connections) is tried
  // url.connect_attempts times with exponential backoff and jitter;
  // `on_retry` hears each failed attempt that will be retried. Failing
  // all, the Status is Code::kUnreachable.
  static Result<std::unique_ptr<MysqlConn>> Open(
      const MysqlUrl& url, const std::string& shown_url, bool local_infile,
      const std::function<void(const std::string&)>& on_retry = {});
  ~MysqlConn();
  MysqlConn(const MysqlConn&) = delete;
  MysqlConn& operator=(const MysqlConn&) = delete;

  st_mysql* get() const { return db_; }

  // Lets exactly the next file request that names `token` read `stream`,
  // until EndStream(). Every other request is refused and remembered.
  void BeginStream(const std::string& token, InfileStream* stream);
  void EndStream();

  // The error of the last failed call, "context: message"; Code::kUnreachable
  // when the connection was lost (ErrorFor). Once a file
  // request has been refused, every error says so (and which file the
  // server asked for): the connection is not to be trusted any more.
  Status Error(const std::string& context) const;

  // Sends one statement; its result, if any, is left for the caller to
  // read. Fails, whatever the server answered, once a file request has
  // been refused: a hostile server answers the refusal with "OK".
  // `context` names the statement in messages (default: its first 60
  // characters).
  Status Query(const std::string& sql, const std::string& context = "");
  // Runs one statement and discards any result.
  Status Exec(const std::string& sql, const std::string& context = "");
  // First column of the first row, as text ("" for NULL or no row).
  Result<std::string> QueryValue(const std::string& sql);
  // `s` as a quoted, escaped string literal for this connection.
  std::string Literal(const std::string& s) const;

  // State the handler callbacks see; public only for them.
  struct Gate {
    std::string token;         // empty: no stream open, refuse all
    InfileStream* stream = nullptr;
    std::string refused_file;  // what the first refused request asked for
  };

 private:
  // One attempt; *error_number is the client's error when it fails.
  static Result<std::unique_ptr<MysqlConn>> Connect(const MysqlUrl& url, const std::string& shown_url,
                                                    bool local_infile, unsigned* error_number);
  explicit MysqlConn(st_mysql* db);
  st_mysql* db_;
  Gate gate_;
};

}  // namespace seed
