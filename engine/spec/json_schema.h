// The JSON Schema of a spec file (schemas/spec.schema.json), built from the
// loader's key lists and the generator registry's declarations, so that an
// editor reports what `seed-engine validate` would: an unknown key or
// generator, an option the generator does not take, a value of the wrong
// type or outside its enum. Draft-07, the draft yaml-language-server
// (VS Code's YAML extension) supports best.
#pragma once

#include <string>

#include "engine/gen/generator.h"

namespace seed {

// The schema as JSON text, two-space indented, ending in a newline.
std::string SpecJsonSchema(const Registry& registry);

}  // namespace seed
