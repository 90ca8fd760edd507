#include "engine/driver/url.h"

#include <cctype>
#include <charconv>
#include <cstdlib>

#include "engine/core/secret_file.h"

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

Result<UrlParts> SplitUrl(const std::string& url, const std::string& shown, const std::string& example) {
  const size_t colon = url.find(':');
  if (colon == std::string::npos || url.compare(colon, 3, "://") != 0)
    return Status::Usage(shown + ": expected " + example);
  UrlParts u;
  u.rest = url.substr(colon + 3);
  if (size_t at = UserinfoEnd(u.rest); at != std::string::npos) {
    const std::string cred = u.rest.substr(0, at);
    u.rest = u.rest.substr(at + 1);
    const size_t c = cred.find(':');
    u.user = PercentDecode(cred.substr(0, c));
    if (c != std::string::npos) u.password = PercentDecode(cred.substr(c + 1)), u.has_password = true;
  } else if (u.rest.find('@') != std::string::npos) {
    return Status::Usage(shown + ": cannot tell user and password from host; percent-encode '@', '/'"
                         " and '?' in the password (%40, %2F, %3F), or pass it in the environment");
  }
  return u;
}

std::string PercentDecode(const std::string& s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size()) {
      int v = 0;
      auto [p, ec] = std::from_chars(s.data() + i + 1, s.data() + i + 3, v, 16);
      if (ec == std::errc() && p == s.data() + i + 3) {
        out += static_cast<char>(v);
        i += 2;
        continue;
      }
    }
    out += s[i];
  }
  return out;
}

Result<std::optional<std::string>> PasswordFromEnvironment(const std::string& password_file,
                                                           const std::string& password_env,
                                                           const char* client_env, const std::string& shown) {
  // A password file holds one password, not a document.
  constexpr size_t kMaxPasswordFileBytes = 4096;
  auto env = [](const std::string& name) -> const char* {
    const char* v = name.empty() ? nullptr : std::getenv(name.c_str());
    return v && *v ? v : nullptr;
  };
  if (!password_file.empty()) {
    Result<std::string> pw = ReadSecretFile(password_file, "password-file", kMaxPasswordFileBytes);
    if (!pw.ok()) return Status::Usage(shown + ": " + pw.status().message());
    return std::optional<std::string>(*pw);
  }
  if (const char* v = env(password_env)) return std::optional<std::string>(v);
  if (const char* f = password_env.empty() ? nullptr : env(password_env + "_FILE")) {
    Result<std::string> pw = ReadSecretFile(f, password_env + "_FILE", kMaxPasswordFileBytes);
    if (!pw.ok()) return pw.status();
    return std::optional<std::string>(*pw);
  }
  if (const char* v = env(client_env)) return std::optional<std::string>(v);
  return std::optional<std::string>();
}

std::optional<unsigned> ParseBounded(std::string_view text, unsigned most) {
  unsigned n = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (ec != std::errc() || end != text.data() + text.size() || n == 0 || n > most) return std::nullopt;
  return n;
}

Result<unsigned> DefaultConnectAttempts() {
  const char* v = std::getenv("SEED_CONNECT_ATTEMPTS");
  if (!v || !*v) return 3u;
  const std::optional<unsigned> n = ParseBounded(v, 10);
  if (!n) return Status::Usage(std::string("SEED_CONNECT_ATTEMPTS=") + v + ": use 1 to 10");
  return *n;
}

}  // namespace seed
