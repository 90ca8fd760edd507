// The PostgreSQL URL parser, type classification and placeholder
// numbering: no server needed.
#include "engine/driver/postgres/postgres_url.h"

#include <catch2/catch.hpp>

#include "engine/driver/postgres/postgres_driver.h"
#include "engine/driver/registry.h"
#include "tests/support/harness.h"

namespace seed::test {

namespace {

std::string Param(const PostgresUrl& u, const std::string& key) {
  for (const auto& [k, v] : u.ConnectParams())
    if (k == key) return v;
  return "<none>";
}

ColumnInfo Classified(const std::string& type) {
  ColumnInfo c;
  ClassifyPostgresType(c, type);
  return c;
}

}  // namespace

TEST_CASE("PostgreSQL URLs: both schemes, decoding, defaults, strict parameters",
          "[postgres][secrets]") {
  Result<PostgresUrl> u = ParsePostgresUrl(
      "postgresql://u%40x:a?b/c@d@db.example:6543/my%20db?sslmode=verify-full"
      "&sslrootcert=/ca.pem&connect-timeout=5");
  REQUIRE(u.ok());
  CHECK(u->user == "u@x");
  CHECK(u->password == "a?b/c@d");
  CHECK(u->host == "db.example");
  CHECK(u->port == 6543);
  CHECK(u->database == "my db");
  CHECK(Param(*u, "sslmode") == "verify-full");
  CHECK(Param(*u, "sslrootcert") == "/ca.pem");
  CHECK(Param(*u, "connect_timeout") == "5");
  CHECK(Param(*u, "application_name") == "seed-engine");
  CHECK(Param(*u, "password") == "a?b/c@d");
  Result<PostgresUrl> d = ParsePostgresUrl("postgres://u:p@h/db");
  REQUIRE(d.ok());
  CHECK(d->port == 5432);
  CHECK(Param(*d, "sslmode") == "prefer");
  Result<PostgresUrl> sock = ParsePostgresUrl("postgres://u:p@localhost/db?host=/run/postgresql");
  REQUIRE(sock.ok());
  CHECK(Param(*sock, "host") == "/run/postgresql");
  CHECK(ParsePostgresUrl("postgres://u:p@localhost/db?socket=/tmp/pg")->socket_dir == "/tmp/pg");
  CHECK(ParsePostgresUrl("postgres://u:p@[::1]:5433/db")->host == "::1");
  CHECK(ParsePostgresUrl("postgres://u:p@[::1]:5433/db")->port == 5433);
  for (const char* bad :
       {"postgres://u:p@h/db?sslmode=on", "postgres://u:p@h/db?ssl-mode=require",
        "postgres://u:p@h/db?connect-timeout=0", "postgres://u:p@h:99999/db",
        "postgres://u:p@h:/db", "postgres://u:p@h/", "postgres://u:p@h/db?options=-c%20x"}) {
    INFO(bad);
    CHECK_FALSE(ParsePostgresUrl(bad).ok());
  }
}

TEST_CASE("PostgreSQL passwords: URL, password-file, environment, its _FILE, then PGPASSWORD",
          "[postgres][secrets]") {
  TempDir dir;
  dir.Write("pw", "from-file\n");
  dir.Write("pw2", "from-param\n");
  unsetenv("PGPASSWORD");
  CHECK_FALSE(ParsePostgresUrl("postgres://u@h/db", "SEED_TEST_PGPW")->has_password);
  setenv("PGPASSWORD", "from-pgpassword", 1);
  CHECK(ParsePostgresUrl("postgres://u@h/db", "SEED_TEST_PGPW")->password == "from-pgpassword");
  setenv("SEED_TEST_PGPW_FILE", (dir / "pw").c_str(), 1);
  CHECK(ParsePostgresUrl("postgres://u@h/db", "SEED_TEST_PGPW")->password == "from-file");
  setenv("SEED_TEST_PGPW", "from-env", 1);
  CHECK(ParsePostgresUrl("postgres://u@h/db", "SEED_TEST_PGPW")->password == "from-env");
  CHECK(ParsePostgresUrl("postgres://u@h/db?password-file=" + dir / "pw2", "SEED_TEST_PGPW")
            ->password == "from-param");
  CHECK(ParsePostgresUrl("postgres://u:inline@h/db", "SEED_TEST_PGPW")->password == "inline");
  CHECK_FALSE(ParsePostgresUrl("postgres://u@h/db?password-file=" + dir / "missing", "").ok());
  unsetenv("SEED_TEST_PGPW");
  unsetenv("SEED_TEST_PGPW_FILE");
  unsetenv("PGPASSWORD");
}

TEST_CASE("PostgreSQL URL errors and connection failures never show the password",
          "[postgres][secrets]") {
  for (const char* url :
       {"postgres://u:Sekr3tPw@h/db?bogus=1", "postgres://u:Sekr3tPw@h:notaport/db",
        "postgres://u:Sekr3tPw@127.0.0.1:1/db?connect-timeout=2"}) {
    Result<std::unique_ptr<Driver>> d = OpenDriver(url);
    INFO(url);
    REQUIRE_FALSE(d.ok());
    CHECK(d.status().message().find("Sekr3tPw") == std::string::npos);
  }
}

TEST_CASE("PostgreSQL types are classified by their whole name, never by substring", "[postgres]") {
  const std::vector<std::pair<std::string, ColumnClass>> cases = {
      {"integer", ColumnClass::kInteger},
      {"bigint", ColumnClass::kInteger},
      {"smallint", ColumnClass::kInteger},
      {"numeric(12,2)", ColumnClass::kDecimal},
      {"numeric", ColumnClass::kDecimal},
      {"real", ColumnClass::kFloat},
      {"double precision", ColumnClass::kFloat},
      {"character varying(120)", ColumnClass::kText},
      {"character(2)", ColumnClass::kText},
      {"text", ColumnClass::kText},
      {"uuid", ColumnClass::kText},
      {"jsonb", ColumnClass::kText},
      {"bytea", ColumnClass::kBlob},
      {"date", ColumnClass::kDate},
      {"timestamp without time zone", ColumnClass::kDateTime},
      {"timestamp(3) with time zone", ColumnClass::kDateTime},
      {"time without time zone", ColumnClass::kTime},
      {"boolean", ColumnClass::kBool},
      // Names holding another type's name, and arrays of known types.
      {"interval", ColumnClass::kOther},
      {"point", ColumnClass::kOther},
      {"integer[]", ColumnClass::kOther},
      {"character varying(10)[]", ColumnClass::kOther},
      {"int4range", ColumnClass::kOther},
      {"time with time zone", ColumnClass::kOther},
  };
  for (const auto& [type, cls] : cases) {
    INFO(type);
    CHECK(Classified(type).cls == cls);
  }
  CHECK(Classified("character varying(120)").length == 120u);
  CHECK(Classified("numeric(12,2)").precision == 12);
  CHECK(Classified("numeric(12,2)").scale == 2);
  CHECK(Classified("numeric(7)").scale == 0);
  CHECK_FALSE(Classified("text").length);
}

TEST_CASE("PostgreSQL placeholders are numbered outside quotes and comments", "[postgres]") {
  CHECK(NumberPlaceholders("SELECT a FROM t WHERE b = ? AND c IN (?, ?)") ==
        "SELECT a FROM t WHERE b = $1 AND c IN ($2, $3)");
  CHECK(NumberPlaceholders("SELECT '?', \"a?\" -- ?\n, ?") == "SELECT '?', \"a?\" -- ?\n, $1");
  CHECK(NumberPlaceholders("SELECT 'it''s ?', ?") == "SELECT 'it''s ?', $1");
  CHECK(PostgresQuote("we\"ird") == "\"we\"\"ird\"");
}

}  // namespace seed::test
