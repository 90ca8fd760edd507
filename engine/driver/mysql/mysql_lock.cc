#include "engine/driver/mysql/mysql_lock.h"

#include <cppconn/connection.h>
#include <cppconn/driver.h>
#include <cppconn/exception.h>
#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>

namespace seed {

namespace {

sql::Driver* ConnectorDriver() {
  // get_driver_instance() is not thread-safe: call it once.
  static sql::Driver* driver = get_driver_instance();
  return driver;
}

std::unique_ptr<sql::ResultSet> Query(sql::Connection& c, const std::string& sql,
                                      const std::string& arg, int n = -1) {
  std::unique_ptr<sql::PreparedStatement> st(c.prepareStatement(sql));
  st->setString(1, arg);
  if (n >= 0) st->setInt(2, n);
  return std::unique_ptr<sql::ResultSet>(st->executeQuery());
}

// "connection 42 (seed@127.0.0.1)", or just the id when the process list
// is not visible to this user.
std::string Holder(sql::Connection& c, const std::string& name) {
  auto rs = Query(c, "SELECT IS_USED_LOCK(?)", name);
  if (!rs->next() || rs->isNull(1)) return "a connection that has since released it";
  const std::string id = rs->getString(1);
  std::string who = "connection " + id;
  try {
    std::unique_ptr<sql::PreparedStatement> st(c.prepareStatement(
        "SELECT USER, HOST FROM information_schema.PROCESSLIST WHERE ID = ?"));
    st->setString(1, id);
    std::unique_ptr<sql::ResultSet> p(st->executeQuery());
    if (p->next()) who += " (" + p->getString(1) + "@" + p->getString(2) + ")";
  } catch (const sql::SQLException&) {
  }
  return who;
}

}  // namespace

MysqlLock::MysqlLock(std::unique_ptr<sql::Connection> c, std::string name)
    : conn_(std::move(c)), name_(std::move(name)) {}

MysqlLock::~MysqlLock() {
  try {
    if (conn_) Query(*conn_, "SELECT RELEASE_LOCK(?)", name_);
  } catch (const sql::SQLException&) {
  }
}

Result<std::unique_ptr<MysqlLock>> MysqlLock::Acquire(const MysqlUrl& url, const std::string& name,
                                                       int timeout_seconds) {
  try {
    sql::ConnectOptionsMap opts;
    opts["hostName"] = url.socket.empty()
                           ? sql::SQLString("tcp://" + url.host + ":" + std::to_string(url.port))
                           : sql::SQLString("unix://" + url.socket);
    opts["userName"] = sql::SQLString(url.user);
    opts["password"] = sql::SQLString(url.password);
    opts["schema"] = sql::SQLString(url.database);
    if (auto it = url.params.find("ssl-ca"); it != url.params.end()) opts["sslCA"] = sql::SQLString(it->second);
    if (auto it = url.params.find("ssl-cert"); it != url.params.end()) opts["sslCert"] = sql::SQLString(it->second);
    if (auto it = url.params.find("ssl-key"); it != url.params.end()) opts["sslKey"] = sql::SQLString(it->second);
    std::unique_ptr<sql::Connection> c(ConnectorDriver()->connect(opts));
    auto rs = Query(*c, "SELECT GET_LOCK(?, ?)", name, timeout_seconds);
    if (!rs->next() || rs->isNull(1))
      return Status::Db("GET_LOCK('" + name + "') returned NULL (out of memory or killed)");
    if (rs->getInt(1) != 1)
      return Status::Lock("another seed-engine run holds the lock '" + name + "': " +
                          Holder(*c, name) + "; wait for it, or pass --lock-timeout N");
    return std::unique_ptr<MysqlLock>(new MysqlLock(std::move(c), name));
  } catch (const sql::SQLException& e) {
    // Connector messages carry no password; the URL is never included.
    return Status::Db("lock connection: " + std::string(e.what()));
  }
}

Status MysqlLock::Check() {
  try {
    std::unique_ptr<sql::PreparedStatement> st(
        conn_->prepareStatement("SELECT IS_USED_LOCK(?) = CONNECTION_ID()"));
    st->setString(1, name_);
    std::unique_ptr<sql::ResultSet> rs(st->executeQuery());
    if (rs->next() && !rs->isNull(1) && rs->getInt(1) == 1) return Status::Ok();
  } catch (const sql::SQLException&) {
  }
  conn_.reset();
  return Status::Lock("lost the run lock '" + name_ +
                      "' (its connection was killed or reset); stopping before the next commit");
}

}  // namespace seed
