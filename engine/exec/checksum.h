// A table's content checksum that is equal across databases for equal
// data: rows in primary-key order, each cell normalized by its column's
// class (decimals at the column's scale, so SQLite's REAL 12.5 and
// MariaDB's "12.50" agree), hashed with FNV-1a. Used by tests, by
// `seed-engine checksum`, and to compare runs.
#pragma once

#include <cstdint>
#include <string>

#include "engine/core/status.h"
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

}  // namespace seed
