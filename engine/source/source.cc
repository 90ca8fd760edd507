#include "engine/source/source.h"

#include <algorithm>
#include <condition_variable>
#include <deque>
#include <fstream>
#include <mutex>
#include <string_view>
#include <nlohmann/json.hpp>
#include <thread>

namespace seed {

namespace {

// .json, .jsonl, .ndjson (any case); everything else is read as CSV.
bool IsJson(const std::string& path) {
  const size_t dot = path.rfind('.');
  std::string e = dot == std::string::npos ? "" : path.substr(dot + 1);
  for (char& c : e) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return e == "json" || e == "jsonl" || e == "ndjson";
}

Status MissingField(const std::string& where, const std::string& field, const std::vector<std::string>& has) {
  std::string list;
  for (const std::string& h : has) list += (list.empty() ? "" : ", ") + h;
  return Status::Spec(where + ": no field '" + field + "' (it has: " + list + ")");
}

// A file read in 64 KiB blocks: the readers scan a block in place and
// copy out only what they keep, which bounds the copy before it is made.
class BlockReader {
 public:
  explicit BlockReader(const std::string& path) : in_(path, std::ios::binary), buf_(64 << 10) {}
  bool ok() const { return static_cast<bool>(in_); }
  // The unread rest of the block, refilled when empty; empty at the end.
  std::string_view Peek() {
    if (pos_ == end_ && in_) {
      in_.read(buf_.data(), static_cast<std::streamsize>(buf_.size()));
      pos_ = 0, end_ = static_cast<size_t>(in_.gcount());
    }
    return std::string_view(buf_.data() + pos_, end_ - pos_);
  }
  void Skip(size_t n) { pos_ += n; }

 private:
  std::ifstream in_;
  std::vector<char> buf_;
  size_t pos_ = 0, end_ = 0;
};

// A problem with the data itself, at "file:line" (the record's first line);
// the message describes, never quotes, the data.
Status DataError(const std::string& path, uint64_t line, const std::string& message) {
  return Status::Spec(path + ":" + std::to_string(line) + ": " + message);
}

std::string Mib(size_t bytes) { return std::to_string(bytes >> 20) + " MiB"; }

// RFC 4180: comma-separated, double quotes around fields holding commas,
// quotes or line breaks, "" for a quote. The first row names the fields.
// An empty unquoted field and an unquoted \N are NULL; "" is the empty
// string and "\N" the two characters, so any text can be loaded.
class CsvReader : public SourceReader {
 public:
  explicit CsvReader(std::string path) : path_(std::move(path)), in_(path_) {}

  Status Open(const std::vector<std::string>* wanted) {
    if (!in_.ok()) return Status::Spec(path_ + ": cannot read the source file");
    std::vector<std::string> header;
    std::vector<bool> quoted;
    Result<bool> got = Record(header, quoted);
    if (!got.ok()) return got.status();
    if (!*got) return Status::Spec(path_ + ": empty source file; the first row must name the fields");
    if (!wanted) return Status::Ok();
    for (const std::string& w : *wanted) {
      auto it = std::find(header.begin(), header.end(), w);
      if (it == header.end()) return MissingField(path_, w, header);
      map_.push_back(static_cast<size_t>(it - header.begin()));
    }
    width_ = header.size();
    return Status::Ok();
  }

  Result<bool> Next(std::vector<Value>& row) override {
    Result<bool> got = Record(fields_, quoted_);
    if (!got.ok() || !*got) return got;
    if (fields_.size() != width_)
      return DataError(path_, line_,
                       "row has " + std::to_string(fields_.size()) + " fields, the header " +
                           std::to_string(width_));
    row.resize(map_.size());
    for (size_t i = 0; i < map_.size(); ++i) {
      const std::string& f = fields_[map_[i]];
      if (!quoted_[map_[i]] && (f.empty() || f == "\\N")) row[i].SetNull();
      else row[i].SetString(f);
    }
    return true;
  }

