// Generator behaviour a spec author relies on: ranges, formats, null rates,
// weights, uniqueness by construction, determinism, references, children,
// lookups and option errors. Built through the real spec + plan pipeline.
#include <algorithm>
#include <catch2/catch.hpp>
#include <cctype>
#include <cmath>
#include <map>
#include <memory>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include "engine/plan/plan.h"
#include "engine/spec/spec_loader.h"
#include "engine/spec/yaml_loader.h"
#include "tests/support/seeded.h"

namespace seed {

namespace {

// Every cell of rows [from, to) as canonical text ("NULL" for NULL), generated
// in sequence with one RowState.
std::vector<std::vector<std::string>> Rows(const TableModel& m, uint64_t from, uint64_t to) {
  std::vector<std::vector<std::string>> out;
  std::vector<Value> v(m.column_count());
  TableModel::RowState state;
  for (uint64_t r = from; r < to; ++r) {
    m.GenerateRow(r, state, v.data());
    std::vector<std::string> row;
    for (const Value& x : v) row.push_back(x.is_null() ? "NULL" : x.ToText());
    out.push_back(std::move(row));
  }
  return out;
}

// Values of one column over rows [0, n) as text.
std::vector<std::string> Texts(const Seeded& s, const std::string& column, uint64_t n) {
  std::vector<std::string> out;
  out.reserve(n);
  const TableModel& m = s.model("t");
  const int c = s.col("t", column);
  Value v;
  for (uint64_t r = 0; r < n; ++r) {
    m.ValueAt(c, r, nullptr, v);
    out.push_back(v.is_null() ? "NULL" : v.ToText());
  }
  return out;
}

bool AllDistinct(std::vector<std::string> v) {
  std::sort(v.begin(), v.end());
  return std::adjacent_find(v.begin(), v.end()) == v.end();
}

// Each pattern compiled once: thousands of rows are matched against a
// dozen patterns, and compiling a std::regex costs far more than a match.
const std::regex& Compiled(const char* re) {
  static std::map<std::string, std::regex> cache;
  auto it = cache.find(re);
  if (it == cache.end()) it = cache.emplace(re, std::regex(re)).first;
  return it->second;
}
bool Matches(const std::string& s, const char* re) { return std::regex_match(s, Compiled(re)); }

}  // namespace

// ---- ranges -----------------------------------------------------------------

TEST_CASE("int, decimal, date, datetime and time stay within [min, max]", "[gen]") {
  auto s = T("  i: {generator: int, min: 5, max: 9}\n"
             "  d: {generator: decimal, min: 2.00, max: 60.00}\n"
             "  day: {generator: date, from: 2024-02-27, to: 2024-03-02}\n"
             "  at: {generator: datetime, from: \"2023-12-31 23:59:00\", to: \"2024-01-01 00:00:30\"}\n"
             "  tm: {generator: time, from: \"09:30:00\", to: \"17:15:00\"}\n",
             10000);
  REQUIRE(s->error == "");
  int64_t day_lo, day_hi, at_lo, at_hi, tm_lo, tm_hi;
  REQUIRE(ParseDate("2024-02-27", day_lo));
  REQUIRE(ParseDate("2024-03-02", day_hi));
  REQUIRE(ParseDateTime("2023-12-31 23:59:00", at_lo));
  REQUIRE(ParseDateTime("2024-01-01 00:00:30", at_hi));
  REQUIRE(ParseTime("09:30:00", tm_lo));
  REQUIRE(ParseTime("17:15:00", tm_hi));
  std::set<int64_t> ints, days;
  for (uint64_t r = 0; r < 10000; ++r) {
    const Value i = s->Cell("t", "i", r), d = s->Cell("t", "d", r), day = s->Cell("t", "day", r),
                at = s->Cell("t", "at", r), tm = s->Cell("t", "tm", r);
    REQUIRE(i.type == Type::kInt);
    REQUIRE(d.type == Type::kDecimal);
    REQUIRE(day.type == Type::kDate);
    REQUIRE(at.type == Type::kDateTime);
    REQUIRE(tm.type == Type::kTime);
    CHECK((i.i >= 5 && i.i <= 9));
    CHECK(d.scale == 2);  // the scale of "2.00" / "60.00"
    CHECK((d.i >= 200 && d.i <= 6000));
    CHECK((day.i >= day_lo && day.i <= day_hi));
    CHECK((at.i >= at_lo && at.i <= at_hi));
    CHECK((tm.i >= tm_lo && tm.i <= tm_hi));
    ints.insert(i.i);
    days.insert(day.i);
  }
  // Both ends are reachable (inclusive ranges).
  CHECK(ints == std::set<int64_t>{5, 6, 7, 8, 9});
  CHECK(days.size() == 5);  // 2024 is a leap year: Feb 27, 28, 29, Mar 1, 2
  CHECK(Matches(s->Cell("t", "d", 0).ToText(), R"(\d+\.\d\d)"));
}

// ---- formats ----------------------------------------------------------------

TEST_CASE("email, phone, uuid, sku, license, pattern, zip and ipv4 formats", "[gen]") {
  auto s = T("  name: full_name\n"
             "  e: email\n"
             "  e_name: {generator: email, from: name}\n"
             "  e_dom: {generator: email, domain: [shop.test]}\n"
             "  phone: phone\n"
             "  u: uuid\n"
             "  sku: sku\n"
             "  lic: license_number\n"
             "  loc: {generator: pattern, pattern: \"WH[1-5]-A[0-3][0-9]\"}\n"
             "  st: {generator: state, abbr: true}\n"
             "  zip: {generator: zip, state: st}\n"
             "  ip: ipv4\n",
             2000);
  REQUIRE(s->error == "");
  const auto rows = Rows(s->model("t"), 0, 2000);
  std::set<std::string> default_domains;
  for (const auto& row : rows) {
    INFO(row[1] << " | " << row[2] << " | " << row[3]);
    // Default domains are example.com / .net / .org.
    std::smatch m;
    REQUIRE(std::regex_match(row[2], m, Compiled(R"([a-z0-9._%+-]+@(example\.(com|net|org)))")));
    default_domains.insert(m[1]);
    CHECK(Matches(row[4], R"([a-z0-9._%+-]+@shop\.test)"));
    // from: name -> the local part contains the last name's slug.
    REQUIRE(Matches(row[3], R"([a-z0-9._%+-]+@example\.(com|net|org))"));
    std::string last = row[1].substr(row[1].rfind(' ') + 1), slug;
    for (char c : last)
      if (std::isalnum(static_cast<unsigned char>(c))) slug += static_cast<char>(std::tolower(c));
    CHECK(row[3].substr(0, row[3].find('@')).find(slug) != std::string::npos);
    CHECK(Matches(row[5], R"(\([2-9]\d\d\) [2-9]\d\d-\d{4})"));
    CHECK(row[6].size() == 36);
    CHECK(row[6][14] == '4');
    CHECK(std::string("89ab").find(row[6][19]) != std::string::npos);
    CHECK(Matches(row[6], R"([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})"));
    CHECK(Matches(row[7], R"(SKU-\d{8})"));
    CHECK(Matches(row[8], R"(C11-\d{7}-LIC)"));
    CHECK(Matches(row[9], R"(WH[1-5]-A[0-3][0-9])"));
    CHECK(Matches(row[10], R"([A-Z]{2})"));
    CHECK(Matches(row[11], R"(\d{5})"));
    REQUIRE(std::regex_match(row[12], m, Compiled(R"((\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3}))")));
    for (int k = 1; k <= 4; ++k) CHECK(std::stoi(m[k]) <= 255);
  }
  CHECK(default_domains.size() == 3);
  // zip follows its state: New York ZIPs are 100xx..149xx, Alaska 995xx..999xx.
  int checked = 0;
  for (const auto& row : rows) {
    if (row[10] == "NY") {
      CHECK((row[11] >= "10000" && row[11] <= "14999"));
      ++checked;
    }
    if (row[10] == "AK") {
      CHECK((row[11] >= "99500" && row[11] <= "99999"));
      ++checked;
    }
  }
  CHECK(checked > 0);
}

// ---- null rate --------------------------------------------------------------

TEST_CASE("null_rate gives its share of NULLs, nullable: false gives none", "[gen]") {
  auto s = T("  a: {generator: int, min: 1, max: 9, null_rate: 0.25}\n"
             "  b: {generator: word, nullable: false}\n"
             "  c: {generator: int, min: 1, max: 9}\n",
             20000);
  REQUIRE(s->error == "");
  long nulls = 0, other_nulls = 0;
  for (uint64_t r = 0; r < 20000; ++r) {
    nulls += s->Cell("t", "a", r).is_null();
    other_nulls += s->Cell("t", "b", r).is_null() + s->Cell("t", "c", r).is_null();
  }
  CHECK(nulls >= 0.22 * 20000);
  CHECK(nulls <= 0.28 * 20000);
  CHECK(other_nulls == 0);
}

// ---- choice -----------------------------------------------------------------

TEST_CASE("choice follows its weights and keeps numbers typed", "[gen]") {
  auto s = T("  c: {generator: choice, values: [gold, tin], weights: [90, 10]}\n"
             "  n: {generator: choice, values: [10, 20, 30]}\n",
             20000);
  REQUIRE(s->error == "");
  long first = 0;
  std::set<int64_t> ns;
  for (uint64_t r = 0; r < 20000; ++r) {
    const Value c = s->Cell("t", "c", r), n = s->Cell("t", "n", r);
    CHECK((c.s == "gold" || c.s == "tin"));
    first += c.s == "gold";
    REQUIRE(n.type == Type::kInt);
    ns.insert(n.i);
  }
  CHECK(first >= 0.87 * 20000);
  CHECK(first <= 0.93 * 20000);
  CHECK(ns == std::set<int64_t>{10, 20, 30});
}

// ---- uniqueness by construction ---------------------------------------------

TEST_CASE("unique int, sku and digits hold 1,000,000 distinct values", "[gen][slow]") {
  const uint64_t n = 1000000;
  auto s = T("  i: {generator: int, min: 1, max: 2000000, unique: true}\n"
             "  sku: {generator: sku, unique: true}\n"
             "  dg: {generator: digits, length: 9, unique: true}\n",
             n);
  REQUIRE(s->error == "");
  const TableModel& m = s->model("t");
  const int ci = s->col("t", "i"), cs = s->col("t", "sku"), cd = s->col("t", "dg");
  std::vector<int64_t> ints(n);
  std::vector<std::string> skus(n), digits(n);
  std::vector<Value> v(m.column_count());
  TableModel::RowState state;
  for (uint64_t r = 0; r < n; ++r) {
    m.GenerateRow(r, state, v.data());
    ints[r] = v[ci].i;
    skus[r] = v[cs].s;
    digits[r] = v[cd].s;
  }
  std::sort(ints.begin(), ints.end());
  CHECK(std::adjacent_find(ints.begin(), ints.end()) == ints.end());
  CHECK(ints.front() >= 1);
  CHECK(ints.back() <= 2000000);
  CHECK(AllDistinct(std::move(skus)));
  CHECK(digits[0].size() == 9);
  CHECK(AllDistinct(std::move(digits)));
}

TEST_CASE("uuid values are distinct over 200,000 rows", "[gen]") {
  auto s = T("  u: uuid\n", 200000);
  REQUIRE(s->error == "");
  CHECK(AllDistinct(Texts(*s, "u", 200000)));
}

TEST_CASE("a unique column its generator cannot fill fails at plan time", "[gen]") {
  auto s = T("  col: {generator: choice, values: [a, b], unique: true}\n", 500);
  CHECK_THAT(s->error, Catch::Contains("t.col") && Catch::Contains("500") && Catch::Contains("only 2"));
  CHECK(s->plan != nullptr);
  CHECK_THAT(T("  s: {generator: sku, digits: 2, unique: true}\n", 101)->error,
             Catch::Contains("t.s") && Catch::Contains("101") && Catch::Contains("only 100"));
  CHECK_THAT(T("  d: {generator: date, from: 2024-01-01, to: 2024-01-31, unique: true}\n", 32)->error,
             Catch::Contains("t.d") && Catch::Contains("only 31"));
  // At exactly its capacity a unique column uses every value once.
  CHECK(T("  col: {generator: choice, values: [a, b], unique: true}\n", 2)->error == "");
  auto full = T("  s: {generator: sku, digits: 2, unique: true}\n", 100);
  REQUIRE(full->error == "");
  const auto skus = Texts(*full, "s", 100);
  CHECK(AllDistinct(skus));
  CHECK(std::set<std::string>(skus.begin(), skus.end()).count("SKU-00") == 1);
}

// ---- determinism ------------------------------------------------------------

TEST_CASE("the same spec and seed give the same rows, another seed changes them", "[gen]") {
  const std::string cols =
      "  n: full_name\n  e: {generator: email, from: n}\n  d: {generator: decimal, min: 0.00, max: 99.99}\n"
      "  day: date\n  u: uuid\n  c: {generator: choice, values: [a, b, c, d], null_rate: 0.1}\n";
  auto a = T(cols), b = T(cols);
  PlanOptions other;
  other.seed = 7;
  auto c = T(cols, 1000, other);
  REQUIRE((a->error.empty() && b->error.empty() && c->error.empty()));
  const auto ra = Rows(a->model("t"), 0, 1000), rb = Rows(b->model("t"), 0, 1000),
             rc = Rows(c->model("t"), 0, 1000);
  CHECK(ra == rb);
  int differ = 0;
  for (size_t r = 0; r < ra.size(); ++r) differ += ra[r] != rc[r];
  CHECK(differ > 950);
}

TEST_CASE("decimal distributions read mean and stddev in the column's units", "[gen]") {
  auto s = Seed({
      "table: t\ncount: 4000\ncolumns:\n"
      "  n: {generator: decimal, min: 0.00, max: 15.00, distribution: normal, mean: 7.5, stddev: 1}\n"
      "  e: {generator: decimal, min: 10.0, max: 500.0, distribution: exponential, mean: 60}\n",
  });
  REQUIRE(s->error == "");
  double n_sum = 0, n_sq = 0, e_sum = 0;
  for (const std::string& v : Texts(*s, "n", 4000)) n_sum += std::stod(v), n_sq += std::stod(v) * std::stod(v);
  for (const std::string& v : Texts(*s, "e", 4000)) e_sum += std::stod(v);
  const double mean = n_sum / 4000, sd = std::sqrt(n_sq / 4000 - mean * mean);
  CHECK(mean == Approx(7.5).margin(0.1));
  CHECK(sd == Approx(1.0).margin(0.1));
  CHECK(e_sum / 4000 == Approx(60).margin(4));  // the mean itself, not min + mean
}

TEST_CASE("a row range generated alone equals the same rows of a sequential pass", "[gen]") {
  auto s = Seed({
      "table: p\ncount: 200\ncolumns:\n  id: sequence\n  name: full_name\n",
      "table: k\ncount: 1000\nchildren: {of: p, min: 1, max: 9}\ncolumns:\n  id: sequence\n"
      "  p_id: parent\n  nth: child_index\n  who: {generator: lookup, via: p_id, column: name}\n"
      "  x: {generator: int, min: 1, max: 1000000}\n  tag: {template: \"{p_id}-{nth}\"}\n",
  });
  REQUIRE(s->error == "");
  const TableModel& k = s->model("k");
  const auto full = Rows(k, 0, 1000);
  const auto alone = Rows(k, 500, 600);
  REQUIRE(alone.size() == 100);
  for (size_t r = 0; r < 100; ++r) CHECK(alone[r] == full[500 + r]);
  // Backwards, one fresh state per row, and through ValueAt.
  for (uint64_t r = 999; r >= 900; --r) {
    CHECK(Rows(k, r, r + 1)[0] == full[r]);
    Value v;
    k.ValueAt(s->col("k", "tag"), r, nullptr, v);
    CHECK(v.ToText() == full[r][5]);
  }
}

// ---- references, children, lookups ------------------------------------------

TEST_CASE("references point at the target's ids, zipf is skewed", "[gen]") {
  auto s = Seed({
      "table: p\ncount: 300\ncolumns:\n  id: {generator: sequence, start: 1001}\n",
      "table: r\ncount: 20000\ncolumns:\n  id: sequence\n"
      "  u: {generator: reference, table: p}\n"
      "  z: {generator: reference, table: p, distribution: zipf}\n",
  });
  REQUIRE(s->error == "");
  std::set<int64_t> ids;
  for (uint64_t r = 0; r < 300; ++r) ids.insert(s->Cell("p", "id", r).i);
  std::map<int64_t, int> uniform, zipf;
  for (uint64_t r = 0; r < 20000; ++r) {
    const Value u = s->Cell("r", "u", r), z = s->Cell("r", "z", r);
    CHECK(ids.count(u.i) == 1);
    CHECK(ids.count(z.i) == 1);
    ++uniform[u.i], ++zipf[z.i];
  }
  auto top = [](const std::map<int64_t, int>& m) {
    int t = 0;
    for (const auto& [k, n] : m) t = std::max(t, n);
    return t;
  };
  const double mean = 20000.0 / 300;
  CHECK(top(zipf) > 5 * mean);
  CHECK(top(uniform) < 2 * mean);
  CHECK(uniform.size() > 290);  // uniform covers (nearly) every target row
}

TEST_CASE("a self-reference picks earlier rows and row 0 is NULL", "[gen]") {
  auto s = T("  boss: {generator: reference, table: t}\n", 5000);
  REQUIRE(s->error == "");
  CHECK(s->Cell("t", "boss", 0).is_null());
  for (uint64_t r = 1; r < 5000; ++r) {
    const Value b = s->Cell("t", "boss", r);
    if (b.is_null()) continue;
    INFO("row " << r);
    CHECK(b.i >= 1);
    CHECK(b.i < s->Cell("t", "id", r).i);  // an earlier row's id
  }
}

TEST_CASE("children spread over every parent 1..3 times, lookups copy the parent row", "[gen]") {
  auto s = Seed({
      "table: p\ncount: 300\ncolumns:\n  id: sequence\n  price: {generator: decimal, min: 1.00, max: 9.00}\n"
      "  name: product_name\n",
      "table: k\ncount: 600\nchildren: {of: p, min: 1, max: 3}\ncolumns:\n  id: sequence\n"
      "  p_id: parent\n  nth: child_index\n",
      "table: o\ncount: 3000\ncolumns:\n  id: sequence\n  p_id: {generator: reference, table: p}\n"
      "  price: {generator: lookup, via: p_id, column: price}\n"
      "  name: {generator: lookup, via: p_id, column: name}\n",
  });
  REQUIRE(s->error == "");
  REQUIRE(s->plan->Find("k")->rows == 600);
  std::map<int64_t, std::vector<int64_t>> kids;  // parent id -> child_index values
  for (const auto& row : Rows(s->model("k"), 0, 600)) kids[std::stoll(row[1])].push_back(std::stoll(row[2]));
  REQUIRE(kids.size() == 300);
  CHECK(kids.begin()->first == 1);
  CHECK(kids.rbegin()->first == 300);
  size_t total = 0;
  for (const auto& [parent, nths] : kids) {
    INFO("parent " << parent);
    CHECK((nths.size() >= 1 && nths.size() <= 3));
    total += nths.size();
    std::vector<int64_t> sorted = nths, expect;
    std::sort(sorted.begin(), sorted.end());
    for (size_t i = 1; i <= nths.size(); ++i) expect.push_back(static_cast<int64_t>(i));
    CHECK(sorted == expect);  // child_index counts 1, 2, ... under each parent
  }
  CHECK(total == 600);

  const TableModel& p = s->model("p");
  const int pid = s->col("p", "id"), pprice = s->col("p", "price"), pname = s->col("p", "name");
  for (uint64_t r = 0; r < 3000; ++r) {
    const int64_t target = s->Cell("o", "p_id", r).i;
    // The target row whose id the reference holds.
    Value id, price, name;
    p.ValueAt(pid, static_cast<uint64_t>(target - 1), nullptr, id);
    REQUIRE(id.i == target);
    p.ValueAt(pprice, static_cast<uint64_t>(target - 1), nullptr, price);
    p.ValueAt(pname, static_cast<uint64_t>(target - 1), nullptr, name);
    CHECK(s->Cell("o", "price", r).ToText() == price.ToText());
    CHECK(s->Cell("o", "name", r).ToText() == name.ToText());
  }
}

// ---- option errors ----------------------------------------------------------

TEST_CASE("bad generator options are reported with suggestions", "[gen]") {
  CHECK_THAT(T("  a: {generator: int, mn: 1, max: 5}\n")->error,
             Catch::Contains("unknown option 'mn'") && Catch::Contains("did you mean 'min'?"));
  CHECK_THAT(T("  a: {generator: int, min: five, max: 9}\n")->error, Catch::Contains("must be an integer"));
  CHECK_THAT(T("  a: {generator: emial}\n")->error,
             Catch::Contains("unknown generator 'emial'") && Catch::Contains("did you mean 'email'?"));
  CHECK_THAT(T("  a: {generator: phnoe_number}\n")->error, Catch::Contains("unknown generator 'phnoe_number'"));
  // Errors carry the spec position: the option is on line 5.
  CHECK_THAT(T("  a: {generator: int, mn: 1, max: 5}\n")->error, Catch::StartsWith("spec.yaml:5:"));
  CHECK(T("  a: {generator: int, min: 1, max: 5}\n")->error == "");
}

}  // namespace seed

