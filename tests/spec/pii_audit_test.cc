// The PII lint in `validate` and `seed-engine audit` for reviewers.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "tests/support/harness.h"

namespace seed::test {

namespace {

const char* kPeople =
    "table: people\ncount: 10\ncolumns:\n"
    "  id: sequence\n"
    "  full_name: {generator: full_name, pii: name}\n"
    "  email: {generator: email, from: full_name, pii: {category: email, strategy: {dev: fake, "
    "staging: partial}}}\n"
    "  nickname: {generator: word, pii: {category: none, reason: \"a random word\"}}\n";

}  // namespace

TEST_CASE("validate fails for a personal-looking column without a pii rule", "[pii][cli]") {
  TempDir dir;
  dir.Write("specs/people.yaml", std::string(kPeople) + "  home_phone: phone\n");
  Output out = Cli("validate " + dir / "specs");
  INFO(out.text);
  CHECK(out.code == 1);
  CHECK(out.text.find("people.yaml:8:3: people.home_phone looks personal") != std::string::npos);
  dir.Write("specs/people.yaml", kPeople);
  CHECK(Cli("validate " + dir / "specs").code == 0);  // rules everywhere, or none with a reason
}

TEST_CASE("audit lists the PII inventory as Markdown or JSON", "[pii][cli]") {
  TempDir dir;
  dir.Write("specs/people.yaml", kPeople);
  Output md = Cli("audit " + dir / "specs");
  CHECK(md.code == 0);
  CHECK(md.text.find("| people | email | email | fake | partial | redact |") != std::string::npos);
  CHECK(md.text.find("| people | nickname | none |") != std::string::npos);
  Output json = Cli("audit " + dir / "specs --format json");
  REQUIRE(json.code == 0);
  const nlohmann::json j = nlohmann::json::parse(json.text);
  REQUIRE(j.size() == 3);
  CHECK(j[0]["column"] == "full_name");
  CHECK(j[0]["strategy"]["dev"] == "fake");
}

TEST_CASE("audit --against catches each kind of weakening", "[pii][cli]") {
  TempDir dir;
  dir.Write("old/people.yaml", kPeople);
  dir.Write("same/people.yaml", kPeople);
  Output same = Cli("audit " + dir / "same --against " + dir / "old");
  CHECK(same.code == 0);
  std::string weak = kPeople;
  weak.replace(weak.find("staging: partial"), 16, "staging: keep}, reason: \"ops\"");
  weak.erase(weak.find("}}}\n"), 1);
  weak.replace(weak.find("full_name, pii: name}"), 21, "full_name}");
  weak += "  card_number: {generator: digits, length: 16}\n";
  dir.Write("new/people.yaml", weak);
  Output out = Cli("audit " + dir / "new --against " + dir / "old");
  INFO(weak << "\n" << out.text);
  CHECK(out.code == 1);
  CHECK(out.text.find("people.full_name: lost its pii rule (was name)") != std::string::npos);
  CHECK(out.text.find("people.email: staging masking weakened from partial to keep") !=
        std::string::npos);
  CHECK(out.text.find("people.card_number: looks personal") != std::string::npos);
}

TEST_CASE("the validator's hint suggests the category the detector matched", "[pii][cli]") {
  TempDir dir;
  dir.Write("specs/people.yaml",
            "table: people\ncount: 5\ncolumns:\n  id: sequence\n"
            "  telephone: {generator: digits, length: 10}\n"
            "  given: {generator: first_name}\n"
            "  tax_id: {generator: digits, length: 9}\n"
            "  notes: sentence\n"
            "  password: word\n"
            "  email: word\n");
  Output out = Cli("validate " + dir / "specs");
  INFO(out.text);
  CHECK(out.code == 1);
  const std::vector<std::pair<std::string, std::string>> hints = {
      {"people.yaml:5:3: people.telephone looks personal (its name has 'telephone')", "phone"},
      {"people.yaml:6:3: people.given looks personal (generator 'first_name')", "name"},
      {"people.yaml:7:3: people.tax_id looks personal (its name has 'tax_id')", "national_id"},
      {"people.yaml:8:3: people.notes looks personal (its name has 'notes')", "free_text"},
      {"people.yaml:9:3: people.password looks personal (its name has 'password')", "other"},
      {"people.yaml:10:3: people.email looks personal (its name has 'email')", "email"}};
  for (const auto& [what, category] : hints) {
    const size_t at = out.text.find(what);
    REQUIRE(at != std::string::npos);
    const std::string line = out.text.substr(at, out.text.find('\n', at) - at);
    INFO(line);
    CHECK(line.find("e.g. pii: {category: " + category + "}, or pii: {category: none") !=
          std::string::npos);
  }
}

TEST_CASE("pii-names.txt in the spec directory extends validate and audit", "[pii][cli]") {
  TempDir dir;
  dir.Write("specs/people.yaml",
            "table: people\ncount: 5\ncolumns:\n  id: sequence\n  kundennr: {generator: digits, "
            "length: 8}\n"
            "  nickname: word\n");
  CHECK(Cli("validate " + dir / "specs").code == 1);  // nickname is a name by default
  dir.Write("specs/pii-names.txt", "# words of this project\nkundennr national_id\n!nickname\n");
  Output out = Cli("validate " + dir / "specs");
  INFO(out.text);
  CHECK(out.code == 1);
  CHECK(
      out.text.find("people.yaml:5:3: people.kundennr looks personal (its name has 'kundennr')") !=
      std::string::npos);
  CHECK(out.text.find("pii: {category: national_id}") != std::string::npos);
  CHECK(out.text.find("nickname") == std::string::npos);
  dir.Write("old/people.yaml", "table: people\ncount: 5\ncolumns:\n  id: sequence\n");
  Output audit = Cli("audit " + dir / "specs --against " + dir / "old");
  CHECK(audit.code == 1);
  CHECK(audit.text.find("people.kundennr: looks personal (its name has 'kundennr')") !=
        std::string::npos);
  CHECK(audit.text.find("nickname") == std::string::npos);
  dir.Write("specs/pii-names.txt", "kundennr bogus\n");
  Output bad = Cli("validate " + dir / "specs");
  CHECK(bad.code == 1);
  CHECK(bad.text.find("pii-names.txt:1:1: unknown pii category 'bogus'") != std::string::npos);
}

TEST_CASE("run refuses real values of a column pii-names.txt calls personal", "[pii][cli]") {
  TempDir dir;
  dir.Write("specs/members.csv", "kundennr\n12345678\n");
  dir.Write("specs/members.yaml",
            "table: members\nsource: members.csv\ncolumns:\n  id: sequence\n  kundennr: source\n");
  dir.Write("schema.sql", "CREATE TABLE members (id INTEGER PRIMARY KEY, kundennr TEXT);");
  const std::string run = "run " + dir / "specs" + " --db sqlite:" + dir / "t.db" + " --schema " + dir / "schema.sql";
  // Not personal by the built-in lists: copied as it is.
  REQUIRE(Cli(run).code == 0);
  CHECK(Cli("rollback " + dir / "specs" + " --yes --audit-file /dev/null --db sqlite:" + dir / "t.db").code == 0);
  dir.Write("specs/pii-names.txt", "kundennr national_id\n");
  Output refused = Cli(run);
  INFO(refused.text);
  CHECK(refused.code == 1);
  CHECK(refused.text.find("members.kundennr: real values of a personal-looking column") != std::string::npos);
}

namespace {

// A table of real rows next to generated ones, and a changed copy of it.
const char* kClients =
    "table: clients\n"       // 1
    "source: clients.csv\n"  // 2
    "columns:\n"             // 3
    "  id: sequence\n"       // 4
    "  email: {generator: source, pii: {category: email, strategy: {production: partial}, reason: "
    "\"ops\"}}\n"
    "  phone: {generator: source, pii: {category: phone, strategy: {staging: fake}}}\n"  // 6
    "  ssn: {generator: source, pii: {category: national_id}}\n"                         // 7
    "  card: {generator: source, pii: {category: financial}}\n"                          // 8
    "  zip: {generator: source, pii: {category: postal_code, keep_first: 2}}\n"          // 9
    "  fax: {generator: source, pii: {category: phone}}\n"                               // 10
    "  total: {generator: source, field: amount}\n";                                     // 11

const char* kWeakerClients =
    "table: clients\n"
    "source: clients.csv\n"
    "columns:\n"
    "  id: sequence\n"
    "  email: {generator: source, pii: {category: email, strategy: {production: keep}, reason: "
    "\"ops\"}}\n"
    "  phone: {generator: source, pii: {category: phone, strategy: {staging: partial}}}\n"
    "  ssn: {generator: source}\n"
    "  card: {generator: source, pii: {category: none, reason: \"test cards\"}}\n"
    "  zip: {generator: source, pii: {category: postal_code, keep_first: 4}}\n"
    "  total: {generator: source, field: amount}\n"
    "  notes_raw: {generator: source, field: notes}\n"
    "  region: {generator: source}\n";

}  // namespace

TEST_CASE("audit --against flags every weakening in every environment, at file:line",
          "[pii][cli]") {
  TempDir dir;
  dir.Write("old/clients.yaml", kClients);
  dir.Write("new/clients.yaml", kWeakerClients);
  Output out = Cli("audit " + dir / "new --against " + dir / "old");
  INFO(out.text);
  CHECK(out.code == 1);
  const std::string file = dir / "new/clients.yaml", old_file = dir / "old/clients.yaml";
  const std::vector<std::string> expected = {
      file + ":5: clients.email: production masking weakened from partial to keep",
      file + ":6: clients.phone: staging masking weakened from fake to partial",
      file +
          ":7: clients.ssn: lost its pii rule (was national_id); its real values are now copied "
          "verbatim",
      file + ":8: clients.card: now marked not personal (pii: none), was financial",
      file + ":9: clients.zip: dev partial masking keeps more characters",  // not there: dev fakes
  };
  CHECK(out.text.find(expected[0]) != std::string::npos);
  CHECK(out.text.find(expected[1]) != std::string::npos);
  CHECK(out.text.find(expected[2]) != std::string::npos);
  CHECK(out.text.find(expected[3]) != std::string::npos);
  CHECK(out.text.find(expected[4]) == std::string::npos);
  CHECK(out.text.find(
            file +
            ":9: clients.zip: staging partial masking keeps more characters: partial (first 4, "
            "last 0), was partial (first 2, last 0)") != std::string::npos);
  CHECK(out.text.find(old_file + ":10: clients.fax: removed, with its pii rule (phone)") !=
        std::string::npos);
  // New real-data columns without a rule: copied verbatim, personal-looking or not.
  CHECK(out.text.find(
            file +
            ":11: clients.notes_raw: real data (source file clients.csv, field notes) without a "
            "pii rule is copied verbatim in every environment; it looks personal (its name has "
            "'notes'): add pii: {category: free_text}") != std::string::npos);
  CHECK(out.text.find(
            file +
            ":12: clients.region: real data (source file clients.csv, field region) without a pii "
            "rule is copied verbatim") != std::string::npos);
  CHECK(out.text.find("clients.total") ==
        std::string::npos);  // unchanged: verbatim before and after
  CHECK(out.text.find("PII audit: 8 finding(s)") != std::string::npos);

  Output json = Cli("audit " + dir / "new --against " + dir / "old --format json");
  CHECK(json.code == 1);
  const nlohmann::json j = nlohmann::json::parse(json.text);
  REQUIRE(j.size() == 8);
  CHECK(j[0] == nlohmann::json{{"file", file},
                               {"line", 5},
                               {"table", "clients"},
                               {"column", "email"},
                               {"environment", "production"},
                               {"before", "partial"},
                               {"after", "keep"},
                               {"message", "production masking weakened from partial to keep"}});
  CHECK(j[2]["environment"] == "all");
  CHECK(j[2]["before"] == "national_id");
  CHECK(j[2]["after"] == "no rule");

  Output none = Cli("audit " + dir / "old --against " + dir / "old --format json");
  CHECK(none.code == 0);
  CHECK(nlohmann::json::parse(none.text) == nlohmann::json::array());
}

TEST_CASE("audit --against: new columns and rules are held to the defaults, production included",
          "[pii][cli]") {
  TempDir dir;
  dir.Write("old/people.yaml",
            "table: people\ncount: 5\ncolumns:\n  id: sequence\n  name: full_name\n");
  dir.Write("new/people.yaml",
            "table: people\ncount: 5\ncolumns:\n  id: sequence\n"
            "  name: {generator: full_name, pii: {category: name, strategy: {production: keep}, "
            "reason: \"x\"}}\n"
            "  email: {generator: email, pii: email}\n"
            "  phone: {generator: phone, pii: {category: phone, strategy: keep, reason: \"y\"}}\n");
  Output out = Cli("audit " + dir / "new --against " + dir / "old");
  INFO(out.text);
  CHECK(out.code == 1);
  const std::string file = dir / "new/people.yaml";
  CHECK(out.text.find(
            file +
            ":5: people.name: production masking weakened from redact (the default) to keep") !=
        std::string::npos);
  for (const std::string env : {"dev", "staging", "production"})
    CHECK(out.text.find(file + ":7: people.phone: " + env + " masking weakened from") !=
          std::string::npos);
  CHECK(out.text.find("people.email") == std::string::npos);  // the defaults are not a weakening
  CHECK(out.text.find("PII audit: 4 finding(s)") != std::string::npos);
}

TEST_CASE("audit lists real-data columns by source file and field, and those without a rule",
          "[pii][cli]") {
  TempDir dir;
  dir.Write("specs/clients.yaml", kClients);
  dir.Write("specs/orders.yaml",
            "table: orders\nsource: {query: \"SELECT * FROM orders WHERE buyer = "
            "'alice@example.org'\"}\ncolumns:\n"
            "  id: sequence\n  buyer: {generator: source, field: buyer_email, pii: email}\n  "
            "total: source\n");
  Output md = Cli("audit " + dir / "specs");
  INFO(md.text);
  CHECK(md.code == 0);
  CHECK(md.text.find("| clients | email | email | fake | partial | partial | ops | source file "
                     "clients.csv, field "
                     "email |") != std::string::npos);
  CHECK(md.text.find("| clients | total | no rule | verbatim | verbatim | verbatim | no pii rule: "
                     "real values are "
                     "copied verbatim | source file clients.csv, field amount |") !=
        std::string::npos);
  CHECK(md.text.find("| orders | buyer | email | fake | partial | redact |  | source query, field "
                     "buyer_email |") != std::string::npos);
  CHECK(md.text.find("| orders | total | no rule |") != std::string::npos);
  CHECK(md.text.find("generated: source") == std::string::npos);
  CHECK(md.text.find("alice") == std::string::npos);  // the query's values stay out
  Output json = Cli("audit " + dir / "specs --format json");
  REQUIRE(json.code == 0);
  const nlohmann::json j = nlohmann::json::parse(json.text);
  REQUIRE(j.size() == 9);
  CHECK(j[0]["column"] == "email");
  CHECK(j[0]["origin"] == "file");
  CHECK(j[0]["source_file"] == "clients.csv");
  CHECK(j[0]["source_field"] == "email");
  CHECK(j[8]["column"] == "total");
  CHECK(j[8]["origin"] == "query");
  CHECK(j[8]["category"] == "no rule");
  CHECK(j[8]["source_field"] == "total");
  CHECK(json.text.find("alice") == std::string::npos);
}

}  // namespace seed::test
