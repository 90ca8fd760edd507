#include "engine/gen/expr.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstring>

#include "engine/core/utf8.h"
#include "engine/gen/rng.h"

namespace seed {

// Outside the anonymous namespace: Expr::Node, a class with linkage, holds one.
namespace expr_ops {
enum class Op {
  kAdd, kSub, kMul, kDiv, kMod, kEq, kNe, kLt, kLe, kGt, kGe, kAnd, kOr, kNot, kNeg,
};
}  // namespace expr_ops

namespace {

using expr_ops::Op;

constexpr int kMaxScale = 12;

// 10^0 .. 10^38, every power a 128-bit integer holds.
constexpr auto kPow10 = [] {
  std::array<__int128, 39> p{};
  p[0] = 1;
  for (size_t i = 1; i < p.size(); ++i) p[i] = p[i - 1] * 10;
  return p;
}();

bool IsNumeric(Type t) {
  return t == Type::kInt || t == Type::kDecimal || t == Type::kFloat || t == Type::kBool;
}
bool IsTemporal(Type t) { return t == Type::kDate || t == Type::kDateTime || t == Type::kTime; }

// Scaled integer or double view of a numeric value.
struct Num {
  bool is_float = false;
  double f = 0;
  __int128 u = 0;
  int scale = 0;
};

// Divides rounding half away from zero.
__int128 DivRound(__int128 a, __int128 b) {
  __int128 q = a / b, r = a % b;
  if (r != 0 && (r < 0 ? -r : r) * 2 >= (b < 0 ? -b : b)) q += ((a < 0) != (b < 0)) ? -1 : 1;
  return q;
}

// Decimals arrive with any scale ParseDecimal accepts (0..19, e.g. from a
// constant column); rounding them to kMaxScale here keeps every later
// shift and product within 128 bits.
Num ToNum(const Value& v) {
  Num n;
  if (v.type == Type::kFloat) {
    n.is_float = true, n.f = v.f;
    return n;
  }
  n.u = v.i;
  n.scale = v.type == Type::kDecimal ? std::clamp<int>(v.scale, 0, 38) : 0;
  if (n.scale > kMaxScale) n.u = DivRound(n.u, kPow10[n.scale - kMaxScale]), n.scale = kMaxScale;
  return n;
}

double ToDouble(const Num& n) {
  return n.is_float ? n.f : static_cast<double>(n.u) / static_cast<double>(kPow10[n.scale]);
}

bool FitsInt64(__int128 u) { return u >= INT64_MIN && u <= INT64_MAX; }

// Stores an exact result, rounding to at most kMaxScale digits; false on
// 64-bit overflow.
bool StoreExact(__int128 u, int scale, bool decimal, Value& out) {
  if (scale > kMaxScale) u = DivRound(u, kPow10[scale - kMaxScale]), scale = kMaxScale;
  if (!FitsInt64(u)) return false;
  if (decimal) out.SetDecimal(static_cast<int64_t>(u), scale);
  else out.SetInt(static_cast<int64_t>(u));
  return true;
}

// Infinity and NaN are overflow too: NULL, like the exact types.
void StoreFloat(double f, Value& out) { std::isfinite(f) ? out.SetFloat(f) : out.SetNull(); }

// a * 10^shift / b rounded half away from zero, for |a|, |b| < 2^63 and
// shift <= 24; false if the quotient cannot fit 64 bits. Above 10^18 the
// product would not fit 128 bits, so the division runs in two steps.
bool ScaledDiv(__int128 a, int shift, __int128 b, __int128& q) {
  if (shift <= 18) {
    q = DivRound(a * kPow10[shift], b);
    return FitsInt64(q);
  }
  const int rest = shift - 18;
  const __int128 n = a * kPow10[18], q1 = n / b, r1 = n % b;
  if ((q1 < 0 ? -q1 : q1) > INT64_MAX / kPow10[rest] + 1) return false;
  q = q1 * kPow10[rest] + DivRound(r1 * kPow10[rest], b);
  return FitsInt64(q);
}

void Align(Num& a, Num& b) {
  if (a.scale < b.scale) a.u *= kPow10[b.scale - a.scale], a.scale = b.scale;
  if (b.scale < a.scale) b.u *= kPow10[a.scale - b.scale], b.scale = a.scale;
}

// -1, 0, 1; false if the values cannot be compared.
bool Compare(const Value& a, const Value& b, int& cmp) {
  if (IsNumeric(a.type) && IsNumeric(b.type)) {
    Num x = ToNum(a), y = ToNum(b);
    if (x.is_float || y.is_float) {
      const double p = ToDouble(x), q = ToDouble(y);
      cmp = p < q ? -1 : p > q ? 1 : 0;
    } else {
      Align(x, y);
      cmp = x.u < y.u ? -1 : x.u > y.u ? 1 : 0;
    }
    return true;
  }
  if (a.type == Type::kString && b.type == Type::kString) {
    // Byte order is code point order for UTF-8.
    const int c = a.s.compare(b.s);
    cmp = c < 0 ? -1 : c > 0 ? 1 : 0;
    return true;
  }
  if (a.type == b.type && IsTemporal(a.type)) {
    cmp = a.i < b.i ? -1 : a.i > b.i ? 1 : 0;
    return true;
  }
  return false;
}

bool Truthy(const Value& v) {
  switch (v.type) {
    case Type::kNull: return false;
    case Type::kFloat: return v.f != 0;
    case Type::kString: return !v.s.empty();
    default: return v.i != 0;
  }
}

// Days since 1970-01-01 of a date or datetime, rounding datetimes down;
// false (the caller gives NULL) outside 0001-01-01..9999-12-31.
bool DayOf(const Value& v, int64_t& days) {
  if (v.type == Type::kDate) days = v.i;
  else if (v.type == Type::kDateTime) days = v.i / kSecondsPerDay - (v.i % kSecondsPerDay < 0);
  else return false;
  return days >= kMinDay && days <= kMaxDay;
}

// Stores temporal `t` with value `x`: dates and datetimes outside years
// 1..9999 give NULL, times of day wrap around midnight.
void StoreTemporal(Type t, __int128 x, Value& out) {
  if (t == Type::kTime) {
    out.SetTime(static_cast<int64_t>(((x % kSecondsPerDay) + kSecondsPerDay) % kSecondsPerDay));
    return;
  }
  const int64_t unit = t == Type::kDate ? 1 : kSecondsPerDay;
  const __int128 lo = static_cast<__int128>(kMinDay) * unit;
  const __int128 hi = (static_cast<__int128>(kMaxDay) + 1) * unit - 1;
  if (x < lo || x > hi) return out.SetNull();
  out.type = t, out.i = static_cast<int64_t>(x);
}

}  // namespace

struct Expr::Node {
  enum Kind { kConst, kColumn, kRow, kSeq, kUnary, kBinary, kCall } kind = kConst;
  Op op = Op::kAdd;
  std::string fn;
  Value constant;
  int column = -1;
  Type type = Type::kNull;  // static type; kNull = known only at run time
  int height = 1;           // levels of the tree from here down, <= kMaxDepth
  std::vector<std::unique_ptr<Node>> args;
  // random_*(): the call's own draw key (the column's key and the call's
  // place in the text), so each call draws independently of the others
  // and of the order they are evaluated in.
  uint64_t draw_key = 0;
  std::vector<double> cumulative;  // random_weighted: running sums of the weights
};

namespace {

using NodePtr = std::unique_ptr<Expr::Node>;

void Eval(const Expr::Node& n, const GenContext& ctx, Value& out);

// date - date, temporal +/- int, int + temporal; NULL for anything else.
void TemporalArith(Op op, const Value& a, const Value& b, Value& out) {
  const __int128 x = a.i, y = b.i;
  if (a.type == b.type && op == Op::kSub) {
    if (!StoreExact(x - y, 0, false, out)) out.SetNull();
    return;
  }
  if (IsTemporal(a.type) && b.type == Type::kInt && (op == Op::kAdd || op == Op::kSub))
    return StoreTemporal(a.type, op == Op::kAdd ? x + y : x - y, out);
  if (a.type == Type::kInt && IsTemporal(b.type) && op == Op::kAdd)
    return StoreTemporal(b.type, x + y, out);
  out.SetNull();
}

void FloatArith(Op op, double p, double q, Value& out) {
  switch (op) {
    case Op::kAdd: return StoreFloat(p + q, out);
    case Op::kSub: return StoreFloat(p - q, out);
    case Op::kMul: return StoreFloat(p * q, out);
    case Op::kDiv: return q == 0 ? out.SetNull() : StoreFloat(p / q, out);
    case Op::kMod: return q == 0 ? out.SetNull() : StoreFloat(std::fmod(p, q), out);
    default: return out.SetNull();
  }
}

// Exact arithmetic in 128 bits on inputs below 2^63 * 10^12, so no step
// can overflow; only the final store to 64 bits can fail (NULL).
void ExactArith(Op op, Num x, Num y, bool decimal, Value& out) {
  bool ok = false;
  switch (op) {
    case Op::kAdd: Align(x, y); ok = StoreExact(x.u + y.u, x.scale, decimal, out); break;
    case Op::kSub: Align(x, y); ok = StoreExact(x.u - y.u, x.scale, decimal, out); break;
    case Op::kMul: ok = StoreExact(x.u * y.u, x.scale + y.scale, decimal, out); break;
    case Op::kMod:  // truncated, like C and MySQL; INT64_MIN % -1 is 0
      Align(x, y);
      if (y.u == 0) return out.SetNull();
      ok = StoreExact(x.u % y.u, x.scale, decimal, out);
      break;
    case Op::kDiv: {
      // Division always yields a decimal with 4 more digits than its inputs.
      if (y.u == 0) return out.SetNull();
      const int rs = std::min(kMaxScale, std::max(x.scale, y.scale) + 4);
      __int128 q;
      ok = ScaledDiv(x.u, rs - x.scale + y.scale, y.u, q) && StoreExact(q, rs, true, out);
      break;
    }
    default: break;
  }
  if (!ok) out.SetNull();  // overflow: NULL, caught by NOT NULL checks
}

void Arith(Op op, const Value& a, const Value& b, Value& out) {
  if (a.is_null() || b.is_null()) return out.SetNull();
  // Text and dates first.
  if (op == Op::kAdd && a.type == Type::kString && b.type == Type::kString) {
    if (a.s.size() + b.s.size() > Expr::kMaxText) return out.SetNull();
    std::string& s = out.SetString();
    s.reserve(a.s.size() + b.s.size());
    s.append(a.s).append(b.s);
    return;
  }
  if (IsTemporal(a.type) || IsTemporal(b.type)) return TemporalArith(op, a, b, out);
  if (!IsNumeric(a.type) || !IsNumeric(b.type)) return out.SetNull();
  const Num x = ToNum(a), y = ToNum(b);
  if (x.is_float || y.is_float) return FloatArith(op, ToDouble(x), ToDouble(y), out);
  ExactArith(op, x, y, a.type == Type::kDecimal || b.type == Type::kDecimal, out);
}

// -a: NULL where the negation does not fit (-INT64_MIN).
void Negate(Value& v) {
  if (v.type == Type::kFloat) v.f = -v.f;
  else if ((v.type == Type::kInt || v.type == Type::kDecimal) && v.i != INT64_MIN) v.i = -v.i;
  else v.SetNull();
}

// round(x, digits), half away from zero like MySQL's ROUND. Negative digits
// round to tens, hundreds...: round(1250, -2) is 1300, round(12.5, -1) 10.
void RoundFloat(double f, int64_t digits, Value& out) {
  if (!std::isfinite(f)) return out.SetNull();
  if (digits < 0) {
    const double m = std::pow(10.0, static_cast<double>(-digits));
    return std::isfinite(m) ? StoreFloat(std::round(f / m) * m, out) : out.SetFloat(0);
  }
  // A float with no digits at that position (|f| * 10^digits >= 2^53, or
  // beyond double's range) is already round.
  const double m = std::pow(10.0, static_cast<double>(digits)), x = f * m;
  if (!std::isfinite(x) || std::fabs(x) >= 9007199254740992.0) return out.SetFloat(f);
  StoreFloat(std::round(x) / m, out);
}

void Round(const Value& a, int64_t digits, Value& out) {
  digits = std::clamp<int64_t>(digits, -400, 400);
  if (a.type == Type::kFloat) return RoundFloat(a.f, digits, out);
  if (a.type != Type::kInt && a.type != Type::kDecimal) {
    out = a;
    return;
  }
  const bool decimal = a.type == Type::kDecimal;
  const Num n = ToNum(a);
  bool ok;
  if (digits >= n.scale) {
    ok = StoreExact(n.u, n.scale, decimal, out);
  } else {
    // Drop `cut` digits. |u| < 2^63 < 10^19: a non-zero quotient means
    // cut <= 19, so scaling it back (by 10^-digits <= 10^19) fits 128 bits.
    const int64_t cut = n.scale - digits;
    const __int128 q = cut > 38 ? 0 : DivRound(n.u, kPow10[cut]);
    const __int128 back = digits >= 0 || q == 0 ? q : q * kPow10[std::min<int64_t>(-digits, 38)];
    ok = StoreExact(back, static_cast<int>(std::max<int64_t>(digits, 0)), decimal, out);
  }
  if (!ok) out.SetNull();
}

// int(x): truncates toward zero; NULL if the value does not fit 64 bits
// (floats beyond +-2^63, infinities and NaN) or a string is not a number.
void ToInt(const Value& a, Value& out) {
  if (a.type == Type::kFloat) {
    // -2^63 is exact in double; 2^63 is the first value that does not fit.
    if (!(a.f >= -9223372036854775808.0 && a.f < 9223372036854775808.0)) return out.SetNull();
    return out.SetInt(static_cast<int64_t>(a.f));
  }
  if (a.type == Type::kDecimal) {
    const Num n = ToNum(a);
    return out.SetInt(static_cast<int64_t>(n.u / kPow10[n.scale]));
  }
  if (a.type == Type::kString) {
    int64_t u;
    int32_t s;
    if (!ParseDecimal(a.s, u, s)) return out.SetNull();
    return out.SetInt(static_cast<int64_t>(u / kPow10[std::clamp<int32_t>(s, 0, 38)]));
  }
  out.SetInt(a.i);
}

// substr(s, start, len) by code points; start counts from 1 (values below 1
// start at the beginning), len absent = to the end, len <= 0 = "".
void Substr(const std::vector<Value>& v, Value& out) {
  if (v[1].type != Type::kInt) return out.SetNull();
  const std::string s = v[0].ToText();
  const int64_t start = std::max<int64_t>(v[1].i, 1) - 1;
  const bool has_len = v.size() > 2 && v[2].type == Type::kInt;
  if (has_len && v[2].i <= 0) return out.SetString("");
  const size_t len = has_len ? static_cast<size_t>(v[2].i) : s.size();
  out.SetString(Utf8Substr(s, static_cast<size_t>(start), len));
}

void TextFunction(const std::string& f, const Value& a, Value& out) {
  const std::string s = a.ToText();
  if (f == "upper") return AppendUtf8Upper(s, out.SetString());
  if (f == "lower") return AppendUtf8Lower(s, out.SetString());
  if (f == "trim") {
    const size_t b = s.find_first_not_of(" \t"), e = s.find_last_not_of(" \t");
    return out.SetString(b == std::string::npos ? "" : std::string_view(s).substr(b, e - b + 1));
  }
  out.SetString(s);  // text
}

// year, month, day, date of a date or datetime in years 1..9999; date and
// datetime also of text in ISO form (a literal is parsed when the spec is
// loaded; text from a column that is not a date gives NULL).
void DateFunction(const std::string& f, const Value& a, Value& out) {
  int64_t days, y;
  unsigned m, d;
  if (a.type == Type::kString && (f == "date" || f == "datetime")) {
    int64_t secs;
    if (!ParseDateTime(a.s, secs)) return out.SetNull();
    return f == "date" ? StoreTemporal(Type::kDate, secs / kSecondsPerDay - (secs % kSecondsPerDay < 0), out)
                       : StoreTemporal(Type::kDateTime, secs, out);
  }
  if (f == "datetime") return a.type == Type::kDateTime ? (void)(out = a)
                              : DayOf(a, days) ? out.SetDateTime(days * kSecondsPerDay) : out.SetNull();
  if (!DayOf(a, days)) return out.SetNull();
  if (f == "date") return out.SetDate(days);
  CivilFromDays(days, y, m, d);
  out.SetInt(f == "year" ? y : f == "month" ? m : d);
}

// Scaled integer of an exact number at `scale` digits, rounding half away
// from zero; false for floats and values beyond 10^18 at that scale.
bool ScaledTo(const Value& v, int scale, __int128& u) {
  if (v.type != Type::kInt && v.type != Type::kDecimal) return false;
  const Num n = ToNum(v);
  u = n.scale <= scale ? n.u * kPow10[scale - n.scale] : DivRound(n.u, kPow10[n.scale - scale]);
  return FitsInt64(u);
}

// Digits after the point of random_decimal and random_normal: the third
// argument, else the most the other arguments have, at least 2.
int RandomDigits(const std::vector<Value>& v) {
  if (v.size() > 2) return static_cast<int>(std::clamp<int64_t>(v[2].i, 0, kMaxScale));
  int d = 2;
  for (size_t i = 0; i < 2; ++i)
    if (v[i].type == Type::kDecimal) d = std::max(d, std::min(static_cast<int>(v[i].scale), kMaxScale));
  return d;
}

// A uniform integer in [lo, hi] (any 64-bit bounds) from one draw.
__int128 UniformBetween(__int128 lo, __int128 hi, uint64_t draw) {
  const unsigned __int128 span = static_cast<unsigned __int128>(hi - lo) + 1;
  return lo + (span > UINT64_MAX ? draw : Below(draw, static_cast<uint64_t>(span)));
}

void RandomFunction(const Expr::Node& n, const std::vector<Value>& v, uint64_t row, Value& out) {
  const std::string& f = n.fn;
  const uint64_t draw = Draw(n.draw_key, row);
  if (f == "random") return out.SetFloat(Unit(draw));
  if (f == "random_choice") {
    out = v[Below(draw, v.size())];
    return;
  }
  if (f == "random_weighted") {
    const double x = Unit(draw) * n.cumulative.back();
    const size_t k = std::upper_bound(n.cumulative.begin(), n.cumulative.end(), x) - n.cumulative.begin();
    out = v[2 * std::min(k, n.cumulative.size() - 1)];
    return;
  }
  for (const Value& x : v)
    if (x.is_null()) return out.SetNull();
  if (f == "random_int") {
    if (v[0].type != Type::kInt || v[1].type != Type::kInt || v[0].i > v[1].i) return out.SetNull();
    return out.SetInt(static_cast<int64_t>(UniformBetween(v[0].i, v[1].i, draw)));
  }
  const int digits = RandomDigits(v);
  if (f == "random_decimal") {
    __int128 lo, hi;
    if (!ScaledTo(v[0], digits, lo) || !ScaledTo(v[1], digits, hi) || lo > hi) return out.SetNull();
    return out.SetDecimal(static_cast<int64_t>(UniformBetween(lo, hi, draw)), digits);
  }
  // random_normal: Box-Muller on two draws of the call, like the normal
  // distribution of numeric generators.
  const double mean = ToDouble(ToNum(v[0])), sd = ToDouble(ToNum(v[1]));
  const double u1 = 1.0 - Unit(draw), u2 = Unit(Draw(n.draw_key, row, 1));
  const double x = mean + sd * std::sqrt(-2.0 * std::log(u1)) * std::cos(6.283185307179586 * u2);
  if (n.type == Type::kFloat) return StoreFloat(x, out);
  const double scaled = std::round(x * static_cast<double>(kPow10[digits]));
  if (!(std::fabs(scaled) < 9.2e18)) return out.SetNull();
  out.SetDecimal(static_cast<int64_t>(scaled), digits);
}

void Call(const Expr::Node& n, const GenContext& ctx, Value& out) {
  const std::string& f = n.fn;
  std::vector<Value> v(n.args.size());
  // Lazy functions first: only the taken branch / first non-null counts.
  if (f == "if") {
    Eval(*n.args[0], ctx, v[0]);
    return Eval(*n.args[Truthy(v[0]) ? 1 : 2], ctx, out);
  }
  if (f == "coalesce") {
    for (const auto& a : n.args) {
      Eval(*a, ctx, out);
      if (!out.is_null()) return;
    }
    return;
  }
  for (size_t i = 0; i < n.args.size(); ++i) Eval(*n.args[i], ctx, v[i]);
  if (n.draw_key) return RandomFunction(n, v, ctx.row, out);
  if (f == "concat") {
    std::string s;
    for (const Value& x : v) x.AppendText(s);  // NULL adds nothing
    return s.size() > Expr::kMaxText ? out.SetNull() : out.SetString(s);
  }
  for (const Value& x : v)
    if (x.is_null()) return out.SetNull();
  const Value& a = v[0];
  if (f == "year" || f == "month" || f == "day" || f == "date" || f == "datetime") return DateFunction(f, a, out);
  if (f == "upper" || f == "lower" || f == "trim" || f == "text") return TextFunction(f, a, out);
  if (f == "length") return out.SetInt(static_cast<int64_t>(Utf8Length(a.ToText())));
  if (f == "substr") return Substr(v, out);
  if (f == "abs") {
    if (a.type == Type::kFloat) return out.SetFloat(std::fabs(a.f));
    out = a;
    if ((a.type == Type::kInt || a.type == Type::kDecimal) && a.i < 0) Negate(out);
    return;
  }
  if (f == "round") return Round(a, v.size() > 1 && v[1].type == Type::kInt ? v[1].i : 0, out);
  if (f == "int") return ToInt(a, out);
  if (f == "min" || f == "max") {
    size_t best = 0;
    for (size_t i = 1; i < v.size(); ++i) {
      int c;
      if (!Compare(v[i], v[best], c)) return out.SetNull();
      if ((f == "min" && c < 0) || (f == "max" && c > 0)) best = i;
    }
    out = v[best];
    return;
  }
  if (f == "days_between") {
    if (a.type != Type::kDate || v[1].type != Type::kDate) return out.SetNull();
    if (!StoreExact(static_cast<__int128>(v[1].i) - a.i, 0, false, out)) out.SetNull();
    return;
  }
  out.SetNull();
}

void Eval(const Expr::Node& n, const GenContext& ctx, Value& out) {
  switch (n.kind) {
    case Expr::Node::kConst: out = n.constant; return;
    case Expr::Node::kColumn: out = ctx.values[n.column]; return;
    case Expr::Node::kRow: return out.SetInt(static_cast<int64_t>(ctx.row));
    case Expr::Node::kSeq: return out.SetInt(static_cast<int64_t>(ctx.row) + 1);
    case Expr::Node::kCall: return Call(n, ctx, out);
    case Expr::Node::kUnary: {
      Eval(*n.args[0], ctx, out);
      if (out.is_null()) return;
      if (n.op == Op::kNot) return out.SetBool(!Truthy(out));
      return Negate(out);
    }
    case Expr::Node::kBinary: {
      Value a, b;
      Eval(*n.args[0], ctx, a);
      if (n.op == Op::kAnd && !a.is_null() && !Truthy(a)) return out.SetBool(false);
      if (n.op == Op::kOr && !a.is_null() && Truthy(a)) return out.SetBool(true);
      Eval(*n.args[1], ctx, b);
      if (n.op == Op::kAnd || n.op == Op::kOr) {
        if (a.is_null() || b.is_null()) return out.SetNull();
        return out.SetBool(Truthy(b));
      }
      if (n.op >= Op::kEq && n.op <= Op::kGe) {
        int c;
        if (a.is_null() || b.is_null() || !Compare(a, b, c)) return out.SetNull();
        switch (n.op) {
          case Op::kEq: return out.SetBool(c == 0);
          case Op::kNe: return out.SetBool(c != 0);
          case Op::kLt: return out.SetBool(c < 0);
          case Op::kLe: return out.SetBool(c <= 0);
          case Op::kGt: return out.SetBool(c > 0);
          default: return out.SetBool(c >= 0);
        }
      }
      return Arith(n.op, a, b, out);
    }
  }
}

struct FunctionSig {
  const char* name;
  int min_args, max_args;
};
constexpr FunctionSig kFunctions[] = {
    {"if", 3, 3},     {"coalesce", 1, 16}, {"concat", 1, 16}, {"year", 1, 1},  {"month", 1, 1},
    {"day", 1, 1},    {"date", 1, 1},      {"datetime", 1, 1}, {"upper", 1, 1}, {"lower", 1, 1},
    {"trim", 1, 1},
    {"text", 1, 1},   {"length", 1, 1},    {"substr", 2, 3},  {"abs", 1, 1},   {"round", 1, 2},
    {"int", 1, 1},    {"min", 2, 16},      {"max", 2, 16},    {"days_between", 2, 2},
    // Deterministic draws: a pure function of (seed, table, column, row).
    {"random", 0, 0}, {"random_int", 2, 2}, {"random_decimal", 2, 3}, {"random_normal", 2, 3},
    {"random_choice", 1, 64}, {"random_weighted", 2, 64},
};

// Recursive-descent parser; precedence from loose to tight:
// or, and, not, comparison, + -, * / %, unary -, primary.
// Two checks keep the stack bounded: Nest counts the parser's own recursion
// (parentheses, not, unary minus, call arguments), and Finish the height of
// each built node, since a flat chain `1+1+...+1` builds a deep tree without
// recursing (evaluation and destruction recurse on the tree).
class Parser {
 public:
  Parser(const std::string& text, GenEnv& env, uint64_t key, std::vector<int>& depends)
      : t_(text), env_(env), key_(key), depends_(depends) {}

