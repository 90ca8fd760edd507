#include "engine/exec/partition.h"

#include <algorithm>
#include <cstdio>
#include <map>

#include "engine/plan/plan.h"

namespace seed {

bool SeededWhole(const TablePlan& p) {
  if (p.group >= 0) return true;
  const std::vector<std::string> refs = p.model->ReferencedTables();
  return std::find(refs.begin(), refs.end(), p.spec->table) != refs.end();
}

std::vector<uint64_t> AssignTables(const Plan& plan, uint64_t workers) {
  const std::vector<TablePlan>& tables = plan.tables();
  std::vector<uint64_t> owner(tables.size(), 0);
  std::vector<double> free_at(workers, 0);  // when each worker is done with what it has
  std::map<std::string, double> done_at;    // each table's estimated end
  for (size_t i = 0; i < tables.size();) {
    // A cycle group's tables follow each other in plan order.
    size_t end = i + 1;
    if (tables[i].group >= 0)
      while (end < tables.size() && tables[end].group == tables[i].group) ++end;
    double ready = 0, cost = 0;
    for (size_t t = i; t < end; ++t) {
      const TablePlan& p = tables[t];
      for (const std::string& d : p.depends)
        if (auto it = done_at.find(d); it != done_at.end()) ready = std::max(ready, it->second);
      // Selected or not: a worker rerun for one table (--table) must
      // compute the owners its partners did.
      cost += static_cast<double>(p.rows) * static_cast<double>(p.spec->columns.size() + 1);
    }
    uint64_t best = 0;
    for (uint64_t w = 1; w < workers; ++w) {
      const double start = std::max(free_at[w], ready), best_start = std::max(free_at[best], ready);
      if (start < best_start || (start == best_start && free_at[w] > free_at[best])) best = w;
    }
    const double finish = std::max(free_at[best], ready) + cost;
    free_at[best] = finish;
    for (size_t t = i; t < end; ++t) owner[t] = best, done_at[tables[t].spec->table] = finish;
    i = end;
  }
  return owner;
}

uint64_t Partition::Begin(uint64_t rows) const {
  return static_cast<uint64_t>(static_cast<unsigned __int128>(rows) * k / n);
}

uint64_t Partition::Size(uint64_t rows) const {
  return static_cast<uint64_t>(static_cast<unsigned __int128>(rows) * (k + 1) / n) - Begin(rows);
}

std::string Partition::Tag() const {
  if (n == 1) return "";
  const int width = static_cast<int>(std::to_string(n - 1).size());
  char buf[48];
  snprintf(buf, sizeof buf, ".p%0*llu" "of%llu", width, static_cast<unsigned long long>(k),
           static_cast<unsigned long long>(n));
  return buf;
}

std::string Partition::LeaseName() const {
  return "run " + std::to_string(k) + "/" + std::to_string(n) + (split == Split::kTables ? " tables" : "");
}

Result<Partition> ParsePartition(std::string_view text) {
  const size_t slash = text.find('/');
  Partition p;
  auto number = [](std::string_view s, uint64_t& out) {
    if (s.empty() || s.size() > 4) return false;
    out = 0;
    for (char c : s) {
      if (c < '0' || c > '9') return false;
      out = out * 10 + static_cast<uint64_t>(c - '0');
    }
    return true;
  };
  if (slash == std::string_view::npos || !number(text.substr(0, slash), p.k) ||
      !number(text.substr(slash + 1), p.n) || p.n < 1 || p.n > 4096 || p.k >= p.n)
    return Status::Usage("--partition " + std::string(text) +
                         ": use K/N, worker K (from 0) of N workers, 1 <= N <= 4096: 0/4, 1/4, 2/4 and 3/4"
                         " together write every row once");
  return p;
}

Result<Split> ParseSplit(std::string_view text) {
  if (text == "rows") return Split::kRows;
  if (text == "tables") return Split::kTables;
  return Status::Usage("--split " + std::string(text) + ": use rows or tables");
}

}  // namespace seed
