#include "engine/exec/compliance.h"

#include <map>
#include <set>

#include "engine/core/rotating_file.h"
#include "engine/core/utc_time.h"
#include "engine/core/version.h"
#include "engine/spec/pii_audit.h"
#include "engine/spec/spec_loader.h"

namespace seed {

namespace {

using ordered_json = nlohmann::ordered_json;

// What each strategy guarantees, as engine/pii/masker.h implements it.
struct StrategyFacts {
  const char* name;
  const char* result;
  bool keyed, deterministic, format_preserving, never_equal;
  const char* uniqueness;
};

const StrategyFacts kStrategies[] = {
    {"generated", "values drawn by a generator from the seed; no real value is read", false, true, true, true,
     "as the generator declares (unique: true is enforced)"},
    {"fake", "a realistic replacement by category (names and addresses from word lists, emails at reserved"
             " example domains, numbers and codes in the same shape)",
     true, true, true, true,
     "kept for shaped values (phones, national ids, postal codes, license and account numbers, IPs) by keyed"
     " permutations; emails by a 60-bit keyed token; not for names and addresses from word lists"},
    {"partial", "keeps what the rule says (an email's domain, a phone's last 4 digits, a birth year) and"
                " replaces the rest in the same shape",
     true, true, true, true, "kept: the replaced characters go through a keyed permutation without fixed points"},
    {"hash", "keyed HMAC-SHA-256, truncated hex (hash_length)", true, true, false, true,
     "with the probability of a truncated 64-bit (by default) hash: distinct inputs collide about once in 2^32"
     " values"},
    {"redact", "NULL, or the rule's redact_with constant", false, true, false, true, "lost: every row is the same"},
    {"keep", "the real value; only in production, only with a reason", false, true, true, false,
     "as the source's"},
    {"verbatim", "real data without a pii rule: copied as it is (a finding below)", false, true, true, false,
     "as the source's"},
};

struct Principle {
  const char* mechanism;
  const char* does;
  const char* gdpr;
  const char* ccpa;
};

const Principle kPrinciples[] = {
    {"generated rows", "tables are filled from generators, not copied from production; real rows are read only"
                       " where a spec names a source",
     "Art. 5(1)(c) data minimisation; Art. 25 data protection by design and by default",
     "Cal. Civ. Code 1798.100(c): use reasonably necessary and proportionate"},
    {"keyed masking", "every personal column of real data is replaced by a keyed, deterministic strategy before"
                      " it is written; the key is a secret outside the specs",
     "Art. 4(5) pseudonymisation; Art. 25(1); Art. 32(1)(a) pseudonymisation as a security measure. Masked"
     " data is pseudonymised, not anonymised (Recital 26), while the secret exists",
     "1798.140 definitions of pseudonymize and deidentified"},
    {"environment guard", "dev and staging refuse keep and unmasked personal columns; production is refused"
                          " unless authorized twice and then seeds reference data only",
     "Art. 25 data protection by default; Art. 32 security of processing",
     "1798.100(e) reasonable security procedures; 1798.150"},
    {"rollback, reset and expire", "delete exactly the rows the ledger recorded as seeded, never a user's row,"
                                   " and record the erasure in the ledger's pii trail",
     "Art. 17 right to erasure; Art. 5(1)(e) storage limitation", "1798.105 right to delete"},
    {"retention", "each table's retention per environment; `expire` rolls back what outlived it, from a"
                  " scheduler, with exit codes and a JSON summary",
     "Art. 5(1)(e) storage limitation",
     "1798.100(a)(3): no retention longer than reasonably necessary for the disclosed purpose"},
    {"pii trail and audit file", "the ledger records which run wrote or erased which personal columns, by"
                                 " whom and where; rollbacks append each deleted key range to an audit file",
     "Art. 5(2) accountability; Art. 30 records of processing activities",
     "Cal. Code Regs. tit. 11, 7101 record-keeping"},
    {"no values in output", "logs, errors, the ledger and this record name columns and categories, never a"
                            " personal value; logs and audit files rotate at a bounded size",
     "Art. 5(1)(f) integrity and confidentiality; Art. 32",
     "1798.100(e) reasonable security procedures"},
    {"review in CI", "`audit --against` fails a change that weakens masking; the lint refuses a"
                     " personal-looking column without a rule",
     "Art. 25 data protection by design; Art. 5(2) accountability", "1798.100(e)"},
};

std::string LimitFor(const TableSpec& t, const RetentionDefaults& d, const std::string& env) {
  std::string from;
  const std::optional<int64_t> limit = LimitOf(t, d, env, &from);
  return limit ? FormatDuration(*limit) + " (" + from + ")" : "none";
}

bool SeededIn(const TableSpec& t, const std::string& env) {
  if (env == "production" && !t.reference_data) return false;
  return t.environments.empty() || std::find(t.environments.begin(), t.environments.end(), env) != t.environments.end();
}

std::string Yes(bool b) { return b ? "yes" : "no"; }

}  // namespace

ordered_json ComplianceRecord(const ComplianceInput& in) {
  const std::vector<TableSpec>& specs = *in.specs;
  const std::vector<PiiEntry> inventory = PiiInventory(specs);
  ordered_json r;
  r["document"] = "seed-engine personal data record";
  r["generated_at"] = FormatUtc(in.now);
  r["engine_version"] = kEngineVersion;
  r["specs"] = {{"dir", in.spec_dir}, {"hash", in.spec_hash}, {"tables", specs.size()}};
  r["database"] = in.database;
  r["note"] =
      "This record states what seed-engine's mechanisms do for the specs named above. It maps them to the GDPR"
      " and CCPA provisions they serve as a reading aid; it is not legal advice and not a finding of compliance.";

  std::map<std::string, int> personal_by_table, per_strategy;
  int personal = 0, real = 0, verbatim = 0;
  ordered_json inv = ordered_json::array();
  for (const PiiEntry& e : inventory) {
    const bool is_personal = e.category != "none";
    personal += is_personal;
    if (is_personal) ++personal_by_table[e.table];
    real += e.origin.kind != "generated";
    verbatim += e.category == "no rule";
    ordered_json strategy;
    for (const std::string& env : EnvironmentNames()) {
      const std::string s = e.origin.kind == "generated" && is_personal ? "generated" : e.StrategyIn(env);
      strategy[env] = s;
      if (is_personal) ++per_strategy[s];
    }
    inv.push_back({{"table", e.table},
                   {"column", e.column},
                   {"category", e.category},
                   {"strategy", strategy},
                   {"reason", e.reason},
                   {"source", e.source}});
  }
  r["summary"] = {{"tables", specs.size()},
                  {"tables_with_personal_data", personal_by_table.size()},
                  {"personal_columns", personal},
                  {"real_data_columns", real},
                  {"copied_verbatim", verbatim}};
  r["inventory"] = inv;

  ordered_json strategies = ordered_json::array();
  for (const StrategyFacts& s : kStrategies)
    strategies.push_back({{"strategy", s.name},
                          {"result", s.result},
                          {"keyed", s.keyed},
                          {"deterministic", s.deterministic},
                          {"format_preserving", s.format_preserving},
                          {"never_equal_to_input", s.never_equal},
                          {"uniqueness", s.uniqueness},
                          {"uses", per_strategy[s.name]}});
  r["strategies"] = strategies;

  bool keyed = false;
  for (const PiiEntry& e : inventory)
    for (const std::string& env : EnvironmentNames())
      keyed = keyed || (e.origin.kind != "generated" &&
                        (e.StrategyIn(env) == "fake" || e.StrategyIn(env) == "partial" || e.StrategyIn(env) == "hash"));
  r["secret"] = {
      {"needed", keyed},
      {"source", "the environment variable SEED_MASK_SECRET, or the file SEED_MASK_SECRET_FILE names"},
      {"handling", "never in the specs, the ledger, logs or this record; a run that needs it and has none stops"
                   " before reading any real row (exit 1); a different secret gives different masked values"}};

  ordered_json reference = ordered_json::array();
  for (const TableSpec& t : specs)
    if (t.reference_data) reference.push_back(t.table);
  r["production_guard"] = {
      {"rule", "production is refused (exit 5) unless ALLOW_PRODUCTION_SEEDING=true in the operator's environment"
               " and --yes on the command line; rollback, expire and restore are guarded the same way"},
      {"seeded_in_production", reference}};

  ordered_json retention = ordered_json::array();
  ordered_json findings = ordered_json::array();
  for (const TableSpec& t : specs) {
    ordered_json row = {{"table", t.table},
                        {"personal_columns", personal_by_table[t.table]},
                        {"real_data", t.source.has_value()}};
    for (const std::string& env : EnvironmentNames()) {
      row[env] = SeededIn(t, env) ? LimitFor(t, in.defaults, env) : "not seeded";
      if (personal_by_table[t.table] && SeededIn(t, env) && row[env] == "none")
        findings.push_back({{"table", t.table}, {"column", ""}, {"environment", env},
                            {"finding", "personal data without a retention: its seeded rows live until rolled back;"
                                        " declare retention: in the spec or pass --retention"}});
    }
    retention.push_back(row);
  }
  r["retention"] = retention;
  for (const PiiEntry& e : inventory) {
    if (e.category == "no rule")
      findings.push_back({{"table", e.table}, {"column", e.column}, {"environment", "all"},
                          {"finding", "real data without a pii rule is copied verbatim (" + e.source + ")"}});
    else if (e.production == "keep" && e.origin.kind != "generated")
      findings.push_back({{"table", e.table}, {"column", e.column}, {"environment", "production"},
                          {"finding", "real values kept in production: " + e.reason}});
  }

  r["erasure"] = {
      {"how", "seed-engine rollback DIR deletes exactly the rows the ledger recorded as seeded, children before"
              " parents; a row seed-engine did not insert is never deleted, and a user's row referencing a seeded"
              " one stops that table's rollback. seed-engine expire DIR does the same for the tables past their"
              " retention. Outside dev, the deleted rows are saved to a backup directory first."},
      {"commands", {"seed-engine rollback DIR --db URL --table T+", "seed-engine reset DIR --db URL",
                    "seed-engine expire DIR --db URL --yes"}},
      {"evidence", "the ledger's runs (kind rollback or expire) and its pii trail (action erased), read by"
                   " seed-engine audit --runs --db URL; the audit file seed-engine-audit.jsonl"}};
  const RotationLimits limits = RotationLimits::FromEnvironment();
  r["logs"] = {{"rotation", "--log-file and the audit file rotate before " + std::to_string(limits.max_bytes) +
                                " bytes, keeping " + std::to_string(limits.keep) +
                                " older files (SEED_LOG_MAX_BYTES, SEED_LOG_KEEP; defaults 10 MiB and 5)"},
               {"content", "events name tables, columns and counts; no value of a personal column"}};
  ordered_json principles = ordered_json::array();
  for (const Principle& p : kPrinciples)
    principles.push_back({{"mechanism", p.mechanism}, {"what_it_does", p.does}, {"gdpr", p.gdpr}, {"ccpa", p.ccpa}});
  r["principles"] = principles;
  r["findings"] = findings;

  if (!in.database.empty()) {
    ordered_json seeded = ordered_json::array();
    for (const TableRetention& t : in.seeded)
      seeded.push_back({{"table", t.table},
                        {"env", t.env},
                        {"seeded_at", t.seeded_at ? FormatUtc(*t.seeded_at) : ""},
                        {"retention", t.limit ? FormatDuration(*t.limit) : "none"},
                        {"expires_at", t.ExpiresAt() ? FormatUtc(*t.ExpiresAt()) : ""},
                        {"due", t.due()}});
    std::set<std::string> runs_with_pii;
    int written = 0, erased = 0;
    for (const LedgerPii& p : in.trail) {
      runs_with_pii.insert(p.run_id);
      (p.action == "erased" ? erased : written)++;
    }
    r["ledger"] = {{"seeded_tables", seeded},
                   {"runs", in.runs.size()},
                   {"runs_with_personal_data", runs_with_pii.size()},
                   {"columns_written", written},
                   {"columns_erased", erased}};
  }
  r["runbooks"] = "docs/runbooks.md: production reference-data seeding, emergency rollback, seeding is stuck, expiring seeded data on a schedule";
  return r;
}

namespace {

std::string Text(const ordered_json& j) { return j.is_string() ? j.get<std::string>() : j.dump(); }

std::string Row(std::initializer_list<std::string> cells) {
  std::string out = "|";
  for (const std::string& c : cells) out += " " + MdCell(c) + " |";
  return out + "\n";
}

}  // namespace

std::string ComplianceMarkdown(const ordered_json& r) {
  std::string out = "# Personal data record\n\n";
  out += "Generated by seed-engine " + Text(r["engine_version"]) + " at " + Text(r["generated_at"]) +
         " from the specs in `" + Text(r["specs"]["dir"]) + "` (hash " + Text(r["specs"]["hash"]) + ")" +
         (Text(r["database"]).empty() ? "" : " and the ledger of " + Text(r["database"])) + ".\n\n";
  out += "> " + Text(r["note"]) + "\n\n";
  const ordered_json& s = r["summary"];
  out += "## Summary\n\n" + Text(s["tables"]) + " tables, " + Text(s["tables_with_personal_data"]) +
         " with personal data; " + Text(s["personal_columns"]) + " personal columns; " +
         Text(s["real_data_columns"]) + " columns of real data, " + Text(s["copied_verbatim"]) +
         " of them copied verbatim.\n\n";

  out += "## Inventory of personal columns\n\n";
  out += Row({"table", "column", "category", "dev", "staging", "production", "reason", "source"});
  out += "| --- | --- | --- | --- | --- | --- | --- | --- |\n";
  for (const auto& e : r["inventory"])
    out += Row({Text(e["table"]), Text(e["column"]), Text(e["category"]), Text(e["strategy"]["dev"]),
                Text(e["strategy"]["staging"]), Text(e["strategy"]["production"]), Text(e["reason"]),
                Text(e["source"])});

  out += "\n## What each strategy guarantees\n\n";
  out += Row({"strategy", "result", "keyed", "deterministic", "format-preserving", "never equal to the input",
              "uniqueness", "uses"});
  out += "| --- | --- | --- | --- | --- | --- | --- | --- |\n";
  for (const auto& e : r["strategies"])
    out += Row({Text(e["strategy"]), Text(e["result"]), Yes(e["keyed"]), Yes(e["deterministic"]),
                Yes(e["format_preserving"]), Yes(e["never_equal_to_input"]), Text(e["uniqueness"]), Text(e["uses"])});

  out += "\n## The masking secret\n\n" + std::string(r["secret"]["needed"].get<bool>() ? "Needed" : "Not needed") +
         " by these specs. Source: " + Text(r["secret"]["source"]) + ". Handling: " + Text(r["secret"]["handling"]) +
         ".\n\n";
  out += "## The production guard\n\n" + Text(r["production_guard"]["rule"]) + ". Tables seeded in production: ";
  std::string reference;
  for (const auto& t : r["production_guard"]["seeded_in_production"]) reference += (reference.empty() ? "" : ", ") + Text(t);
  out += (reference.empty() ? "none" : reference) + ".\n\n";

  out += "## Retention\n\n";
  out += Row({"table", "personal columns", "real data", "dev", "staging", "production"});
  out += "| --- | --- | --- | --- | --- | --- |\n";
  for (const auto& t : r["retention"])
    out += Row({Text(t["table"]), Text(t["personal_columns"]), Yes(t["real_data"]), Text(t["dev"]), Text(t["staging"]),
                Text(t["production"])});

  out += "\n## Erasure\n\n" + Text(r["erasure"]["how"]) + "\n\n";
  for (const auto& c : r["erasure"]["commands"]) out += "    " + Text(c) + "\n";
  out += "\nEvidence: " + Text(r["erasure"]["evidence"]) + ".\n\n";
  out += "## Logs\n\n" + Text(r["logs"]["rotation"]) + "; " + Text(r["logs"]["content"]) + ".\n\n";

  out += "## Mechanisms and the provisions they serve\n\n";
  out += Row({"mechanism", "what it does", "GDPR", "CCPA"});
  out += "| --- | --- | --- | --- |\n";
  for (const auto& p : r["principles"])
    out += Row({Text(p["mechanism"]), Text(p["what_it_does"]), Text(p["gdpr"]), Text(p["ccpa"])});

  out += "\n## Findings\n\n";
  if (r["findings"].empty()) out += "None.\n";
  for (const auto& f : r["findings"])
    out += "* " + Text(f["table"]) + (Text(f["column"]).empty() ? "" : "." + Text(f["column"])) + " (" +
           Text(f["environment"]) + "): " + Text(f["finding"]) + "\n";

  if (r.contains("ledger")) {
    const ordered_json& l = r["ledger"];
    out += "\n## In the database\n\n" + Text(l["runs"]) + " runs in the ledger, " + Text(l["runs_with_personal_data"]) +
           " of them with personal data: " + Text(l["columns_written"]) + " column writes, " +
           Text(l["columns_erased"]) + " erasures (seed-engine audit --runs lists them).\n\n";
    out += Row({"table", "env", "seeded", "retention", "expires", "due"});
    out += "| --- | --- | --- | --- | --- | --- |\n";
    for (const auto& t : l["seeded_tables"])
      out += Row({Text(t["table"]), Text(t["env"]), Text(t["seeded_at"]), Text(t["retention"]),
                  Text(t["expires_at"]).empty() ? "never" : Text(t["expires_at"]), Yes(t["due"])});
  }
  out += "\n## Runbooks\n\n" + Text(r["runbooks"]) + "\n";
  return out;
}

ordered_json TrailRecord(const std::vector<LedgerRun>& runs, const std::vector<LedgerPii>& trail,
                         std::optional<int64_t> since) {
  std::map<std::string, ordered_json> columns;
  for (const LedgerPii& p : trail)
    columns[p.run_id].push_back({{"table", p.table},
                                 {"column", p.column},
                                 {"action", p.action},
                                 {"category", p.category},
                                 {"strategy", p.strategy},
                                 {"origin", p.origin},
                                 {"spec_hash", p.spec_hash}});
  ordered_json out = ordered_json::array();
  for (const LedgerRun& run : runs) {
    auto it = columns.find(run.run_id);
    if (it == columns.end()) continue;
    if (since) {
      const std::optional<int64_t> at = ParseUtc(run.started_at);
      if (at && *at < *since) continue;
    }
    out.push_back({{"run_id", run.run_id},
                   {"kind", run.kind},
                   {"status", run.status},
                   {"env", run.env},
                   {"started_at", run.started_at},
                   {"finished_at", run.finished_at},
                   {"user", run.user},
                   {"host", run.host},
                   {"engine_version", run.engine_version},
                   {"columns", it->second}});
  }
  return out;
}

std::string TrailMarkdown(const ordered_json& record) {
  if (record.empty()) return "No run in this ledger wrote or erased personal columns (in the period asked).\n";
  std::string out;
  for (const auto& run : record) {
    out += "## " + Text(run["run_id"]) + ": " + Text(run["kind"]) + " in " + Text(run["env"]) + ", " +
           Text(run["status"]) + "\n\n" + Text(run["started_at"]) + " to " +
           (Text(run["finished_at"]).empty() ? "(unfinished)" : Text(run["finished_at"])) + " by " + Text(run["user"]) +
           "@" + Text(run["host"]) + ", seed-engine " + Text(run["engine_version"]) + "\n\n";
    out += Row({"table", "column", "action", "category", "strategy", "origin", "spec hash"});
    out += "| --- | --- | --- | --- | --- | --- | --- |\n";
    for (const auto& c : run["columns"])
      out += Row({Text(c["table"]), Text(c["column"]), Text(c["action"]), Text(c["category"]), Text(c["strategy"]),
                  Text(c["origin"]), Text(c["spec_hash"])});
    out += "\n";
  }
  return out;
}

}  // namespace seed
