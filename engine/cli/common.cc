#include "engine/cli/common.h"

#include <charconv>
#include <cstdlib>
#include <iostream>

#include "engine/driver/registry.h"
#include "engine/gen/rng.h"
#include "engine/spec/spec_loader.h"

namespace seed::cli {

void AddPlanOptions(cxxopts::Options& o) {
  o.add_options()
      ("env", "dev | staging | production (default: SEED_ENV, APP_ENV, NODE_ENV, else dev)",
       cxxopts::value<std::string>())
      ("size", "small | medium | large | N rows per table", cxxopts::value<std::string>())
      ("table", "only this table (repeatable)", cxxopts::value<std::vector<std::string>>())
      ("seed", "random seed; same seed, same rows", cxxopts::value<uint64_t>()->default_value("42"))
      ("source-db", "database URL that tables with `source: {query: ...}` read from (default:"
       " SEED_SOURCE_DB_URL; password from SEED_SOURCE_DB_PASSWORD[_FILE])",
       cxxopts::value<std::string>())
      ("h,help", "show this help");
}

Result<std::string> ResolveEnv(const cxxopts::ParseResult& args) {
  std::string env;
  if (args.count("env")) env = args["env"].as<std::string>();
  for (const char* var : {"SEED_ENV", "APP_ENV", "NODE_ENV"}) {
    if (!env.empty()) break;
    if (const char* v = std::getenv(var); v && *v) env = v;
  }
  if (env.empty()) env = "dev";
  if (env == "development") env = "dev";
  if (env == "prod") env = "production";
  if (env != "dev" && env != "staging" && env != "production")
    return Status::Usage("unknown environment '" + env + "': use dev, staging or production");
  return env;
}

Result<PlanOptions> ReadPlanOptions(const cxxopts::ParseResult& args) {
  PlanOptions o;
  Result<std::string> env = ResolveEnv(args);
  if (!env.ok()) return env.status();
  o.env = *env;
  o.seed = args["seed"].as<uint64_t>();
  if (args.count("source-db")) o.source_db_url = args["source-db"].as<std::string>();
  else if (const char* v = std::getenv("SEED_SOURCE_DB_URL"); v && *v) o.source_db_url = v;
  if (args.count("table")) o.tables = args["table"].as<std::vector<std::string>>();
  if (args.count("size")) {
    const std::string size = args["size"].as<std::string>();
    if (size == "small" || size == "medium" || size == "large") {
      o.size = size;
    } else {
      uint64_t n = 0;
      auto [end, ec] = std::from_chars(size.data(), size.data() + size.size(), n);
      if (size.empty() || ec != std::errc() || end != size.data() + size.size())
        return Status::Usage("--size " + size + ": use small, medium, large or a row count" +
                             (ec == std::errc::result_out_of_range ? " below 2^64" : ""));
      o.size_rows = n;
    }
  }
  return o;
}

std::string ResolveDbUrl(const cxxopts::ParseResult& args) {
  if (args.count("db")) return args["db"].as<std::string>();
  if (const char* v = std::getenv("DATABASE_URL"); v && *v) return v;
  return "sqlite:seed.db";
}

Result<std::unique_ptr<Loaded>> LoadAndPlan(const std::string& dir, const PlanOptions& options) {
  auto loaded = std::make_unique<Loaded>();
  PlanOptions opts = options;
  if (!opts.source_db_url.empty()) {
    Result<std::unique_ptr<Driver>> db = OpenDriver(opts.source_db_url, "SEED_SOURCE_DB_PASSWORD");
    if (!db.ok()) return Status::Error(db.status().code(), "--source-db: " + db.status().message());
    loaded->source_db = std::move(*db);
    opts.source_db = loaded->source_db.get();
  }
  Diagnostics diag;
  loaded->specs = LoadSpecDir(dir, diag);
  if (!diag.ok()) return diag.ToStatus();
  std::string all;
  for (const TableSpec& t : loaded->specs) all += t.table + ":" + t.content_hash + ";";
  char hex[17];
  snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(HashString(all)));
  loaded->spec_hash = hex;
  loaded->pii_names = std::make_unique<PiiNames>(LoadPiiNames(dir, diag));
  if (!diag.ok()) return diag.ToStatus();
  opts.pii_names = loaded->pii_names.get();
  loaded->plan = Plan::Build(loaded->specs, opts, diag);
  if (!diag.ok()) return diag.ToStatus();
  return loaded;
}

std::shared_ptr<const cxxopts::Value> Flag() { return cxxopts::value<std::string>()->implicit_value("true"); }

bool On(const cxxopts::ParseResult& args, const std::string& name) {
  return args.count(name) && args[name].as<std::string>() == "true";
}

Status ProductionGuard(const std::string& action, bool yes) {
  const char* allow = std::getenv("ALLOW_PRODUCTION_SEEDING");
  if (!allow || std::string(allow) != "true")
    return Status::Guard("refusing to " + action + " production: set ALLOW_PRODUCTION_SEEDING=true and pass"
                         " --yes");
  if (!yes)
    return Status::Guard("refusing to " + action + " production without --yes (ALLOW_PRODUCTION_SEEDING"
                         " is set)");
  return Status::Ok();
}

Result<cxxopts::ParseResult> Parse(cxxopts::Options& o, int argc, char** argv) {
  try {
    auto r = o.parse(argc, argv);
    if (!r.unmatched().empty() && r.unmatched().size() > 1)
      return Status::Usage("unexpected argument '" + r.unmatched()[1] + "'\n\n" + o.help());
    // Flag()s are the options whose implicit value is "true".
    for (const std::string& group : o.groups())
      for (const cxxopts::HelpOptionDetails& d : o.group_help(group).options) {
        if (d.l.empty() || !d.has_implicit || d.implicit_value != "true" || !r.count(d.l.front())) continue;
        const std::string v = r[d.l.front()].as<std::string>();
        if (v != "true" && v != "false")
          return Status::Usage("--" + d.l.front() + "=" + v + ": use --" + d.l.front() + ", --" +
                               d.l.front() + "=true or --" + d.l.front() + "=false");
      }
    return r;
  } catch (const std::exception& e) {
    return Status::Usage(std::string(e.what()) + "\n\n" + o.help());
  }
}

Result<std::string> SpecDir(const cxxopts::ParseResult& args, const cxxopts::Options& o) {
  if (args.unmatched().empty())
    return Status::Usage("missing spec directory (e.g. specs/)\n\n" + o.help());
  return args.unmatched()[0];
}

int Fail(const Status& s) {
  std::cerr << "error: " << s.ToString() << '\n';
  return ExitCode(s.code());
}

}  // namespace seed::cli
