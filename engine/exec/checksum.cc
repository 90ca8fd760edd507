#include "engine/exec/checksum.h"

#include <cstdio>
#include <cstdlib>

#include "engine/core/crc32.h"

namespace seed {

void MixDigest(uint64_t& h, const char* s, size_t n) {
  for (size_t i = 0; i < n; ++i) h = (h ^ static_cast<unsigned char>(s[i])) * 0x100000001B3ull;
}

std::string NormalizeCell(const char* cell, const ColumnInfo& c) {
  if (!cell) return "\\N";
  if (c.cls == ColumnClass::kDecimal && c.scale) {
    char buf[64];
    snprintf(buf, sizeof buf, "%.*f", *c.scale, std::strtod(cell, nullptr));
    return buf;
  }
  if (c.cls == ColumnClass::kFloat) {
    char buf[64];
    snprintf(buf, sizeof buf, "%.15g", std::strtod(cell, nullptr));
    return buf;
  }
  return cell;
}

namespace {
// Up to 15 significant digits survive text -> double -> text (DBL_DIG).
constexpr int64_t kExactDigits = 1'000'000'000'000'000;
}  // namespace

uint32_t RowCrc::Of(const Value* row, const int* pick) {
  line_.clear();
  for (size_t c = 0; c < columns_.size(); ++c) {
    static const Value kNull;
    const Value& v = !pick ? row[c] : pick[c] < 0 ? kNull : row[pick[c]];
    const ColumnInfo* col = columns_[c];
    if (c) line_ += '\t';
    // Only numbers need normalizing; other cells are their own text, and
    // so is a decimal already at the column's scale whose digits a double
    // holds exactly (what NormalizeCell's round trip would print again).
    const bool plain = !col || (col->cls != ColumnClass::kDecimal && col->cls != ColumnClass::kFloat) ||
                       (v.type == Type::kDecimal && col->cls == ColumnClass::kDecimal && col->scale &&
                        v.scale == *col->scale && v.i > -kExactDigits && v.i < kExactDigits);
    if (v.is_null()) {
      line_ += "\\N";
    } else if (plain) {
      v.AppendText(line_);
    } else {
      text_.clear();
      v.AppendText(text_);
      line_ += NormalizeCell(text_.c_str(), *col);
    }
  }
  return Crc32(line_.data(), line_.size());
}

std::string TableDigest::Hex() const {
  char buf[17];
  snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(hash));
  return buf;
}

Result<TableDigest> TableChecksum(Driver& db, const std::string& table) {
  Result<TableSchema> schema = db.catalog().Inspect(table);
  if (!schema.ok()) return schema.status();
  if (!schema->exists) return Status::Db(table + ": no such table");
  std::vector<std::string> columns;
  for (const ColumnInfo& c : schema->columns) columns.push_back(c.name);
  const std::vector<std::string>& order = schema->primary_key.empty() ? columns : schema->primary_key;
  TableDigest d;
  d.hash = 0xCBF29CE484222325ull;
  Status s = db.session().Scan(RowSelection::All(table), columns, order, [&](const std::vector<const char*>& cells) {
    for (size_t i = 0; i < cells.size(); ++i) {
      const std::string t = NormalizeCell(cells[i], schema->columns[i]);
      MixDigest(d.hash, t.data(), t.size());
      MixDigest(d.hash, "\t", 1);
    }
    MixDigest(d.hash, "\n", 1);
    ++d.rows;
  });
  if (!s.ok()) return s;
  return d;
}

}  // namespace seed
