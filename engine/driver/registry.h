// Drivers by URL scheme. Each driver is an optional part of the build
// (its CMake target and dependencies); registry.cc lists the built ones.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "engine/driver/driver.h"

namespace seed {

// Opens a driver for a URL: "sqlite:path", "sqlite://path", "sqlite::memory:",
// "mysql://...", "postgres://...". A URL without a password takes it from the environment
// variable `password_env`, or the file named by `password_env`_FILE.
Result<std::unique_ptr<Driver>> OpenDriver(const std::string& url,
                                           const std::string& password_env = "SEED_DB_PASSWORD");

struct DriverInfo {
  std::string scheme;   // "mysql"
  std::string example;  // "mysql://user@host:3306/db"
  bool built = false;   // false: this build lacks the driver's library
  std::string needs;    // what a build needs for it ("libmariadb")
};
// Every scheme seed-engine knows, built into this binary or not.
std::vector<DriverInfo> KnownDrivers();

}  // namespace seed