  NodePtr ParseAll() {
    NodePtr n = Or();
    Skip();
    if (!failed() && pos_ < t_.size()) Fail("unexpected '" + CharAt(pos_) + "'");
    return failed() ? nullptr : std::move(n);
  }
  bool failed() const { return !error.empty(); }
  std::string error;
  size_t error_pos = 0;

 private:
  // One level of parser recursion, for the guard's lifetime.
  class Nest {
   public:
    explicit Nest(Parser& p) : p_(p) {
      if (++p_.depth_ > Expr::kMaxDepth) p_.FailDepth();
    }
    ~Nest() { --p_.depth_; }
    bool ok() const { return !p_.failed(); }

   private:
    Parser& p_;
  };

  void FailDepth() {
    Fail("expression nests more than " + std::to_string(Expr::kMaxDepth) +
         " levels deep (parentheses, operators, function calls); split it over several columns");
  }

  // Sets n's height from its arguments; nullptr (reported) if too deep.
  NodePtr Finish(NodePtr n) {
    for (const auto& a : n->args) n->height = std::max(n->height, a->height + 1);
    if (n->height <= Expr::kMaxDepth) return n;
    FailDepth();
    return nullptr;
  }

  // The whole UTF-8 character at `at`, for messages.
  std::string CharAt(size_t at) const {
    return t_.substr(at, std::max<size_t>(1, Utf8CharSize(t_, at)));
  }

