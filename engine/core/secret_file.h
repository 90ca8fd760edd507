// Files that hold one secret (the masking secret, a database password),
// read the same way wherever the engine takes one.
#pragma once

#include <cstddef>
#include <string>

#include "engine/core/status.h"

namespace seed {

// The whole file at `path`, trailing line breaks dropped (an editor's or
// `echo`'s newline is not part of the secret). Refused when it cannot be
// read or holds more than `max_bytes`; messages start with `what` and the
// path, never with any of the contents.
Result<std::string> ReadSecretFile(const std::string& path, const std::string& what, size_t max_bytes);

}  // namespace seed
