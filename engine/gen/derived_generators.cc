// Columns computed from the same row: expr (typed expression), template
// (text with {expression[:format]} placeholders) and json (an object or
// array of nested column maps).
#include "engine/core/utf8.h"
#include "engine/gen/expr.h"
#include "engine/gen/gen_util.h"

namespace seed {

namespace {

// Reports an expression error at its character in the spec file.
void ReportAt(GenArgs& a, const std::string& key, const std::string& message, size_t offset) {
  const Node* n = a.options->Get(key);
  a.options->diag().SpecError(a.column + ": " + message, n ? n->PositionOf(offset) : a.options->MarkOf(key));
}

std::unique_ptr<Generator> ExprGen(GenArgs& a) {
  const std::string text = a.options->Str("expr", "");
  if (text.empty()) {
    a.options->Error("expr", "is empty; write an expression such as quantity * unit_price");
    return nullptr;
  }
  GenTraits t;
  std::string error;
  size_t offset = 0;
  std::shared_ptr<Expr> e = Expr::Parse(text, *a.env, a.key, t.depends, error, offset);
  if (!e) {
    ReportAt(a, "expr", error, offset);
    return nullptr;
  }
  t.type = e->type() == Type::kNull ? Type::kString : e->type();
  t.unique = e->IsRowIdentity();
  return MakeGen(t, [e](const GenContext& c, Value& out) { e->Eval(c, out); });
}

// One piece of a template: literal text, or a placeholder with its format.
struct Piece {
  std::string literal;
  std::shared_ptr<Expr> expr;
  int width = 0;
  char pad = ' ';
  int caseing = 0;  // 1 upper, -1 lower
};

std::unique_ptr<Generator> TemplateGen(GenArgs& a) {
  const std::string text = a.options->Str("template", "");
  GenTraits t;
  t.type = Type::kString;
  std::vector<Piece> pieces;
  for (size_t i = 0; i < text.size();) {
    const char c = text[i];
    if ((c == '{' || c == '}') && i + 1 < text.size() && text[i + 1] == c) {  // {{ and }}
      if (pieces.empty() || pieces.back().expr) pieces.emplace_back();
      pieces.back().literal += c;
      i += 2;
      continue;
    }
    if (c == '}') {
      ReportAt(a, "template", "unmatched '}' (write '}}' for a literal brace)", i);
      return nullptr;
    }
    if (c != '{') {
      if (pieces.empty() || pieces.back().expr) pieces.emplace_back();
      pieces.back().literal += c;
      ++i;
      continue;
    }
    const size_t close = text.find('}', i);
    if (close == std::string::npos) {
      ReportAt(a, "template", "unclosed '{' (write '{{' for a literal brace)", i);
      return nullptr;
    }
    std::string body = text.substr(i + 1, close - i - 1), format;
    if (size_t colon = body.rfind(':'); colon != std::string::npos)
      format = body.substr(colon + 1), body = body.substr(0, colon);
    Piece p;
    std::string error;
    size_t offset = 0;
    // Each placeholder draws from its own key.
    p.expr = Expr::Parse(body, *a.env, Draw(a.key, pieces.size(), 0x7e3d), t.depends, error, offset);
    if (!p.expr) {
      ReportAt(a, "template", error, i + 1 + offset);
      return nullptr;
    }
    if (format == "upper" || format == "lower") {
      p.caseing = format == "upper" ? 1 : -1;
    } else if (!format.empty()) {
      if (format[0] == '0') p.pad = '0';
      try {
        size_t used = 0;
        p.width = std::stoi(format, &used);
        if (used != format.size() || p.width < 0 || p.width > 64) throw 0;
      } catch (...) {
        ReportAt(a, "template", "bad format ':" + format + "'; use :06 (zero-pad), :8 (pad), :upper or :lower",
                 i + 1 + body.size());
        return nullptr;
      }
    }
    pieces.push_back(std::move(p));
    i = close + 1;
  }
  // Unique when the row number stands at an end of the text, set off by a
  // non-digit: the rows' numbers, readable back from the text, all differ.
  auto non_digit = [](const Piece& p, bool last_char) {
    return !p.expr && !p.literal.empty() &&
           !std::isdigit(static_cast<unsigned char>(last_char ? p.literal.back() : p.literal.front()));
  };
  const size_t n = pieces.size();
  if (n == 1 && pieces[0].expr && pieces[0].expr->IsRowIdentity()) t.unique = true;
  if (n >= 2 && pieces[n - 1].expr && pieces[n - 1].expr->IsRowIdentity() && non_digit(pieces[n - 2], true))
    t.unique = true;
  if (n >= 2 && pieces[0].expr && pieces[0].expr->IsRowIdentity() && non_digit(pieces[1], false))
    t.unique = true;
  return MakeGen(t, [pieces](const GenContext& c, Value& out) {
    std::string& s = out.SetString();
    Value v;
    for (const Piece& p : pieces) {
      if (!p.expr) {
        s += p.literal;
        continue;
      }
      p.expr->Eval(c, v);
      const size_t start = s.size();
      v.AppendText(s);
      // Widths count characters, as the column's VARCHAR(n) does.
      const size_t len = Utf8Length(std::string_view(s).substr(start));
      if (len < static_cast<size_t>(p.width)) {
        // Zero padding goes after a minus sign.
        const size_t at = p.pad == '0' && len && s[start] == '-' ? start + 1 : start;
        s.insert(at, p.width - len, p.pad);
      }
      if (p.caseing) {
        std::string mapped;
        (p.caseing > 0 ? AppendUtf8Upper : AppendUtf8Lower)(std::string_view(s).substr(start), mapped);
        s.replace(start, std::string::npos, mapped);
      }
    }
  });
}

// A JSON string: quotes, backslashes and control characters escaped, an
// invalid UTF-8 byte replaced by U+FFFD so the text is always valid JSON.
void AppendJsonString(std::string_view s, std::string& out) {
  out += '"';
  for (size_t i = 0; i < s.size();) {
    uint32_t cp;
    const size_t n = Utf8Decode(s, i, cp);
    if (cp == kUtf8Invalid) {
      out += "\\ufffd";
    } else if (cp == '"' || cp == '\\') {
      out += '\\', out += static_cast<char>(cp);
    } else if (cp < 0x20) {
      static const char* hex = "0123456789abcdef";
      out += "\\u00", out += hex[cp >> 4], out += hex[cp & 15];
    } else {
      out.append(s, i, n);
    }
    i += n;
  }
  out += '"';
}

// json: {object: {key: <column map>, ...}} or {array: <column map>, min, max}.
// Nested maps are the column maps of the spec (a generator name, expr,
// template, or json again), drawn from their own keys; values keep their
// JSON type (numbers, true/false, null, strings for text and dates).
class JsonGen final : public Generator {
 public:
  static std::unique_ptr<Generator> Make(GenArgs& a) {
    Options& o = *a.options;
    const Node* object = o.Get("object");
    const Node* array = o.Get("array");
    if (!object == !array) {
      a.Error("json needs exactly one of 'object: {key: generator, ...}' or 'array: generator'");
      return nullptr;
    }
    auto g = std::unique_ptr<JsonGen>(new JsonGen());
    g->traits_.type = Type::kString;
    if (object) {
      if (!object->IsMap()) {
        o.Error("object", "must map keys to generators, e.g. object: {size: int, color: color}");
        return nullptr;
      }
      for (const auto& [k, v] : object->entries)
        if (!g->AddField(a, k.scalar, v)) return nullptr;
    } else {
      g->min_ = o.IntIn("min", 0, 0, kMaxItems), g->max_ = o.IntIn("max", 3, 0, kMaxItems);
      if (g->max_ < g->min_) o.Error("max", "must not be less than min");
      if (!g->AddField(a, "[]", *array)) return nullptr;
    }
    return g;
  }

