// Generator contracts: ranges, formats, null rates, weights, uniqueness by
// construction, determinism, references and children, option errors.
#include <algorithm>
#include <catch2/catch.hpp>
#include <map>
#include <regex>
#include <set>

#include "engine/gen/generator.h"
#include "tests/support/model.h"

namespace seed::test {

namespace {

// One table "t" with `count` rows and the given column lines.
Built Table(const std::string& columns, uint64_t count = 2000, PlanOptions o = {}) {
  return Build("table: t\ncount: " + std::to_string(count) + "\ncolumns:\n  id: sequence\n" + columns, o);
}

// Every value of column 1 of "t", as text.
std::vector<std::string> Column(const Built& b, uint64_t rows) {
  std::vector<std::string> out;
  for (uint64_t r = 0; r < rows; ++r) out.push_back(b.Row("t", r)[1]);
  return out;
}

}  // namespace

TEST_CASE("the catalogue has at least 40 generators, each with a summary", "[gen]") {
  const Registry& r = Registry::Default();
  CHECK(r.all().size() >= 40);
  for (const GeneratorInfo& g : r.all()) CHECK(!g.summary.empty());
}

TEST_CASE("numbers, dates and times stay in their ranges", "[gen]") {
  Built b = Table(
      "  i: {generator: int, min: -5, max: 5}\n"
      "  d: {generator: decimal, min: 2.00, max: 60.00}\n"
      "  f: {generator: float, min: 1, max: 2, distribution: normal}\n"
      "  day: {generator: date, from: 2024-02-27, to: 2024-03-02}\n"
      "  at: {generator: datetime, from: \"2024-01-01 10:00:00\", to: \"2024-01-01 10:00:59\"}\n"
      "  tm: {generator: time, from: \"09:00:00\", to: \"17:00:00\"}\n"
      "  z: {generator: int, min: 1, max: 1000, distribution: zipf}\n");
  REQUIRE(b.error == "");
  std::set<std::string> days;
  long small_z = 0;
  for (uint64_t r = 0; r < 10000; ++r) {
    const auto row = b.Row("t", r);
    const long i = std::stol(row[1]);
    CHECK((i >= -5 && i <= 5));
    CHECK(std::regex_match(row[2], std::regex(R"(\d+\.\d\d)")));  // the scale of min/max
    CHECK((std::stod(row[2]) >= 2.0 && std::stod(row[2]) <= 60.0));
    CHECK((std::stod(row[3]) >= 1.0 && std::stod(row[3]) <= 2.0));
    days.insert(row[4]);
    CHECK((row[5] >= "2024-01-01 10:00:00" && row[5] <= "2024-01-01 10:00:59"));
    CHECK((row[6] >= "09:00:00" && row[6] <= "17:00:00"));
    small_z += std::stol(row[7]) <= 10;
  }
  CHECK(days == std::set<std::string>{"2024-02-27", "2024-02-28", "2024-02-29", "2024-03-01", "2024-03-02"});
  CHECK(small_z > 3000);  // zipf: the first 1% of values take a large share
}

TEST_CASE("text generators produce their formats", "[gen]") {
  Built b = Table(
      "  name: full_name\n"
      "  email: {generator: email, from: name}\n"
      "  mail2: {generator: email, domain: [corp.test]}\n"
      "  phone: phone\n"
      "  uuid: uuid\n"
      "  sku: sku\n"
      "  lic: license_number\n"
      "  loc: {generator: pattern, pattern: \"WH[1-5]-A[0-3][0-9](-X)?\"}\n"
      "  ip: ipv4\n"
      "  st: {generator: state, abbr: true}\n"
      "  zip: {generator: zip, state: st}\n"
      "  text: {generator: text, max_length: 40}\n");
  REQUIRE(b.error == "");
  for (uint64_t r = 0; r < 2000; ++r) {
    const auto row = b.Row("t", r);
    INFO(row[1] << " " << row[2]);
    std::string slug;
    for (char c : row[1].substr(row[1].rfind(' ') + 1)) slug += std::isalpha(c) ? std::tolower(c) : ' ';
    slug.erase(std::remove(slug.begin(), slug.end(), ' '), slug.end());
    CHECK(std::regex_match(row[2], std::regex(R"([a-z0-9._]+@example\.(com|net|org))")));
    CHECK(row[2].find(slug) != std::string::npos);  // derived from the name
    CHECK(std::regex_match(row[3], std::regex(R"([a-z0-9._]+@corp\.test)")));
    CHECK(std::regex_match(row[4], std::regex(R"(\([2-9]\d\d\) [2-9]\d\d-\d{4})")));
    CHECK(std::regex_match(row[5], std::regex(R"([0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12})")));
    CHECK(std::regex_match(row[6], std::regex(R"(SKU-\d{8})")));
    CHECK(std::regex_match(row[7], std::regex(R"(C11-\d{7}-LIC)")));
    CHECK(std::regex_match(row[8], std::regex(R"(WH[1-5]-A[0-3][0-9](-X)?)")));
    std::smatch m;
    REQUIRE(std::regex_match(row[9], m, std::regex(R"((\d+)\.(\d+)\.(\d+)\.(\d+))")));
    for (int k = 1; k <= 4; ++k) CHECK(std::stoi(m[k]) <= 255);
    CHECK(std::regex_match(row[10], std::regex(R"([A-Z]{2})")));
    CHECK(std::regex_match(row[11], std::regex(R"(\d{5})")));
    CHECK(row[12].size() <= 40);
  }
  // ZIP codes follow their state's prefix: Alaska is 995xx.
  for (uint64_t r = 0; r < 2000; ++r) {
    const auto row = b.Row("t", r);
    if (row[10] == "AK") CHECK(row[11].substr(0, 3) == "995");
  }
}

TEST_CASE("null_rate and nullable", "[gen]") {
  Built b = Table("  a: {generator: int, min: 1, max: 9, null_rate: 0.25}\n  b: {generator: int, min: 1, max: 9}\n");
  REQUIRE(b.error == "");
  long nulls = 0;
  for (uint64_t r = 0; r < 20000; ++r) {
    const auto row = b.Row("t", r);
    nulls += row[1] == "NULL";
    CHECK(row[2] != "NULL");
  }
  CHECK((nulls > 0.22 * 20000 && nulls < 0.28 * 20000));
}

TEST_CASE("choice honours weights and keeps numbers typed", "[gen]") {
  Built b = Table("  c: {generator: choice, values: [x, y], weights: [90, 10]}\n  n: {generator: choice, values: [1, 2, 3]}\n");
  REQUIRE(b.error == "");
  long x = 0;
  for (uint64_t r = 0; r < 20000; ++r) x += b.Row("t", r)[1] == "x";
  CHECK((x > 0.87 * 20000 && x < 0.93 * 20000));
  CHECK(b.Cell("t", "n", 5).type == Type::kInt);
}

TEST_CASE("unique columns hold 1,000,000 distinct values by construction", "[gen][slow]") {
  const uint64_t n = 1000000;
  Built b = Table(
      "  i: {generator: int, min: 1, max: 2000000, unique: true}\n"
      "  s: {generator: sku, unique: true}\n"
      "  e: {generator: email, unique: true}\n",
      n);
  REQUIRE(b.error == "");
  const TableModel& m = b.model("t");
  std::vector<int64_t> ints(n);
  std::vector<std::string> skus(n), emails(n);
  std::vector<Value> values(m.column_count());
  TableModel::RowState state;
  for (uint64_t r = 0; r < n; ++r) {
    m.GenerateRow(r, state, values.data());
    ints[r] = values[1].i;
    skus[r] = values[2].s;
    emails[r] = values[3].s;
  }
  std::sort(ints.begin(), ints.end());
  CHECK(std::adjacent_find(ints.begin(), ints.end()) == ints.end());
  CHECK((ints.front() >= 1 && ints.back() <= 2000000));
  std::sort(skus.begin(), skus.end());
  CHECK(std::adjacent_find(skus.begin(), skus.end()) == skus.end());
  std::sort(emails.begin(), emails.end());
  CHECK(std::adjacent_find(emails.begin(), emails.end()) == emails.end());
}

TEST_CASE("a unique column that cannot hold its rows is an error naming it", "[gen]") {
  Built b = Table("  code: {generator: choice, values: [a, b], unique: true}\n", 500);
  CHECK_THAT(b.error, Catch::Contains("t.code: unique column needs 500 values but generator 'choice' can produce only 2"));
  CHECK_THAT(Table("  n: {generator: full_name, unique: true}\n").error,
             Catch::Contains("cannot guarantee unique values"));
}

TEST_CASE("rows are a pure function of seed, table, column and row", "[gen]") {
  const std::string cols = "  n: full_name\n  d: {generator: decimal, min: 0.00, max: 9.99}\n  u: uuid\n";
  Built a = Table(cols), b = Table(cols);
  PlanOptions other;
  other.seed = 43;
  Built c = Table(cols, 2000, other);
  REQUIRE((a.error.empty() && c.error.empty()));
  long differ = 0;
  for (uint64_t r = 0; r < 1000; ++r) {
    CHECK(a.Row("t", r) == b.Row("t", r));
    differ += a.Row("t", r)[3] != c.Row("t", r)[3];
  }
  CHECK(differ == 1000);
  // Any row range alone equals the same rows of a sequential pass.
  const TableModel& m = a.model("t");
  std::vector<Value> v(m.column_count());
  TableModel::RowState fresh;
  m.GenerateRow(777, fresh, v.data());
  CHECK(v[3].ToText() == a.Row("t", 777)[3]);
}

TEST_CASE("references, children, parents and lookups", "[gen]") {
  Built b = Build({
      "table: p\ncount: 300\ncolumns:\n  id: sequence\n  price: {generator: decimal, min: 1.00, max: 9.00}\n",
      "table: c\ncount: 600\nchildren: {of: p, min: 1, max: 3}\ncolumns:\n  id: sequence\n  p_id: parent\n"
      "  nth: child_index\n",
      "table: r\ncount: 5000\ncolumns:\n  id: sequence\n"
      "  u: {generator: reference, table: p}\n"
      "  z: {generator: reference, table: p, distribution: zipf, skew: 1.2}\n"
      "  w: {generator: reference, table: p, distribution: weighted, weights: [0, 0, 1]}\n"
      "  price: {generator: lookup, via: u, column: price}\n"
      "  boss: {generator: reference, table: r, null_rate: 0}\n",
  });
  REQUIRE(b.error == "");
  std::map<std::string, int> per_parent, z;
  for (uint64_t row = 0; row < 600; ++row) {
    const auto c = b.Row("c", row);
    ++per_parent[c[1]];
  }
  CHECK(per_parent.size() == 300);
  for (const auto& [k, v] : per_parent) CHECK((v >= 1 && v <= 3));
  for (uint64_t row = 0; row < 5000; ++row) {
    const auto r = b.Row("r", row);
    const long u = std::stol(r[1]), w = std::stol(r[3]);
    CHECK((u >= 1 && u <= 300));
    CHECK(w > 200);  // only the last third has weight
    ++z[r[2]];
    CHECK(r[4] == b.Cell("p", "price", u - 1).ToText());
    if (row == 0) CHECK(r[5] == "NULL");  // a self-reference has no earlier row
    else CHECK(std::stol(r[5]) <= static_cast<long>(row));
  }
  int top = 0;
  for (const auto& [k, v] : z) top = std::max(top, v);
  CHECK(top > 10 * 5000 / 300);  // zipf: the most popular parent far above the mean
}

TEST_CASE("bad options are reported with positions and suggestions", "[gen]") {
  CHECK_THAT(Table("  a: {generator: int, mn: 1}\n").error,
             Catch::Contains("spec1.yaml:5:23: unknown option 'mn' for generator 'int' (did you mean 'min'?)"));
  CHECK_THAT(Table("  a: {generator: int, min: x}\n").error, Catch::Contains("option 'min': must be an integer"));
  CHECK_THAT(Table("  a: {generator: fullname}\n").error, Catch::Contains("did you mean 'full_name'?"));
  CHECK_THAT(Table("  a: {generator: pattern, pattern: \"[a-\"}\n").error, Catch::Contains("unclosed '['"));
  CHECK_THAT(Table("  a: {generator: choice, values: [a, b], weights: [1]}\n").error,
             Catch::Contains("has 1 weights for 2 values"));
}

}  // namespace seed::test
