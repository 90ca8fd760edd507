// Partition: worker K of N's share of every table, rows [K*n/N,
// (K+1)*n/N), so that N workers (processes, machines, an Indexed Job's
// pods) together write each row once with no coordination but the ledger,
// and their union is the single run's rows (`run` and `export`
// --partition K/N).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "engine/core/status.h"

namespace seed {

// How N workers share the work: the rows of every table (kRows), or whole
// tables (kTables), each written by the one worker AssignTables() names.
// A whole table keeps the one-writer bulk path (checks off, indexes built
// after the rows), and tables no dependency orders are written side by
// side; rows scale a single large table instead.
enum class Split { kRows, kTables };

// Rows [begin, end) of a table.
struct RowRange {
  uint64_t begin = 0, end = 0;
  uint64_t size() const { return end - begin; }
  bool operator==(const RowRange& o) const { return begin == o.begin && end == o.end; }
};

struct Partition {
  uint64_t k = 0, n = 1;  // this worker's index (from 0) and the worker count
  Split split = Split::kRows;
  // Rows [begin, end) of a table of `rows` rows.
  uint64_t Begin(uint64_t rows) const;
  uint64_t End(uint64_t rows) const { return Begin(rows) + Size(rows); }
  uint64_t Size(uint64_t rows) const;
  std::string Tag() const;  // "" for one worker, else ".p02of16"
  // The lease a worker holds: "run K/N", or "run K/N tables", so that
  // workers cutting one run two ways (both would write some rows of a
  // table) exclude each other. The numbers as parsed: "01/2" is worker 1.
  std::string LeaseName() const;
};
// Tables worker 0 seeds (or exports) whole rather than in shares of rows: a
// NOT NULL cycle group, which loads in one transaction, and a table whose
// rows reference each other, so that a row never waits for another worker's.
struct TablePlan;
bool SeededWhole(const TablePlan& p);

// For Split::kTables: the worker of each of plan.tables(), by the same
// arithmetic in every worker. Tables are taken in plan order (the order a
// worker seeds its own in), each by the worker that can start it soonest,
// after its parents' estimated end (rows times columns), and on a tie by
// the one left idle the shortest; a cycle group goes whole to one worker.
class Plan;
std::vector<uint64_t> AssignTables(const Plan& plan, uint64_t workers);

// "k/N" with 0 <= k < N <= 4096.
Result<Partition> ParsePartition(std::string_view text);
// "rows" or "tables".
Result<Split> ParseSplit(std::string_view text);

}  // namespace seed
