// A lease's holder known dead on this machine frees its lease at once: the
// identity must say dead for an exited process (reaped or a zombie) and a
// reused PID, and never for a live one, another machine's or an identity
// it cannot read.
#include "engine/core/process_owner.h"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <fstream>
#include <string>

namespace seed::test {

namespace {

// The start time (field 22 of /proc/PID/stat) of a live process.
std::string StartTicksOf(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  std::string text;
  std::getline(in, text);
  std::string field = text.substr(text.rfind(')') + 2);
  for (int i = 0; i < 19; ++i) field = field.substr(field.find(' ') + 1);
  return field.substr(0, field.find(' '));
}

// This process's identity with another PID and start time.
std::string OwnerWith(pid_t pid, const std::string& start) {
  const std::string& self = ProcessOwner();
  const size_t at = self.rfind(" pid ");
  const std::string machine = self.substr(self.rfind('#') + 1, 8);
  return self.substr(0, at) + " pid " + std::to_string(pid) + " #" + machine + "-" + start;
}

}  // namespace

TEST_CASE("a lease holder is known dead only when it is a process of this machine that is gone", "[lease]") {
  const std::string& self = ProcessOwner();
  INFO(self);
  REQUIRE(self.find(" pid " + std::to_string(getpid()) + " #") != std::string::npos);
  REQUIRE(self.size() > self.rfind('#') + 9);  // this machine's /proc tells the machine part
  CHECK_FALSE(OwnerKnownDead(self));

  const pid_t child = fork();
  if (child == 0) {
    pause();
    _exit(0);
  }
  REQUIRE(child > 0);
  const std::string owner = OwnerWith(child, StartTicksOf(child));
  CHECK_FALSE(OwnerKnownDead(owner));
  // Its PID held by a process started at another time: a reused PID.
  CHECK(OwnerKnownDead(OwnerWith(child, StartTicksOf(child) + "1")));
  kill(child, SIGKILL);
  // Not yet reaped (a zombie), then reaped: dead both times.
  for (int i = 0; i < 200 && !OwnerKnownDead(owner); ++i) usleep(5000);
  CHECK(OwnerKnownDead(owner));
  waitpid(child, nullptr, 0);
  CHECK(OwnerKnownDead(owner));

  // What this machine cannot judge is never called dead.
  std::string elsewhere = owner;
  const size_t machine = elsewhere.rfind('#') + 1;
  elsewhere[machine] = elsewhere[machine] == '0' ? '1' : '0';
  CHECK_FALSE(OwnerKnownDead(elsewhere));  // another boot or PID namespace
  CHECK_FALSE(OwnerKnownDead("ci@runner pid " + std::to_string(child) + " #a1b2c3"));  // an older engine's
  CHECK_FALSE(OwnerKnownDead(owner + " "));
  CHECK_FALSE(OwnerKnownDead(""));
  CHECK_FALSE(OwnerKnownDead("x pid -1 #" + owner.substr(machine)));
}

}  // namespace seed::test
