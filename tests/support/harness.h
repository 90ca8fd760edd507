// Test helpers shared by the integration tests: run the real CLI binary,
// scratch directories, and reading SQLite files.
#pragma once

#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace seed::test {

namespace fs = std::filesystem;

inline const std::string kSource = SEED_SOURCE_DIR;
inline const std::string kBinary = SEED_BINARY;

// Under a sanitizer every process runs several times slower. Those passes
// look for memory errors and races, which fewer rounds of a repeated
// scenario find as well; the release pass runs every round.
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
inline constexpr bool kSanitized = true;
#else
inline constexpr bool kSanitized = false;
#endif
// Rounds of a repeated scenario: `full` in the release pass.
inline int Rounds(int full) { return kSanitized ? (full + 3) / 4 : full; }

struct Output {
  int code = -1;
  std::string text;  // stdout and stderr
};

// Runs `seed-engine <args>` through the shell (args are shell words).
inline Output Cli(const std::string& args, const std::string& env = "") {
  const std::string cmd = env + (env.empty() ? "" : " ") + kBinary + " " + args + " 2>&1 </dev/null";
  Output out;
  FILE* p = popen(cmd.c_str(), "r");
  if (!p) return out;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) out.text.append(buf, n);
  const int status = pclose(p);
  out.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return out;
}

// Starts `seed-engine <args>` in the background, its output to `out`;
// `wrapper` (shell words) runs it, as ForeignMachine() does.
inline pid_t StartCli(const std::string& args, const std::string& out = "/dev/null",
                      const std::string& wrapper = "") {
  const pid_t pid = fork();
  if (pid == 0) {
    execl("/bin/sh", "sh", "-c", ("exec " + wrapper + (wrapper.empty() ? "" : " ") + kBinary + " " + args + " >" +
                                  out + " 2>&1").c_str(),
          nullptr);
    _exit(127);
  }
  return pid;
}

// A StartCli() wrapper whose process is, to the engine, on another machine:
// a PID namespace of its own (as a container's), killed with its wrapper.
// "" where namespaces cannot be made (neither root nor user namespaces).
inline const std::string& ForeignMachine() {
  static const std::string wrapper = [] {
    for (std::string w : {"unshare --pid --fork --kill-child", "unshare -r --pid --fork --kill-child"})
      if (std::system((w + " true >/dev/null 2>&1").c_str()) == 0) return w;
    return std::string();
  }();
  return wrapper;
}

// The exit code of a StartCli() process once it ends; -1 for a signal.
inline int WaitExit(pid_t pid) {
  int status = 0;
  waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

// `text` inside shell double quotes (SQL for a client's -e / -c).
inline std::string ShellQuoted(const std::string& text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\' || c == '$' || c == '`') out += '\\';
    out += c;
  }
  return out + "\"";
}

// A fresh directory removed at scope exit.
class TempDir {
 public:
  TempDir() {
    static int counter = 0;
    path_ = fs::temp_directory_path() / ("seed-test-" + std::to_string(getpid()) + "-" + std::to_string(++counter));
    fs::remove_all(path_);
    fs::create_directories(path_);
  }
  ~TempDir() { fs::remove_all(path_); }
  std::string operator/(const std::string& name) const { return (path_ / name).string(); }
  const fs::path& path() const { return path_; }
  void Write(const std::string& name, const std::string& text) const {
    fs::create_directories((path_ / name).parent_path());
    std::ofstream(path_ / name) << text;
  }

 private:
  fs::path path_;
};

// Rows of a query on a SQLite file, each row's cells joined by '|'.
inline std::vector<std::string> Sql(const std::string& db, const std::string& sql) {
  std::vector<std::string> rows;
  sqlite3* h = nullptr;
  if (sqlite3_open_v2(db.c_str(), &h, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr) != SQLITE_OK) {
    sqlite3_close(h);
    return {"<cannot open " + db + ">"};
  }
  sqlite3_stmt* st = nullptr;
  const char* tail = sql.c_str();
  while (*tail) {
    if (sqlite3_prepare_v2(h, tail, -1, &st, &tail) != SQLITE_OK) {
      rows.push_back(std::string("<error: ") + sqlite3_errmsg(h) + ">");
      break;
    }
    if (!st) break;
    while (sqlite3_step(st) == SQLITE_ROW) {
      std::string row;
      for (int i = 0; i < sqlite3_column_count(st); ++i) {
        const unsigned char* t = sqlite3_column_text(st, i);
        row += (i ? "|" : "") + std::string(t ? reinterpret_cast<const char*>(t) : "NULL");
      }
      rows.push_back(row);
    }
    sqlite3_finalize(st);
  }
  sqlite3_close(h);
  return rows;
}

inline long Count(const std::string& db, const std::string& table) {
  auto r = Sql(db, "SELECT COUNT(*) FROM " + table);
  return r.empty() ? -1 : std::stol(r[0]);
}

inline std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

// The demo schema's foreign keys: table, column, parent.
inline const char* const kDemoForeignKeys[][3] = {
    {"batches", "strain_id", "strains"},       {"batches", "supplier_client_id", "clients"},
    {"inventory_items", "batch_id", "batches"}, {"orders", "client_id", "clients"},
    {"order_items", "order_id", "orders"},      {"order_items", "inventory_item_id", "inventory_items"},
};

// The demo specs and their SQLite schema.
inline std::string Specs() { return kSource + "/specs"; }
inline std::string SqliteSchema() { return kSource + "/specs/sql/terp.sqlite.sql"; }

}  // namespace seed::test
