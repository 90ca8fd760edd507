#include "engine/driver/driver.h"

namespace seed {

RowSelection RowSelection::All(std::string table) {
  RowSelection r;
  r.table = std::move(table);
  return r;
}

RowSelection RowSelection::Range(std::string table, std::string key, int64_t lo, int64_t hi) {
  RowSelection r;
  r.kind = Kind::kRange, r.table = std::move(table), r.key = std::move(key), r.lo = lo, r.hi = hi;
  return r;
}

RowSelection RowSelection::Keys(std::string table, std::vector<std::string> key_columns,
                                std::vector<std::vector<Value>> keys) {
  RowSelection r;
  r.kind = Kind::kKeys, r.table = std::move(table), r.key_columns = std::move(key_columns), r.keys = std::move(keys);
  return r;
}

const char* SecondPassName(SecondPass p) {
  switch (p) {
    case SecondPass::kNone: return "none";
    case SecondPass::kPending: return "pending";
    case SecondPass::kDone: return "done";
    case SecondPass::kUnknown: return "unknown";
  }
  return "unknown";
}

SecondPass ParseSecondPass(const std::string& name) {
  if (name == "none") return SecondPass::kNone;
  if (name == "done") return SecondPass::kDone;
  if (name == "pending") return SecondPass::kPending;
  return SecondPass::kUnknown;
}

}  // namespace seed
