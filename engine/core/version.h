// The engine's version, recorded in the run ledger with every run.
#pragma once

namespace seed {
inline constexpr const char* kEngineVersion = "0.2.0";
}  // namespace seed
