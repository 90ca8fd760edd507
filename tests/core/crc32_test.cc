#include "engine/core/crc32.h"

#include <string>

#include <catch2/catch.hpp>

namespace seed {
namespace {

uint32_t Crc(const std::string& s, uint32_t crc = 0) { return Crc32(s.data(), s.size(), crc); }

// The ledger stores these values and the MySQL driver compares them with
// the server's CRC32(): they must stay the IEEE 802.3 polynomial.
TEST_CASE("Crc32 matches the IEEE 802.3 check values") {
  CHECK(Crc("") == 0u);
  CHECK(Crc("123456789") == 0xCBF43926u);
  CHECK(Crc("The quick brown fox jumps over the lazy dog") == 0x414FA339u);
  CHECK(Crc(std::string(1, '\0')) == 0xD202EF8Du);
}

TEST_CASE("Crc32 continues across pieces as over the whole") {
  const std::string whole = "seed-engine ledger row\tline\n";
  for (size_t cut = 0; cut <= whole.size(); ++cut)
    CHECK(Crc(whole.substr(cut), Crc(whole.substr(0, cut))) == Crc(whole));
}

}  // namespace
}  // namespace seed
