// `seed-engine audit DIR [--format md|json] [--against OLD_DIR]`: the PII
// inventory for reviews and compliance records, or what a change weakens
// (one finding per column and environment, file:line, exit 1 if any).
#include <iostream>

#include "engine/cli/common.h"
#include "engine/spec/pii_audit.h"
#include "engine/spec/spec_loader.h"

namespace seed::cli {

cxxopts::Options AuditCommandOptions() {
  cxxopts::Options o("seed-engine audit", "List personal-data columns, or what a spec change weakens.");
  o.custom_help("DIR [--format md|json] [--against OLD_DIR]");
  o.add_options()
      ("format", "md | json", cxxopts::value<std::string>()->default_value("md"))
      ("against", "the spec directory before the change (exit 1 if the change weakens PII handling)",
       cxxopts::value<std::string>())
      ("h,help", "show this help");
  return o;
}

int AuditCommand(int argc, char** argv) {
  cxxopts::Options o = AuditCommandOptions();
  Result<cxxopts::ParseResult> args = Parse(o, argc, argv);
  if (!args.ok()) return Fail(args.status());
  if (args->count("help")) return std::cout << o.help(), 0;
  Result<std::string> dir = SpecDir(*args, o);
  if (!dir.ok()) return Fail(dir.status());
  const std::string format = (*args)["format"].as<std::string>();
  if (format != "md" && format != "json") return Fail(Status::Usage("--format " + format + ": use md or json"));
  Diagnostics diag;
  std::vector<TableSpec> specs = LoadSpecDir(*dir, diag);
  if (!diag.ok()) return Fail(diag.ToStatus());
  if (!args->count("against")) {
    const std::vector<PiiEntry> entries = PiiInventory(specs);
    std::cout << (format == "json" ? InventoryJson(entries) : InventoryMarkdown(entries));
    return 0;
  }
  std::vector<TableSpec> before = LoadSpecDir((*args)["against"].as<std::string>(), diag);
  const PiiNames names = LoadPiiNames(*dir, diag);  // the new tree's words
  if (!diag.ok()) return Fail(diag.ToStatus());
  const std::vector<PiiFinding> findings = PiiWeakenings(before, specs, names);
  std::cout << (format == "json" ? FindingsJson(findings) : FindingsText(findings));
  return findings.empty() ? 0 : 1;
}

}  // namespace seed::cli
