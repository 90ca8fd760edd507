// Which column names look personal: built-in word lists (identity, contact,
// location, government ids, financial, health, credentials, free text,
// demographics, device ids; English and common German, French, Spanish,
// Portuguese, Italian and Dutch forms), extended per project by
// `pii-names.txt` in the spec directory. A value type; immutable once built.
#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

#include "engine/core/status.h"

namespace seed {

// The name of the project file read from the spec directory.
inline constexpr const char* kPiiNamesFile = "pii-names.txt";

// A personal-looking word found in a column name, and the pii category
// (one the spec loader accepts) that usually fits it.
struct PiiNameMatch {
  std::string word;      // as listed: "first_name", "telephone", "cvv"
  std::string category;  // name, phone, national_id, financial, other, ...
  bool found() const { return !word.empty(); }
};

// "firstName2_e-mail" -> {first, name, e, mail}: lower-cased words split on
// every character that is not a letter, on digits, and at camelCase
// boundaries (PhoneNumber, SSNNumber). Bytes >= 0x80 count as letters.
std::vector<std::string> SplitColumnName(const std::string& name);

class PiiNames {
 public:
  // The built-in lists only.
  static const PiiNames& Builtin();

  // Matches a column name: each word and each run of adjacent words joined
  // (first_name -> firstname, date_of_birth -> dateofbirth), the longest
  // run first; then built-in stems inside a word (telephone, useremail).
  // Runs covered by an exemption do not count.
  PiiNameMatch Match(const std::string& column_name) const;

  // The built-in lists plus the lines of a pii-names.txt (`text`, read
  // from `file`): `word [category]` adds a word (category `other` if none
  // is given), `!word` exempts it, `#` starts a comment. Words are
  // normalized like column names, so `tax_id`, `taxId` and `taxid` are one
  // entry. Each bad line is a spec error at file:line; the others count.
  static PiiNames Parse(const std::string& text, const std::string& file, Diagnostics& diag);

 private:
  PiiNames() = default;
  void Add(const std::string& listed, const std::string& category);
  Status AddLine(const std::string& line);

  struct Word {
    std::string listed, category;
  };
  std::map<std::string, Word> words_;  // joined form -> word
  std::set<std::string> exempt_;       // joined forms
};

// The built-in lists plus `spec_dir/pii-names.txt` when it exists.
PiiNames LoadPiiNames(const std::string& spec_dir, Diagnostics& diag);

}  // namespace seed
