// UTC timestamps as the ledger writes them (ISO 8601, "2026-12-03T17:08:14Z",
// which sort as text in time order) and the durations retention is
// declared in ("30d"). Seconds since the Unix epoch throughout.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "engine/core/status.h"

namespace seed {

int64_t NowSeconds();
// "%Y-%m-%dT%H:%M:%SZ"; with compact, "%Y%m%dT%H%M%SZ" (a directory name).
std::string FormatUtc(int64_t seconds, bool compact = false);
// A ledger timestamp back to seconds; none for anything else.
std::optional<int64_t> ParseUtc(const std::string& text);

// A count and a unit: s, m, h, d (days), w (weeks): "30d", "12h". Up to
// 100 years; negative and unitless numbers are refused with an example.
Result<int64_t> ParseDuration(const std::string& text);
// The largest whole unit up to days: 2592000 -> "30d", 90000 -> "25h",
// 0 -> "0s" (weeks read back as days: "2w" -> "14d").
std::string FormatDuration(int64_t seconds);
// An age for people: "3d 4h", "5h 12m", "40s".
std::string FormatAge(int64_t seconds);

// A point in time on a command line: "2026-12-01", "2026-12-01T08:00:00Z",
// or relative to `now`: "+7d" (a week from now), "-30d" (30 days ago).
Result<int64_t> ParseWhen(const std::string& text, int64_t now);

}  // namespace seed
