// Whole-file reads and writes for the commands that write specs (init,
// new): errors are Status values naming the file.
#pragma once

#include <string>

#include "engine/core/status.h"

namespace seed {

Result<std::string> ReadTextFile(const std::string& path);
// Replaces the file's content (created if missing).
Status WriteTextFile(const std::string& path, const std::string& text);

}  // namespace seed
