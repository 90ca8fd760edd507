// Shared pieces of the subcommands: option sets, environment resolution,
// spec loading and plan building, each returning a Status the command turns
// into its exit code.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include <cxxopts.hpp>

#include "engine/core/log.h"
#include "engine/core/status.h"
#include "engine/driver/driver.h"
#include "engine/exec/backup.h"
#include "engine/exec/ledger.h"
#include "engine/exec/rollback.h"
#include "engine/exec/retention.h"
#include "engine/plan/plan.h"
#include "engine/spec/pii_names.h"
#include "engine/spec/spec.h"

namespace seed::cli {

// Options every planning command takes: --env --size --table --seed.
void AddPlanOptions(cxxopts::Options& o);
// --env, then SEED_ENV, APP_ENV, NODE_ENV, else dev. Aliases: local,
// development, test, testing -> dev; stage -> staging; prod -> production.
// An unknown name is refused naming where it came from.
Result<std::string> ResolveEnv(const cxxopts::ParseResult& args);
Result<PlanOptions> ReadPlanOptions(const cxxopts::ParseResult& args);
// --db, then DATABASE_URL, else sqlite:seed.db.
std::string ResolveDbUrl(const cxxopts::ParseResult& args);

// --log-format, --log-file, --quiet, --verbose.
void AddLogOptions(cxxopts::Options& o);
// The Log those options ask for, on stderr.
Result<std::unique_ptr<Log>> MakeLog(const cxxopts::ParseResult& args);
// Opens the target database (ResolveDbUrl). `create`: false for commands
// that only read or undo, so a mistyped SQLite path creates nothing.
// Connection retries are reported on `log` (stderr when null).
Result<std::unique_ptr<Driver>> OpenTarget(const cxxopts::ParseResult& args, bool create, Log* log = nullptr);
// --lock session|lease and --lease-ttl, which OpenTarget reads (and
// --partition K/N, which takes the lease "run K/N").
void AddLockOptions(cxxopts::Options& o);
// --partition K/N and --split rows|tables, for commands that have them;
// one worker of one (rows) without --partition.
Result<Partition> ReadPartition(const cxxopts::ParseResult& args);

// --retention and --real-data-retention: the retention of tables whose
// spec declares none (engine/exec/retention.h).
void AddRetentionOptions(cxxopts::Options& o);
Result<RetentionDefaults> ReadRetentionDefaults(const cxxopts::ParseResult& args);

// --backup DIR and --no-backup, for the commands that roll back.
void AddBackupOptions(cxxopts::Options& o);
// Where a rollback saves the rows it deletes: a new directory (named by
// the UTC time) under --backup DIR, or under seed-engine-backups/ when
// `guarded` (staging, production); null with --no-backup, and otherwise.
Result<std::unique_ptr<Backup>> MakeBackup(const cxxopts::ParseResult& args, bool guarded, const Driver& db,
                                           const std::string& env);
// The lines that say where a backup is and how to load it back.
void PrintBackup(const Backup& backup, const Driver& db);

struct Loaded {
  std::unique_ptr<Driver> source_db;  // --source-db, read by the plan's source queries
  std::vector<TableSpec> specs;
  std::unique_ptr<Plan> plan;
  std::string spec_hash;  // over every spec file
  std::unique_ptr<PiiNames> pii_names;  // built-in lists and the directory's pii-names.txt
};
Result<std::unique_ptr<Loaded>> LoadAndPlan(const std::string& dir, const PlanOptions& options);

// A boolean flag: `--name`, `--name=true` or `--name=false`; Parse refuses
// any other value (cxxopts alone would count `--yes=false` as present).
std::shared_ptr<const cxxopts::Value> Flag();
// Whether a Flag() is on.
bool On(const cxxopts::ParseResult& args, const std::string& name);

// Production is refused unless authorized twice: by the operator's
// environment (ALLOW_PRODUCTION_SEEDING=true) and by --yes on the command
// line. `action` is "seed" or "roll back".
Status ProductionGuard(const std::string& action, bool yes);

// Parses argv for a subcommand; usage problems become Code::kUsage naming
// the option (and the nearest known one for a misspelt name). Defaults
// come from a config file: --config F, else seed-engine.yaml in the spec
// directory. Its keys are option names (db, env, size, seed, schema,
// batch_size, lock_timeout, max_row_logs, log_format, log_file, source_db,
// strict); a flag overrides it, and so does the environment variable
// that names the same setting (DATABASE_URL, SEED_ENV..., SEED_SOURCE_DB_URL).
Result<cxxopts::ParseResult> Parse(cxxopts::Options& o, int argc, char** argv);
// Parse() for a command without a config file: the flags only.
Result<cxxopts::ParseResult> ParseArgs(cxxopts::Options& o, int argc, char** argv);
// The single positional DIR.
Result<std::string> SpecDir(const cxxopts::ParseResult& args, const cxxopts::Options& o);

// Each command's options, as its --help, the completion scripts and the
// man page show them (Parse adds --config).
cxxopts::Options AuditCommandOptions();
cxxopts::Options ChecksumCommandOptions();
cxxopts::Options PlanCommandOptions();
cxxopts::Options ValidateCommandOptions();
cxxopts::Options PreviewCommandOptions();
cxxopts::Options GeneratorsCommandOptions();
cxxopts::Options NewCommandOptions();
cxxopts::Options InitCommandOptions();
cxxopts::Options RollbackCommandOptions(bool reset);
cxxopts::Options RestoreCommandOptions();
cxxopts::Options StatusCommandOptions();
cxxopts::Options ExpireCommandOptions();
cxxopts::Options ExportCommandOptions();
cxxopts::Options RunCommandOptions();
// --config, which Parse adds to every command.
void AddConfigOption(cxxopts::Options& o);

int RunCommand(int argc, char** argv);
int PlanCommand(int argc, char** argv);
int ValidateCommand(int argc, char** argv);
int PreviewCommand(int argc, char** argv);
int GeneratorsCommand(int argc, char** argv);
int JsonSchemaCommand(int argc, char** argv);
int NewCommand(int argc, char** argv);
int InitCommand(int argc, char** argv);
int ChecksumCommand(int argc, char** argv);
int RollbackCommand(int argc, char** argv);
int StatusCommand(int argc, char** argv);
int RestoreCommand(int argc, char** argv);
int AuditCommand(int argc, char** argv);
int ExpireCommand(int argc, char** argv);
int ExportCommand(int argc, char** argv);

// `run --replant`: rolls back, under the run lock the caller holds, every
// table `plan` selects that the ledger in `db` records as seeded (the plan
// selects their dependents too), saving the rows in `backup` (may be
// null). Ok when all were deleted.
Status RollBackForReplant(Driver& db, const Plan& plan, const std::string& dir, Log& log, Driver* reader,
                          Backup* backup);

// The plan options a seeding recorded in the ledger (seed, size), in
// `env`: rolling back regenerates the rows it wrote.
PlanOptions SeededOptions(const Ledger& ledger, const std::string& env);
// A rollback's results as a table: status, rows, kept rows, key range.
void PrintResults(const std::vector<RollbackResult>& results);

// argv as a shell command line, with database URLs redacted: for messages
// that tell the user what to run next.
std::string CommandLine(int argc, char** argv);
// `a` as one shell word, quoted only where it must be.
std::string ShellWord(const std::string& a);

// Prints a Status to stderr and returns its exit code.
int Fail(const Status& s);

// Rows as an aligned text table with a header line (preview, generators).
void PrintRows(const std::vector<std::string>& names, const std::vector<std::vector<Value>>& rows);

}  // namespace seed::cli
