// `seed-engine plan DIR` and `seed-engine validate DIR`.
#include <iostream>

#include <nlohmann/json.hpp>

#include "engine/cli/common.h"
#include "engine/spec/pii_audit.h"
#include "engine/core/log.h"
#include "engine/driver/registry.h"
#include "engine/exec/executor.h"

namespace seed::cli {

namespace {

// The referenced table of each cycle-breaking column: "column" -> "table".
std::vector<std::pair<std::string, std::string>> Links(const TablePlan& p, const std::vector<int>& columns) {
  std::vector<std::pair<std::string, std::string>> out;
  for (int c : columns)
    if (const TableSource* to = p.model->generator(c)->LinkedTable())
      out.emplace_back(p.spec->columns[c].name, to->name());
  return out;
}

// A DOT string: quotes and backslashes escaped, line breaks as \n.
std::string Quoted(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '\n') out += "\\n";
    else if (c == '"' || c == '\\') out += std::string("\\") + c;
    else out += c;
  }
  return out + "\"";
}

// Graphviz: tables as nodes (skipped ones dashed), an edge from each table
// to what it is seeded after; dashed edges for references a second pass
// fills, bold for those a cycle group writes forward.
std::string Dot(const Plan& plan) {
  std::string out = "digraph seed_plan {\n  rankdir=BT;\n  node [shape=box];\n";
  for (const TablePlan& p : plan.tables()) {
    const std::string label = p.spec->table + "\n" + (p.selected ? std::to_string(p.rows) + " rows" : p.skip_reason);
    out += "  " + Quoted(p.spec->table) + " [label=" + Quoted(label) + (p.selected ? "" : ", style=dashed") + "];\n";
  }
  for (const TablePlan& p : plan.tables()) {
    for (const std::string& d : p.depends) out += "  " + Quoted(p.spec->table) + " -> " + Quoted(d) + ";\n";
    for (const auto& [column, to] : Links(p, p.deferred))
      out += "  " + Quoted(p.spec->table) + " -> " + Quoted(to) + " [style=dashed, label=" +
             Quoted(column + " (second pass)") + "];\n";
    for (const auto& [column, to] : Links(p, p.forward))
      out += "  " + Quoted(p.spec->table) + " -> " + Quoted(to) + " [style=bold, label=" +
             Quoted(column + " (cycle group)") + "];\n";
  }
  return out + "}\n";
}

nlohmann::json Json(const Plan& plan) {
  nlohmann::json tables = nlohmann::json::array();
  int order = 0;
  for (const TablePlan& p : plan.tables()) {
    nlohmann::json deferred = nlohmann::json::array(), forward = nlohmann::json::array();
    for (const auto& [column, to] : Links(p, p.deferred)) deferred.push_back({{"column", column}, {"table", to}});
    for (const auto& [column, to] : Links(p, p.forward)) forward.push_back({{"column", column}, {"table", to}});
    nlohmann::json t = {{"table", p.spec->table}, {"file", p.spec->file}, {"selected", p.selected},
                        {"rows", p.selected ? p.rows : 0}, {"size", p.size}, {"after", p.depends},
                        {"second_pass", deferred}, {"cycle_group_forward", forward}};
    if (p.selected) t["order"] = ++order;
    else t["skipped"] = p.skip_reason;
    if (p.group >= 0) t["group"] = p.group;
    tables.push_back(std::move(t));
  }
  return {{"env", plan.options().env}, {"seed", plan.options().seed}, {"rows", plan.SelectedRows()},
          {"tables", tables}};
}

}  // namespace

cxxopts::Options PlanCommandOptions() {
  cxxopts::Options o("seed-engine plan", "Print the seeding order, row counts and dependencies.");
  o.custom_help("DIR [options]");
  AddPlanOptions(o);
  o.add_options()("format", "text | dot (Graphviz) | json", cxxopts::value<std::string>()->default_value("text"));
  return o;
}

