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
    file_.open(file_path, std::ios::app);
    file_ok_ = file_.is_open();
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
  if (file_.is_open()) Write(file_, level, event, text, context, now);
}

void Log::Progress(const std::string& table, uint64_t done, uint64_t total) {
  if (!tty_ || total == 0) return;
  const int64_t now = NowMs();
  if (done < total && now - last_draw_ms_ < 100) return;
  last_draw_ms_ = now;
  // The line never reaches the last column: a terminal wraps there, and
  // every redraw would then start a new line.
  char tail[64];
  snprintf(tail, sizeof tail, " %3d%% %llu/%llu", static_cast<int>(100 * done / total),
           static_cast<unsigned long long>(done), static_cast<unsigned long long>(total));
  const int room = columns_ - 1 - static_cast<int>(strlen(tail));
  const int name = std::min<int>(20, std::max(0, room - 4));
  const int width = std::min(30, room - name - 5);
  std::string line = "\r  " + table.substr(0, name);
  line.resize(2 + 1 + name, ' ');
  if (width >= 5) {
    const int filled = static_cast<int>(width * done / total);
    line += " [" + std::string(filled, '#') + std::string(width - filled, '.') + "]";
  }
  line += tail;
  if (static_cast<int>(line.size()) - 1 > columns_ - 1) line.resize(columns_);  // the \r takes no column
  out_ << line << std::flush;
  bar_shown_ = true;
}

void Log::EndProgress() {
  if (!bar_shown_) return;
  out_ << "\r\033[K" << std::flush;
  bar_shown_ = false;
}

}  // namespace seed
