// Several writers on one SQLite file (workers with --partition): a lock
// held too long is a conflict the executor runs again, and the WAL stays
// bounded while both write.
#include <catch2/catch.hpp>

#include <sys/stat.h>

#include <chrono>
#include <thread>

#include "engine/driver/registry.h"
#include "tests/support/harness.h"

namespace seed::test {

namespace {

using Clock = std::chrono::steady_clock;

std::unique_ptr<Driver> Connect(const std::string& path) {
  Result<std::unique_ptr<Driver>> d = OpenDriver("sqlite:" + path);
  REQUIRE(d.ok());
  return std::move(*d);
}

// Rows (id, payload) with ids from `first`; `bytes` of payload each.
std::vector<Value> Rows(int64_t first, size_t count, size_t bytes) {
  std::vector<Value> rows;
  for (size_t i = 0; i < count; ++i) {
    rows.push_back(Value::Int(first + static_cast<int64_t>(i)));
    rows.push_back(Value::Text(std::string(bytes, static_cast<char>('a' + i % 26))));
  }
  return rows;
}

// A connection that writes rows (id, payload) of table w, one transaction
// per Write.
struct Writer {
  std::unique_ptr<Driver> db;
  std::unique_ptr<Inserter> ins;

  Writer(const std::string& path) : db(Connect(path)) {
    Result<TableSchema> t = db->catalog().Inspect("w");
    REQUIRE(t.ok());
    Result<std::unique_ptr<Inserter>> i = db->session().PrepareInsert(*t, {"id", "payload"});
    REQUIRE(i.ok());
    ins = std::move(*i);
  }

  Status Write(const std::vector<Value>& rows) {
    Session& s = db->session();
    if (Status st = s.Begin(); !st.ok()) return st;
    Status st = ins->Insert(rows.data(), rows.size() / 2);
    if (st.ok()) st = s.Commit();
    if (!st.ok()) (void)s.Rollback();
    return st;
  }
};

void CreateTable(const std::string& path) {
  REQUIRE(Connect(path)->session().ExecScript("CREATE TABLE w (id INTEGER PRIMARY KEY, payload TEXT NOT NULL)").ok());
}

}  // namespace

TEST_CASE("SQLite: a write lock held past the busy timeout is a conflict, run again when it is free",
          "[sqlite][driver]") {
  TempDir dir;
  const std::string path = dir / "one.db";
  CreateTable(path);
  Writer a(path), b(path);
  REQUIRE(a.db->session().Begin().ok());
  const std::vector<Value> row = Rows(1, 1, 10);
  REQUIRE(a.ins->Insert(row.data(), 1).ok());
  const auto start = Clock::now();
  const Status waited = b.Write(Rows(2, 1, 10));
  CHECK(Clock::now() - start >= std::chrono::seconds(4));  // it waited for the lock first
  INFO(waited.message());
  CHECK(waited.code() == Code::kConflict);  // not a failure of the statement
  REQUIRE(a.db->session().Commit().ok());
  CHECK(b.Write(Rows(2, 1, 10)).ok());
}

// Each writer's commit used to start a checkpoint while the other appended:
// the WAL was never wholly copied back, never restarted, and grew with the
// run (10 GB at 10x W1 with two workers).
TEST_CASE("SQLite: the WAL stays bounded while two writers take turns", "[sqlite][driver][slow]") {
  TempDir dir;
  const std::string path = dir / "one.db";
  CreateTable(path);
  // Both connections opened (and their table read) before the threads
  // start: std::regex's first use from two threads at once races inside
  // libstdc++ (ctype<char>::narrow's cache), which TSan reports.
  Writer one(path), two(path);
  // Writes 160 transactions of 1 MiB each (320 MiB between the two writers);
  // the largest WAL it saw after a commit goes to `largest`.
  auto write = [&](Writer& w, int64_t first, long long& largest) {
    for (int64_t t = 0; t < 160; ++t) {
      const Status s = w.Write(Rows(first + t * 1000, 1000, 1024));
      if (!s.ok()) return s;
      struct stat st;
      if (stat((path + "-wal").c_str(), &st) == 0) largest = std::max<long long>(largest, st.st_size);
    }
    return Status::Ok();
  };
  Status a, b;
  long long largest_a = 0, largest_b = 0;
  std::thread other([&] { b = write(two, 10'000'000, largest_b); });
  a = write(one, 0, largest_a);
  other.join();
  INFO(a.message() << " / " << b.message());
  REQUIRE(a.ok());
  REQUIRE(b.ok());
  CHECK(Count(path, "w") == 320'000);
  // The 64 MiB limit, plus what is written between two checkpoints.
  CHECK(std::max(largest_a, largest_b) < (80ll << 20));
}

}  // namespace seed::test
