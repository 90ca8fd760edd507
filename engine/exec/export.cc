#include "engine/exec/export.h"

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <limits>
#include <nlohmann/json.hpp>
#include <regex>

#include "engine/core/interrupt.h"
#include "engine/core/utc_time.h"
#include "engine/exec/batch_stream.h"
#include "engine/exec/schema_check.h"
#include "engine/source/source.h"

namespace seed {

namespace fs = std::filesystem;

std::optional<ExportFormat> ParseExportFormat(std::string_view name) {
  if (name == "sql") return ExportFormat::kSql;
  if (name == "csv") return ExportFormat::kCsv;
  if (name == "jsonl") return ExportFormat::kJsonl;
  return std::nullopt;
}

namespace {

// A spec's table name in a file name: letters, digits, '_' and '-' kept,
// the rest '_' (the name comes from a spec, which may be hostile).
std::string FilePart(const std::string& table) {
  std::string out;
  for (char c : table.substr(0, 64))
    out += (std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-') ? c : '_';
  return out.empty() ? "_" : out;
}

std::string Numbered(size_t n, int width) {
  std::string s = std::to_string(n);
  return std::string(s.size() < static_cast<size_t>(width) ? width - s.size() : 0, '0') + s;
}

// The column whose seeded keys a sequence generates: the second pass's key
// and (PostgreSQL) the sequence moved past them. -1 if none.
int SequenceColumn(const TablePlan& p) {
  for (size_t c = 0; c < p.spec->columns.size(); ++c) {
    const Generator* g = p.model->generator(static_cast<int>(c));
    if (p.spec->columns[c].write && g && g->traits().key_sequence) return static_cast<int>(c);
  }
  return -1;
}

void AppendJson(std::string& out, const Value& v, ColumnClass cls) {
  static const char kHex[] = "0123456789abcdef";
  switch (v.type) {
    case Type::kNull: out += "null"; return;
    case Type::kInt: v.AppendText(out); return;
    case Type::kBool: out += v.i ? "true" : "false"; return;
    case Type::kFloat:
      if (std::isfinite(v.f)) v.AppendText(out);
      else out += "null";
      return;
    case Type::kString:
      out += '"';
      if (cls == ColumnClass::kBlob) {
        out += "\\\\x";
        for (unsigned char c : v.s) out += kHex[c >> 4], out += kHex[c & 15];
      } else {
        for (unsigned char c : v.s) {
          if (c == '"' || c == '\\') out += '\\', out += static_cast<char>(c);
          else if (c < 0x20) out += "\\u00", out += kHex[c >> 4], out += kHex[c & 15];
          else out += static_cast<char>(c);
        }
      }
      out += '"';
      return;
    default:  // decimals (exact), dates and times as their text
      out += '"';
      v.AppendText(out);
      out += '"';
  }
}

// Why a row would not go in (RowProblem of a written column, with a
// database's schema), or "".
std::string WhyLeftOut(const ExportTable& t, const Value* row) {
  for (size_t i = 0; i < t.write.size(); ++i)
    if (t.info[i])
      if (std::string why = RowProblem(row[t.write[i]], *t.info[i]); !why.empty()) return why;
  return "";
}

}  // namespace

// One file being written: under a temporary name until Close() renames
// it, removed if abandoned (an interrupted export leaves no file a load
// would take for complete).
class Exporter::Output {
 public:
  ~Output() { Abandon(); }
  Status Open(const fs::path& path) {
    path_ = path, tmp_ = path.string() + ".tmp", bytes_ = 0;
    f_ = std::fopen(tmp_.c_str(), "wb");
    if (!f_) return Status::Io(tmp_ + ": cannot create: " + std::strerror(errno));
    std::setvbuf(f_, nullptr, _IOFBF, 1 << 20);
    return Status::Ok();
  }
  bool open() const { return f_ != nullptr; }
  uint64_t bytes() const { return bytes_; }
  const fs::path& path() const { return path_; }
  Status Write(const std::string& s) {
    bytes_ += s.size();
    if (std::fwrite(s.data(), 1, s.size(), f_) != s.size())
      return Status::Io(tmp_ + ": cannot write: " + std::strerror(errno));
    return Status::Ok();
  }
  Status Close() {
    const bool ok = std::fflush(f_) == 0 && fsync(fileno(f_)) == 0;
    const int err = errno;
    std::fclose(f_);
    f_ = nullptr;
    std::error_code ec;
    if (ok) fs::rename(tmp_, path_, ec);
    if (!ok || ec) {
      fs::remove(tmp_, ec);
      return Status::Io(path_.string() + ": cannot write: " + (ok ? ec.message() : std::strerror(err)));
    }
    return Status::Ok();
  }
  void Abandon() {
    if (!f_) return;
    std::fclose(f_);
    f_ = nullptr;
    std::error_code ec;
    fs::remove(tmp_, ec);
  }

