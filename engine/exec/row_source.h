// RowSource: regenerates a table's rows by index for rollback and preview.
// Generated tables compute any row directly; a table with a source reads
// its real rows forward (reopening to go back), so ascending access is one
// pass.
#pragma once

#include <memory>
#include <vector>

#include "engine/core/status.h"
#include "engine/plan/plan.h"
#include "engine/source/source.h"

namespace seed {

class RowSource {
 public:
  // `keys` (may be null) places the keys as the seeding did; it must
  // outlive the RowSource.
  RowSource(const TablePlan& p, const KeyBases* keys, Driver* source_db) : p_(p), db_(source_db) {
    state_.keys = keys;
  }
  // Fills values[0..columns) with row `row` as seeded.
  Status Row(uint64_t row, Value* values);

 private:
  const TablePlan& p_;
  Driver* db_;
  TableModel::RowState state_;
  std::unique_ptr<SourceReader> reader_;
  uint64_t next_ = 0;  // the row the reader yields next
  std::vector<Value> fields_;
};

}  // namespace seed
