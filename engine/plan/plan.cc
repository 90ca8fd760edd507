#include "engine/plan/plan.h"

#include <algorithm>
#include <functional>
#include <map>
#include <set>

#include "engine/gen/options.h"
#include "engine/pii/masker.h"
#include "engine/source/source.h"
#include "engine/spec/pii_audit.h"

namespace seed {

std::string DefaultSize(const TableSpec& spec, const std::string& env) {
  auto it = spec.env_sizes.find(env);
  if (it != spec.env_sizes.end()) return it->second;
  return env == "staging" ? "medium" : "small";
}

namespace {

std::string Join(const std::vector<std::string>& v, const std::string& sep) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : sep) + s;
  return out;
}

// Row counts; children tables without a count for the size derive theirs
// from the parent's, so they are resolved recursively.
class CountResolver {
 public:
  CountResolver(std::vector<TablePlan>& plans, const PlanOptions& o, Diagnostics& d)
      : plans_(plans), o_(o), d_(d) {
    for (size_t i = 0; i < plans.size(); ++i) index_[plans[i].spec->table] = i;
  }

  uint64_t Rows(size_t i, int depth = 0) {
    TablePlan& p = plans_[i];
    if (done_.count(i)) return p.rows;
    done_[i] = true;
    const TableSpec& s = *p.spec;
    p.size = o_.size_rows ? "N" : (o_.size.empty() ? DefaultSize(s, o_.env) : o_.size);
    if (s.source) {  // real rows: as many as the source has
      p.size = "source";
      Result<uint64_t> n = CountSourceRows(*s.source, o_.source_db);
      if (!n.ok() && p.selected) d_.Error(n.status().code(), s.table + ": " + n.status().message(), s.source->mark);
      return p.rows = n.ok() ? *n : 0;
    }
    if (s.count.fixed) return p.rows = *s.count.fixed;
    if (!o_.size_rows) {
      auto it = s.count.by_size.find(p.size);
      if (it != s.count.by_size.end()) return p.rows = it->second;
    }
    if (s.children && depth < 64) {
      auto it = index_.find(s.children->parent);
      if (it != index_.end()) {
        const ChildrenSpec& c = *s.children;
        return p.rows = ChildMap::DefaultCount(Rows(it->second, depth + 1), c.min, c.max,
                                               c.weights);
      }
      return 0;  // unknown parent: reported when the model compiles
    }
    if (o_.size_rows) return p.rows = *o_.size_rows;
    std::vector<std::string> sizes;
    for (const auto& [k, v] : s.count.by_size) sizes.push_back(k);
    d_.SpecError(s.table + ": no row count for size '" + p.size + "' (the spec has " +
                     (sizes.empty() ? "none" : Join(sizes, ", ")) + ")",
                 s.count.mark.valid() ? s.count.mark : s.mark);
    return 0;
  }

 private:
  std::vector<TablePlan>& plans_;
  const PlanOptions& o_;
  Diagnostics& d_;
  std::map<std::string, size_t> index_;
  std::map<size_t, bool> done_;
};

void Select(TablePlan& p, const PlanOptions& o) {
  const TableSpec& s = *p.spec;
  if (!o.tables.empty() && std::find(o.tables.begin(), o.tables.end(), s.table) == o.tables.end()) {
    p.selected = false, p.skip_reason = "not selected by --table or --exclude";
  } else if (!s.environments.empty() &&
             std::find(s.environments.begin(), s.environments.end(), o.env) ==
                 s.environments.end()) {
    p.selected = false, p.skip_reason = "not seeded in " + o.env;
  } else if (o.env == "production" && !s.reference_data) {
    p.selected = false, p.skip_reason = "production seeds reference data only";
  }
}

// An ordering constraint: `from` must be seeded after `to`. Edges made by a
// nullable reference column can be deferred to break a cycle; those of a
// NOT NULL one, written forward (the column's value computed, the row it
// points at inserted later in the same transaction).
struct Edge {
  size_t from, to;
  int column = -1;  // the reference column, -1 for depends_on / children
  bool deferrable = false;
  bool forwardable = false;
};

