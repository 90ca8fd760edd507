// Specs, a plan and an in-memory database in one place, for tests of the
// executor, ledger and rollback on the fake driver. Each Seed() or Undo()
// is one "process": it connects, takes the lock, plans from the specs and
// runs, as `seed-engine run` and `seed-engine rollback` do.
#pragma once

#include <catch2/catch.hpp>
#include <sstream>

#include "engine/exec/executor.h"
#include "engine/exec/ledger.h"
#include "engine/exec/rollback.h"
#include "engine/plan/plan.h"
#include "engine/spec/spec_loader.h"
#include "engine/spec/yaml_loader.h"
#include "tests/support/fake_driver.h"

namespace seed::test {

class FakeWorld {
 public:
  // `docs`: one YAML spec per table.
  explicit FakeWorld(const std::vector<std::string>& docs) {
    for (const std::string& d : docs) {
      Diagnostics diag;
      Result<Node> root = LoadYamlString(d, "spec.yaml");
      REQUIRE(root.ok());
      specs_.push_back(ParseTableSpec(*root, "spec.yaml", diag));
      specs_.back().file = specs_.back().table + ".yaml";
      specs_.back().content_hash = std::to_string(std::hash<std::string>()(d));
      INFO(diag.ToStatus().message());
      REQUIRE(diag.ok());
    }
  }

  FakeDatabase db;
  PlanOptions plan_options;
  std::ostringstream log_text;

  std::unique_ptr<Plan> MakePlan() const {
    Diagnostics diag;
    std::unique_ptr<Plan> plan = Plan::Build(specs_, plan_options, diag);
    INFO(diag.ToStatus().message());
    REQUIRE(diag.ok());
    return plan;
  }

  // One seeding run. A Killed fault ends it as kill -9 would: nothing after
  // it runs, the connection (open transaction, lock) goes with it.
  struct Outcome {
    bool killed = false;
    Status validated = Status::Ok();
    RunSummary summary;
  };
  Outcome Seed(RunOptions options = {}) {
    Outcome out;
    std::unique_ptr<Plan> plan = MakePlan();
    std::unique_ptr<FakeDriver> d = db.Connect();
    Log log(LogFormat::kText, log_text);
    if (Status s = d->lock().Acquire(0); !s.ok()) {
      out.validated = s;
      return out;
    }
    try {
      Executor exec(*plan, d.get(), log, options);
      out.validated = exec.Validate();
      if (out.validated.ok()) out.summary = exec.Run();
    } catch (const Killed&) {
      out.killed = true;
    }
    return out;
  }

  struct Undone {
    bool killed = false;
    std::vector<RollbackResult> results;
    const RollbackResult* Find(const std::string& table) const {
      for (const RollbackResult& r : results)
        if (r.table == table) return &r;
      return nullptr;
    }
  };
  // `backup` (may be null) saves what the rollback deletes.
  Undone Undo(RollbackOptions options = {}, bool with_reader = true, Backup* backup = nullptr) {
    Undone out;
    std::unique_ptr<FakeDriver> d = db.Connect(), reader = db.Connect();
    Log log(LogFormat::kText, log_text);
    REQUIRE(d->lock().Acquire(0).ok());
    try {
      Ledger ledger(d->ledger());
      REQUIRE(ledger.Load().ok());
      std::unique_ptr<Plan> plan = MakePlan();
      Rollback rollback(*plan, *d, ledger, log, nullptr, options, with_reader ? reader.get() : nullptr);
      rollback.set_backup(backup);
      out.results = rollback.Run();
    } catch (const Killed&) {
      out.killed = true;
    }
    return out;
  }

  // Rows the ledger says are seeded, per table, must be the rows there
  // (when no user rows were added).
  uint64_t LedgerRows(const std::string& table) const {
    uint64_t n = 0;
    auto it = db.state().batches.find(table);
    if (it != db.state().batches.end())
      for (const auto& [first, b] : it->second) n += b.inserted;
    return n;
  }

 private:
  std::vector<TableSpec> specs_;
};

// Run options with batches of `rows` rows.
inline RunOptions Batches(size_t rows) {
  RunOptions o;
  o.batch_rows = rows;
  return o;
}

}  // namespace seed::test
