// BatchStream: generates a table's rows in fixed-size batches on worker
// threads, running ahead of the consumer by a bounded number of batches, so
// generation overlaps insertion and memory stays bounded whatever the row
// count. Batches are delivered in row order and recycled: their Values keep
// their string capacity.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "engine/core/status.h"
#include "engine/core/value.h"
#include "engine/exec/partition.h"
#include "engine/plan/table_model.h"
#include "engine/source/source.h"

namespace seed {

struct RowBatch {
  uint64_t first_row = 0;  // table row index of values[0..columns)
  size_t count = 0;
  std::vector<Value> values;  // count * columns, row-major
  std::vector<Value> source;  // count * source fields: the real rows read
  // Set by the stream's RowHook, if any: the rows that fail the live
  // schema's checks (row in the batch, why), and each row's ledger CRC.
  std::vector<std::pair<size_t, std::string>> invalid;
  std::vector<uint32_t> crc;
};

// Run on the generating thread after each batch (concurrently for several
// workers): work per row that the consumer's thread, the one that talks to
// the database, then need not do.
using RowHook = std::function<void(RowBatch&)>;

class BatchStream {
 public:
  static constexpr size_t kDepth = 2;

  // Generates the rows of `ranges` (in order, none overlapping) of `model`
  // on `workers` threads, keys placed by `keys` (may be null). Both must
  // outlive the stream. A batch never spans two ranges. With a `source`,
  // its rows are read in order, batch by batch, and rows outside the
  // ranges skipped. `hook` (may be empty) runs on each generated batch
  // before it is delivered.
  BatchStream(const TableModel& model, const KeyBases* keys, std::vector<RowRange> ranges, size_t batch_rows,
              int workers = 1, std::unique_ptr<SourceReader> source = nullptr, RowHook hook = nullptr);
  BatchStream(const TableModel& model, const KeyBases* keys, uint64_t begin, uint64_t end, size_t batch_rows,
              int workers = 1, std::unique_ptr<SourceReader> source = nullptr, RowHook hook = nullptr)
      : BatchStream(model, keys, std::vector<RowRange>{{begin, end}}, batch_rows, workers, std::move(source),
                    std::move(hook)) {}
  ~BatchStream();  // stops the worker

  // The next batch in row order, or nullptr when done. Hand it back with
  // Recycle() before asking for more than kDepth batches.
  RowBatch* Next();
  void Recycle(RowBatch* batch);
  // Why Next() ended early: a source that failed or ran short.
  Status status();

 private:
  void Work();
  Status ReadSource(RowBatch& b);

  const TableModel& model_;
  const KeyBases* keys_;
  std::vector<RowRange> ranges_;  // non-empty ones, in order
  size_t range_ = 0;              // the one next_row_ is in
  const size_t batch_rows_;
  std::vector<std::unique_ptr<RowBatch>> pool_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<RowBatch*> free_;
  std::map<uint64_t, RowBatch*> ready_;  // by sequence number
  uint64_t next_row_, next_seq_ = 0, deliver_seq_ = 0;
  int running_;
  bool stop_ = false;
  std::unique_ptr<SourceReader> source_;
  const RowHook hook_;
  uint64_t source_row_ = 0;  // the source's next row
  Status status_ = Status::Ok();
  std::vector<std::thread> workers_;
};

}  // namespace seed
