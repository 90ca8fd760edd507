// UTF-8 helpers: counting, slicing and simple case mapping by code point,
// for expression functions and length checks against VARCHAR(n), which
// counts characters, not bytes.
//
// Invalid input is never rejected and never split: a byte that does not
// begin a well-formed sequence (stray continuation byte, truncated or
// overlong sequence, surrogate, above U+10FFFF) counts as one character of
// its own and is passed through unchanged. So slicing valid text never cuts
// a character in half, and invalid bytes stay as they came. Pure functions;
// safe from any thread.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace seed {

// Bytes of the character at `pos` (1 for an invalid byte; 0 at the end).
size_t Utf8CharSize(std::string_view s, size_t pos);
// Characters (code points, invalid bytes counting one each) in `s`.
size_t Utf8Length(std::string_view s);
// Byte offset of the character `n` characters after byte `pos` (clamped to
// s.size()). `pos` must be at a character boundary.
size_t Utf8Advance(std::string_view s, size_t pos, size_t n);
// Characters [start, start + count) of `s`, 0-based, clamped to the text.
std::string_view Utf8Substr(std::string_view s, size_t start, size_t count);

// Decodes the character at `pos`; returns its byte size (0 at the end) and
// sets `cp`, or returns 1 with cp = kUtf8Invalid for an invalid byte.
inline constexpr uint32_t kUtf8Invalid = 0xFFFFFFFF;
size_t Utf8Decode(std::string_view s, size_t pos, uint32_t& cp);
void AppendUtf8(uint32_t cp, std::string& out);

// Simple one-to-one case mappings (UnicodeData.txt) for ASCII, Latin-1
// Supplement and Latin Extended-A (U+0000..U+017F), Greek and Coptic
// (U+0370..U+03FF), Cyrillic and its supplement (U+0400..U+052F); other
// code points map to themselves. No length-changing mappings: German sharp
// s stays as it is.
uint32_t UpperCodePoint(uint32_t cp);
uint32_t LowerCodePoint(uint32_t cp);
// Appends `s` upper- or lowercased by those mappings; invalid bytes copied.
void AppendUtf8Upper(std::string_view s, std::string& out);
void AppendUtf8Lower(std::string_view s, std::string& out);

}  // namespace seed