  void Fail(const std::string& m, size_t at = std::string::npos) {
    if (failed()) return;
    error = m;
    error_pos = at == std::string::npos ? pos_ : at;
  }
  void Skip() {
    while (pos_ < t_.size() && std::isspace(static_cast<unsigned char>(t_[pos_]))) ++pos_;
  }
  bool Eat(const char* s) {
    Skip();
    const size_t n = std::strlen(s);
    if (t_.compare(pos_, n, s) != 0) return false;
    if (std::isalpha(static_cast<unsigned char>(s[0])) && pos_ + n < t_.size() &&
        (std::isalnum(static_cast<unsigned char>(t_[pos_ + n])) || t_[pos_ + n] == '_'))
      return false;  // keyword prefix of a longer name
    pos_ += n;
    return true;
  }

  NodePtr Binary(Op op, NodePtr a, NodePtr b, size_t at) {
    if (!a || !b) return nullptr;
    auto n = std::make_unique<Expr::Node>();
    n->kind = Expr::Node::kBinary;
    n->op = op;
    n->type = BinaryType(op, a->type, b->type, at);
    n->args.push_back(std::move(a));
    n->args.push_back(std::move(b));
    return Finish(std::move(n));
  }

  Type BinaryType(Op op, Type a, Type b, size_t at) {
    if (op >= Op::kEq) return Type::kBool;
    if (a == Type::kNull || b == Type::kNull) return Type::kNull;
    if (op == Op::kAdd && a == Type::kString && b == Type::kString) return Type::kString;
    if (IsTemporal(a) || IsTemporal(b)) {
      if (a == b && op == Op::kSub) return Type::kInt;
      if (IsTemporal(a) && b == Type::kInt && (op == Op::kAdd || op == Op::kSub)) return a;
      if (a == Type::kInt && IsTemporal(b) && op == Op::kAdd) return b;
    } else if (IsNumeric(a) && IsNumeric(b)) {
      if (a == Type::kFloat || b == Type::kFloat) return Type::kFloat;
      if (op == Op::kDiv || a == Type::kDecimal || b == Type::kDecimal) return Type::kDecimal;
      return Type::kInt;
    }
    static const char* names[] = {"+", "-", "*", "/", "%"};
    Fail(std::string("operator '") + names[static_cast<int>(op)] + "' cannot combine " + TypeName(a) +
             " and " + TypeName(b),
         at);
    return Type::kNull;
  }

