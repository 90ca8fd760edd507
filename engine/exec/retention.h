// Retention: which seeded tables have outlived what their specs allow
// (TableSpec::retention), judged from the ledger's record of when each was
// seeded: the start of the run that began it, in that run's environment.
// `expire` rolls back what this finds; `status` shows it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine/exec/ledger.h"
#include "engine/plan/plan.h"
#include "engine/spec/spec.h"

namespace seed {

// For tables whose spec declares no retention: --retention, and for tables
// of real (masked) rows --real-data-retention, usually shorter. Either may
// be empty (no limit).
struct RetentionDefaults {
  RetentionSpec generated;
  RetentionSpec real_data;
};

// The limit `defaults` and the spec give a table in `env` (the spec's own
// first), and where it came from: spec, --retention or
// --real-data-retention. None without a limit (kKeepForever included).
std::optional<int64_t> LimitOf(const TableSpec& spec, const RetentionDefaults& defaults, const std::string& env,
                               std::string* from);

struct TableRetention {
  std::string table, run_id, env;  // the run that seeded it, and its environment
  std::optional<int64_t> seeded_at;  // UTC seconds; none if the ledger's time is unreadable
  std::optional<int64_t> limit;      // seconds; none: kept until rolled back
  std::string limit_from;            // spec, --retention, --real-data-retention; "" without a limit
  bool in_specs = true;  // false: no spec names the table any more, so no retention applies
  bool expired = false;  // past its own limit
  // Not expired itself, but its rows reference an expired table's (directly
  // or through others), so they go with it: that table.
  std::string taken_with;
  std::optional<int64_t> ExpiresAt() const {
    return seeded_at && limit && *limit != kKeepForever ? std::optional<int64_t>(*seeded_at + *limit) : std::nullopt;
  }
  bool due() const { return expired || !taken_with.empty(); }
};

// Every table the ledger holds, oldest seeding first (then by name), as of
// `now` (UTC seconds).
// `plan` gives the specs and which table references which.
std::vector<TableRetention> Retentions(const Plan& plan, const Ledger& ledger,
                                       const std::vector<LedgerRun>& runs, const RetentionDefaults& defaults,
                                       int64_t now);

// The tables due at `now`, in groups to roll back one after the other: one
// per seeding run, oldest first, each holding the run's expired tables and
// every seeded table that references them (and is not in an earlier group).
std::vector<std::vector<std::string>> ExpiryGroups(const std::vector<TableRetention>& tables);

}  // namespace seed
