// `seed-engine init --db URL [--out DIR]`: one spec per table of a live
// database, written to seed with zero edits; `--update` brings an existing
// spec directory up to date with the database.
#include <filesystem>
#include <iostream>

#include "engine/cli/common.h"
#include "engine/core/text_file.h"
#include "engine/init/init.h"
#include "engine/spec/json_schema.h"

namespace seed::cli {

namespace {

namespace fs = std::filesystem;

std::vector<std::string> List(const cxxopts::ParseResult& args, const std::string& name) {
  return args.count(name) ? args[name].as<std::vector<std::string>>() : std::vector<std::string>{};
}

std::string CommaList(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& i : items) out += (out.empty() ? "" : ", ") + i;
  return out;
}

}  // namespace

cxxopts::Options InitCommandOptions() {
  cxxopts::Options o("seed-engine init", "Write one spec per table of a live database, ready to seed.");
  o.custom_help("--db URL [--out DIR] [options]");
  o.add_options()
      ("db", "the database to read (default: DATABASE_URL, else sqlite:seed.db)", cxxopts::value<std::string>())
      ("out", "the spec directory to write", cxxopts::value<std::string>()->default_value("specs"))
      ("table", "only this table and the tables it references (repeatable)", cxxopts::value<std::vector<std::string>>())
      ("exclude", "leave this table out (repeatable)", cxxopts::value<std::vector<std::string>>())
      ("update", "add the tables and columns that appeared since to the specs in --out; report the rest", Flag())
      ("force", "overwrite spec files that exist", Flag())
      ("h,help", "show this help");
  return o;
}

int InitCommand(int argc, char** argv) {
  cxxopts::Options o = InitCommandOptions();
  Result<cxxopts::ParseResult> args = ParseArgs(o, argc, argv);
  if (!args.ok()) return Fail(args.status());
  if (args->count("help")) return std::cout << o.help(), 0;
  if (!args->unmatched().empty())
    return Fail(Status::Usage("init takes no directory argument: --out DIR says where the specs go"));
  Result<std::unique_ptr<Driver>> db = OpenTarget(*args, /*create=*/false);
  if (!db.ok()) return Fail(db.status());
  InitOptions options;
  options.tables = List(*args, "table");
  options.exclude = List(*args, "exclude");
  options.origin = (*db)->RedactedUrl();
  const fs::path dir = (*args)["out"].as<std::string>();
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) return Fail(Status::Io(dir.string() + ": cannot create: " + ec.message()));

  std::vector<InitFile> files;
  std::vector<std::string> left_out;
  if (On(*args, "update")) {
    Result<InitUpdate> update = UpdateSpecs(**db, dir.string(), options);
    if (!update.ok()) return Fail(update.status());
    for (const auto& [file, text] : update->changed)
      if (Status s = WriteTextFile(file, text); !s.ok()) return Fail(s);
    for (const std::string& a : update->added) std::cout << "added column " << a << '\n';
    for (const std::string& r : update->reports) std::cout << "review: " << r << '\n';
    files = std::move(update->new_tables);
    left_out = std::move(update->left_out);
  } else {
    Result<InitResult> all = InitSpecs(**db, options);
    if (!all.ok()) return Fail(all.status());
    files = std::move(all->files);
    left_out = std::move(all->left_out);
    if (!On(*args, "force")) {
      std::vector<std::string> existing;
      for (const InitFile& f : files)
        if (fs::exists(dir / f.name)) existing.push_back((dir / f.name).string());
      if (!existing.empty())
        return Fail(Status::Usage(CommaList(existing) +
                                  ": exists; pass --update to add what is new to them, or --force"
                                  " to overwrite"));
    }
  }
  size_t personal = 0;
  for (const InitFile& f : files) {
    if (Status s = WriteTextFile((dir / f.name).string(), f.text); !s.ok()) return Fail(s);
    personal += f.personal.size();
    std::cout << "wrote " << (dir / f.name).string();
    if (!f.personal.empty()) std::cout << " (pii to review: " << CommaList(f.personal) << ")";
    std::cout << '\n';
    for (const std::string& u : f.unfitted) std::cout << "  review: " << u << '\n';
  }
  for (const std::string& l : left_out) std::cout << "left out " << l << '\n';
  if (Status s = WriteTextFile((dir / "spec.schema.json").string(), SpecJsonSchema(Registry::Default())); !s.ok()) return Fail(s);
  std::cout << files.size() << " spec" << (files.size() == 1 ? "" : "s") << " written to " << dir.string() << ", "
            << personal << " personal column" << (personal == 1 ? "" : "s")
            << " to review (seed-engine audit " << ShellWord(dir.string()) << ")\n"
            << "next: seed-engine run " << ShellWord(dir.string()) << " --db " << ShellWord(options.origin)
            << " --dry-run\n";
  return 0;
}

}  // namespace seed::cli
