// Contact and network identifiers: email, username, phone, domain, url,
// IPv4/IPv6, MAC address, UUID.
#include <algorithm>

#include "engine/core/utf8.h"
#include "engine/gen/gen_util.h"

namespace seed {

namespace {

// The "who" part of emails and usernames: slugs of same-row columns (from:
// [first_name, last_name]) or, without `from`, a random first.last. Unique
// columns end in a per-row number from a bijection over the rows, so two
// rows never share a handle and nothing is remembered.
class Handle {
 public:
  bool Read(GenArgs& a, GenTraits& t, char sep) {
    sep_ = sep;
    key_ = a.key;
    for (const std::string& c : a.options->StrList("from")) {
      const int i = SameRowColumn(a, "from", c, t);
      if (i < 0) return false;
      from_.push_back(i);
    }
    first_ = &WordList(a, "first_names_female");
    first_m_ = &WordList(a, "first_names_male");
    last_ = &WordList(a, "last_names");
    if (first_->empty() || first_m_->empty() || last_->empty()) return false;
    if (a.unique) perm_.emplace(a.key, std::max<uint64_t>(a.rows, 1));
    t.unique = a.unique;
    t.max_length = kMaxSlug + 20;
    return true;
  }

  void Append(const GenContext& c, std::string& s) const {
    const size_t start = s.size();
    for (int i : from_)
      if (!c.values[i].is_null()) {
        if (s.size() > start) s += sep_;
        if (c.values[i].type == Type::kString) AppendSlug(c.values[i].s, sep_, s);
        else AppendSlug(c.values[i].ToText(), sep_, s);
      }
    if (s.size() == start) {  // no source, or every source NULL
      const auto& first = Below(Draw(key_, c.row, 1), 2) ? *first_ : *first_m_;
      AppendSlug(PickWord(first, Draw(key_, c.row, 2)), sep_, s);
      s += sep_;
      AppendSlug(PickWord(*last_, Draw(key_, c.row, 3)), sep_, s);
    }
    if (s.size() - start > kMaxSlug) s.resize(start + kMaxSlug);
    while (s.size() > start && s.back() == sep_) s.pop_back();
    if (perm_) {
      if (s.size() > start && s.back() >= '0' && s.back() <= '9') s += '_';
      AppendPadded(s, (*perm_)(c.row) + 1, 0);
    }
  }

