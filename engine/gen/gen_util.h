// Building blocks shared by the generator files: a generator from a lambda,
// index pickers (random or unique by construction), weighted tables and
// word-list access.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "engine/gen/generator.h"
#include "engine/gen/rng.h"
#include "engine/gen/words.h"

namespace seed {

template <typename F>
class FnGenerator final : public Generator {
 public:
  FnGenerator(GenTraits traits, F fn) : fn_(std::move(fn)) { traits_ = std::move(traits); }
  void Generate(const GenContext& ctx, Value& out) const override { fn_(ctx, out); }

 private:
  F fn_;
};

template <typename F>
std::unique_ptr<Generator> MakeGen(GenTraits traits, F fn) {
  return std::make_unique<FnGenerator<F>>(std::move(traits), std::move(fn));
}

// Chooses an index in [0, n) for a row: uniformly at random, or, for unique
// columns, through a keyed bijection so no two rows share an index.
class Picker {
 public:
  Picker(uint64_t key, uint64_t n, bool unique) : key_(key), n_(n), unique_(unique), perm_(key, n) {}
  uint64_t operator()(uint64_t row, uint64_t stream = 0) const {
    if (n_ == 0) return 0;
    return unique_ ? perm_(row % n_) : Below(Draw(key_, row, stream), n_);
  }
  uint64_t size() const { return n_; }
  bool unique() const { return unique_; }

 private:
  uint64_t key_, n_;
  bool unique_;
  Permutation perm_;
};

// Cumulative weights for O(log n) weighted picks; empty weights = uniform.
class WeightTable {
 public:
  WeightTable() = default;
  explicit WeightTable(const std::vector<double>& weights);
  bool empty() const { return cumulative_.empty(); }
  // Index for a 64-bit draw; n = number of items when the table is empty.
  uint64_t Pick(uint64_t draw, uint64_t n) const;

 private:
  std::vector<double> cumulative_;
};

// Reads `weights` for `n` items: absent, or n non-negative numbers with a
// positive sum; reports otherwise.
WeightTable ReadWeights(GenArgs& a, const std::string& key, size_t n);

// A word list by name; reports (once, at the column) if it is missing.
const std::vector<std::string_view>& WordList(GenArgs& a, std::string_view name);

inline std::string_view PickWord(const std::vector<std::string_view>& list, uint64_t draw) {
  return list[Below(draw, list.size())];
}

// One entry of built-in list `list` per row (unique ok: each entry once).
std::unique_ptr<Generator> ListPick(GenArgs& a, const char* list);
// One entry of each list, joined by spaces ("Senior Marketing Manager").
std::unique_ptr<Generator> ListPhrase(GenArgs& a, const std::vector<const char*>& lists, size_t max_length);

// Same-row column read by a generator (e.g. email from name); -1 and a
// reported error when absent. Records the dependency in `traits`.
int SameRowColumn(GenArgs& a, const std::string& option, const std::string& column, GenTraits& traits);

// Lowercase ASCII letters and digits of `text`, words joined by `sep`.
void AppendSlug(std::string_view text, char sep, std::string& out);

// Appends `v` in decimal, zero-padded to `width`.
void AppendPadded(std::string& out, uint64_t v, int width);

}  // namespace seed
