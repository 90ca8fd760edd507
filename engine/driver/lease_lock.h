// LeaseLock: the run lock as a lease in the target's ledger
// (seed_engine_leases), for targets where a session lock does not hold
// across the cluster: Galera's GET_LOCK locks one node, a proxy may route
// it anywhere. Taken in a short transaction of its own, renewed inside
// every batch's transaction (Check, before the commit, so a batch commits
// only while its run holds the lease), dropped at the end; a holder that
// dies loses it once it expires, or at once to a taker on its own machine
// (LeaseLive). Expiry is the holder's clock: clocks of
// the workers must agree to well within the TTL (NTP does).
//
// Between commits a keeper renews it too, on a connection of its own,
// every third of the TTL: a table loaded in one transaction (or one LOAD
// DATA statement, which holds its connection) may take longer than the
// TTL, and its lease must not lapse meanwhile, or a rerun of the same
// worker would take it and the load would be lost at its commit.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <thread>

#include "engine/core/process_owner.h"
#include "engine/driver/driver.h"
#include "engine/driver/ledger_store.h"

namespace seed {

struct LeaseOptions {
  std::string name = "run";  // "run K/N" for worker K of a partitioned run
  int ttl_seconds = 60;      // without renewal
  // Opens the keeper's connection; null: no keeper (SQLite, whose one
  // writer would keep the keeper waiting; its batches commit often).
  std::function<Result<std::unique_ptr<Driver>>()> keeper;
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
  void SetRunId(const std::string& run_id) override;

 private:
  struct Shared;
  static void Keep(std::shared_ptr<Shared> shared, std::function<Result<std::unique_ptr<Driver>>()> open, int ttl);
  void StopKeeper();
  LedgerLease Lease() const;

  LedgerStore& ledger_;
  RunLock* session_;
  std::function<Result<std::unique_ptr<Driver>>()> open_keeper_;
  std::shared_ptr<Shared> shared_;  // the lease, shared with the keeper
  int ttl_;
  bool held_ = false;
  std::thread keeper_;
};

// `driver` with its run lock replaced by a lease in its own ledger.
std::unique_ptr<Driver> WithLease(std::unique_ptr<Driver> driver, LeaseOptions options);
// `driver` whose session lock also waits for (or refuses) a live lease: a
// run with the session lock and one with a lease exclude each other, each
// checking for the other after taking its own.
std::unique_ptr<Driver> WithLeaseCheck(std::unique_ptr<Driver> driver);

}  // namespace seed