  // Counts records (quoted line breaks included) after the header.
  Result<uint64_t> Count() {
    uint64_t n = 0;
    for (;;) {
      Result<bool> got = Record(fields_, quoted_);
      if (!got.ok()) return got.status();
      if (!*got) return n;
      ++n;
    }
  }

 private:
  // One record, which may span lines inside quotes; false at the end.
  Result<bool> Record(std::vector<std::string>& out, std::vector<bool>& quoted) {
    std::string& line = line_buf_;
    do {  // blank lines are skipped
      Result<bool> got = Line(line, kSourceMaxRecordBytes, line_ + 1);
      if (!got.ok() || !*got) return got;
    } while (line.empty() || line == "\r");
    out.clear(), quoted.clear();
    out.emplace_back(), quoted.push_back(false);
    const uint64_t start = line_;
    size_t used = line.size();
    bool in_quotes = false;
    for (;;) {
      if (Status s = Split(line, start, out, quoted, in_quotes); !s.ok()) return s;
      if (!in_quotes) break;
      if (++used > kSourceMaxRecordBytes) return TooLong(start);  // the line break counts
      Result<bool> more = Line(line, kSourceMaxRecordBytes - used, start);
      if (!more.ok()) return more.status();
      if (!*more) return DataError(path_, start, "unterminated quoted field");
      used += line.size();
      out.back() += '\n';
    }
    for (size_t f = 0; f < out.size(); ++f)
      if (out[f].size() > kSourceMaxFieldBytes)
        return DataError(path_, start,
                         "field " + std::to_string(f + 1) + " is longer than " +
                             Mib(kSourceMaxFieldBytes) + ", the limit for one field");
    return true;
  }

  // The next physical line, without its '\n', into `line`; false at the
  // end. A line longer than `budget` is refused as soon as it passes it,
  // so a file without line breaks (/dev/zero) costs at most the budget.
  Result<bool> Line(std::string& line, size_t budget, uint64_t record_start) {
    line.clear();
    std::string_view block = in_.Peek();
    if (block.empty()) return false;
    ++line_;
    for (; !block.empty(); block = in_.Peek()) {
      const size_t nl = block.find('\n');
      const size_t n = nl == std::string_view::npos ? block.size() : nl;
      if (n > budget - line.size()) return TooLong(record_start);
      line.append(block.substr(0, n));
      in_.Skip(n);
      if (nl != std::string_view::npos) return in_.Skip(1), true;
    }
    return true;
  }

  Status TooLong(uint64_t record_start) const {
    return DataError(
        path_, record_start,
        "record longer than " + Mib(kSourceMaxRecordBytes) + ", the limit for one record" +
            (record_start == line_ ? " (is this a CSV file?)" : " (an unclosed quote?)"));
  }

  // Splits one line into fields, continuing the last one if a quote is open.
  Status Split(const std::string& line, uint64_t start, std::vector<std::string>& out, std::vector<bool>& quoted,
               bool& in_quotes) {
    for (size_t i = 0; i < line.size(); ++i) {
      const char c = line[i];
      if (in_quotes) {
        if (c != '"') out.back() += c;
        else if (i + 1 < line.size() && line[i + 1] == '"') out.back() += '"', ++i;
        else in_quotes = false;
      } else if (c == '"') {
        in_quotes = quoted.back() = true;
      } else if (c == ',') {
        if (out.size() == kSourceMaxFields)
          return DataError(
              path_, start,
              "more than " + std::to_string(kSourceMaxFields) + " fields in one record");
        out.emplace_back(), quoted.push_back(false);
      } else if (!(c == '\r' && i + 1 == line.size())) {
        out.back() += c;
      }
    }
    return Status::Ok();
  }

  std::string path_;
  BlockReader in_;
  uint64_t line_ = 0;
  size_t width_ = 0;
  std::vector<size_t> map_;
  std::vector<std::string> fields_;
  std::vector<bool> quoted_;
  std::string line_buf_;
};

// A JSON array of objects or JSON Lines (one object per line). Objects are
// cut out of the stream one at a time and parsed alone.
class JsonReader : public SourceReader {
 public:
  JsonReader(std::string path, std::vector<std::string> wanted)
      : path_(std::move(path)), in_(path_), wanted_(std::move(wanted)) {}

