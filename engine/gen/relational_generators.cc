// Relations between tables: reference (foreign key with a distribution),
// parent (children tables), lookup (a column of the referenced row) and
// child_index (position under the parent).
#include <algorithm>
#include <atomic>
#include <mutex>

#include "engine/gen/distribution.h"
#include "engine/gen/gen_util.h"

namespace seed {

namespace {

// The referenced column's traits become ours (type, bounds), so schema
// checks see what the foreign key really holds.
GenTraits LinkedTraits(const TableSource& t, int column) {
  GenTraits out;
  if (const GenTraits* g = t.ColumnTraits(column)) {
    out.type = g->type, out.max_length = g->max_length, out.min = g->min, out.max = g->max;
    out.correlated = g->correlated;
  } else {
    out.type = Type::kInt;
  }
  return out;
}

// A column read from a source file or query cannot be recomputed for an
// arbitrary row, as references and lookups need; say what works instead.
bool ReadsSource(GenArgs& a, const TableSource& t, int column, const std::string& key) {
  if (!t.FromSource(column)) return false;
  a.options->Error(key, "cannot read " + t.name() + "." + t.ColumnNames()[column] +
                            ": it comes from the table's source rows; give that column a generator"
                            " (e.g. sequence for a key), or read this column from a source too");
  return true;
}

// Resolves `table`.`column` options to a table and column index.
const TableSource* ReadTarget(GenArgs& a, const std::string& table_key, int& column) {
  Options& o = *a.options;
  const std::string name = o.Str(table_key, "");
  if (name.empty()) {
    o.Error(table_key, "is required: the table referenced");
    return nullptr;
  }
  const TableSource* t = a.env->Table(name);
  if (!t) {
    o.Error(table_key, "names unknown table '" + name + "'" + DidYouMean(name, a.env->TableNames()));
    return nullptr;
  }
  const std::string col = o.Str("column", "id");
  column = t->ColumnIndex(col);
  if (column < 0) {
    o.Error(o.Has("column") ? "column" : table_key,
            "table " + name + " has no column '" + col + "'" + DidYouMean(col, t->ColumnNames()));
    return nullptr;
  }
  return ReadsSource(a, *t, column, o.Has("column") ? "column" : table_key) ? nullptr : t;
}

// Whether `column` of `t`, or a column it reads, is a correlated reference
// (whose row groups would then be built from another's: refused, so
// building them never recurses).
bool ReadsCorrelated(const TableSource& t, int column, std::vector<int>& seen) {
  if (std::find(seen.begin(), seen.end(), column) != seen.end()) return false;
  seen.push_back(column);
  const GenTraits* g = t.ColumnTraits(column);
  if (!g) return false;
  if (g->correlated) return true;
  for (int d : g->depends)
    if (ReadsCorrelated(t, d, seen)) return true;
  return false;
}

// A reference's `where`: the target rows by a hash of their values of the
// target columns, sorted by (hash, row). Built on first use for the run's
// key bases (which shift key values), in 16 bytes per target row; a pick is
// checked against its values, so a hash collision cannot mismatch a row.
class RowGroups {
 public:
  using Entry = std::pair<uint64_t, uint64_t>;  // hash of the values, row
  RowGroups(const TableSource& t, const std::vector<int>& columns, const KeyBases* keys) {
    if (keys) keys_ = *keys;
    rows_.reserve(t.RowCount());
    std::string text;
    for (uint64_t r = 0; r < t.RowCount(); ++r)
      if (Text(t, columns, r, keys, text)) rows_.emplace_back(HashString(text), r);  // NULL equals nothing
    std::sort(rows_.begin(), rows_.end());
  }
  bool For(const KeyBases* keys) const { return keys ? keys_ == *keys : keys_ == KeyBases(); }
  // The rows whose values hash to `hash`, ascending.
  std::pair<const Entry*, const Entry*> Find(uint64_t hash) const {
    auto lo = std::lower_bound(rows_.begin(), rows_.end(), Entry{hash, 0});
    auto hi = std::lower_bound(lo, rows_.end(), Entry{hash + 1, 0}, [hash](const Entry& e, const Entry&) {
      return e.first == hash;
    });
    return {rows_.data() + (lo - rows_.begin()), rows_.data() + (hi - rows_.begin())};
  }
  // The values of `columns` of row `r` as text (values compare by it: the
  // key 7 matches the reference 7); false if one is NULL.
  static bool Text(const TableSource& t, const std::vector<int>& columns, uint64_t r, const KeyBases* keys,
                   std::string& text) {
    text.clear();
    Value v;
    for (int c : columns) {
      t.ValueAt(c, r, keys, v);
      if (v.is_null()) return false;
      Append(v, text);
    }
    return true;
  }
  static void Append(const Value& v, std::string& text) {
    v.AppendText(text);
    text += '\x1f';
  }

