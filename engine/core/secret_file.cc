#include "engine/core/secret_file.h"

#include <fstream>
#include <iterator>

namespace seed {

Result<std::string> ReadSecretFile(const std::string& path, const std::string& what, size_t max_bytes) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::Usage(what + " " + path + ": cannot read the file");
  std::string s((std::istreambuf_iterator<char>(in)), {});
  if (in.bad()) return Status::Usage(what + " " + path + ": cannot read the file");
  if (s.size() > max_bytes)
    return Status::Usage(what + " " + path + ": longer than " + std::to_string(max_bytes) + " bytes");
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r')) s.pop_back();
  return s;
}

}  // namespace seed