 private:
  static constexpr size_t kMaxSlug = 40;
  std::vector<int> from_;
  char sep_ = '.';
  uint64_t key_ = 0;
  const std::vector<std::string_view>*first_ = nullptr, *first_m_ = nullptr, *last_ = nullptr;
  std::optional<Permutation> perm_;
};

std::unique_ptr<Generator> Email(GenArgs& a) {
  GenTraits t;
  t.type = Type::kString;
  Handle h;
  if (!h.Read(a, t, '.')) return nullptr;
  std::vector<std::string> domains = a.options->StrList("domain");
  // Reserved example domains (RFC 2606): generated mail never reaches anyone.
  if (domains.empty()) domains = {"example.com", "example.net", "example.org"};
  for (const auto& d : domains) t.max_length = std::max(t.max_length, 60 + Utf8Length(d));
  const uint64_t key = a.key;
  return MakeGen(t, [h, domains, key](const GenContext& c, Value& out) {
    std::string& s = out.SetString();
    h.Append(c, s);
    s += '@';
    s += domains[Below(Draw(key, c.row, 4), domains.size())];
  });
}

std::unique_ptr<Generator> Username(GenArgs& a) {
  GenTraits t;
  t.type = Type::kString;
  Handle h;
  if (!h.Read(a, t, '_')) return nullptr;
  return MakeGen(t, [h](const GenContext& c, Value& out) { h.Append(c, out.SetString()); });
}

// Digits by format: '#' any digit, '%' 2-9, anything else literal.
std::unique_ptr<Generator> Phone(GenArgs& a) {
  const std::string format = a.options->Str("format", "(%##) %##-####");
  unsigned __int128 space = 1;
  for (char ch : format)
    if (ch == '#' || ch == '%') space *= ch == '#' ? 10 : 8;
  if (space == 1) {
    a.options->Error("format", "needs at least one '#' (digit) or '%' (digit 2-9)");
    return nullptr;
  }
  if (space >= (static_cast<unsigned __int128>(1) << 63)) {
    a.options->Error("format", "has too many digits");
    return nullptr;
  }
  GenTraits t;
  t.type = Type::kString;
  t.max_length = Utf8Length(format);
  t.distinct = static_cast<uint64_t>(space);
  t.unique = a.unique;
  Picker pick(a.key, static_cast<uint64_t>(space), a.unique);
  return MakeGen(t, [format, pick](const GenContext& c, Value& out) {
    uint64_t x = pick(c.row);
    std::string& s = out.SetString();
    for (char ch : format) {
      if (ch == '#') s += static_cast<char>('0' + x % 10), x /= 10;
      else if (ch == '%') s += static_cast<char>('2' + x % 8), x /= 8;
      else s += ch;
    }
  });
}

std::unique_ptr<Generator> DomainName(GenArgs& a, bool url) {
  const auto& words = WordList(a, "last_names");
  const auto& suffixes = WordList(a, "domain_suffixes");
  const auto& paths = WordList(a, "lorem");
  if (words.empty() || suffixes.empty() || paths.empty()) return nullptr;
  GenTraits t;
  t.type = Type::kString;
  t.max_length = url ? 100 : 50;
  const uint64_t key = a.key;
  return MakeGen(t, [&, url, key](const GenContext& c, Value& out) {
    std::string& s = out.SetString();
    if (url) s += "https://www.";
    AppendSlug(PickWord(words, Draw(key, c.row, 0)), '-', s);
    s.append(".").append(PickWord(suffixes, Draw(key, c.row, 1)));
    if (url) s.append("/").append(PickWord(paths, Draw(key, c.row, 2)));
  });
}

void AppendHex(std::string& s, uint64_t v, int digits) {
  for (int i = digits - 1; i >= 0; --i) s += "0123456789abcdef"[(v >> (4 * i)) & 15];
}

std::unique_ptr<Generator> Ipv4(GenArgs& a) {
  const bool priv = a.options->Bool("private", false);
  // Public: 1.0.0.0 - 223.255.255.255; private: 10.0.0.0/8.
  const uint64_t base = priv ? uint64_t{10} << 24 : uint64_t{1} << 24;
  const uint64_t n = priv ? uint64_t{1} << 24 : uint64_t{223} << 24;
  GenTraits t;
  t.type = Type::kString;
  t.max_length = 15;
  t.distinct = n;
  t.unique = a.unique;
  Picker pick(a.key, n, a.unique);
  return MakeGen(t, [base, pick](const GenContext& c, Value& out) {
    const uint64_t ip = base + pick(c.row);
    std::string& s = out.SetString();
    for (int i = 3; i >= 0; --i) {
      AppendPadded(s, (ip >> (8 * i)) & 255, 0);
      if (i) s += '.';
    }
  });
}

// Addresses in 2001:db8::/32, the documentation prefix (RFC 3849).
std::unique_ptr<Generator> Ipv6(GenArgs& a) {
  GenTraits t;
  t.type = Type::kString;
  t.max_length = 39;
  const uint64_t key = a.key;
  return MakeGen(t, [key](const GenContext& c, Value& out) {
    const uint64_t hi = Draw(key, c.row, 0), lo = Draw(key, c.row, 1);
    std::string& s = out.SetString();
    s += "2001:db8";
    for (int i = 1; i >= 0; --i) s += ':', AppendHex(s, (hi >> (16 * i)) & 0xFFFF, 4);
    for (int i = 3; i >= 0; --i) s += ':', AppendHex(s, (lo >> (16 * i)) & 0xFFFF, 4);
  });
}

// Locally administered unicast addresses, never a vendor's.
std::unique_ptr<Generator> MacAddress(GenArgs& a) {
  GenTraits t;
  t.type = Type::kString;
  t.max_length = 17;
  t.distinct = uint64_t{1} << 46;
  t.unique = a.unique;
  Picker pick(a.key, uint64_t{1} << 46, a.unique);
  return MakeGen(t, [pick](const GenContext& c, Value& out) {
    const uint64_t x = pick(c.row);
    const uint64_t mac = ((x >> 40) << 42) | (uint64_t{2} << 40) | (x & 0xFFFFFFFFFFull);
    std::string& s = out.SetString();
    for (int i = 5; i >= 0; --i) {
      AppendHex(s, (mac >> (8 * i)) & 255, 2);
      if (i) s += ':';
    }
  });
}

// RFC 4122 version 4 layout. The first 64 random bits are a bijection of
// the row (SplitMix64 is invertible), spread around the version and variant
// bits, so UUIDs are unique by construction.
std::unique_ptr<Generator> Uuid(GenArgs& a) {
  GenTraits t;
  t.type = Type::kString;
  t.max_length = 36;
  t.unique = true;
  const uint64_t key = a.key;
  return MakeGen(t, [key](const GenContext& c, Value& out) {
    const uint64_t u = SplitMix64(c.row ^ key);
    const uint64_t hi = (u & 0xFFFFFFFFFFFF0000ull) | 0x4000 | ((u >> 4) & 0x0FFF);
    const uint64_t lo = (uint64_t{2} << 62) | ((u & 15) << 58) | (Draw(key, c.row, 1) >> 6);
    std::string& s = out.SetString();
    AppendHex(s, hi >> 32, 8), s += '-', AppendHex(s, (hi >> 16) & 0xFFFF, 4), s += '-';
    AppendHex(s, hi & 0xFFFF, 4), s += '-', AppendHex(s, lo >> 48, 4), s += '-';
    AppendHex(s, lo & 0xFFFFFFFFFFFFull, 12);
  });
}

// Handle::Read's option, for email and username.
OptionDecl FromOption() {
  return Opt("from", OptionType::kColumnList, "",
             "same-row columns whose text makes the name part (default: a random first.last)");
}

}  // namespace

void RegisterNetworkGenerators(Registry& r) {
  r.Add({.name = "email",
         .summary = "name@domain from same-row columns (from) or a random name; example.* domains; unique ok",
         .factory = Email,
         .options = {FromOption(),
                     Opt("domain", OptionType::kTextList, "",
                         "domain or domains to pick from (default: example.com, example.net, example.org)")},
         .example = "first_name: first_name\nlast_name: last_name\n"
                    "email: {generator: email, from: [first_name, last_name], unique: true}\n"
                    "work_email: {generator: email, domain: [acme.test, globex.test]}"});
  r.Add({.name = "username",
         .summary = "handle from same-row columns (from) or a random name; unique ok",
         .factory = Username,
         .options = {FromOption()},
         .example = "first_name: first_name\nusername: {generator: username, from: first_name, unique: true}\n"
                    "handle: username"});
  r.Add({.name = "phone",
         .summary = "digits by format ('#' digit, '%' 2-9; default \"(%##) %##-####\"); unique ok",
         .factory = Phone,
         .options = {Opt("format", OptionType::kText, "(%##) %##-####",
                         "'#' a digit, '%' a digit 2-9, the rest as is")},
         .example = "phone: phone\nmobile: {generator: phone, format: \"+1 %##-%##-####\", unique: true}"});
  r.Add({.name = "domain_name",
         .summary = "lastname.tld",
         .factory = [](GenArgs& a) { return DomainName(a, false); },
         .example = "domain: domain_name"});
  r.Add({.name = "url",
         .summary = "https://www.lastname.tld/word",
         .factory = [](GenArgs& a) { return DomainName(a, true); },
         .example = "website: url"});
  r.Add({.name = "ipv4",
         .summary = "dotted IPv4, public range or private: true (10/8); unique ok",
         .factory = Ipv4,
         .options = {Opt("private", OptionType::kBool, "false", "addresses in 10.0.0.0/8 instead of public ones")},
         .example = "client_ip: ipv4\nserver_ip: {generator: ipv4, private: true, unique: true}"});
  r.Add({.name = "ipv6",
         .summary = "IPv6 in the 2001:db8::/32 documentation prefix",
         .factory = Ipv6,
         .example = "client_ipv6: ipv6"});
  r.Add({.name = "mac_address",
         .summary = "locally administered MAC address; unique ok",
         .factory = MacAddress,
         .example = "mac: {generator: mac_address, unique: true}"});
  r.Add({.name = "uuid",
         .summary = "random (version 4) UUID, unique by construction",
         .factory = Uuid,
         .example = "public_id: uuid"});
}

}  // namespace seed
