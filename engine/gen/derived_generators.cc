#include "engine/gen/generator.h"

namespace seed {

void RegisterDerivedGenerators(Registry&) {}

}  // namespace seed
