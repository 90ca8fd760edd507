#include "engine/plan/table_model.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>

#include "engine/gen/rng.h"

namespace seed {

namespace {
constexpr uint64_t kNullStream = 0x6E756C6C;  // "null": separate from value draws
}

// Builds a table's generators on demand, so a column's dependencies are
// built (and ordered) before it; detects dependency cycles between columns.
class TableCompiler : public GenEnv {
 public:
  TableCompiler(TableModel& model, const ModelIndex& tables, const Registry& registry,
                Diagnostics& diag)
      : m_(model), tables_(tables), registry_(registry), diag_(diag),
        state_(model.spec_.columns.size(), kNew) {}

  void CompileAll() {
    for (int i = 0; i < static_cast<int>(m_.spec_.columns.size()); ++i) ColumnGenerator(i);
  }

  const std::string& table() const override { return m_.spec_.table; }
  int ColumnIndex(std::string_view c) const override { return m_.ColumnIndex(c); }
  std::vector<std::string> ColumnNames() const override { return m_.ColumnNames(); }
  std::vector<std::string> TableNames() const override {
    std::vector<std::string> out;
    for (const auto& [k, v] : tables_) out.push_back(k);
    return out;
  }
  const TableSource* Table(std::string_view name) const override {
    auto it = tables_.find(name);
    return it == tables_.end() ? nullptr : it->second;
  }
  const TableSource* ParentTable() const override { return m_.parent_; }
  int64_t MaxChildren() const override { return m_.spec_.children ? m_.spec_.children->max : 0; }

  Result<std::vector<std::string>> DataFile(const std::string& path) const override {
    const std::filesystem::path full = std::filesystem::path(m_.spec_.dir) / path;
    std::ifstream in(full);
    if (!in) return Status::Spec("cannot read data file '" + full.string() + "'");
    std::vector<std::string> lines;
    for (std::string line; std::getline(in, line);) {
      while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
      if (!line.empty() && line[0] != '#') lines.push_back(line);
    }
    return lines;
  }

  int SourceField(const std::string& field) override {
    if (!m_.spec_.source) return -1;
    auto& f = m_.source_fields_;
    auto it = std::find(f.begin(), f.end(), field);
    if (it != f.end()) return static_cast<int>(it - f.begin());
    f.push_back(field);
    return static_cast<int>(f.size() - 1);
  }

  const Generator* ColumnGenerator(int i) override {
    if (i < 0 || i >= static_cast<int>(state_.size())) return nullptr;
    if (state_[i] == kDone) return m_.columns_[i].gen.get();
    if (state_[i] == kFailed) return nullptr;
    const ColumnSpec& col = m_.spec_.columns[i];
    if (state_[i] == kBuilding) {
      diag_.SpecError(m_.spec_.table + "." + col.name +
                          ": columns depend on each other in a cycle through '" + col.name + "'",
                      col.mark);
      state_[i] = kFailed;
      return nullptr;
    }
    state_[i] = kBuilding;
    std::unique_ptr<Generator> gen = Build(col);
    if (state_[i] == kFailed || !gen) {
      state_[i] = kFailed;
      return nullptr;
    }
    auto& c = m_.columns_[i];
    c.gen = std::move(gen);
    c.null_rate = col.nullable ? col.null_rate : 0;
    c.null_key = ColumnKey(m_.seed_ ^ kNullStream, m_.spec_.table, col.name);
    // Closure: the dependencies' closures, then this column.
    for (int d : c.gen->traits().depends)
      for (int x : m_.columns_[d].closure)
        if (std::find(c.closure.begin(), c.closure.end(), x) == c.closure.end())
          c.closure.push_back(x);
    c.closure.push_back(i);
    for (int x : c.closure) c.needs_parent = c.needs_parent || m_.columns_[x].gen->traits().needs_parent;
    m_.order_.push_back(i);
    state_[i] = kDone;
    return c.gen.get();
  }

 private:
  enum State { kNew, kBuilding, kDone, kFailed };

