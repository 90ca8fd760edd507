// `seed-engine new TABLE [--template NAME]`: a spec from a template, with
// the table and the tables it references renamed, written into a spec
// directory beside the JSON Schema that editors check it with.
#include <filesystem>
#include <iostream>
#include <regex>

#include "engine/cli/common.h"
#include "engine/core/text_file.h"
#include "engine/spec/json_schema.h"
#include "engine/spec/templates.h"

namespace seed::cli {

namespace {

namespace fs = std::filesystem;

const char kRepoModeline[] = "$schema=../schemas/spec.schema.json";

// Table names a spec may use unquoted in YAML and in every SQL dialect the
// drivers speak.
bool PlainName(const std::string& name) {
  static const std::regex kName("[A-Za-z_][A-Za-z0-9_]{0,63}");
  return std::regex_match(name, kName);
}

// `OLD=NEW` pairs of --ref, each OLD a table the template references.
Result<std::map<std::string, std::string>> ReadRenames(const std::vector<std::string>& refs,
                                                       const TableNames& names) {
  std::map<std::string, std::string> out;
  for (const std::string& r : refs) {
    const size_t eq = r.find('=');
    const std::string from = r.substr(0, eq), to = eq == std::string::npos ? "" : r.substr(eq + 1);
    if (eq == std::string::npos || !PlainName(to))
      return Status::Usage("--ref " + r + ": use --ref TEMPLATE_TABLE=YOUR_TABLE, e.g. --ref users=customers");
    if (std::find(names.referenced.begin(), names.referenced.end(), from) == names.referenced.end()) {
      std::string list;
      for (const std::string& n : names.referenced) list += (list.empty() ? "" : ", ") + n;
      return Status::Usage("--ref " + r + ": the template references no table '" + from + "'" +
                           (list.empty() ? " (it references none)" : " (it references " + list + ")") +
                           DidYouMean(from, names.referenced));
    }
    out[from] = to;
  }
  return out;
}

// Writes DIR/spec.schema.json when it is missing or from another engine
// version, so the modeline of the new spec resolves. True if written.
Result<bool> WriteSchemaBeside(const fs::path& dir) {
  const fs::path path = dir / "spec.schema.json";
  const std::string schema = SpecJsonSchema(Registry::Default());
  Result<std::string> old = ReadTextFile(path.string());
  if (old.ok() && *old == schema) return false;
  if (Status s = WriteTextFile(path.string(), schema); !s.ok()) return s;
  return true;
}

void PrintTemplates() {
  for (const std::string& name : TemplateNames())
    std::cout << name << std::string(name.size() < 16 ? 16 - name.size() : 1, ' ')
              << TemplateSummary(*FindTemplate(name)) << '\n';
}

}  // namespace

cxxopts::Options NewCommandOptions() {
  cxxopts::Options o("seed-engine new", "Write a spec for a new table from a template.");
  o.custom_help("TABLE [--template NAME] [options]");
  o.add_options()
      ("template", "the template (default: TABLE if a template has that name, else basic)",
       cxxopts::value<std::string>())
      ("dir", "the spec directory to write into", cxxopts::value<std::string>()->default_value("specs"))
      ("ref", "TEMPLATE_TABLE=YOUR_TABLE: point the template's references at your table (repeatable)",
       cxxopts::value<std::vector<std::string>>())
      ("force", "overwrite DIR/TABLE.yaml if it exists", Flag())
      ("list", "list the templates", Flag())
      ("h,help", "show this help");
  return o;
}

int NewCommand(int argc, char** argv) {
  cxxopts::Options o = NewCommandOptions();
  Result<cxxopts::ParseResult> args = ParseArgs(o, argc, argv);
  if (!args.ok()) return Fail(args.status());
  if (args->count("help")) return std::cout << o.help(), 0;
  if (On(*args, "list")) return PrintTemplates(), 0;
  if (args->unmatched().empty())
    return Fail(Status::Usage("missing TABLE (e.g. seed-engine new suppliers --template organizations);"
                              " seed-engine new --list shows the templates"));
  const std::string table = args->unmatched()[0];
  if (!PlainName(table))
    return Fail(Status::Usage("table name '" + table + "': use letters, digits and _ (at most 64), not starting with a digit"));
  std::string name = args->count("template") ? (*args)["template"].as<std::string>()
                                             : FindTemplate(table) ? table : "basic";
  const SpecTemplate* t = FindTemplate(name);
  if (!t)
    return Fail(Status::Usage("unknown template '" + name + "'" + DidYouMean(name, TemplateNames()) +
                              "; seed-engine new --list shows them"));
  const std::string file = std::string("templates/") + t->name + ".yaml";
  Result<TableNames> names = SpecTableNames(t->text, file);
  if (!names.ok()) return Fail(names.status());
  Result<std::map<std::string, std::string>> renames =
      ReadRenames(args->count("ref") ? (*args)["ref"].as<std::vector<std::string>>() : std::vector<std::string>{},
                  *names);
  if (!renames.ok()) return Fail(renames.status());
  (*renames)[names->table] = table;
  Result<std::string> text = RenameTables(t->text, file, *renames);
  if (!text.ok()) return Fail(text.status());
  if (size_t at = text->find(kRepoModeline); at != std::string::npos)
    text->replace(at, sizeof kRepoModeline - 1, "$schema=spec.schema.json");

  const fs::path dir = (*args)["dir"].as<std::string>();
  const fs::path path = dir / (table + ".yaml");
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (fs::exists(path) && !On(*args, "force"))
    return Fail(Status::Usage(path.string() + " exists; pass --force to overwrite it"));
  if (Status s = WriteTextFile(path.string(), *text); !s.ok()) return Fail(s);
  Result<bool> schema = WriteSchemaBeside(dir);
  if (!schema.ok()) return Fail(schema.status());
  std::cout << "wrote " << path.string() << " (template " << t->name << ": " << TemplateSummary(*t) << ")\n";
  if (*schema) std::cout << "wrote " << (dir / "spec.schema.json").string() << " (for editors; see the README)\n";
  const std::map<std::string, SpecFile> defined = SpecFilesByTable(dir.string());
  for (const std::string& ref : names->referenced) {
    const std::string target = renames->count(ref) ? renames->at(ref) : ref;
    if (defined.count(target)) continue;
    std::cout << "note: " << table << " references " << target << ", which no spec in " << dir.string()
              << " defines: add one (seed-engine new " << target
              << (FindTemplate(target) ? "" : " --template basic") << " --dir " << ShellWord(dir.string())
              << ") or point it at yours (--ref " << ref << "=TABLE --force)\n";
  }
  std::cout << "next: edit the columns to match the table, then seed-engine validate " << ShellWord(dir.string())
            << " --db URL\n";
  return 0;
}

}  // namespace seed::cli
