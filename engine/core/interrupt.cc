#include "engine/core/interrupt.h"

#include <csignal>

namespace seed {

namespace {
volatile std::sig_atomic_t g_interrupted = 0;
extern "C" void OnSignal(int) { g_interrupted = 1; }
}  // namespace

void InstallInterruptHandlers() {
  struct sigaction sa {};
  sa.sa_handler = OnSignal;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGINT, &sa, nullptr);
  sigaction(SIGTERM, &sa, nullptr);
}

bool InterruptRequested() { return g_interrupted != 0; }
void RequestInterrupt() { g_interrupted = 1; }

}  // namespace seed
