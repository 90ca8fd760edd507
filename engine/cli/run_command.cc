// `seed-engine run DIR`: the environment guard, lock, schema validation,
// execution and summary. Exit codes: README "Exit codes".
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <sstream>

#include "engine/cli/common.h"
#include "engine/core/interrupt.h"
#include "engine/core/log.h"
#include "engine/driver/registry.h"
#include "engine/exec/executor.h"

namespace seed::cli {

namespace {

Status ApplySchemaIfMissing(Driver& db, const Plan& plan, const std::string& path, Log& log) {
  for (const TablePlan& p : plan.tables()) {
    if (!p.selected) continue;
    Result<TableSchema> s = db.catalog().Inspect(p.spec->table);
    if (!s.ok()) return s.status();
    if (s->exists) {  // only a database without the tables gets the script
      log.Info("schema.skipped", "--schema " + path + " not applied: " + p.spec->table + " already exists",
               {{"file", path}, {"table", p.spec->table}});
      return Status::Ok();
    }
  }
  std::ifstream in(path);
  if (!in) return Status::Usage("--schema " + path + ": cannot read file");
  std::stringstream sql;
  sql << in.rdbuf();
  log.Info("schema.applied", "created the schema from " + path, {{"file", path}});
  return db.session().ExecScript(sql.str());
}

}  // namespace

cxxopts::Options RunCommandOptions() {
  cxxopts::Options o("seed-engine run", "Seed the tables of a spec directory into a database.");
  o.custom_help("DIR [options]");
  AddPlanOptions(o);
  o.add_options()
      ("db", "database URL (default: DATABASE_URL, else sqlite:seed.db)", cxxopts::value<std::string>())
      ("dry-run", "generate and check every row, write nothing", Flag())
      ("yes", "confirm production seeding", Flag())
      ("schema", "SQL script creating the tables, applied only when none of them exists",
       cxxopts::value<std::string>())
      ("batch-size", "rows per transaction", cxxopts::value<size_t>()->default_value("5000"))
      ("no-ledger", "record nothing in the target (no resume, no rollback); tables must be empty", Flag())
      ("strict", "database foreign keys the specs do not generate are errors (exit 3), not warnings", Flag())
      ("lock-timeout", "seconds to wait for another run's lock (default 0: fail at once, exit 2)",
       cxxopts::value<int>()->default_value("0"))
      ("max-row-logs", "skipped rows logged per table as warnings; the rest are counted in one line",
       cxxopts::value<int>()->default_value("20"))
      ("replant", "first roll back the selected tables and every table depending on them (what the"
       " ledger recorded), then seed them again; outside dev it needs --yes", Flag())
      ("summary-file", "write the run result (per table: status, rows, skipped, ms, reason) as JSON here",
       cxxopts::value<std::string>())
      ("partition", "K/N: seed only worker K's share (from 0) of every table, N workers in all (processes,"
       " machines, a Kubernetes Indexed Job); each holds the lease \"run K/N\" (\"run K/N tables\" with --split"
       " tables); together they write the"
       " single run's rows", cxxopts::value<std::string>())
      ("split", "how the workers of --partition/--jobs share the work: rows (a share of every table's rows)"
       " or tables (whole tables, each written by one worker as a single run writes it, bulk path"
       " included; tables that do not depend on each other are written side by side); every worker"
       " must be given the same (default: rows with --partition, tables with --jobs)",
       cxxopts::value<std::string>())
      ("partition-wait", "seconds a worker waits for other workers' parent rows while none come in and"
       " no live worker (one holding its lease) owes them (default 300)", cxxopts::value<int>()->default_value("300"))
      ("jobs", "run N workers (--partition 0/N .. N-1/N) as processes of this command; exit code: the"
       " highest of theirs (SQLite: one worker, it takes one writer at a time)",
       cxxopts::value<int>()->default_value("1"));
  AddBackupOptions(o);
  AddLockOptions(o);
  AddLogOptions(o);
  return o;
}

namespace {

// A schema script may drop what it creates, and each worker would apply it
// on finding no table: one could empty the tables another is filling.
constexpr char kSchemaWithWorkers[] =
    "--schema with several workers: each would apply it, and a script that drops its tables could empty"
    " another worker's; create the tables first (your migrations, or `seed-engine run DIR --schema FILE`"
    " without --partition and --jobs), then start the workers";

// --jobs N: this command again N times, each with --partition K/N instead
// of --jobs (and --split tables unless told otherwise: on one machine the
// bulk path of a whole table beats shares of rows, W1 into MariaDB 3.7 s
// against 7.0 s with two workers); the highest exit code of theirs.
int RunJobs(int argc, char** argv, int jobs, bool split_given) {
  std::vector<std::string> args;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--jobs") ++i;
    else if (a.rfind("--jobs=", 0) != 0) args.push_back(a);
  }
  if (!split_given) args.insert(args.end(), {"--split", "tables"});
  std::vector<pid_t> pids;
  for (int k = 0; k < jobs; ++k) {
    const pid_t pid = fork();
    if (pid == 0) {
      std::vector<std::string> own = {"seed-engine", "run"};
      own.insert(own.end(), args.begin(), args.end());
      own.push_back("--partition");
      own.push_back(std::to_string(k) + "/" + std::to_string(jobs));
      std::vector<char*> cargs;
      for (std::string& a : own) cargs.push_back(a.data());
      cargs.push_back(nullptr);
      execv("/proc/self/exe", cargs.data());
      _exit(127);
    }
    if (pid < 0) return Fail(Status::Io(std::string("--jobs: cannot start a worker: ") + std::strerror(errno)));
    pids.push_back(pid);
  }
  int worst = 0;
  for (pid_t pid : pids) {
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    const int code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    worst = std::max(worst, code);
  }
  return worst;
}

}  // namespace

