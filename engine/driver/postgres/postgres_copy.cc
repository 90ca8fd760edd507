// The PostgreSQL driver's writers: COPY FROM STDIN for inserts, one
// parameterized UPDATE per row for the second pass.
#include <libpq-fe.h>

#include <algorithm>
#include <set>

#include "engine/driver/postgres/postgres_conn.h"
#include "engine/driver/postgres/postgres_driver.h"
#include "engine/driver/postgres/postgres_load.h"

namespace seed {

namespace {

constexpr size_t kSendBytes = 1 << 20;  // rows are sent in pieces of about this size

// A column whose values a sequence would otherwise give (identity or
// serial): after explicit keys go in, the sequence is moved past them so
// the application's own inserts do not collide with seeded rows.
struct KeySequence {
  size_t column;
  std::string sequence;  // regclass text, as pg_get_serial_sequence returns it
  int64_t max = 0;
};

class CopyInserter : public Inserter {
 public:
  CopyInserter(PgConn& conn, const std::set<std::string>& loads, std::string table,
               const std::vector<std::string>& columns, std::vector<ColumnClass> classes,
               std::vector<KeySequence> sequences)
      : conn_(conn),
        loads_(loads),
        table_(std::move(table)),
        classes_(std::move(classes)),
        sequences_(std::move(sequences)) {
    sql_ = "COPY " + PostgresQuote(table_) + " (";
    for (size_t i = 0; i < columns.size(); ++i) sql_ += (i ? ", " : "") + PostgresQuote(columns[i]);
    sql_ += ") FROM STDIN";
  }

  Status Insert(const Value* rows, size_t count) override {
    bool given = false;
    return Copy([&](const Value*& out, size_t& n) {
      if (given) return false;
      given = true, out = rows, n = count;
      return true;
    });
  }

  bool StreamsTable() const override { return true; }

  // One COPY for every batch: formatted as it goes, one batch in memory
  // at a time whatever the table's size; all or nothing. Inside a table
  // load (BeginTableLoad) it runs in the pg_restore order: foreign keys
  // and secondary indexes off for the COPY and back on, validated, before
  // this returns, so they are never missing outside the caller's
  // transaction, whenever the caller commits and calls EndTableLoad.
  Status InsertAll(const BatchSource& next) override {
    if (!loads_.count(table_)) return Copy(next);
    const DetachedDdl ddl = DetachForLoad(conn_, table_);
    Status s = Copy(next);
    if (s.ok()) s = ReattachAfterLoad(conn_, table_, ddl);
    return s;
  }

 private:
  void Append(const Value* rows, size_t count) {
    const size_t n = classes_.size();
    for (size_t r = 0; r < count; ++r) {
      const Value* row = rows + r * n;
      for (size_t c = 0; c < n; ++c) {
        if (c) buf_ += '\t';
        AppendCopyText(buf_, row[c], classes_[c]);
      }
      buf_ += '\n';
      for (KeySequence& k : sequences_)
        if (row[k.column].type == Type::kInt) k.max = std::max(k.max, row[k.column].i);
    }
  }

  bool Send() {
    const bool ok =
        buf_.empty() || PQputCopyData(conn_.get(), buf_.data(), static_cast<int>(buf_.size())) == 1;
    buf_.clear();
    return ok;
  }

  Status Copy(const BatchSource& next) {
    PgResult start(PQexec(conn_.get(), sql_.c_str()));
    if (!start || PQresultStatus(start.get()) != PGRES_COPY_IN)
      return conn_.Error(start.get(), table_);
    uint64_t expected = 0;
    bool sent = true;
    const Value* rows;
    size_t count;
    buf_.clear();
    // A failed row ends the COPY on the server; libpq then refuses more data.
    while (sent && next(rows, count)) {
      for (size_t done = 0; sent && done < count;) {
        const size_t piece = std::min<size_t>(count - done, 2000);
        Append(rows + done * classes_.size(), piece);
        done += piece;
        if (buf_.size() >= kSendBytes) sent = Send();
      }
      expected += count;
    }
    if (sent) sent = Send();
    Status status = Status::Ok();
    if (PQputCopyEnd(conn_.get(), nullptr) != 1) status = conn_.Error(nullptr, table_);
    while (PGresult* raw = PQgetResult(conn_.get())) {
      PgResult r(raw);
      if (PQresultStatus(raw) == PGRES_COMMAND_OK) {
        const uint64_t got = std::strtoull(PQcmdTuples(raw), nullptr, 10);
        if (got != expected && status.ok())
          status = Status::Db(table_ + ": COPY loaded " + std::to_string(got) + " of " +
                              std::to_string(expected) + " rows");
      } else if (status.ok()) {
        status = conn_.Error(raw, table_);
      }
    }
    if (status.ok() && !sent) status = conn_.Error(nullptr, table_);
    if (status.ok()) status = AdvanceSequences();
    return status;
  }

