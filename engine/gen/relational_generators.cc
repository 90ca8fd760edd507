#include "engine/gen/generator.h"

namespace seed {

void RegisterRelationalGenerators(Registry&) {}

}  // namespace seed
