#include "engine/core/value.h"

#include <charconv>
#include <cmath>
#include <cstdio>

namespace seed {

const char* TypeName(Type t) {
  switch (t) {
    case Type::kNull: return "null";
    case Type::kInt: return "int";
    case Type::kDecimal: return "decimal";
    case Type::kFloat: return "float";
    case Type::kBool: return "bool";
    case Type::kString: return "string";
    case Type::kDate: return "date";
    case Type::kDateTime: return "datetime";
    case Type::kTime: return "time";
  }
  return "?";
}

// Howard Hinnant's days_from_civil / civil_from_days algorithms.
int64_t DaysFromCivil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

void CivilFromDays(int64_t z, int64_t& y, unsigned& m, unsigned& d) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  d = doy - (153 * mp + 2) / 5 + 1;
  m = mp < 10 ? mp + 3 : mp - 9;
  y = static_cast<int64_t>(yoe) + era * 400 + (m <= 2);
}

namespace {

void AppendPadded(std::string& out, int64_t v, int width) {
  char buf[24];
  auto [p, ec] = std::to_chars(buf, buf + sizeof buf, v < 0 ? -v : v);
  if (v < 0) out += '-';
  for (int n = static_cast<int>(p - buf); n < width; ++n) out += '0';
  out.append(buf, p);
}

void AppendDate(std::string& out, int64_t days) {
  int64_t y;
  unsigned m, d;
  CivilFromDays(days, y, m, d);
  AppendPadded(out, y, 4);
  out += '-';
  AppendPadded(out, m, 2);
  out += '-';
  AppendPadded(out, d, 2);
}

void AppendTime(std::string& out, int64_t secs) {
  AppendPadded(out, secs / 3600, 2);
  out += ':';
  AppendPadded(out, secs / 60 % 60, 2);
  out += ':';
  AppendPadded(out, secs % 60, 2);
}

int64_t FloorDiv(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

bool ParseUnsigned(std::string_view t, int64_t& v) {
  if (t.empty()) return false;
  auto [p, ec] = std::from_chars(t.data(), t.data() + t.size(), v);
  return ec == std::errc() && p == t.data() + t.size() && v >= 0;
}

}  // namespace

void Value::AppendText(std::string& out) const {
  char buf[32];
  switch (type) {
    case Type::kNull: return;
    case Type::kInt: {
      auto [p, ec] = std::to_chars(buf, buf + sizeof buf, i);
      out.append(buf, p);
      return;
    }
    case Type::kBool: out += i ? '1' : '0'; return;
    case Type::kDecimal: {
      if (scale <= 0) {
        auto [p, ec] = std::to_chars(buf, buf + sizeof buf, i);
        out.append(buf, p);
        return;
      }
      uint64_t mag = i < 0 ? 0 - static_cast<uint64_t>(i) : static_cast<uint64_t>(i);
      auto [p, ec] = std::to_chars(buf, buf + sizeof buf, mag);
      std::string_view digits(buf, p - buf);
      if (i < 0) out += '-';
      if (digits.size() <= static_cast<size_t>(scale)) {
        out += "0.";
        out.append(scale - digits.size(), '0');
        out += digits;
      } else {
        out += digits.substr(0, digits.size() - scale);
        out += '.';
        out += digits.substr(digits.size() - scale);
      }
      return;
    }
    case Type::kFloat: {
      auto [p, ec] = std::to_chars(buf, buf + sizeof buf, f);
      out.append(buf, p);
      return;
    }
    case Type::kString: out += s; return;
    case Type::kDate: AppendDate(out, i); return;
    case Type::kDateTime: {
      const int64_t days = FloorDiv(i, 86400);
      AppendDate(out, days);
      out += ' ';
      AppendTime(out, i - days * 86400);
      return;
    }
    case Type::kTime: AppendTime(out, i); return;
  }
}

std::string Value::ToText() const {
  std::string out;
  AppendText(out);
  return out;
}

bool ParseDate(std::string_view t, int64_t& days) {
  if (t.size() != 10 || t[4] != '-' || t[7] != '-') return false;
  int64_t y, m, d;
  if (!ParseUnsigned(t.substr(0, 4), y) || !ParseUnsigned(t.substr(5, 2), m) ||
      !ParseUnsigned(t.substr(8, 2), d))
    return false;
  if (m < 1 || m > 12 || d < 1 || d > 31) return false;
  days = DaysFromCivil(y, static_cast<unsigned>(m), static_cast<unsigned>(d));
  int64_t yy;
  unsigned mm, dd;
  CivilFromDays(days, yy, mm, dd);  // rejects 2023-02-30
  return yy == y && mm == m && dd == d;
}

bool ParseTime(std::string_view t, int64_t& secs) {
  int64_t h, m, s = 0;
  if (t.size() != 5 && t.size() != 8) return false;
  if (t[2] != ':' || !ParseUnsigned(t.substr(0, 2), h) || !ParseUnsigned(t.substr(3, 2), m))
    return false;
  if (t.size() == 8 && (t[5] != ':' || !ParseUnsigned(t.substr(6, 2), s))) return false;
  if (h > 23 || m > 59 || s > 59) return false;
  secs = h * 3600 + m * 60 + s;
  return true;
}

bool ParseDateTime(std::string_view t, int64_t& secs) {
  int64_t days, tod = 0;
  if (!ParseDate(t.substr(0, 10), days)) return false;
  if (t.size() > 10) {
    if (t[10] != ' ' && t[10] != 'T') return false;
    std::string_view rest = t.substr(11);
    if (!rest.empty() && rest.back() == 'Z') rest.remove_suffix(1);
    if (!ParseTime(rest, tod)) return false;
  }
  secs = days * 86400 + tod;
  return true;
}

bool ParseDecimal(std::string_view t, int64_t& unscaled, int32_t& scale) {
  bool neg = false;
  if (!t.empty() && (t[0] == '-' || t[0] == '+')) {
    neg = t[0] == '-';
    t.remove_prefix(1);
  }
  if (t.empty()) return false;
  __int128 v = 0;
  int32_t sc = 0;
  bool dot = false, digit = false;
  for (char c : t) {
    if (c == '.' && !dot) {
      dot = true;
      continue;
    }
    if (c < '0' || c > '9') return false;
    digit = true;
    v = v * 10 + (c - '0');
    if (v > INT64_MAX) return false;
    if (dot) ++sc;
  }
  if (!digit) return false;
  unscaled = static_cast<int64_t>(neg ? -v : v);
  scale = sc;
  return true;
}

}  // namespace seed
