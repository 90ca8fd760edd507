#include "engine/gen/words.h"

#include <map>
#include <mutex>
#include <string>

namespace seed {

namespace {

std::map<std::string, std::vector<std::string_view>, std::less<>> ParseAll() {
  std::map<std::string, std::vector<std::string_view>, std::less<>> lists;
  for (int i = 0; i < kEmbeddedWordListCount; ++i) {
    auto& out = lists[kEmbeddedWordLists[i].name];
    std::string_view text(kEmbeddedWordLists[i].text);
    while (!text.empty()) {
      size_t nl = text.find('\n');
      std::string_view line = text.substr(0, nl);
      text.remove_prefix(nl == std::string_view::npos ? text.size() : nl + 1);
      while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.remove_suffix(1);
      if (!line.empty() && line[0] != '#') out.push_back(line);
    }
  }
  return lists;
}

const std::map<std::string, std::vector<std::string_view>, std::less<>>& All() {
  static const auto lists = ParseAll();  // thread-safe static init
  return lists;
}

}  // namespace

const std::vector<std::string_view>& Words(std::string_view name) {
  static const std::vector<std::string_view> kEmpty;
  auto it = All().find(name);
  return it == All().end() ? kEmpty : it->second;
}

std::vector<std::string_view> WordListNames() {
  std::vector<std::string_view> out;
  for (const auto& [k, v] : All()) out.push_back(k);
  return out;
}

}  // namespace seed