 private:
  FILE* f_ = nullptr;
  fs::path path_;
  std::string tmp_;
  uint64_t bytes_ = 0;
};

// A small file (load statements, manifest, load.sh) written whole, under
// a temporary name until complete.
Status Exporter::WriteWhole(const std::string& name, const std::string& text) const {
  Output out;
  Status s = out.Open(fs::path(options_.dir) / name);
  if (s.ok()) s = out.Write(text);
  if (s.ok()) s = out.Close();
  return s;
}

// What one file holds: a table, or a NOT NULL cycle group, whose tables
// must load in one transaction.
struct Exporter::Unit {
  std::vector<const TablePlan*> tables;
  bool group = false;
  std::string name;  // the tables' names joined by '+'
};

Result<std::map<std::string, ExportTable>> ExportTables(const Plan& plan, Catalog* catalog) {
  std::map<std::string, ExportTable> out;
  Diagnostics drift;
  for (const TablePlan& p : plan.tables()) {
    if (!p.selected) continue;
    ExportTable t;
    const int seq = SequenceColumn(p);
    if (!catalog) {
      for (size_t c = 0; c < p.spec->columns.size(); ++c)
        if (p.spec->columns[c].write) t.write.push_back(static_cast<int>(c));
      t.info.assign(t.write.size(), nullptr);
      if (seq >= 0) t.key = {p.spec->columns[seq].name}, t.sequence = t.key[0];
    } else {
      Result<TableSchema> schema = catalog->Inspect(p.spec->table);
      if (!schema.ok()) return schema.status();
      t.write = CheckSchema(p, *schema, *catalog, drift);
      t.schema = std::move(*schema);
      for (int c : t.write) t.info.push_back(t.schema->Find(p.spec->columns[c].name));
      t.key = t.schema->primary_key;
      if (seq >= 0 && t.key.size() == 1 && t.key[0] == p.spec->columns[seq].name) t.sequence = t.key[0];
    }
    if (!p.deferred.empty()) {
      bool keyed = !t.key.empty();
      for (const std::string& k : t.key) {
        const ColumnSpec* c = p.spec->FindColumn(k);
        keyed = keyed && c && c->write;
      }
      if (!keyed)
        return Status::Spec(p.spec->table + "." + p.spec->columns[p.deferred[0]].name +
                            ": this reference closes a cycle and is set by a second pass, which finds the rows"
                            " by their primary key: " +
                            (catalog ? "generate the table's key columns in " + p.spec->file
                                     : "give the table a `sequence` key column, or export with --db so the"
                                       " primary key is read from the database"));
    }
    out[p.spec->table] = std::move(t);
  }
  if (!drift.ok()) return drift.ToStatus();
  return out;
}

Result<KeyBases> ExportKeyBases(const Plan& plan, const std::map<std::string, ExportTable>& tables,
                                Session* session) {
  KeyBases keys;
  if (!session) return keys;
  for (const TablePlan& p : plan.tables()) {
    auto t = tables.find(p.spec->table);
    if (t == tables.end() || t->second.sequence.empty()) continue;
    const ColumnInfo* col = t->second.schema ? t->second.schema->Find(t->second.sequence) : nullptr;
    if (!col || col->cls != ColumnClass::kInteger) continue;
    Result<std::optional<int64_t>> max = session->MaxKey(p.spec->table, t->second.sequence);
    if (!max.ok()) return max.status();
    const int64_t base = max->value_or(0);
    const int c = p.model->ColumnIndex(t->second.sequence);
    const std::optional<Value>& top = p.model->generator(c)->traits().max;
    if (base > 0 && top && top->i > std::numeric_limits<int64_t>::max() - base)
      return Status::Spec(p.spec->table + "." + t->second.sequence + ": keys would start above " +
                          std::to_string(base) + ", the largest key the table holds, and overflow 64 bits");
    keys.Set(p.model->ordinal(), c, base);
  }
  return keys;
}

Exporter::Exporter(const Plan& plan, const std::map<std::string, ExportTable>& tables, const KeyBases& keys,
                   ExportOptions options, Log& log)
    : plan_(plan), tables_(tables), keys_(keys), options_(std::move(options)), log_(log) {}

namespace {

const char* Extension(ExportFormat f) {
  switch (f) {
    case ExportFormat::kSql: return "sql";
    case ExportFormat::kCsv: return "csv";
    case ExportFormat::kJsonl: return "jsonl";
  }
  return "";
}

// The files an export writes: NNN_name[.pKofN].MMM.ext, manifest*.json,
// load.sh, and their temporaries.
const std::regex& ExportFileName() {
  static const std::regex re(R"(([0-9]+_.*\.(sql|csv|jsonl)|manifest.*\.json|load\.sh)(\.tmp)?)");
  return re;
}

}  // namespace

Status Exporter::RemoveEarlierExport() const {
  std::error_code ec;
  fs::create_directories(options_.dir, ec);
  if (ec) return Status::Io(options_.dir + ": cannot create: " + ec.message());
  const std::string tag = options_.partition.Tag();
  static const std::regex tagged(R"(.*\.p[0-9]+of([0-9]+)\..*)");
  std::vector<fs::path> remove;
  for (const fs::directory_entry& e : fs::directory_iterator(options_.dir, ec)) {
    const std::string name = e.path().filename().string();
    if (!std::regex_match(name, ExportFileName())) continue;
    if (name == "load.sh" || name == "load.sh.tmp") {
      remove.push_back(e.path());
      continue;
    }
    std::smatch m;
    const bool has_tag = std::regex_match(name, m, tagged);
    // An unpartitioned export, or this worker's part of an earlier one, is
    // replaced; the other workers' parts are theirs.
    if (tag.empty() || !has_tag || name.find(tag + ".") != std::string::npos) {
      remove.push_back(e.path());
      continue;
    }
    if (m[1].str() != std::to_string(options_.partition.n))
      return Status::Usage(options_.dir + " holds " + name + ", part of an export by " + m[1].str() +
                           " workers, not " + std::to_string(options_.partition.n) +
                           "; export into an empty directory");
  }
  if (ec) return Status::Io(options_.dir + ": cannot read: " + ec.message());
  for (const fs::path& p : remove) fs::remove(p, ec);
  return Status::Ok();
}

// Writes a unit's rows. SQL: one script per piece, each its own
// transaction; CSV and JSON Lines: one file per table and piece, and for
// CSV the load statements beside it.
Status Exporter::WriteUnit(const Unit& unit, size_t number, ExportSummary& sum) {
  const ExportFormat format = options_.format;
  const Dialect* d = options_.dialect;
  const bool sql = format == ExportFormat::kSql;
  const int width = std::max<int>(3, static_cast<int>(std::to_string(plan_.tables().size() + 1).size()));
  const std::string tag = options_.partition.Tag();
  const uint64_t cap = options_.max_file_bytes;
  Output out;
  ExportFile file;
  int piece = 0;
  std::string group_loads;  // CSV of a group: every piece's load statement, one transaction
  const TablePlan* p = nullptr;
  const ExportTable* t = nullptr;
  ExportColumns cols;
  std::vector<char> nulled;  // per written column: NULL until the second pass
  uint64_t statement_rows = 0;
  std::string text;

  auto name_of = [&](const std::string& what, const char* ext) {
    return Numbered(number, width) + "_" + what + tag + "." + Numbered(piece, 3) + "." + ext;
  };
  // Text closing the open table in a SQL script.
  auto table_end = [&]() {
    std::string s;
    if (d->Copy()) s = "\\.\n";
    else if (statement_rows > 0) s = ";\n";
    if (!t->sequence.empty()) s += d->MoveSequence(p->spec->table, t->sequence);
    return s;
  };
  auto table_start = [&]() -> Status {
    statement_rows = 0;
    if (sql && d->Copy()) {
      std::string list;
      for (size_t i = 0; i < cols.names.size(); ++i) list += (i ? ", " : "") + d->Ident(cols.names[i]);
      return out.Write("COPY " + d->Ident(p->spec->table) + " (" + list + ") FROM stdin;\n");
    }
    if (format == ExportFormat::kCsv) {
      std::string header;
      for (size_t i = 0; i < cols.names.size(); ++i) {
        Value v;
        v.SetString(cols.names[i]);
        if (i) header += ',';
        d->AppendCsv(header, v, ColumnClass::kText);
      }
      return out.Write(header + "\n");
    }
    return Status::Ok();
  };
  auto open_piece = [&]() -> Status {
    ++piece;
    const std::string what = sql ? FilePart(unit.name) : FilePart(p->spec->table);
    file = ExportFile{name_of(what, Extension(format)), sql ? unit.name : p->spec->table, 0, 0};
    if (Status s = out.Open(fs::path(options_.dir) / file.name); !s.ok()) return s;
    if (sql)
      if (Status s = out.Write(d->Begin(unit.group)); !s.ok()) return s;
    return table_start();
  };
  auto close_piece = [&]() -> Status {
    if (sql)
      if (Status s = out.Write(table_end() + d->Commit(unit.group)); !s.ok()) return s;
    file.bytes = out.bytes();
    if (Status s = out.Close(); !s.ok()) return s;
    sum.files.push_back(file);
    if (format != ExportFormat::kCsv) return Status::Ok();
    const std::string load = d->LoadCsv(file.name, cols);
    if (unit.group) {
      group_loads += load;
      return Status::Ok();
    }
    return WriteWhole(file.name.substr(0, file.name.size() - 4) + ".load.sql",
                      d->Begin(false) + load + d->Commit(false));
  };

  for (const TablePlan* table : unit.tables) {
    p = table;
    t = &tables_.at(p->spec->table);
    const uint64_t begin = unit.group ? 0 : options_.partition.Begin(p->rows);
    const uint64_t end = unit.group ? p->rows : options_.partition.End(p->rows);
    cols = ExportColumns{p->spec->table, {}, {}, {}};
    nulled.assign(t->write.size(), 0);
    for (size_t i = 0; i < t->write.size(); ++i) {
      const int c = t->write[i];
      cols.names.push_back(p->spec->columns[c].name);
      cols.classes.push_back(t->info[i] ? t->info[i]->cls : ColumnClass::kOther);
      cols.declared.push_back(t->info[i] ? t->info[i]->declared_type : "");
      nulled[i] = format != ExportFormat::kJsonl &&
                  std::find(p->deferred.begin(), p->deferred.end(), c) != p->deferred.end();
    }
    if (!sql || !out.open()) {
      if (!sql) piece = 0;
      if (Status s = open_piece(); !s.ok()) return s;
    } else if (Status s = table_start(); !s.ok()) {
      return s;
    }
    std::unique_ptr<SourceReader> reader;
    if (p->spec->source) {
      Result<std::unique_ptr<SourceReader>> opened =
          OpenSource(*p->spec->source, p->model->source_fields(), plan_.options().source_db);
      if (!opened.ok()) return opened.status();
      reader = std::move(*opened);
    }
    // What a piece needs after its last row: the statement's end and the commit.
    const uint64_t reserve =
        sql ? 3 + (t->sequence.empty() ? 0 : d->MoveSequence(p->spec->table, t->sequence).size()) +
                  d->Commit(unit.group).size()
            : 0;
    auto build = [&](const Value* row) {
      static const Value kNull;
      text.clear();
      if (sql && !d->Copy()) {
        if (statement_rows == 0) {
          text += "INSERT INTO " + d->Ident(p->spec->table) + " (";
          for (size_t i = 0; i < cols.names.size(); ++i) text += (i ? ", " : "") + d->Ident(cols.names[i]);
          text += ") VALUES\n(";
        } else {
          text += ",\n(";
        }
      }
      for (size_t i = 0; i < t->write.size(); ++i) {
        const Value& v = nulled[i] ? kNull : row[t->write[i]];
        if (format == ExportFormat::kJsonl) {
          text += i ? ",\"" : "{\"";
          for (char c : cols.names[i]) {
            if (c == '"' || c == '\\') text += '\\';
            if (static_cast<unsigned char>(c) >= 0x20) text += c;
          }
          text += "\":";
          AppendJson(text, v, cols.classes[i]);
        } else if (format == ExportFormat::kCsv) {
          if (i) text += ',';
          d->AppendCsv(text, v, cols.classes[i]);
        } else if (d->Copy()) {
          if (i) text += '\t';
          AppendCopyText(text, v, cols.classes[i]);
        } else {
          if (i) text += ", ";
          d->AppendLiteral(text, v, cols.classes[i]);
        }
      }
      if (format == ExportFormat::kJsonl) text += "}\n";
      else if (format == ExportFormat::kCsv || d->Copy()) text += '\n';
      else text += ')';
    };
    BatchStream stream(*p->model, &keys_, begin, end, options_.batch_rows, 2, std::move(reader));
    const size_t n = p->model->column_count();
    uint64_t done = begin, skipped = 0;
    while (RowBatch* b = stream.Next()) {
      if (InterruptRequested()) {
        stream.Recycle(b);
        sum.interrupted = true;
        return Status::Error(Code::kInterrupted, "interrupted");
      }
      for (size_t r = 0; r < b->count; ++r) {
        const Value* row = &b->values[r * n];
        const std::string why = WhyLeftOut(*t, row);
        for (size_t i = 0; why.empty() && format == ExportFormat::kCsv && i < t->write.size(); ++i)
          if (std::string problem = d->CsvProblem(row[t->write[i]], cols.classes[i]); !problem.empty())
            return Status::Spec(p->spec->table + "." + cols.names[i] + " row " + std::to_string(b->first_row + r) +
                                ": " + problem + "; export --format sql instead");
        if (!why.empty()) {
          ++skipped;
          log_.Event(skipped <= 20 ? Level::kWarn : Level::kDebug, "row.skipped",
                     p->spec->table + " row " + std::to_string(b->first_row + r) + ": " + why,
                     {{"table", p->spec->table}, {"row", b->first_row + r}, {"reason", why}});
          continue;
        }
        build(row);
        if (cap && out.bytes() + text.size() + reserve > cap) {
          if (file.rows == 0 || (unit.group && sql))
            return Status::Usage("--max-file-size " + std::to_string(cap) + ": " +
                                 (file.rows == 0 ? p->spec->table + " row " + std::to_string(b->first_row + r) +
                                                       " does not fit in a file of that size"
                                                 : "the NOT NULL cycle group " + unit.name +
                                                       " loads in one transaction, so from one file, and needs"
                                                       " more") +
                                 "; raise the cap");
          if (Status s = close_piece(); !s.ok()) return s;
          if (Status s = open_piece(); !s.ok()) return s;
          build(row);  // a new piece starts a new statement
        }
        if (Status s = out.Write(text); !s.ok()) return s;
        ++file.rows;
        ++sum.rows;
        if (sql && !d->Copy() && ++statement_rows == options_.statement_rows) {
          if (Status s = out.Write(";\n"); !s.ok()) return s;
          statement_rows = 0;
        }
      }
      done += b->count;
      stream.Recycle(b);
      log_.Progress(p->spec->table, done - begin, end - begin);
    }
    if (Status s = stream.status(); !s.ok()) return s;
    sum.skipped += skipped;
    if (sql) {
      if (Status s = out.Write(table_end()); !s.ok()) return s;
      statement_rows = 0;
    } else if (Status s = close_piece(); !s.ok()) {
      return s;
    }
  }
  if (sql) {
    // table_end() was written after the last table: only the commit is left.
    file.bytes = out.bytes();
    statement_rows = 0;
    Status s = out.Write(d->Commit(unit.group));
    file.bytes = out.bytes();
    if (s.ok()) s = out.Close();
    if (!s.ok()) return s;
    sum.files.push_back(file);
  }
  if (!group_loads.empty()) {
    piece = 1;
    return WriteWhole(name_of(FilePart(unit.name), "load.sql"), d->Begin(true) + group_loads + d->Commit(true));
  }
  return Status::Ok();
}

// The second pass: an UPDATE per row setting the references that closed a
// cycle, once every table is in (rows whose references are all NULL need
// none).
Status Exporter::WriteSecondPass(size_t number, ExportSummary& sum) {
  const Dialect* d = options_.dialect;
  const int width = std::max<int>(3, static_cast<int>(std::to_string(plan_.tables().size() + 1).size()));
  const uint64_t cap = options_.max_file_bytes;
  Output out;
  ExportFile file;
  int piece = 0;
  auto open_piece = [&]() -> Status {
    file = ExportFile{Numbered(number, width) + "_second-pass" + options_.partition.Tag() + "." +
                          Numbered(++piece, 3) + ".sql",
                      "", 0, 0};
    if (Status s = out.Open(fs::path(options_.dir) / file.name); !s.ok()) return s;
    return out.Write(d->Begin(false));
  };
  auto close_piece = [&]() -> Status {
    Status s = out.Write(d->Commit(false));
    file.bytes = out.bytes();
    if (s.ok()) s = out.Close();
    if (s.ok()) sum.files.push_back(file);
    return s;
  };
  std::string text;
  for (const TablePlan& p : plan_.tables()) {
    if (!p.selected || p.deferred.empty()) continue;
    if (p.group >= 0 && options_.partition.k != 0) continue;  // its group is exported whole by worker 0
    const ExportTable& t = tables_.at(p.spec->table);
    const uint64_t begin = p.group >= 0 ? 0 : options_.partition.Begin(p.rows);
    const uint64_t end = p.group >= 0 ? p.rows : options_.partition.End(p.rows);
    auto class_of = [&](const std::string& column) {
      const ColumnInfo* c = t.schema ? t.schema->Find(column) : nullptr;
      return c ? c->cls : ColumnClass::kOther;
    };
    std::vector<int> keys;
    for (const std::string& k : t.key) keys.push_back(p.model->ColumnIndex(k));
    std::vector<std::string> stamped;
    for (const ColumnInfo& c : t.schema ? t.schema->columns : std::vector<ColumnInfo>())
      if (c.on_update && std::find_if(p.deferred.begin(), p.deferred.end(), [&](int d) {
                           return p.spec->columns[d].name == c.name;
                         }) == p.deferred.end())
        stamped.push_back(c.name);
    BatchStream stream(*p.model, &keys_, begin, end, options_.batch_rows, 2);
    const size_t n = p.model->column_count();
    while (RowBatch* b = stream.Next()) {
      if (InterruptRequested()) {
        stream.Recycle(b);
        sum.interrupted = true;
        return Status::Error(Code::kInterrupted, "interrupted");
      }
      for (size_t r = 0; r < b->count; ++r) {
        const Value* row = &b->values[r * n];
        bool any = false;
        for (int c : p.deferred) any = any || !row[c].is_null();
        if (!any || !WhyLeftOut(t, row).empty()) continue;  // NULL already, or a row the data left out
        text = "UPDATE " + d->Ident(p.spec->table) + " SET ";
        for (size_t i = 0; i < p.deferred.size(); ++i) {
          const std::string& name = p.spec->columns[p.deferred[i]].name;
          text += (i ? ", " : "") + d->Ident(name) + " = ";
          d->AppendLiteral(text, row[p.deferred[i]], class_of(name));
        }
        // A column the database stamps on every UPDATE (MySQL's ON UPDATE
        // CURRENT_TIMESTAMP) keeps its value: setting a reference is not
        // a change the row should record.
        for (const std::string& c : stamped) text += ", " + d->Ident(c) + " = " + d->Ident(c);
        for (size_t i = 0; i < keys.size(); ++i) {
          text += (i ? " AND " : " WHERE ") + d->Ident(t.key[i]) + " = ";
          d->AppendLiteral(text, row[keys[i]], class_of(t.key[i]));
        }
        text += ";\n";
        if (!out.open())
          if (Status s = open_piece(); !s.ok()) return s;
        if (cap && out.bytes() + text.size() + 16 > cap) {
          if (file.rows == 0) return Status::Usage("--max-file-size " + std::to_string(cap) + ": too small for one UPDATE of " + p.spec->table);
          if (Status s = close_piece(); !s.ok()) return s;
          if (Status s = open_piece(); !s.ok()) return s;
        }
        if (Status s = out.Write(text); !s.ok()) return s;
        ++file.rows;
      }
      stream.Recycle(b);
    }
    if (Status s = stream.status(); !s.ok()) return s;
    file.table += (file.table.empty() ? "" : "+") + p.spec->table;
  }
  return out.open() ? close_piece() : Status::Ok();
}

Status Exporter::WriteManifest(const ExportSummary& sum) const {
  nlohmann::ordered_json files = nlohmann::ordered_json::array(), tables = nlohmann::ordered_json::array();
  for (const ExportFile& f : sum.files)
    files.push_back({{"file", f.name}, {"tables", f.table}, {"rows", f.rows}, {"bytes", f.bytes}});
  for (const TablePlan& p : plan_.tables())
    if (p.selected) tables.push_back({{"table", p.spec->table}, {"rows", p.rows}});
  const PlanOptions& o = plan_.options();
  nlohmann::ordered_json m = {
      {"format", Extension(options_.format)},
      {"dialect", options_.dialect ? options_.dialect->name() : ""},
      {"partition", std::to_string(options_.partition.k) + "/" + std::to_string(options_.partition.n)},
      {"env", o.env},
      {"seed", o.seed},
      {"size", o.size_rows ? std::to_string(*o.size_rows) : (o.size.empty() ? "default" : o.size)},
      {"tables", tables},
      {"files", files},
      {"rows", sum.rows},
      {"skipped", sum.skipped}};
  return WriteWhole("manifest" + options_.partition.Tag() + ".json", m.dump(2) + "\n");
}

// load.sh runs every NNN_*.sql script in name order through the target's
// client. Every worker writes the same script.
Status Exporter::WriteLoadScript() const {
  const Dialect& d = *options_.dialect;
  std::string sh =
      std::string("#!/bin/sh\n") + "# Loads this seed-engine export into a " + d.name() +
      " database: every NNN_*.sql script in name order\n"
      "# (tables in dependency order, a table's partitions together, the second pass last),\n"
      "# each in its own transaction; stops at the first error.\n"
      "# usage: sh load.sh " + d.ClientUsage() + "\n"
      "set -eu\n"
      "cd \"$(dirname \"$0\")\"\n";
  if (options_.partition.n > 1) {
    sh += "# written by " + std::to_string(options_.partition.n) +
          " workers (--partition K/" + std::to_string(options_.partition.n) + "): all must be done\n";
    for (uint64_t k = 0; k < options_.partition.n; ++k) {
      const std::string manifest = "manifest" + Partition{k, options_.partition.n}.Tag() + ".json";
      sh += "[ -f " + manifest + " ] || { echo \"load.sh: " + manifest + " is missing: worker " + std::to_string(k) +
            " has not finished\" >&2; exit 1; }\n";
    }
  }
  sh += "for f in $(LC_ALL=C ls | grep -E '^[0-9]+_.*\\.sql$'); do\n"
        "  echo \"load.sh: $f\" >&2\n"
        "  " + d.Client() + " \"$@\" < \"$f\"\n"
        "done\n";
  Status s = WriteWhole("load.sh", sh);
  std::error_code ec;
  if (s.ok()) fs::permissions(fs::path(options_.dir) / "load.sh", fs::perms::owner_exec | fs::perms::group_exec,
                              fs::perm_options::add, ec);
  return s;
}

Result<ExportSummary> Exporter::Run() {
  ExportSummary sum;
  const int64_t start = NowMs();
  if (options_.format != ExportFormat::kJsonl && !options_.dialect)
    return Status::Usage("export: a SQL or CSV export needs a dialect");
  if (Status s = RemoveEarlierExport(); !s.ok()) return s;
  std::vector<Unit> units;
  for (const TablePlan& p : plan_.tables()) {
    if (!p.selected) continue;
    if (p.group >= 0 && !units.empty() && units.back().group && units.back().tables.back()->group == p.group) {
      units.back().tables.push_back(&p);
      units.back().name += "+" + p.spec->table;
      continue;
    }
    units.push_back(Unit{{&p}, p.group >= 0, p.spec->table});
  }
  bool second_pass = false;
  size_t number = 0;
  for (const Unit& u : units) {
    ++number;
    for (const TablePlan* p : u.tables) second_pass = second_pass || !p->deferred.empty();
    // A NOT NULL cycle group loads in one transaction: worker 0 writes it whole.
    if (u.group && options_.partition.k != 0) continue;
    if (Status s = WriteUnit(u, number, sum); !s.ok()) return s;
  }
  if (second_pass && options_.format != ExportFormat::kJsonl)
    if (Status s = WriteSecondPass(units.size() + 1, sum); !s.ok()) return s;
  if (Status s = WriteManifest(sum); !s.ok()) return s;
  if (options_.format != ExportFormat::kJsonl)
    if (Status s = WriteLoadScript(); !s.ok()) return s;
  sum.ms = NowMs() - start;
  return sum;
}

}  // namespace seed
