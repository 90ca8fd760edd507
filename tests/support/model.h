// Builds plans from inline YAML specs, for tests of generators and
// expressions without a database.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "engine/plan/plan.h"
#include "engine/spec/spec_loader.h"
#include "engine/spec/yaml_loader.h"

namespace seed::test {

// The specs and their plan; `error` holds every problem ("" if none).
struct Built {
  std::vector<TableSpec> specs;
  std::unique_ptr<Plan> plan;
  std::string error;

  const TableModel& model(const std::string& table) const { return *plan->Find(table)->model; }
  // Row `row` of `table`, each cell's canonical text ("NULL" for NULL).
  std::vector<std::string> Row(const std::string& table, uint64_t row) const {
    const TableModel& m = model(table);
    std::vector<Value> values(m.column_count());
    TableModel::RowState state;
    m.GenerateRow(row, state, values.data());
    std::vector<std::string> out;
    for (const Value& v : values) out.push_back(v.is_null() ? "NULL" : v.ToText());
    return out;
  }
  Value Cell(const std::string& table, const std::string& column, uint64_t row) const {
    const TableModel& m = model(table);
    Value v;
    m.ValueAt(m.ColumnIndex(column), row, v);
    return v;
  }
};

// Each document is one spec file, named "<n>.yaml" in order.
inline Built Build(const std::vector<std::string>& docs, PlanOptions options = {}) {
  Built b;
  b.specs.reserve(docs.size());
  Diagnostics diag;
  for (size_t i = 0; i < docs.size(); ++i) {
    const std::string file = "spec" + std::to_string(i + 1) + ".yaml";
    Result<Node> root = LoadYamlString(docs[i], file);
    if (!root.ok()) {
      b.error += root.status().ToString() + "\n";
      continue;
    }
    b.specs.push_back(ParseTableSpec(*root, file, diag));
  }
  if (diag.ok() && b.error.empty()) b.plan = Plan::Build(b.specs, options, diag);
  if (!diag.ok()) b.error += diag.ToStatus().message();
  return b;
}

inline Built Build(const std::string& doc, PlanOptions options = {}) {
  return Build(std::vector<std::string>{doc}, options);
}

}  // namespace seed::test
