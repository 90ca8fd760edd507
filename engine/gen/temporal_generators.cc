#include "engine/gen/generator.h"

namespace seed {

void RegisterTemporalGenerators(Registry&) {}

}  // namespace seed