  NodePtr Or() {
    NodePtr n = And();
    for (size_t at = pos_; Eat("or") || Eat("||"); at = pos_) n = Binary(Op::kOr, std::move(n), And(), at);
    return n;
  }
  NodePtr And() {
    NodePtr n = Not();
    for (size_t at = pos_; Eat("and") || Eat("&&"); at = pos_) n = Binary(Op::kAnd, std::move(n), Not(), at);
    return n;
  }
  NodePtr Not() {
    if (Eat("not") || Eat("!")) {
      Nest nest(*this);
      NodePtr a = nest.ok() ? Not() : nullptr;
      if (!a) return nullptr;
      auto n = std::make_unique<Expr::Node>();
      n->kind = Expr::Node::kUnary, n->op = Op::kNot, n->type = Type::kBool;
      n->args.push_back(std::move(a));
      return Finish(std::move(n));
    }
    return Cmp();
  }
  NodePtr Cmp() {
    NodePtr n = Add();
    Skip();
    const size_t at = pos_;
    static const std::pair<const char*, Op> ops[] = {{"==", Op::kEq}, {"!=", Op::kNe}, {"<=", Op::kLe},
                                                     {">=", Op::kGe}, {"<", Op::kLt},  {">", Op::kGt}};
    for (const auto& [s, op] : ops)
      if (Eat(s)) return Binary(op, std::move(n), Add(), at);
    return n;
  }
  NodePtr Add() {
    NodePtr n = Mul();
    for (;;) {
      Skip();
      const size_t at = pos_;
      if (Eat("+")) n = Binary(Op::kAdd, std::move(n), Mul(), at);
      else if (Eat("-")) n = Binary(Op::kSub, std::move(n), Mul(), at);
      else return n;
    }
  }
  NodePtr Mul() {
    NodePtr n = Unary();
    for (;;) {
      Skip();
      const size_t at = pos_;
      if (Eat("*")) n = Binary(Op::kMul, std::move(n), Unary(), at);
      else if (Eat("/")) n = Binary(Op::kDiv, std::move(n), Unary(), at);
      else if (Eat("%")) n = Binary(Op::kMod, std::move(n), Unary(), at);
      else return n;
    }
  }
  NodePtr Unary() {
    if (Eat("-")) {
      Nest nest(*this);
      NodePtr a = nest.ok() ? Unary() : nullptr;
      if (!a) return nullptr;
      auto n = std::make_unique<Expr::Node>();
      n->kind = Expr::Node::kUnary, n->op = Op::kNeg, n->type = a->type;
      n->args.push_back(std::move(a));
      return Finish(std::move(n));
    }
    return Primary();
  }

