#include "engine/cli/common.h"

#include <charconv>
#include <cstdlib>
#include <algorithm>
#include <ctime>
#include <filesystem>
#include <iostream>
#include <map>
#include <optional>

#include "engine/core/utc_time.h"
#include "engine/driver/lease_lock.h"
#include "engine/driver/registry.h"
#include "engine/driver/url.h"
#include "engine/exec/partition.h"
#include "engine/gen/options.h"
#include "engine/gen/rng.h"
#include "engine/spec/spec_loader.h"
#include "engine/spec/yaml_loader.h"

namespace seed::cli {

void AddPlanOptions(cxxopts::Options& o) {
  o.add_options()
      ("env", "dev | staging | production (default: SEED_ENV, APP_ENV, NODE_ENV, else dev)",
       cxxopts::value<std::string>())
      ("size", "small | medium | large | N rows per table", cxxopts::value<std::string>())
      ("table", "only this table (repeatable); +T adds the tables T references, T+ those referencing T",
       cxxopts::value<std::vector<std::string>>())
      ("exclude", "never this table (repeatable)", cxxopts::value<std::vector<std::string>>())
      ("seed", "random seed; same seed, same rows", cxxopts::value<uint64_t>()->default_value("42"))
      ("source-db", "database URL that tables with `source: {query: ...}` read from (default:"
       " SEED_SOURCE_DB_URL; password from SEED_SOURCE_DB_PASSWORD[_FILE])",
       cxxopts::value<std::string>())
      ("h,help", "show this help");
}

Result<std::string> ResolveEnv(const cxxopts::ParseResult& args) {
  std::string env, from;
  if (args.count("env")) env = args["env"].as<std::string>(), from = "--env";
  for (const char* var : {"SEED_ENV", "APP_ENV", "NODE_ENV"}) {
    if (!env.empty()) break;
    if (const char* v = std::getenv(var); v && *v) env = v, from = var;
  }
  if (env.empty()) return std::string("dev");
  // The names frameworks set for a developer's machine and for test
  // runners (Laravel APP_ENV=local/testing, Jest NODE_ENV=test) all mean
  // the dev rules: generated data only, never real values.
  static const std::pair<const char*, const char*> kAliases[] = {
      {"dev", "dev"},         {"development", "dev"}, {"local", "dev"},       {"test", "dev"},
      {"testing", "dev"},     {"staging", "staging"}, {"stage", "staging"},   {"production", "production"},
      {"prod", "production"}};
  for (const auto& [alias, name] : kAliases)
    if (env == alias) return std::string(name);
  std::vector<std::string> names;
  for (const auto& [alias, name] : kAliases) names.push_back(alias);
  return Status::Usage("unknown environment '" + env + "' (from " + from + ")" + DidYouMean(env, names) +
                       ": use dev, staging or production (local, development, test and testing mean dev;"
                       " prod means production)");
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
  if (args.count("exclude")) o.exclude = args["exclude"].as<std::vector<std::string>>();
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

void AddLogOptions(cxxopts::Options& o) {
  o.add_options()
      ("log-format", "text | json", cxxopts::value<std::string>()->default_value("text"))
      ("log-file", "also append the log to this file, every event (even those --quiet hides)",
       cxxopts::value<std::string>())
      ("q,quiet", "print only warnings and errors (and the summary)", Flag())
      ("v,verbose", "also print debug events (every skipped row)", Flag());
}

Result<std::unique_ptr<Log>> MakeLog(const cxxopts::ParseResult& args) {
  const std::string format = args["log-format"].as<std::string>();
  if (format != "text" && format != "json") return Status::Usage("--log-format " + format + ": use text or json");
  if (On(args, "quiet") && On(args, "verbose")) return Status::Usage("--quiet and --verbose: choose one");
  auto log = std::make_unique<Log>(format == "json" ? LogFormat::kJson : LogFormat::kText, std::cerr,
                                   args.count("log-file") ? args["log-file"].as<std::string>() : "");
  if (!log->ok()) return Status::Usage("--log-file " + args["log-file"].as<std::string>() + ": cannot open for writing");
  if (On(args, "quiet")) log->set_console_level(Level::kWarn);
  if (On(args, "verbose")) log->set_console_level(Level::kDebug);
  return log;
}

void AddLockOptions(cxxopts::Options& o) {
  o.add_options()
      ("lock", "session | lease: how runs exclude each other; lease: a row in the ledger that holds across a"
       " cluster (Galera) and expires when its holder dies (default session)", cxxopts::value<std::string>())
      ("lease-ttl", "seconds a lease lives without renewal (default 60); its holder renews it every third of that",
       cxxopts::value<int>());
}

Result<std::unique_ptr<Driver>> OpenTarget(const cxxopts::ParseResult& args, bool create, Log* log) {
  OpenOptions o;
  o.create = create;
  o.on_retry = [log](const std::string& message) {
    if (log) log->Warn("db.retry", message);
    else std::cerr << "warning: " << message << '\n';
  };
  const std::string lock = args.count("lock") ? args["lock"].as<std::string>() : "session";
  if (lock != "session" && lock != "lease") return Status::Usage("--lock " + lock + ": use session or lease");
  LeaseOptions lease;
  if (args.count("lease-ttl")) lease.ttl_seconds = args["lease-ttl"].as<int>();
  if (lease.ttl_seconds < 5 || lease.ttl_seconds > 86400)
    return Status::Usage("--lease-ttl " + std::to_string(lease.ttl_seconds) + ": use 5 to 86400 seconds");
  // Workers of a partitioned run hold a lease each (Partition::LeaseName).
  const bool partitioned = args.count("partition") > 0;
  if (partitioned) {
    Result<Partition> part = ReadPartition(args);
    if (!part.ok()) return part.status();
    lease.name = part->LeaseName();
  }
  const std::string url = ResolveDbUrl(args);
  if (!TakesOneWriter(url))
    lease.keeper = [url] {
      OpenOptions k;
      k.create = false;
      return OpenDriver(url, k);
    };
  Result<std::unique_ptr<Driver>> db = OpenDriver(url, o);
  if (!db.ok()) return db;
  if (lock == "session" && !partitioned) return WithLeaseCheck(std::move(*db));
  return WithLease(std::move(*db), lease);
}

Result<Partition> ReadPartition(const cxxopts::ParseResult& args) {
  Partition part;
  if (args.count("partition")) {
    Result<Partition> p = ParsePartition(args["partition"].as<std::string>());
    if (!p.ok()) return p;
    part = *p;
  }
  if (args.count("split")) {
    Result<Split> split = ParseSplit(args["split"].as<std::string>());
    if (!split.ok()) return split.status();
    part.split = *split;
  }
  return part;
}

Result<std::unique_ptr<Loaded>> LoadAndPlan(const std::string& dir, const PlanOptions& options) {
  auto loaded = std::make_unique<Loaded>();
  PlanOptions opts = options;
  if (!opts.source_db_url.empty()) {
    OpenOptions source;
    source.password_env = "SEED_SOURCE_DB_PASSWORD";
    source.create = false;  // a source is read, never made
    Result<std::unique_ptr<Driver>> db = OpenDriver(opts.source_db_url, source);
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

void AddRetentionOptions(cxxopts::Options& o) {
  o.add_options()
      ("retention", "how long seeded tables without their own `retention:` may live: 30d, or dev=30d,staging=14d",
       cxxopts::value<std::string>())
      ("real-data-retention", "the same for tables of real (masked) rows, usually shorter",
       cxxopts::value<std::string>());
}

Result<RetentionDefaults> ReadRetentionDefaults(const cxxopts::ParseResult& args) {
  RetentionDefaults d;
  for (const char* flag : {"retention", "real-data-retention"}) {
    if (!args.count(flag)) continue;
    Result<RetentionSpec> r = ParseRetentionText(args[flag].as<std::string>());
    if (!r.ok()) return Status::Usage(std::string("--") + flag + ": " + r.status().message());
    (std::string(flag) == "retention" ? d.generated : d.real_data) = *r;
  }
  return d;
}

void AddBackupOptions(cxxopts::Options& o) {
  o.add_options()
      ("backup", "save the rows a rollback deletes in a new directory under DIR (default in staging and"
       " production: seed-engine-backups); `seed-engine restore` loads them back", cxxopts::value<std::string>())
      ("no-backup", "delete without saving the rows first, also in staging and production", Flag());
}

Result<std::unique_ptr<Backup>> MakeBackup(const cxxopts::ParseResult& args, bool guarded, const Driver& db,
                                           const std::string& env) {
  if (On(args, "no-backup")) return std::unique_ptr<Backup>();
  std::string parent;
  if (args.count("backup")) parent = args["backup"].as<std::string>();
  else if (const char* v = std::getenv("SEED_BACKUP_DIR"); v && *v) parent = v;
  else if (guarded) parent = "seed-engine-backups";
  else return std::unique_ptr<Backup>();
  if (parent.empty()) return Status::Usage("--backup: name a directory");
  const std::string stamp = FormatUtc(NowSeconds(), /*compact=*/true);
  std::string dir = parent + "/" + stamp;
  for (int n = 2; std::filesystem::exists(dir); ++n) dir = parent + "/" + stamp + "-" + std::to_string(n);
  return Backup::Create(dir, db.RedactedUrl(), env);
}

void PrintBackup(const Backup& backup, const Driver& db) {
  std::cout << "backup: " << backup.rows() << " deleted rows saved in " << backup.dir() << "; `seed-engine restore "
            << ShellWord(backup.dir()) << " --db " << ShellWord(db.RedactedUrl()) << "` loads them back\n";
}

namespace {

// Every option `o` declares, by long name, with its help line.
std::map<std::string, cxxopts::HelpOptionDetails> Declared(const cxxopts::Options& o) {
  std::map<std::string, cxxopts::HelpOptionDetails> out;
  for (const std::string& group : o.groups())
    for (const cxxopts::HelpOptionDetails& d : o.group_help(group).options)
      if (!d.l.empty()) out.emplace(d.l.front(), d);
  return out;
}

// The command's name as its usage line starts: "seed-engine run".
std::string CommandName(const cxxopts::Options& o) { return o.program(); }

}  // namespace

namespace {

// The settings a config file may hold, and the environment variables that
// override each (a flag overrides both). Confirmations (--yes, --replant)
// and selections (--table) are never defaults.
const std::map<std::string, std::vector<const char*>> kConfigKeys = {
    {"db", {"DATABASE_URL"}},        {"env", {"SEED_ENV", "APP_ENV", "NODE_ENV"}},
    {"size", {}},                    {"seed", {}},
    {"schema", {}},                  {"batch-size", {}},
    {"lock-timeout", {}},            {"max-row-logs", {}},
    {"log-format", {}},              {"log-file", {}},
    {"source-db", {"SEED_SOURCE_DB_URL"}}, {"strict", {}},
    {"backup", {"SEED_BACKUP_DIR"}}, {"retention", {}},
    {"real-data-retention", {}},     {"lock", {"SEED_LOCK"}},
    {"lease-ttl", {}}};

// A setting that may be a map in the config file (retention: {dev: 30d}),
// passed on as the flag's "dev=30d,staging=14d".
std::optional<std::string> MapSetting(const std::string& key, const Node& value) {
  if ((key != "retention" && key != "real-data-retention") || !value.IsMap()) return std::nullopt;
  std::string out;
  for (const NodeEntry& e : value.entries) out += (out.empty() ? "" : ",") + e.first.scalar + "=" + e.second.scalar;
  return out;
}

// argv with the config file's settings put first, as "--key=value", so the
// command line's own flags (later) win.
Result<std::vector<std::string>> WithConfig(const cxxopts::Options& o, const std::string& path, int argc,
                                            char** argv) {
  Result<Node> root = LoadYamlFile(path);
  if (!root.ok()) return root.status();
  if (!root->IsMap()) return Status::Spec("the config file must be a map of option: value", root->mark);
  const auto declared = Declared(o);
  std::vector<std::string> out = {argv[0]};
  for (const NodeEntry& e : root->entries) {
    std::string key = e.first.scalar;
    std::replace(key.begin(), key.end(), '_', '-');
    auto known = kConfigKeys.find(key);
    if (known == kConfigKeys.end()) {
      std::vector<std::string> names;
      std::string list;
      for (const auto& [k, v] : kConfigKeys) {
        names.push_back(k);
        std::string spelt = k;
        std::replace(spelt.begin(), spelt.end(), '-', '_');
        list += (list.empty() ? "" : ", ") + spelt;
      }
      return Status::Spec("unknown setting '" + e.first.scalar + "'" + DidYouMean(key, names) +
                              " (a config file holds " + list + ")",
                          e.first.mark);
    }
    const std::optional<std::string> map = MapSetting(key, e.second);
    if (!map && !e.second.IsScalar()) return Status::Spec("'" + e.first.scalar + "' takes one value", e.second.mark);
    if (!declared.count(key)) continue;  // another command's setting
    bool overridden = false;
    for (const char* var : known->second)
      if (const char* v = std::getenv(var); v && *v) overridden = true;
    if (!overridden) out.push_back("--" + key + "=" + map.value_or(e.second.scalar));
  }
  for (int i = 1; i < argc; ++i) out.push_back(argv[i]);
  return out;
}

}  // namespace

void AddConfigOption(cxxopts::Options& o) {
  o.add_options()("config", "defaults for this command's options (default: DIR/seed-engine.yaml)",
                  cxxopts::value<std::string>());
}

Result<cxxopts::ParseResult> Parse(cxxopts::Options& o, int argc, char** argv) {
  AddConfigOption(o);
  Result<cxxopts::ParseResult> first = ParseArgs(o, argc, argv);
  if (!first.ok() || first->count("help")) return first;
  std::string path;
  if (first->count("config")) {
    path = (*first)["config"].as<std::string>();
    if (!std::filesystem::is_regular_file(path)) return Status::Usage("--config " + path + ": no such file");
  } else if (!first->unmatched().empty()) {
    path = (std::filesystem::path(first->unmatched()[0]) / "seed-engine.yaml").string();
    if (!std::filesystem::is_regular_file(path)) return first;
  } else {
    return first;
  }
  Result<std::vector<std::string>> args = WithConfig(o, path, argc, argv);
  if (!args.ok()) return args.status();
  std::vector<char*> ptrs;
  for (std::string& a : *args) ptrs.push_back(a.data());
  return ParseArgs(o, static_cast<int>(ptrs.size()), ptrs.data());
}

Result<cxxopts::ParseResult> ParseArgs(cxxopts::Options& o, int argc, char** argv) {
  const auto declared = Declared(o);
  const std::string more = "; see '" + CommandName(o) + " --help'";
  // cxxopts names neither a misspelt option's nearest match nor, for a
  // bad value, the option: both are found here first.
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--") break;
    if (arg.size() < 3 || arg.compare(0, 2, "--") != 0) continue;
    const std::string name = arg.substr(2, arg.find('=') - 2);
    if (declared.count(name)) continue;
    std::vector<std::string> names;
    for (const auto& [n, d] : declared) names.push_back(n);
    const std::string near = Nearest(name, names);
    return Status::Usage("unknown option --" + name + (near.empty() ? "" : " (did you mean --" + near + "?)") + more);
  }
  try {
    auto r = o.parse(argc, argv);
    if (!r.unmatched().empty() && r.unmatched().size() > 1)
      return Status::Usage("unexpected argument '" + r.unmatched()[1] + "'" + more);
    // Flag()s are the options whose implicit value is "true" (cxxopts's own
    // booleans, like --help, also have the default "false").
    for (const auto& [name, d] : declared) {
      if (!d.has_implicit || d.implicit_value != "true" || d.has_default || !r.count(name)) continue;
      const std::string v = r[name].as<std::string>();
      if (v != "true" && v != "false")
        return Status::Usage("--" + name + "=" + v + ": use --" + name + ", --" + name + "=true or --" + name +
                             "=false");
    }
    return r;
  } catch (const cxxopts::exceptions::incorrect_argument_type& e) {
    // The value is quoted in the message; the option is the one it follows.
    for (int i = 1; i < argc; ++i) {
      const std::string arg = argv[i];
      if (arg.compare(0, 2, "--") != 0) continue;
      const size_t eq = arg.find('=');
      const std::string name = arg.substr(2, eq == std::string::npos ? std::string::npos : eq - 2);
      const std::string value = eq != std::string::npos ? arg.substr(eq + 1) : i + 1 < argc ? argv[i + 1] : "";
      auto d = declared.find(name);
      if (d == declared.end() || e.what() != "Argument " + cxxopts::LQUOTE + value + cxxopts::RQUOTE + " failed to parse") continue;
      return Status::Usage("--" + name + " " + value + ": not a valid value (" + d->second.desc + ")");
    }
    return Status::Usage(std::string(e.what()) + more);
  } catch (const std::exception& e) {
    return Status::Usage(std::string(e.what()) + more);
  }
}

Result<std::string> SpecDir(const cxxopts::ParseResult& args, const cxxopts::Options& o) {
  if (args.unmatched().empty())
    return Status::Usage("missing spec directory (e.g. " + CommandName(o) + " specs/); see '" + CommandName(o) +
                         " --help'");
  return args.unmatched()[0];
}

std::string CommandLine(int argc, char** argv) {
  std::string out = "seed-engine";
  bool url_next = false;
  for (int i = 0; i < argc; ++i) {
    std::string a = argv[i];
    const bool url_flag = a == "--db" || a == "--source-db";
    if (url_next) a = RedactUrl(a);
    if (a.rfind("--db=", 0) == 0 || a.rfind("--source-db=", 0) == 0) {
      const size_t eq = a.find('=');
      a = a.substr(0, eq + 1) + RedactUrl(a.substr(eq + 1));
    }
    url_next = url_flag;
    out += ' ';
    out += ShellWord(a);
  }
  return out;
}

std::string ShellWord(const std::string& a) {
  const bool plain = !a.empty() && a.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                                       "0123456789-_=./:+,@") == std::string::npos;
  if (plain) return a;
  std::string q = "'";
  for (char c : a) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

int Fail(const Status& s) {
  std::cerr << "error: " << s.ToString() << '\n';
  return ExitCode(s.code());
}

void PrintRows(const std::vector<std::string>& names, const std::vector<std::vector<Value>>& rows) {
  std::vector<size_t> width;
  for (const auto& n : names) width.push_back(n.size());
  for (const auto& row : rows)
    for (size_t c = 0; c < row.size(); ++c)
      width[c] = std::max(width[c], row[c].is_null() ? 4 : row[c].ToText().size());
  auto line = [&](auto cell) {
    std::string out;
    for (size_t c = 0; c < names.size(); ++c) {
      std::string t = cell(c);
      out += (c ? " | " : "") + t + std::string(width[c] - std::min(width[c], t.size()), ' ');
    }
    while (!out.empty() && out.back() == ' ') out.pop_back();
    std::cout << out << '\n';
  };
  line([&](size_t c) { return names[c]; });
  line([&](size_t c) { return std::string(width[c], '-'); });
  for (const auto& row : rows)
    line([&](size_t c) { return row[c].is_null() ? std::string("NULL") : row[c].ToText(); });
}

}  // namespace seed::cli