int RunCommand(int argc, char** argv) {
  cxxopts::Options o = RunCommandOptions();
  Result<cxxopts::ParseResult> args = Parse(o, argc, argv);
  if (!args.ok()) return Fail(args.status());
  if (args->count("help")) return std::cout << o.help(), 0;
  const int jobs = (*args)["jobs"].as<int>();
  if (jobs < 1 || jobs > 256) return Fail(Status::Usage("--jobs " + std::to_string(jobs) + ": use 1 to 256"));
  if (jobs > 1 && args->count("partition"))
    return Fail(Status::Usage("--jobs with --partition: --jobs N starts the N partitions itself"));
  // SQLite takes one writer at a time, and workers sharing its tables keep
  // every check on and commit batch by batch: N of them are slower than
  // one (10x W1: 262 s with two against 42 s) and keep its WAL from being
  // checkpointed. One worker writes the same rows.
  const bool one_writer = TakesOneWriter(ResolveDbUrl(*args));
  if (jobs > 1 && !one_writer && args->count("schema")) return Fail(Status::Usage(kSchemaWithWorkers));
  if (jobs > 1 && !one_writer) return RunJobs(argc, argv, jobs, args->count("split") > 0);
  Result<std::string> dir = SpecDir(*args, o);
  if (!dir.ok()) return Fail(dir.status());
  Result<std::unique_ptr<Log>> made = MakeLog(*args);
  if (!made.ok()) return Fail(made.status());
  Log& log = **made;
  if (jobs > 1)
    log.Warn("run.jobs", "--jobs " + std::to_string(jobs) +
                             ": SQLite takes one writer at a time; one worker seeds the same rows, faster",
             {{"jobs", jobs}});
  RunOptions run;
  run.dry_run = On(*args, "dry-run");
  run.strict = On(*args, "strict");
  run.ledger = !On(*args, "no-ledger");
  run.batch_rows = (*args)["batch-size"].as<size_t>();
  run.max_row_logs = (*args)["max-row-logs"].as<int>();
  const int lock_timeout = (*args)["lock-timeout"].as<int>();

  auto fail = [&](const Status& s) {
    log.Error("run.failed", s.ToString(), {{"code", CodeName(s.code())}, {"exit", ExitCode(s.code())}});
    return ExitCode(s.code());
  };
  if (run.batch_rows < 1 || run.batch_rows > 1000000)
    return fail(Status::Usage("--batch-size " + std::to_string(run.batch_rows) + ": use 1 to 1000000 rows"));
  if (run.max_row_logs < 0) return fail(Status::Usage("--max-row-logs " + std::to_string(run.max_row_logs) + ": use 0 or more"));
  if (lock_timeout < 0 || lock_timeout > 86400)
    return fail(Status::Usage("--lock-timeout " + std::to_string(lock_timeout) + ": use 0 to 86400 seconds"));
  Result<Partition> part = ReadPartition(*args);
  if (!part.ok()) return fail(part.status());
  run.partition = *part;
  if (args->count("partition")) {
    if (!run.ledger) return fail(Status::Usage("--partition needs the ledger, where the workers meet: drop --no-ledger"));
    if (run.partition.n > 1 && args->count("schema")) return fail(Status::Usage(kSchemaWithWorkers));
  }
  // A whole table loads in one transaction, and SQLite takes one writer at
  // a time: the other workers' transactions would wait past their timeout.
  if (run.partition.split == Split::kTables && run.partition.n > 1 && one_writer)
    return fail(Status::Usage("--split tables with SQLite: a whole table loads in one transaction and SQLite takes"
                              " one writer at a time, so the other workers would time out waiting; use --split"
                              " rows, or one worker (the same rows, faster)"));
  run.partition_wait = (*args)["partition-wait"].as<int>();
  if (run.partition_wait < 0 || run.partition_wait > 86400)
    return fail(Status::Usage("--partition-wait " + std::to_string(run.partition_wait) + ": use 0 to 86400 seconds"));
  Result<PlanOptions> popts = ReadPlanOptions(*args);
  if (!popts.ok()) return fail(popts.status());
  const bool replant = On(*args, "replant");
  if (replant && run.partition.n > 1)
    return fail(Status::Usage("--replant with --partition: roll back first (`seed-engine rollback`), then start"
                              " the workers"));
  // What depends on a replanted table is rolled back with it (its foreign
  // keys would block the delete), so it is seeded again too.
  if (replant)
    for (std::string& t : popts->tables)
      if (t.back() != '+') t += '+';
  if (replant && popts->env != "dev" && !On(*args, "yes"))
    return fail(Status::Guard("--replant in " + popts->env + " deletes seeded rows: confirm with --yes"));
  if (replant && run.dry_run) return fail(Status::Usage("--replant and --dry-run: see what would be rolled back"
                                                        " with `seed-engine rollback DIR --dry-run`"));
  if (replant && !run.ledger) return fail(Status::Usage("--replant needs the ledger: drop --no-ledger"));
  run.command = CommandLine(argc, argv);
  if (popts->env == "production")
    if (Status g = ProductionGuard("seed", On(*args, "yes")); !g.ok())
      return fail(Status::Guard(g.message() + "; only reference-data specs are seeded there"));
  if (popts->env == "production")
    log.Warn("guard.production",
             "production seeding authorized (ALLOW_PRODUCTION_SEEDING=true and --yes): reference-data"
             " specs only; real values kept only where a pii rule says keep for production",
             {{"env", popts->env}});
  Result<std::unique_ptr<Loaded>> loaded = LoadAndPlan(*dir, *popts);
  if (!loaded.ok()) return fail(loaded.status());
  const Plan& plan = *(*loaded)->plan;

  const std::string url = ResolveDbUrl(*args);
  const bool use_db = !run.dry_run || args->count("db") || std::getenv("DATABASE_URL");
  std::unique_ptr<Driver> db;
  if (use_db) {
    Result<std::unique_ptr<Driver>> opened = OpenTarget(*args, /*create=*/!run.dry_run, &log);
    if (!opened.ok()) return fail(opened.status());
    db = std::move(*opened);
    if (!run.dry_run) {
      if (Status s = db->lock().Acquire(lock_timeout); !s.ok()) return fail(s);
      if (args->count("schema"))
        if (Status s = ApplySchemaIfMissing(*db, plan, (*args)["schema"].as<std::string>(), log);
            !s.ok())
          return fail(s);
    }
  }
  if (replant) {
    // Drift is found before anything is deleted: a dry validation reads the
    // schema only.
    RunOptions check = run;
    check.dry_run = true;
    if (Status s = Executor(plan, db.get(), log, check).Validate(); !s.ok()) return fail(s);
    InstallInterruptHandlers();
    Result<std::unique_ptr<Driver>> reader = OpenTarget(*args, /*create=*/false, &log);
    Result<std::unique_ptr<Backup>> backup = MakeBackup(*args, popts->env != "dev", *db, popts->env);
    if (!backup.ok()) return fail(backup.status());
    Status s = RollBackForReplant(*db, plan, *dir, log, reader.ok() ? reader->get() : nullptr, backup->get());
    if (*backup && backup->get()->rows()) PrintBackup(**backup, *db);
    if (!s.ok()) return fail(s);
  }
  log.Info("run.start",
           std::string(run.dry_run ? "dry run: " : "seeding ") + std::to_string(plan.SelectedRows()) +
               " rows into " + (db ? db->RedactedUrl() + " via " + db->session().BulkMethod() : "nothing") + " (env " + popts->env +
               ", seed " + std::to_string(popts->seed) + ")",
           {{"env", popts->env},
            {"size", popts->size_rows ? std::to_string(*popts->size_rows)
                                      : (popts->size.empty() ? "default" : popts->size)},
            {"seed", popts->seed},
            {"db", db ? db->RedactedUrl() : ""},
            {"bulk_method", db ? db->session().BulkMethod() : "none"},
            {"spec_hash", (*loaded)->spec_hash},
            {"dry_run", run.dry_run},
            {"rows", plan.SelectedRows()}});
  Executor exec(plan, db.get(), log, run);
  if (Status s = exec.Validate(); !s.ok()) return fail(s);
  InstallInterruptHandlers();
  RunSummary sum = exec.Run();
  const Code code = sum.code();
  std::string outcome = code == Code::kOk ? "" : "not everything was seeded (exit " + std::to_string(ExitCode(code)) + ")";
  if (sum.interrupted)
    outcome += ": interrupted; committed batches are kept and nothing partial was written. Rerun the same"
               " command to resume";
  else if (sum.connection_lost)
    outcome += ": the connection to the database was lost; committed batches are kept. Rerun the same command"
               " once the database is reachable to resume";
  nlohmann::json tables = nlohmann::json::array();
  for (const TableResult& t : sum.tables)
    tables.push_back({{"table", t.table}, {"status", StateName(t.state)}, {"planned", t.planned},
                      {"inserted", t.inserted}, {"skipped", t.invalid}, {"ms", t.ms}, {"reason", t.reason}});
  nlohmann::json result = {{"inserted", sum.inserted}, {"skipped", sum.invalid}, {"wall_ms", sum.ms},
                           {"interrupted", sum.interrupted}, {"connection_lost", sum.connection_lost},
                           {"exit", ExitCode(code)}, {"status", CodeName(code)},
                           {"rows_per_s", sum.ms > 0 ? sum.inserted * 1000 / sum.ms : sum.inserted},
                           {"tables", tables}};
  // The summary is the command's output: stdout, as for plan, status and
  // rollback. JSON logs carry it as data in the run.done event instead.
  if (log.format() == LogFormat::kText) std::cout << sum.Table() << std::flush;
  if (code != Code::kOk || log.format() == LogFormat::kJson)
    log.Event(code == Code::kOk ? Level::kInfo : Level::kWarn, "run.done",
              code == Code::kOk ? std::to_string(sum.inserted) + " rows inserted" : outcome, result);
  if (args->count("summary-file")) {
    std::ofstream out((*args)["summary-file"].as<std::string>(), std::ios::trunc);
    out << result.dump(2) << '\n';
    if (!out) return fail(Status::Io("--summary-file " + (*args)["summary-file"].as<std::string>() + ": cannot write"));
  }
  return ExitCode(code);
}

}  // namespace seed::cli
