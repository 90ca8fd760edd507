// PII review of spec trees: the lint (personal-looking columns without a
// rule), the inventory reviewers read, and the diff that fails CI when a
// change weakens masking.
#pragma once

#include <string>
#include <vector>

#include "engine/core/status.h"
#include "engine/spec/spec.h"

namespace seed {

// Why the column looks personal ("its name has 'email'", "generator
// 'phone'"), or "" if it does not.
std::string LooksPersonal(const ColumnSpec& column);

// One error (file:line:col) per personal-looking column without a pii rule.
void LintPii(const std::vector<TableSpec>& specs, Diagnostics& diag);

struct PiiEntry {
  std::string table, column, category, reason, source;
  std::string dev, staging, production;  // effective strategies
};

// Every column with a pii rule (category none included), in spec order.
std::vector<PiiEntry> PiiInventory(const std::vector<TableSpec>& specs);
std::string InventoryMarkdown(const std::vector<PiiEntry>& entries);
std::string InventoryJson(const std::vector<PiiEntry>& entries);

// What `after` weakens relative to `before`: lost rules, weaker dev or
// staging strategies, new personal-looking columns without a rule.
std::vector<std::string> PiiWeakenings(const std::vector<TableSpec>& before, const std::vector<TableSpec>& after);

}  // namespace seed
