#include "engine/exec/backup.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "engine/core/interrupt.h"
#include "engine/core/utc_time.h"
#include "engine/core/version.h"
#include "engine/exec/conflict.h"
#include "engine/exec/ledger.h"
#include "engine/source/source.h"

namespace seed {

namespace {

constexpr const char* kFormat = "seed-engine backup";
constexpr int kFormatVersion = 1;
constexpr const char* kManifest = "manifest.json";
// A manifest lists tables and batch records (one per 5,000 rows): far
// below this, which bounds what a damaged or hostile file makes us read.
constexpr std::uintmax_t kMaxManifestBytes = std::uintmax_t{64} << 20;
constexpr size_t kRestoreBatch = 1000;

std::string UtcStamp() { return FormatUtc(NowSeconds()); }

// A file name for a table: its index keeps names apart that the
// substitution makes equal, and a table named "../x" stays in the backup.
std::string FileName(int index, const std::string& table, const std::string& suffix) {
  char prefix[16];
  snprintf(prefix, sizeof prefix, "%02d-", index);
  std::string safe;
  for (char c : table.substr(0, 100))
    safe += std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' ? c : '_';
  return prefix + safe + suffix;
}

// One CSV field as the source reader reads it back: NULL an unquoted \N;
// quoted when empty, \N itself, or holding a comma, quote or line break.
void AppendField(std::string& out, const char* cell) {
  if (!cell) return (void)(out += "\\N");
  const std::string_view v(cell);
  if (!v.empty() && v != "\\N" && v.find_first_of(",\"\r\n") == std::string_view::npos)
    return (void)(out += v);
  out += '"';
  for (char c : v) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  out += '"';
}

std::string Header(const std::vector<std::string>& columns) {
  std::string line;
  for (size_t i = 0; i < columns.size(); ++i) {
    if (i) line += ',';
    AppendField(line, columns[i].c_str());
  }
  return line + "\n";
}

nlohmann::json ToJson(const LedgerTable& t) {
  return {{"table", t.table},         {"run_id", t.run_id},       {"spec_hash", t.spec_hash},
          {"size", t.size},           {"key_column", t.key_column}, {"seed", t.seed},
          {"rows", t.rows},           {"batch_rows", t.batch_rows}, {"key_base", t.key_base},
          {"second_pass", SecondPassName(t.second_pass)}, {"written_columns", t.written_columns}};
}

nlohmann::json ToJson(const LedgerBatch& b) {
  return {{"run_id", b.run_id},     {"key_lo", b.key_lo},       {"key_hi", b.key_hi},
          {"first_row", b.first_row}, {"end_row", b.end_row},   {"inserted", b.inserted},
          {"row_crc", b.row_crc},   {"committed_at", b.committed_at}};
}

Status SysError(const std::string& what) { return Status::Io(what + ": " + std::strerror(errno)); }

}  // namespace

Backup::Backup(std::string dir, std::string database, std::string env)
    : dir_(std::move(dir)), database_(std::move(database)), env_(std::move(env)), created_at_(UtcStamp()) {}

Backup::~Backup() {
  for (File& f : tables_) if (f.f) fclose(f.f);
  for (File& f : links_) if (f.f) fclose(f.f);
}

Result<std::unique_ptr<Backup>> Backup::Create(const std::string& dir, const std::string& database,
                                               const std::string& env) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (fs::exists(dir, ec) && (!fs::is_directory(dir, ec) || !fs::is_empty(dir, ec)))
    return Status::Usage("backup directory " + dir + " exists and is not empty: a backup never overwrites one");
  fs::create_directories(dir, ec);
  if (ec) return Status::Io("cannot create backup directory " + dir + ": " + ec.message());
  // Rows of staging and production databases: readable by their owner only.
  if (chmod(dir.c_str(), 0700) != 0) return SysError("cannot restrict backup directory " + dir);
  std::unique_ptr<Backup> b(new Backup(dir, database, env));
  if (Status s = b->WriteManifest(); !s.ok()) return s;
  return b;
}