 private:
  KeyBases keys_;
  std::vector<Entry> rows_;
};

class Reference final : public Generator {
 public:
  enum Dist { kUniform, kZipf, kWeighted };

  static std::unique_ptr<Generator> Make(GenArgs& a) {
    int column;
    const TableSource* t = ReadTarget(a, "table", column);
    if (!t) return nullptr;
    auto g = std::unique_ptr<Reference>(new Reference(*t, column, a.key));
    g->traits_ = LinkedTraits(*t, column);
    g->self_ = t->name() == a.env->table();
    g->n_ = t->RowCount();
    if (g->n_ == 0 && a.rows > 0 && !g->self_) {
      a.Error("references " + t->name() + ", which has 0 rows in this run; give it a count");
      return nullptr;
    }
    Options& o = *a.options;
    const std::string dist = o.Str("distribution", "uniform");
    if (dist == "zipf") {
      g->dist_ = kZipf;
      g->skew_ = o.Float("skew", 1.0);
      if (g->skew_ <= 0) o.Error("skew", "must be greater than 0");
    } else if (dist == "weighted") {
      g->dist_ = kWeighted;
      const std::vector<double> w = o.FloatList("weights");
      if (w.empty()) {
        o.Error("distribution", "weighted needs weights: one per equal slice of " + t->name() + "'s rows");
        return nullptr;
      }
      g->weights_ = ReadWeights(a, "weights", w.size());
      g->slices_ = w.size();
    } else if (dist != "uniform") {
      o.Error("distribution", "must be uniform, zipf or weighted, got '" + dist + "'" +
                                  DidYouMean(dist, {"uniform", "zipf", "weighted"}));
    }
    const std::string distinct = o.Str("distinct", "");
    if (distinct == "per_parent") {
      if (!g->PerParent(a)) return nullptr;
    } else if (!distinct.empty()) {
      o.Error("distinct", "must be per_parent, got '" + distinct + "'" + DidYouMean(distinct, {"per_parent"}));
    }
    if (const Node* where = o.Get("where"); where && !g->ReadWhere(a, *where)) return nullptr;
    if (a.unique) {
      if (g->dist_ != kUniform || g->self_ || g->per_parent_ || !g->where_.empty()) {
        a.Error("a unique reference (one-to-one) needs the uniform distribution, another table, and no distinct or where");
        return nullptr;
      }
      g->traits_.unique = true;
      g->traits_.distinct = g->n_;
      g->picker_.emplace(a.key, g->n_, true);
    }
    g->traits_.deferrable = true;
    // Popular rows are scattered through the target, not its first rows.
    g->scatter_.emplace(a.key ^ 0x5ca77e4ull, std::max<uint64_t>(g->n_, 1));
    return g;
  }

  void Generate(const GenContext& ctx, Value& out) const override {
    if (self_ && ctx.row == 0) return out.SetNull();  // no earlier row to point at
    const uint64_t row = LinkedRow(ctx);
    if (row == kNoRow) return out.SetNull();
    table_.ValueAt(column_, row, ctx.keys, out);
  }
  const TableSource* LinkedTable() const override { return &table_; }
  uint64_t LinkedRow(const GenContext& ctx) const override {
    if (!where_.empty()) return WhereRow(ctx);
    // The rows under one parent take distinct targets: the parent's own
    // keyed permutation of the target rows, read at the row's place under
    // it (children.max <= target rows is checked when built).
    if (per_parent_) return Permutation(key_ ^ SplitMix64(ctx.parent_row), n_)(ctx.child_ordinal);
    return Row(ctx.row);
  }

 private:
  Reference(const TableSource& t, int column, uint64_t key) : table_(t), column_(column), key_(key) {}

