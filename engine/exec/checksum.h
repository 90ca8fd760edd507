// A table's content checksum that is equal across databases for equal
// data: rows in primary-key order, each cell normalized by its column's
// class (decimals at the column's scale, so SQLite's REAL 12.5 and
// MariaDB's "12.50" agree), hashed with FNV-1a. Used by tests, by
// `seed-engine checksum`, and to compare runs.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "engine/core/status.h"
#include "engine/core/value.h"
#include "engine/driver/driver.h"

namespace seed {

struct TableDigest {
  uint64_t rows = 0;
  uint64_t hash = 0;
  std::string Hex() const;
};

Result<TableDigest> TableChecksum(Driver& db, const std::string& table);

// The canonical text of one cell as a database returns it (nullptr = NULL).
std::string NormalizeCell(const char* cell, const ColumnInfo& column);
// FNV-1a step over n bytes.
void MixDigest(uint64_t& h, const char* s, size_t n);

// One generated row's CRC-32 in the ledger's batch digest format: the
// cells' text joined by tabs, NULL as \N, decimals and floats as
// NormalizeCell prints them for `columns` (null: text as is).
class RowCrc {
 public:
  explicit RowCrc(std::vector<const ColumnInfo*> columns) : columns_(std::move(columns)) {}
  // Cell i is row[pick[i]] (row[i] when pick is null; NULL where pick[i]
  // is -1).
  uint32_t Of(const Value* row, const int* pick = nullptr);

 private:
  std::vector<const ColumnInfo*> columns_;
  std::string text_, line_;
};

}  // namespace seed
