#include "engine/gen/distribution.h"

#include <algorithm>
#include <cmath>

#include "engine/gen/rng.h"

namespace seed {

OptionDecl SkewOption() {
  return Opt("skew", OptionType::kNumber, "1", "zipf: how steeply popularity falls, greater than 0");
}

std::vector<OptionDecl> DistributionOptions(const std::string& mean_unit, const std::string& spread_unit) {
  const std::string mean_in = mean_unit.empty() ? "" : mean_unit + "; ";
  const std::string spread_in = spread_unit.empty() ? "" : spread_unit + "; ";
  return {
      OptEnum("distribution", {"uniform", "normal", "exponential", "zipf"}, "uniform",
              "shape of the values (zipf: the lowest most often; unique columns: uniform)"),
      Opt("mean", OptionType::kNumber, "",
          "normal: the peak; exponential: the average, above the lowest value (" + mean_in +
              "default: normal the middle, exponential a fifth into the range)"),
      Opt("stddev", OptionType::kNumber, "",
          "normal: the spread, greater than 0 (" + spread_in + "default: a sixth of the range)"),
      SkewOption(),
  };
}

std::vector<OptionDecl> WithDistribution(std::vector<OptionDecl> options, const std::string& mean_unit,
                                         const std::string& spread_unit) {
  for (OptionDecl& d : DistributionOptions(mean_unit, spread_unit)) options.push_back(std::move(d));
  return options;
}

Distribution Distribution::Read(GenArgs& a, double lo, double hi, double unit) {
  Options& o = *a.options;
  Distribution d;
  const std::string kind = o.Str("distribution", "uniform");
  const double span = std::max(hi - lo + unit, unit);
  if (kind == "uniform") {
    d.kind_ = kUniform;
  } else if (kind == "normal") {
    d.kind_ = kNormal;
    d.mean_ = (o.Float("mean", (lo + hi) / 2) - lo) / span;
    d.stddev_ = o.Float("stddev", span / 6) / span;
    if (d.stddev_ <= 0) o.Error("stddev", "must be greater than 0");
  } else if (kind == "exponential") {
    d.kind_ = kExponential;
    d.mean_ = (o.Float("mean", lo + span / 5) - lo) / span;
    if (d.mean_ <= 0) o.Error("mean", "must be greater than min");
  } else if (kind == "zipf") {
    d.kind_ = kZipf;
    d.skew_ = o.Float("skew", 1.0);
    if (d.skew_ <= 0) o.Error("skew", "must be greater than 0");
  } else {
    o.Error("distribution", "must be uniform, normal, exponential or zipf, got '" + kind + "'" +
                                DidYouMean(kind, {"uniform", "normal", "exponential", "zipf"}));
  }
  return d;
}

uint64_t Distribution::ZipfRank(uint64_t draw, uint64_t n, double skew) {
  if (n <= 1) return 0;
  // Inverse CDF of the continuous power law on [1, n+1): closed form, O(1).
  const double u = Unit(draw);
  const double m = static_cast<double>(n) + 1;
  double x;
  if (std::fabs(skew - 1.0) < 1e-9) {
    x = std::exp(u * std::log(m));
  } else {
    const double e = 1.0 - skew;
    x = std::pow(1.0 + u * (std::pow(m, e) - 1.0), 1.0 / e);
  }
  return std::min<uint64_t>(static_cast<uint64_t>(x) - 1, n - 1);
}

double Distribution::Fraction(uint64_t key, uint64_t row) const {
  const uint64_t d1 = Draw(key, row, 0);
  switch (kind_) {
    case kUniform: return Unit(d1);
    case kNormal: {
      // Box-Muller; the tails are clamped to the range.
      const double u1 = 1.0 - Unit(d1), u2 = Unit(Draw(key, row, 1));
      const double z = std::sqrt(-2.0 * std::log(u1)) * std::cos(6.283185307179586 * u2);
      return std::clamp(mean_ + z * stddev_, 0.0, std::nextafter(1.0, 0.0));
    }
    case kExponential:
      return std::min(-std::log(1.0 - Unit(d1)) * mean_, std::nextafter(1.0, 0.0));
    case kZipf: {
      constexpr uint64_t kBuckets = 1 << 20;
      return (static_cast<double>(ZipfRank(d1, kBuckets, skew_)) + Unit(Draw(key, row, 1))) / kBuckets;
    }
  }
  return 0;
}

uint64_t Distribution::Index(uint64_t key, uint64_t row, uint64_t n) const {
  if (n == 0) return 0;
  if (kind_ == kUniform) return Below(Draw(key, row), n);
  if (kind_ == kZipf) return ZipfRank(Draw(key, row), n, skew_);
  return std::min<uint64_t>(static_cast<uint64_t>(Fraction(key, row) * static_cast<double>(n)), n - 1);
}

}  // namespace seed
