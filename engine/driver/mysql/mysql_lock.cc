#include "engine/driver/mysql/mysql_lock.h"

#include "engine/driver/mysql/mysql_conn.h"

namespace seed {

Result<std::string> LockHolderOf(MysqlConn& c, const std::string& name) {
  Result<std::string> id = c.QueryValue("SELECT IS_USED_LOCK(" + c.Literal(name) + ")");
  if (!id.ok() || id->empty()) return id;
  Result<std::string> who = c.QueryValue(
      "SELECT CONCAT(USER, '@', HOST) FROM information_schema.PROCESSLIST WHERE ID = " + c.Literal(*id));
  return "connection " + *id + (who.ok() && !who->empty() ? " (" + *who + ")" : "");
}

MysqlLock::MysqlLock(std::unique_ptr<MysqlConn> c, std::string name)
    : conn_(std::move(c)), name_(std::move(name)) {}

MysqlLock::~MysqlLock() {
  if (conn_) (void)conn_->Exec("SELECT RELEASE_LOCK(" + conn_->Literal(name_) + ")");
}

Result<std::unique_ptr<MysqlLock>> MysqlLock::Acquire(
    const MysqlUrl& url, const std::string& shown_url, const std::string& name, int timeout_seconds,
    const std::function<void(const std::string&)>& on_retry) {
  // No LOAD DATA ever runs here, so the connection does not even offer
  // LOCAL INFILE to the server.
  Result<std::unique_ptr<MysqlConn>> c = MysqlConn::Open(url, shown_url, false, on_retry);
  if (!c.ok()) return Status::Error(c.status().code(), "lock connection: " + c.status().message());
  MysqlConn& conn = **c;
  Result<std::string> got =
      conn.QueryValue("SELECT GET_LOCK(" + conn.Literal(name) + ", " + std::to_string(timeout_seconds) + ")");
  if (!got.ok()) return Status::Error(got.status().code(), "lock connection: " + got.status().message());
  if (got->empty()) return Status::Db("GET_LOCK('" + name + "') returned NULL (out of memory or killed)");
  if (*got != "1") {
    Result<std::string> who = LockHolderOf(conn, name);
    return Status::Lock("another seed-engine run holds the lock '" + name + "': " +
                        (who.ok() && !who->empty() ? *who : "a connection that has since released it") +
                        "; wait for it, or pass --lock-timeout N");
  }
  return std::unique_ptr<MysqlLock>(new MysqlLock(std::move(*c), name));
}

Status MysqlLock::Check() {
  Result<std::string> mine = conn_->QueryValue("SELECT IS_USED_LOCK(" + conn_->Literal(name_) + ") = CONNECTION_ID()");
  if (mine.ok() && *mine == "1") return Status::Ok();
  return Status::Lock("lost the run lock '" + name_ +
                      "' (its connection was killed or reset); stopping before the next commit");
}

}  // namespace seed
