// The json generator: JSON columns had only a template with {{ }} and no
// escaping. Every value it writes must parse, keep its type, and round-trip
// text with quotes, backslashes and control characters.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <set>

#include "tests/support/seeded.h"

namespace seed {

TEST_CASE("json builds objects and arrays from nested column maps that always parse", "[gen][json]") {
  const std::string cols =
      "  name: full_name\n"
      "  attrs:\n"
      "    generator: json\n"
      "    object:\n"
      "      size: {generator: int, min: 1, max: 9}\n"
      "      note: {expr: \"name + ' \\\"quoted\\\" \\\\\\\\ back' + char_tab\"}\n"
      "      on: bool\n"
      "      price: {expr: \"random_decimal(1, 5)\"}\n"
      "      born: date\n"
      "      gone: {expr: \"null\"}\n"
      "      tags: {generator: json, array: word, min: 1, max: 4}\n"
      "      dims: {generator: json, object: {w: {expr: \"random_int(1, 100)\"}, h: int}}\n"
      "  char_tab: {generator: constant, value: \"\\t\\u0001\", write: false}\n";
  auto d = T(cols, 2000);
  REQUIRE(d->error == "");
  auto again = T(cols, 2000);
  std::set<std::string> tags;
  for (uint64_t r = 0; r < 2000; ++r) {
    const std::string text = d->Text("t", "attrs", r);
    INFO(text);
    nlohmann::json j;
    REQUIRE_NOTHROW(j = nlohmann::json::parse(text));
    REQUIRE(j.is_object());
    CHECK(j["size"].is_number_integer());
    CHECK(j["size"].get<int>() >= 1);
    CHECK(j["size"].get<int>() <= 9);
    CHECK(j["note"].get<std::string>() == d->Text("t", "name", r) + " \"quoted\" \\\\ back\t\x01");
    CHECK(j["on"].is_boolean());
    CHECK(j["price"].is_number());
    CHECK(j["born"].get<std::string>().size() == 10);
    CHECK(j["gone"].is_null());
    REQUIRE(j["tags"].is_array());
    CHECK(j["tags"].size() >= 1);
    CHECK(j["tags"].size() <= 4);
    for (const auto& t : j["tags"]) tags.insert(t.get<std::string>());
    CHECK(j["dims"]["w"].is_number_integer());
    CHECK(text == again->Text("t", "attrs", r));  // same seed, same text
  }
  // Items of one array draw independently: many distinct words.
  CHECK(tags.size() > 30);
}

TEST_CASE("json replaces invalid UTF-8 and refuses what it cannot build, at its position", "[gen][json]") {
  auto d = T("  raw: {generator: constant, value: a\xff" "b}\n"
             "  j: {generator: json, object: {raw: {expr: raw}}}\n");
  REQUIRE(d->error == "");
  CHECK(nlohmann::json::parse(d->Text("t", "j", 0))["raw"] == "a\xef\xbf\xbd" "b");

  CHECK_THAT(T("  j: {generator: json}\n")->error, Catch::Contains("exactly one of 'object"));
  CHECK_THAT(T("  j: {generator: json, object: {a: int}, array: int}\n")->error, Catch::Contains("exactly one of"));
  CHECK_THAT(T("  j: {generator: json, object: {a: colour}}\n")->error,
             Catch::Contains("spec.yaml:5:") && Catch::Contains("unknown generator 'colour' (did you mean 'color'?)"));
  CHECK_THAT(T("  j: {generator: json, object: {a: {generator: int, mx: 3}}}\n")->error,
             Catch::Contains("unknown option 'mx'"));
  CHECK_THAT(T("  j: {generator: json, array: int, min: 3, max: 2}\n")->error, Catch::Contains("must not be less than min"));
  CHECK_THAT(T("  j: {generator: json, array: int, max: 100000}\n")->error, Catch::Contains("between 0 and 1000"));
}

}  // namespace seed
