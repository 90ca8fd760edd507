#include "engine/spec/pii_audit.h"

#include <algorithm>
#include <map>
#include <set>

#include <nlohmann/json.hpp>

namespace seed {

namespace {

const std::set<std::string> kPersonalWords = {
    "email", "mail", "phone", "mobile", "tel", "fax", "name", "firstname", "lastname", "surname",
    "address", "street", "addr", "zip", "postal", "postcode", "ssn", "sin", "dob", "birth",
    "birthday", "birthdate", "ip", "license", "licence", "passport", "national", "iban", "card",
    "username", "login", "lat", "latitude", "lon", "lng", "longitude"};

const std::set<std::string> kPersonalGenerators = {
    "first_name", "last_name", "full_name", "email", "username", "phone", "street_address",
    "secondary_address", "zip", "ipv4", "ipv6", "mac_address", "license_number", "latitude", "longitude"};


// How much of the real value survives: higher is safer.
int Strength(const std::string& s) {
  if (s == "keep") return 0;
  if (s == "partial") return 1;
  if (s == "fake" || s == "hash") return 2;
  if (s == "redact") return 3;
  return 4;  // none: not personal
}

}  // namespace

std::string LooksPersonal(const ColumnSpec& c) {
  if (kPersonalGenerators.count(c.generator)) return "generator '" + c.generator + "'";
  std::string token;
  for (size_t i = 0; i <= c.name.size(); ++i) {
    const char ch = i < c.name.size() ? static_cast<char>(std::tolower(static_cast<unsigned char>(c.name[i]))) : '_';
    if (ch == '_' || ch == '-' || ch == ' ') {
      if (kPersonalWords.count(token)) return "its name has '" + token + "'";
      token.clear();
    } else {
      token += ch;
    }
  }
  return "";
}

void LintPii(const std::vector<TableSpec>& specs, Diagnostics& diag) {
  for (const TableSpec& t : specs)
    for (const ColumnSpec& c : t.columns)
      if (!c.pii)
        if (std::string why = LooksPersonal(c); !why.empty())
          diag.SpecError(t.table + "." + c.name + " looks personal (" + why +
                             ") but has no pii rule; add one, e.g. pii: {category: email}, or"
                             " pii: {category: none, reason: \"...\"} if it is not",
                         c.mark);
}

std::vector<PiiEntry> PiiInventory(const std::vector<TableSpec>& specs) {
  std::vector<PiiEntry> out;
  for (const TableSpec& t : specs)
    for (const ColumnSpec& c : t.columns)
      if (c.pii)
        out.push_back({t.table, c.name, c.pii->category, c.pii->reason, "generated: " + c.generator,
                       PiiStrategyFor(*c.pii, "dev"), PiiStrategyFor(*c.pii, "staging"), PiiStrategyFor(*c.pii, "production")});
  return out;
}

std::string InventoryMarkdown(const std::vector<PiiEntry>& entries) {
  std::string out =
      "| table | column | category | dev | staging | production | reason | source |\n"
      "| --- | --- | --- | --- | --- | --- | --- | --- |\n";
  for (const PiiEntry& e : entries)
    out += "| " + e.table + " | " + e.column + " | " + e.category + " | " + e.dev + " | " + e.staging + " | " +
           e.production + " | " + e.reason + " | " + e.source + " |\n";
  return out;
}

std::string InventoryJson(const std::vector<PiiEntry>& entries) {
  nlohmann::json j = nlohmann::json::array();
  for (const PiiEntry& e : entries)
    j.push_back({{"table", e.table}, {"column", e.column}, {"category", e.category},
                 {"strategy", {{"dev", e.dev}, {"staging", e.staging}, {"production", e.production}}},
                 {"reason", e.reason}, {"source", e.source}});
  return j.dump(2) + "\n";
}

std::vector<std::string> PiiWeakenings(const std::vector<TableSpec>& before, const std::vector<TableSpec>& after) {
  std::map<std::string, const ColumnSpec*> old;
  for (const TableSpec& t : before)
    for (const ColumnSpec& c : t.columns) old[t.table + "." + c.name] = &c;
  std::vector<std::string> out;
  for (const TableSpec& t : after)
    for (const ColumnSpec& c : t.columns) {
      const std::string where = t.table + "." + c.name;
      auto it = old.find(where);
      const ColumnSpec* was = it == old.end() ? nullptr : it->second;
      if (!c.pii) {
        if (was && was->pii && was->pii->category != "none")
          out.push_back(where + ": lost its pii rule (was " + was->pii->category + ")");
        else if (std::string why = LooksPersonal(c); !why.empty())
          out.push_back(where + ": looks personal (" + why + ") and has no pii rule");
        continue;
      }
      if (was && was->pii && was->pii->category != "none" && c.pii->category == "none") {
        out.push_back(where + ": now marked not personal (pii: none), was " + was->pii->category);
        continue;
      }
      for (const char* env : {"dev", "staging"}) {
        const std::string now = PiiStrategyFor(*c.pii, env);
        const std::string then = was && was->pii ? PiiStrategyFor(*was->pii, env) : "fake";
        if (Strength(now) < Strength(then))
          out.push_back(where + ": " + env + " masking weakened from " + then + " to " + now);
      }
    }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

}  // namespace seed
