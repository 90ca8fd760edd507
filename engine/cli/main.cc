// seed-engine: dispatches to one subcommand; all logic lives in the library.
#include <iostream>
#include <string>
#include <vector>

#include "engine/cli/common.h"
#include "engine/core/version.h"
#include "engine/driver/registry.h"
#include "engine/gen/options.h"

namespace {

struct Command {
  const char* name;
  const char* summary;
  int (*main)(int argc, char** argv);
};

const Command kCommands[] = {
    {"run", "DIR        seed the tables of a spec directory (--replant: roll back, then seed)",
     seed::cli::RunCommand},
    {"plan", "DIR       print the order, row counts and dependencies", seed::cli::PlanCommand},
    {"validate", "DIR   check specs (and --db schema) without writing", seed::cli::ValidateCommand},
    {"preview", "DIR    print sample rows of one --table, no database", seed::cli::PreviewCommand},
    {"checksum", "DIR   row count and content digest per table (--db)", seed::cli::ChecksumCommand},
    {"rollback", "DIR   delete exactly the rows seed-engine inserted (--db)", seed::cli::RollbackCommand},
    {"reset", "DIR      delete every row seed-engine inserted (rollback of all tables)", seed::cli::RollbackCommand},
    {"restore", "BACKUP load back the rows a rollback saved (--backup)", seed::cli::RestoreCommand},
    {"status", "        runs, seeded tables and the lock holder (--db)", seed::cli::StatusCommand},
    {"audit", "DIR      PII inventory (--format md|json), or --against OLD_DIR", seed::cli::AuditCommand},
    {"generators", "    list the value generators", seed::cli::GeneratorsCommand},
};

std::string Usage() {
  std::string out = "usage: seed-engine <command> [options]\n\ncommands:\n";
  for (const Command& c : kCommands) out += "  " + std::string(c.name) + " " + c.summary + "\n";
  out +=
      "  help CMD       the options of one command (also: seed-engine CMD --help)\n"
      "  version        the version and the database drivers built in\n"
      "\n"
      "Exit codes: 0 ok, 1 usage or spec error, 2 lock not acquired, 3 schema drift,\n"
      "            4 partial failure, 5 refused by the environment guard,\n"
      "            6 database unreachable or connection lost, 130/143 interrupted\n"
      "            (SIGINT/SIGTERM; the same command resumes).\n";
  return out;
}

std::string Version() {
  std::string built, missing;
  for (const seed::DriverInfo& d : seed::KnownDrivers()) {
    if (d.scheme == "mariadb" || d.scheme == "postgresql") continue;  // aliases
    (d.built ? built : missing) += (d.built ? built : missing).empty() ? d.scheme : ", " + d.scheme;
  }
  return std::string("seed-engine ") + seed::kEngineVersion + " (drivers: " + built +
         (missing.empty() ? "" : "; not built: " + missing) + ")\n";
}

const Command* Find(const std::string& name) {
  for (const Command& c : kCommands)
    if (name == c.name) return &c;
  return nullptr;
}

int Unknown(const std::string& what, const std::string& name) {
  std::vector<std::string> names = {"help", "version"};
  for (const Command& c : kCommands) names.push_back(c.name);
  const std::string near = seed::Nearest(name, names);
  std::cerr << "error: unknown " << what << " '" << name << "'"
            << (near.empty() ? "" : " (did you mean '" + near + "'?)") << "\n\n"
            << Usage();
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) return std::cerr << Usage(), 1;
  const std::string cmd = argv[1];
  if (cmd == "-h" || cmd == "--help") return std::cout << Usage(), 0;
  if (cmd == "version" || cmd == "--version" || cmd == "-V") return std::cout << Version(), 0;
  if (cmd == "help") {
    if (argc < 3) return std::cout << Usage(), 0;
    const Command* c = Find(argv[2]);
    if (!c) return Unknown("command", argv[2]);
    char help[] = "--help";
    char* args[] = {argv[2], help, nullptr};
    return c->main(2, args);
  }
  // Subcommands parse argv[1..]: their own name stands in for the program.
  if (const Command* c = Find(cmd)) return c->main(argc - 1, argv + 1);
  return Unknown(cmd.rfind("-", 0) == 0 ? "option" : "command", cmd);
}
