// Which seeded tables are due (engine/exec/retention.h), on the fake
// driver: by each table's own retention in its seeding run's environment,
// dependents taken with an expired parent, grouped by run oldest first;
// and the pii trail the seeding and the rollback leave.
#include <catch2/catch.hpp>

#include "engine/core/utc_time.h"
#include "engine/exec/retention.h"
#include "tests/support/fake_world.h"

namespace seed::test {

TEST_CASE("retention: expired tables and their dependents, one group per seeding run, oldest first",
          "[exec][retention]") {
  FakeWorld w({"table: a\ncount: 5\nretention: {dev: 1d, staging: 2h}\ncolumns: {id: sequence, email: {generator: email, pii: email}}\n",
               "table: b\ncount: 5\ncolumns: {id: sequence, a_id: {generator: reference, table: a}}\n",
               "table: c\ncount: 5\nretention: 7d\ncolumns: {id: sequence}\n",
               "table: d\ncount: 5\ncolumns: {id: sequence}\n"});
  w.db.CreateTable("a", "id INTEGER PRIMARY KEY, email TEXT NOT NULL");
  w.db.CreateTable("b", "id INTEGER PRIMARY KEY, a_id INTEGER NOT NULL REFERENCES a(id)");
  w.db.CreateTable("c", "id INTEGER PRIMARY KEY");
  w.db.CreateTable("d", "id INTEGER PRIMARY KEY");
  w.plan_options.tables = {"c", "d"};
  REQUIRE(w.Seed().summary.code() == Code::kOk);
  w.plan_options.tables = {"a", "b"};
  REQUIRE(w.Seed().summary.code() == Code::kOk);
  // The first run was 10 days ago, the second now.
  const int64_t now = NowSeconds();
  std::vector<LedgerRun>& runs = w.db.mutable_state().runs;
  REQUIRE(runs.size() == 2);
  runs[0].started_at = FormatUtc(now - 10 * 86400);
  runs[1].started_at = FormatUtc(now);

  std::unique_ptr<FakeDriver> d = w.db.Connect();
  Ledger ledger(d->ledger());
  REQUIRE(ledger.Load().ok());
  w.plan_options.tables.clear();
  std::unique_ptr<Plan> plan = w.MakePlan();
  RetentionDefaults defaults;
  auto due = [&](int64_t at) {
    std::vector<std::string> out;
    for (const TableRetention& t : Retentions(*plan, ledger, runs, defaults, at))
      out.push_back(t.table + (t.expired ? ":expired" : t.taken_with.empty() ? "" : ":with " + t.taken_with));
    return out;
  };
  // Oldest seeding first; c (7d) expired 3 days ago; a (1d) not yet.
  CHECK(due(now) == std::vector<std::string>{"c:expired", "d", "a", "b"});
  CHECK(due(now + 86400) == std::vector<std::string>{"c:expired", "d", "a:expired", "b:with a"});
  // d has no retention of its own: --retention gives it one.
  defaults.generated.limit[""] = 5 * 86400;
  const std::vector<TableRetention> all = Retentions(*plan, ledger, runs, defaults, now + 86400);
  CHECK(all[1].table == "d");
  CHECK(all[1].limit_from == "--retention");
  CHECK(ExpiryGroups(all) == std::vector<std::vector<std::string>>{{"c", "d"}, {"a", "b"}});
  // "never" overrides a default.
  defaults.generated.limit["dev"] = kKeepForever;
  CHECK(due(now + 86400)[1] == "d");

  // The seeding left a pii trail for a's personal column, no value in it.
  REQUIRE(w.db.state().pii.size() == 1);
  const LedgerPii& p = w.db.state().pii[0];
  CHECK(p.table == "a");
  CHECK(p.column == "email");
  CHECK(p.action == "written");
  CHECK(p.strategy == "generated");
  CHECK(p.origin == "generated: email");
}

}  // namespace seed::test
