#include "engine/exec/schema_check.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <optional>

#include "engine/core/utf8.h"

namespace seed {

namespace {

std::string ClassName(ColumnClass c) {
  switch (c) {
    case ColumnClass::kInteger: return "integer";
    case ColumnClass::kDecimal: return "decimal";
    case ColumnClass::kFloat: return "floating-point";
    case ColumnClass::kText: return "text";
    case ColumnClass::kBlob: return "binary";
    case ColumnClass::kDate: return "date";
    case ColumnClass::kDateTime: return "datetime";
    case ColumnClass::kTime: return "time";
    case ColumnClass::kBool: return "boolean";
    case ColumnClass::kOther: return "other";
  }
  return "?";
}

// Can a generated value of type t be stored in a column of class c?
bool TypeFits(Type t, ColumnClass c) {
  switch (c) {
    case ColumnClass::kInteger: return t == Type::kInt || t == Type::kBool;
    case ColumnClass::kBool: return t == Type::kBool || t == Type::kInt;
    case ColumnClass::kDecimal:
    case ColumnClass::kFloat: return t == Type::kInt || t == Type::kDecimal || t == Type::kFloat;
    case ColumnClass::kDate: return t == Type::kDate || t == Type::kString;
    case ColumnClass::kDateTime: return t == Type::kDateTime || t == Type::kDate || t == Type::kString;
    case ColumnClass::kTime: return t == Type::kTime || t == Type::kString;
    default: return true;  // text and untyped columns hold any text form
  }
}

// Digits before the point that DECIMAL(p,s) allows, vs what `v` needs.
bool DecimalFits(const Value& v, const ColumnInfo& c) {
  if (!c.precision || !c.scale) return true;
  const int int_digits = *c.precision - *c.scale;
  __int128 limit = 1;
  for (int k = 0; k < int_digits; ++k) limit *= 10;
  __int128 mag = v.i < 0 ? -static_cast<__int128>(v.i) : v.i;
  if (v.type == Type::kDecimal)
    for (int k = 0; k < v.scale; ++k) mag /= 10;
  else if (v.type == Type::kFloat)
    mag = static_cast<__int128>(v.f < 0 ? -v.f : v.f);
  return mag < limit;
}

// A number's value for comparing with CHECK bounds; nullopt for others.
std::optional<long double> Number(const std::optional<Value>& v) {
  if (!v) return std::nullopt;
  switch (v->type) {
    case Type::kInt: return static_cast<long double>(v->i);
    case Type::kDecimal: return static_cast<long double>(v->i) / std::pow(10.0L, v->scale);
    case Type::kFloat: return static_cast<long double>(v->f);
    default: return std::nullopt;
  }
}

// Why the generator's range leaves the column's CHECK bounds, or "".
std::string CheckBoundsProblem(const GenTraits& t, const ColumnInfo& col) {
  const std::optional<long double> lo = Number(t.min), hi = Number(t.max);
  auto text = [](long double v) {
    char buf[48];
    snprintf(buf, sizeof buf, "%.6Lg", v);
    return std::string(buf);
  };
  if (col.check_min && lo && (*lo < *col.check_min || (col.check_min_open && *lo == *col.check_min)))
    return "the generator gives values from " + text(*lo) + " but a CHECK constraint requires " +
           (col.check_min_open ? "> " : ">= ") + text(*col.check_min);
  if (col.check_max && hi && (*hi > *col.check_max || (col.check_max_open && *hi == *col.check_max)))
    return "the generator gives values up to " + text(*hi) + " but a CHECK constraint requires " +
           (col.check_max_open ? "< " : "<= ") + text(*col.check_max);
  return "";
}

std::string Where(const TablePlan& p, const std::string& column) {
  return p.spec->table + "." + column;
}

}  // namespace

void CheckColumn(const TablePlan& p, const ColumnSpec& spec, const Generator& gen,
                 const ColumnInfo& col, const Catalog& catalog, Diagnostics& d) {
  const std::string where = Where(p, spec.name);
  const GenTraits& t = gen.traits();
  if (col.generated)
    d.Error(Code::kDrift, where + ": is a generated column in the database and is never written;"
                          " remove it from " + p.spec->file);
  if (col.not_null && spec.nullable)
    d.Error(Code::kDrift, where + ": the database declares NOT NULL but the spec writes NULL in " +
                              std::to_string(static_cast<int>(spec.null_rate * 100)) +
                              "% of rows; drop 'nullable'/'null_rate' or ALTER the column to allow NULL");
  // Real rows arrive as text; the database converts them as it would a
  // CSV import, and rejects (and the run reports) a value that is not one.
  if (!gen.FromSource() && !TypeFits(t.type, col.cls))
    d.Error(Code::kDrift, where + ": generator '" + spec.generator + "' produces " +
                              TypeName(t.type) + " values but the column is " + col.declared_type +
                              " (" + ClassName(col.cls) + "); change the generator or the column type");
  if (const size_t chars = t.max_length; col.length && chars > *col.length)
    d.Error(Code::kDrift, where + ": generator '" + spec.generator + "' produces up to " +
                              std::to_string(chars) + " characters but the column is " +
                              col.declared_type + "; widen it (" + catalog.WidenColumnSql(p.spec->table, col, chars) +
                              ") or shorten the generated values");
  if (!col.members.empty())
    for (const std::string& m : t.members)
      if (!col.Allows(m))
        d.Error(Code::kDrift, where + ": value '" + m +
                                  "' is not allowed by the column (allowed: " + [&] {
                                    std::string all;
                                    for (const auto& x : col.members) all += (all.empty() ? "" : ", ") + x;
                                    return all;
                                  }() + "); add it to the column's ENUM/CHECK or remove it from the spec");
  for (const auto& bound : {t.min, t.max})
    if (bound && (col.cls == ColumnClass::kDecimal) && !DecimalFits(*bound, col))
      d.Error(Code::kDrift, where + ": generated value " + bound->ToText() + " does not fit " +
                                col.declared_type + "; widen the column or narrow the range");
  if (const std::string why = CheckBoundsProblem(t, col); !why.empty())
    d.Error(Code::kDrift, where + ": " + why + "; narrow the generator's range");
  if (col.is_unsigned && t.min && (t.min->type == Type::kInt || t.min->type == Type::kDecimal) &&
      t.min->i < 0)
    d.Error(Code::kDrift, where + ": generator can produce negative values but the column is " +
                              col.declared_type);
}

std::vector<int> CheckSchema(const TablePlan& p, const TableSchema& schema, const Catalog& catalog,
                             Diagnostics& d) {
  std::vector<int> write;
  const TableSpec& spec = *p.spec;
  if (!schema.exists) {
    d.Error(Code::kDrift, spec.table + ": table does not exist in the database; run your"
                                       " migrations (or create it) before seeding");
    return write;
  }
  for (size_t i = 0; i < spec.columns.size(); ++i) {
    const ColumnSpec& c = spec.columns[i];
    if (!c.write) continue;  // a helper: the database need not have it
    const ColumnInfo* col = schema.Find(c.name);
    if (!col) {
      std::vector<std::string> names;
      for (const ColumnInfo& x : schema.columns) names.push_back(x.name);
      d.Error(Code::kDrift, Where(p, c.name) + ": column does not exist in the database" +
                                DidYouMean(c.name, names) + "; add it with a migration (ALTER TABLE " +
                                spec.table + " ADD COLUMN " + c.name + " ...) or remove it from " +
                                spec.file);
      continue;
    }
    if (const Generator* g = p.model->generator(static_cast<int>(i))) CheckColumn(p, c, *g, *col, catalog, d);
    if (!col->generated) write.push_back(static_cast<int>(i));
  }
  for (const ColumnInfo& col : schema.columns)
    if (const ColumnSpec* c = spec.FindColumn(col.name);
        col.not_null && !col.has_default && !col.auto_key && !col.generated && !(c && c->write))
      d.Error(Code::kDrift, Where(p, col.name) + ": NOT NULL column without a default has no"
                                                 " generator; add it to " + spec.file +
                                                 " (or give the column a DEFAULT)");
  return write;
}

std::string RowProblem(const Value& v, const ColumnInfo& c) {
  if (v.is_null()) return c.not_null ? "NULL in NOT NULL column" : "";
  if (v.type == Type::kString) {
    // VARCHAR(n) and CHAR(n) count characters, not bytes.
    if (const size_t chars = Utf8Length(v.s); c.length && chars > *c.length)
      return "value has " + std::to_string(chars) + " characters; " + c.declared_type + " holds " +
             std::to_string(*c.length);
    if (!c.Allows(v.s))
      return "'" + v.s + "' is not an allowed value";
    return "";
  }
  if (c.cls == ColumnClass::kDecimal &&
      (v.type == Type::kDecimal || v.type == Type::kInt || v.type == Type::kFloat) &&
      !DecimalFits(v, c))
    return v.ToText() + " does not fit " + c.declared_type;
  if (c.is_unsigned && (v.type == Type::kInt || v.type == Type::kDecimal) && v.i < 0)
    return "negative value in " + c.declared_type;
  return "";
}

}  // namespace seed
