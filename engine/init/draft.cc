#include "engine/init/draft.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <limits>
#include <map>
#include <set>

#include "engine/spec/pii_names.h"

namespace seed {

namespace {

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// "billingAddressLine2" and "billing_address_line2" both give billing,
// address, line2.
std::vector<std::string> NameWords(const std::string& name) {
  std::vector<std::string> out(1);
  for (size_t i = 0; i < name.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(name[i]);
    const bool boundary = c == '_' || c == '-' || c == ' ' ||
                          (std::isupper(c) && i > 0 && std::islower(static_cast<unsigned char>(name[i - 1])));
    if (boundary && !out.back().empty()) out.emplace_back();
    if (std::isalnum(c)) out.back() += static_cast<char>(std::tolower(c));
  }
  if (out.back().empty()) out.pop_back();
  return out;
}

bool Any(const std::vector<std::string>& words, std::initializer_list<const char*> options) {
  for (const std::string& w : words)
    for (const char* o : options)
      if (w == o) return true;
  return false;
}

bool Last(const std::vector<std::string>& words, std::initializer_list<const char*> options) {
  if (words.empty()) return false;
  for (const char* o : options)
    if (words.back() == o) return true;
  return false;
}

bool Joined(const std::vector<std::string>& words, std::initializer_list<const char*> options) {
  std::string all;
  for (const std::string& w : words) all += w;
  for (const char* o : options)
    if (all == o) return true;
  return false;
}

// What a table's rows are, from its name: decides what `name` means.
enum class Entity { kPerson, kOrganization, kProduct, kPlace, kOther };

Entity EntityOf(const std::string& table) {
  const std::vector<std::string> w = NameWords(table);
  if (Any(w, {"user", "users", "customer", "customers", "person", "people", "persons", "employee", "employees",
              "staff", "member", "members", "contact", "contacts", "author", "authors", "actor", "actors",
              "student", "students", "patient", "patients", "teacher", "teachers", "driver", "drivers",
              "artist", "artists", "player", "players", "account_holder", "guest", "guests", "agent", "agents"}))
    return Entity::kPerson;
  if (Any(w, {"company", "companies", "organization", "organizations", "organisation", "organisations", "org",
              "orgs", "tenant", "tenants", "supplier", "suppliers", "vendor", "vendors", "client", "clients",
              "business", "businesses", "store", "stores", "shop", "shops", "publisher", "publishers",
              "manufacturer", "manufacturers", "brand", "brands", "shipper", "shippers", "carrier", "carriers"}))
    return Entity::kOrganization;
  if (Any(w, {"product", "products", "item", "items", "article", "articles", "good", "goods", "part", "parts",
              "film", "films", "book", "books", "track", "tracks", "album", "albums", "strain", "strains"}))
    return Entity::kProduct;
  if (Any(w, {"city", "cities", "country", "countries", "region", "regions", "location", "locations",
              "address", "addresses", "site", "sites", "warehouse", "warehouses", "territory", "territories"}))
    return Entity::kPlace;
  return Entity::kOther;
}

// The integer range a column's type holds.
struct Range {
  long double lo, hi;
};

Range IntRange(const ColumnInfo& c) {
  const std::string t = Lower(c.declared_type);
  const bool u = c.is_unsigned;
  auto has = [&](const char* s) { return t.find(s) != std::string::npos; };
  if (has("tinyint")) return u ? Range{0, 255} : Range{-128, 127};
  if (has("smallint") || has("int2")) return u ? Range{0, 65535} : Range{-32768, 32767};
  if (has("mediumint")) return u ? Range{0, 16777215} : Range{-8388608, 8388607};
  if (has("bigint") || has("int8") || t == "integer" || has("serial8") || has("bigserial"))
    return u ? Range{0, 9223372036854775807.0L} : Range{-9223372036854775807.0L, 9223372036854775807.0L};
  if (has("year")) return {1901, 2155};
  return u ? Range{0, 4294967295.0L} : Range{-2147483648.0L, 2147483647.0L};
}

std::string IntText(long double v) {
  char buf[32];
  snprintf(buf, sizeof buf, "%.0Lf", v);
  return buf;
}

// A decimal text with `scale` digits after the point.
std::string DecText(long double v, int scale) {
  char buf[64];
  snprintf(buf, sizeof buf, "%.*Lf", scale, v);
  return buf;
}

// What the name says about the values, before the type bounds them.
struct Meaning {
  std::vector<std::string> candidates;  // best first
  std::string pii;
  std::string null_rate;  // "" = never NULL
};

const char kReview[] = "review: guessed by seed-engine init";

std::string Pii(const std::string& category) {
  return "pii: {category: " + category + ", reason: \"" + kReview + "\"}";
}

// The column's length, or a large default for unbounded text.
size_t Length(const ColumnInfo& c) { return c.length.value_or(1 << 20); }

std::string Quoted(const std::string& s) { return YamlText(s); }

// Candidates from the column's name (text-ish meanings), bounded by length.
Meaning TextMeaning(const std::vector<std::string>& w, const ColumnInfo& c, Entity entity) {
  Meaning m;
  const size_t n = Length(c);
  auto add = [&](const std::string& cand, size_t longest) {
    if (longest <= n) m.candidates.push_back(cand);
  };
  if (Any(w, {"email", "mail"}) || Joined(w, {"emailaddress"})) {
    add("email", 60), m.pii = "email";
  } else if (Joined(w, {"firstname", "givenname", "forename", "fname"})) {
    add("first_name", 20), m.pii = "name";
  } else if (Joined(w, {"lastname", "surname", "familyname", "lname"})) {
    add("last_name", 20), m.pii = "name";
  } else if (Joined(w, {"middlename"})) {
    add("first_name", 20), m.pii = "name", m.null_rate = "0.6";
  } else if (Joined(w, {"fullname", "contactname", "customername", "displayname", "personname", "employeename"}) ||
             (Last(w, {"name"}) && w.size() == 1 && entity == Entity::kPerson)) {
    add("full_name", 40), m.pii = "name";
  } else if (Joined(w, {"companyname", "company", "organization", "organisation", "businessname", "suppliername",
                        "vendorname", "employer"}) ||
             (Last(w, {"name"}) && w.size() == 1 && entity == Entity::kOrganization)) {
    add("company_name", 60), m.pii = "company";
  } else if (Joined(w, {"username", "login", "handle", "nickname", "screenname"})) {
    add("username", 30), m.pii = "username";
  } else if (Any(w, {"phone", "mobile", "telephone", "tel", "fax", "cell", "cellphone"})) {
    add("phone", 14);
    add("{generator: phone, format: \"##########\"}", 10);
    m.pii = "phone";
  } else if (Joined(w, {"address2", "addressline2", "line2", "street2", "secondaryaddress"})) {
    add("secondary_address", 20), m.pii = "address", m.null_rate = "0.7";
  } else if (Any(w, {"street", "address", "address1", "line1"}) || Joined(w, {"addressline1"})) {
    add("street_address", 40), m.pii = "address";
  } else if (Any(w, {"city", "town"})) {
    add("city", 30), m.pii = "address";
  } else if (Any(w, {"state", "province"}) && !Any(w, {"status"})) {
    add("{generator: state, abbr: true}", 2);
    if (n >= 20) m.candidates.insert(m.candidates.begin(), "state");
  } else if (Any(w, {"zip", "zipcode", "postcode", "postal", "postalcode"})) {
    add("zip", 5), m.pii = "postal_code";
  } else if (Any(w, {"country"})) {
    if (n >= 40 && !Last(w, {"code", "iso"})) add("country", 40);
    add("country_code", 2);
  } else if (Any(w, {"url", "website", "homepage", "link"})) {
    add("url", 60);
  } else if (Any(w, {"domain", "hostname", "host"})) {
    add("domain_name", 40);
  } else if (Any(w, {"ip", "ipaddress"}) || Joined(w, {"ipaddress", "lastip", "remoteaddr"})) {
    add("ipv4", 15), m.pii = "ip";
  } else if (Any(w, {"mac"})) {
    add("mac_address", 17);
  } else if (Any(w, {"uuid", "guid"})) {
    add("uuid", 36);
  } else if (Any(w, {"password", "passwd", "pwd"}) || Joined(w, {"passwordhash", "passworddigest"})) {
    add("{generator: pattern, pattern: \"\\\\$2b\\\\$10\\\\$[A-Za-z0-9./]{53}\"}", 60);
    add("{generator: hex, length: " + std::to_string(std::min<size_t>(n, 15)) + "}", std::min<size_t>(n, 15));
  } else if (Any(w, {"ssn", "sin", "nin"}) || Joined(w, {"nationalid", "taxid", "socialsecuritynumber"})) {
    add("{generator: pattern, pattern: \"\\\\d{3}-\\\\d{2}-\\\\d{4}\"}", 11), m.pii = "national_id";
  } else if (Any(w, {"iban", "card", "creditcard", "account", "routing"}) && Last(w, {"number", "no", "iban"})) {
    add("{generator: digits, length: " + std::to_string(std::min<size_t>(n, 16)) + "}", std::min<size_t>(n, 16));
    m.pii = "financial";
  } else if (Any(w, {"license", "licence"})) {
    add("license_number", 15), m.pii = "license_number";
  } else if (Any(w, {"sku"})) {
    add("sku", 12);
  } else if (Any(w, {"color", "colour"})) {
    add("color", 20);
  } else if (Any(w, {"currency"})) {
    add("{generator: choice, values: [USD, EUR, GBP]}", 3);
  } else if (Any(w, {"timezone", "tz"}) || Joined(w, {"timezone"})) {
    add("time_zone", 30);
  } else if (Any(w, {"industry"})) {
    add("industry", 40);
  } else if (Any(w, {"department"})) {
    add("department", 20);
  } else if (Joined(w, {"jobtitle", "position", "occupation"}) || (Any(w, {"title"}) && entity == Entity::kPerson)) {
    add("job_title", 60);
  } else if (Any(w, {"gender", "sex"})) {
    add("{generator: choice, values: [female, male, nonbinary]}", 9);
    add("{generator: choice, values: [F, M, X]}", 1);
    m.pii = "other";
  } else if (Any(w, {"status"})) {
    add("{generator: choice, values: [active, inactive, pending]}", 8);
  } else if (Any(w, {"bio", "notes", "note", "comment", "comments", "remarks", "message"})) {
    add("{generator: text, max_length: " + std::to_string(std::min<size_t>(n, 200)) + "}", 0);
    m.pii = "free_text", m.null_rate = "0.3";
  } else if (Any(w, {"description", "summary", "body", "content", "details", "about"})) {
    add("{generator: text, max_length: " + std::to_string(std::min<size_t>(n, 200)) + "}", 0);
  } else if (Any(w, {"title", "subject", "headline", "caption"})) {
    add("{generator: sentence, min_words: 2, max_words: 5}", 60);
  } else if (Last(w, {"name"}) && entity == Entity::kProduct) {
    add("product_name", 60);
  } else if (Last(w, {"name"}) && entity == Entity::kPlace) {
    add("city", 30);
  }
  return m;
}

// The last-resort text candidate: fits any length, distinct when `unique`.
std::vector<std::string> TextFallback(const ColumnInfo& c, bool unique, const std::string& column) {
  const size_t n = Length(c);
  std::vector<std::string> out;
  if (unique) {
    const std::string prefix = Lower(column).substr(0, 12);
    if (prefix.size() + 1 + 8 <= n && std::all_of(prefix.begin(), prefix.end(), [](char ch) {
          return std::isalnum(static_cast<unsigned char>(ch)) || ch == '_';
        }))
      out.push_back("{template: \"" + prefix + "-{seq:08}\"}");
    const size_t k = std::min<size_t>(n, 12);
    if (k >= 1) out.push_back("{generator: pattern, pattern: \"[A-Z0-9]{" + std::to_string(k) + "}\"}");
    return out;
  }
  if (n >= 12) out.push_back("{generator: text, max_length: " + std::to_string(std::min<size_t>(n, 200)) + "}");
  out.push_back("{generator: pattern, pattern: \"[a-z]{" + std::to_string(std::min<size_t>(n, 8)) + "}\"}");
  return out;
}

// Dates and times: a meaning from the name, else the last five years.
std::vector<std::string> TemporalCandidates(const std::vector<std::string>& w, const ColumnInfo& c,
                                            const std::string& created, std::string& pii) {
  const bool date = c.cls == ColumnClass::kDate;
  if (c.cls == ColumnClass::kTime) return {"time"};
  auto span = [&](const char* from, const char* to) {
    return date ? "{generator: date, from: " + std::string(from) + ", to: " + to + "}"
                : "{generator: datetime, from: \"" + std::string(from) + " 00:00:00\", to: \"" + to + " 23:59:59\"}";
  };
  if (Any(w, {"birth", "birthday", "dob", "born"}) || Joined(w, {"dateofbirth", "birthdate"})) {
    pii = "date_of_birth";
    return {span("1940-01-01", "2006-12-31")};
  }
  std::vector<std::string> out;
  if (!created.empty() && Any(w, {"updated", "modified", "changed", "edited", "last", "shipped", "closed",
                                  "completed", "ended", "end", "due", "expires", "expiry", "returned"}))
    out.push_back("{generator: date_offset, column: " + YamlText(created) + ", min: 0, max: " +
                  (date ? "90" : "2160, unit: hours") + "}");
  out.push_back(span("2020-01-01", "2024-12-31"));
  return out;
}

// Numbers: a meaning from the name bounded by the type.
std::vector<std::string> NumberCandidates(const std::vector<std::string>& w, const ColumnInfo& c, bool unique,
                                          std::string& pii) {
  long double lo = 0, hi = 1000;
  if (Any(w, {"price", "cost", "amount", "total", "subtotal", "fee", "balance", "salary", "wage", "payment",
              "revenue", "rate", "tax", "discount", "value"}))
    lo = 1, hi = 1000;
  else if (Any(w, {"quantity", "qty", "units", "stock", "count", "inventory"}))
    lo = 1, hi = 100;
  else if (Any(w, {"year"}))
    lo = 1990, hi = 2024;
  else if (Any(w, {"age"}))
    lo = 18, hi = 90;
  else if (Any(w, {"rating", "stars", "score"}))
    lo = 1, hi = 5;
  else if (Any(w, {"percent", "percentage", "pct"}))
    lo = 0, hi = 100;
  else if (Any(w, {"latitude", "lat"}))
    pii = "geo", lo = -90, hi = 90;
  else if (Any(w, {"longitude", "lng", "lon", "long"}))
    pii = "geo", lo = -180, hi = 180;
  // The type's range, narrowed by the column's CHECK bounds; the name's
  // range inside it where they overlap, else all of it.
  const int scale = c.cls == ColumnClass::kDecimal ? c.scale.value_or(2) : 0;
  const long double step = c.cls == ColumnClass::kFloat ? 1e-6L : std::pow(10.0L, -scale);
  Range type = IntRange(c);
  if (c.cls == ColumnClass::kDecimal) {
    const long double cap = std::pow(10.0L, std::min(c.precision.value_or(10) - scale, 17)) - step;
    type = {c.is_unsigned ? 0 : -cap, cap};
  } else if (c.cls == ColumnClass::kFloat) {
    type = {c.is_unsigned ? 0 : -1e15L, 1e15L};
  }
  if (c.check_min) type.lo = std::max(type.lo, *c.check_min + (c.check_min_open ? step : 0));
  if (c.check_max) type.hi = std::min(type.hi, *c.check_max - (c.check_max_open ? step : 0));
  if (c.cls != ColumnClass::kFloat) {  // whole steps of the column's scale
    type.lo = std::ceil(type.lo / step - 1e-9L) * step;
    type.hi = std::floor(type.hi / step + 1e-9L) * step;
  }
  long double bottom = std::max(type.lo, lo), top = std::min(type.hi, hi);
  if (bottom > top) bottom = type.lo, top = type.hi;
  if (unique && c.cls == ColumnClass::kInteger) bottom = std::max<long double>(type.lo, 1), top = type.hi;
  if (c.cls == ColumnClass::kFloat)
    return {"{generator: float, min: " + DecText(bottom, 6) + ", max: " + DecText(top, 6) + "}"};
  if (c.cls == ColumnClass::kDecimal)
    return {"{generator: decimal, min: " + DecText(bottom, scale) + ", max: " + DecText(top, scale) + "}"};
  return {"{generator: int, min: " + IntText(bottom) + ", max: " + IntText(top) + "}"};
}

bool IsBoolish(const ColumnInfo& c) {
  const std::string t = Lower(c.declared_type);
  return c.cls == ColumnClass::kBool || t.rfind("tinyint(1)", 0) == 0 || t == "bit" || t == "bit(1)";
}

std::string Choice(const std::vector<std::string>& members) {
  std::string out = "{generator: choice, values: [";
  for (size_t i = 0; i < members.size(); ++i) out += (i ? ", " : "") + Quoted(members[i]);
  return out + "]}";
}

const ForeignKeyInfo* ForeignKeyOf(const TableSchema& t, const std::string& column) {
  for (const ForeignKeyInfo& fk : t.foreign_keys)
    if (fk.column == column) return &fk;
  return nullptr;
}

bool SingleUnique(const TableSchema& t, const std::string& column) {
  if (t.primary_key.size() == 1 && t.primary_key[0] == column) return true;
  for (const auto& key : t.unique_keys)
    if (key.size() == 1 && key[0] == column) return true;
  return false;
}

// Rows per size: proportional to what the database holds, scaled so that
// its largest table gets 100 to 1,000 rows at small; 100 / 1,000 / 10,000
// when it is empty. A lookup table keeps its own row count (10 if none).
std::string CountLine(uint64_t rows, uint64_t largest, bool lookup) {
  if (lookup) {
    return "count: " + std::to_string(rows > 0 ? rows : 10) + "  # a lookup table: the same rows at every size";
  }
  uint64_t small = 100;
  if (rows > 0) {
    const long double f = largest > 1000 ? 1000.0L / largest : largest < 100 ? 100.0L / largest : 1.0L;
    small = std::max<uint64_t>(1, static_cast<uint64_t>(std::llround(rows * f)));
  }
  return "count: {small: " + std::to_string(small) + ", medium: " + std::to_string(small * 10) +
         ", large: " + std::to_string(small * 100) + "}";
}

// Names of tables that list kinds of things rather than things.
bool LookupName(const std::string& table) {
  return Any(NameWords(table),
             {"type",     "types",      "status",   "statuses",  "category", "categories",
              "kind",     "kinds",      "language", "languages", "country",  "countries",
              "currency", "currencies", "role",     "roles",     "genre",    "genres",
              "level",    "levels",     "unit",     "units",     "lookup",   "enum"}) ||
         Joined(NameWords(table), {"mediatype", "mediatypes"});
}

class Drafter {
 public:
  explicit Drafter(const std::vector<LiveTable>& tables) : tables_(tables) {
    for (const LiveTable& t : tables) {
      largest_ = std::max(largest_, t.rows);
      for (const ForeignKeyInfo& fk : t.schema.foreign_keys)
        if (fk.ref_table != t.schema.name) referenced_.insert(fk.ref_table);
    }
  }

