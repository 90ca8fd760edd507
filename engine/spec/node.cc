#include "engine/spec/node.h"

#include <algorithm>

namespace seed {

const Node* Node::Find(const std::string& key) const {
  if (kind != Kind::kMap) return nullptr;
  for (const auto& [k, v] : entries)
    if (k.scalar == key) return &v;
  return nullptr;
}

Mark Node::PositionOf(size_t offset) const {
  Mark m = mark;
  if (!block_lines.empty()) {
    auto it = std::upper_bound(block_lines.begin(), block_lines.end(), offset,
                               [](size_t o, const std::pair<size_t, Mark>& l) { return o < l.first; });
    if (it == block_lines.begin()) return block_lines.front().second;
    --it;
    m = it->second;
    m.column += static_cast<int>(offset - it->first);
    return m;
  }
  if (!m.valid() || scalar.find('\n') != std::string::npos) return m;
  m.column += static_cast<int>(offset) + (quoted ? 1 : 0);
  return m;
}

std::string Node::Describe() const {
  switch (kind) {
    case Kind::kNull: return "nothing";
    case Kind::kScalar: return "'" + scalar + "'";
    case Kind::kSequence: return "a list";
    case Kind::kMap: return "a map";
  }
  return "?";
}

}  // namespace seed
