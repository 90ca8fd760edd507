#include "engine/core/status.h"

#include <csignal>

#include "engine/core/interrupt.h"

namespace seed {

int ExitCode(Code code) {
  switch (code) {
    case Code::kOk: return 0;
    case Code::kUsage:
    case Code::kSpec:
    case Code::kIo: return 1;
    case Code::kLock: return 2;
    case Code::kDrift: return 3;
    case Code::kPartial:
    case Code::kDb:
    case Code::kConflict: return 4;
    case Code::kGuard: return 5;
    case Code::kUnreachable: return 6;
    case Code::kInterrupted: return 128 + (InterruptSignal() ? InterruptSignal() : SIGINT);
  }
  return 1;
}

const char* CodeName(Code code) {
  switch (code) {
    case Code::kOk: return "ok";
    case Code::kUsage: return "usage";
    case Code::kSpec: return "spec";
    case Code::kLock: return "lock";
    case Code::kDrift: return "drift";
    case Code::kPartial: return "partial";
    case Code::kGuard: return "guard";
    case Code::kIo: return "io";
    case Code::kDb: return "db";
    case Code::kUnreachable: return "unreachable";
    case Code::kConflict: return "conflict";
    case Code::kInterrupted: return "interrupted";
  }
  return "unknown";
}

std::string Status::ToString() const {
  if (ok()) return "ok";
  if (mark_.valid() || !mark_.file.empty()) return mark_.ToString() + ": " + message_;
  return message_;
}

Status Diagnostics::ToStatus() const {
  if (errors_.empty()) return Status::Ok();
  std::string all;
  for (const Status& s : errors_) {
    if (!all.empty()) all += '\n';
    all += s.ToString();
  }
  return Status::Error(errors_.front().code(), all);
}

}  // namespace seed