namespace seed {

TEST_CASE("size-like options have upper bounds, refused at load time with their position", "[gen]") {
  const std::vector<std::pair<std::string, std::string>> bad = {
      {"  a: {generator: sentence, max_words: 100000000}\n",
       "option 'max_words': must be between 1 and 1000, got 100000000"},
      {"  a: {generator: sentence, min_words: 0}\n", "option 'min_words': must be between 1 and 1000, got 0"},
      {"  a: {generator: paragraph, max_sentences: 1000}\n", "option 'max_sentences': must be between 1 and 100"},
      {"  a: {generator: text, max_length: 2000000}\n", "option 'max_length': must be between 1 and 1048576"},
      {"  a: {generator: text, max_length: -1}\n", "option 'max_length': must be between 1 and 1048576"},
      // 2^32 + 1 and 2^32 + 12 once narrowed to 1 and 12 and passed.
      {"  a: {generator: digits, length: 4294967297}\n", "option 'length': must be between 1 and 18"},
      {"  a: {generator: sku, digits: 4294967297}\n", "option 'digits': must be between 1 and 18"},
      {"  a: {generator: hex, length: 4294967308}\n", "option 'length': must be between 1 and 15"},
      {"  a: {generator: pattern, pattern: \"" + [] {
         std::string p;
         for (int i = 0; i < 1100; ++i) p += "[a-z]{1000}";
         return p;
       }() + "\"}\n",
       "can make values of 1100000 bytes; at most 1048576 are allowed"},
      {"  a: {generator: pattern, pattern: \"[\\u0100-\\uFFFF]\"}\n", "is larger than 4096"},
  };
  for (const auto& [cols, message] : bad) {
    INFO(cols.substr(0, 80));
    const std::string e = T(cols, 10)->error;
    CHECK_THAT(e, Catch::Contains(message) && Catch::StartsWith("spec.yaml:5:"));
  }
  auto ok = T("  a: {generator: sentence, min_words: 1000, max_words: 1000}\n"
              "  b: {generator: paragraph, max_sentences: 100}\n"
              "  c: {generator: text, max_length: 1048576}\n",
              5);
  REQUIRE(ok->error == "");
  const std::string a = ok->Text("t", "a", 0);
  CHECK(std::count(a.begin(), a.end(), ' ') == 999);
}

TEST_CASE("patterns treat UTF-8 characters and high code points as whole characters", "[gen]") {
  // "[a-\x7f]" once looped forever (a signed char cannot pass 127).
  auto d = T("  a: {generator: pattern, pattern: \"[a-\\x7f]{4}\"}\n"
             "  b: {generator: pattern, pattern: \"[à-å]{3}\", unique: true}\n"
             "  c: {generator: pattern, pattern: \"xé?\"}\n",
             200);
  REQUIRE(d->error == "");
  std::set<std::string> b_values;
  bool short_c = false, long_c = false;
  for (uint64_t r = 0; r < 200; ++r) {
    const std::string a = d->Text("t", "a", r);
    CHECK(a.size() == 4);
    for (unsigned char ch : a) CHECK((ch >= 'a' && ch <= 0x7f));
    const std::string b = d->Text("t", "b", r);
    CHECK(b.size() == 6);  // three 2-byte letters
    for (size_t i = 0; i < b.size(); i += 2) CHECK((b.substr(i, 2) >= "à" && b.substr(i, 2) <= "å"));
    b_values.insert(b);
    const std::string c = d->Text("t", "c", r);
    CHECK((c == "x" || c == "xé"));
    short_c |= c == "x", long_c |= c == "xé";
  }
  CHECK(b_values.size() == 200);  // unique: 6^3 = 216 values
  CHECK((short_c && long_c));
}

TEST_CASE("date_offset refuses offsets that leave years 0001..9999", "[gen]") {
  const std::string d = "  d: {generator: date, from: 2020-01-01, to: 2024-12-31}\n";
  const std::string dt = "  dt: {generator: datetime}\n";
  CHECK_THAT(T(d + "  o: {generator: date_offset, column: d, max: 100000000000000}\n")->error,
             Catch::Contains("option 'max': must be between -3652058 and 3652058, got 100000000000000 (days") &&
                 Catch::StartsWith("spec.yaml:6:"));
  CHECK_THAT(T(d + "  o: {generator: date_offset, column: d, max: 3000000}\n")->error,
             Catch::Contains("option 'max': moves 'd' (2020-01-01 .. 2024-12-31) outside years 0001..9999"));
  CHECK_THAT(T(d + "  o: {generator: date_offset, column: d, min: -800000}\n")->error,
             Catch::Contains("option 'min': moves 'd'"));
  CHECK_THAT(T(dt + "  o: {generator: date_offset, column: dt, unit: seconds, max: 9000000000000000000}\n")->error,
             Catch::Contains("option 'max': must be between"));
  CHECK_THAT(T(d + "  o: {generator: date_offset, column: d, min: 5, max: 1}\n")->error,
             Catch::Contains("must not be less than min"));
  // Offsets of offsets: the bounds carry over, so the second is refused.
  CHECK_THAT(T("  a: {generator: date, from: 9000-01-01, to: 9000-12-31}\n"
               "  b: {generator: date_offset, column: a, min: 300000, max: 300000}\n"
               "  c: {generator: date_offset, column: b, max: 100000}\n")
                 ->error,
             Catch::Contains("option 'max': moves 'b'") && Catch::StartsWith("spec.yaml:7:"));
  // Year 0000 parses but no column holds it.
  CHECK_THAT(T("  a: {generator: date, from: 0000-01-01}\n")->error, Catch::Contains("in years 0001..9999"));
  // A base of unknown range (an expression): results past 9999-12-31 are NULL.
  auto e = T("  d: {generator: date, from: 2024-03-01, to: 2024-03-01}\n"
             "  e: {expr: \"d + 0\"}\n"
             "  o: {generator: date_offset, column: e, min: 2913112, max: 2913114}\n",
             300);
  REQUIRE(e->error == "");
  std::set<std::string> seen;
  for (uint64_t r = 0; r < 300; ++r) seen.insert(e->Text("t", "o", r));
  CHECK(seen == std::set<std::string>{"9999-12-30", "9999-12-31", "NULL"});
}

TEST_CASE("int ranges as wide as int64 build, reversed ones are refused", "[gen]") {
  auto d = T("  a: {generator: int, min: -9223372036854775808, max: 9223372036854775807}\n", 100);
  REQUIRE(d->error == "");
  CHECK(d->Cell("t", "a", 0).type == Type::kInt);
  CHECK_THAT(T("  a: {generator: int, min: 5, max: 1}\n")->error, Catch::Contains("must not be less than min"));
}

TEST_CASE("the catalogue holds at least 40 generators, each with a summary", "[gen]") {
  const Registry& r = Registry::Default();
  CHECK(r.all().size() >= 40);
  for (const GeneratorInfo& g : r.all()) CHECK(!g.summary.empty());
}

}  // namespace seed
