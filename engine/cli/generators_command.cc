// `seed-engine generators [NAME]` and `seed-engine json-schema`: the
// generator registry's declarations, as a list, one generator's options
// with a sampled example, the README's table, or the spec JSON Schema.
#include <iostream>

#include <nlohmann/json.hpp>

#include "engine/cli/common.h"
#include "engine/exec/generator_example.h"
#include "engine/spec/json_schema.h"

namespace seed::cli {

namespace {

std::string Number(double v) {
  std::string s = nlohmann::json(v).dump();
  if (s.size() > 2 && s.compare(s.size() - 2, 2, ".0") == 0) s.resize(s.size() - 2);
  return s;
}

std::string RangeText(const OptionDecl& d) {
  if (!d.min && !d.max) return "";
  if (d.min && d.max) return Number(*d.min) + ".." + Number(*d.max);
  return d.min ? "at least " + Number(*d.min) : "at most " + Number(*d.max);
}

std::string Pad(const std::string& s, size_t width) {
  return s + std::string(s.size() < width ? width - s.size() : 1, ' ');
}

void PrintList() {
  for (const GeneratorInfo& g : Registry::Default().all()) std::cout << Pad(g.name, 18) << g.summary << '\n';
}

int PrintOne(const GeneratorInfo& g) {
  std::cout << g.name << ": " << g.summary << "\n\n";
  if (g.options.empty()) {
    std::cout << "options: none\n";
  } else {
    size_t name_w = 0, type_w = 0;
    for (const OptionDecl& d : g.options)
      name_w = std::max(name_w, d.name.size()), type_w = std::max(type_w, OptionTypeWord(d).size());
    std::cout << "options:\n";
    for (const OptionDecl& d : g.options) {
      std::string notes = d.required ? "required" : d.def.empty() ? "" : "default " + d.def;
      const std::string range = RangeText(d);
      if (!range.empty()) notes += (notes.empty() ? "" : ", ") + range;
      std::cout << "  " << Pad(d.name, name_w + 2) << Pad(OptionTypeWord(d), type_w + 2) << d.description
                << (notes.empty() ? "" : " (" + notes + ")") << '\n';
    }
  }
  if (g.example.empty()) return 0;
  Result<ExampleRows> sample = SampleExample(g, 5);
  if (!sample.ok()) return Fail(sample.status());
  std::cout << "\nexample:\n";
  for (const std::string& spec : g.example_tables) {
    std::cout << "  # " << spec.substr(0, spec.find('\n')) << " (another spec)\n";
  }
  size_t start = 0;
  const std::string& text = sample->spec;
  while (start < text.size()) {
    const size_t end = std::min(text.find('\n', start), text.size());
    std::cout << "  " << text.substr(start, end - start) << '\n';
    start = end + 1;
  }
  std::cout << "\nsample (seed 42, the first rows):\n";
  PrintRows(sample->columns, sample->rows);
  return 0;
}

nlohmann::ordered_json Declarations() {
  nlohmann::ordered_json out = nlohmann::ordered_json::array();
  for (const GeneratorInfo& g : Registry::Default().all()) {
    nlohmann::ordered_json options = nlohmann::ordered_json::array();
    for (const OptionDecl& d : g.options) {
      nlohmann::ordered_json o = {{"name", d.name}, {"type", OptionTypeWord(d)}, {"description", d.description}};
      if (!d.def.empty()) o["default"] = d.def;
      if (d.type == OptionType::kEnum) o["values"] = d.values;
      if (d.min) o["min"] = *d.min;
      if (d.max) o["max"] = *d.max;
      if (d.required) o["required"] = true;
      options.push_back(o);
    }
    out.push_back({{"name", g.name}, {"group", g.group}, {"summary", g.summary}, {"options", options},
                   {"example", g.example}});
  }
  return out;
}

}  // namespace

cxxopts::Options GeneratorsCommandOptions() {
  cxxopts::Options o("seed-engine generators",
                     "List the value generators, or show one: its options, an example and sample values.");
  o.custom_help("[NAME] [options]");
  o.add_options()
      ("format", "text | markdown (the README's table) | json (every declaration)",
       cxxopts::value<std::string>()->default_value("text"))
      ("h,help", "show this help");
  return o;
}

int GeneratorsCommand(int argc, char** argv) {
  cxxopts::Options o = GeneratorsCommandOptions();
  Result<cxxopts::ParseResult> args = ParseArgs(o, argc, argv);
  if (!args.ok()) return Fail(args.status());
  if (args->count("help")) return std::cout << o.help(), 0;
  const std::string format = (*args)["format"].as<std::string>();
  if (format != "text" && format != "markdown" && format != "json")
    return Fail(Status::Usage("--format " + format + ": use text, markdown or json"));
  const Registry& registry = Registry::Default();
  if (args->unmatched().empty()) {
    if (format == "markdown") std::cout << GeneratorTable(registry);
    else if (format == "json") std::cout << Declarations().dump(2) << '\n';
    else PrintList();
    return 0;
  }
  const std::string name = args->unmatched()[0];
  const GeneratorInfo* g = registry.Find(name);
  if (!g)
    return Fail(Status::Usage("unknown generator '" + name + "'" + DidYouMean(name, registry.Names()) +
                              "; 'seed-engine generators' lists them"));
  if (format == "text") return PrintOne(*g);
  for (const nlohmann::ordered_json& d : Declarations())
    if (d["name"] == name) std::cout << d.dump(2) << '\n';
  return 0;
}

int JsonSchemaCommand(int argc, char** argv) {
  if (argc > 1 && (std::string(argv[1]) == "-h" || std::string(argv[1]) == "--help"))
    return std::cout << "usage: seed-engine json-schema > schemas/spec.schema.json\n"
                        "Prints the JSON Schema of spec files, for editors (yaml-language-server).\n",
           0;
  if (argc > 1) return Fail(Status::Usage("json-schema takes no arguments"));
  std::cout << SpecJsonSchema(Registry::Default());
  return 0;
}

}  // namespace seed::cli
