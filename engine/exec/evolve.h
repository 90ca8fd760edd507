// Schema evolution in place: a seeded table whose spec gained columns that
// the database has too (ALTER TABLE ... ADD COLUMN, and the spec edit) gets
// them filled for its seeded rows, with the values a fresh seeding would
// give, instead of a reseed of it and everything that depends on it.
//
// Only when the seeded rows are still the ones the new spec describes:
// same seed and row count, no row skipped when seeded, every column the
// seeding wrote still written, and, checked while filling, those columns'
// regenerated values still matching the ledger's batch digests (a new
// column that changes an old one's values, through an expression, say,
// stops the fill). The ledger then records the new spec, the columns
// written and each batch's digest over them, so resume and rollback treat
// the rows as seeded by the new spec.
#pragma once

#include <string>
#include <vector>

#include "engine/core/log.h"
#include "engine/core/status.h"
#include "engine/driver/driver.h"
#include "engine/exec/ledger.h"
#include "engine/plan/plan.h"

namespace seed {

// The spec columns a run would write (`write`) that the seeding did not:
// what an evolution fills. Sets *why_not, and returns none, when `p`'s
// seeded rows (ledger records `t`, `batches`) cannot be evolved.
std::vector<int> AddedColumns(const TablePlan& p, const LedgerTable& t, const std::vector<LedgerBatch>& batches,
                              const std::vector<int>& write, uint64_t seed, std::string* why_not);

// Fills `added` for every seeded row of `p` and records the new spec in
// the ledger, in one transaction (all or nothing; a rerun starts over).
// `keys` places the keys as the seeding did. Returns the rows filled.
Result<uint64_t> Evolve(const TablePlan& p, const TableSchema& schema, const std::vector<int>& write,
                        const std::vector<int>& added, Driver& db, Ledger& ledger, const KeyBases& keys,
                        Driver* source_db);

}  // namespace seed
