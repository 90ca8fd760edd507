// Value: one generated cell. A small tagged value reused across batches so
// that steady-state generation does not allocate (strings keep capacity).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace seed {

enum class Type : uint8_t {
  kNull,
  kInt,       // i
  kDecimal,   // i = unscaled, scale = digits after the point (exact)
  kFloat,     // f
  kBool,      // i = 0 or 1
  kString,    // s
  kDate,      // i = days since 1970-01-01
  kDateTime,  // i = seconds since 1970-01-01T00:00:00 (no time zone)
  kTime,      // i = seconds since midnight
};

const char* TypeName(Type t);

struct Value {
  static Value Int(int64_t v) {
    Value out;
    out.SetInt(v);
    return out;
  }
  static Value Text(std::string_view v) {
    Value out;
    out.SetString(v);
    return out;
  }

  Type type = Type::kNull;
  int32_t scale = 0;
  int64_t i = 0;
  double f = 0;
  std::string s;

  void SetNull() { type = Type::kNull; }
  void SetInt(int64_t v) { type = Type::kInt; i = v; }
  void SetBool(bool v) { type = Type::kBool; i = v ? 1 : 0; }
  void SetFloat(double v) { type = Type::kFloat; f = v; }
  void SetDecimal(int64_t unscaled, int32_t sc) {
    type = Type::kDecimal;
    i = unscaled;
    scale = sc;
  }
  void SetDate(int64_t days) { type = Type::kDate; i = days; }
  void SetDateTime(int64_t secs) { type = Type::kDateTime; i = secs; }
  void SetTime(int64_t secs) { type = Type::kTime; i = secs; }
  // Returns s for in-place building; the caller appends.
  std::string& SetString() {
    type = Type::kString;
    s.clear();
    return s;
  }
  void SetString(std::string_view v) { SetString().assign(v); }

  bool is_null() const { return type == Type::kNull; }
  // Canonical text: the form bound to databases, written to CSV, digested.
  // Dates "YYYY-MM-DD", datetimes "YYYY-MM-DD HH:MM:SS", decimals with
  // exactly `scale` digits, floats with up to 17 significant digits.
  void AppendText(std::string& out) const;
  std::string ToText() const;
};

// Civil-calendar helpers (proleptic Gregorian), exact for any int64 range
// we use. Days are counted from 1970-01-01.
int64_t DaysFromCivil(int64_t y, unsigned m, unsigned d);
void CivilFromDays(int64_t days, int64_t& y, unsigned& m, unsigned& d);
// Parses "YYYY-MM-DD" or "YYYY-MM-DD[ T]HH:MM[:SS]"; false if malformed.
bool ParseDate(std::string_view text, int64_t& days);
bool ParseDateTime(std::string_view text, int64_t& secs);
bool ParseTime(std::string_view text, int64_t& secs);
// Parses "-12.340" into unscaled + scale; false if malformed or overflowing.
bool ParseDecimal(std::string_view text, int64_t& unscaled, int32_t& scale);

}  // namespace seed