  void Generate(const GenContext& ctx, Value& out) const override {
    std::string& s = out.SetString();
    Value v;
    if (min_ < 0) {  // object
      s += '{';
      for (size_t i = 0; i < fields_.size(); ++i) {
        if (i) s += ',';
        AppendJsonString(fields_[i].key, s);
        s += ':';
        Append(fields_[i], ctx, v, s);
      }
      s += '}';
      return;
    }
    // Each item is the nested generator at its own row: the row's index
    // mixed with the item's place, so items differ and stay reproducible.
    const uint64_t n = min_ + Below(Draw(key_, ctx.row), static_cast<uint64_t>(max_ - min_ + 1));
    GenContext item = ctx;
    s += '[';
    for (uint64_t i = 0; i < n; ++i) {
      if (i) s += ',';
      item.row = SplitMix64(ctx.row * kMaxItems + i);
      Append(fields_[0], item, v, s);
    }
    s += ']';
  }

 private:
  static constexpr int64_t kMaxItems = 1000;
  struct Field {
    std::string key;
    std::unique_ptr<Generator> gen;
    bool raw = false;  // a nested json: its text is JSON already
  };

  bool AddField(GenArgs& a, const std::string& key, const Node& spec) {
    std::string name;
    if (spec.IsScalar()) {
      name = spec.scalar;
    } else if (spec.IsMap()) {
      if (const Node* n = spec.Find("generator")) name = n->scalar;
      else if (spec.Find("expr")) name = "expr";
      else if (spec.Find("template")) name = "template";
    }
    const GeneratorInfo* info = Registry::Default().Find(name);
    if (!info || info->real_data) {
      a.options->diag().SpecError(a.column + ": json field '" + key + "': " +
                                      (name.empty() ? "needs a generator name or a map with 'generator'"
                                                    : "unknown generator '" + name + "'" +
                                                          DidYouMean(name, Registry::Default().Names())),
                                  spec.mark);
      return false;
    }
    Options options(spec.IsMap() ? &spec : nullptr, spec.mark, &a.options->diag(), {"generator"},
                    &info->options);
    GenArgs nested = a;
    nested.column = a.column + "." + key;
    nested.mark = spec.mark;
    nested.key = HashString(key, a.key);
    nested.unique = false;
    nested.options = &options;
    std::unique_ptr<Generator> gen = info->factory(nested);
    options.ReportUnknown(name, gen != nullptr);
    if (!gen) return false;
    for (int d : gen->traits().depends)
      if (std::find(traits_.depends.begin(), traits_.depends.end(), d) == traits_.depends.end())
        traits_.depends.push_back(d);
    key_ = a.key;
    fields_.push_back({key, std::move(gen), name == "json"});
    return true;
  }

