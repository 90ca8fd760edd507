#include "engine/driver/url.h"

#include <cctype>

namespace seed {

size_t UserinfoEnd(const std::string& rest) {
  for (size_t at = rest.rfind('@'); at != std::string::npos; at = at ? rest.rfind('@', at - 1) : std::string::npos) {
    const size_t end = rest.find_first_of("/?=&@", at + 1);
    if (end != std::string::npos && rest[end] == '/') return at;
    if (at == 0) break;
  }
  return std::string::npos;
}

namespace {

bool KnownScheme(const std::string& s) {
  return s == "mysql" || s == "mariadb" || s == "postgres" || s == "postgresql";
}

// Hides the values of password-like query parameters.
void RedactQuery(std::string& url) {
  const size_t q = url.find('?');
  if (q == std::string::npos) return;
  size_t start = q + 1;
  while (start < url.size()) {
    size_t amp = url.find('&', start);
    if (amp == std::string::npos) amp = url.size();
    const size_t eq = url.find('=', start);
    if (eq != std::string::npos && eq < amp) {
      std::string key = url.substr(start, eq - start);
      for (char& c : key) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      if (key == "password" || key == "pass" || key == "pwd") {
        url.replace(eq + 1, amp - eq - 1, "***");
        amp = eq + 4;
      }
    }
    start = amp + 1;
  }
}

}  // namespace

std::string RedactUrl(const std::string& url) {
  if (url.rfind("sqlite:", 0) == 0) return url;  // a path: no credentials
  // Where the credentials would start: after "scheme://", after a known
  // "scheme:" written without the slashes, else at the beginning.
  size_t base = 0;
  if (size_t s = url.find("://"); s != std::string::npos) {
    base = s + 3;
  } else if (size_t c = url.find(':'); c != std::string::npos && KnownScheme(url.substr(0, c))) {
    base = c + 1;
  }
  std::string out = url;
  const std::string rest = url.substr(base);
  size_t at = UserinfoEnd(rest);
  if (at == std::string::npos) at = rest.rfind('@');
  if (at != std::string::npos) {
    const size_t colon = rest.find(':');
    if (colon != std::string::npos && colon < at)
      out = url.substr(0, base + colon + 1) + "***" + url.substr(base + at);
  } else {
    // No credentials part: a non-numeric "port" may be a password typed
    // without a user or an '@'.
    const size_t end = rest.find_first_of("/?");
    const std::string authority = rest.substr(0, end);
    const size_t colon = authority.rfind(':');
    if (colon != std::string::npos &&
        authority.find_first_not_of("0123456789", colon + 1) != std::string::npos)
      out = url.substr(0, base + colon + 1) + "***" + url.substr(base + authority.size());
  }
  RedactQuery(out);
  return out;
}

}  // namespace seed