  TableDraft Draft(const LiveTable& live) {
    const TableSchema& t = live.schema;
    TableDraft d;
    d.table = t.name;
    d.rows = live.rows;
    const std::string parent_column = Keys(t, d);
    d.lookup = d.size_line.empty() && t.foreign_keys.empty() && referenced_.count(t.name) &&
               (LookupName(t.name) || (live.rows > 0 && live.rows <= 50 && largest_ >= 10 * live.rows));
    if (d.size_line.empty()) d.size_line = CountLine(live.rows, largest_, d.lookup);
    if (d.lookup) d.review.push_back("a small lookup table: add `reference_data: true` to seed it in production too");
    std::string created;
    for (const ColumnInfo& c : t.columns) {
      const std::vector<std::string> w = NameWords(c.name);
      if ((c.cls == ColumnClass::kDate || c.cls == ColumnClass::kDateTime) && created.empty() &&
          Any(w, {"created", "inserted", "added", "registered", "placed", "ordered", "started", "start",
                  "opened", "issued", "joined", "hired"}))
        created = c.name;
    }
    for (const ColumnInfo& c : t.columns) {
      d.columns.push_back(Column(t, c, parent_column, created, d));
      ConfirmNotPersonal(d.columns.back(), d);
    }
    return d;
  }

