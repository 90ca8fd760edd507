// Specs built from inline YAML and their plan, for tests of generators and
// expressions without a database.
#pragma once

#include <catch2/catch.hpp>
#include <memory>
#include <string>
#include <vector>

#include "engine/plan/plan.h"
#include "engine/spec/spec_loader.h"
#include "engine/spec/yaml_loader.h"

namespace seed {

// Specs (each YAML document is one file, "spec.yaml") and their plan.
struct Seeded {
  std::vector<TableSpec> specs;
  std::unique_ptr<Plan> plan;
  std::string error;  // every problem, "" if none

  const TableModel& model(const std::string& table) const { return *plan->Find(table)->model; }
  int col(const std::string& table, const std::string& column) const {
    const int c = model(table).ColumnIndex(column);
    REQUIRE(c >= 0);
    return c;
  }
  Value Cell(const std::string& table, const std::string& column, uint64_t row) const {
    Value v;
    model(table).ValueAt(col(table, column), row, nullptr, v);
    return v;
  }
  std::string Text(const std::string& table, const std::string& column, uint64_t row) const {
    const Value v = Cell(table, column, row);
    return v.is_null() ? "NULL" : v.ToText();
  }
};

inline std::unique_ptr<Seeded> Seed(const std::vector<std::string>& docs, PlanOptions opts = {}) {
  auto s = std::make_unique<Seeded>();
  Diagnostics diag;
  for (const std::string& d : docs) {
    Result<Node> root = LoadYamlString(d, "spec.yaml");
    REQUIRE(root.ok());
    s->specs.push_back(ParseTableSpec(*root, "spec.yaml", diag));
  }
  if (diag.ok()) s->plan = Plan::Build(s->specs, opts, diag);
  if (!diag.ok()) s->error = diag.ToStatus().message();
  return s;
}

// The YAML text of table "t" (line 1 "table: t", line 2 "count", line 3
// "columns:", line 4 "  id: sequence", the given column lines from line 5).
inline std::string TableDoc(const std::string& columns, uint64_t count) {
  return "table: t\ncount: " + std::to_string(count) + "\ncolumns:\n  id: sequence\n" + columns;
}

// Table "t" with `count` rows: `id: sequence` plus the given column lines.
inline std::unique_ptr<Seeded> T(const std::string& columns, uint64_t count = 1000, PlanOptions opts = {}) {
  return Seed({TableDoc(columns, count)}, opts);
}

}  // namespace seed