int PlanCommand(int argc, char** argv) {
  cxxopts::Options o = PlanCommandOptions();
  Result<cxxopts::ParseResult> args = Parse(o, argc, argv);
  if (!args.ok()) return Fail(args.status());
  if (args->count("help")) return std::cout << o.help(), 0;
  Result<std::string> dir = SpecDir(*args, o);
  if (!dir.ok()) return Fail(dir.status());
  const std::string format = (*args)["format"].as<std::string>();
  if (format != "text" && format != "dot" && format != "json")
    return Fail(Status::Usage("--format " + format + ": use text, dot or json"));
  Result<PlanOptions> popts = ReadPlanOptions(*args);
  if (!popts.ok()) return Fail(popts.status());
  popts->values_shown = false;  // no secret needed: nothing masked is printed
  Result<std::unique_ptr<Loaded>> loaded = LoadAndPlan(*dir, *popts);
  if (!loaded.ok()) return Fail(loaded.status());
  const Plan& plan = *(*loaded)->plan;
  if (format == "dot") std::cout << Dot(plan);
  else if (format == "json") std::cout << Json(plan).dump(2) << '\n';
  else std::cout << plan.Dump();
  return 0;
}

cxxopts::Options ValidateCommandOptions() {
  cxxopts::Options o("seed-engine validate",
                     "Check specs (and, with --db, the live schema) without writing anything.");
  o.custom_help("DIR [options]");
  AddPlanOptions(o);
  o.add_options()("db", "also check against this database (default: DATABASE_URL)",
                  cxxopts::value<std::string>())(
      "strict", "database foreign keys the specs do not generate are errors (exit 3)", Flag());
  return o;
}

int ValidateCommand(int argc, char** argv) {
  cxxopts::Options o = ValidateCommandOptions();
  Result<cxxopts::ParseResult> args = Parse(o, argc, argv);
  if (!args.ok()) return Fail(args.status());
  if (args->count("help")) return std::cout << o.help(), 0;
  Result<std::string> dir = SpecDir(*args, o);
  if (!dir.ok()) return Fail(dir.status());
  Result<PlanOptions> popts = ReadPlanOptions(*args);
  if (!popts.ok()) return Fail(popts.status());
  popts->values_shown = false;  // no secret needed: nothing masked is printed
  Result<std::unique_ptr<Loaded>> loaded = LoadAndPlan(*dir, *popts);
  if (!loaded.ok()) return Fail(loaded.status());
  const Plan& plan = *(*loaded)->plan;
  Diagnostics lint;
  LintPii((*loaded)->specs, *(*loaded)->pii_names, lint);
  if (!lint.ok()) return Fail(lint.ToStatus());
  std::string where = "specs";
  if (args->count("db") || std::getenv("DATABASE_URL")) {
    Result<std::unique_ptr<Driver>> db = OpenTarget(*args, /*create=*/false);
    if (!db.ok()) return Fail(db.status());
    Log log(LogFormat::kText, std::cerr);
    RunOptions run;
    run.dry_run = true;  // a validation never requires empty tables
    run.strict = On(*args, "strict");
    Executor exec(plan, db->get(), log, run);
    if (Status s = exec.Validate(); !s.ok()) return Fail(s);
    where = "specs and schema of " + (*db)->RedactedUrl();
  }
  std::cout << "ok: " << where << " valid: " << (*loaded)->specs.size() << " tables, "
            << plan.SelectedRows() << " rows planned for " << popts->env << "\n";
  // Rules `init` guessed carry a reason starting "review"; a reviewer
  // confirms each (and rewrites the reason) before the specs are trusted.
  std::vector<std::string> review;
  for (const TableSpec& t : (*loaded)->specs)
    for (const ColumnSpec& c : t.columns)
      if (c.pii && c.pii->reason.rfind("review", 0) == 0) review.push_back(t.table + "." + c.name);
  if (!review.empty()) {
    std::cout << "note: " << review.size() << " pii rule" << (review.size() == 1 ? "" : "s")
              << " still marked \"review\" (guessed, not yet confirmed):";
    for (const std::string& r : review) std::cout << ' ' << r;
    std::cout << "\n";
  }
  return 0;
}

}  // namespace seed::cli
