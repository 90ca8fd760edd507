// Running a transaction again after the database aborted it for a conflict.
#pragma once

#include <chrono>
#include <string>
#include <thread>

#include "engine/core/log.h"
#include "engine/core/status.h"

namespace seed {

// Whether a transaction that failed with `failure` is run again, the
// `attempt`-th time (0 for the first retry). A deadlock victim, a Galera
// certification failure, SQLite's lock held past its busy timeout: the
// database rolled the transaction back whole, and the same one again
// usually goes through. When it is, this logs it (tx.retry, debug) and
// waits 20 ms, doubling with each attempt, for the other side to finish.
inline bool RetryConflict(Log& log, const std::string& what, Code failure, const std::string& reason,
                          int attempt) {
  if (failure != Code::kConflict || attempt >= kConflictRetries) return false;
  log.Event(Level::kDebug, "tx.retry", what + " aborted by a conflict, retried: " + reason,
            {{"what", what}, {"attempt", attempt + 1}, {"reason", reason}});
  std::this_thread::sleep_for(std::chrono::milliseconds(20 << attempt));
  return true;
}

}  // namespace seed