 private:
  // Composite keys (primary or unique) and one-to-one extensions. A key of
  // references only, or of one reference and integer positions, makes the
  // table children of the first reference's table (a junction table, order
  // lines); size_line becomes `children: ...` and the parent column is
  // returned. Any other composite key is kept distinct by making one of its
  // own columns unique. "" when the table has no parent.
  std::string Keys(const TableSchema& t, TableDraft& d) {
    std::vector<std::vector<std::string>> keys;
    if (t.primary_key.size() >= 2) keys.push_back(t.primary_key);
    for (const auto& k : t.unique_keys)
      if (k.size() >= 2 && k != t.primary_key) keys.push_back(k);
    std::string parent;
    if (t.primary_key.size() == 1) {  // one-to-one: the primary key is a foreign key
      if (const ForeignKeyInfo* fk = ForeignKeyOf(t, t.primary_key[0]); fk && fk->ref_table != t.name) {
        d.size_line = "children: {of: " + YamlText(fk->ref_table) + ", min: 1, max: 1}  # one row per " + fk->ref_table;
        parent_ref_ = fk->ref_column;
        parent = fk->column;
      }
    }
    for (const auto& key : keys) {
      std::string list;
      for (const std::string& col : key) list += (list.empty() ? "" : ", ") + YamlText(col);
      d.unique.push_back("[" + list + "]");
      const ForeignKeyInfo* first = nullptr;
      bool positional = true;  // every other column a reference or an integer
      for (const std::string& col : key) {
        const ForeignKeyInfo* fk = ForeignKeyOf(t, col);
        if (fk && fk->ref_table != t.name && !first) first = fk;
        const ColumnInfo* info = t.Find(col);
        if (!fk && (!info || info->cls != ColumnClass::kInteger)) positional = false;
      }
      if (first && positional && parent.empty()) {
        d.size_line = "children: {of: " + YamlText(first->ref_table) + ", min: 0, max: " +
                      std::to_string(ChildrenMax(t, key, *first)) + "}";
        key_columns_ = key;
        parent_ref_ = first->ref_column;
        parent = first->column;
        continue;
      }
      for (const std::string& col : key)  // one column of its own, unique by itself
        if (!ForeignKeyOf(t, col)) {
          unique_columns_.insert(col);
          break;
        }
    }
    return parent;
  }

