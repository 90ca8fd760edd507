#include "engine/gen/generator.h"

namespace seed {

void RegisterPersonGenerators(Registry&) {}

}  // namespace seed
