#include "engine/gen/options.h"

#include <algorithm>
#include <charconv>

namespace seed {

namespace {

bool ParseInt(const std::string& s, int64_t& v) {
  std::string_view t(s);
  if (!t.empty() && t[0] == '+') t.remove_prefix(1);
  std::string digits;
  for (char c : t)
    if (c != '_') digits += c;  // YAML-style 1_000_000
  auto [p, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), v);
  return !digits.empty() && ec == std::errc() && p == digits.data() + digits.size();
}

bool ParseFloat(const std::string& s, double& v) {
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  return !s.empty() && ec == std::errc() && p == s.data() + s.size();
}

size_t Distance(const std::string& a, const std::string& b) {
  std::vector<size_t> prev(b.size() + 1), cur(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (size_t j = 1; j <= b.size(); ++j)
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] != b[j - 1])});
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

}  // namespace

std::string Nearest(const std::string& word, const std::vector<std::string>& candidates) {
  std::string best;
  size_t best_d = std::max<size_t>(2, word.size() / 3) + 1;
  for (const std::string& c : candidates) {
    const size_t d = Distance(word, c);
    if (d < best_d) best_d = d, best = c;
  }
  return best;
}

std::string DidYouMean(const std::string& word, const std::vector<std::string>& candidates) {
  std::string n = Nearest(word, candidates);
  return n.empty() ? "" : " (did you mean '" + n + "'?)";
}

const char* OptionTypeName(OptionType type) {
  switch (type) {
    case OptionType::kInt: return "an integer";
    case OptionType::kNumber: return "a number";
    case OptionType::kBool: return "true or false";
    case OptionType::kText: return "text";
    case OptionType::kDecimal: return "a decimal such as 12.50";
    case OptionType::kDate: return "a date YYYY-MM-DD";
    case OptionType::kDateTime: return "a datetime YYYY-MM-DD HH:MM:SS";
    case OptionType::kTime: return "a time HH:MM:SS";
    case OptionType::kEnum: return "one of the listed values";
    case OptionType::kTextList: return "a value or a list of values";
    case OptionType::kNumberList: return "a list of numbers";
    case OptionType::kColumn: return "a column of the same table";
    case OptionType::kColumnList: return "a column or a list of columns";
    case OptionType::kTable: return "a table";
    case OptionType::kGenerator: return "a generator name or a column map";
    case OptionType::kObject: return "a map of keys to generators";
    case OptionType::kColumnMap: return "a map of columns to columns of this row";
  }
  return "a value";
}

Options::Options(const Node* map, Mark column_mark, Diagnostics* diag,
                 std::set<std::string> reserved, const std::vector<OptionDecl>* declared)
    : map_(map), column_mark_(std::move(column_mark)), diag_(diag),
      reserved_(std::move(reserved)), declared_(declared) {}

const Node* Options::Get(const std::string& key) {
  read_.insert(key);
  return map_ ? map_->Find(key) : nullptr;
}

bool Options::Has(const std::string& key) { return Get(key) != nullptr; }

Mark Options::MarkOf(const std::string& key) const {
  const Node* n = map_ ? map_->Find(key) : nullptr;
  return n ? n->mark : column_mark_;
}

void Options::Error(const std::string& key, const std::string& message) {
  diag_->SpecError("option '" + key + "': " + message, MarkOf(key));
}

int64_t Options::Int(const std::string& key, int64_t def) {
  const Node* n = Get(key);
  if (!n) return def;
  int64_t v;
  if (!n->IsScalar() || n->quoted || !ParseInt(n->scalar, v)) {
    Error(key, "must be an integer, got " + n->Describe());
    return def;
  }
  return v;
}

int64_t Options::IntIn(const std::string& key, int64_t def, int64_t lo, int64_t hi,
                       const std::string& why) {
  const Node* n = map_ ? map_->Find(key) : nullptr;
  const int64_t v = Int(key, def);
  if (n && (v < lo || v > hi)) {
    Error(key, "must be between " + std::to_string(lo) + " and " + std::to_string(hi) + ", got " +
                   std::to_string(v) + why);
    return def;
  }
  return v;
}

double Options::Float(const std::string& key, double def) {
  const Node* n = Get(key);
  if (!n) return def;
  double v;
  if (!n->IsScalar() || n->quoted || !ParseFloat(n->scalar, v)) {
    Error(key, "must be a number, got " + n->Describe());
    return def;
  }
  return v;
}

bool Options::Bool(const std::string& key, bool def) {
  const Node* n = Get(key);
  if (!n) return def;
  if (n->IsScalar() && !n->quoted) {
    if (n->scalar == "true" || n->scalar == "yes") return true;
    if (n->scalar == "false" || n->scalar == "no") return false;
  }
  Error(key, "must be true or false, got " + n->Describe());
  return def;
}

