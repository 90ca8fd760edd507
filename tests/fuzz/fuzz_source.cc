// libFuzzer: any bytes as a CSV or JSON source file (corpus:
// tests/fuzz/corpus/source; the first byte picks the format). Read to the
// end through the same reader `run` uses.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>

#include "engine/source/source.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  static const std::string dir = [] {
    char tmpl[] = "/tmp/seed-fuzz-XXXXXX";
    return std::string(mkdtemp(tmpl));
  }();
  const char* ext = data[0] % 3 == 0 ? ".csv" : data[0] % 3 == 1 ? ".json" : ".jsonl";
  const std::string path = dir + "/input" + ext;
  if (FILE* f = fopen(path.c_str(), "wb")) {
    fwrite(data + 1, 1, size - 1, f);
    fclose(f);
  }
  seed::SourceSpec spec;
  spec.file = path;
  auto reader = seed::OpenSource(spec, {"id", "name", "email"}, nullptr);
  if (!reader.ok()) return 0;
  std::vector<seed::Value> row;
  for (int i = 0; i < 100000; ++i) {
    seed::Result<bool> more = (*reader)->Next(row);
    if (!more.ok() || !*more) break;
  }
  (void)seed::CountSourceRows(spec, nullptr);
  return 0;
}
