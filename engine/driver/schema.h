// The live schema of one table as a driver reports it: what validation
// needs to decide whether generated values fit before anything is written.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace seed {

// The storage class a column's declared type maps to.
enum class ColumnClass { kInteger, kDecimal, kFloat, kText, kBlob, kDate, kDateTime, kTime, kBool,
                         kOther };

struct ColumnInfo {
  std::string name;
  std::string declared_type;  // as written, e.g. "VARCHAR(120)"
  ColumnClass cls = ColumnClass::kOther;
  bool not_null = false;
  bool has_default = false;
  bool auto_key = false;          // filled by the database (rowid alias, AUTO_INCREMENT)
  bool generated = false;         // computed by the database; never written
  bool on_update = false;         // MySQL ON UPDATE CURRENT_TIMESTAMP: any UPDATE of the row changes it
  std::optional<size_t> length;   // VARCHAR(n) / CHAR(n)
  std::optional<int> precision, scale;  // DECIMAL(p,s)
  bool is_unsigned = false;
  std::vector<std::string> members;  // ENUM / SET / CHECK (col IN (...)) values
  // A MySQL SET: a value is any members joined by commas, each once, or ''.
  bool member_set = false;
  // Bounds a CHECK constraint puts on the column's numbers (col >= 0,
  // col BETWEEN 1 AND 5, 0 < col); a strict bound is marked open.
  std::optional<long double> check_min, check_max;
  bool check_min_open = false, check_max_open = false;

  // Whether the column's members admit `value` (any value when it has none).
  bool Allows(const std::string& value) const;
};

struct ForeignKeyInfo {
  std::string column, ref_table, ref_column;
  std::string constraint;  // its name, where the database keeps one
  // Whether a transaction can check it at its end (Session::DeferForeignKeys):
  // PostgreSQL's DEFERRABLE constraints; always on SQLite and MySQL.
  bool deferrable = true;
};

// A foreign key of `table`.`column` pointing at some other table's
// `ref_column`, named `constraint` ("" where the database keeps no name:
// SQLite).
struct ReferencingKey {
  std::string table, column, ref_column, constraint;
};

struct TableSchema {
  std::string name;
  bool exists = false;
  std::vector<ColumnInfo> columns;
  std::vector<ForeignKeyInfo> foreign_keys;
  std::vector<std::vector<std::string>> unique_keys;  // columns of each unique index
  std::vector<std::string> primary_key;

  const ColumnInfo* Find(const std::string& column) const {
    for (const ColumnInfo& c : columns)
      if (c.name == column) return &c;
    return nullptr;
  }
};

// Applies the numeric bounds of one CHECK constraint's text (a clause as
// the database reports it, with or without the CHECK keyword) to the
// columns of `schema` it names: comparisons with a number joined by AND,
// and BETWEEN. A clause with OR or NOT constrains nothing here (the server
// still checks it).
void ApplyCheckBounds(const std::string& clause, TableSchema& schema);

// The bodies of the CHECK constraints in a CREATE TABLE statement (SQLite
// keeps only the DDL), parentheses balanced.
std::vector<std::string> CheckClauses(const std::string& ddl);

// The tables the INSERT statements of a trigger body (or a function's, on
// PostgreSQL) write: `INSERT [OR ...] INTO [schema.]name`, names unquoted.
std::vector<std::string> TablesInsertedBy(const std::string& sql);

// Parses a declared SQL type into class, length, precision and scale by
// SQLite's affinity rules, which accept any type name ("INT" anywhere
// makes an integer). Other databases classify their own catalog's names.
void ClassifyType(ColumnInfo& c);

}  // namespace seed
