#include "engine/spec/yaml_loader.h"

#include <yaml-cpp/yaml.h>

#include <fstream>
#include <sstream>

namespace seed {

namespace {

class Converter {
 public:
  Converter(const std::string& file, const YamlLimits& limits) : file_(file), limits_(limits) {}

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
      out.entries.emplace_back(std::move(k), std::move(v));
    }
    return Status::Ok();
  }

  Mark MarkOf(const YAML::Mark& m) const {
    if (m.is_null()) return Mark{file_, 0, 0};
    return Mark{file_, m.line + 1, m.column + 1};
  }

  const std::string& file_;
  const YamlLimits& limits_;
  size_t visited_ = 0;
};

}  // namespace

Result<Node> LoadYamlString(const std::string& text, const std::string& file,
                            const YamlLimits& limits) {
  if (text.size() > limits.max_bytes)
    return Status::Spec("file is " + std::to_string(text.size()) + " bytes; the limit is " +
                            std::to_string(limits.max_bytes),
                        Mark{file, 1, 1});
  YAML::Node doc;
  try {
    doc = YAML::Load(text);
  } catch (const YAML::Exception& e) {
    return Status::Spec("invalid YAML: " + e.msg, Mark{file, e.mark.line + 1, e.mark.column + 1});
  }
  Node root;
  try {
    Converter c(file, limits);
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
  if (size > limits.max_bytes)
    return Status::Spec("file is " + std::to_string(size) + " bytes; the limit is " +
                            std::to_string(limits.max_bytes),
                        Mark{path, 1, 1});
  in.seekg(0);
  std::string text(size, '\0');
  in.read(text.data(), static_cast<std::streamsize>(size));
  return LoadYamlString(text, path, limits);
}

}  // namespace seed
