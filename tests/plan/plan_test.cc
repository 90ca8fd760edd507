#include <catch2/catch.hpp>

#include <map>

#include "engine/exec/partition.h"
#include "engine/plan/plan.h"
#include "engine/spec/spec_loader.h"
#include "engine/spec/yaml_loader.h"

namespace seed {

namespace {

// Specs from YAML documents named "<table>.yaml".
std::vector<TableSpec> Specs(const std::vector<std::string>& docs) {
  std::vector<TableSpec> out;
  for (const std::string& d : docs) {
    Diagnostics diag;
    Result<Node> root = LoadYamlString(d, "spec.yaml");
    REQUIRE(root.ok());
    out.push_back(ParseTableSpec(*root, "spec.yaml", diag));
    out.back().file = out.back().table + ".yaml";
    REQUIRE(diag.ok());
  }
  return out;
}

std::string Errors(const std::vector<TableSpec>& specs, PlanOptions o = {}) {
  Diagnostics diag;
  auto plan = Plan::Build(specs, o, diag);
  return diag.ToStatus().ok() ? "" : diag.ToStatus().message();
}

}  // namespace

TEST_CASE("tables are ordered after what they reference", "[plan]") {
  auto specs = Specs({
      "table: c\ncount: 5\ncolumns: {id: sequence, b_id: {generator: reference, table: b}}",
      "table: a\ncount: 2\ncolumns: {id: sequence}",
      "table: b\ncount: {small: 3}\ndepends_on: [a]\ncolumns: {id: sequence}",
  });
  Diagnostics diag;
  auto plan = Plan::Build(specs, PlanOptions{}, diag);
  REQUIRE(diag.ok());
  CHECK(plan->Dump() ==
        "plan env=dev seed=42\n"
        "  1. a                                 2 rows  size=small\n"
        "  2. b                                 3 rows  size=small  after: a\n"
        "  3. c                                 5 rows  size=small  after: b\n"
        "total 10 rows\n");
}

TEST_CASE("a dependency cycle is reported with its path", "[plan]") {
  auto specs = Specs({
      "table: a\ncount: 2\ndepends_on: [c]\ncolumns: {id: sequence}",
      "table: b\ncount: 2\ndepends_on: [a]\ncolumns: {id: sequence}",
      "table: c\nchildren: {of: b, min: 1, max: 1}\ncolumns: {id: sequence, b_id: {generator: parent}}",
  });
  // Ordering no transaction can undo (depends_on, children): refused. A
  // cycle through references is seeded (below).
  CHECK_THAT(Errors(specs), Catch::Contains("dependency cycle: a -> c -> b -> a;"));
  CHECK_THAT(Errors(specs), Catch::Contains("spec.yaml:1:"));
}

// A cycle of NOT NULL references (a store's manager, an employee's store)
// was refused; it is seeded in one transaction, checks deferred, with the
// one-to-one side written forward.
TEST_CASE("a NOT NULL cycle is planned as one group, its one-to-one reference written forward", "[plan]") {
  auto specs = Specs({
      "table: employees\ncount: 20\ncolumns: {id: sequence, store_id: {generator: reference, table: stores}}",
      "table: stores\ncount: 4\ncolumns: {id: sequence, manager_id: {generator: reference, table: employees,"
      " unique: true}}",
      "table: audits\ncount: 4\ncolumns: {id: sequence, store_id: {generator: reference, table: stores}}",
  });
  Diagnostics diag;
  auto plan = Plan::Build(specs, PlanOptions{}, diag);
  REQUIRE(diag.ok());
  const TablePlan& stores = *plan->Find("stores");
  const TablePlan& employees = *plan->Find("employees");
  REQUIRE(stores.forward.size() == 1);
  CHECK(stores.spec->columns[stores.forward[0]].name == "manager_id");
  CHECK(employees.forward.empty());
  CHECK(stores.group == 0);
  CHECK(employees.group == 0);
  CHECK(plan->Find("audits")->group == -1);
  CHECK(plan->tables()[0].spec->table == "stores");
  CHECK_FALSE(stores.group_last);
  CHECK(employees.group_last);
  CHECK_THAT(plan->Dump(), Catch::Contains("forward: manager_id"));
}

TEST_CASE("unknown names get suggestions", "[plan]") {
  auto specs = Specs({
      "table: clients\ncount: 2\ncolumns: {id: sequence}",
      "table: orders\ncount: 2\ndepends_on: [client]\n"
      "columns: {id: sequnce, c: {generator: reference, table: clints}}",
  });
  const std::string e = Errors(specs);
  CHECK_THAT(e, Catch::Contains("unknown generator 'sequnce' (did you mean 'sequence'?)"));
  CHECK_THAT(e, Catch::Contains("depends_on names unknown table 'client' (did you mean 'clients'?)"));
  CHECK_THAT(e, Catch::Contains("clints"));
}

TEST_CASE("a unique column that cannot hold the row count fails before any write", "[plan]") {
  auto specs = Specs({"table: t\ncount: 500\ncolumns:\n  code: {generator: int, min: 1, max: 50, unique: true}"});
  CHECK_THAT(Errors(specs), Catch::Contains("t.code") && Catch::Contains("500"));
}

TEST_CASE("sizes come from the flag, then the environment", "[plan]") {
  auto specs = Specs({"table: t\ncount: {small: 1, medium: 20, large: 300}\ncolumns: {id: sequence}"});
  Diagnostics diag;
  PlanOptions o;
  o.env = "staging";
  CHECK(Plan::Build(specs, o, diag)->Find("t")->rows == 20);
  o.size = "large";
  CHECK(Plan::Build(specs, o, diag)->Find("t")->rows == 300);
  o.size_rows = 7;
  CHECK(Plan::Build(specs, o, diag)->Find("t")->rows == 7);
  REQUIRE(diag.ok());
}

TEST_CASE("production plans only reference data", "[plan]") {
  auto specs = Specs({"table: strains\ncount: 3\nreference_data: true\ncolumns: {id: sequence}",
                      "table: orders\ncount: 3\ncolumns: {id: sequence}"});
  Diagnostics diag;
  PlanOptions o;
  o.env = "production";
  auto plan = Plan::Build(specs, o, diag);
  CHECK(plan->Find("strains")->selected);
  CHECK_FALSE(plan->Find("orders")->selected);
  CHECK(plan->Find("orders")->skip_reason == "production seeds reference data only");
}

TEST_CASE("children counts must fit min..max per parent", "[plan]") {
  auto specs = Specs({"table: p\ncount: 10\ncolumns: {id: sequence}",
                      "table: k\ncount: 100\nchildren: {of: p, min: 1, max: 3}\n"
                      "columns: {id: sequence, p_id: parent}"});
  CHECK_THAT(Errors(specs), Catch::Contains("100 rows cannot be spread over 10 p rows at 1 to 3"));
}

}  // namespace seed

