#include "engine/spec/node.h"

namespace seed {

const Node* Node::Find(const std::string& key) const {
  if (kind != Kind::kMap) return nullptr;
  for (const auto& [k, v] : entries)
    if (k.scalar == key) return &v;
  return nullptr;
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