Result<Backup::File*> Backup::Open(std::vector<File>& files, const std::string& table, const std::string& suffix,
                                   const std::string& key, const std::vector<std::string>& columns) {
  for (File& f : files)
    if (f.table == table) return &f;
  File file;
  file.table = table, file.key = key, file.columns = columns;
  file.name = FileName(next_index_++, table, suffix);
  const std::string path = dir_ + "/" + file.name;
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) return SysError("cannot create " + path);
  file.f = fdopen(fd, "w");
  if (!file.f) return ::close(fd), SysError("cannot open " + path);
  const std::string header = Header(columns);
  if (fwrite(header.data(), 1, header.size(), file.f) != header.size()) return SysError("cannot write " + path);
  file.committed = static_cast<long>(header.size());
  files.push_back(std::move(file));
  return &files.back();
}

Status Backup::Append(File& file, Session& db, const RowSelection& rows, const std::vector<std::string>& order_by) {
  std::string line;
  bool failed = false;
  Status s = db.Scan(rows, file.columns, order_by, [&](const std::vector<const char*>& cells) {
    line.clear();
    for (size_t i = 0; i < cells.size(); ++i) {
      if (i) line += ',';
      AppendField(line, cells[i]);
    }
    line += '\n';
    failed = failed || fwrite(line.data(), 1, line.size(), file.f) != line.size();
    ++file.rows;
  });
  if (!s.ok()) return s;
  if (failed || ferror(file.f)) return SysError("cannot write " + dir_ + "/" + file.name);
  return Status::Ok();
}

Status Backup::SaveRows(Session& db, const TableSchema& schema, const RowSelection& rows) {
  std::vector<std::string> columns;
  for (const ColumnInfo& c : schema.columns)
    if (!c.generated) columns.push_back(c.name);
  Result<File*> f = Open(tables_, schema.name, ".csv", "", columns);
  if (!f.ok()) return f.status();
  return Append(**f, db, rows, schema.primary_key);
}

Status Backup::SaveLinks(Session& db, const std::string& table, const std::string& key,
                         const std::vector<std::string>& columns, const RowSelection& rows) {
  std::vector<std::string> all = {key};
  all.insert(all.end(), columns.begin(), columns.end());
  Result<File*> f = Open(links_, table, ".links.csv", key, all);
  if (!f.ok()) return f.status();
  if ((*f)->columns != all) return Status::Db(table + ": backup: deferred references saved twice with other columns");
  return Append(**f, db, rows, {key});
}

void Backup::SaveLedger(const LedgerTable& table, const std::vector<LedgerBatch>& batches) {
  ledger_.push_back({table, batches, false});
}

Status Backup::Flush() {
  for (std::vector<File>* files : {&tables_, &links_})
    for (File& f : *files)
      if (fflush(f.f) != 0 || fsync(fileno(f.f)) != 0) return SysError("cannot write " + dir_ + "/" + f.name);
  return WriteManifest();
}

void Backup::Committed() {
  for (std::vector<File>* files : {&tables_, &links_})
    for (File& f : *files) f.committed = ftell(f.f), f.committed_rows = f.rows;
  for (SavedLedger& l : ledger_) l.committed = true;
}

void Backup::Discard() {
  for (std::vector<File>* files : {&tables_, &links_})
    for (File& f : *files) {
      fflush(f.f);
      if (ftruncate(fileno(f.f), f.committed) == 0) fseek(f.f, 0, SEEK_END);
      f.rows = f.committed_rows;
    }
  std::erase_if(ledger_, [](const SavedLedger& l) { return !l.committed; });
  (void)WriteManifest();  // the rows it listed are the committed ones again
}

std::string Backup::FileOf(const std::string& table) const {
  for (const File& f : tables_)
    if (f.table == table) return dir_ + "/" + f.name;
  return "";
}

uint64_t Backup::rows() const {
  uint64_t n = 0;
  for (const File& f : tables_) n += f.rows;
  return n;
}

