// Options: typed, mark-aware access to a column's generator options (the
// keys of the column map that are not column-level keys). Every read is
// recorded so that, after a generator is built, keys it never asked for are
// reported as unknown with the nearest known name suggested.
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "engine/core/status.h"
#include "engine/core/value.h"
#include "engine/spec/node.h"

namespace seed {

// The dates a generated column may hold: 0001-01-01..9999-12-31 (the range
// of MySQL's DATE and DATETIME), as days since 1970-01-01. Date arithmetic
// that leaves it gives NULL (expressions) or is refused at load time
// (date_offset), so it never reaches a database or overflows.
inline constexpr int64_t kMinDay = -719162;
inline constexpr int64_t kMaxDay = 2932896;
inline constexpr int64_t kSecondsPerDay = 86400;

// What an option's value must be. One declaration per option (below) is
// the single source for validation, `seed-engine generators NAME`, the
// README's generator table and the spec JSON Schema.
enum class OptionType {
  kInt,         // an unquoted integer
  kNumber,      // an unquoted number
  kBool,        // true | false
  kText,        // any scalar, read as text
  kDecimal,     // exact decimal, e.g. 12.50 (quoted or not)
  kDate,        // YYYY-MM-DD
  kDateTime,    // YYYY-MM-DD HH:MM:SS
  kTime,        // HH:MM:SS
  kEnum,        // one of OptionDecl::values
  kTextList,    // a scalar or a list of scalars
  kNumberList,  // a list of numbers
  kColumn,      // a column of the same table
  kColumnList,  // a column, or a list of columns
  kTable,       // a table defined by a spec
  kGenerator,   // a generator name, or a column map (json's items)
  kObject,      // a map of key -> generator name or column map (json)
  kColumnMap,   // a map of another table's columns -> columns of this row (where)
};

struct OptionDecl {
  std::string name;
  OptionType type = OptionType::kText;
  std::string def;          // the default as written in a spec; "" = none
  std::string description;  // one line
  std::vector<std::string> values;  // kEnum: the allowed values
  std::optional<double> min, max;   // numbers: the allowed range, inclusive
  bool required = false;

  // Chainable refinements: Opt(...).In(0, 10), Opt(...).Required().
  OptionDecl In(double lo, double hi) const {
    OptionDecl d = *this;
    d.min = lo, d.max = hi;
    return d;
  }
  OptionDecl Required() const {
    OptionDecl d = *this;
    d.required = true;
    return d;
  }
};

// OptionDecl{name, type, def, description}, spelled short for the registry.
inline OptionDecl Opt(std::string name, OptionType type, std::string def, std::string description) {
  OptionDecl d;
  d.name = std::move(name), d.type = type, d.def = std::move(def), d.description = std::move(description);
  return d;
}
inline OptionDecl OptEnum(std::string name, std::vector<std::string> values, std::string def,
                          std::string description) {
  OptionDecl d = Opt(std::move(name), OptionType::kEnum, std::move(def), std::move(description));
  d.values = std::move(values);
  return d;
}

// The JSON Schema type name of an option type's values, for messages.
const char* OptionTypeName(OptionType type);

class Options {
 public:
  // `map` is the column's map node (or a null node); `reserved` keys belong
  // to the column, not the generator, and are never reported as unknown.
  // `declared`: the generator's options; a key not declared is reported as
  // unknown, and reading one is a bug in the generator (reported as such, so
  // the declarations cannot fall behind the code).
  Options(const Node* map, Mark column_mark, Diagnostics* diag,
          std::set<std::string> reserved = {}, const std::vector<OptionDecl>* declared = nullptr);

  bool Has(const std::string& key);
  const Node* Get(const std::string& key);  // raw node, nullptr when absent
  Mark MarkOf(const std::string& key) const;  // the value's mark, else column's

  // Typed readers: return the default when absent; on a wrong type they
  // report "file:line:col: option 'k' must be ..." and return the default.
  int64_t Int(const std::string& key, int64_t def);
  // Int() limited to [lo, hi]: outside it reports "option 'k': must be
  // between lo and hi, got v<why>" and returns `def`. For counts and
  // lengths that size allocations, so a spec cannot ask for gigabytes a row.
  int64_t IntIn(const std::string& key, int64_t def, int64_t lo, int64_t hi,
                const std::string& why = "");
  double Float(const std::string& key, double def);
  bool Bool(const std::string& key, bool def);
  std::string Str(const std::string& key, const std::string& def);
  // Decimal text such as "12.50": unscaled + scale. Absent -> nullopt.
  std::optional<Value> Decimal(const std::string& key);
  // Dates and datetimes in years 1..9999 (kMinDay..kMaxDay), else reported.
  std::optional<int64_t> Date(const std::string& key);      // days
  std::optional<int64_t> DateTime(const std::string& key);  // seconds
  std::optional<int64_t> Time(const std::string& key);      // seconds
  // A scalar or a list of scalars, as text.
  std::vector<std::string> StrList(const std::string& key);
  std::vector<double> FloatList(const std::string& key);

  // Reports a problem at the option's mark.
  void Error(const std::string& key, const std::string& message);
  // After the generator read what it knows: each undeclared key is an error
  // "unknown option 'x' for generator 'g' (did you mean 'y'?)". When the
  // generator was `built`, a declared key it never read is one too: it has
  // no effect with the other options (skew without zipf).
  void ReportUnknown(const std::string& generator, bool built = false);

  Diagnostics& diag() { return *diag_; }
  const Mark& column_mark() const { return column_mark_; }

 private:
  const Node* map_;
  Mark column_mark_;
  Diagnostics* diag_;
  std::set<std::string> reserved_;
  const std::vector<OptionDecl>* declared_;
  std::set<std::string> read_;
};

// Levenshtein-nearest candidate within a small distance, or "".
std::string Nearest(const std::string& word, const std::vector<std::string>& candidates);
// " (did you mean 'x'?)" or "".
std::string DidYouMean(const std::string& word, const std::vector<std::string>& candidates);

}  // namespace seed
