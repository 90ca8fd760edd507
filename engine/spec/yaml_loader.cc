#include "engine/spec/yaml_loader.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <fstream>
#include <sstream>
#include <string_view>
#include <vector>

namespace seed {

namespace {

constexpr size_t kNone = std::string_view::npos;

// Whether a node can begin at `i`: first on the line, after a flow
// indicator, after "- ", "? " or ": ", or after an anchor or a tag.
bool AtNodeStart(std::string_view line, size_t i) {
  const size_t j = i == 0 ? kNone : line.find_last_not_of(" \t", i - 1);
  if (j == kNone) return true;
  const char p = line[j];
  if (p == '[' || p == '{' || p == ',') return true;
  if (p == '-' || p == '?' || p == ':') return j + 1 < i;
  const size_t word = line.find_last_of(" \t", j);
  const size_t start = word == kNone ? 0 : word + 1;
  return (line[start] == '&' || line[start] == '!') && AtNodeStart(line, start);
}

// A block scalar header ("key: |", "- >-", "key: !tag |2": the lines after
// it are text), given without its comment: the indicator's index, or kNone.
size_t BlockScalarIndicator(std::string_view line) {
  size_t k = line.find_last_not_of(" \t\r");
  if (k == kNone) return kNone;
  while (k > 0 && (line[k] == '+' || line[k] == '-' || (line[k] >= '1' && line[k] <= '9'))) --k;
  return (line[k] == '|' || line[k] == '>') && AtNodeStart(line, k) ? k : kNone;
}

class Converter {
 public:
  Converter(const std::string& text, const std::string& file, const YamlLimits& limits)
      : file_(file), limits_(limits) {
    for (size_t start = 0; start <= text.size();) {
      const size_t end = std::min(text.find('\n', start), text.size());
      lines_.emplace_back(text.data() + start, end - start);
      start = end + 1;
    }
  }

  Status Convert(const YAML::Node& in, Node& out, int depth) {
    out.mark = MarkOf(in.Mark());
    if (++visited_ > limits_.max_nodes)
      return Status::Spec("document expands to more than " + std::to_string(limits_.max_nodes) +
                              " nodes (alias bomb?); refusing to load it",
                          out.mark);
    if (depth > limits_.max_depth)
      return Status::Spec("nesting deeper than " + std::to_string(limits_.max_depth) + " levels",
                          out.mark);
    switch (in.Type()) {
      case YAML::NodeType::Undefined:
      case YAML::NodeType::Null:
        out.kind = Node::Kind::kNull;
        return Status::Ok();
      case YAML::NodeType::Scalar:
        out.kind = Node::Kind::kScalar;
        out.scalar = in.Scalar();
        out.quoted = in.Tag() == "!";
        MapBlockLines(out);
        return Status::Ok();
      case YAML::NodeType::Sequence:
        out.kind = Node::Kind::kSequence;
        for (size_t i = 0; i < in.size(); ++i) {
          out.items.emplace_back();
          if (Status s = Convert(in[i], out.items.back(), depth + 1); !s.ok()) return s;
        }
        return Status::Ok();
      case YAML::NodeType::Map:
        out.kind = Node::Kind::kMap;
        return ConvertMap(in, out, depth);
    }
    return Status::Ok();
  }

 private:
  Status ConvertMap(const YAML::Node& in, Node& out, int depth) {
    // Copy key/value nodes out of the iterator before use (yaml-cpp #1071).
    for (YAML::const_iterator it = in.begin(); it != in.end(); ++it) {
      YAML::Node key = it->first;
      YAML::Node value = it->second;
      Node k, v;
      if (Status s = Convert(key, k, depth + 1); !s.ok()) return s;
      if (!k.IsScalar()) return Status::Spec("map keys must be plain names", k.mark);
      if (const Node* prev = out.Find(k.scalar))
        return Status::Spec("duplicate key '" + k.scalar + "' (first defined at line " +
                                std::to_string(prev->mark.line) + ")",
                            k.mark);
      if (Status s = Convert(value, v, depth + 1); !s.ok()) return s;
      // A null value's mark points past the key; keep the key's position.
      if (v.IsNull()) v.mark = k.mark;
      out.entries.push_back({std::move(k), std::move(v)});
    }
    return Status::Ok();
  }

