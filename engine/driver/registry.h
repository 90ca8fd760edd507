// Drivers by URL scheme. Each driver is an optional part of the build
// (its CMake target and dependencies); registry.cc lists the built ones.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "engine/driver/driver.h"

namespace seed {

// Opens a driver for a URL: "sqlite:path", "sqlite://path", "sqlite::memory:",
// "mysql://...", "postgres://...". A path without a scheme is refused with
// the URL it probably meant ("did you mean sqlite:seed.db?").
Result<std::unique_ptr<Driver>> OpenDriver(const std::string& url, const OpenOptions& options = {});

struct DriverInfo {
  std::string scheme;   // "mysql"
  std::string example;  // "mysql://user@host:3306/db"
  bool built = false;   // false: this build lacks the driver's library
  std::string needs;    // what a build needs for it ("libmariadb")
  bool one_writer = false;  // the database takes one writer at a time (SQLite)
};
// Every scheme seed-engine knows, built into this binary or not.
std::vector<DriverInfo> KnownDrivers();
// Whether the database a URL names takes one writer at a time: workers
// sharing it would only wait their turn.
bool TakesOneWriter(const std::string& url);

}  // namespace seed
