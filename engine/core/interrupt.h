// Cooperative interruption: SIGINT/SIGTERM set a flag that long loops check
// between batches, so a run stops at a transaction boundary and the
// database stays consistent.
#pragma once

namespace seed {

void InstallInterruptHandlers();
bool InterruptRequested();
void RequestInterrupt();  // for tests

}  // namespace seed
