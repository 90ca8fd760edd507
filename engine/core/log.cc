#include "engine/core/log.h"

#include <sys/ioctl.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <iostream>
#include <sstream>

namespace seed {

namespace {

const char* LevelName(Level l) {
  switch (l) {
    case Level::kDebug: return "debug";
    case Level::kInfo: return "info";
    case Level::kWarn: return "warn";
    case Level::kError: return "error";
  }
  return "?";
}

std::string Timestamp() {
  using namespace std::chrono;
  const auto now = system_clock::now();
  const std::time_t t = system_clock::to_time_t(now);
  const auto ms = duration_cast<milliseconds>(now.time_since_epoch()).count() % 1000;
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[64];
  snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900,
           tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<int>(ms));
  return buf;
}

}  // namespace

int64_t NowMs() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(steady_clock::now().time_since_epoch()).count();
}

Log::Log(LogFormat format, std::ostream& out, const std::string& file_path)
    : format_(format), out_(out) {
  if (!file_path.empty()) {
    file_ok_ = file_.Open(file_path, RotationLimits::FromEnvironment());
  }
  const char* term = std::getenv("TERM");
  tty_ = format == LogFormat::kText && &out == &std::cerr && isatty(STDERR_FILENO) &&
         !(term && std::string(term) == "dumb");
  struct winsize ws {};
  if (tty_ && ioctl(STDERR_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0) columns_ = ws.ws_col;
}

void Log::Write(std::ostream& os, Level level, const std::string& event, const std::string& text,
                const nlohmann::json& context, const std::string& timestamp) {
  if (format_ == LogFormat::kJson) {
    nlohmann::json line = {{"timestamp", timestamp},
                           {"level", LevelName(level)},
                           {"event", event},
                           {"message", text},
                           {"context", context.is_null() ? nlohmann::json::object() : context}};
    os << line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
  } else {
    if (level == Level::kWarn) os << "warning: ";
    if (level == Level::kError) os << "error: ";
    os << text << '\n';
  }
  os.flush();
}

void Log::Event(Level level, const std::string& event, const std::string& text,
                const nlohmann::json& context) {
  const bool console = level >= console_level_;
  if (!console && !file_.is_open()) return;
  const std::string now = Timestamp();  // one event, one time, in every sink
  if (console) {
    EndProgress();
    Write(out_, level, event, text, context, now);
  }
  if (file_.is_open()) {
    std::ostringstream line;
    Write(line, level, event, text, context, now);
    file_.Append(line.str());
  }
}

namespace {

// 1234567 -> "1.2M", 8500 -> "8.5k": rates and totals in a few columns.
std::string Short(double n) {
  char buf[32];
  if (n >= 1e6) snprintf(buf, sizeof buf, "%.1fM", n / 1e6);
  else if (n >= 1e4) snprintf(buf, sizeof buf, "%.0fk", n / 1e3);
  else if (n >= 1e3) snprintf(buf, sizeof buf, "%.1fk", n / 1e3);
  else snprintf(buf, sizeof buf, "%.0f", n);
  return buf;
}

std::string Clock(double seconds) {
  const long s = static_cast<long>(seconds + 0.5);
  char buf[32];
  if (s >= 3600) snprintf(buf, sizeof buf, "%ld:%02ld:%02ld", s / 3600, s / 60 % 60, s % 60);
  else snprintf(buf, sizeof buf, "%ld:%02ld", s / 60, s % 60);
  return buf;
}

}  // namespace

std::string ProgressLine(const ProgressState& s, int columns) {
  const int room = std::max(1, columns - 1);
  char pct[16];
  snprintf(pct, sizeof pct, " %3d%%", s.total ? static_cast<int>(100 * s.done / s.total) : 100);
  std::string run, rate, eta;
  if (s.tables) {
    const int all = s.run_total ? static_cast<int>(100 * s.run_done / s.run_total) : 100;
    run = "  table " + std::to_string(s.table_no) + "/" + std::to_string(s.tables) + ", " + std::to_string(all) +
          "% of " + Short(static_cast<double>(s.run_total)) + " rows";
    if (s.rows_per_s > 0) {
      rate = ", " + Short(s.rows_per_s) + " rows/s";
      eta = ", ETA " + Clock(static_cast<double>(s.run_total - std::min(s.run_total, s.run_done)) / s.rows_per_s);
    }
  }
  const std::string name = "  " + s.table.substr(0, 20);
  const int bar = 20;
  for (int drop = 0;; ++drop) {
    // 0: everything; 1: no bar; 2: no rate; 3: no ETA; 4: no run totals.
    std::string line = name;
    if (drop < 1) {
      const int filled = s.total ? static_cast<int>(bar * s.done / s.total) : bar;
      line += " [" + std::string(filled, '#') + std::string(bar - filled, '.') + "]";
    }
    line += pct;
    if (drop < 4) line += run;
    if (drop < 3) line += eta;
    if (drop < 2) line += rate;
    if (static_cast<int>(line.size()) <= room || drop == 4) {
      if (static_cast<int>(line.size()) > room) line.resize(room);
      return line;
    }
  }
}

void Log::StartRun(size_t tables, uint64_t rows) {
  run_tables_ = tables, run_rows_ = rows;
  tables_done_ = 0, rows_behind_ = 0, worked_ = 0, table_done_ = 0;
  run_start_ms_ = NowMs();
}

void Log::TableFinished(uint64_t planned_rows) {
  ++tables_done_;
  rows_behind_ += planned_rows;
  table_done_ = 0;
}

void Log::Progress(const std::string& table, uint64_t done, uint64_t total) {
  worked_ += done > table_done_ ? done - table_done_ : 0;
  table_done_ = done;
  if (!tty_ || total == 0) return;
  const int64_t now = NowMs();
  if (done < total && now - last_draw_ms_ < 100) return;
  last_draw_ms_ = now;
  ProgressState s;
  s.table = table, s.done = done, s.total = total;
  if (run_tables_) {
    s.tables = run_tables_, s.table_no = std::min(run_tables_, tables_done_ + 1);
    s.run_total = run_rows_, s.run_done = std::min(run_rows_, rows_behind_ + done);
    const int64_t ms = now - run_start_ms_;
    if (ms >= 500) s.rows_per_s = 1000.0 * static_cast<double>(worked_) / static_cast<double>(ms);
  }
  out_ << "\r" << ProgressLine(s, columns_) << std::flush;
  bar_shown_ = true;
}

void Log::EndProgress() {
  if (!bar_shown_) return;
  out_ << "\r\033[K" << std::flush;
  bar_shown_ = false;
}

}  // namespace seed