  std::unique_ptr<Generator> Build(const ColumnSpec& col) {
    const std::string where = m_.spec_.table + "." + col.name;
    if (col.generator.empty()) return nullptr;  // reported by the spec loader
    const GeneratorInfo* info = registry_.Find(col.generator);
    if (!info) {
      diag_.SpecError(where + ": unknown generator '" + col.generator + "'" +
                          DidYouMean(col.generator, registry_.Names()),
                      col.generator_mark);
      return nullptr;
    }
    std::set<std::string> reserved(ColumnKeys().begin(), ColumnKeys().end());
    Options options(&col.node, col.mark, &diag_, reserved, &info->options);
    GenArgs args;
    args.column = where;
    args.mark = col.mark;
    args.key = ColumnKey(m_.seed_, m_.spec_.table, col.name);
    args.rows = m_.rows_;
    args.unique = col.unique;
    args.pii = col.pii ? &*col.pii : nullptr;
    args.masker = m_.masker_;
    args.environment = m_.env_;
    args.options = &options;
    args.env = this;
    std::unique_ptr<Generator> gen = info->factory(args);
    options.ReportUnknown(col.generator, gen != nullptr);
    if (!gen) return nullptr;
    const GenTraits& t = gen->traits();
    if (col.unique && !t.unique) {
      args.Error("generator '" + col.generator + "' cannot guarantee unique values");
      return nullptr;
    }
    if (col.unique && t.distinct && *t.distinct < m_.rows_) {
      args.Error("unique column needs " + std::to_string(m_.rows_) + " values but generator '" +
                 col.generator + "' can produce only " + std::to_string(*t.distinct));
      return nullptr;
    }
    return gen;
  }

