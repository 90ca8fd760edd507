#include <catch2/catch.hpp>

#include "engine/spec/spec_loader.h"
#include "engine/spec/yaml_loader.h"

namespace seed {

namespace {

// Parses `yaml` as spec file "t.yaml"; returns every message, one per line.
std::string Errors(const std::string& yaml, TableSpec* out = nullptr) {
  Result<Node> root = LoadYamlString(yaml, "t.yaml");
  if (!root.ok()) return root.status().ToString();
  Diagnostics diag;
  TableSpec t = ParseTableSpec(*root, "t.yaml", diag);
  if (out) *out = t;
  return diag.ToStatus().ok() ? "" : diag.ToStatus().message();
}

}  // namespace

TEST_CASE("a valid spec parses into its parts", "[spec]") {
  TableSpec t;
  REQUIRE(Errors(R"(table: orders
count: {small: 10, large: 1000}
env_sizes: {staging: large}
environments: [dev, staging]
reference_data: false
rollback: truncate
depends_on: [clients]
children: {of: clients, min: 1, max: 3, weights: [1, 2, 1]}
columns:
  id: sequence
  email:
    generator: email
    unique: true
    pii: {category: email, strategy: {dev: fake, production: keep}, reason: contract}
  note: {generator: lorem_sentence, nullable: true}
)",
                 &t) == "");
  CHECK(t.table == "orders");
  CHECK(t.count.by_size.at("large") == 1000);
  CHECK(t.env_sizes.at("staging") == "large");
  CHECK(t.rollback == "truncate");
  REQUIRE(t.children);
  CHECK(t.children->distribution == "weighted");
  REQUIRE(t.columns.size() == 3);
  CHECK(t.columns[0].generator == "sequence");
  CHECK(t.columns[1].unique);
  CHECK(t.columns[1].pii->strategy.at("production") == "keep");
  CHECK(t.columns[2].null_rate == Approx(0.1));  // documented default of nullable: true
  CHECK(t.columns[1].mark.ToString() == "t.yaml:11:3");
}

TEST_CASE("spec errors carry exact positions and suggestions", "[spec]") {
  const std::string errors = Errors(R"(table: t
cout: 5
count: {small: 1, huge: 2}
rollback: delet
columns:
  a: {generator: int, nullable: maybe}
  b: [1, 2]
)");
  CHECK_THAT(errors, Catch::Contains("t.yaml:2:1: unknown key 'cout' in table spec (did you mean 'count'?)"));
  CHECK_THAT(errors, Catch::Contains("t.yaml:3:19: 'count' must be one of small, medium, large, got 'huge'"));
  CHECK_THAT(errors, Catch::Contains("t.yaml:4:11: 'rollback' must be one of delete, truncate, none, got 'delet' (did you mean 'delete'?)"));
  CHECK_THAT(errors, Catch::Contains("t.yaml:6:33: 'nullable' must be true or false"));
  CHECK_THAT(errors, Catch::Contains("t.yaml:7:6: column 'b' must be a generator name or a map"));
}

TEST_CASE("malformed YAML reports the parser's position", "[spec]") {
  CHECK_THAT(Errors("table: t\ncolumns: {a: [1, 2}\n"), Catch::StartsWith("t.yaml:2:"));
  CHECK_THAT(Errors("table: t\ntable: u\ncolumns: {a: int}\ncount: 1\n"),
             Catch::Contains("t.yaml:2:1: duplicate key 'table'"));
}

TEST_CASE("hostile YAML is refused quickly", "[spec]") {
  std::string bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n";
  for (char c = 'b'; c <= 'j'; ++c)
    bomb += std::string(1, c) + ": &" + c + " [*" + char(c - 1) + ", *" + char(c - 1) + ", *" +
            char(c - 1) + ", *" + char(c - 1) + ", *" + char(c - 1) + ", *" + char(c - 1) +
            ", *" + char(c - 1) + ", *" + char(c - 1) + ", *" + char(c - 1) + ", *" +
            char(c - 1) + "]\n";
  CHECK_THAT(Errors(bomb), Catch::Contains("alias bomb"));
  const std::string deep = std::string(200, '[') + std::string(200, ']');
  CHECK_THAT(Errors(deep), Catch::Contains("t.yaml:"));
}

