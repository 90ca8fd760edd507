// The run lock on MySQL/MariaDB: GET_LOCK on a dedicated connection, held
// for the run. The server releases it when the connection ends, so a
// killed process never leaves it behind.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "engine/core/status.h"
#include "engine/driver/mysql/mysql_url.h"

namespace seed {

class MysqlConn;

// Who holds the lock `name`, asked on `c`: "connection 42 (seed@127.0.0.1)",
// the connection id alone when the process list is not visible to this
// user, "" when nobody holds it.
Result<std::string> LockHolderOf(MysqlConn& c, const std::string& name);

class MysqlLock {
 public:
  // `name` must be under 64 characters.
  static Result<std::unique_ptr<MysqlLock>> Acquire(
      const MysqlUrl& url, const std::string& shown_url, const std::string& name, int timeout_seconds,
      const std::function<void(const std::string&)>& on_retry);
  ~MysqlLock();
  // Ok while this connection still holds the lock.
  Status Check();

 private:
  MysqlLock(std::unique_ptr<MysqlConn> c, std::string name);
  std::unique_ptr<MysqlConn> conn_;
  std::string name_;
};

}  // namespace seed
