// `seed-engine expire DIR`: rolls back, through the ledger and every
// rollback guard, the seeded tables past the retention their specs (or
// --retention) give them, one seeding run at a time, oldest first. Made for
// a cron job: --yes, exit codes, --format json.
#include <unistd.h>

#include <cstdio>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "engine/cli/common.h"
#include "engine/core/interrupt.h"
#include "engine/core/utc_time.h"
#include "engine/exec/retention.h"

namespace seed::cli {

namespace {

// What became of one table: its retention and, when it was due, its rollback.
struct Expiry {
  TableRetention retention;
  const RollbackResult* result = nullptr;  // null: not due, or never reached
};

std::string LimitText(const TableRetention& t) {
  if (!t.in_specs) return "no spec";
  return t.limit ? FormatDuration(*t.limit) + " (" + t.limit_from + ")" : "none";
}

std::string Why(const TableRetention& t, int64_t now) {
  if (t.expired) return "expired " + FormatAge(now - *t.ExpiresAt()) + " ago";
  if (!t.taken_with.empty()) return "references expired " + t.taken_with;
  if (std::optional<int64_t> at = t.ExpiresAt()) return "expires " + FormatUtc(*at);
  return t.in_specs ? "no retention" : "no spec names it: never expired";
}

void PrintText(const std::vector<Expiry>& rows, int64_t now, bool dry_run) {
  uint64_t total = 0, tables = 0, due = 0, results = 0;
  for (const Expiry& e : rows) {
    due += e.retention.due(), results += e.result != nullptr;
    if (e.result && (e.result->state == RollbackState::kDeleted || e.result->state == RollbackState::kWouldDelete))
      total += e.result->rows, ++tables;
  }
  if (!due) std::cout << "nothing due as of " << FormatUtc(now) << "\n";
  else if (results)  // (a confirmation prompt's preview has none yet)
    std::cout << (dry_run ? "dry run: would delete " : "expired: deleted ") << total << " rows of " << tables
              << " tables as of " << FormatUtc(now) << (dry_run ? " (nothing written)" : "") << "\n";
  char line[512];
  snprintf(line, sizeof line, "%-24s %-20s %-9s %-28s %-13s %10s  %s\n", "table", "seeded", "age", "retention",
           "status", "rows", "why");
  std::cout << line;
  for (const Expiry& e : rows) {
    const TableRetention& t = e.retention;
    const std::string state = e.result ? StateName(e.result->state) : t.due() ? (dry_run ? "due" : "skipped") : "kept";
    const std::string why = Why(t, now) + (e.result && !e.result->reason.empty() ? "; " + e.result->reason : "");
    snprintf(line, sizeof line, "%-24s %-20s %-9s %-28s %-13s %10llu  %s\n", t.table.c_str(),
             t.seeded_at ? FormatUtc(*t.seeded_at).c_str() : "?",
             t.seeded_at ? FormatAge(now - *t.seeded_at).c_str() : "?", LimitText(t).c_str(), state.c_str(),
             static_cast<unsigned long long>(e.result ? e.result->rows : 0), why.c_str());
    std::cout << line;
  }
}

nlohmann::ordered_json Json(const std::vector<Expiry>& rows, int64_t now, bool dry_run, const std::string& db) {
  nlohmann::ordered_json tables = nlohmann::ordered_json::array();
  uint64_t deleted = 0;
  for (const Expiry& e : rows) {
    const TableRetention& t = e.retention;
    nlohmann::ordered_json j = {{"table", t.table},
                        {"run_id", t.run_id},
                        {"env", t.env},
                        {"seeded_at", t.seeded_at ? FormatUtc(*t.seeded_at) : ""},
                        {"age_seconds", t.seeded_at ? now - *t.seeded_at : 0},
                        {"retention", t.limit ? FormatDuration(*t.limit) : "none"},
                        {"retention_from", t.in_specs ? t.limit_from : "no spec"},
                        {"expires_at", t.ExpiresAt() ? FormatUtc(*t.ExpiresAt()) : ""},
                        {"expired", t.expired},
                        {"taken_with", t.taken_with},
                        {"state", e.result ? StateName(e.result->state) : t.due() ? (dry_run ? "due" : "skipped") : "kept"},
                        {"rows", e.result ? e.result->rows : 0},
                        {"kept_rows", e.result ? e.result->kept : 0},
                        {"reason", e.result ? e.result->reason : ""}};
    if (e.result && !dry_run && e.result->state == RollbackState::kDeleted) deleted += e.result->rows;
    tables.push_back(j);
  }
  return {{"database", db}, {"as_of", FormatUtc(now)}, {"dry_run", dry_run}, {"deleted_rows", deleted},
          {"tables", tables}};
}

}  // namespace

cxxopts::Options ExpireCommandOptions() {
  cxxopts::Options o("seed-engine expire",
                     "Roll back the seeded tables past their retention (spec `retention:`, else --retention).");
  o.custom_help("DIR [options]");
  o.add_options()
      ("db", "database URL (default: DATABASE_URL, else sqlite:seed.db)", cxxopts::value<std::string>())
      ("env", "dev | staging | production", cxxopts::value<std::string>())
      ("dry-run", "list what is due and rehearse its rollback, delete nothing", Flag())
      ("yes", "do not ask for confirmation (required without a terminal, and in production)", Flag())
      ("as-of", "judge expiry at this time instead of now: 2026-12-01, 2026-12-01T08:00:00Z, +7d",
       cxxopts::value<std::string>())
      ("format", "text | json (a summary for schedulers)", cxxopts::value<std::string>()->default_value("text"))
      ("lock-timeout", "seconds to wait for a running seeding's lock (default 0: exit 2 at once)",
       cxxopts::value<int>()->default_value("0"))
      ("include-modified", "also delete seeded rows changed since seeding", Flag())
      ("audit-file", "append one JSON line per deleted key range here",
       cxxopts::value<std::string>()->default_value("seed-engine-audit.jsonl"))
      ("h,help", "show this help");
  AddRetentionOptions(o);
  AddBackupOptions(o);
  AddLockOptions(o);
  AddLogOptions(o);
  return o;
}

int ExpireCommand(int argc, char** argv) {
  cxxopts::Options o = ExpireCommandOptions();
  Result<cxxopts::ParseResult> args = Parse(o, argc, argv);
  if (!args.ok()) return Fail(args.status());
  if (args->count("help")) return std::cout << o.help(), 0;
  Result<std::string> dir = SpecDir(*args, o);
  if (!dir.ok()) return Fail(dir.status());
  Result<std::string> env = ResolveEnv(*args);
  if (!env.ok()) return Fail(env.status());
  Result<RetentionDefaults> defaults = ReadRetentionDefaults(*args);
  if (!defaults.ok()) return Fail(defaults.status());
  const std::string format = (*args)["format"].as<std::string>();
  if (format != "text" && format != "json") return Fail(Status::Usage("--format " + format + ": use text or json"));
  const int lock_timeout = (*args)["lock-timeout"].as<int>();
  if (lock_timeout < 0 || lock_timeout > 86400)
    return Fail(Status::Usage("--lock-timeout " + std::to_string(lock_timeout) + ": use 0 to 86400 seconds"));
  int64_t now = NowSeconds();
  if (args->count("as-of")) {
    Result<int64_t> at = ParseWhen((*args)["as-of"].as<std::string>(), now);
    if (!at.ok()) return Fail(Status::Usage("--as-of: " + at.status().message()));
    now = *at;
  }
  const bool dry_run = On(*args, "dry-run"), yes = On(*args, "yes");
  Result<std::unique_ptr<Log>> made = MakeLog(*args);
  if (!made.ok()) return Fail(made.status());
  Log& log = **made;
  Result<std::unique_ptr<Driver>> db = OpenTarget(*args, /*create=*/false, &log);
  if (!db.ok()) return Fail(db.status());
  auto report = [&](const std::vector<Expiry>& rows) {
    if (format == "json") std::cout << Json(rows, now, dry_run, (*db)->RedactedUrl()).dump(2) << "\n";
    else if (rows.empty()) std::cout << "nothing to expire: no seeded tables\n";
    else PrintText(rows, now, dry_run);
  };
  Ledger ledger((*db)->ledger());
  Result<bool> exists = ledger.Exists();
  if (!exists.ok()) return Fail(exists.status());
  if (!*exists) return report({}), 0;
  // Under the lock from the first read: a seeding run cannot add to the
  // ledger between what is judged due and what is deleted.
  if (Status s = (*db)->lock().Acquire(lock_timeout); !s.ok()) return Fail(s);
  if (Status s = ledger.Load(); !s.ok()) return Fail(s);
  Result<std::vector<LedgerRun>> runs = ledger.Runs();
  if (!runs.ok()) return Fail(runs.status());
  Result<std::unique_ptr<Loaded>> loaded = LoadAndPlan(*dir, SeededOptions(ledger, *env));
  if (!loaded.ok()) return Fail(loaded.status());
  const Plan& plan = *(*loaded)->plan;

  const std::vector<TableRetention> retentions = Retentions(plan, ledger, *runs, *defaults, now);
  const std::vector<std::vector<std::string>> groups = ExpiryGroups(retentions);
  std::vector<Expiry> rows;
  for (const TableRetention& t : retentions) rows.push_back({t});
  if (groups.empty()) return report(rows), 0;

  // Production data is guarded as in rollback.
  bool production = *env == "production";
  for (const Expiry& e : rows) production = production || (e.retention.due() && e.retention.env == "production");
  if (production && !dry_run)
    if (Status g = ProductionGuard("expire", yes); !g.ok()) return Fail(g);
  if (!dry_run && !yes) {
    if (!isatty(STDIN_FILENO))
      return Fail(Status::Usage("refusing to expire without --yes (no terminal to confirm on); see what is due"
                                " with --dry-run"));
    PrintText(rows, now, /*dry_run=*/true);
    std::cout << "Roll back the tables due above from " << (*db)->RedactedUrl() << "? [y/N] " << std::flush;
    std::string answer;
    std::getline(std::cin, answer);
    if (answer != "y" && answer != "yes") return std::cout << "nothing deleted\n", 1;
  }
  std::ostringstream sink;  // the audit log's copy of the stream goes nowhere
  Log audit(LogFormat::kJson, sink, (*args)["audit-file"].as<std::string>());
  if (!dry_run && !audit.ok()) return Fail(Status::Usage("--audit-file: cannot open for writing"));
  if (Status s = dry_run ? Status::Ok() : ledger.Ensure(); !s.ok()) return Fail(s);
  Result<std::unique_ptr<Backup>> backup =
      dry_run ? Result<std::unique_ptr<Backup>>(std::unique_ptr<Backup>())
              : MakeBackup(*args, production || *env != "dev", **db, *env);
  if (!backup.ok()) return Fail(backup.status());
  Result<std::unique_ptr<Driver>> reader = OpenTarget(*args, /*create=*/false, &log);  // verifies ahead
  InstallInterruptHandlers();
  std::vector<RollbackResult> results;
  bool interrupted = false;
  for (const std::vector<std::string>& group : groups) {
    RollbackOptions ro;
    ro.env = *env, ro.kind = "expire", ro.tables = group, ro.dry_run = dry_run;
    ro.include_modified = On(*args, "include-modified");
    Rollback rollback(plan, **db, ledger, log, &audit, ro, reader.ok() ? reader->get() : nullptr);
    rollback.set_backup(backup->get());
    for (RollbackResult& r : dry_run ? rollback.Rehearse() : rollback.Run()) {
      interrupted = interrupted || r.interrupted;
      results.push_back(std::move(r));
    }
    if (interrupted) break;
  }
  int code = 0;
  for (const RollbackResult& r : results) {  // complete: rows may point into it now
    for (Expiry& e : rows)
      if (e.retention.table == r.table) e.result = &r;
    if (r.state == RollbackState::kFailed || r.state == RollbackState::kBlocked) code = 4;
  }
  report(rows);
  if (*backup && format == "text") PrintBackup(**backup, **db);
  if (interrupted) {
    log.Warn("expire.interrupted", "interrupted: what was deleted is recorded; rerun the same command to finish");
    return ExitCode(Code::kInterrupted);
  }
  return code;
}

}  // namespace seed::cli
