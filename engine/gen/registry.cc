#include "engine/gen/generator.h"

namespace seed {

const Registry& Registry::Default() {
  static const Registry* registry = [] {
    auto* r = new Registry();
    const std::pair<const char*, void (*)(Registry&)> groups[] = {
        {"numbers", RegisterNumericGenerators},
        {"dates and times", RegisterTemporalGenerators},
        {"text", RegisterTextGenerators},
        {"people and businesses", RegisterPersonGenerators},
        {"contact and network", RegisterNetworkGenerators},
        {"places", RegisterLocationGenerators},
        {"relations", RegisterRelationalGenerators},
        {"derived", RegisterDerivedGenerators},
        {"real data", RegisterSourceGenerators},
    };
    for (const auto& [heading, add] : groups) {
      r->BeginGroup(heading);
      add(*r);
    }
    return r;
  }();
  return *registry;
}

void Registry::Add(GeneratorInfo info) {
  info.group = group_;
  infos_.push_back(std::move(info));
}

bool ReadsRealData(std::string_view generator) {
  const GeneratorInfo* g = Registry::Default().Find(generator);
  return g && g->real_data;
}

const GeneratorInfo* Registry::Find(std::string_view name) const {
  for (const GeneratorInfo& g : infos_)
    if (g.name == name) return &g;
  return nullptr;
}

std::vector<std::string> Registry::Names() const {
  std::vector<std::string> out;
  for (const GeneratorInfo& g : infos_) out.push_back(g.name);
  return out;
}

namespace {

// Markdown table cells hold no bare '|'.
std::string EscapePipes(const std::string& s) {
  std::string out;
  for (char c : s) c == '|' ? out.append("\\|") : out.append(1, c);
  return out;
}

}  // namespace

// How an option's value is written, in a word or a list of the values.
std::string OptionTypeWord(const OptionDecl& d) {
  switch (d.type) {
    case OptionType::kInt: return "integer";
    case OptionType::kNumber: return "number";
    case OptionType::kBool: return "true|false";
    case OptionType::kText: return "text";
    case OptionType::kDecimal: return "decimal";
    case OptionType::kDate: return "date";
    case OptionType::kDateTime: return "datetime";
    case OptionType::kTime: return "time";
    case OptionType::kEnum: {
      std::string out;
      for (const std::string& v : d.values) out += (out.empty() ? "" : "|") + v;
      return out;
    }
    case OptionType::kTextList: return "value or list";
    case OptionType::kNumberList: return "list of numbers";
    case OptionType::kColumn: return "column";
    case OptionType::kColumnList: return "column or list";
    case OptionType::kTable: return "table";
    case OptionType::kGenerator: return "generator or map";
    case OptionType::kObject: return "map";
    case OptionType::kColumnMap: return "map of columns";
  }
  return "value";
}


std::string GeneratorTable(const Registry& registry) {
  std::string out = "| generator | options | output |\n| --- | --- | --- |\n";
  std::string group;
  for (const GeneratorInfo& g : registry.all()) {
    if (g.group != group) out += "| **" + (group = g.group) + "** | | |\n";
    std::string opts;
    for (const OptionDecl& d : g.options) {
      std::string o = d.required ? d.name : "*" + d.name + "*";
      if (!d.def.empty()) o += " (" + d.def + ")";
      else if (d.type == OptionType::kEnum) o += " (" + OptionTypeWord(d) + ")";
      opts += (opts.empty() ? "" : ", ") + o;
    }
    out += "| `" + g.name + "` | " + EscapePipes(opts) + " | " + EscapePipes(g.summary) + " |\n";
  }
  return out;
}

}  // namespace seed
