// Checks a planned table against the live schema before anything is
// written: every problem becomes a drift error (exit 3) naming table.column
// and the fix. Also decides which columns the run writes.
#pragma once

#include <string>
#include <vector>

#include "engine/core/status.h"
#include "engine/driver/driver.h"
#include "engine/plan/plan.h"

namespace seed {

// Adds every mismatch between `plan` and `schema` to `diag` (Code::kDrift).
// Returns the spec columns to write, in spec order.
std::vector<int> CheckSchema(const TablePlan& plan, const TableSchema& schema, const Catalog& catalog,
                             Diagnostics& diag);

// CheckSchema() for one written column and its generator.
void CheckColumn(const TablePlan& plan, const ColumnSpec& spec, const Generator& gen, const ColumnInfo& column,
                 const Catalog& catalog, Diagnostics& diag);

// Why `v` cannot be stored in `column`, or "" when it fits. Used per row.
std::string RowProblem(const Value& v, const ColumnInfo& column);

}  // namespace seed
