// Generator: produces one column's value for a row as a pure function of
// (column key, row index, earlier columns of the same row). Generators are
// built once per run by a factory from the registry, are immutable after
// construction and are safe to call from several threads at once.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/core/status.h"
#include "engine/core/value.h"
#include "engine/gen/options.h"

namespace seed {

class Generator;
class Masker;
struct GenTraits;
struct PiiRule;

// Run state that generation reads as an input: where each table's seeded
// keys start (the key base: seeded sequence keys go above the rows a table
// already holds, and references to it follow). Indexed by the table's
// ordinal in the plan. Filled by the executor (or rollback) from the
// ledger and the live tables before any row is generated; read-only, and
// so safe to share between generator threads, from then on.
class KeyBases {
 public:
  struct Key {
    int column = -1;  // the key column; -1: the table's keys are as generated
    int64_t base = 0;
  };
  void Set(size_t table, int column, int64_t base) {
    if (keys_.size() <= table) keys_.resize(table + 1);
    keys_[table] = {column, base};
  }
  const Key& Get(size_t table) const {
    static const Key kNone;
    return table < keys_.size() ? keys_[table] : kNone;
  }
  bool operator==(const KeyBases& o) const {
    if (keys_.size() != o.keys_.size()) return false;
    for (size_t i = 0; i < keys_.size(); ++i)
      if (keys_[i].column != o.keys_[i].column || keys_[i].base != o.keys_[i].base) return false;
    return true;
  }

 private:
  std::vector<Key> keys_;
};

// Everything a generator may read for one row.
struct GenContext {
  uint64_t row = 0;                 // 0-based row index in its table
  const Value* values = nullptr;    // the row so far, indexed by column
  uint64_t parent_row = 0;          // children tables: the parent's row index
  uint64_t child_ordinal = 0;       // children tables: 0-based index under the parent
  const Value* source = nullptr;    // tables with a source: the row's source fields
  const KeyBases* keys = nullptr;   // the run's key bases; null: keys as generated
};

// Another table's rows, regenerated on demand (references and lookups need
// no database queries: a parent's row i is a pure function too).
class TableSource {
 public:
  virtual ~TableSource() = default;
  virtual const std::string& name() const = 0;
  virtual uint64_t RowCount() const = 0;
  virtual int ColumnIndex(std::string_view column) const = 0;  // -1 if none
  // The value of `column` in row `row`, keys placed by `keys` (may be
  // null). Thread-safe.
  virtual void ValueAt(int column, uint64_t row, const KeyBases* keys, Value& out) const = 0;
  virtual std::vector<std::string> ColumnNames() const = 0;
  // What the column's generator produces; nullptr if it failed to build.
  // May build the table's generators first (they are built on demand).
  virtual const GenTraits* ColumnTraits(int column) const = 0;
  // Whether the column's value comes from real source rows (then ValueAt
  // cannot compute it).
  virtual bool FromSource(int column) const = 0;
};

// What a factory may consult while building a generator.
class GenEnv {
 public:
  virtual ~GenEnv() = default;
  virtual const std::string& table() const = 0;
  virtual int ColumnIndex(std::string_view column) const = 0;  // -1 if none
  virtual std::vector<std::string> ColumnNames() const = 0;
  // The generator of a column of the same table, built on demand; nullptr
  // if it failed or would form a cycle (already reported).
  virtual const Generator* ColumnGenerator(int column) = 0;
  // A table by name, nullptr if no spec defines it.
  virtual const TableSource* Table(std::string_view name) const = 0;
  virtual std::vector<std::string> TableNames() const = 0;
  // The parent table of a children table, nullptr otherwise.
  virtual const TableSource* ParentTable() const = 0;
  // A children table's most rows under one parent (children.max); 0 when
  // the table has no parent.
  virtual int64_t MaxChildren() const = 0;
  // Lines of a data file, path relative to the spec's directory.
  virtual Result<std::vector<std::string>> DataFile(const std::string& path) const = 0;
  // The index of a source field in GenContext::source (asked for once per
  // column), or -1 when the table has no source.
  virtual int SourceField(const std::string& field) = 0;
};

// What the planner and validator learn about a generator's output.
struct GenTraits {
  Type type = Type::kString;
  size_t max_length = 0;              // longest text form in characters; 0 = unknown
  std::optional<uint64_t> distinct;   // how many distinct values exist; nullopt = unbounded
  bool unique = false;                // values are distinct per row by construction
  std::optional<Value> min, max;      // bounds for numbers, dates, times
  std::vector<std::string> members;   // closed value set (choice), text form
  std::vector<int> depends;           // same-row columns read
  bool needs_parent = false;          // reads GenContext::parent_row / child_ordinal
  // A key sequence (start + row * step): a table's seeded keys can start
  // above the rows it already holds, by adding the key base.
  bool key_sequence = false;
  // May be written NULL and set by a second pass (it needs nothing of its
  // row but the index): how a nullable reference breaks a cycle.
  bool deferrable = false;
  // Distinct among the rows of one parent (child_index, a reference with
  // distinct: per_parent): with the parent's key, a composite key.
  bool distinct_per_parent = false;
  // The parent row's unique key (a `parent` column reading a unique column).
  bool parent_key = false;
  // Reads a reference restricted by `where` (itself or through a linked
  // column): such a column cannot be the `where` column of another.
  bool correlated = false;
};

class Generator {
 public:
  virtual ~Generator() = default;
  virtual void Generate(const GenContext& ctx, Value& out) const = 0;
  const GenTraits& traits() const { return traits_; }
  // Whether the value is read from the table's source (real data): it then
  // cannot be recomputed from the row index alone, as references need.
  virtual bool FromSource() const { return false; }
  // Reference-like generators: the parent table and the parent row chosen
  // for this row, so lookups can read other parent columns; kNoRow when
  // no row qualifies (a `where` with no match), and the value is NULL.
  static constexpr uint64_t kNoRow = UINT64_MAX;
  virtual const TableSource* LinkedTable() const { return nullptr; }
  virtual uint64_t LinkedRow(const GenContext&) const { return 0; }

