// Secret files, as the masking secret and database passwords read them.
#include <catch2/catch.hpp>
#include <cstdlib>

#include "engine/core/secret_file.h"
#include "engine/pii/masker.h"
#include "tests/support/harness.h"

namespace seed::test {

TEST_CASE("a secret file is read whole, its trailing line breaks dropped, within its bound", "[core][secrets]") {
  TempDir dir;
  dir.Write("s", "pa ss\r\n\n");
  Result<std::string> s = ReadSecretFile(dir / "s", "X_FILE", 64);
  REQUIRE(s.ok());
  CHECK(*s == "pa ss");
  Result<std::string> big = ReadSecretFile(dir / "s", "X_FILE", 4);
  REQUIRE_FALSE(big.ok());
  CHECK(big.status().message().find("pa ss") == std::string::npos);  // never the contents
  CHECK_FALSE(ReadSecretFile(dir / "missing", "X_FILE", 64).ok());
}

TEST_CASE("the masking secret from SEED_MASK_SECRET_FILE equals the same secret in SEED_MASK_SECRET",
          "[core][secrets]") {
  TempDir dir;
  dir.Write("secret", "s3cret\n");
  unsetenv("SEED_MASK_SECRET");
  setenv("SEED_MASK_SECRET_FILE", (dir / "secret").c_str(), 1);
  Result<std::string> from_file = LoadMaskSecret();
  REQUIRE(from_file.ok());
  CHECK(*from_file == "s3cret");
  dir.Write("empty", "\n");
  setenv("SEED_MASK_SECRET_FILE", (dir / "empty").c_str(), 1);
  CHECK_FALSE(LoadMaskSecret().ok());
  unsetenv("SEED_MASK_SECRET_FILE");
}

}  // namespace seed::test
