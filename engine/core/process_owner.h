// The identity a process leaves in the ledger (leases, the index journal),
// and whether a process of that identity is known dead.
//
// A lease whose holder dies is free once it expires (60 s by default):
// right for a holder on another machine, whose death nobody here can see,
// but a user who stops a run with kill -9 (or whose container is
// restarted) and runs it again on the same machine would wait out the TTL
// for a process that is plainly gone. The identity names the machine (its
// boot and PID namespace, so two containers sharing a kernel are two
// machines) and the process (its PID and start time, so a reused PID is
// another process): a process of this machine that no longer exists is
// known dead at once.
#pragma once

#include <string>

namespace seed {

// "user@host pid N #MMMMMMMM-T" (M: the machine, T: the process's start in
// clock ticks after boot); "user@host pid N #RRRRRR" (random) where /proc
// cannot tell. One per process, readable in `status` and in lock errors.
const std::string& ProcessOwner();

// True only when `owner` is a process of this machine (same boot, same PID
// namespace) that has exited, been reaped or not, or whose PID now belongs
// to a later process. False when it cannot tell: another machine, an
// identity without a machine part (older engines), a PID hidden from this
// user. Reads /proc; a few system calls.
bool OwnerKnownDead(const std::string& owner);

}  // namespace seed