  // A block scalar's header is the mark's line or the one before it (where
  // yaml-cpp marks it varies), up to a comment.
  static size_t Header(std::string_view line) {
    return BlockScalarIndicator(line.substr(0, std::min(line.find(" #"), line.find("\t#"))));
  }

  // Records where each source line of a block scalar starts in its text:
  // literal lines join with a newline, folded ones with a space (a blank
  // line folds into the newline that joins its neighbours).
  void MapBlockLines(Node& n) const {
    if (!n.mark.valid()) return;
    size_t header = static_cast<size_t>(n.mark.line) - 1, at_col = std::string_view::npos;
    if (header < lines_.size()) at_col = Header(lines_[header]);
    // On the mark's own line the indicator is where the node starts (not a
    // key that precedes it); else the mark is on the line after.
    if (at_col != std::string_view::npos && at_col + 1 != static_cast<size_t>(n.mark.column)) return;
    if (at_col == std::string_view::npos && header > 0 && header <= lines_.size())
      at_col = Header(lines_[--header]);
    if (at_col == std::string_view::npos) return;
    const bool literal = lines_[header][at_col] == '|';
    auto indent = [](std::string_view l) { return l.find_first_not_of(' '); };
    size_t content = std::string_view::npos, offset = 0;
    for (size_t i = header + 1; i < lines_.size(); ++i) {
      const std::string_view l = lines_[i];
      const size_t at = indent(l);
      if (at == std::string_view::npos || l.substr(at).find_first_not_of("\r\t ") == std::string_view::npos) {
        if (literal && content != std::string_view::npos) ++offset;  // kept as an empty line
        continue;
      }
      if (content == std::string_view::npos) content = at;
      if (at < content) break;
      n.block_lines.push_back({offset, Mark{file_, static_cast<int>(i) + 1, static_cast<int>(content) + 1}});
      offset += l.size() - content + 1;
    }
    // The node's text must begin with its first line, or these lines are
    // not its own (an empty block scalar before it, say).
    if (!n.block_lines.empty()) {
      const std::string_view first = lines_[static_cast<size_t>(n.block_lines[0].second.line) - 1].substr(content);
      if (n.scalar.compare(0, first.size(), first) != 0) n.block_lines.clear();
    }
  }

  Mark MarkOf(const YAML::Mark& m) const {
    if (m.is_null()) return Mark{file_, 0, 0};
    return Mark{file_, m.line + 1, m.column + 1};
  }

  const std::string& file_;
  const YamlLimits& limits_;
  size_t visited_ = 0;
  std::vector<std::string_view> lines_;  // of the text, for block scalar positions
};

// yaml-cpp's parser recurses once per level of nesting, so 100,000 "["
// would overflow the stack (0.7 stops at 500 with "bad file"; older
// versions do not stop). This scan bounds the depth on the raw text first:
// flow brackets outside quotes and comments, plus block levels by
// indentation and by "- " / "? " runs on one line. It counts brackets in
// plain scalars too, erring towards more; same-indent sequences
// ("key:\n- a") it counts once for two levels, so it bounds yaml-cpp's
// depth to twice the limit. The Converter then checks the exact depth.
class NestingScan {
 public:
  NestingScan(const std::string& file, int max_depth) : file_(file), max_(static_cast<size_t>(max_depth)) {}

  Status Run(std::string_view text) {
    for (size_t pos = 0; pos <= text.size();) {
      size_t nl = text.find('\n', pos);
      if (nl == std::string_view::npos) nl = text.size();
      if (Status s = Line(text.substr(pos, nl - pos)); !s.ok()) return s;
      pos = nl + 1;
    }
    return Status::Ok();
  }

 private:
  Status Line(std::string_view line) {
    ++line_;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    const size_t indent = line.find_first_not_of(' ');
    size_t owner = kNone;  // column of the node a block scalar header belongs to
    if (quote_ == 0 && flow_ == 0) {
      if (scalar_owner_ != kNone) {
        if (indent == kNone || indent > scalar_owner_) return Status::Ok();  // block scalar text
        scalar_owner_ = kNone;
      }
      if (indent == kNone || line[indent] == '#') return Status::Ok();
      if (Status s = Block(line, indent, owner); !s.ok()) return s;
    }
    size_t end = line.size();
    if (Status s = Flow(line, end); !s.ok()) return s;
    if (owner != kNone && quote_ == 0 && flow_ == 0 && BlockScalarIndicator(line.substr(0, end)) != kNone)
      scalar_owner_ = owner;
    return Status::Ok();
  }