  // Most children per parent: twice the ratio the database holds (3 when
  // empty), at most the rows of any other table the key references, and 10.
  uint64_t ChildrenMax(const TableSchema& t, const std::vector<std::string>& key, const ForeignKeyInfo& first) {
    const LiveTable* parent = FindLive(tables_, first.ref_table);
    const LiveTable* self = FindLive(tables_, t.name);
    uint64_t max = 3;
    if (parent && parent->rows > 0 && self && self->rows > 0)
      max = std::max<uint64_t>(1, static_cast<uint64_t>(std::llround(2.0L * self->rows / parent->rows)));
    for (const std::string& col : key)
      if (const ForeignKeyInfo* fk = ForeignKeyOf(t, col); fk && fk != &first)
        if (const LiveTable* target = FindLive(tables_, fk->ref_table); target && target->rows > 0)
          max = std::min<uint64_t>(max, target->rows);
    return std::min<uint64_t>(max, 10);
  }

  // A column whose name looks personal to the PII lint (`validate` asks
  // every such column for a rule) but whose values init did not find
  // personal gets category none, for a reviewer to confirm.
  static void ConfirmNotPersonal(ColumnDraft& col, TableDraft& d) {
    if (col.omitted || !col.pii.empty()) return;
    const PiiNameMatch m = PiiNames::Builtin().Match(col.name);
    if (!m.found()) return;
    col.keys.push_back("pii: {category: none, reason: \"review: named like " + m.category +
                       " data, but not found personal by seed-engine init\"}");
    d.review.push_back("the pii rule of " + col.name + " (none: confirm it holds no " + m.category + ")");
  }

