// UTF-8 helpers: code point counts and slices, case mapping, and the
// behaviour on invalid input (each invalid byte is one character, kept as is).
#include "engine/core/utf8.h"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

namespace seed {

TEST_CASE("Utf8Length counts code points, an invalid byte as one", "[utf8]") {
  const std::vector<std::pair<std::string, size_t>> cases = {
      {"", 0},
      {"abc", 3},
      {"h\xC3\xA9llo", 5},      // é
      {"\xF0\x9F\x98\x80", 1},  // 😀
      {"\xE2\x82\xAC", 1},      // €
      {"\xFF", 1},              // never valid
      {"\x80\x80", 2},          // stray continuation bytes
      {"\xC3", 1},              // truncated 2-byte sequence
      {"\xE2\x82", 2},          // truncated 3-byte sequence
      {"\xC0\xAF", 2},          // overlong '/'
      {"\xE0\x80\xAF", 3},      // overlong '/'
      {"\xED\xA0\x80", 3},      // surrogate U+D800
      {"\xF4\x90\x80\x80", 4},  // above U+10FFFF
      {"a\xC3\x62", 3},         // lead byte followed by ASCII 'b'
  };
  for (const auto& [text, n] : cases) {
    INFO(text);
    CHECK(Utf8Length(text) == n);
  }
}

TEST_CASE("Utf8Substr never cuts a valid character in half", "[utf8]") {
  CHECK(Utf8Substr("h\xC3\xA9llo", 0, 2) == "h\xC3\xA9");
  CHECK(Utf8Substr("h\xC3\xA9llo", 1, 1) == "\xC3\xA9");
  CHECK(Utf8Substr("\xF0\x9F\x98\x80\x61", 1, 5) == "a");
  CHECK(Utf8Substr("abc", 5, 1) == "");
  CHECK(Utf8Substr("abc", 1, static_cast<size_t>(-1)) == "bc");
  // Slicing every string of a mixed sample one character at a time gives
  // back the string, and each piece is one valid character or one byte.
  const std::vector<std::string> sample = {"h\xC3\xA9llo \xF0\x9F\x98\x80", "\xFF\xC3\xA9\xC3",
                                           "\xE2\x82\x61\xED\xA0\x80",
                                           "\xF4\x8F\xBF\xBF\xF4\x90\x80\x80"};
  for (const std::string& s : sample) {
    std::string joined;
    for (size_t i = 0; i < Utf8Length(s); ++i) {
      const std::string_view piece = Utf8Substr(s, i, 1);
      uint32_t cp;
      const size_t n = Utf8Decode(piece, 0, cp);
      CHECK(n == piece.size());
      CHECK((cp != kUtf8Invalid || piece.size() == 1));
      joined += piece;
    }
    CHECK(joined == s);
  }
}

TEST_CASE("upper and lower map Latin-1, Latin Extended-A, Greek and Cyrillic", "[utf8]") {
  auto upper = [](const std::string& s) {
    std::string out;
    AppendUtf8Upper(s, out);
    return out;
  };
  auto lower = [](const std::string& s) {
    std::string out;
    AppendUtf8Lower(s, out);
    return out;
  };
  CHECK(upper("h\xC3\xA9llo") == "H\xC3\x89LLO");  // héllo -> HÉLLO
  CHECK(upper("\xC3\xBF") == "\xC5\xB8");          // ÿ -> Ÿ
  CHECK(lower("\xC5\xB8") == "\xC3\xBF");
  CHECK(upper("\xC3\x9F") == "\xC3\x9F");  // ß has no one-character capital
  CHECK(lower("\xC4\xB0") == "i");         // İ -> i
  CHECK(upper("\xC4\xB1") == "I");         // ı -> I
  CHECK(upper("\xCF\x82") == "\xCE\xA3");  // final ς -> Σ
  CHECK(lower("\xD0\x81") == "\xD1\x91");  // Ё -> ё
  CHECK(upper("\xD3\x82") == "\xD3\x81");  // ӂ -> Ӂ
  // Round trips over whole alphabets.
  for (uint32_t c = 0x430; c <= 0x44F; ++c) CHECK(LowerCodePoint(UpperCodePoint(c)) == c);
  for (uint32_t c = 0x3B1; c <= 0x3C9; ++c)
    if (c != 0x3C2) CHECK(LowerCodePoint(UpperCodePoint(c)) == c);
  for (uint32_t c = 0xE0; c <= 0xFE; ++c)
    if (c != 0xF7) CHECK(LowerCodePoint(UpperCodePoint(c)) == c);
  // Outside the tables, and invalid bytes, pass through unchanged.
  CHECK(upper("\xE6\x97\xA5") == "\xE6\x97\xA5");  // 日
  CHECK(upper("a\xFF\xC3") == "A\xFF\xC3");
  CHECK(lower("\xED\xA0\x80Z") == "\xED\xA0\x80z");
}

}  // namespace seed