  // Block levels: a stack of indentation columns, and on one line every
  // "- ", "? " or ": " indicator opens one more level.
  Status Block(std::string_view line, size_t indent, size_t& owner) {
    while (!indents_.empty() && indents_.back() > indent) indents_.pop_back();
    for (size_t p = indent;;) {
      if (indents_.empty() || indents_.back() < p) indents_.push_back(p);
      if (indents_.size() > max_) return TooDeep(p);
      owner = p;
      const char c = line[p];
      const bool indicator = (c == '-' || c == '?' || c == ':') && (p + 1 == line.size() || line[p + 1] == ' ');
      const size_t next = indicator ? line.find_first_not_of(' ', p + 1) : kNone;
      if (next == kNone || line[next] == '#') return Status::Ok();
      if (line[next] == '|' || line[next] == '>') return Status::Ok();  // "- |": owned by the dash
      p = next;
    }
  }

  // Flow brackets, quotes (which may span lines) and comments; `end` is
  // set to where a comment starts.
  Status Flow(std::string_view line, size_t& end) {
    for (size_t i = 0; i < line.size(); ++i) {
      const char c = line[i];
      if (quote_ == '"') {
        if (c == '\\') ++i;
        else if (c == '"') quote_ = 0;
      } else if (quote_ == '\'') {
        if (c == '\'' && i + 1 < line.size() && line[i + 1] == '\'') ++i;
        else if (c == '\'') quote_ = 0;
      } else if (c == '#' && (i == 0 || line[i - 1] == ' ' || line[i - 1] == '\t')) {
        end = i;
        return Status::Ok();
      } else if ((c == '"' || c == '\'') && AtNodeStart(line, i)) {
        quote_ = c;
      } else if (c == '[' || c == '{') {
        if (++flow_ + indents_.size() > max_) return TooDeep(i);
      } else if ((c == ']' || c == '}') && flow_ > 0) {
        --flow_;
      }
    }
    return Status::Ok();
  }

  Status TooDeep(size_t column) const {
    return Status::Spec("nesting deeper than " + std::to_string(max_) + " levels; flatten the spec",
                        Mark{file_, line_, static_cast<int>(column) + 1});
  }

  const std::string& file_;
  const size_t max_;
  int line_ = 0;
  size_t flow_ = 0;                 // open flow collections
  char quote_ = 0;                  // the open quote, or 0
  size_t scalar_owner_ = kNone;     // inside a block scalar owned by this column
  std::vector<size_t> indents_;     // open block levels
};

Status TooBig(size_t bytes, const std::string& file, const YamlLimits& limits) {
  return Status::Spec("file is " + std::to_string(bytes) + " bytes; the limit for a spec file is " +
                          std::to_string(limits.max_bytes) + " bytes; split it, one table per file",
                      Mark{file, 1, 1});
}

}  // namespace

Result<Node> LoadYamlString(const std::string& text, const std::string& file,
                            const YamlLimits& limits) {
  if (text.size() > limits.max_bytes) return TooBig(text.size(), file, limits);
  if (Status s = NestingScan(file, limits.max_depth).Run(text); !s.ok()) return s;
  YAML::Node doc;
  try {
    doc = YAML::Load(text);
  } catch (const YAML::Exception& e) {
    return Status::Spec("invalid YAML: " + e.msg, Mark{file, e.mark.line + 1, e.mark.column + 1});
  }
  Node root;
  try {
    Converter c(text, file, limits);
    if (Status s = c.Convert(doc, root, 0); !s.ok()) return s;
  } catch (const YAML::Exception& e) {
    return Status::Spec("invalid YAML: " + e.msg, Mark{file, e.mark.line + 1, e.mark.column + 1});
  }
  return root;
}

Result<Node> LoadYamlFile(const std::string& path, const YamlLimits& limits) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::Io(path + ": cannot open file");
  in.seekg(0, std::ios::end);
  const auto size = static_cast<size_t>(in.tellg());
  if (size > limits.max_bytes) return TooBig(size, path, limits);
  in.seekg(0);
  std::string text(size, '\0');
  in.read(text.data(), static_cast<std::streamsize>(size));
  return LoadYamlString(text, path, limits);
}

}  // namespace seed