Status Backup::WriteManifest() {
  nlohmann::json m = {{"format", kFormat},   {"version", kFormatVersion}, {"engine", kEngineVersion},
                      {"created_at", created_at_}, {"database", database_}, {"env", env_},
                      {"tables", nlohmann::json::array()}, {"links", nlohmann::json::array()},
                      {"ledger", nlohmann::json::array()}};
  for (const File& f : tables_)
    m["tables"].push_back({{"table", f.table}, {"file", f.name}, {"columns", f.columns}, {"rows", f.rows}});
  for (const File& f : links_)
    m["links"].push_back({{"table", f.table}, {"file", f.name}, {"key", f.key}, {"columns", f.columns},
                          {"rows", f.rows}});
  for (const SavedLedger& l : ledger_) {
    nlohmann::json batches = nlohmann::json::array();
    for (const LedgerBatch& b : l.batches) batches.push_back(ToJson(b));
    m["ledger"].push_back({{"table", ToJson(l.table)}, {"batches", std::move(batches)}});
  }
  // Written aside and renamed: a crash leaves the old manifest or the new.
  const std::string path = dir_ + "/" + kManifest, tmp = path + ".tmp";
  const std::string text = m.dump(1) + "\n";
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return SysError("cannot write " + tmp);
  const bool ok = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()) && fsync(fd) == 0;
  ::close(fd);
  if (!ok || rename(tmp.c_str(), path.c_str()) != 0) return SysError("cannot write " + path);
  return Status::Ok();
}

// --- Restore ---

namespace {

struct ManifestFile {
  std::string table, file, key;
  std::vector<std::string> columns;
};

struct Manifest {
  std::vector<ManifestFile> tables, links;
  std::vector<std::pair<LedgerTable, std::vector<LedgerBatch>>> ledger;
};

// What a file name in a manifest may be: a name in the backup directory.
bool PlainName(const std::string& name) {
  return !name.empty() && name.front() != '.' && name.find('/') == std::string::npos && name.size() < 256;
}

Result<Manifest> ReadManifest(const std::string& dir) {
  const std::string path = dir + "/" + kManifest;
  std::error_code ec;
  const std::uintmax_t size = std::filesystem::file_size(path, ec);
  if (ec) {
    // A --backup directory holds one backup per rollback, each in a
    // directory named by its time: name them, oldest first.
    std::vector<std::string> inside;
    for (const auto& e : std::filesystem::directory_iterator(dir, ec))
      if (std::filesystem::exists(e.path() / kManifest)) inside.push_back(e.path().string());
    std::sort(inside.begin(), inside.end());
    std::string list;
    for (const std::string& b : inside) list += (list.empty() ? "" : ", ") + b;
    return Status::Usage(dir + ": not a seed-engine backup (no readable " + kManifest + ")" +
                         (inside.empty() ? "" : "; it holds the backups " + list + " (oldest first): restore one"));
  }
  if (size > kMaxManifestBytes) return Status::Spec(path + ": larger than a backup manifest can be");
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  const nlohmann::json m = nlohmann::json::parse(text.str(), nullptr, /*allow_exceptions=*/false);
  if (m.is_discarded() || !m.is_object() || m.value("format", "") != kFormat)
    return Status::Spec(path + ": not a seed-engine backup manifest");
  Manifest out;
  try {
    if (m.at("version").get<int>() > kFormatVersion)
      return Status::Spec(path + ": written by a newer seed-engine (backup format " +
                          std::to_string(m.at("version").get<int>()) + "); restore it with that version");
    for (const char* list : {"tables", "links"})
      for (const nlohmann::json& f : m.at(list)) {
        ManifestFile mf{f.at("table").get<std::string>(), f.at("file").get<std::string>(),
                        f.value("key", std::string()), f.at("columns").get<std::vector<std::string>>()};
        if (!PlainName(mf.file) || mf.columns.empty())
          return Status::Spec(path + ": " + mf.table + ": a file name outside the backup, or no columns");
        (std::string(list) == "tables" ? out.tables : out.links).push_back(std::move(mf));
      }
    for (const nlohmann::json& l : m.at("ledger")) {
      const nlohmann::json& t = l.at("table");
      LedgerTable lt;
      lt.table = t.at("table"), lt.run_id = t.at("run_id"), lt.spec_hash = t.at("spec_hash");
      lt.size = t.at("size"), lt.key_column = t.at("key_column");
      lt.seed = t.at("seed"), lt.rows = t.at("rows"), lt.batch_rows = t.at("batch_rows");
      lt.key_base = t.at("key_base");
      lt.second_pass = ParseSecondPass(t.at("second_pass").get<std::string>());
      lt.written_columns = t.at("written_columns").get<std::vector<std::string>>();
      std::vector<LedgerBatch> batches;
      for (const nlohmann::json& b : l.at("batches")) {
        LedgerBatch lb;
        lb.table = lt.table, lb.run_id = b.at("run_id"), lb.key_lo = b.at("key_lo"), lb.key_hi = b.at("key_hi");
        lb.first_row = b.at("first_row"), lb.end_row = b.at("end_row"), lb.inserted = b.at("inserted");
        lb.row_crc = b.at("row_crc"), lb.committed_at = b.at("committed_at");
        batches.push_back(std::move(lb));
      }
      out.ledger.emplace_back(std::move(lt), std::move(batches));
    }
  } catch (const nlohmann::json::exception& e) {
    return Status::Spec(path + ": damaged backup manifest (" + e.what() + ")");
  }
  return out;
}

// Streams a backup file into `write` in batches of kRestoreBatch rows.
Result<uint64_t> Load(const std::string& path, const std::vector<std::string>& columns,
                      const std::function<Status(const std::vector<Value>&, size_t)>& write) {
  SourceSpec source;
  source.file = path;
  Result<std::unique_ptr<SourceReader>> reader = OpenSource(source, columns, nullptr);
  if (!reader.ok()) return reader.status();
  std::vector<Value> batch, row;
  uint64_t total = 0;
  for (;;) {
    Result<bool> got = (*reader)->Next(row);
    if (!got.ok()) return got.status();
    if (*got) batch.insert(batch.end(), row.begin(), row.end());
    const size_t n = batch.size() / columns.size();
    if (n && (n == kRestoreBatch || !*got)) {
      if (InterruptRequested()) return Status::Error(Code::kInterrupted, "interrupted");
      if (Status s = write(batch, n); !s.ok()) return s;
      total += n;
      batch.clear();
    }
    if (!*got) return total;
  }
}

}  // namespace

