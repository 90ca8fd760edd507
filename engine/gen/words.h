// Word lists compiled into the binary from data/words/*.txt (names,
// companies, streets, cities, lorem...). Parsed once, on first use.
#pragma once

#include <string_view>
#include <vector>

namespace seed {

struct EmbeddedWordList {
  const char* name;
  const char* text;  // one entry per line; '#' lines are comments
};
extern const EmbeddedWordList kEmbeddedWordLists[];
extern const int kEmbeddedWordListCount;

// The entries of list `name` (file name without .txt). Empty if unknown.
// The views point into static storage and live for the whole program.
const std::vector<std::string_view>& Words(std::string_view name);
std::vector<std::string_view> WordListNames();

}  // namespace seed
