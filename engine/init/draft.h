// Draft specs inferred from a live schema, for `seed-engine init`: every
// column gets a list of candidate generators (the name's meaning first,
// then what the type alone allows), keys become references, children and
// composite keys the engine can keep distinct, personal-looking columns get
// a pii rule to review. Pure functions of the schema: the database is read
// by the caller (engine/init/init.h), which also fits the candidates.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "engine/driver/schema.h"

namespace seed {

// One table as the database holds it.
struct LiveTable {
  TableSchema schema;
  uint64_t rows = 0;  // rows it holds now
};

struct ColumnDraft {
  std::string name;
  // Column maps in YAML flow style ("{generator: email, unique: true}") or a
  // generator name, best first; the last fits any value of the type.
  std::vector<std::string> candidates;
  size_t chosen = 0;
  // Column keys added to whichever candidate is chosen: "unique: true",
  // "null_rate: 0.1", "pii: {...}".
  std::vector<std::string> keys;
  std::string pii;       // the category guessed; "" when none
  std::string comment;   // why, or what to review (after the column)
  bool omitted = false;  // left to the database: written as a comment only
};

struct TableDraft {
  std::string table;
  uint64_t rows = 0;
  std::vector<ColumnDraft> columns;
  // `count: ...` or `children: ...`, a YAML line without its newline.
  std::string size_line;
  std::vector<std::string> unique;  // composite keys, "[a, b]"
  bool lookup = false;              // small, referenced, no references of its own
  std::vector<std::string> review;  // header lines: what a reviewer must check
};

// The table named `name`, or nullptr.
const LiveTable* FindLive(const std::vector<LiveTable>& tables, const std::string& name);

// Drafts for `tables` (the database's, ledger tables left out), in the
// order given.
std::vector<TableDraft> DraftSpecs(const std::vector<LiveTable>& tables);

// A YAML scalar for `s`: plain when YAML reads it back as the same string,
// else double-quoted.
std::string YamlText(const std::string& s);

// One column's line of a spec, without indentation or newline:
// "email: {generator: email, ...}", or "# name: why" for an omitted one.
std::string RenderColumn(const ColumnDraft& c);

// "# init read: a, b, c" lines (wrapped) naming the columns init saw, so
// that `init --update` adds only the columns that appeared since and never
// brings back one the user removed from the spec.
inline constexpr char kReadMarker[] = "# init read: ";
std::string ReadColumnsComment(const std::vector<std::string>& columns);

// The spec file for a draft; `origin` names the database (no password).
// `lines` receives, per column, the 1-based line it is written on (0 for
// an omitted one), so that an error's mark names its column.
std::string RenderSpec(const TableDraft& d, const std::string& origin, std::vector<int>* lines = nullptr);

}  // namespace seed
