// Who is running the engine, for the run ledger and the rollback audit
// file: $USER, else the account of the effective uid, else the uid itself,
// so a record never names nobody (CI, cron and containers often unset USER).
#pragma once

#include <string>

namespace seed {

// Never empty. Reads the environment and the password database on every
// call; not for hot loops. Thread-safe as far as getenv and getpwuid_r are.
std::string OsUser();

}  // namespace seed