 protected:
  GenTraits traits_;
};

// Input to a factory.
struct GenArgs {
  std::string column;
  Mark mark;            // the column's mark
  uint64_t key = 0;     // ColumnKey(seed, table, column)
  uint64_t rows = 0;    // rows this run generates for the table
  bool unique = false;  // the column must hold distinct values
  const PiiRule* pii = nullptr;      // the column's rule, if any
  const Masker* masker = nullptr;    // null when no secret is needed or set
  std::string environment;           // dev | staging | production
  Options* options = nullptr;
  GenEnv* env = nullptr;
  void Error(const std::string& message) const {
    options->diag().SpecError(column + ": " + message, mark);
  }
};

using GeneratorFactory = std::function<std::unique_ptr<Generator>(GenArgs&)>;

// A generator's declaration: the single source of its name, options and
// documentation (validation, `seed-engine generators NAME`, the README's
// generator table and schemas/spec.schema.json all read it).
struct GeneratorInfo {
  std::string name;
  std::string summary;  // one line, shown by `seed-engine generators` and the README
  GeneratorFactory factory;
  std::vector<OptionDecl> options = {};  // every option the factory may read
  // A table that shows the generator, sampled by `seed-engine generators
  // NAME`: column lines of a table `example` with 5 rows (one YAML line per
  // column, e.g. "price: {generator: decimal, min: 1.00, max: 99.99}"), or
  // a whole spec starting with "table:". Tables it references go in
  // example_tables, one whole spec each.
  std::string example = {};
  std::vector<std::string> example_tables = {};
  bool real_data = false;  // reads the table's source rows (real, maskable data)
  std::string group = {};  // heading in the README's table, set by the registry
};

class Registry {
 public:
  static const Registry& Default();  // every built-in generator
  void Add(GeneratorInfo info);  // in the group of the last BeginGroup()
  void BeginGroup(std::string heading) { group_ = std::move(heading); }
  const GeneratorInfo* Find(std::string_view name) const;
  std::vector<std::string> Names() const;
  const std::vector<GeneratorInfo>& all() const { return infos_; }

 private:
  std::vector<GeneratorInfo> infos_;
  std::string group_;
};

// How an option's value is written: a word ("integer", "column") or its
// values ("uniform|normal").
std::string OptionTypeWord(const OptionDecl& d);
// The README's generator table (Markdown): a row per generator, under its
// group, with its options (*optional*, defaults in parentheses).
std::string GeneratorTable(const Registry& registry);

// Whether the named generator reads real source rows (false for unknown names).
bool ReadsRealData(std::string_view generator);

// Registration hooks, one per file of generators (called by Default()).
void RegisterNumericGenerators(Registry& r);
void RegisterTemporalGenerators(Registry& r);
void RegisterTextGenerators(Registry& r);
void RegisterPersonGenerators(Registry& r);
void RegisterNetworkGenerators(Registry& r);
void RegisterLocationGenerators(Registry& r);
void RegisterRelationalGenerators(Registry& r);
void RegisterDerivedGenerators(Registry& r);
void RegisterSourceGenerators(Registry& r);

}  // namespace seed
