#include "engine/gen/expr.h"

#include <algorithm>
#include <cmath>
#include <cstring>

namespace seed {

namespace {

constexpr int kMaxScale = 12;
constexpr int64_t kPow10[] = {1,          10,          100,          1000,         10000,
                              100000,     1000000,     10000000,     100000000,    1000000000,
                              10000000000, 100000000000, 1000000000000};

enum class Op {
  kAdd, kSub, kMul, kDiv, kMod, kEq, kNe, kLt, kLe, kGt, kGe, kAnd, kOr, kNot, kNeg,
};

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

Num ToNum(const Value& v) {
  Num n;
  if (v.type == Type::kFloat) n.is_float = true, n.f = v.f;
  else n.u = v.i, n.scale = v.type == Type::kDecimal ? v.scale : 0;
  return n;
}

double ToDouble(const Num& n) {
  return n.is_float ? n.f : static_cast<double>(n.u) / static_cast<double>(kPow10[std::min(n.scale, kMaxScale)]);
}

// Divides rounding half away from zero.
__int128 DivRound(__int128 a, __int128 b) {
  __int128 q = a / b, r = a % b;
  if (r != 0 && (r < 0 ? -r : r) * 2 >= (b < 0 ? -b : b)) q += ((a < 0) != (b < 0)) ? -1 : 1;
  return q;
}

// Stores an exact result, rounding to at most kMaxScale digits; false on
// 64-bit overflow.
bool StoreExact(__int128 u, int scale, bool decimal, Value& out) {
  if (scale > kMaxScale) u = DivRound(u, kPow10[scale - kMaxScale]), scale = kMaxScale;
  if (u > INT64_MAX || u < INT64_MIN) return false;
  if (decimal) out.SetDecimal(static_cast<int64_t>(u), scale);
  else out.SetInt(static_cast<int64_t>(u));
  return true;
}

void Align(Num& a, Num& b) {
  while (a.scale < b.scale) a.u *= 10, ++a.scale;
  while (b.scale < a.scale) b.u *= 10, ++b.scale;
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

}  // namespace

struct Expr::Node {
  enum Kind { kConst, kColumn, kRow, kSeq, kUnary, kBinary, kCall } kind = kConst;
  Op op = Op::kAdd;
  std::string fn;
  Value constant;
  int column = -1;
  Type type = Type::kNull;  // static type; kNull = known only at run time
  std::vector<std::unique_ptr<Node>> args;
};

namespace {

using NodePtr = std::unique_ptr<Expr::Node>;

void Eval(const Expr::Node& n, const GenContext& ctx, Value& out);

void Arith(Op op, const Value& a, const Value& b, Value& out) {
  if (a.is_null() || b.is_null()) return out.SetNull();
  // Text and dates first.
  if (op == Op::kAdd && a.type == Type::kString && b.type == Type::kString) {
    std::string& s = out.SetString();
    s.reserve(a.s.size() + b.s.size());
    s.append(a.s).append(b.s);
    return;
  }
  if (IsTemporal(a.type) || IsTemporal(b.type)) {
    if (a.type == b.type && op == Op::kSub) return out.SetInt(a.i - b.i);
    if (IsTemporal(a.type) && b.type == Type::kInt && (op == Op::kAdd || op == Op::kSub)) {
      out.type = a.type, out.i = op == Op::kAdd ? a.i + b.i : a.i - b.i;
      if (a.type == Type::kTime) out.i = ((out.i % 86400) + 86400) % 86400;
      return;
    }
    if (a.type == Type::kInt && IsTemporal(b.type) && op == Op::kAdd) {
      out.type = b.type, out.i = a.i + b.i;
      return;
    }
    return out.SetNull();
  }
  if (!IsNumeric(a.type) || !IsNumeric(b.type)) return out.SetNull();
  Num x = ToNum(a), y = ToNum(b);
  if (x.is_float || y.is_float) {
    const double p = ToDouble(x), q = ToDouble(y);
    switch (op) {
      case Op::kAdd: return out.SetFloat(p + q);
      case Op::kSub: return out.SetFloat(p - q);
      case Op::kMul: return out.SetFloat(p * q);
      case Op::kDiv: return q == 0 ? out.SetNull() : out.SetFloat(p / q);
      case Op::kMod: return q == 0 ? out.SetNull() : out.SetFloat(std::fmod(p, q));
      default: return out.SetNull();
    }
  }
  const bool decimal = a.type == Type::kDecimal || b.type == Type::kDecimal;
  bool ok = true;
  switch (op) {
    case Op::kAdd: Align(x, y); ok = StoreExact(x.u + y.u, x.scale, decimal, out); break;
    case Op::kSub: Align(x, y); ok = StoreExact(x.u - y.u, x.scale, decimal, out); break;
    case Op::kMul: ok = StoreExact(x.u * y.u, x.scale + y.scale, decimal, out); break;
    case Op::kMod:
      Align(x, y);
      if (y.u == 0) return out.SetNull();
      ok = StoreExact(x.u % y.u, x.scale, decimal, out);
      break;
    case Op::kDiv: {
      // Division always yields a decimal with 4 more digits than its inputs.
      if (y.u == 0) return out.SetNull();
      const int rs = std::min(kMaxScale, std::max(x.scale, y.scale) + 4);
      const int shift = rs - x.scale + y.scale;
      if (shift > 18) return out.SetNull();
      ok = StoreExact(DivRound(x.u * kPow10[std::min(shift, kMaxScale)] *
                                   (shift > kMaxScale ? kPow10[shift - kMaxScale] : 1), y.u),
                      rs, true, out);
      break;
    }
    default: return out.SetNull();
  }
  if (!ok) out.SetNull();  // overflow: NULL, caught by NOT NULL checks
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
  if (f == "concat") {
    std::string s;
    for (const Value& x : v) x.AppendText(s);  // NULL adds nothing
    return out.SetString(s);
  }
  for (const Value& x : v)
    if (x.is_null()) return out.SetNull();
  const Value& a = v[0];
  if (f == "year" || f == "month" || f == "day") {
    if (a.type != Type::kDate && a.type != Type::kDateTime) return out.SetNull();
    int64_t days = a.type == Type::kDate ? a.i : (a.i >= 0 ? a.i / 86400 : (a.i - 86399) / 86400);
    int64_t y;
    unsigned m, d;
    CivilFromDays(days, y, m, d);
    return out.SetInt(f == "year" ? y : f == "month" ? m : d);
  }
  if (f == "date") {
    if (a.type == Type::kDate) return out.SetDate(a.i);
    if (a.type == Type::kDateTime) return out.SetDate(a.i >= 0 ? a.i / 86400 : (a.i - 86399) / 86400);
    return out.SetNull();
  }
  if (f == "upper" || f == "lower" || f == "trim" || f == "text") {
    std::string s = a.ToText();
    if (f == "upper") std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::toupper(c); });
    if (f == "lower") std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
    if (f == "trim") {
      const size_t b = s.find_first_not_of(" \t"), e = s.find_last_not_of(" \t");
      s = b == std::string::npos ? "" : s.substr(b, e - b + 1);
    }
    return out.SetString(s);
  }
  if (f == "length") return out.SetInt(static_cast<int64_t>(a.ToText().size()));
  if (f == "substr") {
    const std::string s = a.ToText();
    if (v[1].type != Type::kInt) return out.SetNull();
    const int64_t start = std::max<int64_t>(v[1].i, 1) - 1;
    const int64_t len = v.size() > 2 && v[2].type == Type::kInt ? v[2].i : static_cast<int64_t>(s.size());
    if (start >= static_cast<int64_t>(s.size()) || len <= 0) return out.SetString("");
    return out.SetString(s.substr(start, len));
  }
  if (f == "abs") {
    if (a.type == Type::kFloat) return out.SetFloat(std::fabs(a.f));
    out = a;
    if (a.type == Type::kInt || a.type == Type::kDecimal) out.i = a.i < 0 ? -a.i : a.i;
    return;
  }
  if (f == "round") {
    const int64_t digits = v.size() > 1 && v[1].type == Type::kInt ? v[1].i : 0;
    if (a.type == Type::kFloat) {
      const double m = std::pow(10.0, static_cast<double>(digits));
      return out.SetFloat(std::round(a.f * m) / m);
    }
    if (a.type == Type::kDecimal && digits >= 0 && digits < a.scale)
      return out.SetDecimal(static_cast<int64_t>(DivRound(a.i, kPow10[a.scale - digits])), static_cast<int32_t>(digits));
    out = a;
    return;
  }
  if (f == "int") {
    if (a.type == Type::kFloat) return out.SetInt(static_cast<int64_t>(a.f));
    if (a.type == Type::kDecimal) return out.SetInt(a.i / kPow10[std::min(a.scale, kMaxScale)]);
    if (a.type == Type::kString) {
      int64_t u;
      int32_t s;
      if (ParseDecimal(a.s, u, s)) return out.SetInt(u / kPow10[std::min<int32_t>(s, kMaxScale)]);
      return out.SetNull();
    }
    return out.SetInt(a.i);
  }
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
    return out.SetInt(v[1].i - a.i);
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
      if (out.type == Type::kFloat) out.f = -out.f;
      else if (out.type == Type::kInt || out.type == Type::kDecimal) out.i = -out.i;
      else out.SetNull();
      return;
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
    {"day", 1, 1},    {"date", 1, 1},      {"upper", 1, 1},   {"lower", 1, 1}, {"trim", 1, 1},
    {"text", 1, 1},   {"length", 1, 1},    {"substr", 2, 3},  {"abs", 1, 1},   {"round", 1, 2},
    {"int", 1, 1},    {"min", 2, 16},      {"max", 2, 16},    {"days_between", 2, 2},
};

// Recursive-descent parser; precedence from loose to tight:
// or, and, not, comparison, + -, * / %, unary -, primary.
class Parser {
 public:
  Parser(const std::string& text, GenEnv& env, std::vector<int>& depends)
      : t_(text), env_(env), depends_(depends) {}