  NodePtr Primary() {
    Skip();
    if (failed()) return nullptr;
    if (pos_ >= t_.size()) {
      Fail("expression ends too early");
      return nullptr;
    }
    const size_t start = pos_;
    auto n = std::make_unique<Expr::Node>();
    const char c = t_[pos_];
    if (c == '(') {
      ++pos_;
      Nest nest(*this);
      NodePtr inner = nest.ok() ? Or() : nullptr;
      if (!Eat(")")) Fail("missing ')'");
      return failed() ? nullptr : std::move(inner);
    }
    if (c == '\'' || c == '"') {
      const size_t end = t_.find(c, pos_ + 1);
      if (end == std::string::npos) {
        Fail("unterminated string");
        return nullptr;
      }
      n->constant.SetString(t_.substr(pos_ + 1, end - pos_ - 1));
      n->type = Type::kString;
      pos_ = end + 1;
      return n;
    }
    if (std::isdigit(static_cast<unsigned char>(c)) || c == '.') {
      while (pos_ < t_.size() && (std::isalnum(static_cast<unsigned char>(t_[pos_])) || t_[pos_] == '.')) ++pos_;
      const std::string num = t_.substr(start, pos_ - start);
      int64_t u;
      int32_t s;
      if (ParseDecimal(num, u, s)) {
        // Literals keep at most kMaxScale digits after the point, like results.
        if (s > kMaxScale)
          u = static_cast<int64_t>(DivRound(u, kPow10[s - kMaxScale])), s = kMaxScale;
        s ? n->constant.SetDecimal(u, s) : n->constant.SetInt(u);
      } else {
        char* end = nullptr;
        const double d = std::strtod(num.c_str(), &end);
        if (!end || *end) {
          Fail("bad number '" + num + "'", start);
          return nullptr;
        }
        n->constant.SetFloat(d);
      }
      n->type = n->constant.type;
      return n;
    }
    if (!std::isalpha(static_cast<unsigned char>(c)) && c != '_') {
      Fail("unexpected '" + CharAt(pos_) + "'");
      return nullptr;
    }
    while (pos_ < t_.size() && (std::isalnum(static_cast<unsigned char>(t_[pos_])) || t_[pos_] == '_')) ++pos_;
    const std::string name = t_.substr(start, pos_ - start);
    if (Eat("(")) return Call(name, start);
    if (name == "true" || name == "false") {
      n->constant.SetBool(name == "true"), n->type = Type::kBool;
      return n;
    }
    if (name == "null") return n;
    const int col = env_.ColumnIndex(name);
    if (col >= 0) {
      const Generator* g = env_.ColumnGenerator(col);
      if (!g) {
        Fail("column '" + name + "' has no usable generator", start);
        return nullptr;
      }
      n->kind = Expr::Node::kColumn, n->column = col, n->type = g->traits().type;
      if (std::find(depends_.begin(), depends_.end(), col) == depends_.end()) depends_.push_back(col);
      return n;
    }
    if (name == "row" || name == "seq") {
      n->kind = name == "row" ? Expr::Node::kRow : Expr::Node::kSeq, n->type = Type::kInt;
      return n;
    }
    std::vector<std::string> names = env_.ColumnNames();
    names.push_back("row"), names.push_back("seq");
    Fail("unknown column '" + name + "' in table " + env_.table() + DidYouMean(name, names), start);
    return nullptr;
  }

