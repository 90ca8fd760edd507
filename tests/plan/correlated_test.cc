// Correlated references (`where:`) and helper columns (`write: false`):
// "an order line's item comes from the order's store", "a department's
// head is one of its own employees" had no way to be written.
#include <catch2/catch.hpp>
#include <map>
#include <set>

#include "tests/support/harness.h"
#include "tests/support/seeded.h"

namespace seed {

using namespace seed::test;

namespace {

const std::string kStores = "table: stores\ncount: 6\ncolumns:\n  id: sequence\n";
const std::string kItems =
    "table: items\ncount: 90\ncolumns:\n  id: sequence\n"
    "  store_id: {generator: reference, table: stores}\n";
const std::string kOrders =
    "table: orders\ncount: 200\ncolumns:\n  id: sequence\n"
    "  store_id: {generator: reference, table: stores}\n";

std::string Lines(const std::string& item) {
  return "table: lines\ncount: 2000\ncolumns:\n  id: sequence\n"
         "  order_id: {generator: reference, table: orders}\n"
         "  store: {generator: lookup, via: order_id, column: store_id, write: false}\n"
         "  item_id: " + item + "\n";
}

}  // namespace

TEST_CASE("where: picks only target rows that share this row's value, all of them in time",
          "[plan][correlated]") {
  auto s = Seed({kStores, kItems, kOrders, Lines("{generator: reference, table: items, where: {store_id: store}}")});
  REQUIRE(s->error.empty());
  std::map<std::string, std::string> item_store;
  for (uint64_t r = 0; r < 90; ++r) item_store[s->Text("items", "id", r)] = s->Text("items", "store_id", r);
  std::set<std::string> used;
  for (uint64_t r = 0; r < 2000; ++r) {
    const std::string item = s->Text("lines", "item_id", r);
    const uint64_t order = std::stoull(s->Text("lines", "order_id", r)) - 1;
    REQUIRE(item_store.count(item));
    CHECK(item_store[item] == s->Text("orders", "store_id", order));
    CHECK(s->Text("lines", "store", r) == item_store[item]);
    used.insert(item);
  }
  CHECK(used.size() > 80);  // spread over each store's items, not one per store
  // Same seed, same picks.
  auto again = Seed({kStores, kItems, kOrders, Lines("{generator: reference, table: items, where: {store_id: store}}")});
  for (uint64_t r = 0; r < 2000; r += 37) CHECK(again->Text("lines", "item_id", r) == s->Text("lines", "item_id", r));
}

TEST_CASE("where: with no matching row gives NULL, and a self-reference picks only earlier rows", "[plan][correlated]") {
  auto s = Seed({"table: people\ncount: 500\ncolumns:\n  id: sequence\n"
                 "  team: {generator: int, min: 1, max: 40}\n"
                 "  boss_id: {generator: reference, table: people, where: {team: team}, nullable: true, null_rate: 0}\n"});
  REQUIRE(s->error.empty());
  std::map<int64_t, int> first_of_team;
  for (uint64_t r = 0; r < 500; ++r) {
    const int64_t team = s->Cell("people", "team", r).i;
    const Value boss = s->Cell("people", "boss_id", r);
    if (!first_of_team.count(team)) {
      first_of_team[team] = static_cast<int>(r);
      CHECK(boss.is_null());  // nobody earlier in the team
      continue;
    }
    REQUIRE_FALSE(boss.is_null());
    CHECK(boss.i < static_cast<int64_t>(r) + 1);
    CHECK(s->Cell("people", "team", static_cast<uint64_t>(boss.i - 1)).i == team);
  }
}

TEST_CASE("where: mistakes are errors at their position, with the fix", "[plan][correlated]") {
  const std::vector<std::pair<std::string, std::string>> bad = {
      {"{generator: reference, table: items, where: {stor_id: store}}", "items has no column 'stor_id' (did you mean 'store_id'?)"},
      {"{generator: reference, table: items, where: {store_id: shop}}", "unknown column 'shop'"},
      {"{generator: reference, table: items, where: [store_id]}", "must map 1 to 4 columns"},
      {"{generator: reference, table: items, where: {store_id: store}, distribution: zipf}", "picks uniformly"},
      {"{generator: reference, table: items, where: {store_id: store}, unique: true}", "unique reference"},
  };
  for (const auto& [item, message] : bad) {
    INFO(item);
    auto s = Seed({kStores, kItems, kOrders, Lines(item)});
    CHECK_THAT(s->error, Catch::Contains(message) && Catch::Contains("spec.yaml:7:"));
  }
  // Matching on a column that is itself picked with where would group by
  // groups: refused.
  auto nested = Seed({kStores, kItems, kOrders, Lines("{generator: reference, table: items, where: {store_id: store}}"),
                      "table: notes\ncount: 5\ncolumns:\n  id: sequence\n  item: {generator: constant, value: 1}\n"
                      "  line_id: {generator: reference, table: lines, where: {item_id: item}}\n"});
  CHECK_THAT(nested->error, Catch::Contains("lines.item_id is itself picked with a 'where'"));
}

TEST_CASE("write: false columns are computed for others, never written nor looked for in the database",
          "[cli][sqlite][correlated]") {
  TempDir dir;
  dir.Write("specs/t.yaml",
            "table: t\ncount: 50\ncolumns:\n  id: sequence\n"
            "  base: {expr: \"random_int(1, 9)\", write: false}\n"
            "  twice: {expr: base * 2}\n");
  const std::string db = dir / "t.db";
  Sql(db, "CREATE TABLE t (id INTEGER PRIMARY KEY, twice INTEGER NOT NULL)");
  Output run = Cli("run " + dir / "specs" + " --db sqlite:" + db);
  INFO(run.text);
  REQUIRE(run.code == 0);
  CHECK(Sql(db, "SELECT COUNT(*), MIN(twice), MAX(twice), SUM(twice % 2) FROM t") ==
        std::vector<std::string>{"50|2|18|0"});
  // A helper named like a NOT NULL column without default still leaves
  // that column unwritten: drift, said before any write.
  dir.Write("specs/t.yaml",
            "table: t\ncount: 50\ncolumns:\n  id: sequence\n"
            "  twice: {expr: \"random_int(1, 9)\", write: false}\n");
  Sql(dir / "u.db", "CREATE TABLE t (id INTEGER PRIMARY KEY, twice INTEGER NOT NULL)");
  Output drift = Cli("run " + dir / "specs" + " --db sqlite:" + dir / "u.db");
  INFO(drift.text);
  CHECK(drift.code == 3);
  CHECK_THAT(drift.text, Catch::Contains("t.twice: NOT NULL column without a default has no generator"));
}

}  // namespace seed
