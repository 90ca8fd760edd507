// libFuzzer: any bytes as one spec file (corpus: tests/fuzz/corpus/spec).
#include <cstddef>
#include <cstdint>

#include "tests/fuzz/fuzz_common.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  seed::fuzz::RunSpecText(std::string(reinterpret_cast<const char*>(data), size));
  return 0;
}
