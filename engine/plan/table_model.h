// TableModel: one table's compiled generators. Produces any row, or any
// single cell, as a pure function of (seed, table, column, row index).
// Immutable after Compile(); GenerateRow and ValueAt are thread-safe.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine/core/status.h"
#include "engine/gen/generator.h"
#include "engine/plan/child_map.h"
#include "engine/spec/spec.h"

namespace seed {

class TableModel;
// "(a, b)": a key's columns for messages.
std::string KeyList(const std::vector<std::string>& columns);
using ModelIndex = std::map<std::string, TableModel*, std::less<>>;

class TableModel : public TableSource {
 public:
  // `ordinal`: the table's place in the plan (its KeyBases index).
  TableModel(const TableSpec& spec, size_t ordinal, uint64_t seed, uint64_t rows);
  ~TableModel() override;

  // Builds every column's generator. `tables` holds every model of the run
  // (references resolve through it); their row counts must be set already.
  // Bind first for every model, then Compile each: a table referenced before
  // its turn compiles on demand, once.
  void Bind(const ModelIndex& tables, const Registry& registry, Diagnostics& diag);
  void Compile();

  // Per-thread scratch for sequential generation (children block cache).
  struct RowState {
    ChildMap::Cursor cursor;
    const Value* source = nullptr;  // the row's source fields, tables with a source
    const KeyBases* keys = nullptr;  // the run's key bases (null: keys as generated)
  };
  // Fills values[0..columns) for `row`.
  void GenerateRow(uint64_t row, RowState& state, Value* values) const;

  // TableSource
  const std::string& name() const override { return spec_.table; }
  uint64_t RowCount() const override { return rows_; }
  int ColumnIndex(std::string_view column) const override;
  void ValueAt(int column, uint64_t row, const KeyBases* keys, Value& out) const override;
  std::vector<std::string> ColumnNames() const override;
  const GenTraits* ColumnTraits(int column) const override;
  bool FromSource(int column) const override;

  // Real rows: the fields the `source` columns read, in GenContext::source
  // order (known once compiled), and how personal ones are masked. Set
  // masking before Bind.
  const std::vector<std::string>& source_fields() const { return source_fields_; }
  void SetMasking(const Masker* masker, std::string env) { masker_ = masker, env_ = std::move(env); }

  const TableSpec& spec() const { return spec_; }
  size_t ordinal() const { return ordinal_; }
  size_t column_count() const { return spec_.columns.size(); }
  const Generator* generator(int column) const { return columns_[column].gen.get(); }
  // Tables this one reads through reference/parent generators.
  std::vector<std::string> ReferencedTables() const;
  // Whether no two rows can share their values of `columns` (a unique or
  // composite key), by construction: one column is unique, or the set
  // holds the parent's key and a column distinct per parent. "" when
  // proven (or not the spec's to prove), else why not, with the fix.
  std::string WhyNotDistinct(const std::vector<std::string>& columns) const;

 private:
  friend class TableCompiler;
  struct Column {
    std::unique_ptr<Generator> gen;
    uint64_t null_key = 0;
    double null_rate = 0;
    std::vector<int> closure;  // columns to evaluate (in order) to get this one
    bool needs_parent = false;  // some closure column reads the parent row
  };
  void EvalColumn(int column, const GenContext& ctx, Value& out) const;
  GenContext Context(uint64_t row, ChildMap::Cursor& cursor, const Value* values) const;
  std::vector<std::string> source_fields_;
  const Masker* masker_ = nullptr;
  std::string env_ = "dev";

  const TableSpec& spec_;
  size_t ordinal_;
  uint64_t seed_, rows_;
  std::vector<Column> columns_;
  std::vector<int> order_;  // evaluation order: dependencies first
  std::unique_ptr<ChildMap> children_;
  const TableModel* parent_ = nullptr;
  // Set by Compile so a table referenced before its turn builds on demand.
  enum class Stage { kNew, kCompiling, kDone } stage_ = Stage::kNew;
  const ModelIndex* tables_ = nullptr;
  const Registry* registry_ = nullptr;
  Diagnostics* diag_ = nullptr;
};

}  // namespace seed
