// Log: the run's event stream. Text lines for people (with a progress line
// when stderr is a terminal that can redraw: not TERM=dumb) or JSON lines
// for machines, to stderr and optionally a file. Every event has a timestamp, level, event name and a
// context object. Never given passwords: callers pass redacted URLs.
// Used from one thread.
#pragma once

#include <cstdint>
#include <fstream>
#include <memory>
#include <ostream>
#include <string>

#include <nlohmann/json.hpp>

#include "engine/core/rotating_file.h"

namespace seed {

enum class LogFormat { kText, kJson };
enum class Level { kDebug, kInfo, kWarn, kError };

class Log {
 public:
  // `out` is usually std::cerr; `file_path` may be empty. The file is
  // appended to and rotated at RotationLimits::FromEnvironment().
  Log(LogFormat format, std::ostream& out, const std::string& file_path = "");
  bool ok() const { return file_ok_; }
  LogFormat format() const { return format_; }
  // The least level written to `out` (default kInfo: --quiet raises it to
  // kWarn, --verbose lowers it to kDebug). The file gets every level.
  void set_console_level(Level level) { console_level_ = level; }

  // `text` is the human line (text mode); `context` goes to JSON.
  void Event(Level level, const std::string& event, const std::string& text,
             const nlohmann::json& context = nlohmann::json::object());
  void Info(const std::string& event, const std::string& text, const nlohmann::json& ctx = {}) {
    Event(Level::kInfo, event, text, ctx);
  }
  void Warn(const std::string& event, const std::string& text, const nlohmann::json& ctx = {}) {
    Event(Level::kWarn, event, text, ctx);
  }
  void Error(const std::string& event, const std::string& text, const nlohmann::json& ctx = {}) {
    Event(Level::kError, event, text, ctx);
  }
  // Redraws the progress line (text mode on a terminal only).
  void Progress(const std::string& table, uint64_t done, uint64_t total);
  void EndProgress();
  // The run's totals for the progress line: StartRun before the first
  // table, TableFinished after each (its planned rows count as covered).
  void StartRun(size_t tables, uint64_t rows);
  void TableFinished(uint64_t planned_rows);

 private:
  void Write(std::ostream& os, Level level, const std::string& event, const std::string& text,
             const nlohmann::json& context, const std::string& timestamp);
  LogFormat format_;
  std::ostream& out_;
  RotatingFile file_;
  bool file_ok_ = true;
  bool tty_ = false;
  Level console_level_ = Level::kInfo;
  int columns_ = 80;  // the terminal's width, for the progress line
  bool bar_shown_ = false;
  int64_t last_draw_ms_ = 0;
  // The run's position: tables and planned rows behind it, rows worked
  // (for the rate: a resumed table's rows were not), since when.
  size_t run_tables_ = 0, tables_done_ = 0;
  uint64_t run_rows_ = 0, rows_behind_ = 0, worked_ = 0, table_done_ = 0;
  int64_t run_start_ms_ = 0;
};

// Where a run stands, for its progress line.
struct ProgressState {
  std::string table;
  uint64_t done = 0, total = 0;  // rows of the current table
  size_t table_no = 0, tables = 0;  // its place among the run's tables (tables 0: no run totals)
  uint64_t run_done = 0, run_total = 0;  // rows of the whole run
  double rows_per_s = 0;  // rows written (or generated) per second so far; 0 while unknown
};
// The progress line without its leading \r: at most columns - 1 wide (a
// terminal wraps at the last column, and every redraw would then start a
// new line); what does not fit is left out, least useful first: the bar,
// the rate, the ETA, the run's totals.
std::string ProgressLine(const ProgressState& s, int columns);

// Milliseconds on a steady clock, for durations.
int64_t NowMs();

}  // namespace seed
