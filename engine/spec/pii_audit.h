// PII review of spec trees: the lint (personal-looking columns without a
// rule), the inventory reviewers read, and the diff that fails CI when a
// change weakens masking. Which names look personal: engine/spec/pii_names.h.
#pragma once

#include <string>
#include <vector>

#include "engine/core/status.h"
#include "engine/spec/pii_names.h"
#include "engine/spec/spec.h"

namespace seed {

// Why a column looks personal ("its name has 'email'", "generator
// 'phone'") and the pii category that would fit; both empty if it does not.
struct PersonalLook {
  std::string reason, category;
  bool found() const { return !reason.empty(); }
};
PersonalLook DetectPersonal(const ColumnSpec& column, const PiiNames& names);

// DetectPersonal(column, PiiNames::Builtin()).reason.
std::string LooksPersonal(const ColumnSpec& column, const PiiNames& names = PiiNames::Builtin());

// One error (file:line:col) per personal-looking column without a pii
// rule, suggesting the category the detector matched.
void LintPii(const std::vector<TableSpec>& specs, const PiiNames& names, Diagnostics& diag);

// Where a column's values come from: "generated: <generator>", or for real
// data the source file (relative to the spec) or "query", and the field.
struct PiiOrigin {
  std::string kind;   // generated | file | query
  std::string file;   // kind file: as the spec names it
  std::string field;  // kind file or query
  std::string ToString(const std::string& generator) const;
};
PiiOrigin OriginOf(const TableSpec& table, const ColumnSpec& column);

struct PiiEntry {
  std::string table, column, category, reason, source;
  std::string dev, staging, production;  // effective strategies
  PiiOrigin origin;
  const std::string& StrategyIn(const std::string& env) const;
};

// Every column with a pii rule (category none included), and every column
// of real data without one (category "no rule", strategies "verbatim": its
// values are copied as they are), in spec order.
std::vector<PiiEntry> PiiInventory(const std::vector<TableSpec>& specs);
std::vector<PiiEntry> PiiEntriesOf(const TableSpec& table);  // one table's
// Text for a Markdown table cell: pipes escaped, line breaks as spaces.
std::string MdCell(const std::string& s);
std::string InventoryMarkdown(const std::vector<PiiEntry>& entries);
std::string InventoryJson(const std::vector<PiiEntry>& entries);

// One way a change weakens PII handling, at the column in the new spec (or
// in the old one for a removed column).
struct PiiFinding {
  Mark mark;
  std::string table, column;
  std::string environment;  // dev | staging | production | all
  std::string before, after, message;
};

// What `after` weakens relative to `before`, in every environment: lost
// rules, rules changed to none, weaker strategies (keep < partial <
// fake/hash < redact; a partial that keeps more characters), real-data
// columns copied verbatim, removed columns that had a rule, and new
// personal-looking columns without a rule. Sorted by file and line.
std::vector<PiiFinding> PiiWeakenings(const std::vector<TableSpec>& before,
                                      const std::vector<TableSpec>& after, const PiiNames& names);
std::string FindingsText(
    const std::vector<PiiFinding>& findings);  // "file:line: table.column: message"
std::string FindingsJson(const std::vector<PiiFinding>& findings);

}  // namespace seed
