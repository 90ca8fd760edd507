#include "engine/gen/generator.h"

namespace seed {

void RegisterTextGenerators(Registry&) {}

}  // namespace seed
