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
    "  email: {generator: email, from: full_name, pii: {category: email, strategy: {dev: fake, staging: partial}}}\n"
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
  CHECK(out.text.find("people.email: staging masking weakened from partial to keep") != std::string::npos);
  CHECK(out.text.find("people.card_number: looks personal") != std::string::npos);
}

}  // namespace seed::test
