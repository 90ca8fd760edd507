// Mark: a position in a spec file, carried by every parsed node and error.
#pragma once

#include <string>

namespace seed {

struct Mark {
  std::string file;
  int line = 0;    // 1-based; 0 means "no position"
  int column = 0;  // 1-based

  bool valid() const { return line > 0; }
  // "file:line:col", or just "file" when there is no position.
  std::string ToString() const {
    if (!valid()) return file;
    return file + ":" + std::to_string(line) + ":" + std::to_string(column);
  }
};

}  // namespace seed
