#include "engine/driver/lease_lock.h"

#include <unistd.h>

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "engine/core/interrupt.h"
#include "engine/core/utc_time.h"

namespace seed {

namespace {

std::string Describe(const LedgerLease& l, int64_t now) {
  return l.owner + (l.run_id.empty() ? "" : ", run " + l.run_id) + " (lease " + l.name + ", renewed " +
         std::to_string(std::max<int64_t>(0, now - l.heartbeat)) + " s ago, expires in " +
         std::to_string(std::max<int64_t>(0, l.expires - now)) + " s)";
}

// The live leases but `own_owner`'s ("": all), described; "" if none.
Result<std::string> LiveLeases(LedgerStore& ledger, const std::string& own_owner) {
  Result<std::vector<LedgerLease>> leases = ledger.Leases();
  if (!leases.ok()) return leases.status();
  const int64_t now = NowSeconds();
  std::string out;
  for (const LedgerLease& l : *leases)
    if (l.owner != own_owner && LeaseLive(l, now)) out += (out.empty() ? "" : "; ") + Describe(l, now);
  return out;
}

// The session lock, then no live lease.
class SessionLock : public RunLock {
 public:
  SessionLock(RunLock& inner, LedgerStore& ledger) : inner_(inner), ledger_(ledger) {}
  Status Acquire(int wait_seconds) override {
    const int64_t deadline = NowSeconds() + wait_seconds;
    if (Status s = inner_.Acquire(wait_seconds); !s.ok()) return s;
    for (;;) {
      Result<std::string> leased = LiveLeases(ledger_, "");
      if (!leased.ok()) return leased.status();
      if (leased->empty()) return Status::Ok();
      if (NowSeconds() >= deadline || InterruptRequested())
        return Status::Lock("a run with --lock lease holds the database: " + *leased +
                            "; --lock-timeout SECONDS waits for it");
      std::this_thread::sleep_for(std::chrono::milliseconds(500));
    }
  }
  Status Check() override { return inner_.Check(); }
  Result<std::string> Holder() override {
    Result<std::string> session = inner_.Holder();
    Result<std::string> leased = LiveLeases(ledger_, "");
    if (!session.ok() || !leased.ok()) return session.ok() ? leased : session;
    return *session + (!session->empty() && !leased->empty() ? "; " : "") + *leased;
  }
  void SetRunId(const std::string& run_id) override { inner_.SetRunId(run_id); }

 private:
  RunLock& inner_;
  LedgerStore& ledger_;
};

class LockedDriver : public Driver {
 public:
  explicit LockedDriver(std::unique_ptr<Driver> inner) : inner_(std::move(inner)) {}
  std::string RedactedUrl() const override { return inner_->RedactedUrl(); }
  Catalog& catalog() override { return inner_->catalog(); }
  Session& session() override { return inner_->session(); }
  LedgerStore& ledger() override { return inner_->ledger(); }
  RunLock& lock() override { return *lock_; }
  Driver& inner() { return *inner_; }
  void set_lock(std::unique_ptr<RunLock> lock) { lock_ = std::move(lock); }

