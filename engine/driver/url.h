// Database URLs as text: finding the credentials in one, and hiding them.
// Shared by every driver, so that no message shows a password whatever
// the URL's shape, well-formed or not.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "engine/core/status.h"

namespace seed {

// In "user:pass@host/db..." (the part after "scheme://"), the position of
// the '@' that ends the credentials: the last '@' followed by a plausible
// host and the '/' before the database. npos if there is none. Passwords
// are often pasted without percent-encoding and may hold '@', '/', '?' or
// '#'; query values (file paths) may hold '@' too.
size_t UserinfoEnd(const std::string& rest);

// The URL with any password replaced by "***". Errs on the side of hiding:
// for a malformed URL, everything that could be a password is hidden
// (between the first ':' of the credentials and the last '@'; a non-numeric
// "port"; password= query values).
std::string RedactUrl(const std::string& url);

// "scheme://user:pass@rest" taken apart: credentials percent-decoded,
// `rest` what follows the '@' (or the whole authority when there are no
// credentials). Errors are Code::kUsage and show only `shown`, the
// redacted URL; `example` is the form to suggest.
struct UrlParts {
  std::string user, password, rest;
  bool has_password = false;
};
Result<UrlParts> SplitUrl(const std::string& url, const std::string& shown, const std::string& example);

// `text` as a whole number from 1 to `most`; nullopt when it is not one
// (URL ports, timeouts and attempt counts).
std::optional<unsigned> ParseBounded(std::string_view text, unsigned most);

// How many times a server URL without connect-attempts= tries to connect:
// SEED_CONNECT_ATTEMPTS (1 to 10) when set, else 3. Invalid: Code::kUsage.
Result<unsigned> DefaultConnectAttempts();

// %XX sequences decoded; a malformed one is kept as it is.
std::string PercentDecode(const std::string& s);

// The password of a URL that carries none, from the first of: the file
// its `password-file=` names (`password_file`, may be empty), the
// environment variable `password_env`, the file `password_env`_FILE names,
// the client library's own variable `client_env` (MYSQL_PWD, PGPASSWORD).
// nullopt when none is set. Errors name the file, never a password;
// `shown` is the redacted URL.
Result<std::optional<std::string>> PasswordFromEnvironment(const std::string& password_file,
                                                           const std::string& password_env,
                                                           const char* client_env, const std::string& shown);

}  // namespace seed
