// Text: choice, pattern, sku, license_number, digits, hex and lorem text,
// product and catalogue words.
#include <algorithm>
#include <set>

#include "engine/core/utf8.h"
#include "engine/gen/gen_util.h"

namespace seed {

namespace {

// Upper bounds on the options that size a value, checked when the spec
// loads, so no spec can ask for megabytes per row (max_words: 100000000
// once meant 860 MB a row). Worst case a paragraph is ~1.5 MB.
constexpr int64_t kMaxWords = 1000;          // per sentence
constexpr int64_t kMaxSentences = 100;       // per paragraph
constexpr int64_t kMaxTextBytes = 1 << 20;   // text's max_length, a pattern's longest value
constexpr size_t kMaxClassSize = 4096;       // characters in one [...] of a pattern

// Typed values of an inline `values` list: all integers, all decimals at one
// scale, all booleans, else strings.
std::vector<Value> TypedValues(const std::vector<std::string>& text, const Node* list) {
  std::vector<Value> out(text.size());
  bool ints = true, decimals = true;
  int32_t scale = -1;
  for (size_t i = 0; i < text.size(); ++i) {
    const bool quoted = list && list->IsSequence() && i < list->items.size() && list->items[i].quoted;
    int64_t u;
    int32_t s;
    if (quoted || !ParseDecimal(text[i], u, s)) ints = decimals = false;
    else {
      if (s != 0) ints = false;
      if (scale >= 0 && s != scale) decimals = false;
      scale = s;
    }
  }
  for (size_t i = 0; i < text.size(); ++i) {
    int64_t u;
    int32_t s;
    if ((ints || decimals) && ParseDecimal(text[i], u, s)) ints ? out[i].SetInt(u) : out[i].SetDecimal(u, s);
    else out[i].SetString(text[i]);
  }
  return out;
}

std::unique_ptr<Generator> Choice(GenArgs& a) {
  Options& o = *a.options;
  std::vector<std::string> text;
  const Node* list = o.Get("values");
  if (list) {
    text = o.StrList("values");
    if (o.Has("file")) o.Error("file", "give either values or file, not both");
  } else if (o.Has("file")) {
    Result<std::vector<std::string>> lines = a.env->DataFile(o.Str("file", ""));
    if (!lines.ok()) {
      o.Error("file", lines.status().message());
      return nullptr;
    }
    text = std::move(*lines);
  }
  if (text.empty()) {
    a.Error("choice needs a non-empty 'values' list or a 'file' with one value per line");
    return nullptr;
  }
  std::vector<Value> values = TypedValues(text, list);
  WeightTable weights = ReadWeights(a, "weights", values.size());
  if (a.unique && !weights.empty()) o.Error("weights", "a unique column picks each value once; drop weights");
  GenTraits t;
  t.type = values[0].type;
  {
    std::vector<std::string> sorted = text;
    std::sort(sorted.begin(), sorted.end());
    t.distinct = std::unique(sorted.begin(), sorted.end()) - sorted.begin();
  }
  if (a.unique && *t.distinct != text.size()) {
    o.Error(list ? "values" : "file", "has repeated entries, so it cannot fill a unique column");
    return nullptr;
  }
  t.unique = a.unique;
  t.members = text;
  for (const auto& s : text) t.max_length = std::max(t.max_length, Utf8Length(s));
  if (t.type != Type::kString) {
    t.min = *std::min_element(values.begin(), values.end(), [](auto& x, auto& y) { return x.i < y.i; });
    t.max = *std::max_element(values.begin(), values.end(), [](auto& x, auto& y) { return x.i < y.i; });
  }
  Picker pick(a.key, values.size(), a.unique);
  const uint64_t key = a.key;
  return MakeGen(t, [values, weights, pick, key](const GenContext& c, Value& out) {
    const uint64_t i = pick.unique() ? pick(c.row) : weights.Pick(Draw(key, c.row), values.size());
    out = values[i];
  });
}

// A regex-like pattern: literals, [a-z0-9] classes, \d \w \u \l, groups of
// alternatives (ab|cd), each optionally repeated {n}, {n,m} or ?.
struct PatternPart {
  std::vector<std::string> options;
  int min = 1, max = 1;
};

// The character at p[i]: a whole UTF-8 sequence, or one invalid byte (cp =
// kUtf8Invalid), so a pattern never splits a character between choices.
std::string CharAt(const std::string& p, size_t i, uint32_t& cp) {
  return p.substr(i, Utf8Decode(p, i, cp));
}

std::vector<std::string> AsciiRange(char lo, char hi) {
  std::vector<std::string> v;
  for (int c = lo; c <= hi; ++c) v.push_back(std::string(1, static_cast<char>(c)));
  return v;
}

// The members of the class p[i+1 .. end): characters and ranges of code
// points; "" or an error message.
std::string ParseClass(const std::string& p, size_t i, size_t end,
                       std::vector<std::string>& options) {
  std::set<std::string> seen;
  auto add = [&](std::string c) {
    if (seen.insert(c).second) options.push_back(std::move(c));
  };
  const std::string body = "[" + p.substr(i + 1, end - i - 1) + "]";
  for (size_t j = i + 1; j < end;) {
    uint32_t lo;
    const std::string first = CharAt(p, j, lo);
    j += first.size();
    if (j + 1 < end && p[j] == '-') {
      uint32_t hi;
      const std::string last = CharAt(p, j + 1, hi);
      j += 1 + last.size();
      if (lo == kUtf8Invalid || hi == kUtf8Invalid)
        return "a range in " + body + " needs valid UTF-8 characters";
      if (lo > hi) return "reversed range in " + body;
      if (hi - lo >= kMaxClassSize)
        return "range in " + body + " is larger than " + std::to_string(kMaxClassSize);
      for (uint32_t c = lo; c <= hi; ++c) {
        if (c >= 0xD800 && c <= 0xDFFF) continue;  // surrogates are not characters
        std::string enc;
        AppendUtf8(c, enc);
        add(std::move(enc));
      }
    } else {
      add(first);
    }
    if (options.size() > kMaxClassSize)
      return "class " + body + " has more than " + std::to_string(kMaxClassSize) + " characters";
  }
  if (options.empty()) return "empty character class []";
  return "";
}

std::string ParsePattern(const std::string& p, std::vector<PatternPart>& parts) {
  auto concat = [](std::vector<std::string> a, const std::vector<std::string>& b) {
    a.insert(a.end(), b.begin(), b.end());
    return a;
  };
  for (size_t i = 0; i < p.size();) {
    PatternPart part;
    const char c = p[i];
    uint32_t cp;
    if (c == '\\') {
      if (i + 1 >= p.size()) return "pattern ends with a lone backslash";
      const std::string e = CharAt(p, i + 1, cp);
      if (e == "d") part.options = AsciiRange('0', '9');
      else if (e == "u") part.options = AsciiRange('A', 'Z');
      else if (e == "l") part.options = AsciiRange('a', 'z');
      else if (e == "w")
        part.options = concat(concat(AsciiRange('a', 'z'), AsciiRange('A', 'Z')), AsciiRange('0', '9'));
      else part.options = {e};
      i += 1 + e.size();
    } else if (c == '[') {
      const size_t end = p.find(']', i + 1);
      if (end == std::string::npos) return "unclosed '[' at offset " + std::to_string(i);
      if (std::string err = ParseClass(p, i, end, part.options); !err.empty()) return err;
      i = end + 1;
    } else if (c == '(') {
      const size_t end = p.find(')', i + 1);
      if (end == std::string::npos) return "unclosed '(' at offset " + std::to_string(i);
      std::string body = p.substr(i + 1, end - i - 1);
      for (size_t s = 0;;) {
        const size_t bar = body.find('|', s);
        part.options.push_back(body.substr(s, bar - s));
        if (bar == std::string::npos) break;
        s = bar + 1;
      }
      i = end + 1;
    } else if (c == '{' || c == '?' || c == ']' || c == ')') {
      return std::string("unexpected '") + c + "' at offset " + std::to_string(i);
    } else {
      part.options = {CharAt(p, i, cp)};
      i += part.options[0].size();
    }
    if (i < p.size() && p[i] == '?') part.min = 0, ++i;
    else if (i < p.size() && p[i] == '{') {
      const size_t end = p.find('}', i);
      if (end == std::string::npos) return "unclosed '{' at offset " + std::to_string(i);
      const std::string q = p.substr(i + 1, end - i - 1);
      const size_t comma = q.find(',');
      try {
        part.min = std::stoi(q.substr(0, comma));
        part.max = comma == std::string::npos ? part.min : std::stoi(q.substr(comma + 1));
      } catch (...) {
        return "bad repeat {" + q + "}";
      }
      if (part.min < 0 || part.max < part.min || part.max > 1000) return "bad repeat {" + q + "}";
      i = end + 1;
    }
    parts.push_back(std::move(part));
  }
  return "";
}

std::unique_ptr<Generator> Pattern(GenArgs& a) {
  const std::string p = a.options->Str("pattern", "");
  std::vector<PatternPart> parts;
  if (p.empty()) {
    a.options->Error("pattern", "is required, e.g. \"WH[1-5]-A[0-9]{2}\"");
    return nullptr;
  }
  if (std::string err = ParsePattern(p, parts); !err.empty()) {
    a.options->Error("pattern", err);
    return nullptr;
  }
  GenTraits t;
  t.type = Type::kString;
  // Fixed-shape patterns of single characters are a mixed-radix number, so
  // a unique column can walk a bijection of that space.
  bool fixed = true;
  unsigned __int128 space = 1;
  size_t max_bytes = 0;
  for (const PatternPart& part : parts) {
    size_t longest = 0, longest_bytes = 0;
    for (const auto& o : part.options) {
      longest = std::max(longest, Utf8Length(o));
      longest_bytes = std::max(longest_bytes, o.size());
    }
    t.max_length += longest * part.max;
    max_bytes += longest_bytes * part.max;
    if (part.min != part.max) fixed = false;
    // One character per choice, all of one byte length: the values are a
    // fixed byte layout, so distinct indexes give distinct strings.
    for (const auto& o : part.options)
      fixed = fixed && Utf8Length(o) == 1 && o.size() == part.options[0].size();
    for (int k = 0; k < part.max && space <= (static_cast<unsigned __int128>(1) << 64); ++k) space *= part.options.size();
  }
  if (max_bytes > static_cast<size_t>(kMaxTextBytes)) {
    a.options->Error("pattern", "can make values of " + std::to_string(max_bytes) +
                                    " bytes; at most " + std::to_string(kMaxTextBytes) + " are allowed");
    return nullptr;
  }
  const bool fits = space < (static_cast<unsigned __int128>(1) << 63);
  if (fixed && fits) t.distinct = static_cast<uint64_t>(space);
  if (a.unique && !(fixed && fits)) {
    a.options->Error("pattern", "a unique pattern needs fixed repeats, single-character choices and at most 2^63 values");
    return nullptr;
  }
  t.unique = a.unique;
  const uint64_t key = a.key;
  if (fixed && fits) {
    Picker pick(a.key, static_cast<uint64_t>(space), a.unique);
    return MakeGen(t, [parts, pick](const GenContext& c, Value& out) {
      uint64_t x = pick(c.row);
      std::string& s = out.SetString();
      for (const PatternPart& part : parts)
        for (int k = 0; k < part.max; ++k) {
          s += part.options[x % part.options.size()];
          x /= part.options.size();
        }
    });
  }
  return MakeGen(t, [parts, key](const GenContext& c, Value& out) {
    std::string& s = out.SetString();
    uint64_t stream = 0;
    for (const PatternPart& part : parts) {
      const int reps = part.min + static_cast<int>(Below(Draw(key, c.row, stream++), part.max - part.min + 1));
      for (int k = 0; k < reps; ++k) s += part.options[Below(Draw(key, c.row, stream++), part.options.size())];
    }
  });
}

// PREFIX-<digits>: digits drawn from 10^n values, unique by construction.
std::unique_ptr<Generator> NumberedCode(GenArgs& a, const std::string& def_prefix, int def_digits,
                                const std::string& def_suffix) {
  Options& o = *a.options;
  const std::string prefix = o.Str("prefix", def_prefix), suffix = o.Str("suffix", def_suffix);
  const char* key = def_prefix.empty() ? "length" : "digits";
  const int64_t digits64 = o.Int(key, def_digits);
  if (digits64 < 1 || digits64 > 18) {  // checked before narrowing: 2^32 + 1 is not 1
    o.Error(key, "must be between 1 and 18");
    return nullptr;
  }
  const int digits = static_cast<int>(digits64);
  uint64_t n = 1;
  for (int i = 0; i < digits; ++i) n *= 10;
  GenTraits t;
  t.type = Type::kString;
  t.distinct = n;
  t.unique = a.unique;
  t.max_length = Utf8Length(prefix) + digits + Utf8Length(suffix);
  Picker pick(a.key, n, a.unique);
  return MakeGen(t, [prefix, suffix, digits, pick](const GenContext& c, Value& out) {
    std::string& s = out.SetString();
    s += prefix;
    AppendPadded(s, pick(c.row), digits);
    s += suffix;
  });
}

std::unique_ptr<Generator> Hex(GenArgs& a) {
  const int64_t len64 = a.options->Int("length", 12);
  if (len64 < 1 || len64 > 15) {
    a.options->Error("length", "must be between 1 and 15");
    return nullptr;
  }
  const int len = static_cast<int>(len64);
  const uint64_t n = uint64_t{1} << (4 * len);
  GenTraits t;
  t.type = Type::kString;
  t.distinct = n;
  t.unique = a.unique;
  t.max_length = len;
  Picker pick(a.key, n, a.unique);
  return MakeGen(t, [len, pick](const GenContext& c, Value& out) {
    const uint64_t x = pick(c.row);
    std::string& s = out.SetString();
    for (int i = len - 1; i >= 0; --i) s += "0123456789abcdef"[(x >> (4 * i)) & 15];
  });
}

// Lorem words, sentences and paragraphs from the Faker lorem list.
void AppendSentence(const std::vector<std::string_view>& words, uint64_t key, uint64_t row,
                    uint64_t& stream, int lo, int hi, std::string& s) {
  const int n = lo + static_cast<int>(Below(Draw(key, row, stream++), hi - lo + 1));
  for (int w = 0; w < n; ++w) {
    if (w) s += ' ';
    const size_t start = s.size();
    s += PickWord(words, Draw(key, row, stream++));
    if (w == 0 && s[start] >= 'a' && s[start] <= 'z') s[start] -= 32;
  }
  s += '.';
}

std::unique_ptr<Generator> Lorem(GenArgs& a, int kind) {  // 0 word, 1 sentence, 2 paragraph, 3 text
  Options& o = *a.options;
  const auto& words = WordList(a, "lorem");
  if (words.empty()) return nullptr;
  GenTraits t;
  t.type = Type::kString;
  int wlo = 1, whi = 1, slo = 1, shi = 1;
  size_t max_len = 0;
  if (kind >= 1) {
    wlo = static_cast<int>(o.IntIn("min_words", 4, 1, kMaxWords));
    whi = static_cast<int>(o.IntIn("max_words", 12, 1, kMaxWords));
  }
  if (kind >= 2) {
    slo = static_cast<int>(o.IntIn("min_sentences", 2, 1, kMaxSentences));
    shi = static_cast<int>(o.IntIn("max_sentences", 5, 1, kMaxSentences));
  }
  if (kind == 3) {
    max_len = static_cast<size_t>(o.IntIn("max_length", 200, 1, kMaxTextBytes));
    slo = 1, shi = 50;
  }
  if (wlo < 1 || whi < wlo || slo < 1 || shi < slo) {
    a.Error("word and sentence counts need 1 <= min <= max");
    return nullptr;
  }
  size_t longest = 0;
  for (auto w : words) longest = std::max(longest, w.size());
  t.max_length = kind == 0 ? longest : kind == 3 ? max_len : (longest + 1) * whi * shi + shi * 2;
  if (kind == 0) t.distinct = words.size();
  const uint64_t key = a.key;
  return MakeGen(t, [=, &words](const GenContext& c, Value& out) {
    std::string& s = out.SetString();
    uint64_t stream = 0;
    if (kind == 0) {
      s += PickWord(words, Draw(key, c.row));
      return;
    }
    const int n = slo + static_cast<int>(Below(Draw(key, c.row, stream++), shi - slo + 1));
    for (int i = 0; i < n; ++i) {
      if (i) s += ' ';
      AppendSentence(words, key, c.row, stream, wlo, whi, s);
      if (kind == 3 && s.size() >= max_len) break;
    }
    if (kind == 3 && s.size() > max_len) {  // cut at a word boundary
      size_t cut = s.rfind(' ', max_len);
      s.resize(cut == std::string::npos || cut == 0 ? max_len : cut);
    }
  });
}

// NumberedCode's options, with its defaults ("" prefix: the count is `length`).
std::vector<OptionDecl> NumberedCodeOptions(const std::string& prefix, int digits, const std::string& suffix) {
  return {Opt("prefix", OptionType::kText, prefix, "text before the digits"),
          Opt(prefix.empty() ? "length" : "digits", OptionType::kInt, std::to_string(digits), "how many digits")
              .In(1, 18),
          Opt("suffix", OptionType::kText, suffix, "text after the digits")};
}

// Lorem's options by kind (0 word, 1 sentence, 2 paragraph, 3 text).
std::vector<OptionDecl> LoremOptions(int kind) {
  std::vector<OptionDecl> out;
  if (kind >= 1) {
    out.push_back(Opt("min_words", OptionType::kInt, "4", "fewest words in a sentence").In(1, kMaxWords));
    out.push_back(Opt("max_words", OptionType::kInt, "12", "most words in a sentence").In(1, kMaxWords));
  }
  if (kind == 2) {
    out.push_back(Opt("min_sentences", OptionType::kInt, "2", "fewest sentences").In(1, kMaxSentences));
    out.push_back(Opt("max_sentences", OptionType::kInt, "5", "most sentences").In(1, kMaxSentences));
  }
  if (kind == 3) {  // read, then overridden: text adds sentences until max_length
    out.push_back(Opt("min_sentences", OptionType::kInt, "2", "ignored: text adds sentences up to max_length")
                      .In(1, kMaxSentences));
    out.push_back(Opt("max_sentences", OptionType::kInt, "5", "ignored: text adds sentences up to max_length")
                      .In(1, kMaxSentences));
    out.push_back(Opt("max_length", OptionType::kInt, "200", "longest text in characters, cut at a word")
                      .In(1, kMaxTextBytes));
  }
  return out;
}

}  // namespace

void RegisterTextGenerators(Registry& r) {
  r.Add({.name = "choice",
         .summary = "one of values (typed) or of a data file's lines, optional weights; unique ok",
         .factory = Choice,
         .options = {Opt("values", OptionType::kTextList, "",
                         "the values; all integers or decimals of one scale stay numbers (give values or file)"),
                     Opt("file", OptionType::kText, "",
                         "data file with one value per line, relative to the spec (give values or file)"),
                     Opt("weights", OptionType::kNumberList, "",
                         "one weight per value, not for a unique column (default: all equal)")},
         .example = "status: {generator: choice, values: [pending, shipped, delivered], weights: [1, 3, 6]}\n"
                    "size: {generator: choice, values: [S, M, L, XL]}"});
  r.Add({.name = "pattern",
         .summary = "regex-like: literals, [a-z0-9], \\d \\u \\l \\w, (ab|cd), {n} {n,m} ?; unique ok",
         .factory = Pattern,
         .options = {Opt("pattern", OptionType::kText, "", "the pattern, e.g. \"WH[1-5]-A[0-9]{2}\"").Required()},
         .example = "bin_code: {generator: pattern, pattern: \"WH[1-5]-A[0-9]{2}\"}\n"
                    "plate: {generator: pattern, pattern: '\\u{3}-\\d{4}'}"});
  r.Add({.name = "sku",
         .summary = "PREFIX-00000000 (prefix=SKU-, digits=8); unique ok",
         .factory = [](GenArgs& a) { return NumberedCode(a, "SKU-", 8, ""); },
         .options = NumberedCodeOptions("SKU-", 8, ""),
         .example = "sku: {generator: sku, unique: true}\nitem_code: {generator: sku, prefix: ITM-, digits: 5}"});
  r.Add({.name = "license_number",
         .summary = "state-style license id (prefix=C11-, digits=7, suffix=-LIC); unique ok",
         .factory = [](GenArgs& a) { return NumberedCode(a, "C11-", 7, "-LIC"); },
         .options = NumberedCodeOptions("C11-", 7, "-LIC"),
         .example = "license_no: {generator: license_number, unique: true}"});
  r.Add({.name = "digits",
         .summary = "string of length decimal digits (length=10); unique ok",
         .factory = [](GenArgs& a) { return NumberedCode(a, "", 10, ""); },
         .options = NumberedCodeOptions("", 10, ""),
         .example = "account_no: {generator: digits, length: 12, unique: true}"});
  r.Add({.name = "hex",
         .summary = "lowercase hex string of length 1..15 (12); unique ok",
         .factory = Hex,
         .options = {Opt("length", OptionType::kInt, "12", "how many hex digits").In(1, 15)},
         .example = "api_key: {generator: hex, length: 15, unique: true}"});
  r.Add({.name = "word",
         .summary = "one lorem word",
         .factory = [](GenArgs& a) { return Lorem(a, 0); },
         .options = LoremOptions(0),
         .example = "tag: word"});
  r.Add({.name = "sentence",
         .summary = "lorem sentence of min_words..max_words (4..12)",
         .factory = [](GenArgs& a) { return Lorem(a, 1); },
         .options = LoremOptions(1),
         .example = "title: {generator: sentence, min_words: 3, max_words: 6}"});
  r.Add({.name = "paragraph",
         .summary = "min_sentences..max_sentences (2..5) lorem sentences",
         .factory = [](GenArgs& a) { return Lorem(a, 2); },
         .options = LoremOptions(2),
         .example = "notes: {generator: paragraph, min_sentences: 1, max_sentences: 2}"});
  r.Add({.name = "text",
         .summary = "lorem text cut at a word boundary to max_length (200)",
         .factory = [](GenArgs& a) { return Lorem(a, 3); },
         .options = LoremOptions(3),
         .example = "description: {generator: text, max_length: 80}"});
  r.Add({.name = "color",
         .summary = "a color name",
         .factory = [](GenArgs& a) { return ListPick(a, "colors"); },
         .example = "color: color"});
  r.Add({.name = "department",
         .summary = "a retail department",
         .factory = [](GenArgs& a) { return ListPick(a, "departments"); },
         .example = "department: department"});
  r.Add({.name = "product_name",
         .summary = "adjective material product, e.g. 'Rustic Wooden Chair'",
         .factory =
             [](GenArgs& a) {
               return ListPhrase(a, {"product_adjectives", "product_materials", "product_nouns"}, 60);
             },
         .example = "name: product_name"});
}

}  // namespace seed
