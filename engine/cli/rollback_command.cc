// `seed-engine rollback DIR`: deletes exactly the rows the ledger recorded
// (see exec/rollback.h). `seed-engine status`: what the ledger holds.
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <iostream>
#include <map>
#include <sstream>

#include "engine/cli/common.h"
#include "engine/core/interrupt.h"
#include "engine/core/utc_time.h"
#include "engine/driver/registry.h"
#include "engine/exec/ledger.h"
#include "engine/exec/retention.h"
#include "engine/exec/rollback.h"

namespace seed::cli {

// The plan the seeding used: its seed and size, from the ledger.
PlanOptions SeededOptions(const Ledger& ledger, const std::string& env) {
  PlanOptions o;
  o.env = env;
  for (const auto& [name, t] : ledger.tables()) {
    o.seed = t.seed;
    if (t.size == "N") o.size_rows = t.rows;
    else o.size = t.size;
    break;
  }
  return o;
}

void PrintResults(const std::vector<RollbackResult>& results) {
  char line[256];
  snprintf(line, sizeof line, "%-24s %-13s %10s %8s  %s\n", "table", "status", "rows", "kept", "keys");
  std::cout << line;
  for (const RollbackResult& r : results) {
    const std::string keys = r.key_lo.empty() ? "-" : r.key_lo + ".." + r.key_hi;
    snprintf(line, sizeof line, "%-24s %-13s %10llu %8llu  %s", r.table.c_str(), StateName(r.state),
             static_cast<unsigned long long>(r.rows), static_cast<unsigned long long>(r.kept), keys.c_str());
    std::cout << line << (r.reason.empty() ? "" : "  " + r.reason) << "\n";
  }
}

Status RollBackForReplant(Driver& db, const Plan& plan, const std::string& dir, Log& log, Driver* reader,
                          Backup* backup) {
  Ledger ledger(db.ledger());
  Result<bool> exists = ledger.Exists();
  if (!exists.ok() || !*exists) return exists.status();
  if (Status s = ledger.Load(); !s.ok()) return s;
  RollbackOptions ro;
  ro.env = plan.options().env;
  for (const TablePlan& p : plan.tables())
    if (p.selected && ledger.Table(p.spec->table)) ro.tables.push_back(p.spec->table);
  if (ro.tables.empty()) return Status::Ok();
  // The rows are regenerated as they were seeded: the ledger's seed and size.
  Result<std::unique_ptr<Loaded>> seeded = LoadAndPlan(dir, SeededOptions(ledger, ro.env));
  if (!seeded.ok()) return seeded.status();
  if (Status s = ledger.Ensure(); !s.ok()) return s;
  std::ostringstream sink;
  Log audit(LogFormat::kJson, sink, "seed-engine-audit.jsonl");
  log.Info("replant.start", "replant: rolling back " + std::to_string(ro.tables.size()) + " seeded tables first",
           {{"tables", ro.tables}});
  Rollback rollback(*(*seeded)->plan, db, ledger, log, &audit, ro, reader);
  rollback.set_backup(backup);
  std::string failed;
  for (const RollbackResult& r : rollback.Run()) {
    if (r.interrupted) return Status::Error(Code::kInterrupted, "interrupted while rolling back for --replant");
    if (r.state == RollbackState::kFailed || r.state == RollbackState::kBlocked)
      failed += (failed.empty() ? "" : "; ") + r.table + ": " + StateName(r.state) + ": " + r.reason;
  }
  if (!failed.empty())
    return Status::Error(Code::kPartial, "--replant could not roll back " + failed + "; nothing was seeded");
  return Status::Ok();
}

cxxopts::Options RollbackCommandOptions(bool reset) {
  cxxopts::Options o(std::string("seed-engine ") + (reset ? "reset" : "rollback"),
                     reset ? "Delete every row seed-engine inserted (what the ledger recorded), and nothing else."
                           : "Delete exactly the rows seed-engine inserted.");
  o.custom_help("DIR [options]");
  o.add_options()("db", "database URL (default: DATABASE_URL, else sqlite:seed.db)", cxxopts::value<std::string>());
  if (!reset)
    o.add_options()("table", "only this table (repeatable); T+ adds the tables that reference T",
                    cxxopts::value<std::vector<std::string>>());
  o.add_options()
      ("env", "dev | staging | production (truncate strategies run in dev only)", cxxopts::value<std::string>())
      ("dry-run", "print what would be deleted, delete nothing", Flag())
      ("yes", "do not ask for confirmation (required without a terminal, and in production)", Flag())
      ("include-modified", "also delete seeded rows changed since seeding", Flag())
      ("audit-file", "append one JSON line per deleted key range here",
       cxxopts::value<std::string>()->default_value("seed-engine-audit.jsonl"))
      ("h,help", "show this help");
  AddBackupOptions(o);
  AddLockOptions(o);
  AddLogOptions(o);
  return o;
}

int RollbackCommand(int argc, char** argv) {
  // `reset DIR` is `rollback DIR` of every table the ledger holds.
  const bool reset = std::string(argv[0]) == "reset";
  cxxopts::Options o = RollbackCommandOptions(reset);
  Result<cxxopts::ParseResult> args = Parse(o, argc, argv);
  if (!args.ok()) return Fail(args.status());
  if (args->count("help")) return std::cout << o.help(), 0;
  Result<std::string> dir = SpecDir(*args, o);
  if (!dir.ok()) return Fail(dir.status());
  Result<std::string> env = ResolveEnv(*args);
  if (!env.ok()) return Fail(env.status());
  Result<std::unique_ptr<Log>> made = MakeLog(*args);
  if (!made.ok()) return Fail(made.status());
  Log& log = **made;

  Result<std::unique_ptr<Driver>> db = OpenTarget(*args, /*create=*/false, &log);
  if (!db.ok()) return Fail(db.status());
  Ledger ledger((*db)->ledger());
  Result<bool> exists = ledger.Exists();
  if (!exists.ok()) return Fail(exists.status());
  if (!*exists) return std::cout << "nothing to roll back: " << (*db)->RedactedUrl() << " holds no seed-engine ledger\n", 0;
  if (Status s = ledger.Load(); !s.ok()) return Fail(s);
  if (ledger.tables().empty()) return std::cout << "nothing to roll back: no seeded tables\n", 0;

  Result<std::unique_ptr<Loaded>> loaded = LoadAndPlan(*dir, SeededOptions(ledger, *env));
  if (!loaded.ok()) return Fail(loaded.status());
  const Plan& plan = *(*loaded)->plan;

  RollbackOptions ro;
  ro.env = *env;
  ro.dry_run = On(*args, "dry-run");
  ro.include_modified = On(*args, "include-modified");
  std::vector<std::string> named;
  if (args->count("table")) named = (*args)["table"].as<std::vector<std::string>>();
  for (const std::string& raw : named) {
    if (raw.empty()) continue;  // ResolveSelection says why
    const std::string t = SelectionName(raw);
    if (!ledger.Table(t)) {
      std::vector<std::string> names;
      for (const auto& [k, v] : ledger.tables()) names.push_back(k);
      return Fail(Status::Usage("--table " + t + ": not seeded by seed-engine in this database" + DidYouMean(t, names)));
    }
  }
  // "T+" and "+T" widen the selection; of what they add, only the seeded
  // tables are rolled back.
  PlanOptions selection;
  selection.tables = named;
  Result<std::vector<std::string>> chosen = ResolveSelection((*loaded)->specs, selection);
  if (!chosen.ok()) return Fail(chosen.status());
  for (const std::string& t : *chosen)
    if (ledger.Table(t)) ro.tables.push_back(t);

  std::ostringstream sink;  // the audit log's copy of the stream goes nowhere
  Log audit(LogFormat::kJson, sink, (*args)["audit-file"].as<std::string>());
  Result<std::unique_ptr<Driver>> reader = OpenTarget(*args, /*create=*/false, &log);  // verifies ahead
  Rollback rollback(plan, **db, ledger, log, &audit, ro, reader.ok() ? reader->get() : nullptr);
  if (ro.dry_run) {
    // The real rollback, rehearsed in a transaction that is rolled back:
    // under the lock, so no run changes the tables meanwhile.
    if (Status s = (*db)->lock().Acquire(0); !s.ok()) return Fail(s);
    std::vector<RollbackResult> rehearsed = rollback.Rehearse();
    uint64_t total = 0;
    for (const RollbackResult& r : rehearsed) total += r.rows;
    std::cout << "dry run: would delete " << total << " rows (nothing written)\n";
    PrintResults(rehearsed);
    return 0;
  }
  std::vector<RollbackResult> preview = rollback.Preview();
  uint64_t total = 0;
  for (const RollbackResult& r : preview) total += r.rows;
  // Production data is guarded as for `run`, whether production is named
  // on this command line or only in the ledger of a run being undone.
  bool production = *env == "production";
  if (Result<std::vector<LedgerRun>> runs = ledger.Runs(); runs.ok())
    for (const LedgerRun& r : *runs) production = production || r.env == "production";
  else
    return Fail(runs.status());
  if (production)
    if (Status g = ProductionGuard("roll back", On(*args, "yes")); !g.ok()) return Fail(g);
  if (!On(*args, "yes")) {
    if (!isatty(STDIN_FILENO))
      return Fail(Status::Usage("refusing to delete " + std::to_string(total) +
                                " rows without --yes (no terminal to confirm on); see them with --dry-run"));
    PrintResults(preview);
    std::cout << "Delete " << total << " seeded rows from " << (*db)->RedactedUrl() << "? [y/N] " << std::flush;
    std::string answer;
    std::getline(std::cin, answer);
    if (answer != "y" && answer != "yes") return std::cout << "nothing deleted\n", 1;
  }
  if (!audit.ok()) return Fail(Status::Usage("--audit-file: cannot open for writing"));
  if (Status s = (*db)->lock().Acquire(0); !s.ok()) return Fail(s);
  if (Status s = ledger.Ensure(); !s.ok()) return Fail(s);  // an older ledger is migrated first
  Result<std::unique_ptr<Backup>> backup = MakeBackup(*args, production || *env != "dev", **db, *env);
  if (!backup.ok()) return Fail(backup.status());
  rollback.set_backup(backup->get());
  InstallInterruptHandlers();
  std::vector<RollbackResult> results = rollback.Run();
  PrintResults(results);
  if (*backup) PrintBackup(**backup, **db);
  for (const RollbackResult& r : results)
    if (r.interrupted) {
      log.Warn("rollback.interrupted", "interrupted: what was deleted is recorded; rerun the same command to finish");
      return ExitCode(Code::kInterrupted);
    }
  for (const RollbackResult& r : results)
    if (r.state == RollbackState::kFailed || r.state == RollbackState::kBlocked) return 4;
  return 0;
}

cxxopts::Options RestoreCommandOptions() {
  cxxopts::Options o("seed-engine restore",
                     "Load back the rows a rollback saved (rollback --backup), with their ledger records.");
  o.custom_help("BACKUP_DIR [options]");
  o.add_options()
      ("db", "database URL (default: DATABASE_URL, else sqlite:seed.db)", cxxopts::value<std::string>())
      ("env", "dev | staging | production (production needs --yes and ALLOW_PRODUCTION_SEEDING=true)",
       cxxopts::value<std::string>())
      ("yes", "confirm restoring into production", Flag())
      ("h,help", "show this help");
  AddLockOptions(o);
  AddLogOptions(o);
  return o;
}

int RestoreCommand(int argc, char** argv) {
  cxxopts::Options o = RestoreCommandOptions();
  Result<cxxopts::ParseResult> args = Parse(o, argc, argv);
  if (!args.ok()) return Fail(args.status());
  if (args->count("help")) return std::cout << o.help(), 0;
  if (args->unmatched().empty())
    return Fail(Status::Usage("missing backup directory (the one `rollback` printed, e.g. seed-engine restore"
                              " seed-engine-backups/20261202T101500Z)"));
  const std::string dir = args->unmatched()[0];
  Result<std::string> env = ResolveEnv(*args);
  if (!env.ok()) return Fail(env.status());
  if (*env == "production")
    if (Status g = ProductionGuard("restore into", On(*args, "yes")); !g.ok()) return Fail(g);
  Result<std::unique_ptr<Log>> made = MakeLog(*args);
  if (!made.ok()) return Fail(made.status());
  Result<std::unique_ptr<Driver>> db = OpenTarget(*args, /*create=*/false, made->get());
  if (!db.ok()) return Fail(db.status());
  if (Status s = (*db)->lock().Acquire(0); !s.ok()) return Fail(s);
  InstallInterruptHandlers();
  Result<std::vector<RestoredTable>> restored = Restore(dir, **db, **made, *env);
  if (!restored.ok()) return Fail(restored.status());
  char line[256];
  snprintf(line, sizeof line, "%-24s %10s %10s  %s\n", "table", "rows", "links", "ledger");
  std::cout << line;
  for (const RestoredTable& r : *restored) {
    snprintf(line, sizeof line, "%-24s %10llu %10llu  %s\n", r.table.c_str(), static_cast<unsigned long long>(r.rows),
             static_cast<unsigned long long>(r.links), r.ledger ? "restored" : "-");
    std::cout << line;
  }
  return 0;
}

cxxopts::Options StatusCommandOptions() {
  cxxopts::Options o("seed-engine status", "Show seeding runs, seeded tables and the lock holder.");
  o.custom_help("[DIR] [--db URL]   (with DIR: each table's retention and expiry)");
  o.add_options()
      ("db", "database URL (default: DATABASE_URL, else sqlite:seed.db)", cxxopts::value<std::string>())
      ("h,help", "show this help");
  AddRetentionOptions(o);
  return o;
}

int StatusCommand(int argc, char** argv) {
  cxxopts::Options o = StatusCommandOptions();
  Result<cxxopts::ParseResult> args = Parse(o, argc, argv);
  if (!args.ok()) return Fail(args.status());
  if (args->count("help")) return std::cout << o.help(), 0;
  Result<RetentionDefaults> defaults = ReadRetentionDefaults(*args);
  if (!defaults.ok()) return Fail(defaults.status());
  Result<std::unique_ptr<Driver>> db = OpenTarget(*args, /*create=*/false);
  if (!db.ok()) return Fail(db.status());
  Result<std::string> holder = (*db)->lock().Holder();
  if (!holder.ok()) return Fail(holder.status());
  std::cout << "database: " << (*db)->RedactedUrl() << "\nlock: " << (holder->empty() ? "free" : "held by " + *holder)
            << "\n";
  Ledger ledger((*db)->ledger());
  Result<bool> exists = ledger.Exists();
  if (!exists.ok()) return Fail(exists.status());
  if (!*exists) return std::cout << "no seed-engine ledger: never seeded\n", 0;
  if (Status s = ledger.Load(); !s.ok()) return Fail(s);
  Result<std::vector<LedgerRun>> runs = ledger.Runs();
  if (!runs.ok()) return Fail(runs.status());
  // Age from the ledger; expiry needs the specs' retention (DIR).
  const int64_t now = NowSeconds();
  std::map<std::string, std::string> expiry;
  std::map<std::string, int64_t> seeded_at;
  std::unique_ptr<Loaded> loaded;
  if (!args->unmatched().empty()) {
    Result<std::string> dir = SpecDir(*args, o);
    if (!dir.ok()) return Fail(dir.status());
    PlanOptions po = SeededOptions(ledger, "dev");
    po.values_shown = false;  // nothing is generated: no masking secret needed
    Result<std::unique_ptr<Loaded>> l = LoadAndPlan(*dir, po);
    if (!l.ok()) return Fail(l.status());
    loaded = std::move(*l);
  }
  std::map<std::string, std::string> started;
  for (const LedgerRun& r : *runs) started[r.run_id] = r.started_at;
  for (const auto& [name, t] : ledger.tables())
    if (std::optional<int64_t> at = ParseUtc(started[t.run_id])) seeded_at[name] = *at;
  if (loaded)
    for (const TableRetention& t : Retentions(*loaded->plan, ledger, *runs, *defaults, now))
      expiry[t.table] = t.expired               ? "EXPIRED"
                        : !t.taken_with.empty() ? "with " + t.taken_with
                        : t.ExpiresAt()         ? FormatUtc(*t.ExpiresAt())
                        : t.in_specs            ? "never"
                                                : "no spec";
  char line[320];
  std::cout << "\nruns:\n";
  for (const LedgerRun& r : *runs) {
    snprintf(line, sizeof line, "  %-31s %-8s %-8s env=%-7s size=%-7s seed=%-6llu %s..%s %s@%s", r.run_id.c_str(),
             r.kind.c_str(), r.status.c_str(), r.env.c_str(), r.size.c_str(), static_cast<unsigned long long>(r.seed),
             r.started_at.c_str(), r.finished_at.empty() ? "" : r.finished_at.c_str(), r.user.c_str(),
             r.host.c_str());
    std::cout << line << (r.status == "running" ? "  (unfinished: interrupted, or still running)" : "") << "\n";
  }
  std::cout << "\nseeded tables:\n";
  snprintf(line, sizeof line, "  %-24s %10s %10s %8s  %-10s %-9s %-20s %s\n", "table", "rows", "planned", "batches",
           "state", "age", loaded ? "expires" : "", "keys");
  std::cout << line;
  for (const auto& [name, t] : ledger.tables()) {
    const auto batches = ledger.Batches(name);
    uint64_t done = 0;
    for (const LedgerBatch& b : batches) done = std::max(done, b.end_row);
    const std::string keys = batches.empty() || t.key_column.empty()
                                 ? "-"
                                 : t.key_column + " " + batches.front().key_lo + ".." + batches.back().key_hi;
    const auto at = seeded_at.find(name);
    snprintf(line, sizeof line, "  %-24s %10llu %10llu %8zu  %-10s %-9s %-20s %s\n", name.c_str(),
             static_cast<unsigned long long>(ledger.SeededRows(name)), static_cast<unsigned long long>(t.rows),
             batches.size(),
             done < t.rows                              ? "partial"
             : t.second_pass == SecondPass::kPending ? "2nd pass"  // its cycle's references are still NULL
                                                       : "complete",
             at == seeded_at.end() ? "?" : FormatAge(now - at->second).c_str(),
             loaded ? expiry[name].c_str() : "", keys.c_str());
    std::cout << line;
  }
  Result<std::vector<std::pair<std::string, std::string>>> dropped = (*db)->ledger().DroppedIndexes();
  if (!dropped.ok()) return Fail(dropped.status());
  if (!dropped->empty()) {
    std::cout << "\nindexes a killed load left dropped (the next run, rollback, restore or expire builds them"
                 " again):\n";
    for (size_t i = 0; i < dropped->size(); ++i) {
      const bool first = i == 0 || (*dropped)[i - 1].first != (*dropped)[i].first;
      const bool last = i + 1 == dropped->size() || (*dropped)[i + 1].first != (*dropped)[i].first;
      std::cout << (first ? "  " + (*dropped)[i].first + ": " : ", ") << (*dropped)[i].second << (last ? "\n" : "");
    }
  }
  return 0;
}

}  // namespace seed::cli
