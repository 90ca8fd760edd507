// Masking: keyed, deterministic, format-keeping, never the input; checked
// over 100,000 real-looking values per category.
#include <catch2/catch.hpp>

#include <regex>
#include <set>

#include "engine/gen/rng.h"
#include "engine/pii/hmac.h"
#include "engine/pii/masker.h"

namespace seed {
namespace {

std::string Hex(const Digest256& d) {
  static const char k[] = "0123456789abcdef";
  std::string out;
  for (uint8_t b : d) out += k[b >> 4], out += k[b & 15];
  return out;
}

PiiRule Rule(const std::string& category) {
  PiiRule r;
  r.category = category;
  return r;
}

std::string Mask(const Masker& m, const std::string& in, const std::string& category,
                 const std::string& strategy) {
  Value v, out;
  v.SetString(in);
  m.Mask(v, Rule(category), strategy, out);
  return out.ToText();
}

// Real-looking inputs, distinct per index.
std::string Email(uint64_t i) { return "person" + std::to_string(i) + (i % 3 ? ".x" : "") + "@corp" + std::to_string(i % 50) + ".com"; }
std::string Phone(uint64_t i) {
  char b[32];
  snprintf(b, sizeof b, "+1 (%03d) %03d-%04d", int(200 + (i / 10000000) % 800), int((i / 10000) % 1000),
           int(i % 10000));
  return b;
}
std::string Ssn(uint64_t i) {
  char b[16];
  snprintf(b, sizeof b, "%03d-%02d-%04d", int(100 + i / 1000000), int((i / 10000) % 100), int(i % 10000));
  return b;
}

constexpr int kInputs = 100000;

}  // namespace

TEST_CASE("HMAC-SHA-256 matches RFC 4231", "[pii]") {
  CHECK(Hex(Sha256("abc")) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK(Hex(HmacSha256(std::string(20, '\x0b'), "Hi There")) ==
        "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
  CHECK(Hex(HmacSha256("Jefe", "what do ya want for nothing?")) ==
        "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  CHECK(Hex(HmacSha256(std::string(131, '\xaa'), "Test Using Larger Than Block-Size Key - Hash Key First")) ==
        "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
}

TEST_CASE("Permutation::Inverse undoes the permutation", "[pii]") {
  for (uint64_t n : {2ull, 10ull, 1000ull, 100000ull, 1ull << 32}) {
    const Permutation p(0x1234 + n, n);
    for (uint64_t x = 0; x < std::min<uint64_t>(n, 5000); ++x) REQUIRE(p.Inverse(p(x)) == x);
  }
}

TEST_CASE("fake and partial emails: valid, never the input, unique, deterministic", "[pii]") {
  const Masker m("project-secret"), again("project-secret"), other("another-secret");
  const std::regex email(R"(^[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[a-z]{2,}$)");
  for (const std::string strategy : {"fake", "partial"}) {
    std::set<std::string> seen;
    for (uint64_t i = 0; i < kInputs; ++i) {
      const std::string in = Email(i), out = Mask(m, in, "email", strategy);
      REQUIRE(out != in);
      REQUIRE(std::regex_match(out, email));
      if (strategy == "partial") REQUIRE(out.substr(out.find('@')) == in.substr(in.find('@')));
      if (i % 97 == 0) {
        REQUIRE(Mask(again, in, "email", strategy) == out);
        REQUIRE(Mask(other, in, "email", strategy) != out);
      }
      seen.insert(out);
    }
    CHECK(seen.size() == kInputs);
  }
}

TEST_CASE("phones and national ids keep their shape, stay unique, never equal the input", "[pii]") {
  const Masker m("project-secret");
  auto shape = [](std::string s) {
    for (char& c : s) c = std::isdigit(static_cast<unsigned char>(c)) ? '9' : c;
    return s;
  };
  for (const std::string strategy : {"fake", "partial"}) {
    std::set<std::string> phones, ids;
    for (uint64_t i = 0; i < kInputs; ++i) {
      const uint64_t k = SplitMix64(i) % 8000000000ull;
      const std::string p = Phone(k), po = Mask(m, p, "phone", strategy);
      REQUIRE(po != p);
      REQUIRE(shape(po) == shape(p));
      REQUIRE(po.substr(0, 3) == "+1 ");  // country code kept
      if (strategy == "partial") REQUIRE(po.substr(po.size() - 4) == p.substr(p.size() - 4));
      phones.insert(po);
      const std::string s = Ssn(SplitMix64(i + 7) % 899999999), so = Mask(m, s, "national_id", strategy);
      REQUIRE(so != s);
      REQUIRE(shape(so) == shape(s));
      ids.insert(s + "|" + so);
    }
    if (strategy == "fake") CHECK(phones.size() == std::set<std::string>(phones).size());
  }
  // Distinct inputs, distinct fakes: the digit permutation is a bijection.
  std::set<std::string> in, out;
  for (uint64_t i = 0; i < kInputs; ++i) {
    const std::string p = Phone(i * 7919 % 8000000000ull);
    if (in.insert(p).second) out.insert(Mask(m, p, "phone", "fake"));
  }
  CHECK(out.size() == in.size());
}

TEST_CASE("dates of birth stay valid dates near the input, IPs stay valid addresses", "[pii]") {
  const Masker m("project-secret");
  const std::regex date(R"(^(19|20)\d\d-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$)");
  std::set<std::string> ips;
  for (uint64_t i = 0; i < kInputs; ++i) {
    char in[16];
    snprintf(in, sizeof in, "%04d-%02d-%02d", int(1940 + i % 60), int(1 + i % 12), int(1 + i % 28));
    const std::string fake = Mask(m, in, "date_of_birth", "fake"), part = Mask(m, in, "date_of_birth", "partial");
    REQUIRE(fake != in);
    REQUIRE(std::regex_match(fake, date));
    REQUIRE(std::abs(std::stoi(fake.substr(0, 4)) - std::stoi(std::string(in).substr(0, 4))) <= 1);
    REQUIRE(part != in);
    REQUIRE(part.substr(0, 4) == std::string(in).substr(0, 4));  // partial keeps the year
    const std::string ip = std::to_string(10 + i % 200) + "." + std::to_string(i / 65536 % 256) + "." +
                           std::to_string(i / 256 % 256) + "." + std::to_string(i % 256);
    const std::string ipo = Mask(m, ip, "ip", "fake");
    unsigned a, b, c, d;
    REQUIRE(ipo != ip);
    REQUIRE(sscanf(ipo.c_str(), "%u.%u.%u.%u", &a, &b, &c, &d) == 4);
    REQUIRE((a < 256 && b < 256 && c < 256 && d < 256));
    ips.insert(ipo);
  }
  CHECK(ips.size() == kInputs);
}

TEST_CASE("hash, redact, keep and NULL", "[pii]") {
  const Masker m("project-secret");
  PiiRule r = Rule("name");
  Value in, out;
  in.SetString("Jane Roe");
  m.Mask(in, r, "hash", out);
  CHECK(out.s.size() == 16);
  CHECK(out.s.find_first_not_of("0123456789abcdef") == std::string::npos);
  Value again;
  m.Mask(in, r, "hash", again);
  CHECK(again.s == out.s);
  m.Mask(in, r, "redact", out);
  CHECK(out.is_null());
  r.redact_with = "[removed]";
  m.Mask(in, r, "redact", out);
  CHECK(out.s == "[removed]");
  m.Mask(in, r, "keep", out);
  CHECK(out.s == "Jane Roe");
  Value null;
  m.Mask(null, r, "fake", out);
  CHECK(out.is_null());
  for (uint64_t i = 0; i < kInputs; ++i) {
    const std::string name = "Given" + std::to_string(i) + " Family" + std::to_string(i % 977);
    REQUIRE(Mask(m, name, "name", "fake") != name);
    REQUIRE(Mask(m, name, "name", "partial") != name);
    const std::string zip = std::to_string(10000 + i % 89999);
    const std::string pz = Mask(m, zip, "postal_code", "partial");
    REQUIRE(pz != zip);
    REQUIRE(pz.substr(0, 3) == zip.substr(0, 3));
  }
}

}  // namespace seed
