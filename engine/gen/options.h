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

class Options {
 public:
  // `map` is the column's map node (or a null node); `reserved` keys belong
  // to the column, not the generator, and are never reported as unknown.
  Options(const Node* map, Mark column_mark, Diagnostics* diag,
          std::set<std::string> reserved = {});

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
  // After the generator read what it knows: each unread key is an error
  // "unknown option 'x' for generator 'g' (did you mean 'y'?)".
  void ReportUnknown(const std::string& generator);

  Diagnostics& diag() { return *diag_; }
  const Mark& column_mark() const { return column_mark_; }

 private:
  const Node* map_;
  Mark column_mark_;
  Diagnostics* diag_;
  std::set<std::string> reserved_;
  std::set<std::string> read_;
};

// Levenshtein-nearest candidate within a small distance, or "".
std::string Nearest(const std::string& word, const std::vector<std::string>& candidates);
// " (did you mean 'x'?)" or "".
std::string DidYouMean(const std::string& word, const std::vector<std::string>& candidates);

}  // namespace seed
