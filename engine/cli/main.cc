// seed-engine: dispatches to one subcommand; all logic lives in the library.
#include <cstring>
#include <iostream>

#include "engine/cli/common.h"

namespace {

constexpr const char* kUsage =
    "usage: seed-engine <command> [options]\n"
    "\n"
    "commands:\n"
    "  run DIR        seed the tables of a spec directory\n"
    "  plan DIR       print the order, row counts and dependencies\n"
    "  validate DIR   check specs (and --db schema) without writing\n"
    "  preview DIR    print sample rows of one --table, no database\n"
    "  checksum DIR   row count and content digest per table (--db)\n"
    "  rollback DIR   delete exactly the rows seed-engine inserted (--db)\n"
    "  status         runs, seeded tables and the lock holder (--db)\n"
    "  audit DIR      PII inventory (--format md|json), or --against OLD_DIR\n"
    "  generators     list the value generators\n"
    "\n"
    "Run 'seed-engine <command> --help' for a command's options.\n"
    "Exit codes: 0 ok, 1 usage or spec error, 2 lock not acquired, 3 schema drift,\n"
    "            4 partial failure, 5 refused by the environment guard.\n";

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) return std::cerr << kUsage, 1;
  const std::string cmd = argv[1];
  if (cmd == "-h" || cmd == "--help" || cmd == "help") return std::cout << kUsage, 0;
  // Subcommands parse argv[1..]: their own name stands in for the program.
  if (cmd == "run") return seed::cli::RunCommand(argc - 1, argv + 1);
  if (cmd == "plan") return seed::cli::PlanCommand(argc - 1, argv + 1);
  if (cmd == "validate") return seed::cli::ValidateCommand(argc - 1, argv + 1);
  if (cmd == "preview") return seed::cli::PreviewCommand(argc - 1, argv + 1);
  if (cmd == "checksum") return seed::cli::ChecksumCommand(argc - 1, argv + 1);
  if (cmd == "rollback") return seed::cli::RollbackCommand(argc - 1, argv + 1);
  if (cmd == "status") return seed::cli::StatusCommand(argc - 1, argv + 1);
  if (cmd == "audit") return seed::cli::AuditCommand(argc - 1, argv + 1);
  if (cmd == "generators") return seed::cli::GeneratorsCommand(argc - 1, argv + 1);
  std::cerr << "error: unknown command '" << cmd << "'\n\n" << kUsage;
  return 1;
}
