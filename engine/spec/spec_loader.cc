#include "engine/spec/spec_loader.h"

#include <algorithm>
#include <charconv>
#include <filesystem>
#include <fstream>
#include <set>

#include "engine/core/utc_time.h"
#include "engine/gen/options.h"
#include "engine/gen/rng.h"
#include "engine/spec/yaml_loader.h"

namespace seed {

const std::vector<std::string>& SizeNames() {
  static const std::vector<std::string> k = {"small", "medium", "large"};
  return k;
}
const std::vector<std::string>& EnvironmentNames() {
  static const std::vector<std::string> k = {"dev", "staging", "production"};
  return k;
}
const std::vector<std::string>& PiiCategories() {
  static const std::vector<std::string> k = {
      "none",   "name",          "email",       "phone",          "address",  "postal_code",
      "date_of_birth", "national_id", "ip",     "license_number", "free_text", "financial",
      "geo",    "username",      "company",     "other"};
  return k;
}
const std::vector<std::string>& PiiStrategies() {
  static const std::vector<std::string> k = {"fake", "partial", "hash", "redact", "keep"};
  return k;
}

const std::vector<std::string>& TableKeys() {
  static const std::vector<std::string> k = {
      "table",          "description", "count",    "env_sizes", "environments",
      "reference_data", "rollback",    "retention", "depends_on", "children",
      "columns",        "source",      "unique"};
  return k;
}
const std::vector<std::string>& ChildrenKeys() {
  static const std::vector<std::string> k = {"of", "min", "max", "distribution", "weights"};
  return k;
}
const std::vector<std::string>& SourceKeys() {
  static const std::vector<std::string> k = {"file", "query"};
  return k;
}
const std::vector<std::string>& PiiKeys() {
  static const std::vector<std::string> k = {"category",  "strategy",    "reason",     "keep_first",
                                             "keep_last", "redact_with", "hash_length"};
  return k;
}
const std::vector<std::string>& RollbackModes() {
  static const std::vector<std::string> k = {"delete", "truncate", "none"};
  return k;
}

Result<int64_t> RetentionLimit(const std::string& text) {
  if (text == "never") return kKeepForever;
  return ParseDuration(text);
}

Result<RetentionSpec> ParseRetentionText(const std::string& text) {
  RetentionSpec out;
  size_t start = 0;
  while (start <= text.size()) {
    const size_t end = std::min(text.find(',', start), text.size());
    const std::string part = text.substr(start, end - start);
    const size_t eq = part.find('=');
    const std::string env = eq == std::string::npos ? "" : part.substr(0, eq);
    if (!env.empty() && std::find(EnvironmentNames().begin(), EnvironmentNames().end(), env) ==
                            EnvironmentNames().end())
      return Status::Usage("'" + env + "' is not an environment" + DidYouMean(env, EnvironmentNames()) +
                           "; write 30d, or dev=30d,staging=14d");
    Result<int64_t> limit = RetentionLimit(eq == std::string::npos ? part : part.substr(eq + 1));
    if (!limit.ok()) return limit.status();
    out.limit[env] = *limit;
    start = end + 1;
  }
  return out;
}

namespace {

// Small typed readers for table-level keys; they report at the node's mark.
class Reader {
 public:
  explicit Reader(Diagnostics& d) : d_(d) {}

  void CheckKeys(const Node& map, const std::vector<std::string>& known, const std::string& what) {
    for (const auto& [k, v] : map.entries)
      if (std::find(known.begin(), known.end(), k.scalar) == known.end())
        d_.SpecError("unknown key '" + k.scalar + "' in " + what + DidYouMean(k.scalar, known),
                     k.mark);
  }

  bool String(const Node& n, std::string& out, const std::string& key) {
    if (!n.IsScalar()) return Fail(n, "'" + key + "' must be a string, got " + n.Describe());
    out = n.scalar;
    return true;
  }

  bool Int(const Node& n, int64_t& out, const std::string& key) {
    std::string t;
    for (char c : n.scalar)
      if (c != '_') t += c;
    auto [p, ec] = std::from_chars(t.data(), t.data() + t.size(), out);
    if (!n.IsScalar() || n.quoted || t.empty() || ec != std::errc() || p != t.data() + t.size())
      return Fail(n, "'" + key + "' must be an integer, got " + n.Describe());
    return true;
  }

