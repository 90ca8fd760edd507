#include "engine/spec/json_schema.h"

#include <map>

#include <nlohmann/json.hpp>

#include "engine/spec/spec.h"
#include "engine/spec/spec_loader.h"

namespace seed {

namespace {

using nlohmann::ordered_json;

ordered_json Ref(const std::string& def) { return {{"$ref", "#/definitions/" + def}}; }

ordered_json Enum(const std::vector<std::string>& values) { return {{"enum", values}}; }

// A value written as one or as a list of several.
ordered_json OneOrList(const ordered_json& item) {
  return {{"anyOf", {item, {{"type", "array"}, {"items", item}}}}};
}

const ordered_json kScalar = {{"type", {"string", "number", "boolean"}}};

ordered_json OptionSchema(const OptionDecl& d) {
  ordered_json s;
  auto range = [&] {
    if (d.min) s["minimum"] = *d.min;
    if (d.max) s["maximum"] = *d.max;
  };
  switch (d.type) {
    case OptionType::kInt: s["type"] = "integer", range(); break;
    case OptionType::kNumber: s["type"] = "number", range(); break;
    case OptionType::kBool: s["type"] = "boolean"; break;
    case OptionType::kText: s = kScalar; break;
    case OptionType::kDecimal:
      s["type"] = {"number", "string"};
      s["pattern"] = "^[+-]?([0-9]+\\.?[0-9]*|\\.[0-9]+)$";
      break;
    case OptionType::kDate:
      s["type"] = "string", s["pattern"] = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$";
      break;
    case OptionType::kDateTime:
      s["type"] = "string";
      s["pattern"] = "^[0-9]{4}-[0-9]{2}-[0-9]{2}([ T][0-9]{2}:[0-9]{2}(:[0-9]{2})?Z?)?$";
      break;
    case OptionType::kTime:
      s["type"] = "string", s["pattern"] = "^[0-9]{2}:[0-9]{2}(:[0-9]{2})?$";
      break;
    case OptionType::kEnum: s = Enum(d.values); break;
    case OptionType::kTextList: s = OneOrList(kScalar); break;
    case OptionType::kNumberList: s = {{"type", "array"}, {"items", {{"type", "number"}}}}; break;
    case OptionType::kColumn:
    case OptionType::kTable: s["type"] = "string"; break;
    case OptionType::kColumnList: s = OneOrList({{"type", "string"}}); break;
    case OptionType::kGenerator: s = Ref("field"); break;
    case OptionType::kObject:
      s = {{"type", "object"}, {"minProperties", 1}, {"additionalProperties", Ref("field")}};
      break;
    case OptionType::kColumnMap:
      s = {{"type", "object"}, {"minProperties", 1}, {"maxProperties", 4}, {"additionalProperties", {{"type", "string"}}}};
      break;
  }
  std::string text = d.description;
  if (!d.def.empty()) text += " (default: " + d.def + ")";
  s["description"] = text;
  return s;
}

// The keys a column map may hold besides its generator's options.
ordered_json ColumnKeySchemas() {
  std::map<std::string, ordered_json> by_key = {
      {"generator", Ref("generator")},
      {"nullable", {{"type", "boolean"}, {"description", "may be NULL; null_rate defaults to 0.1"}}},
      {"null_rate",
       {{"type", "number"}, {"minimum", 0}, {"maximum", 1}, {"description", "the share of rows written NULL"}}},
      {"unique",
       {{"type", "boolean"},
        {"description", "distinct values by construction; checked against the row count before any write"}}},
      {"write",
       {{"type", "boolean"}, {"description", "false: a helper column, computed for other columns, never written"}}},
      {"pii", Ref("pii")},
      {"description", {{"type", "string"}}},
  };
  ordered_json out = ordered_json::object();
  for (const std::string& k : ColumnKeys()) out[k] = by_key.at(k);
  return out;
}

// One definition per generator: the keys `shared` (column keys, or just
// `generator` inside json) plus its options, nothing else.
ordered_json GeneratorBranch(const GeneratorInfo& g, const ordered_json& shared) {
  ordered_json props = shared;
  props["generator"] = true;  // checked once, by the column map itself
  ordered_json required = ordered_json::array();
  for (const OptionDecl& d : g.options) {
    props[d.name] = OptionSchema(d);
    if (d.required) required.push_back(d.name);
  }
  ordered_json s = {{"properties", props}, {"additionalProperties", false}};
  if (!required.empty()) s["required"] = required;
  return s;
}

// A column map: {generator: NAME, ...options}, or `expr:` / `template:`
// alone (their shorthand). Each generator's options are checked by an
// if/then pair, so an editor names the option that is not allowed.
ordered_json ColumnMap(const Registry& registry, const ordered_json& shared) {
  ordered_json branches = ordered_json::array();
  for (const GeneratorInfo& g : registry.all()) {
    ordered_json when = {{"required", {"generator"}},
                         {"properties", {{"generator", {{"const", g.name}}}}}};
    if (g.name == "expr" || g.name == "template")
      when = {{"anyOf", {when, {{"required", {g.name}}, {"not", {{"required", {"generator"}}}}}}}};
    branches.push_back({{"if", when}, {"then", GeneratorBranch(g, shared)}});
  }
  ordered_json props = ordered_json::object();
  props["generator"] = shared.at("generator");
  return {{"type", "object"},
          {"properties", props},
          {"anyOf", {{{"required", {"generator"}}}, {{"required", {"expr"}}}, {{"required", {"template"}}}}},
          {"allOf", branches}};
}

ordered_json PiiSchema() {
  ordered_json strategy = Ref("strategy");
  ordered_json per_env = {{"type", "object"}, {"additionalProperties", false}, {"properties", ordered_json::object()}};
  for (const std::string& env : EnvironmentNames()) per_env["properties"][env] = strategy;
  std::map<std::string, ordered_json> by_key = {
      {"category", Ref("pii_category")},
      {"strategy", {{"anyOf", {strategy, per_env}}, {"description", "one strategy, or one per environment"}}},
      {"reason", {{"type", "string"}, {"description", "why; required wherever a strategy is keep"}}},
      {"keep_first", {{"type", "integer"}, {"minimum", 0}, {"description", "partial: characters kept at the start"}}},
      {"keep_last", {{"type", "integer"}, {"minimum", 0}, {"description", "partial: characters kept at the end"}}},
      {"redact_with", {{"type", "string"}, {"description", "redact: this constant instead of NULL"}}},
      {"hash_length",
       {{"type", "integer"}, {"minimum", 8}, {"maximum", 64}, {"description", "hash: hex characters kept (16)"}}},
  };
  ordered_json props = ordered_json::object();
  for (const std::string& k : PiiKeys()) props[k] = by_key.at(k);
  return {{"description", "personal-data rule: a category, or a map"},
          {"anyOf",
           {Ref("pii_category"),
            {{"type", "object"}, {"required", {"category"}}, {"additionalProperties", false}, {"properties", props}}}}};
}

ordered_json TableKeySchemas() {
  ordered_json count_map = {{"type", "object"}, {"additionalProperties", false}, {"properties", ordered_json::object()}};
  for (const std::string& size : SizeNames()) count_map["properties"][size] = {{"type", "integer"}, {"minimum", 0}};
  ordered_json env_sizes = {{"type", "object"}, {"additionalProperties", false}, {"properties", ordered_json::object()}};
  for (const std::string& env : EnvironmentNames()) env_sizes["properties"][env] = Ref("size");
  std::map<std::string, ordered_json> children_keys = {
      {"of", {{"type", "string"}, {"description", "the parent table"}}},
      {"min", {{"type", "integer"}, {"minimum", 0}, {"description", "fewest rows per parent (1)"}}},
      {"max", {{"type", "integer"}, {"minimum", 0}, {"description", "most rows per parent (min)"}}},
      {"distribution", Enum({"uniform", "weighted"})},
      {"weights",
       {{"type", "array"}, {"items", {{"type", "number"}}}, {"description", "one weight per count from min to max"}}},
  };
  ordered_json children = {{"type", "object"}, {"required", {"of"}}, {"additionalProperties", false}};
  for (const std::string& k : ChildrenKeys()) children["properties"][k] = children_keys.at(k);
  std::map<std::string, ordered_json> source_keys = {
      {"file", {{"type", "string"}, {"description", "CSV, JSON or JSON Lines file, relative to the spec"}}},
      {"query", {{"type", "string"}, {"description", "SQL run on --source-db"}}},
  };
  ordered_json source_map = {{"type", "object"}, {"additionalProperties", false}, {"minProperties", 1},
                             {"maxProperties", 1}};
  for (const std::string& k : SourceKeys()) source_map["properties"][k] = source_keys.at(k);
  ordered_json retention_map = {{"type", "object"}, {"additionalProperties", false}, {"minProperties", 1},
                                {"properties", ordered_json::object()}};
  for (const std::string& env : EnvironmentNames()) retention_map["properties"][env] = Ref("retention_limit");
  ordered_json names = OneOrList({{"type", "string"}});
  ordered_json key_list = {{"type", "array"}, {"minItems", 2}, {"items", {{"type", "string"}}}};

  std::map<std::string, ordered_json> by_key = {
      {"table", {{"type", "string"}, {"minLength", 1}, {"description", "the table's name in the database"}}},
      {"description", {{"type", "string"}}},
      {"count",
       {{"description", "rows to seed: one number for every size, or rows per size"},
        {"anyOf", {{{"type", "integer"}, {"minimum", 0}}, count_map}}}},
      {"env_sizes", env_sizes},
      {"environments",
       {{"description", "where this table is seeded (default: all)"},
        {"anyOf", {Ref("env"), {{"type", "array"}, {"items", Ref("env")}}}}}},
      {"reference_data", {{"type", "boolean"}, {"description", "seeded in production too"}}},
      {"rollback", Enum(RollbackModes())},
      {"retention",
       {{"description", "how long seeded rows may live (seed-engine expire): 30d, 12h, 2w or never, for every"
                        " environment or per environment"},
        {"anyOf", {Ref("retention_limit"), retention_map}}}},
      {"depends_on", names},
      {"children", children},
      {"source",
       {{"description", "real rows: a file, or {file: ...} / {query: ...}"}, {"anyOf", {{{"type", "string"}}, source_map}}}},
      {"unique",
       {{"description", "composite keys: [a, b], or a list of such lists"},
        {"anyOf", {key_list, {{"type", "array"}, {"minItems", 1}, {"items", key_list}}}}}},
      {"columns",
       {{"type", "object"}, {"minProperties", 1}, {"additionalProperties", Ref("column")},
        {"description", "column name -> generator name or column map, in insertion order"}}},
  };
  ordered_json out = ordered_json::object();
  for (const std::string& k : TableKeys()) out[k] = by_key.at(k);
  return out;
}

}  // namespace

std::string SpecJsonSchema(const Registry& registry) {
  const ordered_json column_keys = ColumnKeySchemas();
  const ordered_json field_keys = {{"generator", column_keys.at("generator")}};
  ordered_json defs = ordered_json::object();
  defs["generator"] = {{"enum", registry.Names()}, {"description", "a value generator (seed-engine generators NAME)"}};
  defs["size"] = Enum(SizeNames());
  defs["env"] = Enum(EnvironmentNames());
  defs["strategy"] = Enum(PiiStrategies());
  defs["retention_limit"] = {{"type", "string"}, {"pattern", "^([0-9]{1,11}[smhdw]|never)$"}};
  defs["pii_category"] = Enum(PiiCategories());
  defs["pii"] = PiiSchema();
  defs["column"] = {{"description", "a generator name, or a map of column keys and the generator's options"},
                    {"anyOf", {column_keys.at("generator"), ColumnMap(registry, column_keys)}}};
  defs["field"] = {{"description", "a json field: a generator name, or a map of generator and options"},
                   {"anyOf", {column_keys.at("generator"), ColumnMap(registry, field_keys)}}};
  ordered_json schema = {
      {"$schema", "http://json-schema.org/draft-07/schema#"},
      {"$id", "https://seed-engine.dev/schemas/spec.schema.json"},
      {"title", "seed-engine table spec"},
      {"description",
       "One YAML file per table. Generated by `seed-engine json-schema` from the engine's own declarations;"
       " do not edit by hand."},
      {"type", "object"},
      {"required", {"table", "columns"}},
      {"additionalProperties", false},
      {"properties", TableKeySchemas()},
      // A row count from `count`, from a parent (`children`) or from real
      // rows (`source`, which takes neither of the others).
      {"anyOf", {{{"required", {"count"}}}, {{"required", {"children"}}}, {{"required", {"source"}}}}},
      {"if", {{"required", {"source"}}}},
      {"then", {{"not", {{"anyOf", {{{"required", {"count"}}}, {{"required", {"children"}}}}}}}}},
      {"definitions", defs},
  };
  return schema.dump(2) + "\n";
}

}  // namespace seed