// Depth-first topological sort. On a cycle, defers one nullable reference
// edge in it (recorded in plans[].deferred), or else writes one NOT NULL
// reference forward (plans[].forward), and starts over; a cycle with
// neither is reported as "a -> b -> a".
std::vector<size_t> Order(std::vector<TablePlan>& plans, std::vector<Edge> edges,
                          Diagnostics& diag) {
  for (;;) {
    std::vector<int> state(plans.size(), 0);  // 0 new, 1 on stack, 2 done
    std::vector<size_t> order;
    std::vector<const Edge*> path;  // edges from the DFS root to the current table
    std::optional<size_t> defer;    // index into edges
    bool forward = false;           // defer is written forward
    bool failed = false;
    std::function<void(size_t)> visit = [&](size_t i) {
      if (state[i] == 2 || defer || failed) return;
      if (state[i] == 1) {
        auto first = std::find_if(path.begin(), path.end(), [&](const Edge* e) { return e->from == i; });
        std::vector<std::string> names, refs;
        const Mark* at = nullptr;  // the first reference of the cycle, where the fix goes
        for (auto it = first; it != path.end(); ++it) {
          const TableSpec& from = *plans[(*it)->from].spec;
          names.push_back(from.table);
          if ((*it)->column >= 0) {
            const ColumnSpec& c = from.columns[(*it)->column];
            refs.push_back(from.table + "." + c.name);
            if (!at) at = &c.mark;
          }
          if ((*it)->deferrable && !defer) defer = static_cast<size_t>(*it - edges.data());
        }
        // A one-to-one reference (unique: a store's manager) is preferred:
        // usually the link that closes the cycle, the other side's many-to-one
        // its structure. PostgreSQL needs the chosen one DEFERRABLE.
        for (int pass = 0; pass < 2 && !defer; ++pass)
          for (auto it = first; it != path.end() && !defer; ++it)
            if ((*it)->forwardable && (pass || plans[(*it)->from].spec->columns[(*it)->column].unique))
              defer = static_cast<size_t>(*it - edges.data()), forward = true;
        names.push_back(plans[i].spec->table);
        if (!defer) {
          diag.SpecError("dependency cycle: " + Join(names, " -> ") +
                             (refs.empty() ? "" : " (through " + Join(refs, ", ") + ")") +
                             "; make one of its references nullable (`nullable: true, null_rate: 0` fills"
                             " every row in a second pass) or remove a depends_on",
                         at ? *at : plans[i].spec->mark);
          failed = true;
        }
        return;
      }
      state[i] = 1;
      for (const Edge& e : edges) {
        if (e.from != i) continue;
        path.push_back(&e);
        visit(e.to);
        path.pop_back();
      }
      state[i] = 2;
      order.push_back(i);
    };
    for (size_t i = 0; i < plans.size() && !defer && !failed; ++i) visit(i);
    if (!defer) return order;
    (forward ? plans[edges[*defer].from].forward : plans[edges[*defer].from].deferred)
        .push_back(edges[*defer].column);
    edges.erase(edges.begin() + static_cast<long>(*defer));
  }
}

// A forward column's table and the table it points at, and every table
// between them in plan order, form one group (overlapping spans merge):
// the executor seeds a group in one transaction.
void Group(std::vector<TablePlan>& tables) {
  std::vector<std::pair<size_t, size_t>> spans;
  for (size_t i = 0; i < tables.size(); ++i)
    for (int c : tables[i].forward) {
      const TableSource* to = tables[i].model->generator(c)->LinkedTable();
      for (size_t j = i + 1; j < tables.size(); ++j)
        if (tables[j].model.get() == to) spans.emplace_back(i, j);
    }
  std::sort(spans.begin(), spans.end());
  int group = -1;
  size_t end = 0;
  for (const auto& [lo, hi] : spans) {
    if (group < 0 || lo > end) ++group, end = hi;
    end = std::max(end, hi);
    for (size_t k = lo; k <= end; ++k) tables[k].group = group;
  }
  for (size_t k = 0; k < tables.size(); ++k)
    tables[k].group_last = tables[k].group >= 0 && (k + 1 == tables.size() || tables[k + 1].group != tables[k].group);
}

// The ordering edges of every table: depends_on, children.of and the
// tables its reference generators read (self-references need no ordering).
std::vector<Edge> Edges(const std::vector<TablePlan>& plans, const std::vector<std::string>& names,
                        Diagnostics& diag) {
  std::map<std::string, size_t> index;
  for (size_t i = 0; i < plans.size(); ++i) index[plans[i].spec->table] = i;
  std::vector<Edge> edges;
  for (size_t i = 0; i < plans.size(); ++i) {
    const TableSpec& s = *plans[i].spec;
    for (const auto& [dep, mark] : s.depends_on) {
      if (auto it = index.find(dep); it != index.end()) edges.push_back({i, it->second});
      else
        diag.SpecError(s.table + ": depends_on names unknown table '" + dep + "'" +
                           DidYouMean(dep, names), mark);
    }
    if (s.children)
      if (auto it = index.find(s.children->parent); it != index.end()) edges.push_back({i, it->second});
    for (size_t c = 0; c < s.columns.size(); ++c) {
      const Generator* g = plans[i].model->generator(static_cast<int>(c));
      // A helper column's reference is never written: no foreign key to order.
      if (!g || !g->LinkedTable() || !s.columns[c].write) continue;
      auto it = index.find(g->LinkedTable()->name());
      if (it == index.end() || it->second == i) continue;
      edges.push_back({i, it->second, static_cast<int>(c), s.columns[c].nullable && g->traits().deferrable,
                       g->traits().deferrable});
    }
  }
  return edges;
}

