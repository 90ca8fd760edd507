// Source readers under hostile or odd input: records past the documented
// limits are refused with file and line, quickly and without the memory to
// hold them; a quoted "\N" is text, an unquoted \N is NULL.
#include <catch2/catch.hpp>

#include <chrono>
#include <vector>

#include "engine/source/source.h"
#include "tests/support/harness.h"

namespace seed::test {
namespace {

// Opens `path` for `wanted` and reads every row; the first error's text, or
// "" with the rows in `out` (NULL as "NULL").
std::string ReadAll(const std::string& path, const std::vector<std::string>& wanted,
                    std::vector<std::string>* out = nullptr) {
  SourceSpec spec;
  spec.file = path;
  auto r = OpenSource(spec, wanted, nullptr);
  if (!r.ok()) return r.status().ToString();
  std::vector<Value> row;
  for (;;) {
    Result<bool> got = (*r)->Next(row);
    if (!got.ok()) return got.status().ToString();
    if (!*got) break;
    std::string line;
    for (const Value& v : row) line += (line.empty() ? "" : "|") + (v.is_null() ? std::string("NULL") : v.ToText());
    if (out) out->push_back(line);
  }
  return "";
}

std::string CountError(const std::string& path) {
  SourceSpec spec;
  spec.file = path;
  Result<uint64_t> n = CountSourceRows(spec, nullptr);
  return n.ok() ? "" : n.status().ToString();
}

bool Has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace

TEST_CASE("CSV: a quoted backslash-N is the text, unquoted backslash-N and empty fields are NULL", "[source]") {
  TempDir dir;
  dir.Write("n.csv", "a,b\n\\N,\"\\N\"\n,\"\"\n\"x\\N\",\\Nx\n");
  std::vector<std::string> rows;
  REQUIRE(ReadAll(dir / "n.csv", {"a", "b"}, &rows) == "");
  CHECK(rows == std::vector<std::string>{"NULL|\\N", "NULL|", "x\\N|\\Nx"});
}

TEST_CASE("CSV: a quoted backslash-N reaches SQLite as text and an unquoted one as NULL", "[source]") {
  TempDir dir;
  dir.Write("specs/t.csv", "id,v\n1,\\N\n2,\"\\N\"\n");
  dir.Write("specs/t.yaml", "table: t\nsource: t.csv\ncolumns:\n  id: source\n  v: source\n");
  dir.Write("schema.sql", "CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT);\n");
  const std::string db = dir / "t.db";
  Output run = Cli("run " + dir / "specs" + " --db sqlite:" + db + " --schema " + dir / "schema.sql");
  INFO(run.text);
  REQUIRE(run.code == 0);
  CHECK(Sql(db, "SELECT id, quote(v) FROM t ORDER BY id") == std::vector<std::string>{"1|NULL", "2|'\\N'"});
}

TEST_CASE("CSV: a line past 16 MiB is refused with file and line", "[source]") {
  TempDir dir;
  // A NUL-filled file without line breaks stands in for /dev/zero.
  dir.Write("zeros.csv", std::string(kSourceMaxRecordBytes + 10, '\0'));
  CHECK(Has(ReadAll(dir / "zeros.csv", {"a"}), "zeros.csv:1: record longer than 16 MiB"));
  dir.Write("long.csv", "a\n1\n" + std::string(kSourceMaxRecordBytes + 1, 'x') + "\n");
  CHECK(Has(ReadAll(dir / "long.csv", {"a"}), "long.csv:3: record longer than 16 MiB"));
  CHECK(Has(CountError(dir / "long.csv"), "long.csv:3: record longer than 16 MiB"));
  // Exactly at the limit is still one field too long, not a record too long.
  dir.Write("edge.csv", "a\n" + std::string(kSourceMaxRecordBytes, 'x') + "\n");
  CHECK(Has(ReadAll(dir / "edge.csv", {"a"}), "edge.csv:2: field 1 is longer than 1 MiB"));
}

TEST_CASE("CSV: an unclosed quote stops at 16 MiB and not at the end of the file", "[source]") {
  TempDir dir;
  std::string text = "a\n\"open\n";
  const std::string line(1000, 'y');
  while (text.size() <= kSourceMaxRecordBytes + 2000) text += line + "\n";
  dir.Write("open.csv", text);
  CHECK(Has(ReadAll(dir / "open.csv", {"a"}), "open.csv:2: record longer than 16 MiB, the limit for one record (an unclosed quote?)"));
  // Line breaks alone inside the quote count too.
  dir.Write("breaks.csv", "a\n\"" + std::string(kSourceMaxRecordBytes + 1, '\n'));
  CHECK(Has(ReadAll(dir / "breaks.csv", {"a"}), "breaks.csv:2: record longer than 16 MiB"));
}

TEST_CASE("CSV: a field past 1 MiB and a record of more than 4096 fields are refused", "[source]") {
  TempDir dir;
  dir.Write("field.csv", "a,b\n1,2\n3,\"" + std::string(kSourceMaxFieldBytes + 1, 'z') + "\"\n");
  CHECK(Has(ReadAll(dir / "field.csv", {"a", "b"}), "field.csv:3: field 2 is longer than 1 MiB"));
  dir.Write("ok.csv", "a,b\n3," + std::string(kSourceMaxFieldBytes, 'z') + "\n");
  CHECK(ReadAll(dir / "ok.csv", {"a", "b"}) == "");
  dir.Write("wide.csv", "a\n" + std::string(kSourceMaxFields, ',') + "\n");
  CHECK(Has(ReadAll(dir / "wide.csv", {"a"}), "wide.csv:2: more than 4096 fields in one record"));
  dir.Write("wide_ok.csv", std::string(kSourceMaxFields - 1, ',') + "\n");
  CHECK(ReadAll(dir / "wide_ok.csv", {}) == "");
}

TEST_CASE("JSON: an object past 16 MiB or a value past 1 MiB or nesting past 64 is refused", "[source]") {
  TempDir dir;
  dir.Write("big.jsonl", "{\"a\": 1}\n{\"a\": \"" + std::string(kSourceMaxRecordBytes, 'q') + "\"}\n");
  CHECK(Has(ReadAll(dir / "big.jsonl", {"a"}), "big.jsonl:2: object longer than 16 MiB"));
  CHECK(Has(CountError(dir / "big.jsonl"), "big.jsonl:2: object longer than 16 MiB"));
  dir.Write("value.jsonl", "{\"a\": \"" + std::string(kSourceMaxFieldBytes + 1, 'q') + "\"}\n");
  CHECK(Has(ReadAll(dir / "value.jsonl", {"a"}), "value.jsonl:1: field 'a' is longer than 1 MiB"));

  auto nested = [](int levels) {
    return "{\"a\": " + std::string(levels - 1, '[') + std::string(levels - 1, ']') + "}\n";
  };
  dir.Write("deep_ok.jsonl", nested(kSourceMaxJsonDepth));
  std::vector<std::string> rows;
  CHECK(ReadAll(dir / "deep_ok.jsonl", {"a"}, &rows) == "");
  CHECK(rows.size() == 1);
  dir.Write("deep.jsonl", "{\"a\": 1}\n" + nested(kSourceMaxJsonDepth + 1));
  CHECK(Has(ReadAll(dir / "deep.jsonl", {"a"}), "deep.jsonl:2: nested deeper than 64 levels"));
  // Far deeper than the stack could take; brackets inside strings do not count.
  dir.Write("bomb.json", "[{\"s\": \"[[[[{{{{\", \"a\": " + std::string(100000, '[') + "\n");
  CHECK(Has(ReadAll(dir / "bomb.json", {"a"}), "bomb.json:1: nested deeper than 64 levels"));
}

TEST_CASE("source: /dev/zero fails fast with file and line in bounded memory", "[source]") {
  TempDir dir;
  dir.Write("specs/z.yaml", "table: z\nsource: /dev/zero\ncolumns:\n  a: source\n");
  const auto start = std::chrono::steady_clock::now();
  Output run = Cli("plan " + dir / "specs");
  const auto secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  INFO(run.text);
  CHECK(run.code == 1);
  CHECK(Has(run.text, "/dev/zero:1: record longer than 16 MiB"));
  CHECK(secs < 20);  // before the limit it ran until memory gave out
}

}  // namespace seed::test
