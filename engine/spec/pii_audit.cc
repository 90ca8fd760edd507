#include "engine/spec/pii_audit.h"

#include <algorithm>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <tuple>

#include "engine/gen/generator.h"

namespace seed {

namespace {

// Generators whose values look personal, and the category that fits them.
const std::map<std::string, std::string>& PersonalGenerators() {
  static const std::map<std::string, std::string> k = {{"first_name", "name"},
                                                       {"last_name", "name"},
                                                       {"full_name", "name"},
                                                       {"email", "email"},
                                                       {"username", "username"},
                                                       {"phone", "phone"},
                                                       {"street_address", "address"},
                                                       {"secondary_address", "address"},
                                                       {"zip", "postal_code"},
                                                       {"ipv4", "ip"},
                                                       {"ipv6", "ip"},
                                                       {"mac_address", "other"},
                                                       {"license_number", "license_number"},
                                                       {"latitude", "geo"},
                                                       {"longitude", "geo"}};
  return k;
}

// How much of the real value survives: higher is safer.
int Strength(const std::string& s) {
  if (s == "keep" || s == "verbatim") return 0;
  if (s == "partial") return 1;
  if (s == "fake" || s == "hash") return 2;
  if (s == "redact") return 3;
  return 4;  // none: not personal
}

std::string DefaultStrategy(const std::string& env) {
  PiiRule any;
  any.category = "other";
  return PiiStrategyFor(any, env);
}

bool RealData(const TableSpec& t, const ColumnSpec& c) {
  return t.source && ReadsRealData(c.generator);
}
bool Personal(const PiiRule* r) { return r && r->category != "none"; }

// Characters a partial keeps at the start and the end, or nothing when the
// masker keeps a part instead (an email's domain, a birth date's year).
std::optional<std::pair<int, int>> PartialKeeps(const PiiRule& r) {
  if (r.keep_first < 0 && r.keep_last < 0) {
    if (r.category == "email" || r.category == "date_of_birth") return std::nullopt;
    if (r.category == "phone") return std::pair{0, 4};
    if (r.category == "postal_code") return std::pair{3, 0};
    return std::pair{1, 0};
  }
  return std::pair{std::max(r.keep_first, 0), std::max(r.keep_last, 0)};
}

std::string KeepsText(const std::pair<int, int>& k) {
  return "partial (first " + std::to_string(k.first) + ", last " + std::to_string(k.second) + ")";
}

std::string Hint(const std::string& category) {
  return "pii: {category: " + (category.empty() ? std::string("other") : category) + "}";
}


struct Located {
  const TableSpec* table;
  const ColumnSpec* column;
};
using ColumnIndex = std::map<std::string, Located>;  // "table.column"

ColumnIndex Index(const std::vector<TableSpec>& specs) {
  ColumnIndex out;
  for (const TableSpec& t : specs)
    for (const ColumnSpec& c : t.columns) out[t.table + "." + c.name] = {&t, &c};
  return out;
}

// Collects the findings for one column of the new spec.
class ColumnAudit {
 public:
  ColumnAudit(const TableSpec& t, const ColumnSpec& c, const Located* was,
              std::vector<PiiFinding>& out)
      : t_(t),
        c_(c),
        was_(was),
        then_(was ? was->column->pii ? &*was->column->pii : nullptr : nullptr),
        real_(RealData(t, c)),
        was_real_(was && RealData(*was->table, *was->column)),
        out_(out) {}

  void Unruled(const PiiNames& names);
  void Ruled();

 private:
  void Add(const std::string& env, const std::string& before, const std::string& after,
           const std::string& msg) {
    out_.push_back({c_.mark, t_.table, c_.name, env, before, after, msg});
  }
  void Strategy(const std::string& env);