// The rules for real rows, checked before anything is read: every
// personal-looking source column has a pii rule, and only production may
// keep real values. Returns the masker when some column needs the secret.
std::unique_ptr<Masker> RealDataRules(const std::vector<TablePlan>& plans, const std::string& env,
                                      bool values_shown, const PiiNames& names, Diagnostics& diag) {
  bool needs_secret = false;
  for (const TablePlan& p : plans) {
    if (!p.spec->source) continue;
    for (const ColumnSpec& c : p.spec->columns) {
      if (!ReadsRealData(c.generator)) continue;
      const std::string why = LooksPersonal(c, names);
      if (!c.pii && !why.empty() && p.selected)
        diag.SpecError(p.spec->table + "." + c.name + ": real values of a personal-looking column (" + why +
                           ") need a pii rule; add `pii: {category: ...}`, or `pii: {category: none,"
                           " reason: ...}` if it is not personal",
                       c.mark);
      const std::string strategy = c.pii ? PiiStrategyFor(*c.pii, env) : "none";
      if (strategy == "keep" && env != "production" && p.selected)
        diag.SpecError(p.spec->table + "." + c.name + ": pii strategy 'keep' is not allowed in " + env +
                           ": dev and staging mask every personal column of real data",
                       c.pii->mark);
      needs_secret = needs_secret || NeedsSecret(strategy);
    }
  }
  if (!needs_secret) return nullptr;
  if (!values_shown) return std::make_unique<Masker>("no secret: values are not shown");
  Result<std::string> secret = LoadMaskSecret();
  if (!secret.ok()) {
    diag.Error(secret.status().code(), secret.status().message());
    return nullptr;
  }
  return std::make_unique<Masker>(*secret);
}

}  // namespace

Plan::Plan() = default;
Plan::~Plan() = default;

std::string SelectionName(const std::string& arg) {
  const bool up = !arg.empty() && arg.front() == '+', down = arg.size() > 1 && arg.back() == '+';
  return arg.substr(up, arg.size() - up - down);
}

Result<std::vector<std::string>> ResolveSelection(const std::vector<TableSpec>& specs, const PlanOptions& opts) {
  std::vector<std::string> names;
  for (const TableSpec& s : specs) names.push_back(s.table);
  auto known = [&](const std::string& flag, const std::string& t) -> Status {
    if (std::find(names.begin(), names.end(), t) != names.end()) return Status::Ok();
    return Status::Usage(flag + " " + t + ": no spec defines this table" + DidYouMean(t, names));
  };
  bool graph = false;
  for (const std::string& t : opts.tables) {
    if (t.empty() || t == "+" || t == "++") return Status::Usage("--table '" + t + "': name a table");
    graph = graph || t.front() == '+' || t.back() == '+';
  }
  if (!graph && opts.exclude.empty()) {
    for (const std::string& t : opts.tables)
      if (Status s = known("--table", t); !s.ok()) return s;
    return opts.tables;
  }
  // The graph comes from a plan of every table; its problems, if any, are
  // the real plan's to report.
  PlanOptions all = opts;
  all.tables.clear(), all.exclude.clear();
  Diagnostics scratch;
  std::unique_ptr<Plan> full = Plan::Build(specs, all, scratch);
  std::map<std::string, std::vector<std::string>> parents, children;
  for (const TablePlan& p : full->tables())
    for (const std::string& parent : full->Parents(p))
      parents[p.spec->table].push_back(parent), children[parent].push_back(p.spec->table);
  std::set<std::string> chosen;
  auto walk = [&](const std::string& from, std::map<std::string, std::vector<std::string>>& edges) {
    std::set<std::string> seen;
    std::vector<std::string> todo = {from};
    while (!todo.empty()) {
      const std::string t = todo.back();
      todo.pop_back();
      if (!seen.insert(t).second) continue;
      chosen.insert(t);
      for (const std::string& next : edges[t]) todo.push_back(next);
    }
  };
  for (const std::string& arg : opts.tables) {
    const std::string t = SelectionName(arg);
    const bool up = arg.front() == '+', down = arg.size() > 1 && arg.back() == '+';
    if (Status s = known("--table", t); !s.ok()) return s;
    chosen.insert(t);
    if (up) walk(t, parents);
    if (down) walk(t, children);
  }
  if (opts.tables.empty()) chosen.insert(names.begin(), names.end());
  for (const std::string& t : opts.exclude) {
    if (Status s = known("--exclude", t); !s.ok()) return s;
    chosen.erase(t);
  }
  if (chosen.empty()) return Status::Usage("--table and --exclude leave no table selected");
  std::vector<std::string> out;
  for (const std::string& n : names)
    if (chosen.count(n)) out.push_back(n);
  return out;
}

