// A generator's declared example, planned and sampled like any spec: what
// `seed-engine generators NAME` prints, and what a test runs for every
// generator so that no example in the documentation is broken.
#pragma once

#include <string>
#include <vector>

#include "engine/core/status.h"
#include "engine/core/value.h"
#include "engine/gen/generator.h"

namespace seed {

struct ExampleRows {
  std::string spec;                 // the example table's spec text
  std::vector<std::string> columns;  // the written columns
  std::vector<std::vector<Value>> rows;
};

// The first `rows` rows of the example table (seed 42, dev, into an empty
// database). A generator without an example gives an empty result.
Result<ExampleRows> SampleExample(const GeneratorInfo& g, size_t rows);

}  // namespace seed
