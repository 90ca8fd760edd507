// Places: street address, city, state, zip, country, coordinates, time zone.
#include <algorithm>
#include <map>

#include "engine/gen/gen_util.h"

namespace seed {

namespace {

GenTraits Text(size_t max_length, std::optional<uint64_t> distinct = std::nullopt) {
  GenTraits t;
  t.type = Type::kString;
  t.max_length = max_length;
  t.distinct = distinct;
  return t;
}

std::unique_ptr<Generator> StreetAddress(GenArgs& a) {
  const auto& first = WordList(a, "first_names_male");
  const auto& last = WordList(a, "last_names");
  const auto& suffix = WordList(a, "street_suffixes");
  if (first.empty() || last.empty() || suffix.empty()) return nullptr;
  const uint64_t key = a.key;
  return MakeGen(Text(60), [&, key](const GenContext& c, Value& out) {
    std::string& s = out.SetString();
    AppendPadded(s, 1 + Below(Draw(key, c.row, 0), 9999), 0);
    s += ' ';
    s += Below(Draw(key, c.row, 1), 2) ? PickWord(first, Draw(key, c.row, 2)) : PickWord(last, Draw(key, c.row, 2));
    s += ' ';
    s += PickWord(suffix, Draw(key, c.row, 3));
  });
}

std::unique_ptr<Generator> SecondaryAddress(GenArgs& a) {
  const uint64_t key = a.key;
  return MakeGen(Text(10), [key](const GenContext& c, Value& out) {
    std::string& s = out.SetString();
    s += Below(Draw(key, c.row, 0), 2) ? "Apt. " : "Suite ";
    AppendPadded(s, 100 + Below(Draw(key, c.row, 1), 900), 0);
  });
}

// Faker's city shapes: "Port Aliceton", "East Jamal", "Ankundingborough".
std::unique_ptr<Generator> City(GenArgs& a) {
  const auto& prefix = WordList(a, "city_prefixes");
  const auto& suffix = WordList(a, "city_suffixes");
  const auto& first = WordList(a, "first_names_female");
  const auto& last = WordList(a, "last_names");
  if (prefix.empty() || suffix.empty() || first.empty() || last.empty()) return nullptr;
  const uint64_t key = a.key;
  return MakeGen(Text(40), [&, key](const GenContext& c, Value& out) {
    std::string& s = out.SetString();
    const uint64_t shape = Below(Draw(key, c.row, 0), 4);
    if (shape <= 1) s.append(PickWord(prefix, Draw(key, c.row, 1))).append(" ");
    s += shape == 3 ? PickWord(last, Draw(key, c.row, 2)) : PickWord(first, Draw(key, c.row, 2));
    if (shape != 1) s += PickWord(suffix, Draw(key, c.row, 3));
  });
}

std::unique_ptr<Generator> State(GenArgs& a) {
  const bool abbr = a.options->Bool("abbr", false);
  const auto& names = WordList(a, abbr ? "state_abbrs" : "states");
  if (names.empty()) return nullptr;
  GenTraits t = Text(abbr ? 2 : 20, names.size());
  for (auto n : names) t.members.emplace_back(n);
  const uint64_t key = a.key;
  return MakeGen(t, [&names, key](const GenContext& c, Value& out) {
    out.SetString(PickWord(names, Draw(key, c.row)));
  });
}

// Five-digit ZIP; with `state: <column>` (abbreviations) its first three
// digits belong to that state.
std::unique_ptr<Generator> Zip(GenArgs& a) {
  GenTraits t = Text(5);
  int state_col = -1;
  std::map<std::string, std::string, std::less<>> prefixes;
  if (a.options->Has("state")) {
    state_col = SameRowColumn(a, "state", a.options->Str("state", ""), t);
    if (state_col < 0) return nullptr;
    for (std::string_view line : WordList(a, "state_zip_prefixes")) {
      const size_t tab = line.find('\t');
      if (tab != std::string_view::npos)
        prefixes.emplace(std::string(line.substr(0, tab)), std::string(line.substr(tab + 1)));
    }
  }
  const uint64_t key = a.key;
  return MakeGen(t, [state_col, prefixes, key](const GenContext& c, Value& out) {
    std::string& s = out.SetString();
    uint64_t digits = 5;
    if (state_col >= 0 && c.values[state_col].type == Type::kString) {
      auto it = prefixes.find(c.values[state_col].s);
      if (it != prefixes.end()) s += it->second, digits = 2;
    }
    AppendPadded(s, Below(Draw(key, c.row), digits == 5 ? 100000 : 100), static_cast<int>(digits));
    if (digits == 5 && s.compare(0, 3, "000") == 0) s[0] = '1';  // 000xx is unassigned
  });
}

// Decimal degrees with 6 digits after the point (about 0.1 m).
std::unique_ptr<Generator> Coordinate(GenArgs& a, int64_t limit) {
  Value lo_v, hi_v;
  lo_v.SetDecimal(-limit * 1000000, 6), hi_v.SetDecimal(limit * 1000000, 6);
  if (auto v = a.options->Decimal("min")) lo_v = *v;
  if (auto v = a.options->Decimal("max")) hi_v = *v;
  auto micro = [](const Value& v) {
    int64_t x = v.i;
    for (int s = v.scale; s < 6; ++s) x *= 10;
    for (int s = v.scale; s > 6; --s) x /= 10;
    return x;
  };
  const int64_t lo = micro(lo_v), hi = micro(hi_v);
  if (lo > hi || lo < -limit * 1000000 || hi > limit * 1000000) {
    a.Error("needs -" + std::to_string(limit) + " <= min <= max <= " + std::to_string(limit));
    return nullptr;
  }
  GenTraits t;
  t.type = Type::kDecimal;
  t.min = Value(), t.max = Value();
  t.min->SetDecimal(lo, 6), t.max->SetDecimal(hi, 6);
  const uint64_t key = a.key, n = static_cast<uint64_t>(hi - lo) + 1;
  return MakeGen(t, [lo, n, key](const GenContext& c, Value& out) {
    out.SetDecimal(lo + static_cast<int64_t>(Below(Draw(key, c.row), n)), 6);
  });
}

// Coordinate's options for degrees in [-limit, limit].
std::vector<OptionDecl> CoordinateOptions(int64_t limit) {
  const std::string l = std::to_string(limit);
  return {Opt("min", OptionType::kDecimal, "-" + l, "lowest degrees (digits past the sixth are dropped)").In(-limit, limit),
          Opt("max", OptionType::kDecimal, l, "highest degrees (digits past the sixth are dropped)").In(-limit, limit)};
}

}  // namespace

void RegisterLocationGenerators(Registry& r) {
  r.Add({.name = "street_address",
         .summary = "house number, name and street suffix, e.g. '4821 Kessler Avenue'",
         .factory = StreetAddress,
         .example = "address_line1: street_address"});
  r.Add({.name = "secondary_address",
         .summary = "'Apt. 123' or 'Suite 456'",
         .factory = SecondaryAddress,
         .example = "address_line2: secondary_address"});
  r.Add({.name = "city",
         .summary = "US-style invented city name",
         .factory = City,
         .example = "city: city"});
  r.Add({.name = "state",
         .summary = "US state name, or two-letter code with abbr: true",
         .factory = State,
         .options = {Opt("abbr", OptionType::kBool, "false", "the two-letter code instead of the name")},
         .example = "state_name: state\nstate: {generator: state, abbr: true}"});
  r.Add({.name = "zip",
         .summary = "five-digit ZIP; state: <column> makes it match that row's state code",
         .factory = Zip,
         .options = {Opt("state", OptionType::kColumn, "",
                         "same-row column of two-letter state codes the ZIP's first digits follow")},
         .example = "state: {generator: state, abbr: true}\nzip: {generator: zip, state: state}"});
  r.Add({.name = "country",
         .summary = "country name; unique ok",
         .factory = [](GenArgs& a) { return ListPick(a, "countries"); },
         .example = "country: country"});
  r.Add({.name = "country_code",
         .summary = "ISO 3166 alpha-2 code; unique ok",
         .factory = [](GenArgs& a) { return ListPick(a, "country_codes"); },
         .example = "country_code: {generator: country_code, unique: true}"});
  r.Add({.name = "time_zone",
         .summary = "IANA time zone name",
         .factory = [](GenArgs& a) { return ListPick(a, "time_zones"); },
         .example = "time_zone: time_zone"});
  r.Add({.name = "latitude",
         .summary = "decimal degrees in [min, max] (-90..90), 6 digits",
         .factory = [](GenArgs& a) { return Coordinate(a, 90); },
         .options = CoordinateOptions(90),
         .example = "latitude: {generator: latitude, min: 24.5, max: 49.4}"});
  r.Add({.name = "longitude",
         .summary = "decimal degrees in [min, max] (-180..180), 6 digits",
         .factory = [](GenArgs& a) { return Coordinate(a, 180); },
         .options = CoordinateOptions(180),
         .example = "longitude: {generator: longitude, min: -124.8, max: -66.9}"});
}

}  // namespace seed
