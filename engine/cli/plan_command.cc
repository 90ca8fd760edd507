// `seed-engine plan DIR` and `seed-engine validate DIR`.
#include <iostream>

#include "engine/cli/common.h"
#include "engine/spec/pii_audit.h"
#include "engine/core/log.h"
#include "engine/driver/registry.h"
#include "engine/exec/executor.h"

namespace seed::cli {

int PlanCommand(int argc, char** argv) {
  cxxopts::Options o("seed-engine plan", "Print the seeding order, row counts and dependencies.");
  o.custom_help("DIR [options]");
  AddPlanOptions(o);
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
  std::cout << (*loaded)->plan->Dump();
  return 0;
}

int ValidateCommand(int argc, char** argv) {
  cxxopts::Options o("seed-engine validate",
                     "Check specs (and, with --db, the live schema) without writing anything.");
  o.custom_help("DIR [options]");
  AddPlanOptions(o);
  o.add_options()("db", "also check against this database (default: DATABASE_URL)",
                  cxxopts::value<std::string>())(
      "strict", "database foreign keys the specs do not generate are errors (exit 3)", Flag());
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
  return 0;
}

}  // namespace seed::cli
