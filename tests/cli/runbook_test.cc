// The runbooks (docs/runbooks.md) stay true: every command of their `sh`
// blocks runs, in order, against a SQLite copy of the demo, with the exit
// code its `# exit N` comment says (0 without one).
#include <sys/wait.h>

#include <catch2/catch.hpp>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "tests/support/harness.h"

namespace seed::test {

namespace {

struct Step {
  std::string command;  // as written in the runbook
  int exit = 0;
};

// The runbook's sections ("## 1. ...") and the commands of their sh blocks.
std::vector<std::pair<std::string, std::vector<Step>>> Runbooks(const std::string& text) {
  std::vector<std::pair<std::string, std::vector<Step>>> out;
  std::istringstream lines(text);
  bool in_fence = false, in_sh = false;  // a sample output may hold "## " lines
  static const std::regex kExit(R"(#\s*exit\s+(\d+)\s*$)");
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind("## ", 0) == 0 && !in_fence) out.emplace_back(line.substr(3), std::vector<Step>{});
    if (line.rfind("```", 0) == 0) {
      in_fence = !in_fence;
      in_sh = in_fence && line == "```sh";
      continue;
    }
    if (!in_sh || out.empty() || line.find("seed-engine ") == std::string::npos) continue;
    Step step;
    std::smatch m;
    if (std::regex_search(line, m, kExit)) step.exit = std::stoi(m[1]);
    step.command = line.substr(0, line.find(" #"));
    out.back().second.push_back(step);
  }
  return out;
}

// The command as the test runs it: the binary for `seed-engine`, the demo
// specs for `specs/`, in `dir`.
int Run(const TempDir& dir, std::string command, std::string& output) {
  command = std::regex_replace(command, std::regex(R"((^|\s)seed-engine )"), "$1" + kBinary + " ");
  command = std::regex_replace(command, std::regex(R"((^|\s)specs/)"), "$1" + Specs() + "/");
  const std::string full = "cd " + dir.path().string() + " && " + command + " >out.txt 2>&1 </dev/null";
  const int status = std::system(full.c_str());
  output = ReadFile(dir / "out.txt");
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

}  // namespace

TEST_CASE("every command of the runbooks runs with the exit code they give", "[cli][workflow]") {
  const auto runbooks = Runbooks(ReadFile(kSource + "/docs/runbooks.md"));
  REQUIRE(runbooks.size() == 4);
  size_t commands = 0;
  for (const auto& [title, steps] : runbooks) {
    TempDir dir;
    const std::string db = dir / "terp.db";
    REQUIRE(Sql(db, ReadFile(SqliteSchema())).empty());
    // Production seeding starts from the migrated, empty database; the
    // other two from a seeded one.
    if (title.rfind("1.", 0) != 0) {
      std::string out;
      REQUIRE(Run(dir, "seed-engine run specs/ --db sqlite:terp.db", out) == 0);
    }
    for (const Step& step : steps) {
      std::string out;
      const int code = Run(dir, step.command, out);
      INFO(title << "\n$ " << step.command << "\n" << out);
      CHECK(code == step.exit);
      ++commands;
    }
  }
  CHECK(commands >= 18);
}

}  // namespace seed::test