  Status Open() { return in_.ok() ? Status::Ok() : Status::Spec(path_ + ": cannot read the source file"); }

  Result<bool> Next(std::vector<Value>& row) override {
    Result<bool> got = Object();
    if (!got.ok() || !*got) return got;
    nlohmann::json obj = nlohmann::json::parse(text_, nullptr, false);
    if (obj.is_discarded() || !obj.is_object())
      return DataError(path_, start_line_, "not a JSON object");
    row.resize(wanted_.size());
    for (size_t i = 0; i < wanted_.size(); ++i) {
      auto it = obj.find(wanted_[i]);
      if (it == obj.end() || it->is_null()) row[i].SetNull();
      else if (it->is_string()) row[i].SetString(it->get_ref<const std::string&>());
      else if (it->is_boolean()) row[i].SetBool(it->get<bool>());
      // Numbers keep their digits; nested values as JSON. The parser has
      // checked the UTF-8, so replacing never happens; it only rules out a throw.
      else row[i].SetString(it->dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
      if (row[i].type == Type::kString && row[i].s.size() > kSourceMaxFieldBytes)
        return DataError(path_, start_line_,
                         "field '" + wanted_[i] + "' is longer than " + Mib(kSourceMaxFieldBytes) +
                             ", the limit for one field");
    }
    return true;
  }

  Result<uint64_t> Count() {
    uint64_t n = 0;
    for (;;) {
      Result<bool> got = Object();
      if (!got.ok()) return got.status();
      if (!*got) return n;
      ++n;
    }
  }

 private:
  // The next top-level object's text into text_; false at the end. Text
  // between objects is not kept, so only an object's size is bounded.
  Result<bool> Object() {
    text_.clear();
    depth_ = 0, in_string_ = escaped_ = false;
    for (std::string_view block = in_.Peek(); !block.empty(); block = in_.Peek()) {
      size_t from = 0, i = 0;
      Step step = Step::kMore;
      while (i < block.size() && step == Step::kMore) {
        const char c = block[i++];
        if (c == '\n') ++line_;
        if (depth_ == 0 && c == '{') from = i - 1, start_line_ = line_;
        step = Scan(c);
      }
      if (step == Step::kJunk) return DataError(path_, line_, "expected a JSON object");
      if (step == Step::kTooDeep)  // the parser and dump() recurse per level
        return DataError(path_, line_,
                         "nested deeper than " + std::to_string(kSourceMaxJsonDepth) + " levels");
      if (depth_ > 0 || step == Step::kEnd) {
        if (i - from > kSourceMaxRecordBytes - text_.size())
          return DataError(
              path_, start_line_,
              "object longer than " + Mib(kSourceMaxRecordBytes) + ", the limit for one record");
        text_.append(block.substr(from, i - from));
      }
      in_.Skip(i);
      if (step == Step::kEnd) return true;
    }
    if (depth_) return DataError(path_, start_line_, "unterminated JSON object");
    return false;
  }

  enum class Step { kMore, kEnd, kJunk, kTooDeep };

  // One character's effect on the object being cut out. Brackets inside
  // strings do not count; between objects only [ ] , and spaces may appear.
  Step Scan(char c) {
    if (depth_ == 0) {
      if (c == '{') return depth_ = 1, Step::kMore;
      const bool between = c == '[' || c == ']' || c == ',' || std::isspace(static_cast<unsigned char>(c));
      return between ? Step::kMore : Step::kJunk;
    }
    if (in_string_) {
      if (escaped_) escaped_ = false;
      else if (c == '\\') escaped_ = true;
      else if (c == '"') in_string_ = false;
    } else if (c == '"') {
      in_string_ = true;
    } else if (c == '{' || c == '[') {
      if (++depth_ > kSourceMaxJsonDepth) return Step::kTooDeep;
    } else if ((c == '}' || c == ']') && --depth_ == 0) {
      return Step::kEnd;
    }
    return Step::kMore;
  }

  std::string path_;
  BlockReader in_;
  std::vector<std::string> wanted_;
  std::string text_;
  uint64_t line_ = 1, start_line_ = 1;
  int depth_ = 0;  // scan state of the object being cut out
  bool in_string_ = false, escaped_ = false;
};

// Rows of a query on the source database. The driver pushes rows; a
// reader thread hands them over through a bounded queue, so a large
// source never sits in memory whole.
class QueryReader : public SourceReader {
 public:
  static constexpr size_t kQueueRows = 4096;

