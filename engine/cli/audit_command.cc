// `seed-engine audit DIR [--format md|json] [--against OLD_DIR]`: the PII
// inventory for reviews, or what a change weakens (one finding per column
// and environment, file:line, exit 1 if any). `audit --runs --db URL`: the
// ledger's pii trail, run by run. `audit DIR --compliance [--db URL]`: the
// personal data record (engine/exec/compliance.h).
#include <iostream>

#include "engine/cli/common.h"
#include "engine/core/utc_time.h"
#include "engine/exec/compliance.h"
#include "engine/spec/pii_audit.h"
#include "engine/spec/spec_loader.h"

namespace seed::cli {

namespace {

// The ledger's runs and pii trail; none (and no error) without a ledger.
Status ReadTrail(Ledger& ledger, std::vector<LedgerRun>& runs, std::vector<LedgerPii>& trail) {
  Result<bool> exists = ledger.Exists();
  if (!exists.ok() || !*exists) return exists.status();
  if (Status s = ledger.Load(); !s.ok()) return s;
  Result<std::vector<LedgerRun>> r = ledger.Runs();
  if (!r.ok()) return r.status();
  Result<std::vector<LedgerPii>> t = ledger.PiiTrail();
  if (!t.ok()) return t.status();
  runs = std::move(*r), trail = std::move(*t);
  return Status::Ok();
}

int Runs(const cxxopts::ParseResult& args, const std::string& format) {
  std::optional<int64_t> since;
  if (args.count("since")) {
    Result<int64_t> at = ParseWhen(args["since"].as<std::string>(), NowSeconds());
    if (!at.ok()) return Fail(Status::Usage("--since: " + at.status().message()));
    since = *at;
  }
  Result<std::unique_ptr<Driver>> db = OpenTarget(args, /*create=*/false);
  if (!db.ok()) return Fail(db.status());
  Ledger ledger((*db)->ledger());
  std::vector<LedgerRun> runs;
  std::vector<LedgerPii> trail;
  if (Status s = ReadTrail(ledger, runs, trail); !s.ok()) return Fail(s);
  const nlohmann::ordered_json record = TrailRecord(runs, trail, since);
  std::cout << (format == "json" ? record.dump(2) + "\n" : TrailMarkdown(record));
  return 0;
}

int Compliance(const cxxopts::ParseResult& args, const std::string& dir, const std::string& format) {
  Result<RetentionDefaults> defaults = ReadRetentionDefaults(args);
  if (!defaults.ok()) return Fail(defaults.status());
  PlanOptions po;
  ComplianceInput in;
  in.spec_dir = dir, in.defaults = *defaults, in.now = NowSeconds();
  std::unique_ptr<Driver> db;
  std::unique_ptr<Ledger> ledger;
  if (args.count("db")) {
    Result<std::unique_ptr<Driver>> opened = OpenTarget(args, /*create=*/false);
    if (!opened.ok()) return Fail(opened.status());
    db = std::move(*opened);
    ledger = std::make_unique<Ledger>(db->ledger());
    if (Status s = ReadTrail(*ledger, in.runs, in.trail); !s.ok()) return Fail(s);
    po = SeededOptions(*ledger, "dev");
    in.database = db->RedactedUrl();
  }
  po.values_shown = false;  // nothing is generated: no masking secret needed
  Result<std::unique_ptr<Loaded>> loaded = LoadAndPlan(dir, po);
  if (!loaded.ok()) return Fail(loaded.status());
  in.specs = &(*loaded)->specs, in.spec_hash = (*loaded)->spec_hash;
  if (ledger) in.seeded = Retentions(*(*loaded)->plan, *ledger, in.runs, in.defaults, in.now);
  const nlohmann::ordered_json record = ComplianceRecord(in);
  std::cout << (format == "json" ? record.dump(2) + "\n" : ComplianceMarkdown(record));
  return 0;
}

}  // namespace

cxxopts::Options AuditCommandOptions() {
  cxxopts::Options o("seed-engine audit",
                     "List personal-data columns, what a spec change weakens, the ledger's pii trail, or the"
                     " compliance record.");
  o.custom_help("DIR [--format md|json] [--against OLD_DIR | --compliance [--db URL]] | --runs --db URL [--since WHEN]");
  o.add_options()
      ("format", "md | json", cxxopts::value<std::string>()->default_value("md"))
      ("against", "the spec directory before the change (exit 1 if the change weakens PII handling)",
       cxxopts::value<std::string>())
      ("runs", "the ledger's pii trail: which run wrote or erased which personal columns (--db)", Flag())
      ("since", "with --runs: runs started at or after 2026-12-01, 2026-12-01T08:00:00Z or -30d",
       cxxopts::value<std::string>())
      ("compliance", "the personal data record: inventory, strategies, secret, guard, retention, erasure, GDPR and"
                     " CCPA; with --db, the ledger's state too", Flag())
      ("db", "database URL (--runs; --compliance adds its ledger)", cxxopts::value<std::string>())
      ("h,help", "show this help");
  AddRetentionOptions(o);
  return o;
}

int AuditCommand(int argc, char** argv) {
  cxxopts::Options o = AuditCommandOptions();
  Result<cxxopts::ParseResult> args = Parse(o, argc, argv);
  if (!args.ok()) return Fail(args.status());
  if (args->count("help")) return std::cout << o.help(), 0;
  const std::string format = (*args)["format"].as<std::string>();
  if (format != "md" && format != "json") return Fail(Status::Usage("--format " + format + ": use md or json"));
  const bool runs = On(*args, "runs"), compliance = On(*args, "compliance");
  if (runs + compliance + args->count("against") > 1)
    return Fail(Status::Usage("--runs, --compliance and --against are separate reports: give one"));
  if (args->count("since") && !runs) return Fail(Status::Usage("--since goes with --runs"));
  if (runs) return Runs(*args, format);
  Result<std::string> dir = SpecDir(*args, o);
  if (!dir.ok()) return Fail(dir.status());
  if (compliance) return Compliance(*args, *dir, format);
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
