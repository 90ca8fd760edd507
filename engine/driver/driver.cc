#include "engine/driver/driver.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <random>
#include <thread>

#include "engine/core/interrupt.h"
#include "engine/core/process_owner.h"

namespace seed {

RowSelection RowSelection::All(std::string table) {
  RowSelection r;
  r.table = std::move(table);
  return r;
}

RowSelection RowSelection::Range(std::string table, std::string key, int64_t lo, int64_t hi) {
  RowSelection r;
  r.kind = Kind::kRange, r.table = std::move(table), r.key = std::move(key), r.lo = lo, r.hi = hi;
  return r;
}

RowSelection RowSelection::Keys(std::string table, std::vector<std::string> key_columns,
                                std::vector<std::vector<Value>> keys) {
  RowSelection r;
  r.kind = Kind::kKeys, r.table = std::move(table), r.key_columns = std::move(key_columns), r.keys = std::move(keys);
  return r;
}

namespace {

// How a run is cut: "N" for "run K/N", "N tables" for "run K/N tables"
// (--split tables); "" for a whole run.
std::string CutOf(const std::string& lease) {
  const size_t slash = lease.rfind('/');
  return slash == std::string::npos ? "" : lease.substr(slash + 1);
}

}  // namespace

bool LeasesConflict(const LedgerLease& a, const LedgerLease& b) {
  if (a.owner == b.owner) return false;
  if (a.name == b.name) return true;
  const std::string ca = CutOf(a.name), cb = CutOf(b.name);
  return ca.empty() || cb.empty() || ca != cb;  // a whole run, or another partitioning
}

bool LeaseLive(const LedgerLease& l, int64_t now) {
  return l.expires > now && !OwnerKnownDead(l.owner);
}

const char* SecondPassName(SecondPass p) {
  switch (p) {
    case SecondPass::kNone: return "none";
    case SecondPass::kPending: return "pending";
    case SecondPass::kDone: return "done";
    case SecondPass::kUnknown: return "unknown";
  }
  return "unknown";
}

SecondPass ParseSecondPass(const std::string& name) {
  if (name == "none") return SecondPass::kNone;
  if (name == "done") return SecondPass::kDone;
  if (name == "pending") return SecondPass::kPending;
  return SecondPass::kUnknown;
}

Status ConnectWithRetry(unsigned attempts, const std::function<void(const std::string&)>& on_retry,
                        const std::function<Status(bool* transient)>& attempt) {
  // The jitter does not touch the rows, so it needs no seed.
  std::minstd_rand jitter(std::random_device{}());
  for (unsigned n = 1;; ++n) {
    bool transient = false;
    Status s = attempt(&transient);
    if (s.ok() || !transient) return s;
    if (n >= attempts || InterruptRequested())
      return Status::Unreachable(s.message() + " (database unreachable: " + std::to_string(n) +
                                 (n == 1 ? " attempt)" : " attempts)"));
    const double wait =
        0.5 * (1u << std::min(n - 1, 6u)) * std::uniform_real_distribution<double>(0.5, 1.5)(jitter);
    char note[80];
    snprintf(note, sizeof note, " (attempt %u of %u; retrying in %.1f s)", n, attempts, wait);
    if (on_retry) on_retry(s.message() + note);
    std::this_thread::sleep_for(std::chrono::duration<double>(wait));
  }
}

}  // namespace seed
