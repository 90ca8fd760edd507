// Status and Result<T>: the error values every module returns. Exceptions
// from third-party libraries are caught at the module edge and turned into a
// Status; only the CLI turns a Status into an exit code.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "engine/core/mark.h"

namespace seed {

// The code is part of the CLI interface: ExitCode() maps it to the process
// exit status documented in the README.
enum class Code {
  kOk = 0,
  kUsage,    // bad command line (exit 1)
  kSpec,     // bad spec or plan (exit 1)
  kLock,     // another run holds the lock (exit 2)
  kDrift,    // live schema does not match the specs (exit 3)
  kPartial,  // some rows or tables failed (exit 4)
  kGuard,    // refused by the environment guard (exit 5)
  kIo,       // file or OS error (exit 1)
  kDb,       // database error (exit 4)
  kUnreachable,  // database unreachable, or the connection lost mid-run (exit 6)
  kConflict,     // the database aborted a transaction for a conflict: a deadlock, a
                 // cluster's certification failure; running it again may succeed (exit 4)
  kInterrupted,  // stopped by SIGINT or SIGTERM (exit 130 or 143: 128 + signal)
};

// How many times a transaction the database aborted for a conflict is run
// again before its failure stands (20 ms to 320 ms apart).
inline constexpr int kConflictRetries = 5;

int ExitCode(Code code);
const char* CodeName(Code code);

class [[nodiscard]] Status {
 public:
  Status() = default;
  static Status Ok() { return Status(); }
  static Status Error(Code code, std::string message, Mark mark = {}) {
    return Status(code, std::move(message), std::move(mark));
  }
  static Status Usage(std::string m) { return Error(Code::kUsage, std::move(m)); }
  static Status Spec(std::string m, Mark mark = {}) {
    return Error(Code::kSpec, std::move(m), std::move(mark));
  }
  static Status Drift(std::string m) { return Error(Code::kDrift, std::move(m)); }
  static Status Io(std::string m) { return Error(Code::kIo, std::move(m)); }
  static Status Db(std::string m) { return Error(Code::kDb, std::move(m)); }
  static Status Lock(std::string m) { return Error(Code::kLock, std::move(m)); }
  static Status Guard(std::string m) { return Error(Code::kGuard, std::move(m)); }
  static Status Unreachable(std::string m) { return Error(Code::kUnreachable, std::move(m)); }
  static Status Conflict(std::string m) { return Error(Code::kConflict, std::move(m)); }

  bool ok() const { return code_ == Code::kOk; }
  Code code() const { return code_; }
  const std::string& message() const { return message_; }
  const Mark& mark() const { return mark_; }
  // "file:line:col: message" when there is a mark, else "message".
  std::string ToString() const;

 private:
  Status(Code c, std::string m, Mark mark)
      : code_(c), message_(std::move(m)), mark_(std::move(mark)) {}
  Code code_ = Code::kOk;
  std::string message_;
  Mark mark_;
};

// A value or the Status that explains why there is none.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}
  Result(Status status) : v_(std::move(status)) {}
  bool ok() const { return std::holds_alternative<T>(v_); }
  const Status& status() const {
    static const Status kOk;
    return ok() ? kOk : std::get<Status>(v_);
  }
  T& value() & { return std::get<T>(v_); }
  const T& value() const& { return std::get<T>(v_); }
  T&& value() && { return std::get<T>(std::move(v_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() { return value(); }

 private:
  std::variant<T, Status> v_;
};

// Collects every problem found in one pass (validation reports all, not the
// first). Errors keep insertion order; the first error's code wins.
class Diagnostics {
 public:
  void Add(Status s) {
    if (!s.ok()) errors_.push_back(std::move(s));
  }
  void Error(Code code, std::string message, Mark mark = {}) {
    errors_.push_back(Status::Error(code, std::move(message), std::move(mark)));
  }
  void SpecError(std::string message, Mark mark) {
    Error(Code::kSpec, std::move(message), std::move(mark));
  }
  bool ok() const { return errors_.empty(); }
  const std::vector<Status>& errors() const { return errors_; }
  // One Status holding every message, one per line.
  Status ToStatus() const;

 private:
  std::vector<Status> errors_;
};

}  // namespace seed
