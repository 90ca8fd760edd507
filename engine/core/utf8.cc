#include "engine/core/utf8.h"

#include <utility>

namespace seed {

namespace {

bool Cont(unsigned char c) { return (c & 0xC0) == 0x80; }

// Pairs laid out upper, lower, upper, lower... from `first` to `last`
// (inclusive, both ends of the run); true and `out` set if cp is in the run
// and has the other case of the pair.
bool Paired(uint32_t cp, uint32_t first, uint32_t last, bool to_upper, uint32_t& out) {
  if (cp < first || cp > last) return false;
  const bool is_upper = (cp - first) % 2 == 0;
  if (is_upper == to_upper) return false;
  out = to_upper ? cp - 1 : cp + 1;
  return true;
}

// Letters outside any run: {from, to}. Greek final sigma, symbol variants
// (beta, theta, phi, pi, kappa, rho, lunate sigma, epsilon) and odd pairs.
constexpr std::pair<uint32_t, uint32_t> kUpperSingles[] = {
    {0x3AC, 0x386}, {0x3C2, 0x3A3}, {0x3CC, 0x38C}, {0x3CD, 0x38E}, {0x3CE, 0x38F}, {0x3D0, 0x392},
    {0x3D1, 0x398}, {0x3D5, 0x3A6}, {0x3D6, 0x3A0}, {0x3D7, 0x3CF}, {0x3F0, 0x39A}, {0x3F1, 0x3A1},
    {0x3F2, 0x3F9}, {0x3F3, 0x37F}, {0x3F5, 0x395}, {0x3F8, 0x3F7}, {0x3FB, 0x3FA}, {0x4CF, 0x4C0},
};
constexpr std::pair<uint32_t, uint32_t> kLowerSingles[] = {
    {0x37F, 0x3F3}, {0x386, 0x3AC}, {0x38C, 0x3CC}, {0x38E, 0x3CD}, {0x38F, 0x3CE}, {0x3CF, 0x3D7},
    {0x3F4, 0x3B8}, {0x3F7, 0x3F8}, {0x3F9, 0x3F2}, {0x3FA, 0x3FB}, {0x4C0, 0x4CF},
};

template <size_t N>
bool Lookup(const std::pair<uint32_t, uint32_t> (&table)[N], uint32_t cp, uint32_t& out) {
  for (const auto& [from, to] : table)
    if (from == cp) return out = to, true;
  return false;
}

}  // namespace

size_t Utf8Decode(std::string_view s, size_t pos, uint32_t& cp) {
  if (pos >= s.size()) return 0;
  const auto b = [&](size_t k) { return static_cast<unsigned char>(s[pos + k]); };
  const unsigned char c = b(0);
  const size_t left = s.size() - pos;
  cp = kUtf8Invalid;
  if (c < 0x80) {
    cp = c;
    return 1;
  }
  // Well-formed sequences per the Unicode Standard, table 3-7: the second
  // byte's range excludes overlong forms, surrogates and > U+10FFFF.
  size_t n;
  unsigned char lo = 0x80, hi = 0xBF;
  if (c >= 0xC2 && c <= 0xDF)
    n = 2;
  else if (c >= 0xE0 && c <= 0xEF)
    n = 3, lo = c == 0xE0 ? 0xA0 : 0x80, hi = c == 0xED ? 0x9F : 0xBF;
  else if (c >= 0xF0 && c <= 0xF4)
    n = 4, lo = c == 0xF0 ? 0x90 : 0x80, hi = c == 0xF4 ? 0x8F : 0xBF;
  else
    return 1;
  if (left < n || b(1) < lo || b(1) > hi) return 1;
  for (size_t k = 2; k < n; ++k)
    if (!Cont(b(k))) return 1;
  uint32_t v = c & (0xFF >> (n + 1));
  for (size_t k = 1; k < n; ++k) v = (v << 6) | (b(k) & 0x3F);
  cp = v;
  return n;
}

size_t Utf8CharSize(std::string_view s, size_t pos) {
  uint32_t cp;
  return Utf8Decode(s, pos, cp);
}

size_t Utf8Length(std::string_view s) {
  size_t n = 0;
  for (size_t pos = 0; pos < s.size(); ++n) pos += Utf8CharSize(s, pos);
  return n;
}

size_t Utf8Advance(std::string_view s, size_t pos, size_t n) {
  for (; n > 0 && pos < s.size(); --n) pos += Utf8CharSize(s, pos);
  return pos < s.size() ? pos : s.size();
}

std::string_view Utf8Substr(std::string_view s, size_t start, size_t count) {
  const size_t b = Utf8Advance(s, 0, start);
  return s.substr(b, Utf8Advance(s, b, count) - b);
}

void AppendUtf8(uint32_t cp, std::string& out) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

// The simple case mappings of UnicodeData.txt for the blocks named in
// utf8.h (checked against Python's unicodedata 14.0), written as runs: a block of letters at a
// fixed distance, or alternating upper/lower pairs.
uint32_t UpperCodePoint(uint32_t c) {
  uint32_t out;
  if (c >= 'a' && c <= 'z') return c - 32;
  if (c < 0xB5 || c > 0x52F) return c;
  if (c == 0xB5) return 0x39C;  // micro sign -> Greek capital mu
  if (c >= 0xE0 && c <= 0xFE && c != 0xF7) return c - 32;
  if (c == 0xFF) return 0x178;
  if (c == 0x131) return 'I';  // dotless i
  if (c == 0x17F) return 'S';  // long s
  if (Paired(c, 0x100, 0x12F, true, out) || Paired(c, 0x132, 0x137, true, out) ||
      Paired(c, 0x14A, 0x177, true, out))
    return out;
  // Runs that begin at an odd code point: pairs are odd upper, even lower.
  if (Paired(c, 0x139, 0x148, true, out) || Paired(c, 0x179, 0x17E, true, out)) return out;
  // Greek.
  if (Paired(c, 0x370, 0x373, true, out) || Paired(c, 0x376, 0x377, true, out) ||
      Paired(c, 0x3D8, 0x3EF, true, out))
    return out;
  if (c >= 0x37B && c <= 0x37D) return c + 0x82;
  if (c >= 0x3AD && c <= 0x3AF) return c - 37;
  if ((c >= 0x3B1 && c <= 0x3C1) || (c >= 0x3C3 && c <= 0x3CB)) return c - 32;
  if (Lookup(kUpperSingles, c, out)) return out;
  // Cyrillic.
  if (c >= 0x430 && c <= 0x44F) return c - 32;
  if (c >= 0x450 && c <= 0x45F) return c - 80;
  if (Paired(c, 0x460, 0x481, true, out) || Paired(c, 0x48A, 0x4BF, true, out) ||
      Paired(c, 0x4C1, 0x4CE, true, out) || Paired(c, 0x4D0, 0x52F, true, out))
    return out;
  return c;
}

uint32_t LowerCodePoint(uint32_t c) {
  uint32_t out;
  if (c >= 'A' && c <= 'Z') return c + 32;
  if (c < 0xC0 || c > 0x52F) return c;
  if (c <= 0xDE && c != 0xD7) return c + 32;
  if (c == 0x130) return 'i';  // capital I with dot above
  if (c == 0x178) return 0xFF;
  if (Paired(c, 0x100, 0x12F, false, out) || Paired(c, 0x132, 0x137, false, out) ||
      Paired(c, 0x14A, 0x177, false, out) || Paired(c, 0x139, 0x148, false, out) ||
      Paired(c, 0x179, 0x17E, false, out))
    return out;
  // Greek.
  if (Paired(c, 0x370, 0x373, false, out) || Paired(c, 0x376, 0x377, false, out) ||
      Paired(c, 0x3D8, 0x3EF, false, out))
    return out;
  if (c >= 0x388 && c <= 0x38A) return c + 37;
  if ((c >= 0x391 && c <= 0x3A1) || (c >= 0x3A3 && c <= 0x3AB)) return c + 32;
  if (c >= 0x3FD && c <= 0x3FF) return c - 0x82;
  if (Lookup(kLowerSingles, c, out)) return out;
  // Cyrillic.
  if (c >= 0x400 && c <= 0x40F) return c + 80;
  if (c >= 0x410 && c <= 0x42F) return c + 32;
  if (Paired(c, 0x460, 0x481, false, out) || Paired(c, 0x48A, 0x4BF, false, out) ||
      Paired(c, 0x4C1, 0x4CE, false, out) || Paired(c, 0x4D0, 0x52F, false, out))
    return out;
  return c;
}

namespace {

void AppendMapped(std::string_view s, std::string& out, uint32_t (*map)(uint32_t)) {
  out.reserve(out.size() + s.size());
  for (size_t pos = 0; pos < s.size();) {
    uint32_t cp;
    const size_t n = Utf8Decode(s, pos, cp);
    if (cp == kUtf8Invalid)
      out += s[pos];
    else
      AppendUtf8(map(cp), out);
    pos += n;
  }
}

}  // namespace

void AppendUtf8Upper(std::string_view s, std::string& out) { AppendMapped(s, out, UpperCodePoint); }
void AppendUtf8Lower(std::string_view s, std::string& out) { AppendMapped(s, out, LowerCodePoint); }

}  // namespace seed