  bool NonNegative(const Node& n, int64_t& out, const std::string& key) {
    if (!Int(n, out, key)) return false;
    if (out < 0) return Fail(n, "'" + key + "' must not be negative");
    return true;
  }

  bool Bool(const Node& n, bool& out, const std::string& key) {
    if (n.IsScalar() && !n.quoted && (n.scalar == "true" || n.scalar == "false")) {
      out = n.scalar == "true";
      return true;
    }
    return Fail(n, "'" + key + "' must be true or false, got " + n.Describe());
  }

  bool Double(const Node& n, double& out, const std::string& key) {
    auto [p, ec] = std::from_chars(n.scalar.data(), n.scalar.data() + n.scalar.size(), out);
    if (!n.IsScalar() || n.scalar.empty() || ec != std::errc() ||
        p != n.scalar.data() + n.scalar.size())
      return Fail(n, "'" + key + "' must be a number, got " + n.Describe());
    return true;
  }

  bool OneOf(const Node& n, std::string& out, const std::string& key,
             const std::vector<std::string>& allowed) {
    if (!String(n, out, key)) return false;
    if (std::find(allowed.begin(), allowed.end(), out) != allowed.end()) return true;
    std::string list;
    for (const auto& a : allowed) list += (list.empty() ? "" : ", ") + a;
    return Fail(n, "'" + key + "' must be one of " + list + ", got '" + out + "'" +
                       DidYouMean(out, allowed));
  }

  bool Map(const Node& n, const std::string& key) {
    return n.IsMap() ? true : Fail(n, "'" + key + "' must be a map, got " + n.Describe());
  }

  bool Fail(const Node& n, const std::string& msg) {
    d_.SpecError(msg, n.mark);
    return false;
  }

