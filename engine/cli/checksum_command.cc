// `seed-engine checksum DIR --db URL`: per-table row count and content
// digest, comparable across databases (see exec/checksum.h).
#include <algorithm>
#include <iostream>

#include "engine/cli/common.h"
#include "engine/driver/registry.h"
#include "engine/exec/checksum.h"
#include "engine/spec/spec_loader.h"

namespace seed::cli {

cxxopts::Options ChecksumCommandOptions() {
  cxxopts::Options o("seed-engine checksum",
                     "Print each spec table's row count and content digest.");
  o.custom_help("DIR [--db URL] [--table T]...");
  o.add_options()
      ("db", "database URL (default: DATABASE_URL, else sqlite:seed.db)", cxxopts::value<std::string>())
      ("table", "only this table (repeatable)", cxxopts::value<std::vector<std::string>>())
      ("h,help", "show this help");
  return o;
}

int ChecksumCommand(int argc, char** argv) {
  cxxopts::Options o = ChecksumCommandOptions();
  Result<cxxopts::ParseResult> args = Parse(o, argc, argv);
  if (!args.ok()) return Fail(args.status());
  if (args->count("help")) return std::cout << o.help(), 0;
  Result<std::string> dir = SpecDir(*args, o);
  if (!dir.ok()) return Fail(dir.status());
  Diagnostics diag;
  std::vector<TableSpec> specs = LoadSpecDir(*dir, diag);
  if (!diag.ok()) return Fail(diag.ToStatus());
  Result<std::unique_ptr<Driver>> db = OpenTarget(*args, /*create=*/false);
  if (!db.ok()) return Fail(db.status());
  std::vector<std::string> only;
  if (args->count("table")) only = (*args)["table"].as<std::vector<std::string>>();
  for (const TableSpec& t : specs) {
    if (!only.empty() && std::find(only.begin(), only.end(), t.table) == only.end()) continue;
    Result<TableDigest> d = TableChecksum(**db, t.table);
    if (!d.ok()) return Fail(d.status());
    std::cout << t.table << ' ' << d->rows << ' ' << d->Hex() << '\n';
  }
  return 0;
}

}  // namespace seed::cli