  QueryReader(Driver& db, std::string sql, std::vector<std::string> columns) : width_(columns.size()) {
    thread_ = std::thread([this, &db, sql = std::move(sql), columns = std::move(columns)] {
      Status s = db.session().ReadQuery(sql, columns, [this](const std::vector<const char*>& cells) {
        std::unique_lock<std::mutex> lock(mu_);
        cv_.wait(lock, [&] { return stop_ || queue_.size() < kQueueRows; });
        if (stop_) return;  // drain what is left unread
        std::vector<Value> row(width_);
        for (size_t i = 0; i < width_ && i < cells.size(); ++i)
          if (cells[i]) row[i].SetString(cells[i]);
        queue_.push_back(std::move(row));
        cv_.notify_all();
      });
      std::lock_guard<std::mutex> lock(mu_);
      status_ = s, done_ = true;
      cv_.notify_all();
    });
  }
  ~QueryReader() override {
    {
      std::lock_guard<std::mutex> lock(mu_);
      stop_ = true;
    }
    cv_.notify_all();
    thread_.join();
  }

  Result<bool> Next(std::vector<Value>& row) override {
    std::unique_lock<std::mutex> lock(mu_);
    cv_.wait(lock, [&] { return done_ || !queue_.empty(); });
    if (queue_.empty()) {
      if (!status_.ok()) return Status::Db("source query: " + status_.message());
      return false;
    }
    row = std::move(queue_.front());
    queue_.pop_front();
    cv_.notify_all();
    return true;
  }

 private:
  size_t width_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::vector<Value>> queue_;
  bool stop_ = false, done_ = false;
  Status status_ = Status::Ok();
  std::thread thread_;
};

}  // namespace

Result<std::unique_ptr<SourceReader>> OpenSource(const SourceSpec& source,
                                                 const std::vector<std::string>& wanted, Driver* db) {
  if (!source.query.empty()) {
    if (!db) return Status::Usage("this table reads a source query: pass --source-db URL");
    return std::unique_ptr<SourceReader>(new QueryReader(*db, source.query, wanted));
  }
  if (IsJson(source.file)) {
    auto r = std::make_unique<JsonReader>(source.file, wanted);
    if (Status s = r->Open(); !s.ok()) return s;
    return std::unique_ptr<SourceReader>(std::move(r));
  }
  auto r = std::make_unique<CsvReader>(source.file);
  if (Status s = r->Open(&wanted); !s.ok()) return s;
  return std::unique_ptr<SourceReader>(std::move(r));
}

Result<uint64_t> CountSourceRows(const SourceSpec& source, Driver* db) {
  if (!source.query.empty()) {
    if (!db) return Status::Usage("this table reads a source query: pass --source-db URL");
    Result<uint64_t> n = db->session().CountQuery(source.query);
    if (!n.ok()) return Status::Db("source query: " + n.status().message());
    return *n;
  }
  if (IsJson(source.file)) {
    JsonReader r(source.file, {});
    if (Status s = r.Open(); !s.ok()) return s;
    return r.Count();
  }
  CsvReader r(source.file);
  if (Status s = r.Open(nullptr); !s.ok()) return s;
  return r.Count();
}

}  // namespace seed
