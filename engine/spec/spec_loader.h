// Reads a spec directory (one YAML file per table) into TableSpecs. Checks
// structure and keys only; generator names and options are checked when the
// planner builds the generators. Every problem is reported, with its mark.
#pragma once

#include <string>
#include <vector>

#include "engine/core/status.h"
#include "engine/spec/spec.h"

namespace seed {

// Parses one spec document. Problems go to `diag`; the returned spec holds
// whatever could be read.
TableSpec ParseTableSpec(const Node& root, const std::string& file, Diagnostics& diag);

// Every *.yaml / *.yml file directly in `dir`, in name order. Duplicate
// table names, unknown depends_on targets and an empty directory are errors.
std::vector<TableSpec> LoadSpecDir(const std::string& dir, Diagnostics& diag);

// A retention limit: a duration (engine/core/utc_time.h) or "never"
// (kKeepForever).
Result<int64_t> RetentionLimit(const std::string& text);
// A retention policy on a command line or in the config file: "30d" (every
// environment) or "dev=30d,staging=14d,production=never".
Result<RetentionSpec> ParseRetentionText(const std::string& text);

// Known values, shared with validation and the README.
const std::vector<std::string>& SizeNames();         // small, medium, large
const std::vector<std::string>& EnvironmentNames();  // dev, staging, production
const std::vector<std::string>& PiiCategories();
const std::vector<std::string>& PiiStrategies();
const std::vector<std::string>& RollbackModes();     // delete, truncate, none
// The keys the loader accepts, per map (the JSON Schema is built from them).
const std::vector<std::string>& TableKeys();
const std::vector<std::string>& ChildrenKeys();
const std::vector<std::string>& SourceKeys();
const std::vector<std::string>& PiiKeys();

}  // namespace seed
