// CHECK constraints as bounds on a column's numbers, from the text each
// database reports (SQLite's DDL, MariaDB's CHECK_CLAUSE, PostgreSQL's
// pg_get_constraintdef), so that init fits generators inside them and the
// drift check refuses a spec that would break them.
#include <catch2/catch.hpp>

#include "engine/driver/schema.h"

namespace seed {

namespace {

TableSchema Table() {
  TableSchema t;
  for (const char* name : {"qty", "discount", "price", "rating", "note"}) {
    ColumnInfo c;
    c.name = name;
    t.columns.push_back(c);
  }
  return t;
}

}  // namespace

TEST_CASE("CHECK clauses become bounds: comparisons, BETWEEN, casts, reversed operands", "[driver]") {
  TableSchema t = Table();
  const std::string ddl =
      "CREATE TABLE x (qty INTEGER CHECK (qty > 0), discount REAL, price NUMERIC(10,2),"
      " rating INT, note TEXT CHECK (note IN ('a', 'b(c)')),"
      " CONSTRAINT d CHECK ((\"discount\" >= 0) AND (discount <= 1)), CHECK (rating BETWEEN 1 AND 5))";
  const std::vector<std::string> clauses = CheckClauses(ddl);
  REQUIRE(clauses.size() == 4);
  CHECK(clauses[1] == "note IN ('a', 'b(c)')");
  for (const std::string& c : clauses) ApplyCheckBounds(c, t);
  ApplyCheckBounds("CHECK ((price >= (0)::numeric))", t);  // PostgreSQL's form
  ApplyCheckBounds("10000 > `price`", t);                  // MariaDB's quoting, reversed
  const ColumnInfo& qty = t.columns[0];
  CHECK((qty.check_min && *qty.check_min == 0 && qty.check_min_open && !qty.check_max));
  CHECK((t.columns[1].check_min == 0.0L && t.columns[1].check_max == 1.0L && !t.columns[1].check_max_open));
  CHECK((t.columns[2].check_min == 0.0L && t.columns[2].check_max == 10000.0L && t.columns[2].check_max_open));
  CHECK((t.columns[3].check_min == 1.0L && t.columns[3].check_max == 5.0L));
  CHECK((!t.columns[4].check_min && !t.columns[4].check_max));
}

TEST_CASE("CHECK clauses with OR or NOT bound nothing", "[driver]") {
  TableSchema t = Table();
  ApplyCheckBounds("qty < 0 OR qty > 10", t);
  ApplyCheckBounds("NOT (rating > 5)", t);
  CHECK((!t.columns[0].check_min && !t.columns[0].check_max && !t.columns[3].check_max));
}

}  // namespace seed
