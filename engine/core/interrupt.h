// Cooperative interruption: SIGINT/SIGTERM set a flag that long loops check
// between batches, so a run stops at a transaction boundary and the
// database stays consistent.
#pragma once

namespace seed {

void InstallInterruptHandlers();
bool InterruptRequested();
// The signal that asked (SIGINT or SIGTERM), 0 if none: the exit status is
// 128 + it, as a shell reports a process the signal killed.
int InterruptSignal();
void RequestInterrupt(int signal = 2);  // for tests; 2 is SIGINT

}  // namespace seed
