// Real rows through a whole run: CSV, JSON Lines and a --source-db query
// into SQLite, masked, with every output grepped for the real values.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>
#include <set>
#include <vector>

#include "tests/support/harness.h"

namespace seed::test {
namespace {

const std::string kSecret = "SEED_MASK_SECRET=test-secret-1";

struct Person {
  std::string name, email, phone, ssn;
};

std::vector<Person> People(int n) {
  std::vector<Person> out;
  for (int i = 0; i < n; ++i) {
    char phone[32], ssn[32];
    snprintf(phone, sizeof phone, "+1 (%03d) 555-%04d", 200 + i % 700, i);
    snprintf(ssn, sizeof ssn, "%03d-%02d-%04d", 100 + i % 800, 10 + i % 89, i);
    out.push_back({"Realname" + std::to_string(i) + " Surname", "real.person" + std::to_string(i) + "@realmail.org",
                   phone, ssn});
  }
  return out;
}

void WriteSources(const TempDir& dir, const std::vector<Person>& people) {
  std::string csv = "name,email,phone,ssn\n", jsonl;
  for (size_t i = 0; i < people.size(); ++i) {
    const Person& p = people[i];
    csv += "\"" + p.name + "\"," + p.email + "," + p.phone + "," + p.ssn + "\n";
    jsonl += "{\"customer_email\": \"" + p.email + "\", \"total\": " + std::to_string(10 + i) + ".50}\n";
  }
  dir.Write("specs/people.csv", csv);
  dir.Write("specs/orders.jsonl", jsonl);
  dir.Write("specs/people.yaml",
            "table: people\nsource: people.csv\ncolumns:\n  id: sequence\n"
            "  name: {generator: source, pii: {category: name}}\n"
            "  email: {generator: source, unique: true, pii: {category: email, strategy: {dev: fake, staging: partial}}}\n"
            "  phone: {generator: source, pii: {category: phone, strategy: {dev: partial}}}\n"
            "  ssn: {generator: source, pii: {category: national_id, strategy: {dev: hash}}}\n");
  dir.Write("specs/orders.yaml",
            "table: orders\nsource: orders.jsonl\ncolumns:\n  id: sequence\n"
            "  customer_email: {generator: source, pii: {category: email}}\n"
            "  total: {generator: source}\n");
  dir.Write("schema.sql",
            "CREATE TABLE people (id INTEGER PRIMARY KEY, name TEXT NOT NULL, email TEXT NOT NULL UNIQUE,"
            " phone TEXT, ssn TEXT);\n"
            "CREATE TABLE orders (id INTEGER PRIMARY KEY, customer_email TEXT NOT NULL, total DECIMAL(10,2));\n");
}

// Every real value that must not leave the source.
bool Leaks(const std::string& text, const std::vector<Person>& people, std::string& which) {
  for (const Person& p : people)
    for (const std::string* v : {&p.name, &p.email, &p.phone, &p.ssn})
      if (text.find(*v) != std::string::npos) return which = *v, true;
  return false;
}

}  // namespace

TEST_CASE("real rows from CSV and JSON Lines are masked, no real value reaches any output", "[pii][source]") {
  TempDir dir;
  const std::vector<Person> people = People(2000);
  WriteSources(dir, people);
  const std::string db = dir / "t.db";
  Output run = Cli("run " + dir / "specs" + " --db sqlite:" + db + " --schema " + dir / "schema.sql" +
                       " --log-format json --log-file " + dir / "run.log",
                   kSecret);
  INFO(run.text);
  REQUIRE(run.code == 0);
  CHECK(Count(db, "people") == 2000);
  CHECK(Count(db, "orders") == 2000);
  // The log names masked columns and counts, never values.
  CHECK(run.text.find("\"pii.masked\"") != std::string::npos);
  CHECK(run.text.find("\"email\":\"fake\"") != std::string::npos);

  std::string dump;
  for (const std::string& row : Sql(db, "SELECT * FROM people")) dump += row + "\n";
  for (const std::string& row : Sql(db, "SELECT * FROM orders")) dump += row + "\n";
  const Output preview = Cli("preview " + dir / "specs" + " --table people --rows 50", kSecret);
  const Output audit = Cli("audit " + dir / "specs");
  std::string which;
  for (const std::string* out : std::vector<const std::string*>{&run.text, &dump, &preview.text, &audit.text}) {
    INFO(which);
    CHECK_FALSE(Leaks(*out, people, which));
  }
  CHECK_FALSE(Leaks(ReadFile(dir / "run.log"), people, which));

  // The ledger's pii trail lists every personal column the run wrote, with
  // its strategy and source, and no value; nor does anything built on it.
  const Output trail = Cli("audit --runs --format json --db sqlite:" + db);
  REQUIRE(trail.code == 0);
  const nlohmann::json runs = nlohmann::json::parse(trail.text, nullptr, false);
  REQUIRE(runs.is_array());
  REQUIRE(runs.size() == 1);
  std::set<std::string> written;
  for (const auto& c : runs[0]["columns"]) {
    CHECK(c["action"] == "written");
    written.insert(c["table"].get<std::string>() + "." + c["column"].get<std::string>() + " " +
                   c["strategy"].get<std::string>() + " " + c["origin"].get<std::string>());
  }
  CHECK(written == std::set<std::string>{
                       "people.name fake source file people.csv, field name",
                       "people.email fake source file people.csv, field email",
                       "people.phone partial source file people.csv, field phone",
                       "people.ssn hash source file people.csv, field ssn",
                       "orders.customer_email fake source file orders.jsonl, field customer_email",
                       "orders.total verbatim source file orders.jsonl, field total"});
  CHECK(runs[0]["user"].get<std::string>().size() > 0);
  CHECK(runs[0]["host"].get<std::string>().size() > 0);
  const Output trail_md = Cli("audit --runs --db sqlite:" + db);
  const Output record = Cli("audit " + dir / "specs" + " --compliance --db sqlite:" + db);
  const Output record_json = Cli("audit " + dir / "specs" + " --compliance --format json --db sqlite:" + db);
  const Output status = Cli("status " + dir / "specs" + " --db sqlite:" + db);
  for (const Output* out : {&trail, &trail_md, &record, &record_json, &status}) {
    INFO(out->text);
    CHECK(out->code == 0);
    CHECK_FALSE(Leaks(out->text, people, which));
  }
  CHECK(record.text.find("| people | email | email | fake | partial | redact |") != std::string::npos);
  CHECK(record.text.find("orders.total (all): real data without a pii rule is copied verbatim") != std::string::npos);

  // Joins survive: the same real email masks to the same fake in both tables.
  CHECK(Sql(db, "SELECT COUNT(*) FROM orders o JOIN people p ON p.email = o.customer_email") ==
        std::vector<std::string>{"2000"});
  CHECK(Sql(db, "SELECT COUNT(DISTINCT email) FROM people") == std::vector<std::string>{"2000"});
  // Partial phones keep their last four digits; hashes are 16 hex digits.
  CHECK(Sql(db, "SELECT phone FROM people WHERE id = 8")[0].substr(13) == people[7].phone.substr(13));
  CHECK(Sql(db, "SELECT COUNT(*) FROM people WHERE length(ssn) = 16") == std::vector<std::string>{"2000"});

  // Deterministic: another run, same rows; another secret, other rows.
  const std::string db2 = dir / "t2.db", db3 = dir / "t3.db";
  REQUIRE(Cli("run " + dir / "specs" + " --db sqlite:" + db2 + " --schema " + dir / "schema.sql", kSecret).code == 0);
  CHECK(Sql(db2, "SELECT * FROM people") == Sql(db, "SELECT * FROM people"));
  REQUIRE(Cli("run " + dir / "specs" + " --db sqlite:" + db3 + " --schema " + dir / "schema.sql",
              "SEED_MASK_SECRET=other").code == 0);
  CHECK(Sql(db3, "SELECT email FROM people WHERE id = 1") != Sql(db, "SELECT email FROM people WHERE id = 1"));
}

TEST_CASE("real data: no secret, keep outside production, unruled personal columns are refused", "[pii][source]") {
  TempDir dir;
  WriteSources(dir, People(10));
  const std::string db = dir / "t.db", args = "run " + dir / "specs" + " --db sqlite:" + db;
  Output no_secret = Cli(args, "SEED_MASK_SECRET=");
  CHECK(no_secret.code == 1);
  CHECK(no_secret.text.find("SEED_MASK_SECRET") != std::string::npos);
  // Reviewing specs needs no secret: validate and plan print no values.
  CHECK(Cli("validate " + dir / "specs", "SEED_MASK_SECRET=").code == 0);
  CHECK(Cli("plan " + dir / "specs", "SEED_MASK_SECRET=").code == 0);

  dir.Write("specs/orders.yaml",
            "table: orders\nsource: orders.jsonl\ncolumns:\n  id: sequence\n"
            "  customer_email: {generator: source, pii: {category: email, strategy: keep, reason: needed}}\n"
            "  total: {generator: source}\n");
  Output keep = Cli(args, kSecret);
  CHECK(keep.code == 1);
  CHECK(keep.text.find("orders.yaml:5:") != std::string::npos);
  CHECK(keep.text.find("not allowed in dev") != std::string::npos);

  dir.Write("specs/orders.yaml",
            "table: orders\nsource: orders.jsonl\ncolumns:\n  id: sequence\n"
            "  customer_email: {generator: source}\n  total: {generator: source}\n");
  Output unruled = Cli(args, kSecret);
  CHECK(unruled.code == 1);
  CHECK(unruled.text.find("orders.customer_email: real values of a personal-looking column") != std::string::npos);
  CHECK_FALSE(std::filesystem::exists(db));
}

TEST_CASE("production: refused without ALLOW_PRODUCTION_SEEDING and --yes, then reference tables only,"
          " real values kept only where the rule says keep", "[pii][source]") {
  TempDir dir;
  dir.Write("specs/regions.csv", "code,manager_email\nWEST,boss.west@realcorp.com\nEAST,boss.east@realcorp.com\n");
  dir.Write("specs/regions.yaml",
            "table: regions\nreference_data: true\nsource: regions.csv\ncolumns:\n"
            "  code: {generator: source}\n"
            "  manager_email: {generator: source, pii: {category: email, strategy: {production: keep},"
            " reason: \"operators contact them\"}}\n");
  dir.Write("specs/people.yaml", "table: people\ncount: 5\ncolumns:\n  id: sequence\n");
  dir.Write("schema.sql", "CREATE TABLE regions (code TEXT PRIMARY KEY, manager_email TEXT);\n"
                          "CREATE TABLE people (id INTEGER PRIMARY KEY);\n");
  const std::string db = dir / "t.db";
  const std::string args = "run " + dir / "specs" + " --env production --db sqlite:" + db + " --schema " + dir / "schema.sql";
  CHECK(Cli(args).code == 5);
  CHECK(Cli(args, "ALLOW_PRODUCTION_SEEDING=true").code == 5);  // --yes still needed
  CHECK(Cli(args + " --yes").code == 5);
  CHECK_FALSE(std::filesystem::exists(db));
  Output ok = Cli(args + " --yes", "ALLOW_PRODUCTION_SEEDING=true");
  INFO(ok.text);
  REQUIRE(ok.code == 0);
  CHECK(Sql(db, "SELECT manager_email FROM regions ORDER BY code") ==
        std::vector<std::string>{"boss.east@realcorp.com", "boss.west@realcorp.com"});
  CHECK(Count(db, "people") == 0);
  CHECK(ok.text.find("kept as is (production keep): manager_email") != std::string::npos);
  CHECK(ok.text.find("production seeding authorized") != std::string::npos);
}

TEST_CASE("a source query on --source-db: rows streamed and masked", "[pii][source]") {
  TempDir dir;
  const std::string src = dir / "source.db";
  Sql(src, "CREATE TABLE customers (full_name TEXT, mail TEXT)");
  std::string insert = "INSERT INTO customers VALUES ";
  for (int i = 0; i < 3000; ++i) insert += std::string(i ? "," : "") + "('Real Name " + std::to_string(i) + "', 'real" + std::to_string(i) + "@mail.net')";
  Sql(src, insert);
  dir.Write("specs/clients.yaml",
            "table: clients\nsource: {query: \"SELECT full_name, mail FROM customers WHERE mail LIKE 'real%'\"}\n"
            "columns:\n  id: sequence\n"
            "  name: {generator: source, field: full_name, pii: {category: name}}\n"
            "  email: {generator: source, field: mail, pii: {category: email}}\n");
  dir.Write("schema.sql", "CREATE TABLE clients (id INTEGER PRIMARY KEY, name TEXT, email TEXT);\n");
  const std::string db = dir / "t.db";
  Output no_db = Cli("run " + dir / "specs" + " --db sqlite:" + db, kSecret);
  CHECK(no_db.code == 1);
  CHECK(no_db.text.find("--source-db") != std::string::npos);
  Output run = Cli("run " + dir / "specs" + " --db sqlite:" + db + " --schema " + dir / "schema.sql" +
                       " --source-db sqlite:" + src,
                   kSecret);
  INFO(run.text);
  REQUIRE(run.code == 0);
  CHECK(Count(db, "clients") == 3000);
  CHECK(Sql(db, "SELECT COUNT(*) FROM clients WHERE email LIKE 'real%' OR name LIKE 'Real Name%'") ==
        std::vector<std::string>{"0"});
  CHECK(Sql(db, "SELECT COUNT(*) FROM clients WHERE email LIKE '%@example.%'") == std::vector<std::string>{"3000"});
}

TEST_CASE("redact and keep need no secret, redact writes its constant", "[pii][source]") {
  TempDir dir;
  dir.Write("specs/n.csv", "id,notes,memo\n1,secret note,other secret\n");
  dir.Write("specs/n.yaml",
            "table: n\nsource: n.csv\ncolumns:\n  id: source\n"
            "  notes: {generator: source, pii: {category: free_text, strategy: redact, redact_with: \"[x]\"}}\n"
            "  memo: {generator: source, pii: {category: free_text, strategy: redact}}\n");
  dir.Write("schema.sql", "CREATE TABLE n (id INTEGER PRIMARY KEY, notes TEXT, memo TEXT DEFAULT 'unset');\n");
  const std::string db = dir / "t.db";
  Output run = Cli("run " + dir / "specs" + " --db sqlite:" + db + " --schema " + dir / "schema.sql",
                   "SEED_MASK_SECRET=");
  INFO(run.text);
  REQUIRE(run.code == 0);
  CHECK(Sql(db, "SELECT id, notes, quote(memo) FROM n") == std::vector<std::string>{"1|[x]|NULL"});
}

TEST_CASE("source files: quoted fields, line breaks, NULLs and a missing field", "[source]") {
  TempDir dir;
  dir.Write("specs/notes.csv", "id,body,extra\n1,\"a, \"\"quoted\"\"\nline\",x\n2,,\"\"\n3,\\N,y\n");
  dir.Write("specs/notes.yaml",
            "table: notes\nsource: notes.csv\ncolumns:\n  id: source\n"
            "  body: {generator: source, pii: {category: none, reason: test data}}\n  extra: source\n");
  dir.Write("schema.sql", "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT, extra TEXT);\n");
  const std::string db = dir / "t.db";
  Output run = Cli("run " + dir / "specs" + " --db sqlite:" + db + " --schema " + dir / "schema.sql");
  INFO(run.text);
  REQUIRE(run.code == 0);
  CHECK(Sql(db, "SELECT id, quote(body), quote(extra) FROM notes ORDER BY id") ==
        std::vector<std::string>{"1|'a, \"quoted\"\nline'|'x'", "2|NULL|''", "3|NULL|'y'"});
  dir.Write("specs/notes.yaml", "table: notes\nsource: notes.csv\ncolumns:\n  id: source\n  bdy: source\n");
  Output missing = Cli("run " + dir / "specs" + " --db sqlite:" + db);
  CHECK(missing.code == 1);
  CHECK(missing.text.find("no field 'bdy' (it has: id, body, extra)") != std::string::npos);
}

}  // namespace seed::test
