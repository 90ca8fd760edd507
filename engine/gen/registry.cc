#include "engine/gen/generator.h"

namespace seed {

const Registry& Registry::Default() {
  static const Registry* registry = [] {
    auto* r = new Registry();
    RegisterNumericGenerators(*r);
    RegisterTemporalGenerators(*r);
    RegisterTextGenerators(*r);
    RegisterPersonGenerators(*r);
    RegisterNetworkGenerators(*r);
    RegisterLocationGenerators(*r);
    RegisterRelationalGenerators(*r);
    RegisterDerivedGenerators(*r);
    RegisterSourceGenerators(*r);
    return r;
  }();
  return *registry;
}

void Registry::Add(std::string name, std::string summary, GeneratorFactory factory, bool real_data) {
  infos_.push_back({std::move(name), std::move(summary), std::move(factory), real_data});
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

}  // namespace seed
