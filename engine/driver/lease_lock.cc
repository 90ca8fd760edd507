#include "engine/driver/lease_lock.h"

#include <unistd.h>

#include <chrono>
#include <random>
#include <thread>

#include "engine/core/interrupt.h"
#include "engine/core/os_user.h"
#include "engine/core/utc_time.h"

namespace seed {

namespace {

// user@host pid N #random: one per process (each of its connections holds
// for the same run), readable in `status`.
std::string Owner() {
  static const std::string owner = [] {
  char host[256] = {};
  gethostname(host, sizeof host - 1);
  std::random_device rd;
  char tail[16];
  snprintf(tail, sizeof tail, "%06x", rd() & 0xffffff);
  return OsUser() + "@" + host + " pid " + std::to_string(getpid()) + " #" + tail;
  }();
  return owner;
}

std::string Describe(const LedgerLease& l, int64_t now) {
  return l.owner + (l.run_id.empty() ? "" : ", run " + l.run_id) + " (lease " + l.name + ", renewed " +
         std::to_string(std::max<int64_t>(0, now - l.heartbeat)) + " s ago, expires in " +
         std::to_string(std::max<int64_t>(0, l.expires - now)) + " s)";
}

// The live leases but `own`, described; "" if none.
Result<std::string> LiveLeases(LedgerStore& ledger, const std::string& own_owner) {
  Result<std::vector<LedgerLease>> leases = ledger.Leases();
  if (!leases.ok()) return leases.status();
  const int64_t now = NowSeconds();
  std::string out;
  for (const LedgerLease& l : *leases)
    if (l.expires > now && l.owner != own_owner) out += (out.empty() ? "" : "; ") + Describe(l, now);
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

LeaseLock::LeaseLock(LedgerStore& ledger, RunLock* session, LeaseOptions options)
    : ledger_(ledger), session_(session), ttl_(std::max(1, options.ttl_seconds)) {
  lease_.name = std::move(options.name);
  lease_.owner = Owner();
}

LeaseLock::~LeaseLock() {
  if (held_) (void)ledger_.DropLease(lease_);
}

Status LeaseLock::Acquire(int wait_seconds) {
  const int64_t deadline = NowSeconds() + wait_seconds;
  for (;;) {
    const int64_t now = NowSeconds();
    lease_.heartbeat = now, lease_.expires = now + ttl_;
    LedgerLease holder;
    Status s = ledger_.TakeLease(lease_, now, &holder);
    std::string other;
    if (s.ok()) {
      held_ = true;
      Result<std::string> session = session_ ? session_->Holder() : Result<std::string>(std::string());
      if (!session.ok()) return session.status();
      if (session->empty()) return s;
      other = "a run without --lock lease holds the session lock: " + *session;
      held_ = false;
      if (Status d = ledger_.DropLease(lease_); !d.ok()) return d;
    } else if (s.code() != Code::kLock) {
      return s;
    } else {
      other = "another run holds the lease (a holder that died loses it when it expires): " +
              Describe(holder, now);
    }
    if (now >= deadline || InterruptRequested())
      return Status::Lock(other + "; --lock-timeout SECONDS waits for it");
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
  }
}

Status LeaseLock::Check() {
  if (!held_) return Status::Lock("this run holds no lease");
  const int64_t now = NowSeconds();
  lease_.heartbeat = now, lease_.expires = now + ttl_;
  return ledger_.RenewLease(lease_);
}

Result<std::string> LeaseLock::Holder() {
  Result<std::vector<LedgerLease>> leases = ledger_.Leases();
  if (!leases.ok()) return leases.status();
  const int64_t now = NowSeconds();
  std::string out;
  for (const LedgerLease& l : *leases)
    if (l.expires > now) out += (out.empty() ? "" : "; ") + Describe(l, now);
  return out;
}

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
