// Spec templates for common entities (templates/*.yaml, compiled into the
// binary): `seed-engine new TABLE --template NAME` writes one into a spec
// directory with its table and the tables it references renamed.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "engine/core/status.h"

namespace seed {

struct SpecTemplate {
  const char* name;  // file name without .yaml
  const char* text;
};
extern const SpecTemplate kSpecTemplates[];
extern const int kSpecTemplateCount;

const SpecTemplate* FindTemplate(std::string_view name);
std::vector<std::string> TemplateNames();
// The template's one-line description: its first comment line that is not
// an editor modeline.
std::string TemplateSummary(const SpecTemplate& t);

// The tables a spec text names as its own (`table:`) and as others':
// `table:` of reference generators, `children.of`, `depends_on`.
struct TableNames {
  std::string table;
  std::vector<std::string> referenced;  // in file order, without duplicates or the table itself
};
Result<TableNames> SpecTableNames(const std::string& text, const std::string& file);

// The spec files (*.yaml, not seed-engine.yaml) directly in `dir`, by the
// table each defines; files that cannot be read or parsed are left out
// (`validate` reports them).
struct SpecFile {
  std::string path, text;
};
std::map<std::string, SpecFile> SpecFilesByTable(const std::string& dir);

// `text` with every table name of SpecTableNames replaced as `renames`
// says (names not in it are kept). Comments and layout are kept: only the
// names' own characters change.
Result<std::string> RenameTables(const std::string& text, const std::string& file,
                                 const std::map<std::string, std::string>& renames);

}  // namespace seed
