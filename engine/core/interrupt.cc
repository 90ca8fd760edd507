#include "engine/core/interrupt.h"

#include <csignal>

namespace seed {

namespace {
volatile std::sig_atomic_t g_signal = 0;
extern "C" void OnSignal(int sig) {
  if (!g_signal) g_signal = sig;  // the first one is the reason
}
}  // namespace

void InstallInterruptHandlers() {
  struct sigaction sa {};
  sa.sa_handler = OnSignal;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGINT, &sa, nullptr);
  sigaction(SIGTERM, &sa, nullptr);
}

bool InterruptRequested() { return g_signal != 0; }
int InterruptSignal() { return g_signal; }
void RequestInterrupt(int signal) { g_signal = signal; }

}  // namespace seed