  Status AdvanceSequences() {
    for (KeySequence& k : sequences_) {
      if (k.max <= 0) continue;
      Value seq, max;
      seq.SetString(k.sequence), max.SetInt(k.max);
      if (Status s = conn_.Query("SELECT setval($1::regclass, GREATEST($2, "
                                 "COALESCE(pg_sequence_last_value($1::regclass), 0)))",
                                 {seq, max}, nullptr);
          !s.ok())
        return Status::Db(table_ + ": " + s.message());
    }
    return Status::Ok();
  }

  PgConn& conn_;
  const std::set<std::string>& loads_;  // the driver's tables inside a table load
  std::string table_, sql_, buf_;
  std::vector<ColumnClass> classes_;
  std::vector<KeySequence> sequences_;
};

// One UPDATE ... WHERE key per row. Every value goes as text of unknown
// type, so the server reads it as its column's type (a boolean, a varchar
// key) rather than as a bigint it cannot compare.
class PgUpdater : public Updater {
 public:
  PgUpdater(PgConn& conn, std::string table, const std::vector<std::string>& set,
            const std::vector<std::string>& key)
      : conn_(conn), table_(std::move(table)), width_(set.size() + key.size()) {
    sql_ = "UPDATE " + PostgresQuote(table_) + " SET ";
    int n = 0;
    for (size_t i = 0; i < set.size(); ++i)
      sql_ += (i ? ", " : "") + PostgresQuote(set[i]) + " = $" + std::to_string(++n);
    sql_ += " WHERE ";
    for (size_t i = 0; i < key.size(); ++i)
      sql_ += (i ? " AND " : "") + PostgresQuote(key[i]) + " = $" + std::to_string(++n);
  }

  Status Update(const Value* rows, size_t count) override {
    std::vector<std::string> text(width_);
    std::vector<const char*> values(width_);
    for (size_t r = 0; r < count; ++r) {
      for (size_t c = 0; c < width_; ++c) {
        const Value& v = rows[r * width_ + c];
        text[c] = v.is_null() ? "" : v.ToText();
        values[c] = v.is_null() ? nullptr : text[c].c_str();
      }
      PgResult res(PQexecParams(conn_.get(), sql_.c_str(), static_cast<int>(width_), nullptr,
                                values.data(), nullptr, nullptr, 0));
      if (!res || PQresultStatus(res.get()) != PGRES_COMMAND_OK)
        return conn_.Error(res.get(), table_);
    }
    return Status::Ok();
  }

 private:
  PgConn& conn_;
  std::string table_, sql_;
  size_t width_;
};

}  // namespace

Result<std::unique_ptr<Inserter>> PostgresDriver::PrepareInsert(
    const TableSchema& table, const std::vector<std::string>& columns) {
  std::vector<ColumnClass> classes;
  std::vector<KeySequence> sequences;
  for (size_t i = 0; i < columns.size(); ++i) {
    const ColumnInfo* info = table.Find(columns[i]);
    classes.push_back(info ? info->cls : ColumnClass::kOther);
    if (!info || !info->auto_key) continue;
    Value t, c;
    t.SetString(PostgresQuote(table.name)), c.SetString(columns[i]);
    Result<std::string> seq = conn_->QueryValue("SELECT pg_get_serial_sequence($1, $2)", {t, c});
    if (!seq.ok()) return Status::Db(table.name + ": " + seq.status().message());
    if (!seq->empty()) sequences.push_back({i, *seq});
  }
  return std::unique_ptr<Inserter>(new CopyInserter(*conn_, loads_, table.name, columns,
                                                    std::move(classes), std::move(sequences)));
}

Result<std::unique_ptr<Updater>> PostgresDriver::PrepareUpdate(const TableSchema& table, const std::vector<std::string>& set,
    const std::vector<std::string>& key) {
  return std::unique_ptr<Updater>(new PgUpdater(*conn_, table.name, set, key));
}

}  // namespace seed
