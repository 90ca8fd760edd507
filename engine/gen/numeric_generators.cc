// Numbers: sequence, int, decimal, float, bool, constant.
#include <cmath>
#include <limits>

#include "engine/core/utf8.h"
#include "engine/gen/distribution.h"
#include "engine/gen/gen_util.h"

namespace seed {

namespace {

constexpr int64_t kPow10[] = {1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000,
                              1000000000, 10000000000, 100000000000, 1000000000000};
constexpr int kMaxScale = 12;

// [min, max] as index span n = max - min + 1; false (reported) if empty or
// too wide to index.
bool Span(GenArgs& a, int64_t lo, int64_t hi, uint64_t& n) {
  if (lo > hi) {
    a.options->Error("max", "must not be less than min");
    return false;
  }
  const unsigned __int128 width = static_cast<unsigned __int128>(static_cast<__int128>(hi) - lo) + 1;
  n = width > std::numeric_limits<uint64_t>::max() ? std::numeric_limits<uint64_t>::max()
                                                   : static_cast<uint64_t>(width);
  return true;
}

// Index generator over [0, n): a unique permutation, or the distribution.
struct IndexDraw {
  Picker picker;
  Distribution dist;
  uint64_t key, n;
  uint64_t operator()(uint64_t row) const {
    return picker.unique() ? picker(row) : dist.Index(key, row, n);
  }
};

IndexDraw MakeIndexDraw(GenArgs& a, uint64_t n, double lo, double hi, double unit,
                        GenTraits& t) {
  Distribution d = Distribution::Read(a, lo, hi, unit);
  if (a.unique && d.kind() != Distribution::kUniform)
    a.options->Error("distribution", "a unique column needs the uniform distribution");
  t.distinct = n;
  t.unique = a.unique;
  return IndexDraw{Picker(a.key, n, a.unique), d, a.key, n};
}

std::unique_ptr<Generator> Sequence(GenArgs& a) {
  const int64_t start = a.options->Int("start", 1), step = a.options->Int("step", 1);
  if (step == 0) a.options->Error("step", "must not be 0");
  GenTraits t;
  t.type = Type::kInt;
  t.unique = step != 0;
  // Ascending from 1 or more: then key base + value is above every key a
  // table held before seeding.
  t.key_sequence = start >= 1 && step > 0;
  const __int128 last = static_cast<__int128>(start) + static_cast<__int128>(step) * (a.rows ? a.rows - 1 : 0);
  if (last > std::numeric_limits<int64_t>::max() || last < std::numeric_limits<int64_t>::min()) {
    a.Error("sequence overflows 64-bit integers after " + std::to_string(a.rows) + " rows");
    return nullptr;
  }
  Value lo, hi;
  lo.SetInt(std::min<int64_t>(start, static_cast<int64_t>(last)));
  hi.SetInt(std::max<int64_t>(start, static_cast<int64_t>(last)));
  t.min = lo, t.max = hi;
  return MakeGen(t, [start, step](const GenContext& c, Value& out) {
    out.SetInt(start + static_cast<int64_t>(c.row) * step);
  });
}

std::unique_ptr<Generator> Int(GenArgs& a) {
  const int64_t lo = a.options->Int("min", 0), hi = a.options->Int("max", 2147483647);
  uint64_t n;
  if (!Span(a, lo, hi, n)) return nullptr;
  GenTraits t;
  t.type = Type::kInt;
  t.min = Value(), t.max = Value();
  t.min->SetInt(lo), t.max->SetInt(hi);
  IndexDraw draw = MakeIndexDraw(a, n, static_cast<double>(lo), static_cast<double>(hi), 1, t);
  return MakeGen(t, [lo, draw](const GenContext& c, Value& out) {
    out.SetInt(static_cast<int64_t>(static_cast<uint64_t>(lo) + draw(c.row)));
  });
}

bool Rescale(const Value& v, int scale, int64_t& out) {
  if (v.scale > scale) return false;
  return !__builtin_mul_overflow(v.i, kPow10[scale - v.scale], &out);
}

std::unique_ptr<Generator> Decimal(GenArgs& a) {
  Options& o = *a.options;
  Value lo_v, hi_v;
  lo_v.SetDecimal(0, 2), hi_v.SetDecimal(100000, 2);
  if (auto v = o.Decimal("min")) lo_v = *v;
  if (auto v = o.Decimal("max")) hi_v = *v;
  const int scale = static_cast<int>(o.Int("scale", std::max(lo_v.scale, hi_v.scale)));
  if (scale < 0 || scale > kMaxScale) {
    o.Error("scale", "must be between 0 and " + std::to_string(kMaxScale));
    return nullptr;
  }
  int64_t lo, hi;
  if (!Rescale(lo_v, scale, lo) || !Rescale(hi_v, scale, hi)) {
    o.Error("scale", "is smaller than the digits after the point in min or max, or they overflow");
    return nullptr;
  }
  uint64_t n;
  if (!Span(a, lo, hi, n)) return nullptr;
  GenTraits t;
  t.type = Type::kDecimal;
  t.min = Value(), t.max = Value();
  t.min->SetDecimal(lo, scale), t.max->SetDecimal(hi, scale);
  // Distribution options (mean, stddev) are in the column's units, not in
  // units of its last digit.
  const double unit = std::pow(10.0, -scale);
  IndexDraw draw = MakeIndexDraw(a, n, static_cast<double>(lo) * unit, static_cast<double>(hi) * unit, unit, t);
  return MakeGen(t, [lo, scale, draw](const GenContext& c, Value& out) {
    out.SetDecimal(static_cast<int64_t>(static_cast<uint64_t>(lo) + draw(c.row)), scale);
  });
}

std::unique_ptr<Generator> Float(GenArgs& a) {
  Options& o = *a.options;
  const double lo = o.Float("min", 0), hi = o.Float("max", 1);
  if (!(lo <= hi) || !std::isfinite(lo) || !std::isfinite(hi)) {
    o.Error("max", "must be a finite number not less than min");
    return nullptr;
  }
  Distribution d = Distribution::Read(a, lo, hi, 0);
  GenTraits t;
  t.type = Type::kFloat;
  t.min = Value(), t.max = Value();
  t.min->SetFloat(lo), t.max->SetFloat(hi);
  const uint64_t key = a.key;
  return MakeGen(t, [lo, hi, d, key](const GenContext& c, Value& out) {
    out.SetFloat(lo + d.Fraction(key, c.row) * (hi - lo));
  });
}

std::unique_ptr<Generator> Bool(GenArgs& a) {
  const double p = a.options->Float("probability", 0.5);
  if (p < 0 || p > 1) a.options->Error("probability", "must be between 0 and 1");
  GenTraits t;
  t.type = Type::kBool;
  t.distinct = 2;
  const uint64_t key = a.key;
  return MakeGen(t, [p, key](const GenContext& c, Value& out) { out.SetBool(Unit(Draw(key, c.row)) < p); });
}

std::unique_ptr<Generator> Constant(GenArgs& a) {
  const Node* n = a.options->Get("value");
  if (!n || !n->IsScalar()) {
    a.options->Error("value", "is required: the value every row gets");
    return nullptr;
  }
  Value v;
  int64_t i;
  int32_t scale;
  if (n->quoted) v.SetString(n->scalar);
  else if (n->scalar == "true" || n->scalar == "false") v.SetBool(n->scalar == "true");
  else if (ParseDecimal(n->scalar, i, scale)) scale ? v.SetDecimal(i, scale) : v.SetInt(i);
  else v.SetString(n->scalar);
  GenTraits t;
  t.type = v.type;
  t.distinct = 1;
  t.max_length = Utf8Length(v.ToText());
  if (v.type == Type::kString) t.members = {v.s};
  else t.min = v, t.max = v;
  return MakeGen(t, [v](const GenContext&, Value& out) { out = v; });
}

}  // namespace

void RegisterNumericGenerators(Registry& r) {
  r.Add({.name = "sequence",
         .summary = "start, start+step, ... (start=1, step=1); unique",
         .factory = Sequence,
         .options = {Opt("start", OptionType::kInt, "1", "the first row's value"),
                     Opt("step", OptionType::kInt, "1", "added per row, not 0")},
         .example = "id: sequence\ninvoice_no: {generator: sequence, start: 1000, step: 10}"});
  r.Add({.name = "int",
         .summary = "integer in [min, max]; distribution uniform|normal|exponential|zipf; unique ok",
         .factory = Int,
         .options = WithDistribution({Opt("min", OptionType::kInt, "0", "lowest value"),
                                      Opt("max", OptionType::kInt, "2147483647", "highest value")}),
         .example = "quantity: {generator: int, min: 1, max: 20}\n"
                    "age: {generator: int, min: 18, max: 90, distribution: normal, mean: 40, stddev: 12}"});
  r.Add({.name = "decimal",
         .summary = "exact decimal in [min, max] at the scale of min/max (or scale); unique ok",
         .factory = Decimal,
         .options = WithDistribution(
             {Opt("min", OptionType::kDecimal, "0.00", "lowest value"),
              Opt("max", OptionType::kDecimal, "1000.00", "highest value"),
              Opt("scale", OptionType::kInt, "", "digits after the point (default: the most of min and max)")
                  .In(0, 12)}),
         .example = "price: {generator: decimal, min: 0.99, max: 99.99}\n"
                    "weight_kg: {generator: decimal, min: 0.5, max: 20, scale: 3, distribution: exponential, "
                    "mean: 4}"});
  r.Add({.name = "float",
         .summary = "double in [min, max); distribution uniform|normal|exponential|zipf",
         .factory = Float,
         .options = WithDistribution({Opt("min", OptionType::kNumber, "0", "lowest value"),
                                      Opt("max", OptionType::kNumber, "1", "the values stay below it")}),
         .example = "score: {generator: float, min: 0, max: 100}\n"
                    "temperature_c: {generator: float, min: -10, max: 40, distribution: normal, mean: 18, stddev: 6}"});
  r.Add({.name = "bool",
         .summary = "true with probability (default 0.5)",
         .factory = Bool,
         .options = {Opt("probability", OptionType::kNumber, "0.5", "the share of rows that are true").In(0, 1)},
         .example = "active: bool\nnewsletter: {generator: bool, probability: 0.2}"});
  r.Add({.name = "constant",
         .summary = "the same value in every row (value)",
         .factory = Constant,
         .options = {Opt("value", OptionType::kText, "",
                         "every row's value: a number, true/false, or text (quoted: always text)")
                         .Required()},
         .example = "status: {generator: constant, value: active}\nversion: {generator: constant, value: 1}"});
}

}  // namespace seed
