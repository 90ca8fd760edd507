// The ledger's row CRC, computed from generated Values, must equal the CRC
// rollback computes from the cells the database returns (NormalizeCell of
// their text): otherwise rollback takes seeded rows for changed ones.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "engine/core/crc32.h"
#include "engine/exec/checksum.h"

namespace seed::test {
namespace {

ColumnInfo NumericColumn(ColumnClass cls, std::optional<int> scale) {
  ColumnInfo c;
  c.name = "n";
  c.cls = cls;
  c.scale = scale;
  return c;
}

// The CRC of one cell as rollback reads it back: its text, normalized.
uint32_t CrcOfCell(const Value& v, const ColumnInfo& c) {
  const std::string text = v.ToText();
  const std::string cell = NormalizeCell(v.is_null() ? nullptr : text.c_str(), c);
  return Crc32(cell.data(), cell.size());
}

}  // namespace

TEST_CASE("a row's ledger CRC from its values equals the CRC of the cells the database returns",
          "[ledger]") {
  const ColumnInfo money = NumericColumn(ColumnClass::kDecimal, 2);
  const ColumnInfo whole = NumericColumn(ColumnClass::kDecimal, 0);
  const ColumnInfo ratio = NumericColumn(ColumnClass::kFloat, std::nullopt);
  std::vector<Value> values;
  for (int64_t unscaled : {int64_t{0}, int64_t{5}, int64_t{-5}, int64_t{-50}, int64_t{12345},
                           int64_t{99'999'999'999'999}, int64_t{-999'999'999'999'999},
                           int64_t{1'000'000'000'000'000}, int64_t{1'234'567'890'123'456'789}}) {
    for (int32_t scale : {0, 2, 3}) {
      Value v;
      v.SetDecimal(unscaled, scale);
      values.push_back(v);
    }
  }
  for (double f : {0.1, -2.5, 1e300, 123456789.123456789}) {
    Value v;
    v.type = Type::kFloat, v.f = f;
    values.push_back(v);
  }
  values.push_back(Value());  // NULL
  for (const ColumnInfo* column : {&money, &whole, &ratio}) {
    RowCrc crc({column});
    for (const Value& v : values) {
      INFO(v.ToText() << " into a column of class " << static_cast<int>(column->cls));
      CHECK(crc.Of(&v) == CrcOfCell(v, *column));
    }
  }
}

TEST_CASE("a row's ledger CRC takes a picked-out column as NULL", "[ledger]") {
  const std::vector<Value> row = {Value::Int(7), Value::Text("x")};
  RowCrc crc({nullptr, nullptr});
  const int pick[] = {0, -1};
  const std::string line = "7\t\\N";
  CHECK(crc.Of(row.data(), pick) == Crc32(line.data(), line.size()));
  const int swapped[] = {1, 0};
  const std::string text = "x\t7";
  CHECK(crc.Of(row.data(), swapped) == Crc32(text.data(), text.size()));
}

}  // namespace seed::test
