// The command table: what main dispatches on, and what the usage text,
// shell completion and man page are generated from, so the three never
// disagree with the options a command really parses.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include <cxxopts.hpp>

namespace seed::cli {

struct CommandInfo {
  const char* name;
  const char* args;     // the positional argument ("DIR", "BACKUP", "")
  const char* summary;  // one line
  int (*main)(int argc, char** argv);
  // Its options (--config included); null for a command without options.
  std::function<cxxopts::Options()> options;
};

const std::vector<CommandInfo>& Commands();
const CommandInfo* FindCommand(const std::string& name);

std::string Usage();    // the top-level usage: commands, exit codes
std::string Version();  // "seed-engine X.Y.Z (drivers: ...)"

// `seed-engine completion bash|zsh` and `seed-engine man`.
int CompletionCommand(int argc, char** argv);
int ManCommand(int argc, char** argv);

}  // namespace seed::cli
