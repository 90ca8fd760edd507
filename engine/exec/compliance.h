// The compliance record (`audit --compliance`) and the pii trail report
// (`audit --runs`): documents generated from the specs and, when a
// database is named, its ledger. Both are built as JSON first and the
// Markdown is rendered from that JSON, so the two never say different
// things. Nothing in either is a value of a personal column.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/exec/retention.h"
#include "engine/spec/spec.h"

namespace seed {

struct ComplianceInput {
  const std::vector<TableSpec>* specs = nullptr;
  std::string spec_dir, spec_hash;
  RetentionDefaults defaults;
  int64_t now = 0;
  // From --db, when given: the database (redacted URL), its seeded tables'
  // retention, and the ledger's runs and pii trail.
  std::string database;
  std::vector<TableRetention> seeded;
  std::vector<LedgerRun> runs;
  std::vector<LedgerPii> trail;
};

nlohmann::ordered_json ComplianceRecord(const ComplianceInput& in);
std::string ComplianceMarkdown(const nlohmann::ordered_json& record);

// The pii trail by run: each run that wrote or erased personal columns,
// with who ran it where, oldest first; runs started before `since` (UTC
// seconds) left out.
nlohmann::ordered_json TrailRecord(const std::vector<LedgerRun>& runs, const std::vector<LedgerPii>& trail,
                                   std::optional<int64_t> since);
std::string TrailMarkdown(const nlohmann::ordered_json& record);

}  // namespace seed
