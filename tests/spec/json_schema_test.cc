// The generator declarations and the spec JSON Schema built from them: the
// committed schema is the generated one, every example in the
// documentation samples, every documented typo is an engine error too, and
// the README's generator table is the registry's.
#include <catch2/catch.hpp>
#include <fstream>
#include <sstream>
#include <string>

#include "engine/exec/generator_example.h"
#include "engine/plan/plan.h"
#include "engine/spec/json_schema.h"
#include "engine/spec/spec_loader.h"
#include "engine/spec/yaml_loader.h"
#include "tests/support/harness.h"

namespace seed {

namespace {

// A spec text's problems, from the loader and the planner.
Diagnostics Check(const std::string& text) {
  Diagnostics diag;
  Result<Node> root = LoadYamlString(text, "typo.yaml");
  if (!root.ok()) {
    diag.Add(root.status());
    return diag;
  }
  std::vector<TableSpec> specs = {ParseTableSpec(*root, "typo.yaml", diag)};
  if (diag.ok()) Plan::Build(specs, PlanOptions{}, diag);
  return diag;
}

}  // namespace

TEST_CASE("the committed JSON Schema is the one the registry and the loader generate", "[spec][schema]") {
  const std::string committed = test::ReadFile(std::string(SEED_SOURCE_DIR) + "/schemas/spec.schema.json");
  INFO("regenerate it: build/seed-engine json-schema > schemas/spec.schema.json");
  CHECK(committed == SpecJsonSchema(Registry::Default()));
}

TEST_CASE("every generator declares described options and an example that samples", "[spec][schema]") {
  for (const GeneratorInfo& g : Registry::Default().all()) {
    INFO(g.name);
    CHECK(!g.summary.empty());
    CHECK(!g.group.empty());
    for (const OptionDecl& d : g.options) {
      INFO(d.name);
      CHECK(!d.description.empty());
      CHECK((d.type != OptionType::kEnum || !d.values.empty()));
    }
    if (g.real_data) continue;  // reads a source file: shown in the README instead
    REQUIRE(!g.example.empty());
    Result<ExampleRows> sample = SampleExample(g, 5);
    REQUIRE(sample.ok());
    CHECK(sample->rows.size() >= 1);
    CHECK(!sample->columns.empty());
  }
}

TEST_CASE("every documented typo is an engine error too", "[spec][schema]") {
  const std::string text = test::ReadFile(std::string(SEED_SOURCE_DIR) + "/tests/testdata/spec_typos.yaml");
  size_t start = 0, count = 0;
  while (start < text.size()) {
    size_t end = text.find("\n---\n", start);
    if (end == std::string::npos) end = text.size();
    const std::string doc = text.substr(start, end - start + 1);
    start = end + 5;
    INFO(doc);
    CHECK(!Check(doc).ok());
    ++count;
  }
  CHECK(count >= 20);
}

TEST_CASE("the README's generator table is the registry's", "[spec][schema]") {
  const std::string readme = test::ReadFile(std::string(SEED_SOURCE_DIR) + "/README.md");
  const std::string begin = "<!-- generators: seed-engine generators --format markdown -->\n";
  const std::string end = "<!-- end of generators -->";
  const size_t b = readme.find(begin), e = readme.find(end);
  REQUIRE(b != std::string::npos);
  REQUIRE(e != std::string::npos);
  INFO("regenerate it: build/seed-engine generators --format markdown");
  CHECK(readme.substr(b + begin.size(), e - b - begin.size()) == GeneratorTable(Registry::Default()));
}

TEST_CASE("seed-engine generators NAME shows options, the example and sample values, and json-schema prints the schema",
          "[spec][schema][cli]") {
  const test::Output email = test::Cli("generators email");
  INFO(email.text);
  CHECK(email.code == 0);
  for (const char* part : {"email: ", "options:\n  from ", "  domain ", "example:\n", "sample (seed 42"})
    CHECK(email.text.find(part) != std::string::npos);
  const test::Output typo = test::Cli("generators emial");
  CHECK(typo.code == 1);
  CHECK(typo.text.find("did you mean 'email'?") != std::string::npos);
  CHECK(test::Cli("generators --bogus").code == 1);
  CHECK(test::Cli("generators --format markdown").text == GeneratorTable(Registry::Default()));
  CHECK(test::Cli("json-schema").text == SpecJsonSchema(Registry::Default()));
}

}  // namespace seed
