#include "engine/exec/row_source.h"

namespace seed {

Status RowSource::Row(uint64_t row, Value* values) {
  if (p_.spec->source) {
    if (!reader_ || row < next_) {
      Result<std::unique_ptr<SourceReader>> r = OpenSource(*p_.spec->source, p_.model->source_fields(), db_);
      if (!r.ok()) return r.status();
      reader_ = std::move(*r), next_ = 0;
    }
    for (; next_ <= row; ++next_) {
      Result<bool> got = reader_->Next(fields_);
      if (!got.ok()) return got.status();
      if (!*got) return Status::Spec(p_.spec->table + ": the source has fewer rows than were seeded");
    }
    state_.source = fields_.data();
  }
  p_.model->GenerateRow(row, state_, values);
  return Status::Ok();
}

}  // namespace seed
