#include "engine/pii/masker.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>

#include "engine/core/secret_file.h"
#include "engine/core/value.h"
#include "engine/gen/rng.h"
#include "engine/gen/words.h"

namespace seed {

Result<std::string> LoadMaskSecret() {
  if (const char* s = std::getenv("SEED_MASK_SECRET"); s && *s) return std::string(s);
  if (const char* f = std::getenv("SEED_MASK_SECRET_FILE"); f && *f) {
    Result<std::string> secret = ReadSecretFile(f, "SEED_MASK_SECRET_FILE", SIZE_MAX);
    if (!secret.ok() || secret->empty())
      return Status::Usage(std::string("SEED_MASK_SECRET_FILE: cannot read a secret from '") + f + "'");
    return secret;
  }
  return Status::Usage(
      "masking real data needs a project secret: set SEED_MASK_SECRET, or SEED_MASK_SECRET_FILE to"
      " a file holding it (e.g. `openssl rand -hex 32 > .seed-secret`); keep it out of the specs");
}

namespace {

uint64_t Word64(const Digest256& d, int i) {
  uint64_t v = 0;
  for (int b = 0; b < 8; ++b) v = v << 8 | d[8 * i + b];
  return v;
}

// A keyed bijection on [0, n) without fixed points: a permutation P
// conjugating the shift by one, P(P^-1(x) + 1 mod n).
uint64_t Derange(uint64_t key, uint64_t n, uint64_t x) {
  if (n < 2) return x;
  const Permutation p(key, n);
  return p((p.Inverse(x) + 1) % n);
}

std::string_view Pick(std::string_view list, uint64_t draw) {
  const std::vector<std::string_view>& w = Words(list);
  return w[Below(draw, w.size())];
}

std::string FirstName(uint64_t d) {
  static const char* lists[] = {"first_names_female", "first_names_male", "first_names_neutral"};
  return std::string(Pick(lists[d % 3], d >> 2));
}

// Lower-case ASCII letters only ("O'Keefe" -> "okeefe"): safe in an address.
std::string Slug(std::string_view s) {
  std::string out;
  for (char c : s)
    if (std::isalpha(static_cast<unsigned char>(c))) out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out.empty() ? "user" : out;
}

// base-32 without look-alikes (no i, l, o, 1), for tokens in fake emails
// and usernames: 12 characters carry 60 bits.
std::string Token(uint64_t v, int chars) {
  static const char kAlphabet[] = "abcdefghjkmnpqrstuvwxyz023456789";
  static_assert(sizeof kAlphabet == 33, "32 symbols");
  std::string out;
  for (int i = 0; i < chars; ++i, v >>= 5) out += kAlphabet[v & 31];
  return out;
}

// Length of a phone's leading "+<digits>" country code, 0 if none: it is
// kept by every strategy that keeps the shape.
size_t CountryCode(const std::string& in, const std::string& category) {
  if (category != "phone" || in.size() <= 2 || in[0] != '+') return 0;
  const size_t cc = in.find_first_not_of("0123456789", 1);
  return cc != std::string::npos && cc > 1 ? cc : 0;
}

bool ParseDate(const std::string& s, int& y, int& m, int& d) {
  return s.size() >= 10 && sscanf(s.c_str(), "%4d-%2d-%2d", &y, &m, &d) == 3 && m >= 1 && m <= 12 &&
         d >= 1 && d <= 31;
}

std::string DateText(int64_t days) {
  Value v;
  v.SetDate(days);
  return v.ToText();
}

bool ParseIpv4(const std::string& s, uint64_t& v) {
  unsigned a, b, c, d;
  char tail;
  if (sscanf(s.c_str(), "%u.%u.%u.%u%c", &a, &b, &c, &d, &tail) != 4 || a > 255 || b > 255 || c > 255 ||
      d > 255)
    return false;
  v = (uint64_t{a} << 24) | (b << 16) | (c << 8) | d;
  return true;
}

}  // namespace

Masker::Masker(const std::string& secret) : hmac_(secret), base_(Word64(hmac_("permutation keys"), 0)) {}

// Permutation keys depend on the secret and the value's shape, not on the
// value: derived from one HMAC output, cheaply, per call.
uint64_t Masker::Key(const std::string& purpose, const std::string& text) const {
  return SplitMix64(base_ ^ HashString(text, HashString(purpose)));
}

std::string Masker::Shape(const std::string& s, const std::string& tweak) const {
  // One number per character class, permuted as a whole, so the output is
  // a bijection of the input among strings of the same shape. Runs longer
  // than 18 digits / 12 letters go in chunks (each chunk a bijection).
  std::string out = s;
  auto permute = [&](bool (*is)(char), uint64_t base, size_t chunk, const char* cls) {
    std::vector<size_t> pos;
    for (size_t i = 0; i < s.size(); ++i)
      if (is(s[i])) pos.push_back(i);
    for (size_t start = 0; start < pos.size(); start += chunk) {
      const size_t len = std::min(chunk, pos.size() - start);
      uint64_t n = 1, x = 0;
      for (size_t k = 0; k < len; ++k) {
        const char c = s[pos[start + k]];
        const uint64_t digit = base == 10 ? uint64_t(c - '0') : uint64_t(std::tolower(c) - 'a');
        x = x * base + digit, n *= base;
      }
      uint64_t y = Derange(Key(std::string("shape:") + cls, tweak + ':' + std::to_string(start) + ':' +
                                                              std::to_string(len)),
                           n, x);
      for (size_t k = len; k-- > 0; y /= base) {
        char& c = out[pos[start + k]];
        const char v = static_cast<char>(y % base);
        c = base == 10 ? static_cast<char>('0' + v)
                       : static_cast<char>((std::isupper(static_cast<unsigned char>(c)) ? 'A' : 'a') + v);
      }
    }
  };
  permute([](char c) { return c >= '0' && c <= '9'; }, 10, 18, "digits");
  permute([](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }, 26, 12, "letters");
  return out;
}

std::string Masker::Fake(const std::string& in, const PiiRule& rule) const {
  const std::string& cat = rule.category;
  const Digest256 d = hmac_("fake:" + cat + '\x1f' + in);
  const uint64_t a = Word64(d, 0), b = Word64(d, 1), c = Word64(d, 2);
  if (cat == "name") return FirstName(a) + " " + std::string(Pick("last_names", b));
  if (cat == "username") return Slug(FirstName(a)) + "_" + Token(c, 8);
  if (cat == "company")
    return std::string(Pick("last_names", a)) + " " + std::string(Pick("company_suffixes", b));
  if (cat == "email") {
    // A reserved domain (RFC 2606): a fake address can never reach anyone.
    // The 60-bit keyed token keeps distinct inputs distinct.
    static const char* domains[] = {"example.com", "example.net", "example.org"};
    return Slug(FirstName(a)) + "." + Slug(Pick("last_names", b)) + "." + Token(c, 12) +
           "@" + domains[Word64(d, 3) % 3];
  }
  if (cat == "address")
    return std::to_string(1 + a % 9899) + " " + FirstName(b) + " " + std::string(Pick("street_suffixes", c));
  if (cat == "date_of_birth") {
    int y, m, dd;
    if (ParseDate(in, y, m, dd)) {
      // 1 to 365 days either way: still a plausible birth date, never the same.
      const int64_t shift = static_cast<int64_t>(1 + a % 365) * (b & 1 ? 1 : -1);
      return DateText(DaysFromCivil(y, m, dd) + shift) + in.substr(10);
    }
  }
  if (cat == "ip") {
    if (uint64_t v; ParseIpv4(in, v)) {
      const uint64_t x = Derange(Key("ip", "v4"), uint64_t{1} << 32, v);
      return std::to_string(x >> 24) + "." + std::to_string((x >> 16) & 255) + "." +
             std::to_string((x >> 8) & 255) + "." + std::to_string(x & 255);
    }
    if (in.find(':') != std::string::npos) {  // IPv6: the documentation prefix 2001:db8::/32
      char buf[64];
      snprintf(buf, sizeof buf, "2001:db8:%x:%x:%x:%x:%x:%x", unsigned(a >> 48), unsigned(a >> 32 & 0xffff),
               unsigned(a >> 16 & 0xffff), unsigned(a & 0xffff), unsigned(b >> 48), unsigned(b >> 32 & 0xffff));
      return buf;
    }
  }
  if (cat == "geo") {
    char* end = nullptr;
    const double v = std::strtod(in.c_str(), &end);
    if (end && *end == '\0' && end != in.c_str()) {
      // Moved 0.01 to 0.1 degrees, to the input's decimals, kept in range.
      const size_t dot = in.find('.');
      const int decimals = dot == std::string::npos ? 4 : static_cast<int>(in.size() - dot - 1);
      const double shift = (0.01 + Unit(a) * 0.09) * (b & 1 ? 1 : -1);
      const double limit = std::fabs(v) > 90 ? 180 : 90;
      double out = v + shift;
      if (out > limit || out < -limit) out = v - shift;
      char buf[64];
      snprintf(buf, sizeof buf, "%.*f", std::max(decimals, 2), out);
      return buf;
    }
  }
  if (cat == "free_text") {
    std::string out;
    for (uint64_t i = 0; out.size() < std::max<size_t>(in.size(), 4); ++i)
      out += (out.empty() ? "" : " ") + std::string(Pick("lorem", Draw(a, i)));
    return out.substr(0, std::max<size_t>(in.size(), 4));
  }
  // phone, national_id, postal_code, license_number, financial, other:
  // the same shape with other digits and letters. A phone keeps its
  // country code.
  if (const size_t cc = CountryCode(in, cat)) return in.substr(0, cc) + Shape(in.substr(cc), cat);
  return Shape(in, cat);
}

std::string Masker::Partial(const std::string& in, const PiiRule& rule) const {
  const std::string& cat = rule.category;
  if (const size_t cc = CountryCode(in, cat)) {  // the country code stays
    PiiRule rest = rule;
    rest.category = "phone_local";
    return in.substr(0, cc) + Partial(in.substr(cc), rest);
  }
  if (cat == "email" && rule.keep_first < 0 && rule.keep_last < 0) {
    const size_t at = in.rfind('@');
    if (at != std::string::npos && at > 0) return Shape(in.substr(0, at), "partial:email") + in.substr(at);
  }
  if (cat == "date_of_birth") {  // keeps the year
    int y, m, d;
    if (ParseDate(in, y, m, d)) {
      const int64_t jan1 = DaysFromCivil(y, 1, 1), days = DaysFromCivil(y + 1, 1, 1) - jan1;
      return DateText(jan1 + static_cast<int64_t>(
                                      Derange(Key("partial:dob", std::to_string(y)), days,
                                              DaysFromCivil(y, m, d) - jan1))) +
             in.substr(10);
    }
  }
  // Defaults: a phone keeps its last 4 digits, a postal code its first 3
  // characters, anything else its first character.
  int first = rule.keep_first, last = rule.keep_last;
  if (first < 0 && last < 0) {
    if (cat == "phone" || cat == "phone_local") last = 4;
    else if (cat == "postal_code") first = 3;
    else first = 1;
  }
  first = std::max(first, 0), last = std::max(last, 0);
  if (static_cast<size_t>(first + last) >= in.size()) return Fake(in, rule);  // nothing left to hide
  const std::string middle = in.substr(first, in.size() - first - last);
  std::string masked = Shape(middle, "partial:" + cat);
  if (masked == middle) return Fake(in, rule);  // only punctuation in between
  return in.substr(0, first) + masked + in.substr(in.size() - last);
}

std::string Masker::Hash(const std::string& in, const PiiRule& rule) const {
  const Digest256 d = hmac_("hash:" + rule.category + '\x1f' + in);
  static const char kHex[] = "0123456789abcdef";
  std::string out;
  for (uint8_t byte : d) out += kHex[byte >> 4], out += kHex[byte & 15];
  return out.substr(0, std::clamp(rule.hash_length, 8, 64));
}

bool NeedsSecret(const std::string& strategy) {
  return strategy == "fake" || strategy == "partial" || strategy == "hash";
}

bool MaskUnkeyed(const Value& in, const PiiRule& rule, const std::string& strategy, Value& out) {
  if (strategy == "redact") {
    if (rule.redact_with) out.SetString(*rule.redact_with);
    else out.SetNull();
  } else if (in.is_null() || !NeedsSecret(strategy)) {
    out = in;
  } else {
    return false;
  }
  return true;
}

void Masker::Mask(const Value& in, const PiiRule& rule, const std::string& strategy, Value& out) const {
  if (MaskUnkeyed(in, rule, strategy, out)) return;
  const std::string text = in.ToText();
  std::string masked = strategy == "hash"      ? Hash(text, rule)
                       : strategy == "partial" ? Partial(text, rule)
                                               : Fake(text, rule);
  if (masked == text) masked = Hash(text, rule);  // e.g. a value with no letters or digits
  out.SetString(masked);
}

}  // namespace seed
