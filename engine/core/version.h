// The engine's version, recorded in the run ledger with every run.
#pragma once

namespace seed {
inline constexpr const char* kEngineVersion = "0.3.0";
}  // namespace seed