namespace {

Result<std::vector<RestoredTable>> RestoreOnce(const std::string& dir, Driver& db, Log& log, const std::string& env) {
  Result<Manifest> m = ReadManifest(dir);
  if (!m.ok()) return m.status();
  Ledger ledger(db.ledger());
  if (!m->ledger.empty()) {
    if (Status s = ledger.Ensure(); !s.ok()) return s;
    if (Status s = ledger.Load(); !s.ok()) return s;
    for (const auto& [t, batches] : m->ledger)
      if (const LedgerTable* now = ledger.Table(t.table))
        return Status::Usage(t.table + ": seeded again (run " + now->run_id +
                             ") since this backup was taken; roll that back first (`seed-engine rollback` with"
                             " `--table " + t.table + "`), then restore");
  }
  Session& session = db.session();
  std::vector<RestoredTable> out;
  std::vector<TableSchema> schemas;
  Status s = session.Begin();
  // A NOT NULL cycle's tables reference each other's rows: checked at the
  // end. Where the database cannot defer a key (PostgreSQL without
  // DEFERRABLE), parents first still satisfies every acyclic one.
  if (s.ok()) s = session.DeferForeignKeys();
  // Deleted children first: loaded in reverse, parents first.
  for (auto it = m->tables.rbegin(); s.ok() && it != m->tables.rend(); ++it) {
    Result<TableSchema> schema = db.catalog().Inspect(it->table);
    if (!schema.ok()) s = schema.status();
    else if (!schema->exists) s = Status::Drift(it->table + ": no such table in " + db.RedactedUrl());
    for (size_t i = 0; s.ok() && i < it->columns.size(); ++i)
      if (!schema->Find(it->columns[i]))
        s = Status::Drift(it->table + "." + it->columns[i] + ": in the backup, not in the table");
    if (!s.ok()) break;
    Result<std::unique_ptr<Inserter>> ins = session.PrepareInsert(*schema, it->columns);
    if (!ins.ok()) { s = ins.status(); break; }
    Result<uint64_t> n = Load(dir + "/" + it->file, it->columns, [&](const std::vector<Value>& rows, size_t count) {
      return (*ins)->Insert(rows.data(), count);
    });
    if (!n.ok()) { s = n.status(); break; }
    out.push_back({it->table, *n, 0, false});
    schemas.push_back(std::move(*schema));
    log.Info("restore.table", it->table + ": " + std::to_string(*n) + " rows loaded",
             {{"table", it->table}, {"rows", *n}, {"file", dir + "/" + it->file}});
  }
  // The deferred references the rollback cleared, set again: key first
  // in the file, the referencing columns after it.
  for (size_t k = 0; s.ok() && k < m->links.size(); ++k) {
    const ManifestFile& f = m->links[k];
    Result<TableSchema> schema = db.catalog().Inspect(f.table);
    if (!schema.ok()) { s = schema.status(); break; }
    const std::vector<std::string> set(f.columns.begin() + 1, f.columns.end());
    Result<std::unique_ptr<Updater>> up = session.PrepareUpdate(*schema, set, {f.key});
    if (!up.ok()) { s = up.status(); break; }
    std::vector<Value> shifted;  // set columns first, then the key, as Update takes them
    Result<uint64_t> n = Load(dir + "/" + f.file, f.columns, [&](const std::vector<Value>& rows, size_t count) {
      const size_t w = f.columns.size();
      shifted.resize(rows.size());
      for (size_t r = 0; r < count; ++r) {
        for (size_t c = 1; c < w; ++c) shifted[r * w + c - 1] = rows[r * w + c];
        shifted[r * w + w - 1] = rows[r * w];
      }
      return (*up)->Update(shifted.data(), count);
    });
    if (!n.ok()) { s = n.status(); break; }
    auto at = std::find_if(out.begin(), out.end(), [&](const RestoredTable& r) { return r.table == f.table; });
    if (at == out.end()) out.push_back({f.table, 0, *n, false});
    else at->links = *n;
  }
  std::string run_id;
  if (s.ok() && !m->ledger.empty()) {
    Result<std::string> id = ledger.StartRun("restore", env, "-", 0);
    if (!id.ok()) s = id.status();
    else run_id = *id;
  }
  for (size_t k = 0; s.ok() && k < m->ledger.size(); ++k) {
    const auto& [t, batches] = m->ledger[k];
    s = ledger.RecordTable(t);
    for (size_t i = 0; s.ok() && i < batches.size(); ++i) s = ledger.RecordBatch(batches[i]);
    for (RestoredTable& r : out)
      if (r.table == t.table) r.ledger = true;
  }
  if (s.ok()) s = session.ProveForeignKeys(schemas);
  if (s.ok()) s = db.lock().Check();
  if (s.ok()) s = session.Commit();
  if (!s.ok()) {
    (void)session.Rollback();
    return Status::Error(s.code(), s.message() + " (nothing was restored)");
  }
  if (!run_id.empty()) (void)ledger.FinishRun(run_id, "done");
  return out;
}

}  // namespace

// The restore is one transaction: aborted for a conflict, it is run again.
Result<std::vector<RestoredTable>> Restore(const std::string& dir, Driver& db, Log& log, const std::string& env) {
  Result<std::vector<RestoredTable>> out = RestoreOnce(dir, db, log, env);
  for (int attempt = 0; !out.ok() && RetryConflict(log, "restore", out.status().code(), out.status().message(), attempt);
       ++attempt)
    out = RestoreOnce(dir, db, log, env);
  return out;
}

}  // namespace seed
