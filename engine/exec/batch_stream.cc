#include "engine/exec/batch_stream.h"

#include <algorithm>

namespace seed {

BatchStream::BatchStream(const TableModel& model, uint64_t begin, uint64_t end, size_t batch_rows)
    : model_(model), end_(end), batch_rows_(batch_rows), next_row_(begin) {
  for (size_t i = 0; i < kDepth; ++i) {
    pool_.push_back(std::make_unique<RowBatch>());
    pool_.back()->values.resize(batch_rows * model.column_count());
    free_.push_back(pool_.back().get());
  }
  worker_ = std::thread([this] { Work(); });
}

BatchStream::~BatchStream() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  worker_.join();
}

void BatchStream::Work() {
  TableModel::RowState state;
  const size_t cols = model_.column_count();
  for (;;) {
    RowBatch* b;
    {
      std::unique_lock<std::mutex> lock(mu_);
      cv_.wait(lock, [&] { return stop_ || !free_.empty(); });
      if (stop_) return;
      if (next_row_ >= end_) {
        done_ = true;
        cv_.notify_all();
        return;
      }
      b = free_.front();
      free_.pop_front();
      b->first_row = next_row_;
      b->count = static_cast<size_t>(std::min<uint64_t>(batch_rows_, end_ - next_row_));
      next_row_ += b->count;
    }
    for (size_t r = 0; r < b->count; ++r)
      model_.GenerateRow(b->first_row + r, state, &b->values[r * cols]);
    {
      std::lock_guard<std::mutex> lock(mu_);
      ready_.push_back(b);
    }
    cv_.notify_all();
  }
}

RowBatch* BatchStream::Next() {
  std::unique_lock<std::mutex> lock(mu_);
  cv_.wait(lock, [&] { return !ready_.empty() || done_; });
  if (ready_.empty()) return nullptr;
  RowBatch* b = ready_.front();
  ready_.pop_front();
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
