// Log and audit files stay under their bound: (keep + 1) files of at most
// max_bytes each, the newest lines in PATH, no line split or lost until it
// ages out with the oldest file.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <string>

#include "engine/core/rotating_file.h"
#include "tests/support/harness.h"

namespace seed::test {

TEST_CASE("a rotating file keeps at most keep + 1 files of at most max_bytes each", "[core]") {
  TempDir dir;
  const std::string path = dir / "run.log";
  RotationLimits limits;
  limits.max_bytes = 1000;
  limits.keep = 3;
  for (int round = 0; round < 2; ++round) {  // a second Open continues the same file
    RotatingFile f;
    REQUIRE(f.Open(path, limits));
    for (int i = 0; i < 200; ++i) f.Append("line " + std::to_string(round * 1000 + i) + " of the log\n");
  }
  int files = 0;
  for (const auto& e : fs::directory_iterator(dir.path())) {
    ++files;
    CHECK(fs::file_size(e.path()) <= 1000);
  }
  CHECK(files == 4);
  CHECK(!fs::exists(path + ".4"));
  // The newest line is last in PATH; PATH.1 ends where PATH starts.
  const std::string newest = ReadFile(path), previous = ReadFile(path + ".1");
  CHECK(newest.substr(newest.rfind("line ")) == "line 1199 of the log\n");
  const int first_new = std::stoi(newest.substr(5));
  const int last_previous = std::stoi(previous.substr(previous.rfind("line ") + 5));
  CHECK(first_new == last_previous + 1);
}

TEST_CASE("keep 0 starts the file over, and the limits come from the environment", "[core]") {
  TempDir dir;
  RotationLimits limits;
  limits.max_bytes = 1024;
  limits.keep = 0;
  RotatingFile f;
  REQUIRE(f.Open(dir / "a.log", limits));
  for (int i = 0; i < 500; ++i) f.Append(std::string(99, 'x') + "\n");
  CHECK(fs::file_size(dir / "a.log") <= 1024);
  CHECK(!fs::exists(dir / "a.log.1"));
  setenv("SEED_LOG_MAX_BYTES", "4096", 1);
  setenv("SEED_LOG_KEEP", "2", 1);
  CHECK(RotationLimits::FromEnvironment().max_bytes == 4096);
  CHECK(RotationLimits::FromEnvironment().keep == 2);
  setenv("SEED_LOG_MAX_BYTES", "12", 1);  // below the least: the default stays
  CHECK(RotationLimits::FromEnvironment().max_bytes == RotationLimits{}.max_bytes);
  unsetenv("SEED_LOG_MAX_BYTES");
  unsetenv("SEED_LOG_KEEP");
}

TEST_CASE("the log file and the rollback audit file stay under their bound across runs", "[core][cli]") {
  TempDir dir;
  const std::string db = "sqlite:" + dir / "t.db", env = "SEED_LOG_MAX_BYTES=2048 SEED_LOG_KEEP=2";
  REQUIRE(Cli("run " + Specs() + " --db " + db + " --schema " + SqliteSchema() + " --log-file " + dir / "run.log",
              env).code == 0);
  for (int i = 0; i < 6; ++i) {
    REQUIRE(Cli("reset " + Specs() + " --db " + db + " --yes --audit-file " + dir / "audit.jsonl", env).code == 0);
    REQUIRE(Cli("run " + Specs() + " --db " + db + " --log-format json --log-file " + dir / "run.log", env).code == 0);
  }
  for (const char* name : {"run.log", "audit.jsonl"}) {
    INFO(name);
    CHECK(fs::exists(dir / name));
    CHECK(fs::exists(dir / (std::string(name) + ".1")));
    CHECK(!fs::exists(dir / (std::string(name) + ".3")));
    for (const char* suffix : {"", ".1", ".2"})
      if (fs::exists(dir / (name + std::string(suffix)))) CHECK(fs::file_size(dir / (name + std::string(suffix))) <= 2048);
  }
}

}  // namespace seed::test
