// Dialect: the SQL and CSV text of a database, without a connection. What
// `seed-engine export` writes for a target and the target's own client
// (sqlite3, mariadb, psql) reads back: quoted identifiers, literals that
// store the same value the driver would bind, the load statement for a CSV
// file, and how a transaction defers its foreign-key checks. Lives behind
// the driver boundary with the drivers, which use the same quoting.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "engine/core/status.h"
#include "engine/core/value.h"
#include "engine/driver/schema.h"

namespace seed {

std::string SqliteQuote(const std::string& name);    // "name"
std::string MysqlQuote(const std::string& name);     // `name`
std::string PostgresQuote(const std::string& name);  // "name"
// v in PostgreSQL COPY's text format: tab-separated, backslash escapes, \N
// for NULL, bytea as \x hex.
void AppendCopyText(std::string& out, const Value& v, ColumnClass cls);

// A table's columns as the export writes them: names, and when a database
// was inspected their classes and declared types (kOther and "" when not).
struct ExportColumns {
  std::string table;
  std::vector<std::string> names;
  std::vector<ColumnClass> classes;
  std::vector<std::string> declared;
};

class Dialect {
 public:
  virtual ~Dialect() = default;
  // "sqlite", "mysql" or "postgres" (also "mariadb", "postgresql"); null
  // for any other name.
  static std::unique_ptr<Dialect> Find(std::string_view name);
  static const char* Names() { return "sqlite, mysql, postgres"; }

  virtual const char* name() const = 0;
  virtual std::string Ident(const std::string& name) const = 0;
  // A SQL literal of v stored in a column of class `cls` (kOther: unknown)
  // that stores what the driver's bound parameter would.
  virtual void AppendLiteral(std::string& out, const Value& v, ColumnClass cls) const = 0;

  // Text around a script's statements: session settings, then the
  // transaction; `defer` checks the foreign keys at its end (a NOT NULL
  // cycle group).
  virtual std::string Begin(bool defer) const = 0;
  virtual std::string Commit(bool defer) const = 0;
  // PostgreSQL: rows as COPY blocks (faster, and what pg_dump writes).
  virtual bool Copy() const { return false; }
  // After explicit keys: moves the column's sequence (identity, serial)
  // past them so the application's inserts do not collide; "" if the
  // database does that itself.
  virtual std::string MoveSequence(const std::string& table, const std::string& column) const {
    (void)table, (void)column;
    return "";
  }

  // CSV: the cell text for NULL (unquoted), and whether a value cannot be
  // told from it or stored at all (then --format sql is the way): the
  // reason, or "".
  virtual const char* CsvNull() const = 0;
  // Blobs as hex digits after this prefix (the load statement decodes
  // them); null: as their bytes, quoted like text.
  virtual const char* CsvHexPrefix() const { return ""; }
  virtual std::string CsvProblem(const Value& v, ColumnClass cls) const = 0;
  // Appends one CSV cell (no separator).
  void AppendCsv(std::string& out, const Value& v, ColumnClass cls) const;
  // The client statements loading `file` (a CSV with a header row) into
  // the table, for the client load.sh runs.
  virtual std::string LoadCsv(const std::string& file, const ExportColumns& columns) const = 0;
  // The client command load.sh runs for each script, reading it from
  // standard input, with the user's arguments as "$@".
  virtual std::string Client() const = 0;
  virtual std::string ClientUsage() const = 0;  // the arguments load.sh takes
};

}  // namespace seed
