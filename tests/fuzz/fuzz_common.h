// Shared by the libFuzzer targets: one spec text through the whole
// YAML -> Spec -> Plan -> rows path, as `validate` and `preview` take it.
// Hostile specs arrive in pull requests; whatever the bytes, this must
// return (an error is fine) without a crash, a hang or unbounded memory.
#pragma once

#include <string>
#include <vector>

#include "engine/core/status.h"
#include "engine/exec/row_source.h"
#include "engine/plan/plan.h"
#include "engine/spec/spec_loader.h"
#include "engine/spec/yaml_loader.h"

namespace seed::fuzz {

inline void RunSpecText(const std::string& text) {
  Result<Node> root = LoadYamlString(text, "fuzz.yaml");
  if (!root.ok()) return;
  Diagnostics diag;
  std::vector<TableSpec> specs;
  specs.push_back(ParseTableSpec(*root, "fuzz.yaml", diag));
  if (!diag.ok()) return;
  PlanOptions opts;
  opts.size_rows = 8;         // rows are bounded: the fuzzer looks for crashes, not volume
  opts.values_shown = false;  // no masking secret, as for validate
  std::unique_ptr<Plan> plan = Plan::Build(specs, opts, diag);
  if (!diag.ok() || !plan) return;
  for (const TablePlan& p : plan->tables()) {
    RowSource rows(p, nullptr, nullptr);  // keys as generated, no source database
    std::vector<Value> values(p.model->column_count());
    for (uint64_t r = 0; r < std::min<uint64_t>(p.rows, 8); ++r)
      if (!rows.Row(r, values.data()).ok()) break;
  }
}

}  // namespace seed::fuzz
