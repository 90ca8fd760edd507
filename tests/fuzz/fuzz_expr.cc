// libFuzzer: any bytes as one `expr:` over columns of every type (corpus:
// tests/fuzz/corpus/expr). The bytes go into a YAML literal block, so
// they reach the expression parser unchanged, line by line.
#include <cstddef>
#include <cstdint>

#include "tests/fuzz/fuzz_common.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string spec =
      "table: t\n"
      "count: 8\n"
      "columns:\n"
      "  id: {generator: sequence}\n"
      "  n: {generator: int, min: -9223372036854775808, max: 9223372036854775807}\n"
      "  d: {generator: decimal, min: -999.99, max: 999.99}\n"
      "  f: {generator: float, min: -1e300, max: 1e300}\n"
      "  b: {generator: bool}\n"
      "  s: {generator: sentence}\n"
      "  u: {generator: choice, values: [\"h\\u00e9llo\", \"\\U0001F600\", \"\"]}\n"
      "  day: {generator: date}\n"
      "  at: {generator: datetime}\n"
      "  e:\n"
      "    expr: |-\n      ";
  for (size_t i = 0; i < size; ++i) {
    const char c = static_cast<char>(data[i]);
    spec += c;
    if (c == '\n') spec += "      ";
  }
  spec += "\n";
  seed::fuzz::RunSpecText(spec);
  return 0;
}
