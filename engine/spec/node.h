// Node: the engine's own YAML tree, converted once from yaml-cpp so the rest
// of the engine never touches yaml-cpp (and its iterator pitfalls). Every
// node, map keys included, keeps its Mark.
#pragma once

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "engine/core/mark.h"

namespace seed {

struct NodeEntry;

struct Node {
  enum class Kind { kNull, kScalar, kSequence, kMap };
  Kind kind = Kind::kNull;
  std::string scalar;  // kScalar: the text as written
  bool quoted = false;  // kScalar written in quotes: never a number or bool
  std::vector<Node> items;                      // kSequence
  // kMap, in file order. Not std::pair<Node, Node>: a pair needs complete
  // types where it is named, and Node is incomplete here (clang refuses).
  std::vector<NodeEntry> entries;
  Mark mark;
  // A block scalar (`|`, `>`): where each source line's text starts in
  // `scalar`, and its position in the file.
  std::vector<std::pair<size_t, Mark>> block_lines;

  bool IsNull() const { return kind == Kind::kNull; }
  bool IsScalar() const { return kind == Kind::kScalar; }
  bool IsSequence() const { return kind == Kind::kSequence; }
  bool IsMap() const { return kind == Kind::kMap; }
  // Map lookup by key text; nullptr when absent or not a map.
  const Node* Find(const std::string& key) const;
  // A short description for error messages: "a map", "the string 'x'".
  std::string Describe() const;
  // The position in the file of byte `offset` of a scalar's text: past the
  // opening quote of a quoted one, through the source lines of a block
  // scalar; the node's own mark for a plain scalar over several lines.
  Mark PositionOf(size_t offset) const;
};

struct NodeEntry {
  Node first;   // the key
  Node second;  // the value
};

}  // namespace seed
