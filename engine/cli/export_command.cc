// `seed-engine export DIR --out PATH`: the rows a run would insert, as
// SQL scripts, CSV files with their load statements, or JSON Lines; no
// database needed (--db places keys above the rows it holds and checks the
// rows against its schema, as a run does).
#include <iostream>

#include "engine/cli/common.h"
#include "engine/core/interrupt.h"
#include "engine/exec/export.h"

namespace seed::cli {

namespace {

// "1048576", "512k", "1MB", "2MiB": bytes; nullopt when malformed.
std::optional<uint64_t> ParseBytes(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  size_t digits = 0;
  while (digits < text.size() && std::isdigit(static_cast<unsigned char>(text[digits]))) ++digits;
  if (digits == 0 || digits > 12) return std::nullopt;
  const uint64_t n = std::stoull(text.substr(0, digits));
  const std::string unit = text.substr(digits);
  if (unit.empty() || unit == "b") return n;
  if (unit == "k" || unit == "kb" || unit == "kib") return n << 10;
  if (unit == "m" || unit == "mb" || unit == "mib") return n << 20;
  if (unit == "g" || unit == "gb" || unit == "gib") return n << 30;
  return std::nullopt;
}

// The dialect a --db URL names: its scheme.
std::string DialectOfUrl(const std::string& url) {
  const size_t colon = url.find(':');
  return colon == std::string::npos ? "" : url.substr(0, colon);
}

}  // namespace

cxxopts::Options ExportCommandOptions() {
  cxxopts::Options o("seed-engine export",
                     "Write the rows a run would insert into files: SQL scripts, CSV with load statements, or"
                     " JSON Lines, with load.sh for the target's client.");
  o.custom_help("DIR --out PATH [options]");
  AddPlanOptions(o);
  o.add_options()
      ("out", "directory to write into (created; an earlier export there is replaced)", cxxopts::value<std::string>())
      ("format", "sql | csv | jsonl (default sql)", cxxopts::value<std::string>()->default_value("sql"))
      ("dialect", "sqlite | mysql | postgres: the database the files are for (default: --db's, else sqlite)",
       cxxopts::value<std::string>())
      ("db", "database whose schema the rows are checked against and whose existing keys they start above"
       " (optional; nothing is written to it)", cxxopts::value<std::string>())
      ("partition", "K/N: write only worker K's share (from 0) of N; the N exports together hold every row"
       " once", cxxopts::value<std::string>())
      ("max-file-size", "cut files at this size (bytes, or 512k, 1MB): each piece loads on its own",
       cxxopts::value<std::string>())
      ("batch-size", "rows generated per batch", cxxopts::value<size_t>()->default_value("5000"))
      ("yes", "confirm exporting for production", Flag());
  AddLogOptions(o);
  return o;
}

int ExportCommand(int argc, char** argv) {
  cxxopts::Options o = ExportCommandOptions();
  Result<cxxopts::ParseResult> args = Parse(o, argc, argv);
  if (!args.ok()) return Fail(args.status());
  if (args->count("help")) return std::cout << o.help(), 0;
  Result<std::string> dir = SpecDir(*args, o);
  if (!dir.ok()) return Fail(dir.status());
  Result<std::unique_ptr<Log>> made = MakeLog(*args);
  if (!made.ok()) return Fail(made.status());
  Log& log = **made;
  auto fail = [&](const Status& s) {
    log.Error("export.failed", s.ToString(), {{"code", CodeName(s.code())}, {"exit", ExitCode(s.code())}});
    return ExitCode(s.code());
  };

  ExportOptions options;
  if (!args->count("out")) return fail(Status::Usage("export: give the directory to write into with --out PATH"));
  options.dir = (*args)["out"].as<std::string>();
  const std::string format = (*args)["format"].as<std::string>();
  std::optional<ExportFormat> f = ParseExportFormat(format);
  if (!f) return fail(Status::Usage("--format " + format + ": use sql, csv or jsonl"));
  options.format = *f;
  const bool use_db = args->count("db") > 0;
  const std::string dialect_name = args->count("dialect") ? (*args)["dialect"].as<std::string>()
                                   : use_db                ? DialectOfUrl((*args)["db"].as<std::string>())
                                                           : "sqlite";
  std::unique_ptr<Dialect> dialect = Dialect::Find(dialect_name);
  if (!dialect) return fail(Status::Usage("--dialect " + dialect_name + ": use one of " + Dialect::Names()));
  options.dialect = dialect.get();
  Result<Partition> part = ReadPartition(*args);
  if (!part.ok()) return fail(part.status());
  options.partition = *part;
  if (args->count("max-file-size")) {
    const std::string text = (*args)["max-file-size"].as<std::string>();
    std::optional<uint64_t> bytes = ParseBytes(text);
    if (!bytes || *bytes < 4096)
      return fail(Status::Usage("--max-file-size " + text + ": use a size of at least 4096 bytes (4k), e.g. 1MB"));
    options.max_file_bytes = *bytes;
  }
  options.batch_rows = (*args)["batch-size"].as<size_t>();
  if (options.batch_rows < 1 || options.batch_rows > 1000000)
    return fail(Status::Usage("--batch-size " + std::to_string(options.batch_rows) + ": use 1 to 1000000 rows"));

  Result<PlanOptions> popts = ReadPlanOptions(*args);
  if (!popts.ok()) return fail(popts.status());
  // The files hold what production would get: the same guard as a run.
  if (popts->env == "production")
    if (Status g = ProductionGuard("export for", On(*args, "yes")); !g.ok()) return fail(Status::Guard(g.message()));
  Result<std::unique_ptr<Loaded>> loaded = LoadAndPlan(*dir, *popts);
  if (!loaded.ok()) return fail(loaded.status());
  const Plan& plan = *(*loaded)->plan;

  std::unique_ptr<Driver> db;
  if (use_db) {
    Result<std::unique_ptr<Driver>> opened = OpenTarget(*args, /*create=*/false, &log);
    if (!opened.ok()) return fail(opened.status());
    db = std::move(*opened);
  }
  Result<std::map<std::string, ExportTable>> tables = ExportTables(plan, db ? &db->catalog() : nullptr);
  if (!tables.ok()) return fail(tables.status());
  Result<KeyBases> keys = ExportKeyBases(plan, *tables, db ? &db->session() : nullptr);
  if (!keys.ok()) return fail(keys.status());
  InstallInterruptHandlers();
  Exporter exporter(plan, *tables, *keys, options, log);
  Result<ExportSummary> sum = exporter.Run();
  if (!sum.ok()) return fail(sum.status());
  for (const ExportFile& file : sum->files)
    std::cout << file.name << ' ' << file.rows << " rows " << file.bytes << " bytes\n";
  std::string done = std::to_string(sum->rows) + " rows in " + std::to_string(sum->files.size()) + " files in " +
                     options.dir + " (" + std::to_string(sum->ms) + " ms)";
  if (options.format != ExportFormat::kJsonl)
    done += "; load them with: sh " + options.dir + "/load.sh " + options.dialect->ClientUsage();
  log.Info("export.done", done, {{"rows", sum->rows}, {"files", sum->files.size()}, {"skipped", sum->skipped}});
  if (sum->skipped > 0) {
    log.Warn("export.partial", std::to_string(sum->skipped) + " rows do not fit the database's schema and were"
                                                               " left out, as a run would skip them");
    return ExitCode(Code::kPartial);
  }
  return 0;
}

}  // namespace seed::cli
