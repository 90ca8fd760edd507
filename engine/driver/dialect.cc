#include "engine/driver/dialect.h"

namespace seed {

namespace {

const char kHex[] = "0123456789abcdef";

std::string Quoted(const std::string& name, char q) {
  std::string out(1, q);
  for (char c : name) {
    out += c;
    if (c == q) out += c;
  }
  return out + q;
}

void AppendHex(std::string& out, const std::string& bytes) {
  for (unsigned char c : bytes) out += kHex[c >> 4], out += kHex[c & 15];
}

// 'text' with quotes doubled: the standard string literal.
void AppendQuoted(std::string& out, std::string_view text) {
  out += '\'';
  for (char c : text) {
    out += c;
    if (c == '\'') out += '\'';
  }
  out += '\'';
}

std::string ColumnList(const Dialect& d, const std::vector<std::string>& names) {
  std::string out;
  for (size_t i = 0; i < names.size(); ++i) out += (i ? ", " : "") + d.Ident(names[i]);
  return out;
}

class SqliteDialect : public Dialect {
 public:
  const char* name() const override { return "sqlite"; }
  std::string Ident(const std::string& name) const override { return SqliteQuote(name); }
  // Numbers unquoted, the rest as text: what the SQLite driver binds
  // (decimals are bound as doubles into DECIMAL and REAL columns only).
  void AppendLiteral(std::string& out, const Value& v, ColumnClass cls) const override {
    switch (v.type) {
      case Type::kNull: out += "NULL"; return;
      case Type::kInt:
      case Type::kBool:
      case Type::kFloat: v.AppendText(out); return;
      case Type::kDecimal:
        if (cls == ColumnClass::kDecimal || cls == ColumnClass::kFloat) return v.AppendText(out);
        [[fallthrough]];
      default: {
        std::string text;
        v.AppendText(text);
        if (v.type == Type::kString) text = v.s;
        AppendQuoted(out, text);
      }
    }
  }
  std::string Begin(bool defer) const override {
    return std::string("BEGIN;\n") + (defer ? "PRAGMA defer_foreign_keys = ON;\n" : "");
  }
  std::string Commit(bool) const override { return "COMMIT;\n"; }
  // The sqlite3 shell's .import cannot tell a quoted cell from an unquoted
  // one, so NULL is a marker the load statement turns back into NULL.
  const char* CsvNull() const override { return "\\N"; }
  // The driver binds a blob column's value as text: so does the import.
  const char* CsvHexPrefix() const override { return nullptr; }
  std::string CsvProblem(const Value& v, ColumnClass) const override {
    if (v.type == Type::kString && v.s == "\\N")
      return "the text \\N, which the sqlite3 shell's CSV import reads as NULL here";
    return "";
  }
  std::string LoadCsv(const std::string& file, const ExportColumns& c) const override {
    std::string cols = ColumnList(*this, c.names), nulls;
    for (size_t i = 0; i < c.names.size(); ++i)
      nulls += std::string(i ? ", " : "") + "NULLIF(" + Ident(c.names[i]) + ", '\\N')";
    // The import table takes the target's column affinities, so numbers
    // arrive as numbers; \N cells stay text and become NULL.
    return "CREATE TEMP TABLE seed_import AS SELECT " + cols + " FROM main." + Ident(c.table) + " LIMIT 0;\n" +
           ".import --csv --skip 1 --schema temp " + file + " seed_import\n" + "INSERT INTO main." +
           Ident(c.table) + " (" + cols + ") SELECT " + nulls + " FROM temp.seed_import;\n" +
           "DROP TABLE temp.seed_import;\n";
  }
  std::string Client() const override { return "sqlite3 -bail"; }
  std::string ClientUsage() const override { return "DATABASE_FILE"; }
};

class MysqlDialect : public Dialect {
 public:
  const char* name() const override { return "mysql"; }
  std::string Ident(const std::string& name) const override { return MysqlQuote(name); }
  void AppendLiteral(std::string& out, const Value& v, ColumnClass cls) const override {
    switch (v.type) {
      case Type::kNull: out += "NULL"; return;
      case Type::kInt:
      case Type::kBool:
      case Type::kFloat:
      case Type::kDecimal: v.AppendText(out); return;  // unquoted: a BIT column takes the number
      case Type::kString:
        if (cls == ColumnClass::kBlob) {
          out += "X'";
          AppendHex(out, v.s);
          out += '\'';
          return;
        }
        // Backslash escapes are on (Begin turns NO_BACKSLASH_ESCAPES off).
        out += '\'';
        for (char c : v.s) switch (c) {
            case '\'': out += "''"; break;
            case '\\': out += "\\\\"; break;
            case '\0': out += "\\0"; break;
            default: out += c;
          }
        out += '\'';
        return;
      default: {
        std::string text;
        v.AppendText(text);
        AppendQuoted(out, text);
      }
    }
  }
  std::string Begin(bool defer) const override {
    return std::string("SET NAMES utf8mb4;\nSET SESSION sql_mode = REPLACE(@@sql_mode, 'NO_BACKSLASH_ESCAPES', '');\n") +
           (defer ? "SET SESSION foreign_key_checks = 0;\n" : "") + "START TRANSACTION;\n";
  }
  std::string Commit(bool defer) const override {
    return std::string("COMMIT;\n") + (defer ? "SET SESSION foreign_key_checks = 1;\n" : "");
  }
  // LOAD DATA with ENCLOSED BY reads an unquoted NULL as NULL and "NULL"
  // as the text.
  const char* CsvNull() const override { return "NULL"; }
  std::string CsvProblem(const Value&, ColumnClass) const override { return ""; }
  std::string LoadCsv(const std::string& file, const ExportColumns& c) const override {
    std::string cols, set;
    for (size_t i = 0; i < c.names.size(); ++i) {
      const bool blob = i < c.classes.size() && c.classes[i] == ColumnClass::kBlob;
      // A BIT column would store the text "1" as the byte 0x31.
      const bool bit = i < c.declared.size() && c.declared[i].rfind("bit", 0) == 0;
      if (!blob && !bit) {
        cols += (i ? ", " : "") + Ident(c.names[i]);
        continue;
      }
      const std::string var = "@c" + std::to_string(i);
      cols += (i ? ", " : "") + var;
      set += (set.empty() ? " SET " : ", ") + Ident(c.names[i]) + " = " +
             (blob ? "UNHEX(" + var + ")" : "CAST(" + var + " AS UNSIGNED)");
    }
    return "LOAD DATA LOCAL INFILE '" + file + "' INTO TABLE " + Ident(c.table) +
           " CHARACTER SET utf8mb4 FIELDS TERMINATED BY ',' OPTIONALLY ENCLOSED BY '\"' ESCAPED BY ''"
           " LINES TERMINATED BY '\\n' IGNORE 1 LINES (" + cols + ")" + set + ";\n";
  }
  std::string Client() const override { return "mysql --local-infile=1"; }
  std::string ClientUsage() const override { return "[mysql client options] DATABASE"; }
};

class PostgresDialect : public Dialect {
 public:
  const char* name() const override { return "postgres"; }
  std::string Ident(const std::string& name) const override { return PostgresQuote(name); }
  // Every value as a quoted literal: PostgreSQL reads it with the column's
  // own input function, as COPY does ('1' is true, and 1).
  void AppendLiteral(std::string& out, const Value& v, ColumnClass cls) const override {
    if (v.is_null()) {
      out += "NULL";
      return;
    }
    if (v.type == Type::kString && cls == ColumnClass::kBlob) {
      out += "'\\x";
      AppendHex(out, v.s);
      out += '\'';
      return;
    }
    if (v.type == Type::kString) return AppendQuoted(out, v.s);
    std::string text;
    v.AppendText(text);
    AppendQuoted(out, text);
  }
  std::string Begin(bool defer) const override {
    return std::string("SET client_encoding = 'UTF8';\nSET standard_conforming_strings = on;\nBEGIN;\n") +
           (defer ? "SET CONSTRAINTS ALL DEFERRED;\n" : "");
  }
  std::string Commit(bool) const override { return "COMMIT;\n"; }
  bool Copy() const override { return true; }
  std::string MoveSequence(const std::string& table, const std::string& column) const override {
    std::string t, c;
    AppendQuoted(t, Ident(table));
    AppendQuoted(c, column);
    return "SELECT setval(s, m) FROM (SELECT pg_get_serial_sequence(" + t + ", " + c + ") AS s, (SELECT max(" +
           Ident(column) + ") FROM " + Ident(table) + ") AS m) AS k WHERE s IS NOT NULL AND m IS NOT NULL;\n";
  }
  // COPY's CSV format: an unquoted empty cell is NULL, "" the empty text.
  const char* CsvNull() const override { return ""; }
  const char* CsvHexPrefix() const override { return "\\x"; }  // bytea's hex input
  std::string CsvProblem(const Value&, ColumnClass) const override { return ""; }
  std::string LoadCsv(const std::string& file, const ExportColumns& c) const override {
    return "\\copy " + Ident(c.table) + " (" + ColumnList(*this, c.names) + ") FROM '" + file +
           "' WITH (FORMAT csv, HEADER true)\n";
  }
  std::string Client() const override { return "psql -X -q -o /dev/null -v ON_ERROR_STOP=1"; }
  std::string ClientUsage() const override { return "[psql connection options or URL]"; }
};

}  // namespace

std::string SqliteQuote(const std::string& name) { return Quoted(name, '"'); }
std::string MysqlQuote(const std::string& name) { return Quoted(name, '`'); }
std::string PostgresQuote(const std::string& name) { return Quoted(name, '"'); }

void AppendCopyText(std::string& out, const Value& v, ColumnClass cls) {
  if (v.is_null()) {
    out += "\\N";
    return;
  }
  if (v.type != Type::kString) {
    v.AppendText(out);  // numbers, dates, 1/0 for booleans: nothing to escape
    return;
  }
  if (cls == ColumnClass::kBlob) {
    out += "\\\\x";
    AppendHex(out, v.s);
    return;
  }
  for (char c : v.s) {
    switch (c) {
      case '\t': out += "\\t"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\\': out += "\\\\"; break;
      default: out += c;
    }
  }
}

std::unique_ptr<Dialect> Dialect::Find(std::string_view name) {
  if (name == "sqlite") return std::make_unique<SqliteDialect>();
  if (name == "mysql" || name == "mariadb") return std::make_unique<MysqlDialect>();
  if (name == "postgres" || name == "postgresql") return std::make_unique<PostgresDialect>();
  return nullptr;
}

// Text always quoted (so an empty text is "" and never NULL), numbers and
// dates bare; blobs as hex, which each load statement decodes.
void Dialect::AppendCsv(std::string& out, const Value& v, ColumnClass cls) const {
  if (v.is_null()) {
    out += CsvNull();
    return;
  }
  if (v.type != Type::kString) {
    v.AppendText(out);
    return;
  }
  if (cls == ColumnClass::kBlob && CsvHexPrefix()) {
    out += CsvHexPrefix();
    AppendHex(out, v.s);
    return;
  }
  out += '"';
  for (char c : v.s) {
    out += c;
    if (c == '"') out += '"';
  }
  out += '"';
}

}  // namespace seed
