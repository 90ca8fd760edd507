// Loads a YAML file into the engine's own Node tree. The only code (with
// spec_parser) that sees yaml-cpp. Hostile input is bounded: file size,
// nesting depth and the number of nodes visited (alias expansion counts, so
// "billion laughs" documents stop early with a clear error).
#pragma once

#include <string>

#include "engine/core/status.h"
#include "engine/spec/node.h"

namespace seed {

struct YamlLimits {
  size_t max_bytes = 4 << 20;   // 4 MiB per spec file
  int max_depth = 64;
  size_t max_nodes = 200000;    // after alias expansion
};

// Parses `text` (named `file` in marks). Marks are 1-based.
Result<Node> LoadYamlString(const std::string& text, const std::string& file,
                            const YamlLimits& limits = {});
Result<Node> LoadYamlFile(const std::string& path, const YamlLimits& limits = {});

}  // namespace seed