  const TableSpec& t_;
  const ColumnSpec& c_;
  const Located* was_;
  const PiiRule* then_;
  bool real_, was_real_;
  std::vector<PiiFinding>& out_;
};

void ColumnAudit::Unruled(const PiiNames& names) {
  const std::string verbatim = real_ ? "; its real values are now copied verbatim" : "";
  if (Personal(then_)) {
    Add("all", then_->category, "no rule",
        "lost its pii rule (was " + then_->category + ")" + verbatim);
    return;
  }
  const PersonalLook look = DetectPersonal(c_, names);
  if (real_ && !was_real_) {  // before: generated, or not there
    Add("all", was_ ? "generated" : "absent", "verbatim",
        "real data (" + OriginOf(t_, c_).ToString(c_.generator) +
            ") without a pii rule is copied verbatim in every environment; " +
            (look.found() ? "it looks personal (" + look.reason + "): add " + Hint(look.category)
                          : "add a pii rule, or pii: {category: none, reason: \"...\"} if it is "
                            "not personal"));
    return;
  }
  if (look.found())
    Add("all", then_ ? "none" : "absent", "no rule",
        "looks personal (" + look.reason + ") and has no pii rule; add " + Hint(look.category));
}

void ColumnAudit::Ruled() {
  if (c_.pii->category == "none") {
    if (Personal(then_))
      Add("all", then_->category, "none",
          "now marked not personal (pii: none), was " + then_->category +
              (real_ ? "; its real values are copied verbatim" : ""));
    return;
  }
  for (const std::string env : {"dev", "staging", "production"}) Strategy(env);
}

void ColumnAudit::Strategy(const std::string& env) {
  const std::string now = PiiStrategyFor(*c_.pii, env);
  std::string then = Personal(then_) ? PiiStrategyFor(*then_, env) : DefaultStrategy(env);
  std::string label = Personal(then_) ? then : then + " (the default)";
  if (!Personal(then_) && was_real_) then = label = "verbatim";  // a rule added: only stronger
  const bool newly_real = real_ && !was_real_;
  if (newly_real && Strength(DefaultStrategy(env)) > Strength(then))
    then = DefaultStrategy(env), label = then + " (the default for real data)";
  if (Strength(now) < Strength(then)) {
    Add(env, then, now,
        env + " masking weakened from " + label + " to " + now +
            (newly_real ? " (the column now reads real data)" : ""));
    return;
  }
  if (now != "partial" || then != "partial" || !Personal(then_)) return;
  const auto keeps = PartialKeeps(*c_.pii), kept = PartialKeeps(*then_);
  if (keeps && kept && keeps != kept && keeps->first >= kept->first &&
      keeps->second >= kept->second)
    Add(env, KeepsText(*kept), KeepsText(*keeps),
        env + " partial masking keeps more characters: " + KeepsText(*keeps) + ", was " +
            KeepsText(*kept));
}

int EnvOrder(const std::string& env) {
  return env == "all" ? 0 : env == "dev" ? 1 : env == "staging" ? 2 : 3;
}

}  // namespace

PersonalLook DetectPersonal(const ColumnSpec& c, const PiiNames& names) {
  auto g = PersonalGenerators().find(c.generator);
  if (g != PersonalGenerators().end()) return {"generator '" + c.generator + "'", g->second};
  const PiiNameMatch m = names.Match(c.name);
  if (!m.found()) return {};
  return {"its name has '" + m.word + "'", m.category};
}

std::string LooksPersonal(const ColumnSpec& c, const PiiNames& names) {
  return DetectPersonal(c, names).reason;
}

void LintPii(const std::vector<TableSpec>& specs, const PiiNames& names, Diagnostics& diag) {
  for (const TableSpec& t : specs)
    for (const ColumnSpec& c : t.columns)
      if (!c.pii)
        if (const PersonalLook look = DetectPersonal(c, names); look.found())
          diag.SpecError(t.table + "." + c.name + " looks personal (" + look.reason +
                             ") but has no pii rule; add one, e.g. " + Hint(look.category) +
                             ", or pii: {category: none, reason: \"...\"} if it is not",
                         c.mark);
}

std::string PiiOrigin::ToString(const std::string& generator) const {
  if (kind == "file") return "source file " + file + ", field " + field;
  if (kind == "query") return "source query, field " + field;
  return "generated: " + generator;
}

PiiOrigin OriginOf(const TableSpec& t, const ColumnSpec& c) {
  if (!RealData(t, c)) return {"generated", "", ""};
  std::string field = c.name;
  if (const Node* f = c.node.Find("field"); f && f->IsScalar()) field = f->scalar;
  if (t.source->file.empty())
    return {"query", "", field};  // the query itself may hold values: not shown
  namespace fs = std::filesystem;
  std::string file = t.source->file;
  const std::string rel =
      fs::path(file).lexically_relative(t.dir.empty() ? "." : t.dir).generic_string();
  if (!rel.empty() && rel.rfind("..", 0) != 0) file = rel;
  return {"file", file, field};
}

std::string MdCell(const std::string& s) {
  std::string out;
  for (char ch : s) out += ch == '|' ? std::string("\\|") : ch == '\n' || ch == '\r' ? std::string(" ") : std::string(1, ch);
  return out;
}

std::vector<PiiEntry> PiiEntriesOf(const TableSpec& t) {
  std::vector<PiiEntry> out;
  for (const ColumnSpec& c : t.columns) {
    const PiiOrigin origin = OriginOf(t, c);
    if (c.pii)
      out.push_back({t.table, c.name, c.pii->category, c.pii->reason, origin.ToString(c.generator),
                     PiiStrategyFor(*c.pii, "dev"), PiiStrategyFor(*c.pii, "staging"),
                     PiiStrategyFor(*c.pii, "production"), origin});
    else if (origin.kind != "generated")
      out.push_back({t.table, c.name, "no rule", "no pii rule: real values are copied verbatim",
                     origin.ToString(c.generator), "verbatim", "verbatim", "verbatim", origin});
  }
  return out;
}

std::vector<PiiEntry> PiiInventory(const std::vector<TableSpec>& specs) {
  std::vector<PiiEntry> out;
  for (const TableSpec& t : specs) {
    std::vector<PiiEntry> entries = PiiEntriesOf(t);
    out.insert(out.end(), entries.begin(), entries.end());
  }
  return out;
}

const std::string& PiiEntry::StrategyIn(const std::string& env) const {
  return env == "production" ? production : env == "staging" ? staging : dev;
}

std::string InventoryMarkdown(const std::vector<PiiEntry>& entries) {
  std::string out =
      "| table | column | category | dev | staging | production | reason | source |\n"
      "| --- | --- | --- | --- | --- | --- | --- | --- |\n";
  for (const PiiEntry& e : entries)
    out += "| " + MdCell(e.table) + " | " + MdCell(e.column) + " | " + e.category + " | " + e.dev +
           " | " + e.staging + " | " + e.production + " | " + MdCell(e.reason) + " | " +
           MdCell(e.source) + " |\n";
  return out;
}

std::string InventoryJson(const std::vector<PiiEntry>& entries) {
  nlohmann::json j = nlohmann::json::array();
  for (const PiiEntry& e : entries) {
    nlohmann::json row = {
        {"table", e.table},
        {"column", e.column},
        {"category", e.category},
        {"strategy", {{"dev", e.dev}, {"staging", e.staging}, {"production", e.production}}},
        {"reason", e.reason},
        {"source", e.source},
        {"origin", e.origin.kind}};
    if (e.origin.kind == "file") row["source_file"] = e.origin.file;
    if (e.origin.kind != "generated") row["source_field"] = e.origin.field;
    j.push_back(std::move(row));
  }
  return j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) +
         "\n";  // specs need not be UTF-8
}