TEST_CASE("keep without a reason and children without a parent are errors", "[spec]") {
  const std::string errors = Errors(R"(table: t
children: {min: 4, max: 2}
columns:
  ssn: {generator: pattern, pii: {category: national_id, strategy: keep}}
)");
  CHECK_THAT(errors, Catch::Contains("t.yaml:2:11: children needs 'of: <parent table>'"));
  CHECK_THAT(errors, Catch::Contains("children.min (4) is greater than children.max (2)"));
  CHECK_THAT(errors, Catch::Contains("t.yaml:4:34: pii strategy 'keep' for dev needs a 'reason'"));
}

}  // namespace seed

namespace seed {

TEST_CASE("null_rate contradicting nullable: false is an error", "[spec]") {
  CHECK_THAT(Errors("table: t\ncolumns:\n  a: {generator: int, nullable: false, null_rate: 0.5}\n"),
             Catch::Contains("t.yaml:3:51: 'null_rate' contradicts 'nullable: false'"));
}

}  // namespace seed

namespace seed {

TEST_CASE("retention: one limit for every environment, or one per environment, with never", "[spec]") {
  TableSpec t;
  REQUIRE(Errors("table: t\ncount: 1\nretention: 30d\ncolumns: {id: sequence}\n", &t) == "");
  CHECK(t.retention.For("dev") == 30 * 86400);
  CHECK(t.retention.For("production") == 30 * 86400);
  REQUIRE(Errors("table: t\ncount: 1\nretention: {dev: 2w, staging: 12h, production: never}\ncolumns: {id: sequence}\n",
                 &t) == "");
  CHECK(t.retention.For("dev") == 14 * 86400);
  CHECK(t.retention.For("staging") == 12 * 3600);
  CHECK(t.retention.For("production") == kKeepForever);
  REQUIRE(Errors("table: t\ncount: 1\nretention: {staging: 1d}\ncolumns: {id: sequence}\n", &t) == "");
  CHECK_FALSE(t.retention.For("dev").has_value());

  // Mistakes are file:line:col with the form that works.
  CHECK(Errors("table: t\ncount: 1\nretention: 30 days\ncolumns: {id: sequence}\n")
            .find("t.yaml:3:12: retention: '30 days' is not a duration; write a count and a unit: 30d") !=
        std::string::npos);
  CHECK(Errors("table: t\ncount: 1\nretention: {stagign: 1d}\ncolumns: {id: sequence}\n")
            .find("did you mean 'staging'") != std::string::npos);
  CHECK(Errors("table: t\ncount: 1\nretention: {dev: [1d]}\ncolumns: {id: sequence}\n").find("t.yaml:3:18:") !=
        std::string::npos);
}

TEST_CASE("retention on the command line: 30d, or env=limit pairs", "[spec]") {
  Result<RetentionSpec> all = ParseRetentionText("30d");
  REQUIRE(all.ok());
  CHECK(all->For("staging") == 30 * 86400);
  Result<RetentionSpec> pairs = ParseRetentionText("dev=30d,staging=14d,production=never");
  REQUIRE(pairs.ok());
  CHECK(pairs->For("dev") == 30 * 86400);
  CHECK(pairs->For("staging") == 14 * 86400);
  CHECK(pairs->For("production") == kKeepForever);
  CHECK_FALSE(ParseRetentionText("qa=1d").ok());
  CHECK_FALSE(ParseRetentionText("dev=").ok());
  CHECK_FALSE(ParseRetentionText("30d,").ok());
}

}  // namespace seed
