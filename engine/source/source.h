// Real rows for a table: a CSV or JSON file, or a query against the source
// database (--source-db). Read in order, one row at a time, so memory does
// not grow with the source; columns take them with the `source` generator
// and personal ones are masked on the way (engine/pii/masker.h).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "engine/core/status.h"
#include "engine/core/value.h"
#include "engine/driver/driver.h"
#include "engine/spec/spec.h"

namespace seed {

// Bounds on one source record, so a broken or hostile file (one huge line,
// /dev/zero, deep nesting) fails fast with its file and line instead of
// filling memory or the stack. Documented in the README.
inline constexpr size_t kSourceMaxFieldBytes = size_t{1} << 20;    // a CSV field or JSON value
inline constexpr size_t kSourceMaxRecordBytes = size_t{16} << 20;  // a CSV record or JSON object
inline constexpr size_t kSourceMaxFields = 4096;                   // fields in one CSV record
inline constexpr int kSourceMaxJsonDepth = 64;                     // nested objects and arrays

class SourceReader {
 public:
  virtual ~SourceReader() = default;
  // The next row's wanted fields, in the order they were asked for (a
  // field a JSON object lacks is NULL); false at the end. Errors name the
  // file and line but never quote the data; a record past the limits
  // above is an error, not a truncation.
  virtual Result<bool> Next(std::vector<Value>& row) = 0;
};

// Opens `source` for the fields `wanted`; a field the source does not
// have is an error listing the ones it has. `db` is the --source-db
// connection (queries only), used by one reader at a time.
Result<std::unique_ptr<SourceReader>> OpenSource(const SourceSpec& source,
                                                 const std::vector<std::string>& wanted, Driver* db);

// How many rows the source has (one pass over a file, COUNT(*) for a query).
Result<uint64_t> CountSourceRows(const SourceSpec& source, Driver* db);

}  // namespace seed
