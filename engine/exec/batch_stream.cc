#include "engine/exec/batch_stream.h"

#include <algorithm>

namespace seed {

BatchStream::BatchStream(const TableModel& model, const KeyBases* keys, uint64_t begin, uint64_t end,
                         size_t batch_rows, int workers, std::unique_ptr<SourceReader> source, RowHook hook)
    // A batch never needs more room than the rows left to generate.
    : model_(model), keys_(keys), end_(end),
      batch_rows_(std::max<size_t>(1, std::min<uint64_t>(batch_rows, end > begin ? end - begin : 1))),
      next_row_(begin), running_(workers), source_(std::move(source)), hook_(std::move(hook)),
      source_skip_(begin) {
  for (size_t i = 0; i < kDepth + static_cast<size_t>(workers); ++i) {
    pool_.push_back(std::make_unique<RowBatch>());
    pool_.back()->values.resize(batch_rows_ * model.column_count());
    free_.push_back(pool_.back().get());
  }
  for (int i = 0; i < workers; ++i) workers_.emplace_back([this] { Work(); });
}

BatchStream::~BatchStream() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  for (std::thread& t : workers_) t.join();
}

void BatchStream::Work() {
  TableModel::RowState state;
  state.keys = keys_;
  const size_t cols = model_.column_count();
  for (;;) {
    RowBatch* b;
    uint64_t seq;
    {
      std::unique_lock<std::mutex> lock(mu_);
      cv_.wait(lock, [&] { return stop_ || !free_.empty(); });
      if (stop_ || next_row_ >= end_) {
        --running_;
        cv_.notify_all();
        return;
      }
      b = free_.front();
      free_.pop_front();
      b->first_row = next_row_;
      b->count = static_cast<size_t>(std::min<uint64_t>(batch_rows_, end_ - next_row_));
      next_row_ += b->count;
      seq = next_seq_++;
      // Real rows are read in order, so under the lock that numbers the
      // batches; generating (and masking) them runs in parallel after.
      if (source_)
        if (Status s = ReadSource(*b); !s.ok()) {
          status_ = s, stop_ = true;
          free_.push_back(b);
          --running_;
          cv_.notify_all();
          return;
        }
    }
    const size_t fields = model_.source_fields().size();
    for (size_t r = 0; r < b->count; ++r) {
      if (source_) state.source = &b->source[r * fields];
      model_.GenerateRow(b->first_row + r, state, &b->values[r * cols]);
    }
    // The real rows are done with: free their text now rather than keep it
    // in every pooled batch (they are read afresh for the next one).
    if (source_) std::vector<Value>().swap(b->source);
    if (hook_) hook_(*b);
    {
      std::lock_guard<std::mutex> lock(mu_);
      ready_[seq] = b;
    }
    cv_.notify_all();
  }
}

Status BatchStream::ReadSource(RowBatch& b) {
  std::vector<Value> row;
  for (; source_skip_ > 0; --source_skip_) {
    Result<bool> got = source_->Next(row);
    if (!got.ok()) return got.status();
    if (!*got) return Status::Spec(model_.name() + ": the source has fewer rows than when the run began");
  }
  const size_t fields = model_.source_fields().size();
  b.source.resize(b.count * fields);
  for (size_t r = 0; r < b.count; ++r) {
    Result<bool> got = source_->Next(row);
    if (!got.ok()) return got.status();
    if (!*got) return Status::Spec(model_.name() + ": the source has fewer rows than when the run began");
    for (size_t f = 0; f < fields; ++f) b.source[r * fields + f] = std::move(row[f]);
  }
  return Status::Ok();
}

Status BatchStream::status() {
  std::lock_guard<std::mutex> lock(mu_);
  return status_;
}

RowBatch* BatchStream::Next() {
  std::unique_lock<std::mutex> lock(mu_);
  cv_.wait(lock, [&] { return ready_.count(deliver_seq_) || running_ == 0; });
  auto it = ready_.find(deliver_seq_);
  if (it == ready_.end()) return nullptr;
  RowBatch* b = it->second;
  ready_.erase(it);
  ++deliver_seq_;
  return b;
}

void BatchStream::Recycle(RowBatch* batch) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    free_.push_back(batch);
  }
  cv_.notify_all();
}

}  // namespace seed