namespace seed {

TEST_CASE("Whole tables (--split tables): each goes to the worker that can start it soonest, a cycle group whole",
          "[plan][partition]") {
  auto specs = Specs({
      "table: a\ncount: 1\ncolumns: {id: sequence}",
      "table: b\ncount: 100\ncolumns: {id: sequence}",
      "table: c\ncount: 500\ncolumns: {id: sequence, b_id: {generator: reference, table: b}}",
      "table: d\ncount: 2000\ncolumns: {id: sequence, a_id: {generator: reference, table: a}}",
      "table: e\ncount: 6000\ncolumns: {id: sequence, c_id: {generator: reference, table: c},"
      " d_id: {generator: reference, table: d}}",
      "table: x\ncount: 10\ncolumns: {id: sequence, y_id: {generator: reference, table: y}}",
      "table: y\ncount: 10\ncolumns: {id: sequence, x_id: {generator: reference, table: x}}",
  });
  Diagnostics diag;
  auto plan = Plan::Build(specs, PlanOptions{}, diag);
  REQUIRE(diag.ok());
  auto owners = [&](uint64_t workers) {
    const std::vector<uint64_t> owner = AssignTables(*plan, workers);
    std::map<std::string, uint64_t> by_name;
    for (size_t i = 0; i < plan->tables().size(); ++i) by_name[plan->tables()[i].spec->table] = owner[i];
    return by_name;
  };
  const std::map<std::string, uint64_t> two = owners(2);
  // b's chain (b, c) runs beside a's (a, d); e, after both, goes to the
  // worker free last, idle the shortest.
  CHECK(two.at("a") != two.at("b"));
  CHECK(two.at("c") == two.at("b"));
  CHECK(two.at("d") == two.at("a"));
  CHECK(two.at("e") == two.at("d"));
  REQUIRE(plan->Find("x")->group >= 0);  // a NOT NULL cycle: one transaction
  CHECK(two.at("x") == two.at("y"));
  for (const auto& [table, worker] : owners(1)) CHECK(worker == 0);
  const std::map<std::string, uint64_t> many = owners(16);
  for (const auto& [table, worker] : many) CHECK(worker < 16);
  CHECK(many == owners(16));  // the same in every worker
}

}  // namespace seed
