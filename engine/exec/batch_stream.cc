#include "engine/exec/batch_stream.h"

#include <algorithm>

namespace seed {

namespace {

std::vector<RowRange> NonEmpty(std::vector<RowRange> ranges) {
  ranges.erase(std::remove_if(ranges.begin(), ranges.end(), [](const RowRange& r) { return r.end <= r.begin; }),
               ranges.end());
  return ranges;
}

// A batch never needs more room than the longest range.
size_t BatchRoom(const std::vector<RowRange>& ranges, size_t batch_rows) {
  uint64_t longest = 1;
  for (const RowRange& r : ranges) longest = std::max(longest, r.size());
  return static_cast<size_t>(std::max<uint64_t>(1, std::min<uint64_t>(batch_rows, longest)));
}

}  // namespace

BatchStream::BatchStream(const TableModel& model, const KeyBases* keys, std::vector<RowRange> ranges,
                         size_t batch_rows, int workers, std::unique_ptr<SourceReader> source, RowHook hook)
    : model_(model), keys_(keys), ranges_(NonEmpty(std::move(ranges))), batch_rows_(BatchRoom(ranges_, batch_rows)),
      next_row_(ranges_.empty() ? 0 : ranges_[0].begin), running_(workers), source_(std::move(source)),
      hook_(std::move(hook)) {
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
      if (range_ < ranges_.size() && next_row_ >= ranges_[range_].end && ++range_ < ranges_.size())
        next_row_ = ranges_[range_].begin;
      if (stop_ || range_ >= ranges_.size()) {
        --running_;
        cv_.notify_all();
        return;
      }
      b = free_.front();
      free_.pop_front();
      b->first_row = next_row_;
      b->count = static_cast<size_t>(std::min<uint64_t>(batch_rows_, ranges_[range_].end - next_row_));
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
  for (; source_row_ < b.first_row; ++source_row_) {
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
  source_row_ += b.count;
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
