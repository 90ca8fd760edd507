#include "engine/spec/templates.h"

#include <algorithm>
#include <filesystem>

#include "engine/core/text_file.h"

#include "engine/spec/yaml_loader.h"

namespace seed {

const SpecTemplate* FindTemplate(std::string_view name) {
  for (int i = 0; i < kSpecTemplateCount; ++i)
    if (name == kSpecTemplates[i].name) return &kSpecTemplates[i];
  return nullptr;
}

std::vector<std::string> TemplateNames() {
  std::vector<std::string> out;
  for (int i = 0; i < kSpecTemplateCount; ++i) out.push_back(kSpecTemplates[i].name);
  return out;
}

std::string TemplateSummary(const SpecTemplate& t) {
  const std::string_view text = t.text;
  size_t start = 0;
  while (start < text.size() && text[start] == '#') {
    const size_t end = std::min(text.find('\n', start), text.size());
    std::string_view line = text.substr(start + 1, end - start - 1);
    while (!line.empty() && line.front() == ' ') line.remove_prefix(1);
    if (line.rfind("yaml-language-server:", 0) != 0) return std::string(line);
    start = end + 1;
  }
  return "";
}

namespace {

// The scalar nodes that hold table names, the spec's own first.
void NameNodes(const Node& root, std::vector<const Node*>& out) {
  if (const Node* t = root.Find("table"); t && t->IsScalar()) out.push_back(t);
  if (const Node* c = root.Find("children"); c && c->IsMap())
    if (const Node* of = c->Find("of"); of && of->IsScalar()) out.push_back(of);
  if (const Node* d = root.Find("depends_on")) {
    if (d->IsScalar()) out.push_back(d);
    for (const Node& item : d->items)
      if (item.IsScalar()) out.push_back(&item);
  }
  const Node* columns = root.Find("columns");
  if (!columns || !columns->IsMap()) return;
  for (const NodeEntry& e : columns->entries) {
    const Node* g = e.second.Find("generator");
    if (!g || g->scalar != "reference") continue;
    if (const Node* t = e.second.Find("table"); t && t->IsScalar()) out.push_back(t);
  }
}

// Byte offset of a 1-based line and column in `text`.
size_t Offset(const std::string& text, const Mark& m) {
  size_t pos = 0;
  for (int line = 1; line < m.line && pos != std::string::npos; ++line) {
    pos = text.find('\n', pos);
    if (pos != std::string::npos) ++pos;
  }
  return pos == std::string::npos ? pos : pos + m.column - 1;
}

}  // namespace

Result<TableNames> SpecTableNames(const std::string& text, const std::string& file) {
  Result<Node> root = LoadYamlString(text, file);
  if (!root.ok()) return root.status();
  std::vector<const Node*> nodes;
  NameNodes(*root, nodes);
  TableNames out;
  if (root->Find("table")) out.table = root->Find("table")->scalar;
  for (const Node* n : nodes) {
    if (n->scalar == out.table) continue;
    if (std::find(out.referenced.begin(), out.referenced.end(), n->scalar) == out.referenced.end())
      out.referenced.push_back(n->scalar);
  }
  return out;
}

std::map<std::string, SpecFile> SpecFilesByTable(const std::string& dir) {
  namespace fs = std::filesystem;
  std::map<std::string, SpecFile> out;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir, ec)) {
    if (e.path().extension() != ".yaml" || e.path().stem() == "seed-engine") continue;
    Result<std::string> text = ReadTextFile(e.path().string());
    if (!text.ok()) continue;
    Result<TableNames> names = SpecTableNames(*text, e.path().string());
    if (names.ok() && !names->table.empty()) out[names->table] = {e.path().string(), *text};
  }
  return out;
}

Result<std::string> RenameTables(const std::string& text, const std::string& file,
                                 const std::map<std::string, std::string>& renames) {
  Result<Node> root = LoadYamlString(text, file);
  if (!root.ok()) return root.status();
  std::vector<const Node*> nodes;
  NameNodes(*root, nodes);
  // From the end, so earlier offsets stay valid.
  std::sort(nodes.begin(), nodes.end(), [](const Node* a, const Node* b) {
    return a->mark.line != b->mark.line ? a->mark.line > b->mark.line : a->mark.column > b->mark.column;
  });
  std::string out = text;
  for (const Node* n : nodes) {
    auto it = renames.find(n->scalar);
    if (it == renames.end()) continue;
    size_t at = Offset(out, n->mark);
    if (at != std::string::npos && n->quoted) ++at;  // past the opening quote
    if (at == std::string::npos || out.compare(at, n->scalar.size(), n->scalar) != 0)
      return Status::Error(Code::kSpec, "cannot rename table '" + n->scalar + "': its text is not where the parser says",
                           n->mark);
    out.replace(at, n->scalar.size(), it->second);
  }
  return out;
}

}  // namespace seed
