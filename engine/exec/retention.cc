#include "engine/exec/retention.h"

#include <algorithm>
#include <map>
#include <set>

#include "engine/core/utc_time.h"

namespace seed {

std::optional<int64_t> LimitOf(const TableSpec& spec, const RetentionDefaults& defaults, const std::string& env,
                               std::string* from) {
  std::optional<int64_t> limit;
  if ((limit = spec.retention.For(env))) *from = "spec";
  else if (spec.source && (limit = defaults.real_data.For(env))) *from = "--real-data-retention";
  else if ((limit = defaults.generated.For(env))) *from = "--retention";
  if (!limit || *limit == kKeepForever) return from->clear(), std::nullopt;
  return limit;
}

std::vector<TableRetention> Retentions(const Plan& plan, const Ledger& ledger, const std::vector<LedgerRun>& runs,
                                       const RetentionDefaults& defaults, int64_t now) {
  std::map<std::string, const LedgerRun*> run_of;
  for (const LedgerRun& r : runs) run_of[r.run_id] = &r;
  std::vector<TableRetention> out;
  std::map<std::string, size_t> index;
  for (const auto& [name, t] : ledger.tables()) {
    TableRetention r;
    r.table = name, r.run_id = t.run_id;
    if (auto run = run_of.find(t.run_id); run != run_of.end()) {
      r.env = run->second->env;
      r.seeded_at = ParseUtc(run->second->started_at);
    }
    const TablePlan* p = plan.Find(name);
    r.in_specs = p != nullptr;
    if (p) r.limit = LimitOf(*p->spec, defaults, r.env, &r.limit_from);
    const std::optional<int64_t> at = r.ExpiresAt();
    r.expired = at && *at <= now;
    index[name] = out.size();
    out.push_back(r);
  }
  // A seeded table whose rows reference an expired table's goes with it:
  // the parent cannot be deleted under its children. Walk down from each
  // expired table through the plan's references.
  std::map<std::string, std::vector<std::string>> children;
  for (const TablePlan& p : plan.tables())
    for (const std::string& parent : plan.Parents(p)) children[parent].push_back(p.spec->table);
  for (const TableRetention& e : std::vector<TableRetention>(out)) {
    if (!e.expired) continue;
    std::vector<std::string> todo = children[e.table];
    std::set<std::string> seen;
    while (!todo.empty()) {
      const std::string t = todo.back();
      todo.pop_back();
      if (!seen.insert(t).second) continue;
      if (auto it = index.find(t); it != index.end() && !out[it->second].due())
        out[it->second].taken_with = e.table;
      for (const std::string& next : children[t]) todo.push_back(next);
    }
  }
  std::stable_sort(out.begin(), out.end(), [](const TableRetention& a, const TableRetention& b) {
    return a.seeded_at.value_or(0) != b.seeded_at.value_or(0) ? a.seeded_at.value_or(0) < b.seeded_at.value_or(0)
                                                              : a.table < b.table;
  });
  return out;
}

std::vector<std::vector<std::string>> ExpiryGroups(const std::vector<TableRetention>& tables) {
  // Which expired table each due one goes with; its run decides the group.
  std::map<std::string, std::string> run_of;
  for (const TableRetention& t : tables) run_of[t.table] = t.run_id;
  std::vector<std::string> order;  // runs, oldest first (tables are sorted so)
  std::map<std::string, std::vector<std::string>> groups;
  for (const TableRetention& t : tables) {
    if (!t.due()) continue;
    const std::string& run = t.expired ? t.run_id : run_of[t.taken_with];
    if (!groups.count(run)) order.push_back(run);
    groups[run].push_back(t.table);
  }
  std::vector<std::vector<std::string>> out;
  for (const std::string& run : order) out.push_back(groups[run]);
  return out;
}

}  // namespace seed
