#include "engine/core/utf8.h"
#include "engine/gen/gen_util.h"

#include <algorithm>

namespace seed {

WeightTable::WeightTable(const std::vector<double>& weights) {
  double sum = 0;
  for (double w : weights) cumulative_.push_back(sum += w);
}

uint64_t WeightTable::Pick(uint64_t draw, uint64_t n) const {
  if (cumulative_.empty()) return Below(draw, n);
  const double x = Unit(draw) * cumulative_.back();
  const auto it = std::upper_bound(cumulative_.begin(), cumulative_.end(), x);
  return std::min<uint64_t>(it - cumulative_.begin(), cumulative_.size() - 1);
}

WeightTable ReadWeights(GenArgs& a, const std::string& key, size_t n) {
  Options& o = *a.options;
  if (!o.Has(key)) return {};
  std::vector<double> w = o.FloatList(key);
  if (w.empty()) return {};
  if (w.size() != n) {
    o.Error(key, "has " + std::to_string(w.size()) + " weights for " + std::to_string(n) +
                     " values; give one weight per value");
    return {};
  }
  double sum = 0;
  for (double x : w) {
    if (x < 0) {
      o.Error(key, "weights must not be negative");
      return {};
    }
    sum += x;
  }
  if (sum <= 0) {
    o.Error(key, "weights must add up to more than 0");
    return {};
  }
  return WeightTable(w);
}

const std::vector<std::string_view>& WordList(GenArgs& a, std::string_view name) {
  const auto& list = Words(name);
  if (list.empty()) a.Error("built-in word list '" + std::string(name) + "' is missing from this build");
  return list;
}

std::unique_ptr<Generator> ListPick(GenArgs& a, const char* list) {
  const auto& words = WordList(a, list);
  if (words.empty()) return nullptr;
  GenTraits t;
  t.type = Type::kString;
  t.distinct = words.size();
  t.unique = a.unique;
  for (std::string_view w : words) t.max_length = std::max(t.max_length, Utf8Length(w));
  Picker pick(a.key, words.size(), a.unique);
  return MakeGen(t, [&words, pick](const GenContext& c, Value& out) { out.SetString(words[pick(c.row)]); });
}

std::unique_ptr<Generator> ListPhrase(GenArgs& a, const std::vector<const char*>& lists, size_t max_length) {
  std::vector<const std::vector<std::string_view>*> words;
  GenTraits t;
  t.type = Type::kString;
  t.max_length = max_length;
  uint64_t distinct = 1;
  for (const char* name : lists) {
    words.push_back(&WordList(a, name));
    if (words.back()->empty()) return nullptr;
    distinct *= words.back()->size();
  }
  t.distinct = distinct;
  const uint64_t key = a.key;
  return MakeGen(t, [words, key](const GenContext& c, Value& out) {
    std::string& s = out.SetString();
    for (size_t i = 0; i < words.size(); ++i) {
      if (i) s += ' ';
      s += PickWord(*words[i], Draw(key, c.row, i));
    }
  });
}

int SameRowColumn(GenArgs& a, const std::string& option, const std::string& column,
                  GenTraits& traits) {
  const int c = a.env->ColumnIndex(column);
  if (c < 0) {
    a.options->Error(option, "names unknown column '" + column + "' of table " + a.env->table() +
                                 DidYouMean(column, a.env->ColumnNames()));
    return -1;
  }
  if (!a.env->ColumnGenerator(c)) return -1;  // its own error is reported
  if (std::find(traits.depends.begin(), traits.depends.end(), c) == traits.depends.end())
    traits.depends.push_back(c);
  return c;
}

void AppendSlug(std::string_view text, char sep, std::string& out) {
  bool pending = false;
  const size_t start = out.size();
  for (unsigned char ch : text) {
    if (ch >= 'A' && ch <= 'Z') ch = ch - 'A' + 'a';
    if ((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9')) {
      if (pending && out.size() > start && sep) out += sep;
      pending = false;
      out += static_cast<char>(ch);
    } else if (ch != '\'') {
      pending = true;
    }
  }
}

void AppendPadded(std::string& out, uint64_t v, int width) {
  char buf[24];
  int n = 0;
  do {
    buf[n++] = static_cast<char>('0' + v % 10);
    v /= 10;
  } while (v);
  for (int i = n; i < width; ++i) out += '0';
  while (n) out += buf[--n];
}

}  // namespace seed
