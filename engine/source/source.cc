#include "engine/source/source.h"

#include <algorithm>
#include <condition_variable>
#include <deque>
#include <fstream>
#include <mutex>
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

// RFC 4180: comma-separated, double quotes around fields holding commas,
// quotes or line breaks, "" for a quote. The first row names the fields.
// An empty unquoted field and \N are NULL; "" is the empty string.
class CsvReader : public SourceReader {
 public:
  explicit CsvReader(std::string path) : path_(std::move(path)), in_(path_) {}

  Status Open(const std::vector<std::string>* wanted) {
    if (!in_) return Status::Spec(path_ + ": cannot read the source file");
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
      return Status::Spec(path_ + ":" + std::to_string(line_) + ": row has " + std::to_string(fields_.size()) +
                          " fields, the header " + std::to_string(width_));
    row.resize(map_.size());
    for (size_t i = 0; i < map_.size(); ++i) {
      const std::string& f = fields_[map_[i]];
      if ((f.empty() && !quoted_[map_[i]]) || f == "\\N") row[i].SetNull();
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
  Result<bool> Record(std::vector<std::string>& out, std::vector<bool>& quoted) {
    std::string line;
    do {  // blank lines are skipped
      if (!std::getline(in_, line)) return false;
      ++line_;
    } while (line.empty() || line == "\r");
    out.clear(), quoted.clear();
    const uint64_t start = line_;
    out.emplace_back(), quoted.push_back(false);
    bool in_quotes = false;
    for (size_t i = 0;; ++i) {
      if (i == line.size()) {
        if (!in_quotes) break;
        if (!std::getline(in_, line)) return Status::Spec(path_ + ":" + std::to_string(start) + ": unterminated quoted field");
        ++line_;
        out.back() += '\n';
        i = static_cast<size_t>(-1);
        continue;
      }
      const char c = line[i];
      if (in_quotes) {
        if (c != '"') out.back() += c;
        else if (i + 1 < line.size() && line[i + 1] == '"') out.back() += '"', ++i;
        else in_quotes = false;
      } else if (c == '"') {
        in_quotes = quoted.back() = true;
      } else if (c == ',') {
        out.emplace_back(), quoted.push_back(false);
      } else if (!(c == '\r' && i + 1 == line.size())) {
        out.back() += c;
      }
    }
    return true;
  }

  std::string path_;
  std::ifstream in_;
  uint64_t line_ = 0;
  size_t width_ = 0;
  std::vector<size_t> map_;
  std::vector<std::string> fields_;
  std::vector<bool> quoted_;
};

// A JSON array of objects or JSON Lines (one object per line). Objects are
// cut out of the stream one at a time and parsed alone.
class JsonReader : public SourceReader {
 public:
  JsonReader(std::string path, std::vector<std::string> wanted)
      : path_(std::move(path)), in_(path_), wanted_(std::move(wanted)) {}

  Status Open() { return in_ ? Status::Ok() : Status::Spec(path_ + ": cannot read the source file"); }

  Result<bool> Next(std::vector<Value>& row) override {
    Result<bool> got = Object();
    if (!got.ok() || !*got) return got;
    nlohmann::json obj = nlohmann::json::parse(text_, nullptr, false);
    if (obj.is_discarded() || !obj.is_object())
      return Status::Spec(path_ + ":" + std::to_string(start_line_) + ": not a JSON object");
    row.resize(wanted_.size());
    for (size_t i = 0; i < wanted_.size(); ++i) {
      auto it = obj.find(wanted_[i]);
      if (it == obj.end() || it->is_null()) row[i].SetNull();
      else if (it->is_string()) row[i].SetString(it->get_ref<const std::string&>());
      else if (it->is_boolean()) row[i].SetBool(it->get<bool>());
      else row[i].SetString(it->dump());  // numbers keep their digits; nested values as JSON
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
  // The next top-level object's text into text_; false at the end.
  Result<bool> Object() {
    text_.clear();
    int depth = 0;
    bool in_string = false, escaped = false;
    for (int ch; (ch = in_.get()) != EOF;) {
      const char c = static_cast<char>(ch);
      if (c == '\n') ++line_;
      if (depth == 0) {
        if (c == '{') depth = 1, text_ = "{", start_line_ = line_;
        else if (c != '[' && c != ']' && c != ',' && !std::isspace(static_cast<unsigned char>(c)))
          return Status::Spec(path_ + ":" + std::to_string(line_) + ": expected a JSON object");
        continue;
      }
      text_ += c;
      if (in_string) {
        if (escaped) escaped = false;
        else if (c == '\\') escaped = true;
        else if (c == '"') in_string = false;
      } else if (c == '"') {
        in_string = true;
      } else if (c == '{' || c == '[') {
        ++depth;
      } else if ((c == '}' || c == ']') && --depth == 0) {
        return true;
      }
    }
    if (depth) return Status::Spec(path_ + ":" + std::to_string(start_line_) + ": unterminated JSON object");
    return false;
  }

  std::string path_;
  std::ifstream in_;
  std::vector<std::string> wanted_;
  std::string text_;
  uint64_t line_ = 1, start_line_ = 1;
};

// Rows of a query on the source database. The driver pushes rows; a
// reader thread hands them over through a bounded queue, so a large
// source never sits in memory whole.
class QueryReader : public SourceReader {
 public:
  static constexpr size_t kQueueRows = 4096;

  QueryReader(Driver& db, std::string sql, size_t width) : width_(width) {
    thread_ = std::thread([this, &db, sql = std::move(sql)] {
      Status s = db.Query(sql, {}, [this](const std::vector<const char*>& cells) {
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

std::string QuerySql(const SourceSpec& s, const std::vector<std::string>& wanted, Driver& db) {
  std::string cols;
  for (const std::string& w : wanted) cols += (cols.empty() ? "" : ", ") + db.Ident(w);
  return "SELECT " + (cols.empty() ? std::string("1") : cols) + " FROM (" + s.query + ") seed_source";
}

}  // namespace

Result<std::unique_ptr<SourceReader>> OpenSource(const SourceSpec& source,
                                                 const std::vector<std::string>& wanted, Driver* db) {
  if (!source.query.empty()) {
    if (!db) return Status::Usage("this table reads a source query: pass --source-db URL");
    return std::unique_ptr<SourceReader>(new QueryReader(*db, QuerySql(source, wanted, *db), wanted.size()));
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
    uint64_t n = 0;
    Status s = db->Query("SELECT COUNT(*) FROM (" + source.query + ") seed_source", {},
                         [&](const std::vector<const char*>& c) { n = c[0] ? std::strtoull(c[0], nullptr, 10) : 0; });
    if (!s.ok()) return Status::Db("source query: " + s.message());
    return n;
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
