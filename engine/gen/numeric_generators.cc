#include "engine/gen/generator.h"

namespace seed {

void RegisterNumericGenerators(Registry&) {}

}  // namespace seed