std::vector<PiiFinding> PiiWeakenings(const std::vector<TableSpec>& before,
                                      const std::vector<TableSpec>& after, const PiiNames& names) {
  const ColumnIndex old = Index(before), now = Index(after);
  std::set<std::string> tables_now;
  for (const TableSpec& t : after) tables_now.insert(t.table);
  std::vector<PiiFinding> out;
  for (const TableSpec& t : after)
    for (const ColumnSpec& c : t.columns) {
      auto it = old.find(t.table + "." + c.name);
      ColumnAudit audit(t, c, it == old.end() ? nullptr : &it->second, out);
      if (c.pii)
        audit.Ruled();
      else
        audit.Unruled(names);
    }
  for (const auto& [key, was] :
       old)  // gone from a table that stays: renamed, perhaps, without its rule
    if (!now.count(key) && tables_now.count(was.table->table) &&
        Personal(was.column->pii ? &*was.column->pii : nullptr))
      out.push_back({was.column->mark, was.table->table, was.column->name, "all",
                     was.column->pii->category, "removed",
                     "removed, with its pii rule (" + was.column->pii->category +
                         "); if it was renamed, give the new column the rule"});
  auto order = [](const PiiFinding& f) {
    return std::tuple(f.mark.file, f.mark.line, f.table, f.column, EnvOrder(f.environment),
                      f.message);
  };
  std::sort(out.begin(), out.end(),
            [&](const PiiFinding& a, const PiiFinding& b) { return order(a) < order(b); });
  out.erase(
      std::unique(out.begin(), out.end(),
                  [&](const PiiFinding& a, const PiiFinding& b) { return order(a) == order(b); }),
      out.end());
  return out;
}

std::string FindingsText(const std::vector<PiiFinding>& findings) {
  if (findings.empty()) return "PII audit: no column lost masking\n";
  std::string out = "PII audit: " + std::to_string(findings.size()) + " finding(s)\n";
  for (const PiiFinding& f : findings)
    out += f.mark.file + ":" + std::to_string(f.mark.line) + ": " + f.table + "." + f.column +
           ": " + f.message + "\n";
  return out;
}

std::string FindingsJson(const std::vector<PiiFinding>& findings) {
  nlohmann::json j = nlohmann::json::array();
  for (const PiiFinding& f : findings)
    j.push_back({{"file", f.mark.file},
                 {"line", f.mark.line},
                 {"table", f.table},
                 {"column", f.column},
                 {"environment", f.environment},
                 {"before", f.before},
                 {"after", f.after},
                 {"message", f.message}});
  return j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

}  // namespace seed
