// Export: the rows a run would insert, streamed into files instead of a
// connection (`seed-engine export`). One file per table in dependency order
// (a NOT NULL cycle group shares one, its transaction), cut at a size cap
// into pieces that each load on their own; references a second pass fills
// are NULL in the data and set by a last UPDATE script, as in a run. With
// a partition k/N, only rows [k*n/N, (k+1)*n/N) of each table: the union
// of the N exports is the single export's rows.
//
// Files are named so that loading every *.sql script in name order loads
// the whole: NNN_table[.pKofN].MMM.{sql,csv,jsonl} (a CSV's load
// statements beside it in .load.sql), then NNN_second-pass... Each is
// written under a temporary name and renamed when complete.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "engine/core/log.h"
#include "engine/core/status.h"
#include "engine/driver/dialect.h"
#include "engine/driver/driver.h"
#include "engine/exec/partition.h"
#include "engine/gen/generator.h"
#include "engine/plan/plan.h"

namespace seed {

enum class ExportFormat { kSql, kCsv, kJsonl };
std::optional<ExportFormat> ParseExportFormat(std::string_view name);  // sql, csv, jsonl

struct ExportOptions {
  std::string dir;
  ExportFormat format = ExportFormat::kSql;
  const Dialect* dialect = nullptr;  // sql and csv
  size_t batch_rows = 5000;          // rows generated per batch
  size_t statement_rows = 1000;      // SQL: rows per INSERT
  uint64_t max_file_bytes = 0;       // 0: no cap
  Partition partition;
};

// What the export writes of a table. Without a database: every written
// spec column, classes unknown, the sequence column as the key.
struct ExportTable {
  std::vector<int> write;  // spec column indexes
  std::vector<const ColumnInfo*> info;  // per written column; null without a database
  std::vector<std::string> key;  // the primary key: the second pass's WHERE
  std::string sequence;  // a key column a sequence generates
  std::optional<TableSchema> schema;
};

// The tables of `plan` as a database (catalog may be null) has them; drift
// is Code::kDrift.
Result<std::map<std::string, ExportTable>> ExportTables(const Plan& plan, Catalog* catalog);
// Keys above the rows a database holds (session null: keys as generated).
Result<KeyBases> ExportKeyBases(const Plan& plan, const std::map<std::string, ExportTable>& tables,
                                Session* session);

struct ExportFile {
  std::string name;
  std::string table;  // the tables it holds, joined by '+'
  uint64_t rows = 0, bytes = 0;
};

struct ExportSummary {
  std::vector<ExportFile> files;
  uint64_t rows = 0, skipped = 0;
  int64_t ms = 0;
  bool interrupted = false;
};

class Exporter {
 public:
  Exporter(const Plan& plan, const std::map<std::string, ExportTable>& tables, const KeyBases& keys,
           ExportOptions options, Log& log);
  // Writes the files, then manifest[tag].json and (sql, csv) load.sh.
  Result<ExportSummary> Run();

 private:
  class Output;
  struct Unit;
  Status WriteUnit(const Unit& unit, size_t number, ExportSummary& sum);
  Status WriteSecondPass(size_t number, ExportSummary& sum);
  Status WriteManifest(const ExportSummary& sum) const;
  Status WriteWhole(const std::string& name, const std::string& text) const;
  Status WriteLoadScript() const;
  Status RemoveEarlierExport() const;

  const Plan& plan_;
  const std::map<std::string, ExportTable>& tables_;
  const KeyBases& keys_;
  ExportOptions options_;
  Log& log_;
};

}  // namespace seed
