#include "engine/core/process_owner.h"

#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <fstream>
#include <optional>
#include <random>
#include <sstream>

#include "engine/core/crc32.h"
#include "engine/core/os_user.h"

namespace seed {
namespace {

// A process's state and start time (clock ticks after boot) from
// /proc/PID/stat; none when unreadable (gone, or hidden from this user).
struct ProcStat {
  char state = '?';
  unsigned long long start = 0;
};

// `pid`: a number, or "self" (this process as the /proc mount numbers it).
std::optional<ProcStat> ReadProcStat(const std::string& pid) {
  std::ifstream in("/proc/" + pid + "/stat");
  std::string text;
  if (!in || !std::getline(in, text)) return std::nullopt;
  // The command name, in parentheses, may itself hold spaces and ')'.
  const size_t close = text.rfind(')');
  if (close == std::string::npos) return std::nullopt;
  std::istringstream fields(text.substr(close + 1));
  ProcStat out;
  std::string skip;
  fields >> out.state;
  for (int i = 0; i < 18 && fields; ++i) fields >> skip;  // ppid .. itrealvalue
  if (!(fields >> out.start)) return std::nullopt;
  return out;
}

// This machine as its processes see it: the kernel's boot and the PID
// namespace; "" when /proc cannot say.
const std::string& MachineToken() {
  static const std::string token = []() -> std::string {
    std::ifstream boot("/proc/sys/kernel/random/boot_id");
    std::string boot_id;
    if (!boot || !std::getline(boot, boot_id) || boot_id.empty()) return "";
    char ns[128];
    const ssize_t n = readlink("/proc/self/ns/pid", ns, sizeof ns);
    if (n <= 0) return "";
    const std::string id = boot_id + "/" + std::string(ns, static_cast<size_t>(n));
    char hex[9];
    snprintf(hex, sizeof hex, "%08x", Crc32(id.data(), id.size()));
    return hex;
  }();
  return token;
}

}  // namespace

const std::string& ProcessOwner() {
  static const std::string owner = [] {
    char host[256] = {};
    gethostname(host, sizeof host - 1);
    std::string tail;
    const std::optional<ProcStat> self = ReadProcStat("self");
    if (!MachineToken().empty() && self) {
      tail = MachineToken() + "-" + std::to_string(self->start);
    } else {
      std::random_device rd;
      char hex[8];
      snprintf(hex, sizeof hex, "%06x", rd() & 0xffffff);
      tail = hex;
    }
    return OsUser() + "@" + host + " pid " + std::to_string(getpid()) + " #" + tail;
  }();
  return owner;
}

bool OwnerKnownDead(const std::string& owner) {
  // " pid N #MMMMMMMM-T" at the end (the user and host before it are free text).
  const size_t at = owner.rfind(" pid ");
  if (at == std::string::npos || MachineToken().empty()) return false;
  long pid = 0;
  unsigned long long start = 0;
  char machine[9] = {};
  int used = 0;
  if (sscanf(owner.c_str() + at, " pid %ld #%8[0-9a-f]-%llu%n", &pid, machine, &start, &used) != 3 ||
      at + static_cast<size_t>(used) != owner.size() || pid <= 0 || MachineToken() != machine)
    return false;
  // kill(pid, 0) sees PIDs that /proc may hide (hidepid): ESRCH is no
  // such process at all; EPERM is someone else's, alive.
  if (kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH) return true;
  const std::optional<ProcStat> now = ReadProcStat(std::to_string(pid));
  if (!now) return false;
  return now->start != start || now->state == 'Z' || now->state == 'X';
}

}  // namespace seed
