// seed-engine: dispatches to one subcommand (engine/cli/commands.h); all
// logic lives in the library.
#include <iostream>
#include <string>
#include <vector>

#include "engine/cli/commands.h"
#include "engine/gen/options.h"

namespace {

int Unknown(const std::string& what, const std::string& name) {
  std::vector<std::string> names = {"help", "version"};
  for (const seed::cli::CommandInfo& c : seed::cli::Commands()) names.push_back(c.name);
  const std::string near = seed::Nearest(name, names);
  std::cerr << "error: unknown " << what << " '" << name << "'"
            << (near.empty() ? "" : " (did you mean '" + near + "'?)") << "\n\n"
            << seed::cli::Usage();
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  using seed::cli::CommandInfo;
  if (argc < 2) return std::cerr << seed::cli::Usage(), 1;
  const std::string cmd = argv[1];
  if (cmd == "-h" || cmd == "--help") return std::cout << seed::cli::Usage(), 0;
  if (cmd == "version" || cmd == "--version" || cmd == "-V") return std::cout << seed::cli::Version(), 0;
  if (cmd == "help") {
    if (argc < 3) return std::cout << seed::cli::Usage(), 0;
    const CommandInfo* c = seed::cli::FindCommand(argv[2]);
    if (!c) return Unknown("command", argv[2]);
    char help[] = "--help";
    char* args[] = {argv[2], help, nullptr};
    return c->main(2, args);
  }
  // Subcommands parse argv[1..]: their own name stands in for the program.
  if (const CommandInfo* c = seed::cli::FindCommand(cmd)) return c->main(argc - 1, argv + 1);
  return Unknown(cmd.rfind("-", 0) == 0 ? "option" : "command", cmd);
}
