// RotatingFile: an append-only text file (the --log-file, the rollback
// audit file) that never grows without bound. Before a line would take the
// file past `max_bytes`, it is renamed to PATH.1 (PATH.1 to PATH.2, ...,
// the oldest of `keep` dropped) and a new PATH is started, so the files
// hold at most about (keep + 1) * max_bytes. Lines are never split.
// Rotation is by one process at a time: two runs appending to one file may
// rotate it twice (no line is lost, a file may end up smaller).
#pragma once

#include <cstdint>
#include <fstream>
#include <string>

namespace seed {

struct RotationLimits {
  uint64_t max_bytes = 10 << 20;  // 10 MiB per file
  int keep = 5;                   // PATH.1 .. PATH.5 kept beside PATH
  // SEED_LOG_MAX_BYTES and SEED_LOG_KEEP where set (and valid).
  static RotationLimits FromEnvironment();
};

class RotatingFile {
 public:
  RotatingFile() = default;
  bool Open(const std::string& path, RotationLimits limits);
  bool is_open() const { return out_.is_open(); }
  // Appends one line (`text` ends with a newline), rotating first if needed.
  void Append(const std::string& text);

 private:
  void Rotate();
  std::string path_;
  RotationLimits limits_;
  std::ofstream out_;
  uint64_t bytes_ = 0;
};

}  // namespace seed
