// Partition: worker K of N's share of every table, rows [K*n/N,
// (K+1)*n/N), so that N workers (processes, machines, an Indexed Job's
// pods) together write each row once with no coordination but the ledger,
// and their union is the single run's rows (`run` and `export`
// --partition K/N).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "engine/core/status.h"

namespace seed {

struct Partition {
  uint64_t k = 0, n = 1;  // this worker's index (from 0) and the worker count
  // Rows [begin, end) of a table of `rows` rows.
  uint64_t Begin(uint64_t rows) const;
  uint64_t End(uint64_t rows) const { return Begin(rows) + Size(rows); }
  uint64_t Size(uint64_t rows) const;
  std::string Tag() const;  // "" for one worker, else ".p02of16"
};
// Tables worker 0 seeds (or exports) whole rather than in shares: a NOT
// NULL cycle group, which loads in one transaction, and a table whose rows
// reference each other, so that a row never waits for another worker's.
struct TablePlan;
bool SeededWhole(const TablePlan& p);

// "k/N" with 0 <= k < N <= 4096.
Result<Partition> ParsePartition(std::string_view text);

}  // namespace seed
