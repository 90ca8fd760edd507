#include "engine/gen/generator.h"

namespace seed {

void RegisterNetworkGenerators(Registry&) {}

}  // namespace seed
