// Database URLs as text: finding the credentials in one, and hiding them.
// Shared by every driver, so that no message shows a password whatever
// the URL's shape, well-formed or not.
#pragma once

#include <string>

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

}  // namespace seed