  NodePtr ParseAll() {
    NodePtr n = Or();
    Skip();
    if (!failed() && pos_ < t_.size()) Fail("unexpected '" + t_.substr(pos_, 1) + "'");
    return failed() ? nullptr : std::move(n);
  }
  bool failed() const { return !error.empty(); }
  std::string error;
  size_t error_pos = 0;

 private:
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
    return n;
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
      NodePtr a = Not();
      if (!a) return nullptr;
      auto n = std::make_unique<Expr::Node>();
      n->kind = Expr::Node::kUnary, n->op = Op::kNot, n->type = Type::kBool;
      n->args.push_back(std::move(a));
      return n;
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
      NodePtr a = Unary();
      if (!a) return nullptr;
      auto n = std::make_unique<Expr::Node>();
      n->kind = Expr::Node::kUnary, n->op = Op::kNeg, n->type = a->type;
      n->args.push_back(std::move(a));
      return n;
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
      NodePtr inner = Or();
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
      Fail("unexpected '" + std::string(1, c) + "'");
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
    const Type a0 = n->args[0]->type;
    if (name == "year" || name == "month" || name == "day") {
      if (a0 != Type::kNull && a0 != Type::kDate && a0 != Type::kDateTime)
        Fail(name + "() needs a date or datetime, got " + TypeName(a0), start);
      n->type = Type::kInt;
    } else if (name == "date") {
      n->type = Type::kDate;
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
    return n;
  }

  const std::string& t_;
  size_t pos_ = 0;
  GenEnv& env_;
  std::vector<int>& depends_;
};

}  // namespace

Expr::Expr(std::unique_ptr<Node> root) : root_(std::move(root)) {}
Expr::~Expr() = default;

std::unique_ptr<Expr> Expr::Parse(const std::string& text, GenEnv& env, std::vector<int>& depends,
                                  std::string& error, size_t& error_offset) {
  Parser p(text, env, depends);
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