 private:
  std::unique_ptr<Driver> inner_;  // outlives the lock, which a lease drops through it
  std::unique_ptr<RunLock> lock_;
};

}  // namespace

// What the lock shares with its keeper's thread, which may outlive it: a
// keeper waiting on a row lock (a transaction of the run still open) or a
// server that stopped answering is left behind rather than waited for.
struct LeaseLock::Shared {
  std::mutex mu;
  std::condition_variable wake;
  LedgerLease lease;
  int64_t renewed_at = 0;  // the last renewal's time, by Check or the keeper
  bool stop = false, done = false;
};

LeaseLock::LeaseLock(LedgerStore& ledger, RunLock* session, LeaseOptions options)
    : ledger_(ledger), session_(session), open_keeper_(std::move(options.keeper)),
      shared_(std::make_shared<Shared>()), ttl_(std::max(1, options.ttl_seconds)) {
  shared_->lease.name = std::move(options.name);
  shared_->lease.owner = ProcessOwner();
}

LeaseLock::~LeaseLock() {
  StopKeeper();  // before the drop, which a renewal would otherwise race
  if (held_) (void)ledger_.DropLease(Lease());
}

LedgerLease LeaseLock::Lease() const {
  std::lock_guard<std::mutex> lock(shared_->mu);
  return shared_->lease;
}

void LeaseLock::StopKeeper() {
  if (!keeper_.joinable()) return;
  std::unique_lock<std::mutex> lock(shared_->mu);
  shared_->stop = true;
  shared_->wake.notify_all();
  const bool done = shared_->wake.wait_for(lock, std::chrono::seconds(2), [&] { return shared_->done; });
  lock.unlock();
  if (done) keeper_.join();
  else keeper_.detach();
}

void LeaseLock::SetRunId(const std::string& run_id) {
  std::lock_guard<std::mutex> lock(shared_->mu);
  shared_->lease.run_id = run_id;
}

// Renews the lease every third of its TTL, each renewal committed at once,
// until stopped or the lease is found lost (the next Check says so too).
// A failed connection or renewal is tried again next time: the renewals at
// commits still keep the lease while batches commit.
void LeaseLock::Keep(std::shared_ptr<Shared> shared, std::function<Result<std::unique_ptr<Driver>>()> open,
                     int ttl) {
  std::unique_ptr<Driver> db;
  std::unique_lock<std::mutex> lock(shared->mu);
  while (!shared->wake.wait_for(lock, std::chrono::milliseconds(ttl * 1000 / 3), [&] { return shared->stop; })) {
    // Batches committing renew it already (and a group's transaction holds
    // the lease's row until its commit: an update here would wait for it).
    if (NowSeconds() - shared->renewed_at < ttl / 3) continue;
    LedgerLease lease = shared->lease;
    lock.unlock();
    if (!db) {
      Result<std::unique_ptr<Driver>> opened = open();
      if (opened.ok()) db = std::move(*opened);
    }
    Status s = Status::Ok();
    if (db) {
      const int64_t now = NowSeconds();
      lease.heartbeat = now, lease.expires = now + ttl;
      s = db->ledger().RenewLease(lease);
      if (!s.ok() && s.code() != Code::kLock) db.reset();  // a new connection next time
    }
    lock.lock();
    if (s.ok() && db) shared->renewed_at = std::max(shared->renewed_at, lease.heartbeat);
    if (s.code() == Code::kLock) break;  // lost: no renewal may bring it back
  }
  shared->done = true;
  shared->wake.notify_all();
}

Status LeaseLock::Acquire(int wait_seconds) {
  const int64_t deadline = NowSeconds() + wait_seconds;
  for (;;) {
    const int64_t now = NowSeconds();
    LedgerLease lease;
    {
      std::lock_guard<std::mutex> lock(shared_->mu);
      shared_->lease.heartbeat = now, shared_->lease.expires = now + ttl_;
      lease = shared_->lease;
    }
    LedgerLease holder;
    Status s = ledger_.TakeLease(lease, now, &holder);
    std::string other;
    if (s.ok()) {
      held_ = true;
      Result<std::string> session = session_ ? session_->Holder() : Result<std::string>(std::string());
      if (!session.ok()) return session.status();
      if (session->empty()) {
        if (open_keeper_ && !keeper_.joinable()) keeper_ = std::thread(Keep, shared_, open_keeper_, ttl_);
        return s;
      }
      other = "a run without --lock lease holds the session lock: " + *session;
      held_ = false;
      if (Status d = ledger_.DropLease(lease); !d.ok()) return d;
    } else if (s.code() != Code::kLock) {
      return s;
    } else {
      other = "another run holds the lease (if its holder died on another machine, the lease is free once it"
              " expires): " + Describe(holder, now);
    }
    if (now >= deadline || InterruptRequested())
      return Status::Lock(other + "; --lock-timeout SECONDS waits for it");
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
  }
}

Status LeaseLock::Check() {
  if (!held_) return Status::Lock("this run holds no lease");
  LedgerLease lease;
  {
    std::lock_guard<std::mutex> lock(shared_->mu);
    const int64_t now = NowSeconds();
    shared_->lease.heartbeat = now, shared_->lease.expires = now + ttl_;
    shared_->renewed_at = now;
    lease = shared_->lease;
  }
  return ledger_.RenewLease(lease);
}

Result<std::string> LeaseLock::Holder() { return LiveLeases(ledger_, ""); }

std::unique_ptr<Driver> WithLease(std::unique_ptr<Driver> driver, LeaseOptions options) {
  auto out = std::make_unique<LockedDriver>(std::move(driver));
  Driver& inner = out->inner();
  out->set_lock(std::make_unique<LeaseLock>(inner.ledger(), &inner.lock(), std::move(options)));
  return out;
}

std::unique_ptr<Driver> WithLeaseCheck(std::unique_ptr<Driver> driver) {
  auto out = std::make_unique<LockedDriver>(std::move(driver));
  Driver& inner = out->inner();
  out->set_lock(std::make_unique<SessionLock>(inner.lock(), inner.ledger()));
  return out;
}

}  // namespace seed