 private:
  Diagnostics& d_;
};

void ParseCount(const Node& n, CountSpec& c, Reader& r) {
  c.mark = n.mark;
  if (n.IsScalar()) {
    int64_t v;
    if (r.NonNegative(n, v, "count")) c.fixed = v;
    return;
  }
  if (!r.Map(n, "count")) return;
  for (const auto& [k, v] : n.entries) {
    std::string size;
    int64_t rows;
    if (r.OneOf(k, size, "count", SizeNames()) && r.NonNegative(v, rows, "count." + size))
      c.by_size[size] = rows;
  }
}

void ParseChildren(const Node& n, TableSpec& t, Reader& r) {
  if (!r.Map(n, "children")) return;
  r.CheckKeys(n, ChildrenKeys(), "children");
  ChildrenSpec c;
  c.mark = n.mark;
  if (const Node* of = n.Find("of")) r.String(*of, c.parent, "children.of");
  else r.Fail(n, "children needs 'of: <parent table>'");
  if (const Node* v = n.Find("min")) r.NonNegative(*v, c.min, "children.min");
  if (const Node* v = n.Find("max")) r.NonNegative(*v, c.max, "children.max");
  else c.max = c.min;
  if (c.min > c.max) r.Fail(n, "children.min (" + std::to_string(c.min) +
                                   ") is greater than children.max (" + std::to_string(c.max) + ")");
  if (const Node* v = n.Find("distribution"))
    r.OneOf(*v, c.distribution, "children.distribution", {"uniform", "weighted"});
  if (const Node* w = n.Find("weights")) {
    if (!w->IsSequence()) r.Fail(*w, "children.weights must be a list of numbers");
    for (const Node& item : w->items) {
      double d;
      if (r.Double(item, d, "children.weights")) c.weights.push_back(d);
    }
    if (c.weights.size() != static_cast<size_t>(c.max - c.min + 1))
      r.Fail(*w, "children.weights needs one weight per count from " + std::to_string(c.min) +
                     " to " + std::to_string(c.max) + " (" +
                     std::to_string(c.max - c.min + 1) + " weights)");
    c.distribution = "weighted";
  } else if (c.distribution == "weighted") {
    r.Fail(n, "children.distribution 'weighted' needs 'weights'");
  }
  t.children = std::move(c);
}

}  // namespace

std::string PiiStrategyFor(const PiiRule& rule, const std::string& env) {
  if (rule.category == "none") return "none";
  auto it = rule.strategy.find(env);
  if (it != rule.strategy.end()) return it->second;
  return env == "dev" ? "fake" : env == "staging" ? "partial" : "redact";
}

namespace {

// `source: data/clients.csv`, or `source: {file: ...}` / `{query: ...}`.
void ParseSource(const Node& n, TableSpec& t, Reader& r) {
  SourceSpec src;
  src.mark = n.mark;
  if (n.IsScalar()) {
    r.String(n, src.file, "source");
  } else if (r.Map(n, "source")) {
    r.CheckKeys(n, SourceKeys(), "source");
    if (const Node* f = n.Find("file")) r.String(*f, src.file, "source.file");
    if (const Node* q = n.Find("query")) r.String(*q, src.query, "source.query");
    if (src.file.empty() == src.query.empty())
      r.Fail(n, "source needs exactly one of 'file' (CSV or JSON) and 'query' (SQL on --source-db)");
  }
  if (!src.file.empty()) src.file = (std::filesystem::path(t.dir) / src.file).string();
  if (t.children || t.count.fixed || !t.count.by_size.empty())
    r.Fail(n, "a table with a 'source' takes its row count from it; drop 'count' and 'children'");
  t.source = std::move(src);
}

void ParsePii(const Node& n, ColumnSpec& col, Reader& r) {
  PiiRule rule;
  rule.mark = n.mark;
  if (n.IsScalar()) {
    r.OneOf(n, rule.category, "pii", PiiCategories());
  } else if (r.Map(n, "pii")) {
    r.CheckKeys(n, PiiKeys(), "pii");
    int64_t v = 0;
    if (const Node* k = n.Find("keep_first"); k && r.NonNegative(*k, v, "pii.keep_first"))
      rule.keep_first = static_cast<int>(v);
    if (const Node* k = n.Find("keep_last"); k && r.NonNegative(*k, v, "pii.keep_last"))
      rule.keep_last = static_cast<int>(v);
    if (const Node* k = n.Find("hash_length"); k && r.NonNegative(*k, v, "pii.hash_length")) {
      if (v < 8 || v > 64) r.Fail(*k, "'hash_length' must be between 8 and 64");
      rule.hash_length = static_cast<int>(v);
    }
    if (const Node* k = n.Find("redact_with")) r.String(*k, rule.redact_with.emplace(), "pii.redact_with");
    if (const Node* c = n.Find("category")) r.OneOf(*c, rule.category, "pii.category", PiiCategories());
    else r.Fail(n, "pii needs a 'category'");
    if (const Node* reason = n.Find("reason")) r.String(*reason, rule.reason, "pii.reason");
    if (const Node* s = n.Find("strategy")) {
      if (s->IsScalar()) {
        std::string v;
        if (r.OneOf(*s, v, "pii.strategy", PiiStrategies()))
          for (const auto& env : EnvironmentNames()) rule.strategy[env] = v;
      } else if (r.Map(*s, "pii.strategy")) {
        for (const auto& [k, v] : s->entries) {
          std::string env, strategy;
          if (r.OneOf(k, env, "pii.strategy", EnvironmentNames()) &&
              r.OneOf(v, strategy, "pii.strategy." + env, PiiStrategies()))
            rule.strategy[env] = strategy;
        }
      }
    }
  }
  for (const auto& [env, strategy] : rule.strategy)
    if (strategy == "keep" && rule.reason.empty())
      r.Fail(n, "pii strategy 'keep' for " + env + " needs a 'reason'");
  col.pii = std::move(rule);
}

ColumnSpec ParseColumn(const Node& key, const Node& n, Reader& r) {
  ColumnSpec col;
  col.name = key.scalar;
  col.mark = key.mark;
  col.node = n;
  if (n.IsScalar()) {  // shorthand: `id: sequence`
    col.generator = n.scalar;
    col.generator_mark = n.mark;
    col.node = Node{};
    return col;
  }
  if (!n.IsMap()) {
    r.Fail(n, "column '" + col.name + "' must be a generator name or a map, got " + n.Describe());
    return col;
  }
  if (const Node* g = n.Find("generator")) {
    r.String(*g, col.generator, "generator");
    col.generator_mark = g->mark;
  } else if (const Node* e = n.Find("expr")) {
    col.generator = "expr", col.generator_mark = e->mark;
  } else if (const Node* t = n.Find("template")) {
    col.generator = "template", col.generator_mark = t->mark;
  } else {
    r.Fail(key, "column '" + col.name + "' needs a 'generator' (or 'expr' / 'template')");
  }
  const Node* nullable = n.Find("nullable");
  if (nullable) r.Bool(*nullable, col.nullable, "nullable");
  if (const Node* v = n.Find("null_rate")) {
    if (r.Double(*v, col.null_rate, "null_rate") && (col.null_rate < 0 || col.null_rate > 1))
      r.Fail(*v, "'null_rate' must be between 0 and 1");
    if (nullable && !col.nullable && col.null_rate > 0)
      r.Fail(*v, "'null_rate' contradicts 'nullable: false'; drop one of them");
    col.nullable = col.nullable || col.null_rate > 0;
  } else if (col.nullable) {
    col.null_rate = 0.1;  // documented default for `nullable: true`
  }
  if (const Node* v = n.Find("unique")) r.Bool(*v, col.unique, "unique");
  if (col.unique && col.null_rate > 0) r.Fail(n, "a unique column cannot have a null_rate");
  if (const Node* v = n.Find("write")) r.Bool(*v, col.write, "write");
  if (const Node* v = n.Find("description")) r.String(*v, col.description, "description");
  if (const Node* v = n.Find("pii")) ParsePii(*v, col, r);
  return col;
}

void ParseNameList(const Node& n, const std::string& key, Reader& r,
                   std::vector<std::pair<std::string, Mark>>& out) {
  if (n.IsScalar()) {
    out.emplace_back(n.scalar, n.mark);
    return;
  }
  if (!n.IsSequence()) {
    r.Fail(n, "'" + key + "' must be a list of names");
    return;
  }
  for (const Node& item : n.items) {
    std::string name;
    if (r.String(item, name, key)) out.emplace_back(name, item.mark);
  }
}

// unique: [a, b] (one composite key) or [[a, b], [a, c]] (several).
void ParseUnique(const Node& n, TableSpec& t, Reader& r) {
  const bool several = n.IsSequence() && !n.items.empty() && n.items[0].IsSequence();
  if (!n.IsSequence() || n.items.empty()) {
    r.Fail(n, "'unique' must be a list of columns, e.g. unique: [tenant_id, email],"
              " or a list of such lists");
    return;
  }
  for (const Node& key : several ? n.items : std::vector<Node>{n}) {
    UniqueSpec u;
    u.mark = key.mark;
    ParseNameList(key, "unique", r, u.columns);
    if (u.columns.size() < 2)
      r.Fail(key, "a unique key in 'unique' needs two or more columns; for one column write"
                  " `unique: true` on the column itself");
    else
      t.unique.push_back(std::move(u));
  }
}

// retention: 30d, or {dev: 30d, staging: 14d, production: never}.
void ParseRetention(const Node& n, RetentionSpec& out, Reader& r) {
  out.mark = n.mark;
  auto limit = [&](const Node& v, const std::string& env) {
    std::string text;
    if (!r.String(v, text, "retention")) return;
    Result<int64_t> seconds = RetentionLimit(text);
    if (!seconds.ok()) r.Fail(v, "retention: " + seconds.status().message() + ", or never");
    else out.limit[env] = *seconds;
  };
  if (n.IsScalar()) return limit(n, "");
  if (!r.Map(n, "retention")) return;
  for (const auto& [k, v] : n.entries) {
    std::string env;
    if (r.OneOf(k, env, "retention", EnvironmentNames())) limit(v, env);
  }
}

void ParseTableKeys(const Node& root, TableSpec& t, Reader& r) {
  if (const Node* n = root.Find("description")) r.String(*n, t.description, "description");
  if (const Node* n = root.Find("count")) ParseCount(*n, t.count, r);
  if (const Node* n = root.Find("env_sizes"); n && r.Map(*n, "env_sizes")) {
    for (const auto& [k, v] : n->entries) {
      std::string env, size;
      if (r.OneOf(k, env, "env_sizes", EnvironmentNames()) &&
          r.OneOf(v, size, "env_sizes." + env, SizeNames()))
        t.env_sizes[env] = size;
    }
  }
  if (const Node* n = root.Find("environments")) {
    std::vector<std::pair<std::string, Mark>> envs;
    ParseNameList(*n, "environments", r, envs);
    for (auto& [e, m] : envs) {
      if (std::find(EnvironmentNames().begin(), EnvironmentNames().end(), e) ==
          EnvironmentNames().end())
        r.Fail(*n, "unknown environment '" + e + "'" + DidYouMean(e, EnvironmentNames()));
      t.environments.push_back(e);
    }
  }
  if (const Node* n = root.Find("reference_data")) r.Bool(*n, t.reference_data, "reference_data");
  if (const Node* n = root.Find("rollback")) {
    r.OneOf(*n, t.rollback, "rollback", RollbackModes());
    t.rollback_mark = n->mark;
  }
  if (const Node* n = root.Find("retention")) ParseRetention(*n, t.retention, r);
  if (const Node* n = root.Find("depends_on")) ParseNameList(*n, "depends_on", r, t.depends_on);
  if (const Node* n = root.Find("children")) ParseChildren(*n, t, r);
  if (const Node* n = root.Find("source")) ParseSource(*n, t, r);
  if (const Node* n = root.Find("unique")) ParseUnique(*n, t, r);
}

}  // namespace

TableSpec ParseTableSpec(const Node& root, const std::string& file, Diagnostics& diag) {
  Reader r(diag);
  TableSpec t;
  t.file = file;
  t.dir = std::filesystem::path(file).parent_path().string();
  t.mark = Mark{file, 1, 1};
  if (!root.IsMap()) {
    // An empty document has no position of its own: point at its start.
    const Mark at = root.mark.valid() ? root.mark : Mark{file, 1, 1};
    diag.SpecError((root.IsNull() ? std::string("the spec file is empty")
                                  : "a spec file must be a map with 'table' and 'columns', got " + root.Describe()) +
                       "; start it like: table: users / count: 10 / columns: {id: sequence}"
                       " (one key per line)",
                   at);
    return t;
  }
  r.CheckKeys(root, TableKeys(), "table spec");
  if (const Node* n = root.Find("table")) {
    if (r.String(*n, t.table, "table")) t.mark = n->mark;
  } else {
    r.Fail(root, "missing 'table: <name>'");
  }
  ParseTableKeys(root, t, r);
  const Node* cols = root.Find("columns");
  if (!cols) {
    r.Fail(root, "missing 'columns'");
  } else if (r.Map(*cols, "columns")) {
    for (const auto& [k, v] : cols->entries) t.columns.push_back(ParseColumn(k, v, r));
    if (t.columns.empty()) r.Fail(*cols, "'columns' is empty");
  }
  if (!t.count.fixed && t.count.by_size.empty() && !t.children && !t.source)
    r.Fail(root, "missing 'count' (a number, or rows per size: small / medium / large)");
  return t;
}

namespace {

// A canonical text of a YAML tree: kinds, scalars (with their quoting) and
// map entries in file order.
void Canonical(const Node& n, std::string& out) {
  switch (n.kind) {
    case Node::Kind::kNull: out += '~'; return;
    case Node::Kind::kScalar:
      out += n.quoted ? '"' : '\'';
      out += std::to_string(n.scalar.size()) + ':' + n.scalar;
      return;
    case Node::Kind::kSequence:
      out += '[';
      for (const Node& i : n.items) Canonical(i, out);
      out += ']';
      return;
    case Node::Kind::kMap:
      out += '{';
      for (const auto& [k, v] : n.entries) Canonical(k, out), Canonical(v, out);
      out += '}';
      return;
  }
}

}  // namespace

std::vector<TableSpec> LoadSpecDir(const std::string& dir, Diagnostics& diag) {
  namespace fs = std::filesystem;
  std::vector<TableSpec> specs;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    diag.Error(Code::kUsage, dir + ": not a directory of spec files");
    return specs;
  }
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(dir, ec)) {
    const auto ext = e.path().extension();
    // seed-engine.yaml beside the specs is the command-line defaults file
    // (cli/common.h), not a table.
    if (e.is_regular_file() && (ext == ".yaml" || ext == ".yml") && e.path().stem() != "seed-engine")
      files.push_back(e.path());
  }
  std::sort(files.begin(), files.end());
  if (files.empty()) diag.SpecError("no *.yaml spec files in this directory", Mark{dir, 0, 0});
  for (const fs::path& f : files) {
    Result<Node> root = LoadYamlFile(f.string());
    if (!root.ok()) {
      diag.Add(root.status());
      continue;
    }
    specs.push_back(ParseTableSpec(*root, f.string(), diag));
    // Over the parsed content, not the bytes: comments and layout do not
    // make a seeded table "changed".
    std::string canonical;
    Canonical(*root, canonical);
    char hex[17];
    snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(HashString(canonical)));
    specs.back().content_hash = hex;
  }
  std::set<std::string> names;
  for (const TableSpec& t : specs)
    if (!t.table.empty() && !names.insert(t.table).second)
      diag.SpecError("table '" + t.table + "' is defined by more than one spec", t.mark);
  return specs;
}

}  // namespace seed
