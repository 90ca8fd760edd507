#include "engine/plan/plan.h"

#include <algorithm>
#include <functional>
#include <map>

#include "engine/gen/options.h"

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
    p.selected = false, p.skip_reason = "not selected by --table";
  } else if (!s.environments.empty() &&
             std::find(s.environments.begin(), s.environments.end(), o.env) ==
                 s.environments.end()) {
    p.selected = false, p.skip_reason = "not seeded in " + o.env;
  } else if (o.env == "production" && !s.reference_data) {
    p.selected = false, p.skip_reason = "production seeds reference data only";
  }
}

// Depth-first topological sort; reports each cycle as "a -> b -> a".
std::vector<size_t> Order(const std::vector<TablePlan>& plans, Diagnostics& diag) {
  std::map<std::string, size_t> index;
  for (size_t i = 0; i < plans.size(); ++i) index[plans[i].spec->table] = i;
  std::vector<int> state(plans.size(), 0);  // 0 new, 1 on stack, 2 done
  std::vector<size_t> order, stack;
  std::function<void(size_t)> visit = [&](size_t i) {
    if (state[i] == 2) return;
    if (state[i] == 1) {
      auto from = std::find(stack.begin(), stack.end(), i);
      std::vector<std::string> names;
      for (auto it = from; it != stack.end(); ++it) names.push_back(plans[*it].spec->table);
      names.push_back(plans[i].spec->table);
      diag.SpecError("dependency cycle: " + Join(names, " -> ") +
                         "; break it with a nullable reference or remove a depends_on",
                     plans[i].spec->mark);
      return;
    }
    state[i] = 1;
    stack.push_back(i);
    for (const std::string& d : plans[i].depends)
      if (auto it = index.find(d); it != index.end()) visit(it->second);
    stack.pop_back();
    state[i] = 2;
    order.push_back(i);
  };
  for (size_t i = 0; i < plans.size(); ++i) visit(i);
  return order;
}

}  // namespace

std::unique_ptr<Plan> Plan::Build(const std::vector<TableSpec>& specs, const PlanOptions& opts,
                                  Diagnostics& diag) {
  auto plan = std::make_unique<Plan>();
  plan->options_ = opts;
  std::vector<TablePlan> plans(specs.size());
  std::vector<std::string> names;
  for (size_t i = 0; i < specs.size(); ++i) plans[i].spec = &specs[i], names.push_back(specs[i].table);
  for (const std::string& t : opts.tables)
    if (std::find(names.begin(), names.end(), t) == names.end())
      diag.Error(Code::kUsage, "--table " + t + ": no spec defines this table" + DidYouMean(t, names));

  CountResolver counts(plans, opts, diag);
  ModelIndex models;
  for (size_t i = 0; i < plans.size(); ++i) {
    plans[i].model = std::make_unique<TableModel>(*plans[i].spec, opts.seed, counts.Rows(i));
    plans[i].rows = plans[i].model->RowCount();
    models[specs[i].table] = plans[i].model.get();
    Select(plans[i], opts);
  }
  for (TablePlan& p : plans) p.model->Compile(models, Registry::Default(), diag);

  for (TablePlan& p : plans) {
    for (const auto& [dep, mark] : p.spec->depends_on) {
      if (!models.count(dep))
        diag.SpecError(p.spec->table + ": depends_on names unknown table '" + dep + "'" +
                           DidYouMean(dep, names),
                       mark);
      else
        p.depends.push_back(dep);
    }
    for (const std::string& t : p.model->ReferencedTables())
      if (t != p.spec->table && std::find(p.depends.begin(), p.depends.end(), t) == p.depends.end())
        p.depends.push_back(t);  // self-references need no ordering
  }
  for (size_t i : Order(plans, diag)) plan->tables_.push_back(std::move(plans[i]));
  return plan;
}

const TablePlan* Plan::Find(const std::string& table) const {
  for (const TablePlan& p : tables_)
    if (p.spec->table == table) return &p;
  return nullptr;
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
    out += '\n';
  }
  out += "total " + std::to_string(SelectedRows()) + " rows\n";
  return out;
}

}  // namespace seed
