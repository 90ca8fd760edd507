#include "engine/core/rotating_file.h"

#include <charconv>
#include <cstdlib>
#include <cstring>
#include <filesystem>

namespace seed {

namespace {

template <typename T>
void FromEnv(const char* name, T& value, T least, T most) {
  const char* text = std::getenv(name);
  if (!text) return;
  T v{};
  auto [end, ec] = std::from_chars(text, text + std::strlen(text), v);
  if (ec == std::errc() && *end == '\0' && v >= least && v <= most) value = v;
}

}  // namespace

RotationLimits RotationLimits::FromEnvironment() {
  RotationLimits l;
  FromEnv<uint64_t>("SEED_LOG_MAX_BYTES", l.max_bytes, 1024, uint64_t{1} << 40);
  FromEnv<int>("SEED_LOG_KEEP", l.keep, 0, 100);
  return l;
}

bool RotatingFile::Open(const std::string& path, RotationLimits limits) {
  path_ = path, limits_ = limits;
  std::error_code ec;
  const uintmax_t size = std::filesystem::file_size(path, ec);
  bytes_ = ec ? 0 : size;
  out_.open(path, std::ios::app | std::ios::binary);
  return out_.is_open();
}

void RotatingFile::Append(const std::string& text) {
  if (!out_.is_open()) return;
  if (bytes_ > 0 && bytes_ + text.size() > limits_.max_bytes) Rotate();
  out_ << text;
  out_.flush();
  bytes_ += text.size();
}

void RotatingFile::Rotate() {
  namespace fs = std::filesystem;
  out_.close();
  std::error_code ec;
  const auto numbered = [&](int n) { return path_ + "." + std::to_string(n); };
  if (limits_.keep == 0) {
    fs::remove(path_, ec);
  } else {
    fs::remove(numbered(limits_.keep), ec);
    for (int n = limits_.keep - 1; n >= 1; --n) fs::rename(numbered(n), numbered(n + 1), ec);
    fs::rename(path_, numbered(1), ec);
  }
  out_.open(path_, std::ios::app | std::ios::binary);
  bytes_ = 0;
}

}  // namespace seed
