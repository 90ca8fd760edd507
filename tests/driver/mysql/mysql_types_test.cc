// MySQL/MariaDB column types, as information_schema.COLUMNS.COLUMN_TYPE
// spells them, map to the engine's classes by name: no server needed.
#include <catch2/catch.hpp>

#include "engine/driver/mysql/mysql_driver.h"

namespace seed {

namespace {

ColumnInfo Classified(const std::string& column_type) {
  ColumnInfo c;
  c.declared_type = column_type;
  ClassifyMysqlType(c);
  return c;
}

}  // namespace

TEST_CASE("MySQL types are classified by name, not by substring", "[driver]") {
  const std::vector<std::pair<std::string, ColumnClass>> cases = {
      {"int(11)", ColumnClass::kInteger},          {"bigint(20) unsigned", ColumnClass::kInteger},
      {"tinyint(1)", ColumnClass::kInteger},       {"year(4)", ColumnClass::kInteger},
      {"decimal(12,2)", ColumnClass::kDecimal},    {"double", ColumnClass::kFloat},
      {"varchar(64)", ColumnClass::kText},         {"enum('a','b')", ColumnClass::kText},
      {"set('x')", ColumnClass::kText},            {"longtext", ColumnClass::kText},
      {"varbinary(16)", ColumnClass::kBlob},       {"datetime(6)", ColumnClass::kDateTime},
      {"timestamp", ColumnClass::kDateTime},       {"date", ColumnClass::kDate},
      {"time(3)", ColumnClass::kTime},
      // Names that hold another type's name, which substring matching took
      // for integers, dates or text.
      {"point", ColumnClass::kOther},              {"multipoint", ColumnClass::kOther},
      {"linestring", ColumnClass::kOther},         {"geometry", ColumnClass::kOther},
      {"bit(1)", ColumnClass::kOther},             {"inet6", ColumnClass::kOther},
  };
  for (const auto& [type, cls] : cases) {
    INFO(type);
    CHECK(Classified(type).cls == cls);
  }
  CHECK(Classified("bigint(20) unsigned").is_unsigned);
  CHECK_FALSE(Classified("int(11)").is_unsigned);
}

}  // namespace seed