  NodePtr Call(const std::string& name, size_t start) {
    const FunctionSig* sig = nullptr;
    for (const auto& f : kFunctions)
      if (name == f.name) sig = &f;
    if (!sig) {
      Fail("unknown function '" + name + "'" + DidYouMean(name, ExprFunctionNames()), start);
      return nullptr;
    }
    auto n = std::make_unique<Expr::Node>();
    n->kind = Expr::Node::kCall, n->fn = name;
    Nest nest(*this);
    if (!nest.ok()) return nullptr;
    if (!Eat(")")) {
      do {
        NodePtr a = Or();
        if (!a) return nullptr;
        n->args.push_back(std::move(a));
      } while (Eat(","));
      if (!Eat(")")) {
        Fail("missing ')' after the arguments of " + name + "()");
        return nullptr;
      }
    }
    const int argc = static_cast<int>(n->args.size());
    if (argc < sig->min_args || argc > sig->max_args) {
      Fail(name + "() takes " +
               (sig->min_args == sig->max_args ? std::to_string(sig->min_args)
                                               : std::to_string(sig->min_args) + " to " + std::to_string(sig->max_args)) +
               " arguments, got " + std::to_string(argc),
           start);
      return nullptr;
    }
    if (name.rfind("random", 0) == 0) {
      RandomCall(*n, start);
      return failed() ? nullptr : Finish(std::move(n));
    }
    const Type a0 = n->args[0]->type;
    if (name == "year" || name == "month" || name == "day") {
      if (a0 != Type::kNull && a0 != Type::kDate && a0 != Type::kDateTime)
        Fail(name + "() needs a date or datetime, got " + TypeName(a0), start);
      n->type = Type::kInt;
    } else if (name == "date" || name == "datetime") {
      n->type = name == "date" ? Type::kDate : Type::kDateTime;
      // A literal is checked now, where the spec can point at it.
      const Expr::Node& a = *n->args[0];
      int64_t secs;
      if (a.kind == Expr::Node::kConst && a.constant.type == Type::kString &&
          (!ParseDateTime(a.constant.s, secs) || secs < kMinDay * kSecondsPerDay ||
           secs >= (kMaxDay + 1) * kSecondsPerDay))
        Fail(name + "('" + a.constant.s + "') is not a " + name + " in years 1..9999; write " +
                 (name == "date" ? "'YYYY-MM-DD'" : "'YYYY-MM-DD HH:MM:SS'"),
             start);
    } else if (name == "length" || name == "int" || name == "days_between") {
      n->type = Type::kInt;
    } else if (name == "upper" || name == "lower" || name == "trim" || name == "text" ||
               name == "substr" || name == "concat") {
      n->type = Type::kString;
    } else if (name == "if") {
      n->type = n->args[1]->type == n->args[2]->type ? n->args[1]->type : Type::kNull;
    } else {  // coalesce, abs, round, min, max: the first argument's type
      n->type = a0;
    }
    return Finish(std::move(n));
  }