  ColumnDraft Column(const TableSchema& t, const ColumnInfo& c, const std::string& parent_column,
                     const std::string& created, TableDraft& d) {
    ColumnDraft col;
    col.name = c.name;
    const std::vector<std::string> w = NameWords(c.name);
    if (c.generated) {
      col.omitted = true, col.comment = "generated by the database";
      return col;
    }
    if (c.on_update && c.has_default) {
      col.omitted = true, col.comment = "filled by the database (DEFAULT / ON UPDATE)";
      return col;
    }
    const bool unique = SingleUnique(t, c.name);
    const bool in_key = std::find(key_columns_.begin(), key_columns_.end(), c.name) != key_columns_.end();
    const ForeignKeyInfo* fk = ForeignKeyOf(t, c.name);
    if (c.name == parent_column) {
      col.candidates.push_back(parent_ref_ == "id" ? "parent" : "{generator: parent, column: " + YamlText(parent_ref_) + "}");
      return col;
    }
    if (fk) {
      std::string ref = "{generator: reference, table: " + YamlText(fk->ref_table);
      if (fk->ref_column != "id") ref += ", column: " + YamlText(fk->ref_column);
      if (in_key) ref += ", distinct: per_parent";
      col.candidates.push_back(ref + "}");
      if (unique && !in_key) {
        col.keys.push_back("unique: true");
        col.comment = "one-to-one";
      }
      if (!c.not_null && !unique && !in_key) col.keys.push_back("null_rate: 0.1");
      // A self-reference points at an earlier row, so row 0 has none: NULL.
      if (fk->ref_table == t.name)
        col.comment = c.not_null ? "review: a NOT NULL self-reference; row 0 has no earlier row to point at"
                                 : "a self-reference: row 0 and about 10% of rows get NULL";
      return col;
    }
    // A key of (parent, position): the position under the parent.
    if (in_key && c.cls == ColumnClass::kInteger && !parent_column.empty()) {
      col.candidates.push_back("child_index");
      return col;
    }
    const bool integer_key = unique && c.cls == ColumnClass::kInteger && t.primary_key.size() == 1 &&
                             t.primary_key[0] == c.name;
    if (integer_key || (c.auto_key && c.cls == ColumnClass::kInteger)) {
      col.candidates.push_back("sequence");
      return col;
    }
    const bool must_unique = unique || unique_columns_.count(c.name);
    if (must_unique) col.keys.push_back("unique: true");
    std::string pii;
    if (!c.members.empty()) {
      col.candidates.push_back(Choice(c.members));  // a SET: single members are values too
    } else if (IsBoolish(c)) {
      col.candidates.push_back("bool");
    } else if (c.cls == ColumnClass::kDate || c.cls == ColumnClass::kDateTime || c.cls == ColumnClass::kTime) {
      col.candidates = TemporalCandidates(w, c, created == c.name ? "" : created, pii);
    } else if (c.cls == ColumnClass::kInteger || c.cls == ColumnClass::kDecimal || c.cls == ColumnClass::kFloat) {
      col.candidates = NumberCandidates(w, c, must_unique, pii);
      if (must_unique && c.cls == ColumnClass::kInteger) col.candidates.insert(col.candidates.begin(), "sequence");
    } else if (c.cls == ColumnClass::kBlob) {
      col.candidates.push_back("{generator: hex, length: " + std::to_string(std::min<size_t>(Length(c), 12)) + "}");
    } else {
      const std::string type = Lower(c.declared_type);
      if (type.find("json") != std::string::npos) col.candidates.push_back("{generator: json, object: {note: word}}");
      else if (type == "uuid") col.candidates.push_back("uuid");
      else if (type == "inet" || type == "cidr") col.candidates.push_back("ipv4");
      Meaning m = TextMeaning(w, c, EntityOf(t.name));
      // A ZIP in its row's state's range, where the row has a state code.
      if (!m.candidates.empty() && m.candidates.front() == "zip")
        for (const ColumnInfo& other : t.columns)
          if (Any(NameWords(other.name), {"state"}) && other.cls == ColumnClass::kText &&
              other.length && *other.length <= 3 && other.length >= 2)
            m.candidates.front() = "{generator: zip, state: " + YamlText(other.name) + "}";
      for (std::string& cand : m.candidates) col.candidates.push_back(std::move(cand));
      pii = m.pii;
      if (!m.null_rate.empty() && !c.not_null && !must_unique) col.keys.push_back("null_rate: " + m.null_rate);
      for (std::string& cand : TextFallback(c, must_unique, c.name)) col.candidates.push_back(std::move(cand));
    }
    if (!pii.empty()) {
      col.pii = pii;
      col.keys.push_back(Pii(pii));
      d.review.push_back("the pii rule of " + c.name + " (" + pii + ")");
    }
    return col;
  }

