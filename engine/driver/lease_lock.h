// LeaseLock: the run lock as a lease in the target's ledger
// (seed_engine_leases), for targets where a session lock does not hold
// across the cluster: Galera's GET_LOCK locks one node, a proxy may route
// it anywhere. Taken in a short transaction of its own, renewed inside
// every batch's transaction (Check, before the commit, so a batch commits
// only while its run holds the lease), dropped at the end; a holder that
// dies loses it once it expires. Expiry is the holder's clock: clocks of
// the workers must agree to well within the TTL (NTP does).
#pragma once

#include <memory>
#include <string>

#include "engine/driver/driver.h"
#include "engine/driver/ledger_store.h"

namespace seed {

struct LeaseOptions {
  std::string name = "run";  // "run K/N" for worker K of a partitioned run
  int ttl_seconds = 60;      // without renewal; longer than the longest batch transaction
};

class LeaseLock : public RunLock {
 public:
  // `session`: the target's session lock, whose holder (a run without
  // --lock lease) keeps the lease from being taken; may be null.
  LeaseLock(LedgerStore& ledger, RunLock* session, LeaseOptions options);
  ~LeaseLock() override;  // drops the lease when held

  Status Acquire(int wait_seconds) override;
  Status Check() override;
  Result<std::string> Holder() override;
  void SetRunId(const std::string& run_id) override { lease_.run_id = run_id; }

 private:
  LedgerStore& ledger_;
  RunLock* session_;
  LedgerLease lease_;
  int ttl_;
  bool held_ = false;
};

// `driver` with its run lock replaced by a lease in its own ledger.
std::unique_ptr<Driver> WithLease(std::unique_ptr<Driver> driver, LeaseOptions options);
// `driver` whose session lock also waits for (or refuses) a live lease: a
// run with the session lock and one with a lease exclude each other, each
// checking for the other after taking its own.
std::unique_ptr<Driver> WithLeaseCheck(std::unique_ptr<Driver> driver);

}  // namespace seed