  // where: {<target column>: <column of this row>, ...}: only target rows
  // whose values equal this row's (an order line's item from the order's
  // store; a department's head among its own employees).
  bool ReadWhere(GenArgs& a, const Node& where) {
    Options& o = *a.options;
    if (!where.IsMap() || where.entries.empty() || where.entries.size() > 4) {
      o.Error("where", "must map 1 to 4 columns of " + table_.name() +
                           " to columns of this row, e.g. where: {store_id: store_id}");
      return false;
    }
    if (dist_ != kUniform || per_parent_) {
      o.Error("where", "picks uniformly among the matching rows; drop 'distribution' or 'distinct'");
      return false;
    }
    for (const auto& [k, v] : where.entries) {
      const int target = table_.ColumnIndex(k.scalar);
      if (target < 0) {
        a.options->diag().SpecError(a.column + ": where: table " + table_.name() + " has no column '" +
                                        k.scalar + "'" + DidYouMean(k.scalar, table_.ColumnNames()),
                                    k.mark);
        return false;
      }
      if (ReadsSource(a, table_, target, "where")) return false;
      std::vector<int> seen;
      if (ReadsCorrelated(table_, target, seen)) {
        a.options->diag().SpecError(a.column + ": where: " + table_.name() + "." + k.scalar +
                                        " is itself picked with a 'where'; match on a column it is derived from",
                                    k.mark);
        return false;
      }
      if (!v.IsScalar()) {
        o.Error("where", "'" + k.scalar + "' must name a column of this row");
        return false;
      }
      const int own = SameRowColumn(a, "where", v.scalar, traits_);
      if (own < 0) return false;
      where_.push_back({target, own});
      where_targets_.push_back(target);
    }
    traits_.correlated = true;
    return true;
  }

  uint64_t WhereRow(const GenContext& ctx) const {
    std::string text;
    for (const auto& [target, own] : where_) {
      if (ctx.values[own].is_null()) return kNoRow;
      RowGroups::Append(ctx.values[own], text);
    }
    const uint64_t hash = HashString(text);
    auto [first, last] = Groups(ctx.keys).Find(hash);
    // A self-reference points at an earlier row, which exists when this one is inserted.
    if (self_) last = std::lower_bound(first, last, RowGroups::Entry{hash, ctx.row});
    if (first == last) return kNoRow;
    const uint64_t draw = Draw(key_, ctx.row);
    const uint64_t pick = first[Below(draw, static_cast<uint64_t>(last - first))].second;
    std::string found;
    if (RowGroups::Text(table_, where_targets_, pick, ctx.keys, found) && found == text) return pick;
    // A hash collision put other rows in the group: pick among the true matches.
    std::vector<uint64_t> matches;
    for (const RowGroups::Entry* e = first; e != last; ++e)
      if (RowGroups::Text(table_, where_targets_, e->second, ctx.keys, found) && found == text)
        matches.push_back(e->second);
    return matches.empty() ? kNoRow : matches[Below(draw, matches.size())];
  }

  const RowGroups& Groups(const KeyBases* keys) const {
    const RowGroups* g = last_groups_.load(std::memory_order_acquire);
    if (g && g->For(keys)) return *g;
    std::lock_guard<std::mutex> lock(groups_mu_);
    for (const auto& built : groups_)
      if (built->For(keys)) {
        last_groups_.store(built.get(), std::memory_order_release);
        return *built;
      }
    groups_.push_back(std::make_unique<RowGroups>(table_, where_targets_, keys));
    last_groups_.store(groups_.back().get(), std::memory_order_release);
    return *groups_.back();
  }

  // distinct: per_parent: a many-to-many (junction) table's second key.
  bool PerParent(GenArgs& a) {
    Options& o = *a.options;
    const TableSource* parent = a.env->ParentTable();
    if (!parent) {
      o.Error("distinct", "per_parent needs the table to declare children: {of: <parent table>},"
                          " whose rows then take distinct " + table_.name() + " rows");
      return false;
    }
    if (self_ || dist_ != kUniform) {
      o.Error("distinct", "per_parent needs the uniform distribution and another table");
      return false;
    }
    const int64_t most = a.env->MaxChildren();
    if (most > 0 && static_cast<uint64_t>(most) > n_) {
      o.Error("distinct", "per_parent: a " + parent->name() + " row can have up to " + std::to_string(most) +
                              " rows (children.max) but " + table_.name() + " has only " +
                              std::to_string(n_) + " to choose from; lower children.max or raise " +
                              table_.name() + "'s count");
      return false;
    }
    per_parent_ = true;
    traits_.needs_parent = true;
    traits_.distinct_per_parent = true;
    return true;
  }

