#include "engine/init/init.h"

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>
#include <sstream>

#include "engine/core/text_file.h"
#include "engine/driver/ledger_store.h"
#include "engine/exec/schema_check.h"
#include "engine/gen/options.h"
#include "engine/init/draft.h"
#include "engine/plan/plan.h"
#include "engine/spec/spec_loader.h"
#include "engine/spec/templates.h"
#include "engine/spec/yaml_loader.h"

namespace seed {

namespace {

std::string FileName(const std::string& table) {
  std::string out;
  for (char c : table) out += std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' ? c : '_';
  return out + ".yaml";
}

// The tables to draft: the selection with every table it references
// (a spec cannot reference a table no spec defines), minus --exclude.
Result<std::vector<LiveTable>> ReadTables(Driver& db, const InitOptions& o, std::vector<std::string>& left_out) {
  Result<std::vector<std::string>> names = db.catalog().TableNames();
  if (!names.ok()) return names.status();
  std::vector<std::string> all;
  for (const std::string& n : *names)
    if (!IsLedgerTable(n)) all.push_back(n);
  for (const auto* list : {&o.tables, &o.exclude})
    for (const std::string& t : *list)
      if (std::find(all.begin(), all.end(), t) == all.end())
        return Status::Usage("table '" + t + "' is not in the database" + DidYouMean(t, all));
  std::set<std::string> exclude(o.exclude.begin(), o.exclude.end());
  Result<std::vector<std::string>> filled = db.catalog().TriggerWrittenTables();
  if (!filled.ok()) return filled.status();
  for (const std::string& t : *filled)
    if (std::find(all.begin(), all.end(), t) != all.end() && exclude.insert(t).second)
      left_out.push_back(t + ": written by a trigger, so the database fills it; no spec");
  std::vector<std::string> todo = o.tables.empty() ? all : o.tables;
  std::set<std::string> seen;
  std::vector<LiveTable> out;
  while (!todo.empty()) {
    const std::string name = todo.front();
    todo.erase(todo.begin());
    if (exclude.count(name) || !seen.insert(name).second) continue;
    Result<TableSchema> schema = db.catalog().Inspect(name);
    if (!schema.ok()) return schema.status();
    Result<uint64_t> rows = db.session().CountRows(name);
    if (!rows.ok()) return rows.status();
    for (const ForeignKeyInfo& fk : schema->foreign_keys) todo.push_back(fk.ref_table);
    out.push_back({std::move(*schema), *rows});
  }
  std::sort(out.begin(), out.end(), [](const LiveTable& a, const LiveTable& b) { return a.schema.name < b.schema.name; });
  return out;
}

// Plans the drafts as specs (at size large, the most rows) and checks each
// written column against the live schema; a column that fails moves to its
// next candidate, until every column fits or has none left. Returns, per
// draft, the problems no candidate solved.
std::vector<std::vector<std::string>> Fit(std::vector<TableDraft>& drafts, const std::vector<LiveTable>& live,
                                          const Catalog& catalog, const std::string& origin) {
  std::vector<std::vector<std::string>> unfitted(drafts.size());
  for (int round = 0; round < 16; ++round) {
    std::vector<std::vector<int>> lines(drafts.size());
    std::vector<TableSpec> specs;
    std::map<std::string, size_t> by_file;
    Diagnostics diag;
    for (size_t i = 0; i < drafts.size(); ++i) {
      const std::string file = FileName(drafts[i].table);
      by_file[file] = i;
      Result<Node> root = LoadYamlString(RenderSpec(drafts[i], origin, &lines[i]), file);
      if (!root.ok()) diag.Add(root.status());
      else specs.push_back(ParseTableSpec(*root, file, diag));
    }
    PlanOptions opts;
    opts.size = "large";
    opts.values_shown = false;
    std::unique_ptr<Plan> plan;
    if (diag.ok()) plan = Plan::Build(specs, opts, diag);
    // (draft, column) pairs that failed, with why.
    std::map<std::pair<size_t, size_t>, std::string> failed;
    std::vector<std::pair<size_t, std::string>> table_problems;
    for (const Status& e : diag.errors()) {
      auto f = by_file.find(e.mark().file);
      if (f == by_file.end()) continue;
      const std::vector<int>& l = lines[f->second];
      const auto at = std::find(l.begin(), l.end(), e.mark().line);
      if (e.mark().line > 0 && at != l.end()) failed[{f->second, static_cast<size_t>(at - l.begin())}] = e.message();
      else table_problems.emplace_back(f->second, e.message());
    }
    if (diag.ok()) {
      for (const TablePlan& p : plan->tables()) {
        const size_t ti = by_file.at(FileName(p.spec->table));
        const LiveTable* t = FindLive(live, p.spec->table);
        for (size_t c = 0; c < p.spec->columns.size(); ++c) {
          const ColumnSpec& spec = p.spec->columns[c];
          const ColumnInfo* info = t ? t->schema.Find(spec.name) : nullptr;
          const Generator* gen = p.model->generator(static_cast<int>(c));
          if (!info || !gen) continue;
          Diagnostics column;
          CheckColumn(p, spec, *gen, *info, catalog, column);
          if (column.ok()) continue;
          const auto& cols = drafts[ti].columns;
          const auto it = std::find_if(cols.begin(), cols.end(), [&](const ColumnDraft& d) { return d.name == spec.name; });
          failed[{ti, static_cast<size_t>(it - cols.begin())}] = column.errors().front().message();
        }
      }
    }
    bool moved = false;
    for (const auto& [at, why] : failed) {
      ColumnDraft& c = drafts[at.first].columns[at.second];
      if (c.chosen + 1 < c.candidates.size()) ++c.chosen, moved = true;
    }
    if (failed.empty() || !moved || round == 15) {
      for (const auto& [ti, why] : table_problems) unfitted[ti].push_back(why);
      for (const auto& [at, why] : failed) {
        drafts[at.first].columns[at.second].comment = "review: " + why;
        unfitted[at.first].push_back(why);
      }
      break;
    }
  }
  return unfitted;
}

}  // namespace

Result<InitResult> InitSpecs(Driver& db, const InitOptions& options) {
  InitResult result;
  Result<std::vector<LiveTable>> live = ReadTables(db, options, result.left_out);
  if (!live.ok()) return live.status();
  if (live->empty()) return Status::Usage("the database has no tables to write specs for; run your migrations first");
  std::vector<TableDraft> drafts = DraftSpecs(*live);
  std::vector<std::vector<std::string>> unfitted = Fit(drafts, *live, db.catalog(), options.origin);
  std::vector<InitFile>& out = result.files;
  for (size_t i = 0; i < drafts.size(); ++i) {
    InitFile f;
    f.table = drafts[i].table;
    f.name = FileName(f.table);
    f.text = RenderSpec(drafts[i], options.origin);
    for (const ColumnDraft& c : drafts[i].columns)
      if (!c.pii.empty()) f.personal.push_back(c.name);
    f.unfitted = unfitted[i];
    out.push_back(std::move(f));
  }
  return result;
}

namespace {

// The columns a spec's "# init read:" lines name (empty for a spec init
// did not write: then every column the spec lacks counts as new).
std::set<std::string> ReadColumns(const std::string& text) {
  std::set<std::string> out;
  std::stringstream ss(text);
  for (std::string line; std::getline(ss, line);) {
    if (line.rfind(kReadMarker, 0) != 0) continue;
    std::stringstream items(line.substr(sizeof kReadMarker - 1));
    for (std::string item; std::getline(items, item, ',');) {
      const size_t b = item.find_first_not_of(' '), e = item.find_last_not_of(' ');
      if (b == std::string::npos) continue;
      item = item.substr(b, e - b + 1);
      if (item.size() >= 2 && item.front() == '"') item = item.substr(1, item.size() - 2);  // YamlText quoting
      out.insert(item);
    }
  }
  return out;
}

// `text` with its "# init read:" lines replaced by ones naming `columns`
// (the first line's place; after the header comment if it had none).
std::string WithReadColumns(const std::string& text, const std::vector<std::string>& columns) {
  std::stringstream ss(text);
  std::string out;
  bool written = false;
  for (std::string line; std::getline(ss, line);) {
    if (line.rfind(kReadMarker, 0) == 0) {
      if (!written) out += ReadColumnsComment(columns), written = true;
      continue;
    }
    out += line + "\n";
  }
  return written ? out : text;
}

// `text` with `lines` (column lines, unindented) added at the end of its
// `columns` block, in the block's own indentation.
Result<std::string> AddColumns(const std::string& text, const std::string& file, const std::vector<std::string>& lines) {
  Result<Node> root = LoadYamlString(text, file);
  if (!root.ok()) return root.status();
  const Node* columns = root->Find("columns");
  if (!columns || !columns->IsMap() || columns->entries.empty())
    return Status::Error(Code::kSpec, "no columns map to add to", Mark{file, 1, 1});
  const Mark first = columns->entries.front().first.mark, last = columns->entries.back().first.mark;
  const Mark block = columns->mark;
  std::vector<std::string> file_lines;
  std::stringstream ss(text);
  for (std::string l; std::getline(ss, l);) file_lines.push_back(l);
  const std::string& opening = file_lines.at(static_cast<size_t>(block.line - 1));
  if (static_cast<size_t>(block.column - 1) < opening.size() && opening[block.column - 1] == '{')
    return Status::Error(Code::kSpec, "columns is a flow map ({...}); add the columns by hand", block);
  const size_t indent = static_cast<size_t>(first.column - 1);
  // After the last entry and the lines that continue it (indented deeper).
  size_t at = static_cast<size_t>(last.line);
  while (at < file_lines.size() && file_lines[at].size() > indent &&
         file_lines[at].find_first_not_of(' ') > indent)
    ++at;
  std::vector<std::string> added;
  for (const std::string& l : lines) added.push_back(std::string(indent, ' ') + l);
  file_lines.insert(file_lines.begin() + static_cast<std::ptrdiff_t>(at), added.begin(), added.end());
  std::string out;
  for (const std::string& l : file_lines) out += l + "\n";
  return out;
}

// What the existing specs no longer match: columns and tables gone, and
// columns whose generator no longer fits the column's type.
void ReportDrift(const std::string& dir, const std::vector<LiveTable>& live, const Catalog& catalog,
                 std::vector<std::string>& reports) {
  Diagnostics diag;
  std::vector<TableSpec> specs = LoadSpecDir(dir, diag);
  PlanOptions opts;
  opts.values_shown = false;
  std::unique_ptr<Plan> plan;
  if (diag.ok()) plan = Plan::Build(specs, opts, diag);
  for (const Status& e : diag.errors()) reports.push_back(e.ToString());
  for (const TableSpec& spec : specs) {
    const LiveTable* t = FindLive(live, spec.table);
    if (!t) {
      reports.push_back(spec.file + ": table " + spec.table + " is no longer in the database; delete the spec"
                        " or restore the table");
      continue;
    }
    for (const ColumnSpec& c : spec.columns)
      if (c.write && !t->schema.Find(c.name))
        reports.push_back(spec.file + ": column " + spec.table + "." + c.name +
                          " is no longer in the database; remove it from the spec (or restore the column)");
    const TablePlan* p = plan ? plan->Find(spec.table) : nullptr;
    for (size_t i = 0; p && i < spec.columns.size(); ++i) {
      const ColumnInfo* info = t->schema.Find(spec.columns[i].name);
      const Generator* gen = p->model->generator(static_cast<int>(i));
      if (!info || !gen || !spec.columns[i].write) continue;
      Diagnostics column;
      CheckColumn(*p, spec.columns[i], *gen, *info, catalog, column);
      for (const Status& e : column.errors()) reports.push_back(spec.file + ": " + e.message());
    }
  }
}

}  // namespace

Result<InitUpdate> UpdateSpecs(Driver& db, const std::string& dir, const InitOptions& options) {
  InitUpdate out;
  Result<std::vector<LiveTable>> live = ReadTables(db, options, out.left_out);
  if (!live.ok()) return live.status();
  const std::map<std::string, SpecFile> existing = SpecFilesByTable(dir);
  ReportDrift(dir, *live, db.catalog(), out.reports);
  // Drafts of every table: the new ones are written whole, the others give
  // the lines of their new columns.
  std::vector<TableDraft> drafts = DraftSpecs(*live);
  std::vector<std::vector<std::string>> unfitted = Fit(drafts, *live, db.catalog(), options.origin);
  for (size_t i = 0; i < drafts.size(); ++i) {
    const TableDraft& d = drafts[i];
    auto spec = existing.find(d.table);
    if (spec == existing.end()) {
      InitFile f;
      f.table = d.table;
      f.name = FileName(d.table);
      f.text = RenderSpec(d, options.origin);
      for (const ColumnDraft& c : d.columns)
        if (!c.pii.empty()) f.personal.push_back(c.name);
      f.unfitted = unfitted[i];
      out.new_tables.push_back(std::move(f));
      continue;
    }
    Diagnostics diag;
    Result<Node> root = LoadYamlString(spec->second.text, spec->second.path);
    if (!root.ok()) continue;  // reported by ReportDrift
    const TableSpec parsed = ParseTableSpec(*root, spec->second.path, diag);
    const std::set<std::string> seen = ReadColumns(spec->second.text);
    std::vector<std::string> lines, all;
    for (const ColumnDraft& c : d.columns) {
      all.push_back(c.name);
      if (c.omitted || parsed.FindColumn(c.name) || seen.count(c.name)) continue;
      lines.push_back(RenderColumn(c));
      out.added.push_back(d.table + "." + c.name);
    }
    if (lines.empty()) continue;
    Result<std::string> text = AddColumns(spec->second.text, spec->second.path, lines);
    if (!text.ok()) {
      out.reports.push_back(text.status().ToString());
      continue;
    }
    out.changed.emplace_back(spec->second.path, WithReadColumns(*text, all));
  }
  return out;
}

}  // namespace seed