  TableModel& m_;
  const ModelIndex& tables_;
  const Registry& registry_;
  Diagnostics& diag_;
  std::vector<State> state_;
};

TableModel::TableModel(const TableSpec& spec, size_t ordinal, uint64_t seed, uint64_t rows)
    : spec_(spec), ordinal_(ordinal), seed_(seed), rows_(rows), columns_(spec.columns.size()) {}

TableModel::~TableModel() = default;

void TableModel::Bind(const ModelIndex& tables, const Registry& registry, Diagnostics& diag) {
  tables_ = &tables, registry_ = &registry, diag_ = &diag;
}

void TableModel::Compile() {
  if (stage_ != Stage::kNew || !tables_) return;
  stage_ = Stage::kCompiling;
  const ModelIndex& tables = *tables_;
  Diagnostics& diag = *diag_;
  if (spec_.children) {
    auto it = tables.find(spec_.children->parent);
    if (it == tables.end()) {
      std::vector<std::string> names;
      for (const auto& [k, v] : tables) names.push_back(k);
      diag.SpecError(spec_.table + ": children.of names unknown table '" +
                         spec_.children->parent + "'" + DidYouMean(spec_.children->parent, names),
                     spec_.children->mark);
    } else {
      parent_ = it->second;
      const ChildrenSpec& c = *spec_.children;
      const uint64_t p = parent_->RowCount();
      if (rows_ > 0 && (p == 0 || rows_ < p * c.min || rows_ > p * c.max))
        diag.SpecError(spec_.table + ": " + std::to_string(rows_) + " rows cannot be spread over " +
                           std::to_string(p) + " " + c.parent + " rows at " +
                           std::to_string(c.min) + " to " + std::to_string(c.max) +
                           " per parent; adjust count or children.min/max",
                       c.mark);
      else if (rows_ > 0)
        children_ = std::make_unique<ChildMap>(ColumnKey(seed_, spec_.table, "#children"), p,
                                               rows_, c.min, c.max, c.weights);
    }
  }
  TableCompiler compiler(*this, tables, *registry_, diag);
  compiler.CompileAll();
  stage_ = Stage::kDone;
  for (const UniqueSpec& u : spec_.unique) {
    std::vector<std::string> names;
    for (const auto& [name, mark] : u.columns) {
      if (ColumnIndex(name) < 0) {
        diag.SpecError(spec_.table + ": unique names unknown column '" + name + "'" +
                           DidYouMean(name, ColumnNames()), mark);
        names.clear();
        break;
      }
      names.push_back(name);
    }
    if (names.empty()) continue;
    if (std::string why = WhyNotDistinct(names); !why.empty())
      diag.SpecError(spec_.table + ": unique " + KeyList(names) + ": " + why, u.mark);
  }
}

std::string TableModel::WhyNotDistinct(const std::vector<std::string>& columns) const {
  bool parent_key = false, per_parent = false;
  for (const std::string& name : columns) {
    const int c = ColumnIndex(name);
    const Generator* g = c < 0 ? nullptr : columns_[c].gen.get();
    if (!g) return "";  // not generated here (or already reported): nothing to prove
    if (g->traits().unique) return "";  // NULLs never collide in a unique key
    parent_key = parent_key || g->traits().parent_key;
    per_parent = per_parent || g->traits().distinct_per_parent;
  }
  if (parent_key && per_parent) return "";
  if (columns.size() == 1) return "its generator does not make it distinct by construction; add `unique: true`";
  return "the generators do not make the combination distinct by construction; add `unique: true` to one"
         " of its columns, or make the rows children of one column's table (children: {of: ...}, that"
         " column `parent`) and give another column {generator: reference, ..., distinct: per_parent}"
         " or child_index";
}

// "(a, b)" for messages.
std::string KeyList(const std::vector<std::string>& columns) {
  std::string list;
  for (const std::string& c : columns) list += (list.empty() ? "" : ", ") + c;
  return "(" + list + ")";
}

const GenTraits* TableModel::ColumnTraits(int column) const {
  // A referencing table may ask before this one's turn: build it now. While
  // it is being built (mutual references) the traits are not known yet.
  if (stage_ == Stage::kNew) const_cast<TableModel*>(this)->Compile();
  if (column < 0 || column >= static_cast<int>(columns_.size())) return nullptr;
  const Generator* g = columns_[column].gen.get();
  return g ? &g->traits() : nullptr;
}

bool TableModel::FromSource(int column) const {
  if (!ColumnTraits(column)) return false;
  for (int x : columns_[column].closure)
    if (columns_[x].gen && columns_[x].gen->FromSource()) return true;
  return false;
}

int TableModel::ColumnIndex(std::string_view column) const {
  for (size_t i = 0; i < spec_.columns.size(); ++i)
    if (spec_.columns[i].name == column) return static_cast<int>(i);
  return -1;
}

std::vector<std::string> TableModel::ColumnNames() const {
  std::vector<std::string> out;
  for (const ColumnSpec& c : spec_.columns) out.push_back(c.name);
  return out;
}

std::vector<std::string> TableModel::ReferencedTables() const {
  std::vector<std::string> out;
  if (parent_) out.push_back(parent_->name());
  for (const Column& c : columns_)
    if (c.gen && c.gen->LinkedTable() &&
        std::find(out.begin(), out.end(), c.gen->LinkedTable()->name()) == out.end())
      out.push_back(c.gen->LinkedTable()->name());
  return out;
}

GenContext TableModel::Context(uint64_t row, ChildMap::Cursor& cursor, const Value* values) const {
  GenContext ctx;
  ctx.row = row;
  ctx.values = values;
  if (children_) {
    const ChildMap::Location loc = children_->Locate(row, cursor);
    ctx.parent_row = loc.parent_row;
    ctx.child_ordinal = loc.ordinal;
  }
  return ctx;
}

void TableModel::EvalColumn(int i, const GenContext& ctx, Value& out) const {
  const Column& c = columns_[i];
  if (c.null_rate > 0 && Unit(Draw(c.null_key, ctx.row)) < c.null_rate) {
    out.SetNull();
    return;
  }
  c.gen->Generate(ctx, out);
  if (ctx.keys && out.type == Type::kInt)
    if (const KeyBases::Key& k = ctx.keys->Get(ordinal_); k.column == i) out.i += k.base;
}

void TableModel::GenerateRow(uint64_t row, RowState& state, Value* values) const {
  GenContext ctx = Context(row, state.cursor, values);
  ctx.source = state.source;
  ctx.keys = state.keys;
  for (int i : order_) EvalColumn(i, ctx, values[i]);
}

void TableModel::ValueAt(int column, uint64_t row, const KeyBases* keys, Value& out) const {
  const Column& c = columns_[column];
  // Locating the parent lays out a block of the child map: skip it unless
  // the column's closure reads the parent.
  GenContext ctx;
  ctx.row = row;
  if (c.needs_parent) {
    ChildMap::Cursor cursor;
    ctx = Context(row, cursor, nullptr);
  }
  ctx.keys = keys;
  if (c.closure.size() == 1) {  // common case: a key column with no dependencies
    EvalColumn(column, ctx, out);
    return;
  }
  std::vector<Value> values(columns_.size());
  ctx.values = values.data();
  for (int i : c.closure) EvalColumn(i, ctx, values[i]);
  out = std::move(values[column]);
}

}  // namespace seed
