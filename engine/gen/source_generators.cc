// `source`: a column read from the table's real rows (engine/source), with
// the column's pii rule applied for the run's environment on the way.
#include "engine/gen/gen_util.h"
#include "engine/pii/masker.h"

namespace seed {

namespace {

class SourceColumn final : public Generator {
 public:
  SourceColumn(int field, const PiiRule* rule, const Masker* masker, std::string strategy)
      : field_(field), rule_(rule), masker_(masker), strategy_(std::move(strategy)) {
    // Trusted: real rows come from a table that kept the column unique, and
    // masking keeps distinct values distinct.
    traits_.unique = true;
  }
  void Generate(const GenContext& ctx, Value& out) const override {
    const Value& in = ctx.source[field_];
    if (masker_) masker_->Mask(in, *rule_, strategy_, out);
    else if (!rule_ || !MaskUnkeyed(in, *rule_, strategy_, out)) out = in;
  }
  bool FromSource() const override { return true; }

 private:
  int field_;
  const PiiRule* rule_;
  const Masker* masker_;  // null for strategies that need no secret
  std::string strategy_;
};

std::unique_ptr<Generator> Source(GenArgs& a) {
  const std::string column = a.column.substr(a.column.find('.') + 1);
  const int field = a.env->SourceField(a.options->Str("field", column));
  if (field < 0) {
    a.Error("generator 'source' needs the table to have a 'source:' (a CSV or JSON file, or a query)");
    return nullptr;
  }
  const std::string strategy = a.pii ? PiiStrategyFor(*a.pii, a.environment) : "none";
  if (!NeedsSecret(strategy)) return std::make_unique<SourceColumn>(field, a.pii, nullptr, strategy);
  if (!a.masker) return nullptr;  // no secret: the plan reported it once for every column
  return std::make_unique<SourceColumn>(field, a.pii, a.masker, strategy);
}

}  // namespace

void RegisterSourceGenerators(Registry& r) {
  r.Add({.name = "source",
         .summary = "the field of the table's source rows (field, default the column name), masked by the "
                    "column's pii rule for the environment",
         .factory = Source,
         .options = {Opt("field", OptionType::kText, "", "the source field to read (default: the column's name)")},
         .example = "",  // needs a table with a source file: see the README
         .real_data = true});
}

}  // namespace seed