  // random_*(): checks the arguments that must be constants and gives the
  // call its draw key and type.
  void RandomCall(Expr::Node& n, size_t start) {
    const std::string& name = n.fn;
    n.draw_key = SplitMix64(key_ ^ SplitMix64(++random_calls_)) | 1;  // never 0: 0 marks no draw
    auto constant_int = [&](size_t i, int64_t lo, int64_t hi, const char* what) {
      const Expr::Node& a = *n.args[i];
      if (a.kind != Expr::Node::kConst || a.constant.type != Type::kInt || a.constant.i < lo || a.constant.i > hi)
        Fail(name + "(): " + what + " must be a whole number from " + std::to_string(lo) + " to " +
                 std::to_string(hi),
             start);
    };
    auto exact = [&](size_t i) {
      const Type t = n.args[i]->type;
      if (t != Type::kNull && t != Type::kInt && t != Type::kDecimal && t != Type::kFloat)
        Fail(name + "() needs numbers, got " + std::string(TypeName(t)), start);
    };
    if (name == "random") {
      n.type = Type::kFloat;
    } else if (name == "random_int") {
      for (size_t i = 0; i < 2; ++i)
        if (const Type t = n.args[i]->type; t != Type::kNull && t != Type::kInt)
          Fail(std::string("random_int() needs whole numbers, got ") + TypeName(t) + "; use random_decimal() for decimals", start);
      const Expr::Node &lo = *n.args[0], &hi = *n.args[1];
      if (lo.kind == Expr::Node::kConst && hi.kind == Expr::Node::kConst && lo.constant.type == Type::kInt &&
          hi.constant.type == Type::kInt && lo.constant.i > hi.constant.i)
        Fail("random_int(" + lo.constant.ToText() + ", " + hi.constant.ToText() + "): the low bound is above the high one",
             start);
      n.type = Type::kInt;
    } else if (name == "random_decimal" || name == "random_normal") {
      exact(0), exact(1);
      if (n.args.size() > 2) constant_int(2, 0, kMaxScale, "the digits after the point");
      const bool is_float = n.args[0]->type == Type::kFloat || n.args[1]->type == Type::kFloat;
      if (name == "random_decimal" && is_float) Fail("random_decimal() needs exact bounds such as 9.99, not floats", start);
      n.type = is_float && n.args.size() == 2 ? Type::kFloat : Type::kDecimal;
    } else if (name == "random_choice") {
      n.type = n.args[0]->type;
      for (const auto& a : n.args)
        if (a->type != n.type) n.type = Type::kNull;
    } else {  // random_weighted(value, weight, value, weight, ...)
      if (n.args.size() % 2) Fail("random_weighted() takes pairs: value, weight, value, weight, ...", start);
      double sum = 0;
      for (size_t i = 1; i < n.args.size() && !failed(); i += 2) {
        const Expr::Node& w = *n.args[i];
        const bool number = w.kind == Expr::Node::kConst && IsNumeric(w.constant.type) && w.constant.type != Type::kBool;
        const double x = number ? ToDouble(ToNum(w.constant)) : -1;
        if (!(x >= 0) || !std::isfinite(x)) {
          Fail("random_weighted(): weight " + std::to_string(i / 2 + 1) + " must be a number, 0 or more", start);
          break;
        }
        n.cumulative.push_back(sum += x);
      }
      if (!failed() && !(sum > 0)) Fail("random_weighted(): the weights add up to 0", start);
      n.type = n.args[0]->type;
      for (size_t i = 0; i < n.args.size(); i += 2)
        if (n.args[i]->type != n.type) n.type = Type::kNull;
    }
  }

