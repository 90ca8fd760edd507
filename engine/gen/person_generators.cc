// People and businesses: first/last/full names, prefixes, job titles,
// company names, industries.
#include <algorithm>

#include "engine/gen/gen_util.h"

namespace seed {

namespace {

struct FirstNames {
  const std::vector<std::string_view>* lists[3];
  int count = 0;
};

// gender: any (default) | female | male | neutral.
bool ReadGender(GenArgs& a, FirstNames& f) {
  const std::string g = a.options->Str("gender", "any");
  if (g == "female" || g == "any") f.lists[f.count++] = &WordList(a, "first_names_female");
  if (g == "male" || g == "any") f.lists[f.count++] = &WordList(a, "first_names_male");
  if (g == "neutral") f.lists[f.count++] = &WordList(a, "first_names_neutral");
  if (f.count == 0) {
    a.options->Error("gender", "must be any, female, male or neutral" +
                                   DidYouMean(g, {"any", "female", "male", "neutral"}));
    return false;
  }
  for (int i = 0; i < f.count; ++i)
    if (f.lists[i]->empty()) return false;
  return true;
}

// Female and male names are picked half and half whatever the list sizes.
std::string_view PickFirst(const FirstNames& f, uint64_t d1, uint64_t d2) {
  return PickWord(*f.lists[Below(d1, f.count)], d2);
}

GenTraits NameTraits(size_t max_length) {
  GenTraits t;
  t.type = Type::kString;
  t.max_length = max_length;
  return t;
}

std::unique_ptr<Generator> FirstName(GenArgs& a) {
  FirstNames f;
  if (!ReadGender(a, f)) return nullptr;
  const uint64_t key = a.key;
  return MakeGen(NameTraits(30), [f, key](const GenContext& c, Value& out) {
    out.SetString(PickFirst(f, Draw(key, c.row, 0), Draw(key, c.row, 1)));
  });
}

std::unique_ptr<Generator> FullName(GenArgs& a) {
  FirstNames f;
  if (!ReadGender(a, f)) return nullptr;
  const auto& last = WordList(a, "last_names");
  const auto& prefixes = WordList(a, "name_prefixes");
  const double prefix_rate = a.options->Float("prefix_rate", 0);
  if (last.empty() || prefixes.empty()) return nullptr;
  const uint64_t key = a.key;
  return MakeGen(NameTraits(70), [=, &last, &prefixes](const GenContext& c, Value& out) {
    std::string& s = out.SetString();
    if (prefix_rate > 0 && Unit(Draw(key, c.row, 3)) < prefix_rate)
      s.append(PickWord(prefixes, Draw(key, c.row, 4))).append(" ");
    s.append(PickFirst(f, Draw(key, c.row, 0), Draw(key, c.row, 1))).append(" ");
    s.append(PickWord(last, Draw(key, c.row, 2)));
  });
}

// "Last Suffix", "Last-Last" or "Last, Last and Last", as Faker does.
std::unique_ptr<Generator> CompanyName(GenArgs& a) {
  const auto& last = WordList(a, "last_names");
  const auto& suffix = WordList(a, "company_suffixes");
  if (last.empty() || suffix.empty()) return nullptr;
  const uint64_t key = a.key;
  return MakeGen(NameTraits(80), [&last, &suffix, key](const GenContext& c, Value& out) {
    std::string& s = out.SetString();
    auto name = [&](uint64_t stream) { return PickWord(last, Draw(key, c.row, stream)); };
    switch (Below(Draw(key, c.row, 0), 3)) {
      case 0: s.append(name(1)).append(" ").append(PickWord(suffix, Draw(key, c.row, 2))); break;
      case 1: s.append(name(1)).append("-").append(name(2)); break;
      default: s.append(name(1)).append(", ").append(name(2)).append(" and ").append(name(3));
    }
  });
}

OptionDecl GenderOption() {
  return OptEnum("gender", {"any", "female", "male", "neutral"}, "any",
                 "which first names; any: female and male half and half");
}

}  // namespace

void RegisterPersonGenerators(Registry& r) {
  r.Add({.name = "first_name",
         .summary = "given name; gender any|female|male|neutral",
         .factory = FirstName,
         .options = {GenderOption()},
         .example = "first_name: first_name\nnickname: {generator: first_name, gender: neutral}"});
  r.Add({.name = "last_name",
         .summary = "family name",
         .factory = [](GenArgs& a) { return ListPick(a, "last_names"); },
         .example = "last_name: last_name"});
  r.Add({.name = "full_name",
         .summary = "first and last name; gender, prefix_rate (share with Mr./Dr./...)",
         .factory = FullName,
         .options = {GenderOption(),
                     Opt("prefix_rate", OptionType::kNumber, "0", "share of names with a prefix (Mr., Dr., ...)")},
         .example = "name: full_name\ncontact_name: {generator: full_name, gender: female, prefix_rate: 0.3}"});
  r.Add({.name = "name_prefix",
         .summary = "Mr., Mrs., Dr., ...",
         .factory = [](GenArgs& a) { return ListPick(a, "name_prefixes"); },
         .example = "title: name_prefix"});
  r.Add({.name = "name_suffix",
         .summary = "Jr., III, PhD, ...",
         .factory = [](GenArgs& a) { return ListPick(a, "name_suffixes"); },
         .example = "suffix: name_suffix"});
  r.Add({.name = "company_name",
         .summary = "business name in Faker's formats (Last Inc, Last-Last, ...)",
         .factory = CompanyName,
         .example = "company: company_name"});
  r.Add({.name = "industry",
         .summary = "an industry, e.g. 'Computer Software'",
         .factory = [](GenArgs& a) { return ListPick(a, "industries"); },
         .example = "industry: industry"});
  r.Add({.name = "job_title",
         .summary = "seniority field position, e.g. 'Senior Marketing Manager'",
         .factory =
             [](GenArgs& a) {
               return ListPhrase(a, {"job_seniority", "job_fields", "job_positions"}, 60);
             },
         .example = "job_title: job_title"});
  r.Add({.name = "buzzword",
         .summary = "a business buzzword",
         .factory = [](GenArgs& a) { return ListPick(a, "buzzwords"); },
         .example = "slogan_word: buzzword"});
}

}  // namespace seed