  uint64_t Row(uint64_t row) const {
    // Self-references point at an earlier row, so the row exists when
    // inserted in order.
    const uint64_t n = self_ ? std::min(row, n_) : n_;
    if (n <= 1) return 0;
    if (picker_) return (*picker_)(row);
    const uint64_t d = Draw(key_, row);
    switch (dist_) {
      case kUniform: return Below(d, n);
      case kZipf: {
        const uint64_t rank = Distribution::ZipfRank(d, n, skew_);
        return self_ ? rank : (*scatter_)(rank);
      }
      case kWeighted: {
        const uint64_t slice = weights_.Pick(d, slices_);
        const uint64_t lo = n * slice / slices_, hi = n * (slice + 1) / slices_;
        return hi > lo ? lo + Below(Draw(key_, row, 1), hi - lo) : std::min(lo, n - 1);
      }
    }
    return 0;
  }

  const TableSource& table_;
  int column_;
  uint64_t key_, n_ = 0;
  bool self_ = false;
  Dist dist_ = kUniform;
  double skew_ = 1;
  WeightTable weights_;
  uint64_t slices_ = 1;
  std::optional<Picker> picker_;
  std::optional<Permutation> scatter_;
  bool per_parent_ = false;
  std::vector<std::pair<int, int>> where_;  // target column, this row's column
  std::vector<int> where_targets_;          // the target columns alone
  mutable std::mutex groups_mu_;
  mutable std::vector<std::unique_ptr<RowGroups>> groups_;  // one per key bases seen
  mutable std::atomic<const RowGroups*> last_groups_{nullptr};
};

class Parent final : public Generator {
 public:
  static std::unique_ptr<Generator> Make(GenArgs& a) {
    const TableSource* p = a.env->ParentTable();
    if (!p) {
      a.Error("generator 'parent' needs the table to declare children: {of: <parent table>}");
      return nullptr;
    }
    const std::string col = a.options->Str("column", "id");
    const int c = p->ColumnIndex(col);
    if (c < 0) {
      a.options->Error("column", "table " + p->name() + " has no column '" + col + "'" +
                                     DidYouMean(col, p->ColumnNames()));
      return nullptr;
    }
    if (ReadsSource(a, *p, c, "column")) return nullptr;
    auto g = std::unique_ptr<Parent>(new Parent(*p, c));
    g->traits_ = LinkedTraits(*p, c);
    g->traits_.needs_parent = true;
    const GenTraits* parent_traits = p->ColumnTraits(c);
    g->traits_.parent_key = parent_traits && parent_traits->unique;
    return g;
  }
  void Generate(const GenContext& ctx, Value& out) const override {
    table_.ValueAt(column_, ctx.parent_row, ctx.keys, out);
  }
  const TableSource* LinkedTable() const override { return &table_; }
  uint64_t LinkedRow(const GenContext& ctx) const override { return ctx.parent_row; }