  const std::vector<LiveTable>& tables_;
  uint64_t largest_ = 0;
  std::set<std::string> referenced_;
  // Per table being drafted: the composite key seeded as children, the
  // parent column it references, columns made unique for another key.
  std::vector<std::string> key_columns_;
  std::set<std::string> unique_columns_;
  std::string parent_ref_ = "id";
};

}  // namespace

const LiveTable* FindLive(const std::vector<LiveTable>& tables, const std::string& name) {
  for (const LiveTable& t : tables)
    if (t.schema.name == name) return &t;
  return nullptr;
}

std::string YamlText(const std::string& s) {
  static const std::set<std::string> kReserved = {"true", "false", "null", "yes", "no", "on", "off", "~", "y", "n"};
  bool plain = !s.empty() && !kReserved.count(Lower(s)) &&
               (std::isalpha(static_cast<unsigned char>(s[0])) || s[0] == '_');
  for (char c : s)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.' || c == ' ')) plain = false;
  if (plain && (s.back() == ' ')) plain = false;
  if (plain) return s;
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out + "\"";
}

std::vector<TableDraft> DraftSpecs(const std::vector<LiveTable>& tables) {
  std::vector<TableDraft> out;
  for (const LiveTable& t : tables) out.push_back(Drafter(tables).Draft(t));
  return out;
}

namespace {

// `candidate` with `keys` added: a name becomes {generator: name, ...}.
std::string WithKeys(const std::string& candidate, const std::vector<std::string>& keys) {
  if (keys.empty()) return candidate;
  std::string extra;
  for (const std::string& k : keys) extra += ", " + k;
  if (candidate.front() == '{') return candidate.substr(0, candidate.size() - 1) + extra + "}";
  return "{generator: " + candidate + extra + "}";
}

}  // namespace

std::string RenderColumn(const ColumnDraft& c) {
  if (c.omitted) return "# " + YamlText(c.name) + ": " + c.comment;
  std::string text = YamlText(c.name) + ": " + WithKeys(c.candidates[c.chosen], c.keys);
  if (!c.comment.empty()) text += "  # " + c.comment;
  return text;
}

std::string ReadColumnsComment(const std::vector<std::string>& columns) {
  std::string out, line;
  for (size_t i = 0; i < columns.size(); ++i) {
    const std::string item = YamlText(columns[i]) + (i + 1 < columns.size() ? "," : "");
    if (!line.empty() && line.size() + item.size() > 100) out += kReadMarker + line + "\n", line.clear();
    line += (line.empty() ? "" : " ") + item;
  }
  if (!line.empty()) out += kReadMarker + line + "\n";
  return out;
}

std::string RenderSpec(const TableDraft& d, const std::string& origin, std::vector<int>* lines) {
  std::string out = "# yaml-language-server: $schema=spec.schema.json\n";
  out += "# Written by seed-engine init from " + origin + " (table " + d.table + ", " + std::to_string(d.rows) +
         " rows there then).\n";
  out += "# It seeds as written; review before committing:\n";
  out += "#   - the row counts, and the generators marked \"review\" below\n";
  for (const std::string& r : d.review) out += "#   - " + r + "\n";
  std::vector<std::string> names;
  for (const ColumnDraft& c : d.columns) names.push_back(c.name);
  out += ReadColumnsComment(names);
  out += "table: " + YamlText(d.table) + "\n" + d.size_line + "\n";
  for (const std::string& u : d.unique) out += "unique: " + u + "\n";
  out += "rollback: delete\ncolumns:\n";
  int line = static_cast<int>(std::count(out.begin(), out.end(), '\n'));
  if (lines) lines->assign(d.columns.size(), 0);
  for (size_t i = 0; i < d.columns.size(); ++i) {
    out += "  " + RenderColumn(d.columns[i]) + "\n";
    ++line;
    if (lines && !d.columns[i].omitted) (*lines)[i] = line;
  }
  return out;
}

}  // namespace seed