std::string Options::Str(const std::string& key, const std::string& def) {
  const Node* n = Get(key);
  if (!n) return def;
  if (!n->IsScalar()) {
    Error(key, "must be a string, got " + n->Describe());
    return def;
  }
  return n->scalar;
}

std::optional<Value> Options::Decimal(const std::string& key) {
  const Node* n = Get(key);
  if (!n) return std::nullopt;
  Value v;
  int64_t unscaled;
  int32_t scale;
  if (!n->IsScalar() || !ParseDecimal(n->scalar, unscaled, scale)) {
    Error(key, "must be a decimal number such as 12.50, got " + n->Describe());
    return std::nullopt;
  }
  v.SetDecimal(unscaled, scale);
  return v;
}

namespace {

template <typename Parse>
std::optional<int64_t> ReadTemporal(Options& o, const std::string& key, Parse parse,
                                    const char* shape) {
  const Node* n = o.Get(key);
  if (!n) return std::nullopt;
  int64_t v;
  if (!n->IsScalar() || !parse(n->scalar, v)) {
    o.Error(key, std::string("must be ") + shape + ", got " + n->Describe());
    return std::nullopt;
  }
  return v;
}

}  // namespace

// Year 0000 parses but is no date a column can hold (see kMinDay).
std::optional<int64_t> Options::Date(const std::string& key) {
  return ReadTemporal(
      *this, key,
      [](const std::string& s, int64_t& v) { return ParseDate(s, v) && v >= kMinDay && v <= kMaxDay; },
      "a date YYYY-MM-DD in years 0001..9999");
}

std::optional<int64_t> Options::DateTime(const std::string& key) {
  return ReadTemporal(
      *this, key,
      [](const std::string& s, int64_t& v) {
        return ParseDateTime(s, v) && v >= kMinDay * kSecondsPerDay && v < (kMaxDay + 1) * kSecondsPerDay;
      },
      "a datetime YYYY-MM-DD HH:MM:SS in years 0001..9999");
}

std::optional<int64_t> Options::Time(const std::string& key) {
  return ReadTemporal(*this, key, [](const std::string& s, int64_t& v) { return ParseTime(s, v); },
                      "a time HH:MM:SS");
}

std::vector<std::string> Options::StrList(const std::string& key) {
  const Node* n = Get(key);
  std::vector<std::string> out;
  if (!n) return out;
  if (n->IsScalar()) return {n->scalar};
  if (!n->IsSequence()) {
    Error(key, "must be a list of strings, got " + n->Describe());
    return out;
  }
  for (const Node& item : n->items) {
    if (!item.IsScalar()) {
      diag_->SpecError("option '" + key + "': list items must be strings, got " + item.Describe(),
                       item.mark);
      continue;
    }
    out.push_back(item.scalar);
  }
  return out;
}

std::vector<double> Options::FloatList(const std::string& key) {
  std::vector<double> out;
  const Node* n = Get(key);
  if (!n) return out;
  if (!n->IsSequence()) {
    Error(key, "must be a list of numbers, got " + n->Describe());
    return out;
  }
  for (const Node& item : n->items) {
    double v;
    if (!item.IsScalar() || !ParseFloat(item.scalar, v)) {
      diag_->SpecError("option '" + key + "': list items must be numbers, got " + item.Describe(),
                       item.mark);
      continue;
    }
    out.push_back(v);
  }
  return out;
}

void Options::ReportUnknown(const std::string& generator, bool built) {
  std::vector<std::string> known;
  if (declared_) {
    for (const OptionDecl& d : *declared_) known.push_back(d.name);
    for (const std::string& k : read_)
      if (std::find(known.begin(), known.end(), k) == known.end())
        diag_->SpecError("internal error: generator '" + generator + "' reads option '" + k +
                             "', which its declaration in engine/gen does not list",
                         column_mark_);
  } else {
    known.assign(read_.begin(), read_.end());
  }
  if (!map_ || !map_->IsMap()) return;
  for (const auto& [k, v] : map_->entries) {
    if (reserved_.count(k.scalar) || read_.count(k.scalar)) continue;
    if (std::find(known.begin(), known.end(), k.scalar) == known.end())
      diag_->SpecError("unknown option '" + k.scalar + "' for generator '" + generator + "'" +
                           DidYouMean(k.scalar, known),
                       k.mark);
    else if (built)
      diag_->SpecError("option '" + k.scalar + "' has no effect on generator '" + generator +
                           "' with the other options given (seed-engine generators " + generator + ")",
                       k.mark);
  }
}

}  // namespace seed
