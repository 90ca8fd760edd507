// `seed-engine init`: specs written from a live schema that seed with zero
// edits. The drafts (engine/init/draft.h) are planned like any spec and
// checked column by column against the live schema, the same checks a run
// makes; a column whose candidate does not fit moves to the next one.
// `--update` adds what appeared in the database since to existing specs
// and reports what disappeared or no longer fits, never rewriting it.
#pragma once

#include <string>
#include <vector>

#include "engine/core/status.h"
#include "engine/driver/driver.h"

namespace seed {

struct InitOptions {
  std::vector<std::string> tables;   // only these (and the tables they reference); empty: all
  std::vector<std::string> exclude;  // never these
  std::string origin;                // the database, for the header (no password)
};

struct InitFile {
  std::string table;
  std::string name;  // file name in the spec directory: TABLE.yaml
  std::string text;
  std::vector<std::string> personal;   // columns given a pii rule to review
  std::vector<std::string> unfitted;   // problems no candidate solved (the spec says "review")
};

struct InitResult {
  std::vector<InitFile> files;
  // Tables written by triggers (the database fills them as it fills its
  // other tables): no spec, each with why.
  std::vector<std::string> left_out;
};

// One spec per table of the database (ledger tables left out).
Result<InitResult> InitSpecs(Driver& db, const InitOptions& options);

// What `init --update` found for the spec directory `dir`.
struct InitUpdate {
  std::vector<InitFile> new_tables;                      // to write
  std::vector<std::pair<std::string, std::string>> changed;  // file -> its new text (columns added)
  std::vector<std::string> added;    // "table.column" added to an existing spec
  std::vector<std::string> reports;  // disappeared or changed: for the user, never applied
  std::vector<std::string> left_out;  // as InitResult::left_out
};
Result<InitUpdate> UpdateSpecs(Driver& db, const std::string& dir, const InitOptions& options);

}  // namespace seed