std::unique_ptr<Plan> Plan::Build(const std::vector<TableSpec>& specs, const PlanOptions& options,
                                  Diagnostics& diag) {
  auto plan = std::make_unique<Plan>();
  PlanOptions opts = options;
  if (Result<std::vector<std::string>> chosen = ResolveSelection(specs, options); chosen.ok())
    opts.tables = std::move(*chosen), opts.exclude.clear();
  else
    diag.Add(chosen.status());
  plan->options_ = opts;
  std::vector<TablePlan> plans(specs.size());
  std::vector<std::string> names;
  for (size_t i = 0; i < specs.size(); ++i) plans[i].spec = &specs[i], names.push_back(specs[i].table);

  for (TablePlan& p : plans) Select(p, opts);
  plan->masker_ = RealDataRules(plans, opts.env, opts.values_shown,
                                opts.pii_names ? *opts.pii_names : PiiNames::Builtin(), diag);
  CountResolver counts(plans, opts, diag);
  ModelIndex models;
  for (size_t i = 0; i < plans.size(); ++i) {
    plans[i].model = std::make_unique<TableModel>(*plans[i].spec, i, opts.seed, counts.Rows(i));
    plans[i].model->SetMasking(plan->masker_.get(), opts.env);
    plans[i].rows = plans[i].model->RowCount();
    models[specs[i].table] = plans[i].model.get();
  }
  for (TablePlan& p : plans) p.model->Bind(models, Registry::Default(), diag);
  for (TablePlan& p : plans) p.model->Compile();
  // A source file must have every field its columns read: say so now, not
  // after the first tables were written. (A query's fields fail when run.)
  for (const TablePlan& p : plans)
    if (p.selected && p.spec->source && !p.spec->source->file.empty() && diag.ok())
      if (auto r = OpenSource(*p.spec->source, p.model->source_fields(), nullptr); !r.ok())
        diag.Error(r.status().code(), p.spec->table + ": " + r.status().message(), p.spec->source->mark);

  std::vector<Edge> edges = Edges(plans, names, diag);
  if (!diag.ok()) return plan;
  std::vector<size_t> order = Order(plans, edges, diag);
  for (const Edge& e : edges) {
    TablePlan& p = plans[e.from];
    const bool broken = std::find(p.deferred.begin(), p.deferred.end(), e.column) != p.deferred.end() ||
                        std::find(p.forward.begin(), p.forward.end(), e.column) != p.forward.end();
    const std::string& to = plans[e.to].spec->table;
    if (!(broken && e.column >= 0) && std::find(p.depends.begin(), p.depends.end(), to) == p.depends.end())
      p.depends.push_back(to);
  }
  for (size_t i : order) plan->tables_.push_back(std::move(plans[i]));
  Group(plan->tables_);
  return plan;
}

const TablePlan* Plan::Find(const std::string& table) const {
  for (const TablePlan& p : tables_)
    if (p.spec->table == table) return &p;
  return nullptr;
}

std::vector<std::string> Plan::Parents(const TablePlan& p) const {
  std::vector<std::string> out = p.depends;
  for (const std::vector<int>* cols : {&p.deferred, &p.forward})
    for (int c : *cols) {
      const TableSource* to = p.model->generator(c)->LinkedTable();
      if (to && to->name() != p.spec->table && std::find(out.begin(), out.end(), to->name()) == out.end())
        out.push_back(to->name());
    }
  return out;
}

uint64_t Plan::SelectedRows() const {
  uint64_t n = 0;
  for (const TablePlan& p : tables_)
    if (p.selected) n += p.rows;
  return n;
}

std::string Plan::Dump() const {
  std::string out = "plan env=" + options_.env + " seed=" + std::to_string(options_.seed) + "\n";
  int n = 0;
  for (const TablePlan& p : tables_) {
    char line[256];
    if (p.selected)
      snprintf(line, sizeof line, "%3d. %-24s %10llu rows  size=%s", ++n, p.spec->table.c_str(),
               static_cast<unsigned long long>(p.rows), p.size.c_str());
    else
      snprintf(line, sizeof line, "  -  %-24s %10s       skipped: %s", p.spec->table.c_str(), "",
               p.skip_reason.c_str());
    out += line;
    if (!p.depends.empty()) out += "  after: " + Join(p.depends, ", ");
    for (int c : p.deferred) out += "  second pass: " + p.spec->columns[c].name;
    for (int c : p.forward) out += "  forward: " + p.spec->columns[c].name + " (one transaction, checks deferred)";
    out += '\n';
  }
  out += "total " + std::to_string(SelectedRows()) + " rows\n";
  return out;
}

}  // namespace seed
