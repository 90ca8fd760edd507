// Shapes of numeric draws over an index span [0, n): uniform, normal,
// exponential and zipf. Own formulas on top of the counter-based draws, so
// results do not depend on the standard library's distributions.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "engine/gen/generator.h"

namespace seed {

// The options Distribution::Read may read: distribution, mean, stddev and
// skew. `mean_unit` and `spread_unit` say what mean and stddev are measured
// in when it is not the column's own values (e.g. "days since 1970-01-01").
std::vector<OptionDecl> DistributionOptions(const std::string& mean_unit = "",
                                            const std::string& spread_unit = "");
// `options` followed by DistributionOptions(mean_unit, spread_unit).
std::vector<OptionDecl> WithDistribution(std::vector<OptionDecl> options, const std::string& mean_unit = "",
                                         const std::string& spread_unit = "");
// zipf's skew, shared with reference's zipf distribution.
OptionDecl SkewOption();

class Distribution {
 public:
  enum Kind { kUniform, kNormal, kExponential, kZipf };

  // Reads `distribution` and its parameters (mean, stddev, skew) from the
  // options; mean and stddev are in the column's units, converted to index
  // units by `to_index` (value -> index offset) and `unit` (index per value).
  static Distribution Read(GenArgs& a, double lo, double hi, double unit);

  Kind kind() const { return kind_; }
  // An index in [0, n) from the draws of (key, row).
  uint64_t Index(uint64_t key, uint64_t row, uint64_t n) const;
  // A real in [0, 1) shaped like Index (for continuous ranges).
  double Fraction(uint64_t key, uint64_t row) const;

  // Rank in [0, n) with P(rank k) ~ 1 / (k+1)^skew.
  static uint64_t ZipfRank(uint64_t draw, uint64_t n, double skew);

 private:
  Kind kind_ = kUniform;
  double mean_ = 0.5, stddev_ = 1.0 / 6, skew_ = 1.0;  // as fractions of the span
};

}  // namespace seed