  const std::string& t_;
  size_t pos_ = 0;
  int depth_ = 0;  // current parser recursion, see Nest
  GenEnv& env_;
  uint64_t key_;
  uint64_t random_calls_ = 0;
  std::vector<int>& depends_;
};

}  // namespace

Expr::Expr(std::unique_ptr<Node> root) : root_(std::move(root)) {}
Expr::~Expr() = default;

std::unique_ptr<Expr> Expr::Parse(const std::string& text, GenEnv& env, uint64_t key, std::vector<int>& depends,
                                  std::string& error, size_t& error_offset) {
  if (text.size() > kMaxLength) {
    error = "expression is " + std::to_string(text.size()) + " bytes long; at most " +
            std::to_string(kMaxLength) + " are allowed";
    error_offset = 0;
    return nullptr;
  }
  Parser p(text, env, key, depends);
  NodePtr root = p.ParseAll();
  if (!root) {
    error = p.error.empty() ? "invalid expression" : p.error;
    error_offset = p.error_pos;
    return nullptr;
  }
  return std::unique_ptr<Expr>(new Expr(std::move(root)));
}

void Expr::Eval(const GenContext& ctx, Value& out) const { seed::Eval(*root_, ctx, out); }
Type Expr::type() const { return root_->type; }
bool Expr::IsRowIdentity() const { return root_->kind == Node::kSeq || root_->kind == Node::kRow; }

std::vector<std::string> ExprFunctionNames() {
  std::vector<std::string> out;
  for (const auto& f : kFunctions) out.push_back(f.name);
  return out;
}

}  // namespace seed
