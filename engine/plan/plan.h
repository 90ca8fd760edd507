// Plan: which tables to seed, in which order, with how many rows, and the
// compiled TableModel of every table. Built from specs for one environment,
// size and seed; printable with Dump() (what `seed-engine plan` shows).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine/core/status.h"
#include "engine/plan/table_model.h"
#include "engine/spec/spec.h"

namespace seed {

class Driver;
class Masker;
class PiiNames;

struct PlanOptions {
  std::string env = "dev";
  std::string size;                  // small | medium | large; "" = the env's size
  std::optional<uint64_t> size_rows;  // --size N
  // --table: empty = all. "+t" is t with every table it references,
  // transitively (its parents); "t+" t with every table that references
  // it (its dependents); "+t+" both.
  std::vector<std::string> tables;
  std::vector<std::string> exclude;  // --exclude: never selected
  uint64_t seed = 42;
  std::string source_db_url;    // --source-db
  // False for commands that never output generated values (plan,
  // validate): masking rules are checked without the project secret.
  bool values_shown = true;
  Driver* source_db = nullptr;  // its connection: tables whose source is a query
  // Personal-looking names with the project's pii-names.txt; null: the
  // built-in lists.
  const PiiNames* pii_names = nullptr;
};

struct TablePlan {
  const TableSpec* spec = nullptr;
  std::string size;                   // the size name used, or "N"
  uint64_t rows = 0;
  std::vector<std::string> depends;   // tables that must be seeded first
  // Nullable reference columns that closed a dependency cycle: written as
  // NULL first, then set by a second pass once every table is seeded.
  std::vector<int> deferred;
  // NOT NULL reference columns that closed a cycle no nullable one could
  // break: written with their values at once, pointing at rows of a later
  // table of the same group. Every table of a group is seeded (and rolled
  // back) in one transaction whose foreign keys are checked at its end.
  std::vector<int> forward;
  int group = -1;           // the table's cycle group, -1 for none
  bool group_last = false;  // the group's last table in plan order
  bool selected = true;               // seeded by this run
  std::string skip_reason;            // when not selected
  std::unique_ptr<TableModel> model;
};

class Plan {
 public:
  Plan();
  ~Plan();
  // Problems (unknown tables, cycles, bad counts, generator errors) go to
  // `diag`; the plan is usable only when diag.ok().
  static std::unique_ptr<Plan> Build(const std::vector<TableSpec>& specs, const PlanOptions& opts,
                                     Diagnostics& diag);

  const std::vector<TablePlan>& tables() const { return tables_; }  // topological order
  const TablePlan* Find(const std::string& table) const;
  // The tables `p` must be seeded after or with: its depends, and the
  // targets of the references a second pass or a cycle group fills.
  std::vector<std::string> Parents(const TablePlan& p) const;
  const PlanOptions& options() const { return options_; }
  uint64_t SelectedRows() const;
  std::string Dump() const;

 private:
  PlanOptions options_;
  std::vector<TablePlan> tables_;
  std::unique_ptr<Masker> masker_;  // when a source column needs masking
};

// A --table argument's table: "+T", "T+" and "+T+" name T.
std::string SelectionName(const std::string& arg);

// opts.tables and opts.exclude resolved to plain table names (all tables
// when the result selects everything but nothing is excluded: empty).
// Unknown names and an empty selection are Code::kUsage.
Result<std::vector<std::string>> ResolveSelection(const std::vector<TableSpec>& specs, const PlanOptions& opts);

// The size an environment uses when --size is not given.
std::string DefaultSize(const TableSpec& spec, const std::string& env);

}  // namespace seed