 private:
  Parent(const TableSource& t, int c) : table_(t), column_(c) {}
  const TableSource& table_;
  int column_;
};

// lookup: {via: <reference or parent column of this row>, column: <column of
// the referenced row>}: e.g. an order line's unit_price from its item.
std::unique_ptr<Generator> Lookup(GenArgs& a) {
  Options& o = *a.options;
  GenTraits t;
  const std::string via = o.Str("via", "");
  if (via.empty()) {
    o.Error("via", "is required: the reference column whose row to read");
    return nullptr;
  }
  const int v = SameRowColumn(a, "via", via, t);
  if (v < 0) return nullptr;
  const Generator* link = a.env->ColumnGenerator(v);
  const TableSource* target = link->LinkedTable();
  if (!target) {
    o.Error("via", "column '" + via + "' is not a reference or parent column");
    return nullptr;
  }
  const std::string col = o.Str("column", "");
  const int c = target->ColumnIndex(col);
  if (c < 0) {
    o.Error(o.Has("column") ? "column" : "via", "table " + target->name() + " has no column '" + col +
                                                    "'" + DidYouMean(col, target->ColumnNames()));
    return nullptr;
  }
  if (ReadsSource(a, *target, c, "column")) return nullptr;
  GenTraits lt = LinkedTraits(*target, c);
  lt.depends = t.depends;
  return MakeGen(lt, [link, target, c](const GenContext& ctx, Value& out) {
    const uint64_t row = link->LinkedRow(ctx);
    if (row == Generator::kNoRow) return out.SetNull();
    target->ValueAt(c, row, ctx.keys, out);
  });
}

std::unique_ptr<Generator> ChildIndex(GenArgs& a) {
  if (!a.env->ParentTable()) {
    a.Error("generator 'child_index' needs the table to declare children: {of: <parent table>}");
    return nullptr;
  }
  const int64_t start = a.options->Int("start", 1);
  GenTraits t;
  t.type = Type::kInt;
  t.needs_parent = true;
  t.distinct_per_parent = true;
  return MakeGen(t, [start](const GenContext& c, Value& out) {
    // Past INT64_MAX is NULL, as for every overflow (a NOT NULL column
    // then reports it), never a wrapped number.
    int64_t v;
    if (__builtin_add_overflow(start, static_cast<int64_t>(c.child_ordinal), &v)) out.SetNull();
    else out.SetInt(v);
  });
}

}  // namespace

void RegisterRelationalGenerators(Registry& r) {
  const std::string customers = "table: customers\ncount: 3\ncolumns:\n  id: sequence\n  name: full_name\n";
  const std::string orders =
      "table: orders\ncount: 3\ncolumns:\n  id: sequence\n  ordered_on: date\n";
  r.Add({.name = "reference",
         .summary = "foreign key: table, column (id); distribution uniform|zipf (skew)|weighted (weights);"
                    " distinct: per_parent (children tables: no two rows of a parent share a target);"
                    " where: {target column: column of this row} (only matching target rows)",
         .factory = Reference::Make,
         .options = {Opt("table", OptionType::kTable, "", "the table referenced").Required(),
                     Opt("column", OptionType::kText, "id", "the column of that table whose value is copied"),
                     OptEnum("distribution", {"uniform", "zipf", "weighted"}, "uniform",
                             "how often each target row is picked"),
                     SkewOption(),
                     Opt("weights", OptionType::kNumberList, "",
                         "weighted: one weight per equal slice of the target rows, in row order"),
                     OptEnum("distinct", {"per_parent"}, "",
                             "per_parent: rows of one parent (children tables) take distinct targets"),
                     Opt("where", OptionType::kColumnMap, "",
                         "{target column: column of this row, ...} (1 to 4): only target rows whose values match")},
         .example = "customer_id: {generator: reference, table: customers}\n"
                    "referrer_id: {generator: reference, table: customers, distribution: zipf, skew: 1.2}",
         .example_tables = {customers}});
  r.Add({.name = "parent",
         .summary = "the parent row's column (id) in a children table",
         .factory = Parent::Make,
         .options = {Opt("column", OptionType::kText, "id", "the column of the parent table whose value is copied")},
         .example = "table: example\nchildren: {of: orders, min: 1, max: 3}\ncolumns:\n"
                    "  order_id: parent\n  order_date: {generator: parent, column: ordered_on}\n",
         .example_tables = {orders}});
  r.Add({.name = "lookup",
         .summary = "column of the row referenced by the same-row column via",
         .factory = Lookup,
         .options = {Opt("via", OptionType::kColumn, "", "the same-row reference or parent column").Required(),
                     Opt("column", OptionType::kText, "", "the column of the referenced row to read").Required()},
         .example = "product_id: {generator: reference, table: products}\n"
                    "unit_price: {generator: lookup, via: product_id, column: price}",
         .example_tables = {"table: products\ncount: 3\ncolumns:\n  id: sequence\n  name: product_name\n"
                            "  price: {generator: decimal, min: 1.00, max: 99.99}\n"}});
  r.Add({.name = "child_index",
         .summary = "position under the parent in a children table, from start (1)",
         .factory = ChildIndex,
         .options = {Opt("start", OptionType::kInt, "1", "the first child's position")},
         .example = "table: example\nchildren: {of: orders, min: 1, max: 3}\ncolumns:\n"
                    "  order_id: parent\n  line_no: child_index\n",
         .example_tables = {orders}});
}

}  // namespace seed
