// The MySQL URL parser: passwords with any character, strict parameters,
// passwords from the environment or a file.
#include <catch2/catch.hpp>

#include "engine/driver/mysql/mysql_url.h"
#include "tests/support/harness.h"

namespace seed::test {

TEST_CASE("URL parsing: unencoded '?', '/' and '@' in the password, strict parameters", "[cli][secrets]") {
  Result<MysqlUrl> u = ParseMysqlUrl("mysql://u:a?b/c@d@host:3307/db?ssl-mode=REQUIRED");
  REQUIRE(u.ok());
  CHECK(u->user == "u");
  CHECK(u->password == "a?b/c@d");
  CHECK(u->host == "host");
  CHECK(u->port == 3307);
  CHECK(u->database == "db");
  CHECK(u->ssl_mode == SslMode::kRequired);
  CHECK_FALSE(ParseMysqlUrl("mysql://u:p@h/db?ssl-mode=ON").ok());
  CHECK_FALSE(ParseMysqlUrl("mysql://u:p@h/db?sslmode=REQUIRED").ok());  // a typo must not mean "no TLS"
  CHECK_FALSE(ParseMysqlUrl("mysql://u:p@h/db?connect-timeout=0").ok());
}

TEST_CASE("passwords come from the environment or a file when the URL has none", "[cli][secrets]") {
  TempDir dir;
  dir.Write("pw", "from-file\n");
  setenv("SEED_TEST_PW_FILE", (dir / "pw").c_str(), 1);
  Result<MysqlUrl> f = ParseMysqlUrl("mysql://u@h/db", "SEED_TEST_PW");
  REQUIRE(f.ok());
  CHECK(f->password == "from-file");  // trailing newline dropped
  setenv("SEED_TEST_PW", "from-env", 1);
  CHECK(ParseMysqlUrl("mysql://u@h/db", "SEED_TEST_PW")->password == "from-env");
  CHECK(ParseMysqlUrl("mysql://u:inline@h/db", "SEED_TEST_PW")->password == "inline");
  CHECK(ParseMysqlUrl("mysql://u@h/db?password-file=" + dir / "pw", "SEED_TEST_PW")->password == "from-file");
  CHECK_FALSE(ParseMysqlUrl("mysql://u@h/db?password-file=" + dir / "missing", "").ok());
  unsetenv("SEED_TEST_PW");
  unsetenv("SEED_TEST_PW_FILE");
}

}  // namespace seed::test
