// `seed-engine export` (issue 15) beyond the corpus round trips
// (tests/schemas/battery.h): the N partitions' rows are the single
// export's, byte for byte; the size cap holds and its pieces load to the
// same data; JSON Lines hold the run's rows; an earlier export is replaced;
// bad options and the production guard are refused.
#include <catch2/catch.hpp>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "tests/support/harness.h"

namespace seed::test {

namespace {

std::vector<fs::path> Files(const fs::path& dir, const std::string& ext) {
  std::vector<fs::path> out;
  for (const auto& e : fs::directory_iterator(dir))
    if (e.path().extension() == ext) out.push_back(e.path());
  std::sort(out.begin(), out.end());
  return out;
}

// The table a file holds: its name between NNN_ and the first '.'.
std::string TableOf(const fs::path& file) {
  const std::string name = file.filename().string();
  const size_t us = name.find('_'), dot = name.find('.');
  return name.substr(us + 1, dot - us - 1);
}

// Per table, the data lines of every file in name order (CSV: without the
// header).
std::map<std::string, std::string> CsvRows(const fs::path& dir) {
  std::map<std::string, std::string> rows;
  for (const fs::path& f : Files(dir, ".csv")) {
    const std::string text = ReadFile(f.string());
    rows[TableOf(f)] += text.substr(text.find('\n') + 1);
  }
  return rows;
}

std::string Export(const std::string& args) {
  Output o = Cli("export " + Specs() + " " + args);
  INFO(o.text);
  CHECK(o.code == 0);
  return o.text;
}

}  // namespace

TEST_CASE("export --partition: the rows of N workers together are the single export's, byte for byte",
          "[export]") {
  TempDir dir;
  const std::string one = (dir / "one");
  Export("--format csv --out " + one);
  const std::map<std::string, std::string> whole = CsvRows(one);
  REQUIRE(whole.size() == 6);
  for (int n : {2, 4, 8}) {
    INFO(n << " workers");
    const std::string many = dir / ("n" + std::to_string(n));
    for (int k = n - 1; k >= 0; --k)  // in any order: each writes only its own files
      Export("--format csv --out " + many + " --partition " + std::to_string(k) + "/" + std::to_string(n));
    CHECK(CsvRows(many) == whole);
    CHECK(Files(many, ".json").size() == static_cast<size_t>(n));  // a manifest per worker
  }
}

TEST_CASE("export --max-file-size: every file stays under the cap, and the pieces load to the same rows",
          "[export]") {
  TempDir dir;
  const std::string whole = dir / "whole", capped = dir / "capped";
  Export("--out " + whole);
  Export("--out " + capped + " --max-file-size 16k");
  const std::vector<fs::path> pieces = Files(capped, ".sql");
  CHECK(pieces.size() > Files(whole, ".sql").size());
  for (const fs::path& f : pieces) {
    INFO(f);
    CHECK(fs::file_size(f) <= 16 * 1024);
  }
  std::string sums[2];
  for (int i = 0; i < 2; ++i) {
    const std::string db = dir / ("db" + std::to_string(i));
    Sql(db, ReadFile(SqliteSchema()));
    const std::string cmd = "sh " + (i ? capped : whole) + "/load.sh " + db + " 2>&1";
    CHECK(std::system(cmd.c_str()) == 0);
    sums[i] = Cli("checksum " + Specs() + " --db sqlite:" + db).text;
  }
  CHECK(sums[0] == sums[1]);
  CHECK(sums[0].find("order_items 6000 ") != std::string::npos);

  Output tiny = Cli("export " + Specs() + " --out " + std::string(dir / "tiny") + " --max-file-size 100");
  CHECK(tiny.code == 1);
  CHECK(tiny.text.find("at least 4096 bytes") != std::string::npos);
}

TEST_CASE("export --format jsonl: one object per row, the run's values", "[export]") {
  TempDir dir;
  const std::string out = dir / "jsonl", db = dir / "run.db";
  Export("--format jsonl --out " + out);
  CHECK(!fs::exists(out + "/load.sh"));  // nothing to load with: the files are for tools
  Sql(db, ReadFile(SqliteSchema()));
  REQUIRE(Cli("run " + Specs() + " --db sqlite:" + db).code == 0);
  std::map<std::string, size_t> lines;
  for (const fs::path& f : Files(out, ".jsonl")) {
    std::ifstream in(f);
    for (std::string line; std::getline(in, line);) {
      const nlohmann::json row = nlohmann::json::parse(line);  // throws on a malformed line
      ++lines[TableOf(f)];
      if (TableOf(f) == "clients" && row["id"] == 7) {
        CHECK(Sql(db, "SELECT email FROM clients WHERE id = 7") ==
              std::vector<std::string>{row["email"].get<std::string>()});
        CHECK(std::stod(Sql(db, "SELECT credit_limit FROM clients WHERE id = 7").at(0)) ==
              std::stod(row["credit_limit"].get<std::string>()));  // a decimal: exact, as text
      }
    }
  }
  CHECK(lines["clients"] == 100);
  CHECK(lines["order_items"] == 6000);
}

TEST_CASE("export replaces an earlier export in its directory and refuses to mix partition counts", "[export]") {
  TempDir dir;
  const std::string out = dir / "out";
  Export("--out " + out + " --max-file-size 16k");
  const size_t capped = Files(out, ".sql").size();
  Export("--out " + out);
  CHECK(Files(out, ".sql").size() < capped);  // no stale piece left for load.sh to run
  dir.Write("out/notes.txt", "the user's own file\n");
  Export("--out " + out + " --partition 0/2");  // an unpartitioned export is replaced too
  Output mixed = Cli("export " + Specs() + " --out " + out + " --partition 0/3");
  CHECK(mixed.code == 1);
  CHECK(mixed.text.find("part of an export by 2 workers, not 3") != std::string::npos);
  CHECK(fs::exists(out + "/notes.txt"));
}

TEST_CASE("export refuses bad options with the fix, and production without the guard", "[export]") {
  TempDir dir;
  const std::string out = " --out " + std::string(dir / "o");
  struct {
    std::string args, says;
  } bad[] = {
      {"", "--out PATH"},
      {out + " --partition 4/4", "--partition 4/4: use K/N"},
      {out + " --partition x", "--partition x: use K/N"},
      {out + " --format xml", "use sql, csv or jsonl"},
      {out + " --dialect oracle", "use one of sqlite, mysql, postgres"},
      {out + " --max-file-size lots", "--max-file-size lots"},
  };
  for (const auto& b : bad) {
    Output o = Cli("export " + Specs() + b.args);
    INFO(b.args << "\n" << o.text);
    CHECK(o.code == 1);
    CHECK(o.text.find(b.says) != std::string::npos);
  }
  Output prod = Cli("export " + Specs() + out + " --env production", "env -u ALLOW_PRODUCTION_SEEDING");
  CHECK(prod.code == 5);
  CHECK(!fs::exists(dir / "o"));
}

}  // namespace seed::test
