// The generated compliance record (issue 16): `audit --compliance` for the
// demo names every personal column of the specs with its category and
// strategies, the secret, the guard, retention and erasure, and the GDPR
// and CCPA provisions; Markdown and JSON say the same.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "engine/spec/pii_audit.h"
#include "engine/spec/spec_loader.h"
#include "tests/support/harness.h"

namespace seed::test {

TEST_CASE("audit --compliance for the demo lists every personal column, the mechanisms and the provisions",
          "[cli][compliance]") {
  Diagnostics diag;
  const std::vector<TableSpec> specs = LoadSpecDir(Specs(), diag);
  REQUIRE(diag.ok());
  const std::vector<PiiEntry> inventory = PiiInventory(specs);
  REQUIRE(inventory.size() >= 5);

  const Output md = Cli("audit " + Specs() + " --compliance", "SEED_MASK_SECRET=");
  INFO(md.text);
  REQUIRE(md.code == 0);
  const Output js = Cli("audit " + Specs() + " --compliance --format json", "SEED_MASK_SECRET=");
  REQUIRE(js.code == 0);
  const nlohmann::json record = nlohmann::json::parse(js.text, nullptr, false);
  REQUIRE(record.is_object());

  for (const PiiEntry& e : inventory) {
    INFO(e.table << "." << e.column);
    // Generated columns hold no real value: no strategy ever touches them.
    auto strategy = [&](const std::string& env) {
      return e.origin.kind == "generated" && e.category != "none" ? std::string("generated") : e.StrategyIn(env);
    };
    CHECK(md.text.find("| " + e.table + " | " + e.column + " | " + e.category + " | " + strategy("dev") + " | " +
                       strategy("staging") + " | " + strategy("production") + " |") != std::string::npos);
    bool listed = false;
    for (const auto& row : record["inventory"])
      listed = listed || (row["table"] == e.table && row["column"] == e.column && row["category"] == e.category &&
                          row["strategy"]["staging"] == strategy("staging"));
    CHECK(listed);
  }
  // Every table's retention, per environment: clients declares its own.
  for (const TableSpec& t : specs) CHECK(md.text.find("| " + t.table + " | ") != std::string::npos);
  CHECK(md.text.find("| clients | 5 | no | 30d (spec) | 14d (spec) | not seeded |") != std::string::npos);
  for (const char* must : {"SEED_MASK_SECRET", "ALLOW_PRODUCTION_SEEDING", "seed-engine rollback", "seed-engine expire",
                           "Art. 17", "Art. 5(1)(c)", "Art. 5(1)(e)", "Art. 4(5)", "Art. 32", "Art. 30", "1798.105",
                           "1798.100", "not legal advice", "docs/runbooks.md", "never equal to the input"}) {
    INFO(must);
    CHECK(md.text.find(must) != std::string::npos);
  }
  CHECK(record["summary"]["personal_columns"] == 5);
  CHECK(record["secret"]["needed"] == false);  // the demo generates everything: nothing real to mask

  // With the database: its seeded tables and their expiry, from the ledger.
  TempDir dir;
  const std::string db = "sqlite:" + dir / "t.db";
  REQUIRE(Cli("run " + Specs() + " --db " + db + " --schema " + SqliteSchema()).code == 0);
  const Output with_db = Cli("audit " + Specs() + " --compliance --db " + db);
  INFO(with_db.text);
  REQUIRE(with_db.code == 0);
  CHECK(with_db.text.find("## In the database") != std::string::npos);
  CHECK(with_db.text.find("| clients | dev | ") != std::string::npos);
  CHECK(with_db.text.find("5 column writes") != std::string::npos);  // clients' personal columns
}

}  // namespace seed::test
