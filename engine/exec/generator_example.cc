#include "engine/exec/generator_example.h"

#include "engine/exec/row_source.h"
#include "engine/plan/plan.h"
#include "engine/spec/spec_loader.h"
#include "engine/spec/yaml_loader.h"

namespace seed {

namespace {

// Column lines become a 5-row table `example`; a whole spec stays as is.
std::string ExampleSpec(const GeneratorInfo& g) {
  if (g.example.rfind("table:", 0) == 0) return g.example;
  std::string out = "table: example\ncount: 5\ncolumns:\n";
  size_t start = 0;
  while (start < g.example.size()) {
    size_t end = g.example.find('\n', start);
    if (end == std::string::npos) end = g.example.size();
    out.append("  ").append(g.example, start, end - start).append("\n");
    start = end + 1;
  }
  return out;
}

}  // namespace

Result<ExampleRows> SampleExample(const GeneratorInfo& g, size_t rows) {
  ExampleRows out;
  if (g.example.empty()) return out;
  out.spec = ExampleSpec(g);
  std::vector<std::string> texts = {out.spec};
  texts.insert(texts.end(), g.example_tables.begin(), g.example_tables.end());
  Diagnostics diag;
  std::vector<TableSpec> specs;
  for (size_t i = 0; i < texts.size(); ++i) {
    const std::string file = "example-" + g.name + "-" + std::to_string(i) + ".yaml";
    Result<Node> root = LoadYamlString(texts[i], file);
    if (!root.ok()) return root.status();
    specs.push_back(ParseTableSpec(*root, file, diag));
  }
  if (!diag.ok()) return diag.ToStatus();
  PlanOptions opts;
  opts.values_shown = false;  // examples read no real data: no secret needed
  std::unique_ptr<Plan> plan = Plan::Build(specs, opts, diag);
  if (!diag.ok()) return diag.ToStatus();
  const TablePlan* p = plan->Find(specs[0].table);
  if (!p) return Status::Error(Code::kSpec, "example of " + g.name + ": no table " + specs[0].table);
  const TableModel& m = *p->model;
  RowSource source(*p, nullptr, nullptr);
  std::vector<Value> row(m.column_count());
  std::vector<int> written;
  for (int c = 0; c < static_cast<int>(m.column_count()); ++c)
    if (p->spec->columns[c].write) written.push_back(c), out.columns.push_back(p->spec->columns[c].name);
  for (uint64_t r = 0; r < std::min<uint64_t>(rows, p->rows); ++r) {
    if (Status s = source.Row(r, row.data()); !s.ok()) return s;
    std::vector<Value>& shown = out.rows.emplace_back();
    for (int c : written) shown.push_back(row[c]);
  }
  return out;
}

}  // namespace seed
