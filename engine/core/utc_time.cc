#include "engine/core/utc_time.h"

#include <ctime>

namespace seed {

namespace {

constexpr int64_t kMaxDuration = int64_t{100} * 366 * 86400;

// The unit's length in seconds, 0 for no unit.
int64_t UnitSeconds(char unit) {
  switch (unit) {
    case 's': return 1;
    case 'm': return 60;
    case 'h': return 3600;
    case 'd': return 86400;
    case 'w': return 7 * 86400;
    default: return 0;
  }
}

}  // namespace

int64_t NowSeconds() { return static_cast<int64_t>(std::time(nullptr)); }

std::string FormatUtc(int64_t seconds, bool compact) {
  const std::time_t t = static_cast<std::time_t>(seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, compact ? "%Y%m%dT%H%M%SZ" : "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

std::optional<int64_t> ParseUtc(const std::string& text) {
  std::tm tm{};
  const char* end = strptime(text.c_str(), "%Y-%m-%dT%H:%M:%SZ", &tm);
  if (!end || *end) {
    tm = std::tm{};
    end = strptime(text.c_str(), "%Y-%m-%d", &tm);
    if (!end || *end) return std::nullopt;
  }
  return static_cast<int64_t>(timegm(&tm));
}

Result<int64_t> ParseDuration(const std::string& text) {
  const std::string example = "; write a count and a unit: 30d, 12h, 2w (s, m, h, d, w)";
  if (text.size() < 2 || text.size() > 12 || !UnitSeconds(text.back()))
    return Status::Usage("'" + text + "' is not a duration" + example);
  int64_t n = 0;
  for (size_t i = 0; i + 1 < text.size(); ++i) {
    if (text[i] < '0' || text[i] > '9') return Status::Usage("'" + text + "' is not a duration" + example);
    n = n * 10 + (text[i] - '0');
  }
  const int64_t seconds = n * UnitSeconds(text.back());  // at most 11 digits times a week: no overflow
  if (seconds > kMaxDuration) return Status::Usage("'" + text + "' is longer than 100 years");
  return seconds;
}

std::string FormatDuration(int64_t seconds) {
  for (char unit : {'d', 'h', 'm'})
    if (seconds > 0 && seconds % UnitSeconds(unit) == 0) return std::to_string(seconds / UnitSeconds(unit)) + unit;
  return std::to_string(seconds) + "s";
}

std::string FormatAge(int64_t seconds) {
  if (seconds < 0) seconds = 0;
  const int64_t d = seconds / 86400, h = seconds % 86400 / 3600, m = seconds % 3600 / 60;
  if (d) return std::to_string(d) + "d " + std::to_string(h) + "h";
  if (h) return std::to_string(h) + "h " + std::to_string(m) + "m";
  if (m) return std::to_string(m) + "m " + std::to_string(seconds % 60) + "s";
  return std::to_string(seconds) + "s";
}

Result<int64_t> ParseWhen(const std::string& text, int64_t now) {
  if (!text.empty() && (text[0] == '+' || text[0] == '-')) {
    Result<int64_t> d = ParseDuration(text.substr(1));
    if (!d.ok()) return d.status();
    return text[0] == '+' ? now + *d : now - *d;
  }
  if (std::optional<int64_t> t = ParseUtc(text)) return *t;
  return Status::Usage("'" + text + "' is not a time; write 2026-12-01, 2026-12-01T08:00:00Z, or -30d / +7d"
                       " from now");
}

}  // namespace seed