  static void Append(const Field& f, const GenContext& ctx, Value& v, std::string& s) {
    f.gen->Generate(ctx, v);
    switch (v.type) {
      case Type::kNull: s += "null"; return;
      case Type::kBool: s += v.i ? "true" : "false"; return;
      case Type::kInt:
      case Type::kDecimal:
      case Type::kFloat: v.AppendText(s); return;
      case Type::kString:
        if (f.raw) s += v.s;
        else AppendJsonString(v.s, s);
        return;
      default: {
        AppendJsonString(v.ToText(), s);  // dates and times as ISO text
        return;
      }
    }
  }

  std::vector<Field> fields_;
  uint64_t key_ = 0;
  int64_t min_ = -1, max_ = -1;  // an array's length range; -1: an object
};

}  // namespace

void RegisterDerivedGenerators(Registry& r) {
  r.Add({.name = "expr",
         .summary = "typed expression over same-row columns, e.g. quantity * unit_price (exact decimals)",
         .factory = ExprGen,
         .options = {Opt("expr", OptionType::kText, "", "the expression; `{expr: ...}` alone is short for this "
                                                        "generator").Required()},
         .example = "quantity: {generator: int, min: 1, max: 5}\n"
                    "unit_price: {generator: decimal, min: 2.50, max: 40.00}\n"
                    "line_total: {expr: quantity * unit_price}"});
  r.Add({.name = "template",
         .summary = "text with {expression[:format]} placeholders, e.g. \"ORD-{seq:08}\"",
         .factory = TemplateGen,
         .options = {Opt("template", OptionType::kText, "",
                         "text with {expression[:format]} placeholders; format :08 (zero-pad), :8, :upper, "
                         ":lower; `{template: ...}` alone is short for this generator")},
         .example = "order_no: {template: \"ORD-{seq:08}\"}\n"
                    "first_name: first_name\n"
                    "greeting: {generator: template, template: \"Dear {first_name:upper}\"}"});
  r.Add({.name = "json",
         .summary = "JSON text: object: {key: generator or column map, ...}, or array: generator with min (0), "
                    "max (3)",
         .factory = JsonGen::Make,
         .options = {Opt("object", OptionType::kObject, "",
                         "{key: generator name or column map, ...}: a JSON object (give object or array)"),
                     Opt("array", OptionType::kGenerator, "",
                         "generator name or column map of the items: a JSON array (give object or array)"),
                     Opt("min", OptionType::kInt, "0", "array: fewest items").In(0, 1000),
                     Opt("max", OptionType::kInt, "3", "array: most items").In(0, 1000)},
         .example = "attributes: {generator: json, object: {color: color, size: {generator: int, min: 1, max: 10}}}\n"
                    "tags: {generator: json, array: word, min: 1, max: 3}"});
}

}  // namespace seed
