// Spec: one table's declaration, as loaded from its YAML file. Plain data;
// the loader fills it and reports problems with marks, the planner reads it.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "engine/core/mark.h"
#include "engine/spec/node.h"

namespace seed {

// A personal-data rule on a column: what is personal and how each
// environment masks it (engine/pii/masker.h) when the value is real.
struct PiiRule {
  std::string category;                         // name, email, phone, ... or "none"
  std::map<std::string, std::string> strategy;  // env -> fake | partial | hash | redact | keep
  std::string reason;
  int keep_first = -1, keep_last = -1;          // partial: characters kept; -1 = category default
  std::optional<std::string> redact_with;       // redact: this constant instead of NULL
  int hash_length = 16;                         // hash: hex characters kept
  Mark mark;
};

// The strategy a rule gives `env`: the rule's own, else fake in dev,
// partial in staging, redact in production; "none" for category none.
std::string PiiStrategyFor(const PiiRule& rule, const std::string& env);

struct ColumnSpec {
  std::string name;
  Mark mark;                 // the column's key in the file
  std::string generator;     // registry name
  Mark generator_mark;
  Node node;                 // the whole column map: generator options live here
  bool nullable = false;     // may the engine write NULL
  double null_rate = 0;      // probability of NULL when nullable
  bool unique = false;
  // false: a helper column, computed for other columns to read (a looked-up
  // parent value, a shared draw) and never written to the database.
  bool write = true;
  std::optional<PiiRule> pii;
  std::string description;
};

// children: rows of this table are spread over the rows of a parent table,
// min..max per parent (e.g. 1 to 6 order_items per order).
struct ChildrenSpec {
  std::string parent;
  Mark mark;
  int64_t min = 1, max = 1;
  std::string distribution = "uniform";  // uniform | weighted
  std::vector<double> weights;           // weighted: one per count min..max
};

// unique: a set of columns no two rows may share (a composite key). The
// planner accepts it only when the generators make it distinct by
// construction.
struct UniqueSpec {
  std::vector<std::pair<std::string, Mark>> columns;
  Mark mark;
};

// Where a table's real rows come from: a file (CSV with a header row,
// JSON array of objects, or JSON Lines) or a query against --source-db.
struct SourceSpec {
  std::string file;   // resolved against the spec's directory
  std::string query;
  Mark mark;
};

// A row count per size name, or one count for every size.
struct CountSpec {
  std::map<std::string, int64_t> by_size;  // small / medium / large
  std::optional<int64_t> fixed;             // count: 500
  Mark mark;
};

// How long seeded rows may live in a database, per environment (`expire`
// enforces it): env -> seconds, or kKeepForever ("never"); the key "" holds
// `retention: 30d`, the limit of every environment not named.
constexpr int64_t kKeepForever = -1;
struct RetentionSpec {
  std::map<std::string, int64_t> limit;
  Mark mark;
  // The limit for `env`; none when this policy does not say.
  std::optional<int64_t> For(const std::string& env) const {
    auto it = limit.find(env);
    if (it == limit.end()) it = limit.find("");
    return it == limit.end() ? std::nullopt : std::optional<int64_t>(it->second);
  }
};

struct TableSpec {
  std::string file;  // path of the YAML file
  std::string dir;   // its directory: data files resolve against it
  std::string table;
  Mark mark;
  std::string description;
  CountSpec count;
  std::map<std::string, std::string> env_sizes;  // env -> size (dev: small, staging: medium)
  std::vector<std::string> environments;          // empty = every environment
  bool reference_data = false;                    // seeded in production too
  std::string rollback = "delete";                // delete | truncate | none
  Mark rollback_mark;
  RetentionSpec retention;
  std::vector<std::pair<std::string, Mark>> depends_on;
  std::optional<ChildrenSpec> children;
  std::optional<SourceSpec> source;  // real rows; the row count is theirs
  std::vector<UniqueSpec> unique;    // composite keys the rows must keep distinct
  std::vector<ColumnSpec> columns;
  std::string content_hash;  // hash of the parsed file (not comments), for logs and the ledger

  const ColumnSpec* FindColumn(const std::string& name) const {
    for (const ColumnSpec& c : columns)
      if (c.name == name) return &c;
    return nullptr;
  }
};

// Keys of a column map that belong to the column; every other key is a
// generator option.
inline const std::vector<std::string>& ColumnKeys() {
  static const std::vector<std::string> k = {"generator", "nullable", "null_rate", "unique",
                                             "write",     "pii",       "description"};
  return k;
}

}  // namespace seed
