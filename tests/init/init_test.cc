// Bring your own database (issue 13): `init` writes specs from a live schema
// that seed with zero edits, flag every personal column and roll back to
// empty; `init --update` adds what appeared since and reports what went;
// `new` writes a spec from each template that the engine accepts.
#include <catch2/catch.hpp>
#include <set>
#include <sstream>
#include <string>

#include "engine/init/draft.h"
#include "engine/spec/spec_loader.h"
#include "engine/spec/templates.h"
#include "tests/support/harness.h"
#include "tests/support/mariadb.h"
#include "tests/support/postgres.h"

namespace seed::test {

namespace {

const char* kDemoTables[] = {"clients", "strains", "batches", "inventory_items", "orders", "order_items"};

// The columns the demo's own specs call personal (a category other than none).
std::set<std::string> DemoPersonalColumns() {
  Diagnostics diag;
  std::set<std::string> out;
  for (const TableSpec& t : LoadSpecDir(Specs(), diag))
    for (const ColumnSpec& c : t.columns)
      if (c.pii && c.pii->category != "none") out.insert(t.table + "." + c.name);
  return out;
}

// The columns a spec directory gives a pii rule.
std::set<std::string> PersonalColumns(const std::string& dir) {
  Diagnostics diag;
  std::set<std::string> out;
  for (const TableSpec& t : LoadSpecDir(dir, diag))
    for (const ColumnSpec& c : t.columns)
      if (c.pii) out.insert(t.table + "." + c.name);
  return out;
}

// Rows of every foreign key of a MariaDB database that point nowhere.
long MysqlOrphans(const ScratchDb& db) {
  const std::string keys = db.Query(
      "SELECT TABLE_NAME, COLUMN_NAME, REFERENCED_TABLE_NAME, REFERENCED_COLUMN_NAME FROM"
      " information_schema.KEY_COLUMN_USAGE WHERE TABLE_SCHEMA = DATABASE() AND REFERENCED_TABLE_NAME IS NOT NULL");
  long total = 0;
  std::istringstream lines(keys);
  for (std::string line; std::getline(lines, line);) {
    std::istringstream cells(line);
    std::string t, c, rt, rc;
    std::getline(cells, t, '\t'), std::getline(cells, c, '\t'), std::getline(cells, rt, '\t'), std::getline(cells, rc);
    total += std::stol(db.Query("SELECT COUNT(*) FROM `" + t + "` x WHERE x.`" + c + "` IS NOT NULL AND NOT EXISTS"
                                " (SELECT 1 FROM `" + rt + "` p WHERE p.`" + rc + "` = x.`" + c + "`)"));
  }
  return total;
}

// init, then validate, seed small and large, roll back: the acceptance on
// any database; `count` reads a table's row count there, `orphans` the rows
// whose foreign key points nowhere.
template <typename CountFn, typename OrphansFn>
void InitSeedsAndRollsBack(const std::string& url, const TempDir& dir, CountFn count, OrphansFn orphans) {
  const std::string specs = dir / "specs";
  const Output init = Cli("init --db " + url + " --out " + specs);
  INFO(init.text);
  REQUIRE(init.code == 0);
  for (const char* t : kDemoTables) CHECK(fs::exists(specs + "/" + t + ".yaml"));
  CHECK(fs::exists(specs + "/spec.schema.json"));
  const Output valid = Cli("validate " + specs + " --db " + url);
  INFO(valid.text);
  REQUIRE(valid.code == 0);
  for (const char* size : {"small", "large"}) {
    const Output run = Cli("run " + specs + " --db " + url + " --size " + size);
    INFO(size << "\n" << run.text);
    REQUIRE(run.code == 0);
    for (const char* t : kDemoTables) CHECK(count(t) > 0);
    CHECK(orphans() == 0);
    const Output reset = Cli("reset " + specs + " --db " + url + " --yes");
    INFO(reset.text);
    REQUIRE(reset.code == 0);
    for (const char* t : kDemoTables) CHECK(count(t) == 0);
  }
  const std::set<std::string> flagged = PersonalColumns(specs);
  for (const std::string& c : DemoPersonalColumns()) {
    INFO(c);
    CHECK(flagged.count(c));
  }
}

}  // namespace

TEST_CASE("init on the SQLite demo schema: specs that validate, seed small and large, roll back, flag PII",
          "[init][cli]") {
  TempDir dir;
  const std::string db = dir / "demo.db";
  REQUIRE(Sql(db, ReadFile(SqliteSchema())).empty());
  InitSeedsAndRollsBack("sqlite:" + db, dir, [&](const char* t) { return Count(db, t); },
                        [&] { return static_cast<long>(Sql(db, "PRAGMA foreign_key_check").size()); });
}

TEST_CASE("init on the MariaDB demo schema: specs that validate, seed small and large, roll back, flag PII",
          "[init][mysql]") {
  REQUIRE_SERVER(s);
  ScratchDb db(s, "init");
  const std::string ddl = ReadFile(kSource + "/specs/sql/terp.mysql.sql");
  REQUIRE(Client(s, ddl, db.name()).empty());
  TempDir dir;
  InitSeedsAndRollsBack(db.Url(), dir, [&](const char* t) { return std::stol(db.Query(std::string("SELECT COUNT(*) FROM ") + t)); },
                        [&] { return MysqlOrphans(db); });
}

TEST_CASE("init on the PostgreSQL demo schema: specs that validate, seed small and large, roll back, flag PII",
          "[init][postgres]") {
  REQUIRE_PG(s);
  PgScratchDb db(s, "init");
  const std::string ddl = ReadFile(kSource + "/specs/sql/terp.pg.sql");
  const std::string created = db.Query(ddl);
  INFO(created);
  REQUIRE(created.find("ERROR") == std::string::npos);
  TempDir dir;
  // PostgreSQL refuses an orphan itself: keys it checks on insert, and those
  // re-created after a bulk load, are validated then.
  InitSeedsAndRollsBack(db.Url(), dir, [&](const char* t) { return std::stol(db.Query(std::string("SELECT COUNT(*) FROM ") + t)); },
                        [] { return 0L; });
}

namespace {

// The tables of a spec directory.
std::vector<std::string> SpecTables(const std::string& dir) {
  Diagnostics diag;
  std::vector<std::string> out;
  for (const TableSpec& t : LoadSpecDir(dir, diag)) out.push_back(t.table);
  return out;
}

// init with zero edits on a schema of another domain: validate, seed at
// `sizes`, every foreign key holding (`orphans` counts rows whose key has
// no parent, across the database), reset to empty.
template <typename CountFn, typename OrphansFn>
void SampleSchemaSeeds(const std::string& url, const std::vector<std::string>& sizes, CountFn count,
                       OrphansFn orphans) {
  TempDir dir;
  const std::string specs = dir / "specs";
  const Output init = Cli("init --db " + url + " --out " + specs);
  INFO(init.text);
  REQUIRE(init.code == 0);
  CHECK(init.text.find("\n  review: ") == std::string::npos);  // every column found a generator that fits
  const Output valid = Cli("validate " + specs + " --db " + url);
  INFO(valid.text);
  REQUIRE(valid.code == 0);
  const std::vector<std::string> tables = SpecTables(specs);
  REQUIRE(tables.size() >= 8);
  for (const std::string& size : sizes) {
    const Output run = Cli("run " + specs + " --db " + url + " --size " + size);
    INFO(size << "\n" << run.text);
    REQUIRE(run.code == 0);
    CHECK(orphans() == 0);
    const Output reset = Cli("reset " + specs + " --db " + url + " --yes");
    INFO(reset.text);
    REQUIRE(reset.code == 0);
    for (const std::string& t : tables) {
      INFO(t);
      CHECK(count(t) == 0);
    }
  }
}

const char* kSampleSchemas[] = {"sakila", "chinook", "northwind"};

}  // namespace

TEST_CASE("init on Sakila, Chinook and Northwind (SQLite): seeded with zero edits, keys holding, rolled back",
          "[init][cli][slow]") {
  for (const char* name : kSampleSchemas) {
    INFO(name);
    TempDir dir;
    const std::string db = dir / "sample.db";
    const std::vector<std::string> created = Sql(db, ReadFile(kSource + "/tests/init/schemas/" + name + ".sqlite.sql"));
    REQUIRE(created.empty());
    SampleSchemaSeeds("sqlite:" + db, {"small", "large"}, [&](const std::string& t) { return Count(db, "\"" + t + "\""); },
                      [&] { return static_cast<long>(Sql(db, "PRAGMA foreign_key_check").size()); });
  }
}

TEST_CASE("init on Sakila, Chinook and Northwind (MariaDB): seeded with zero edits, keys holding, rolled back",
          "[init][mysql][slow]") {
  REQUIRE_SERVER(s);
  for (const char* name : kSampleSchemas) {
    INFO(name);
    ScratchDb db(s, name);
    const std::string created = Client(s, ReadFile(kSource + "/tests/init/schemas/" + name + ".mysql.sql"), db.name());
    INFO(created);
    REQUIRE(created.empty());
    SampleSchemaSeeds(db.Url(), {"small"},
                      [&](const std::string& t) { return std::stol(db.Query("SELECT COUNT(*) FROM `" + t + "`")); },
                      [&] { return MysqlOrphans(db); });
  }
}

TEST_CASE("init --update adds new columns and tables, keeps hand edits, reports a dropped column", "[init][cli]") {
  TempDir dir;
  const std::string db = dir / "demo.db", specs = dir / "specs", url = "sqlite:" + dir / "demo.db";
  REQUIRE(Sql(db, ReadFile(SqliteSchema())).empty());
  REQUIRE(Cli("init --db " + url + " --out " + specs).code == 0);
  // A hand edit the update must keep.
  std::string strains = ReadFile(specs + "/strains.yaml");
  const size_t at = strains.find("count: ");
  REQUIRE(at != std::string::npos);
  strains.insert(at, "# hand edit: keep me\n");
  dir.Write("specs/strains.yaml", strains);
  // A column removed by hand (the database's DEFAULT fills it) stays removed.
  std::string clients = ReadFile(specs + "/clients.yaml");
  const size_t credit = clients.find("  credit_limit:");
  REQUIRE(credit != std::string::npos);
  clients.erase(credit, clients.find('\n', credit) + 1 - credit);
  dir.Write("specs/clients.yaml", clients);
  REQUIRE(Sql(db, "ALTER TABLE clients ADD COLUMN website VARCHAR(200);"
                  "ALTER TABLE strains DROP COLUMN thc_typical;"
                  "CREATE TABLE suppliers (id INTEGER PRIMARY KEY, client_id INTEGER NOT NULL REFERENCES clients(id),"
                  " contact_email VARCHAR(190) NOT NULL UNIQUE)")
              .empty());
  const Output update = Cli("init --update --db " + url + " --out " + specs);
  INFO(update.text);
  REQUIRE(update.code == 0);
  CHECK(update.text.find("added column clients.website") != std::string::npos);
  CHECK(update.text.find("wrote " + specs + "/suppliers.yaml") != std::string::npos);
  CHECK(update.text.find("strains.thc_typical is no longer in the database") != std::string::npos);
  // Only the new things: no other column added, no other spec written.
  CHECK(update.text.find("added column", update.text.find("added column") + 1) == std::string::npos);
  CHECK(update.text.find("wrote " + specs + "/orders.yaml") == std::string::npos);
  CHECK(ReadFile(specs + "/strains.yaml").find("# hand edit: keep me") != std::string::npos);
  const std::string updated = ReadFile(specs + "/clients.yaml");
  CHECK(updated.find("  website: url") != std::string::npos);
  CHECK(updated.find("credit_limit:") == std::string::npos);
  CHECK(updated.find("created_at, website") != std::string::npos);  // the columns init has now seen
  // Reported, not rewritten: the dropped column stays until the user removes it.
  CHECK(ReadFile(specs + "/strains.yaml").find("thc_typical") != std::string::npos);
}

TEST_CASE("new writes a spec from every template that the engine validates and previews", "[init][cli]") {
  // The templates together are a spec directory of their own.
  CHECK(Cli("validate " + kSource + "/templates").code == 0);
  for (const std::string& name : TemplateNames()) {
    TempDir dir;
    const std::string specs = dir / "specs";
    // The template's references first, as the note after `new` says.
    Result<TableNames> names = SpecTableNames(FindTemplate(name)->text, name);
    REQUIRE(names.ok());
    std::vector<std::string> todo = names->referenced;
    for (size_t i = 0; i < todo.size(); ++i) {
      REQUIRE(Cli("new " + todo[i] + " --dir " + specs).code == 0);
      const Result<TableNames> more = SpecTableNames(FindTemplate(todo[i])->text, todo[i]);
      REQUIRE(more.ok());
      for (const std::string& m : more->referenced)
        if (std::find(todo.begin(), todo.end(), m) == todo.end()) todo.push_back(m);
    }
    const Output made = Cli("new my_" + name + " --template " + name + " --dir " + specs);
    INFO(name << "\n" << made.text);
    REQUIRE(made.code == 0);
    const std::string text = ReadFile(specs + "/my_" + name + ".yaml");
    CHECK(text.find("table: my_" + name) != std::string::npos);
    CHECK(text.find("$schema=spec.schema.json") != std::string::npos);
    const Output valid = Cli("validate " + specs);
    INFO(valid.text);
    CHECK(valid.code == 0);
    CHECK(Cli("preview " + specs + " --table my_" + name + " --rows 3").code == 0);
    // And against the JSON Schema `new` wrote beside it, as an editor would.
    const std::string check = "python3 " + kSource + "/tools/check_spec_schema.py " + specs + "/spec.schema.json " +
                              specs + " 2>&1";
    CHECK(std::system(check.c_str()) == 0);
  }
}

TEST_CASE("new renames references with --ref and refuses what it cannot do", "[init][cli]") {
  TempDir dir;
  const std::string specs = dir / "specs";
  const Output made = Cli("new customer_orders --template orders --ref users=customers --dir " + specs);
  INFO(made.text);
  REQUIRE(made.code == 0);
  const std::string text = ReadFile(specs + "/customer_orders.yaml");
  CHECK(text.find("table: customers") != std::string::npos);
  CHECK(text.find("table: users") == std::string::npos);
  CHECK(made.text.find("references customers, which no spec in") != std::string::npos);
  CHECK(Cli("new customer_orders --template orders --dir " + specs).code == 1);  // exists
  CHECK(Cli("new x --template ordres --dir " + specs).text.find("did you mean 'orders'") != std::string::npos);
  CHECK(Cli("new x --template orders --ref clients=x --dir " + specs).code == 1);
  CHECK(Cli("new 'bad name' --dir " + specs).code == 1);
  CHECK(Cli("new --list").text.find("product_tags") != std::string::npos);
}

TEST_CASE("drafts: junction tables, one-to-one, self-references and composite keys", "[init]") {
  auto column = [](const std::string& name, const std::string& type, bool not_null = true) {
    ColumnInfo c;
    c.name = name, c.declared_type = type, c.not_null = not_null;
    ClassifyType(c);
    return c;
  };
  LiveTable people, tags, people_tags, profiles, logins;
  people.schema = {"people", true, {column("id", "INTEGER"), column("manager_id", "INTEGER", false),
                                    column("email", "VARCHAR(100)")},
                   {{"manager_id", "people", "id", "", true}}, {{"email"}}, {"id"}};
  tags.schema = {"tags", true, {column("id", "INTEGER"), column("label", "VARCHAR(30)")}, {}, {{"label"}}, {"id"}};
  people_tags.schema = {"people_tags", true, {column("person_id", "INTEGER"), column("tag_id", "INTEGER")},
                        {{"person_id", "people", "id", "", true}, {"tag_id", "tags", "id", "", true}}, {},
                        {"person_id", "tag_id"}};
  profiles.schema = {"profiles", true, {column("person_id", "INTEGER"), column("bio", "TEXT", false)},
                     {{"person_id", "people", "id", "", true}}, {}, {"person_id"}};
  logins.schema = {"logins", true, {column("id", "INTEGER"), column("person_id", "INTEGER"),
                                    column("device", "VARCHAR(40)")},
                   {{"person_id", "people", "id", "", true}}, {{"person_id", "device"}}, {"id"}};
  const std::vector<TableDraft> d = DraftSpecs({people, tags, people_tags, profiles, logins});
  const std::string p = RenderSpec(d[0], "test"), j = RenderSpec(d[2], "test"), o = RenderSpec(d[3], "test"),
                    l = RenderSpec(d[4], "test");
  INFO(p << j << o << l);
  CHECK(p.find("manager_id: {generator: reference, table: people, null_rate: 0.1}") != std::string::npos);
  CHECK(p.find("email: {generator: email, unique: true, pii: {category: email") != std::string::npos);
  CHECK(j.find("children: {of: people, min: 0, max: 3}") != std::string::npos);
  CHECK(j.find("unique: [person_id, tag_id]") != std::string::npos);
  CHECK(j.find("person_id: parent") != std::string::npos);
  CHECK(j.find("tag_id: {generator: reference, table: tags, distinct: per_parent}") != std::string::npos);
  CHECK(o.find("children: {of: people, min: 1, max: 1}") != std::string::npos);
  CHECK(o.find("bio: {generator: text") != std::string::npos);
  CHECK(l.find("unique: [person_id, device]") != std::string::npos);
  CHECK(l.find("device: {generator: text, max_length: 40, unique: true}") == std::string::npos);
  CHECK(l.find("device: {template: \"device-{seq:08}\", unique: true}") != std::string::npos);
  CHECK(RenderSpec(d[1], "test").find("count: {small: 100, medium: 1000, large: 10000}") != std::string::npos);
  // A NOT NULL self-reference cannot be seeded as the engine draws them
  // (row 0 has no earlier row): init says so for review.
  LiveTable tree;
  tree.schema = {"nodes", true, {column("id", "INTEGER"), column("parent_id", "INTEGER")},
                 {{"parent_id", "nodes", "id", "", true}}, {}, {"id"}};
  CHECK(RenderSpec(DraftSpecs({tree})[0], "test").find("# review: a NOT NULL self-reference") != std::string::npos);
}

}  // namespace seed::test
