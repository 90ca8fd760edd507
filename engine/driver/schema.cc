#include "engine/driver/schema.h"

#include <algorithm>
#include <cctype>
#include <regex>
#include <string_view>

namespace seed {

namespace {

std::string Upper(std::string s) {
  for (char& ch : s) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  return s;
}

bool Has(const std::string& s, const char* word) { return s.find(word) != std::string::npos; }

// "(12,2)" after the type name -> {12, 2}.
std::vector<int> TypeArgs(const std::string& t) {
  std::vector<int> out;
  size_t open = t.find('(');
  if (open == std::string::npos) return out;
  size_t i = open + 1;
  while (i < t.size() && t[i] != ')') {
    while (i < t.size() && !std::isdigit(static_cast<unsigned char>(t[i])) && t[i] != ')') ++i;
    int v = 0;
    bool any = false;
    while (i < t.size() && std::isdigit(static_cast<unsigned char>(t[i])))
      v = v * 10 + (t[i++] - '0'), any = true;
    if (any) out.push_back(v);
  }
  return out;
}

}  // namespace

void ClassifyType(ColumnInfo& c) {
  const std::string t = Upper(c.declared_type);
  const std::vector<int> args = TypeArgs(t);
  c.is_unsigned = Has(t, "UNSIGNED");
  if (Has(t, "BOOL")) {
    c.cls = ColumnClass::kBool;
  } else if (Has(t, "INT")) {  // SQLite affinity rule 1; also TINYINT..BIGINT
    c.cls = ColumnClass::kInteger;
  } else if (Has(t, "CHAR") || Has(t, "CLOB") || Has(t, "TEXT") || Has(t, "ENUM") ||
             Has(t, "SET")) {
    c.cls = ColumnClass::kText;
    if (!args.empty() && !Has(t, "ENUM") && !Has(t, "SET")) c.length = args[0];
  } else if (Has(t, "BLOB") || Has(t, "BINARY")) {
    c.cls = ColumnClass::kBlob;
    if (!args.empty()) c.length = args[0];
  } else if (Has(t, "DATETIME") || Has(t, "TIMESTAMP")) {
    c.cls = ColumnClass::kDateTime;
  } else if (Has(t, "DATE")) {
    c.cls = ColumnClass::kDate;
  } else if (Has(t, "TIME")) {
    c.cls = ColumnClass::kTime;
  } else if (Has(t, "REAL") || Has(t, "FLOA") || Has(t, "DOUB")) {
    c.cls = ColumnClass::kFloat;
  } else if (Has(t, "DEC") || Has(t, "NUMERIC")) {
    c.cls = ColumnClass::kDecimal;
    if (!args.empty()) c.precision = args[0];
    if (args.size() > 1) c.scale = args[1];
    else if (!args.empty()) c.scale = 0;
  } else {
    c.cls = ColumnClass::kOther;
  }
}

bool ColumnInfo::Allows(const std::string& value) const {
  auto member = [this](std::string_view v) {
    return std::find(members.begin(), members.end(), v) != members.end();
  };
  if (members.empty() || member(value)) return true;
  if (!member_set) return false;
  if (value.empty()) return true;  // the empty set
  std::vector<std::string_view> seen;
  for (size_t start = 0; start <= value.size();) {
    const size_t comma = std::min(value.find(',', start), value.size());
    const std::string_view item = std::string_view(value).substr(start, comma - start);
    if (!member(item) || std::find(seen.begin(), seen.end(), item) != seen.end()) return false;
    seen.push_back(item);
    start = comma + 1;
  }
  return true;
}

std::vector<std::string> TablesInsertedBy(const std::string& sql) {
  static const std::regex kInsert(R"(\bINSERT\s+(?:OR\s+\w+\s+)?INTO\s+(?:[`"]?\w+[`"]?\.)?[`"]?(\w+)[`"]?)",
                                  std::regex::icase);
  std::vector<std::string> out;
  for (std::sregex_iterator it(sql.begin(), sql.end(), kInsert), end; it != end; ++it)
    if (std::find(out.begin(), out.end(), (*it)[1].str()) == out.end()) out.push_back((*it)[1]);
  return out;
}

namespace {

// A column name as written in a clause: bare, "quoted", `quoted` or
// [bracketed], optionally cast (PostgreSQL: (col)::numeric).
const char kColumn[] = R"(\(*[`"\[]?(\w+)[`"\]]?\)*(?:::[\w ]+)?)";
// A number, possibly parenthesized and cast: 0, -1.5, ('0'::numeric).
const char kNumber[] = R"(\(*'?(-?[0-9]+(?:\.[0-9]+)?)'?\)*(?:::[\w ]+)?\)*)";

void Bound(TableSchema& schema, const std::string& column, const std::string& op, long double v) {
  for (ColumnInfo& c : schema.columns) {
    if (c.name != column) continue;
    if (op == ">=" || op == ">") {
      if (!c.check_min || v > *c.check_min) c.check_min = v, c.check_min_open = op == ">";
    } else if (op == "<=" || op == "<") {
      if (!c.check_max || v < *c.check_max) c.check_max = v, c.check_max_open = op == "<";
    }
  }
}

}  // namespace

void ApplyCheckBounds(const std::string& clause, TableSchema& schema) {
  static const std::regex kOr(R"(\b(OR|NOT)\b)", std::regex::icase);
  if (std::regex_search(clause, kOr)) return;
  static const std::regex kBetween(std::string(kColumn) + R"(\s+BETWEEN\s+)" + kNumber + R"(\s+AND\s+)" + kNumber,
                                   std::regex::icase);
  static const std::regex kLeft(std::string(kColumn) + R"(\s*(>=|<=|>|<)\s*)" + kNumber);
  static const std::regex kRight(std::string(kNumber) + R"(\s*(>=|<=|>|<)\s*)" + kColumn);
  for (std::sregex_iterator it(clause.begin(), clause.end(), kBetween), end; it != end; ++it) {
    Bound(schema, (*it)[1], ">=", std::stold((*it)[2]));
    Bound(schema, (*it)[1], "<=", std::stold((*it)[3]));
  }
  for (std::sregex_iterator it(clause.begin(), clause.end(), kLeft), end; it != end; ++it)
    Bound(schema, (*it)[1], (*it)[2], std::stold((*it)[3]));
  // 0 < col is col > 0.
  for (std::sregex_iterator it(clause.begin(), clause.end(), kRight), end; it != end; ++it) {
    const std::string op = (*it)[2];
    const std::string flipped = op == "<" ? ">" : op == ">" ? "<" : op == "<=" ? ">=" : "<=";
    Bound(schema, (*it)[3], flipped, std::stold((*it)[1]));
  }
}

std::vector<std::string> CheckClauses(const std::string& ddl) {
  static const std::regex kCheck(R"(\bCHECK\s*\()", std::regex::icase);
  std::vector<std::string> out;
  for (std::sregex_iterator it(ddl.begin(), ddl.end(), kCheck), end; it != end; ++it) {
    const size_t open = static_cast<size_t>(it->position() + it->length());
    int depth = 1;
    size_t i = open;
    char quote = 0;
    for (; i < ddl.size() && depth > 0; ++i) {
      const char c = ddl[i];
      if (quote) {
        if (c == quote) quote = 0;
      } else if (c == '\'' || c == '"' || c == '`') {
        quote = c;
      } else if (c == '(') {
        ++depth;
      } else if (c == ')') {
        --depth;
      }
    }
    if (depth == 0) out.push_back(ddl.substr(open, i - 1 - open));
  }
  return out;
}

}  // namespace seed
