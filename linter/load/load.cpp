#include "linter/load/load.h"

#include <unordered_set>
#include <vector>

#include "linter/load/hcl/json_syntax.h"
#include "linter/load/loaders.h"
#include "linter/source/source.h"

namespace amilint {

LoadedFile load_file(const SourceFile& file, const PlanPruning* plan_pruning) {
  LoadedFile out;
  const std::string_view text = file.text();
  switch (file.format) {
    case Format::TfHcl:
    case Format::TfVars:
    case Format::TfJson:
    case Format::TfVarsJson:
    case Format::PkrHcl:
    case Format::PkrJson:
    case Format::PkrVars:
    case Format::PkrVarsJson:
      out.is_hcl = true;
      break;
    default:
      break;
  }
  if (file.read_error()) {
    ParseError e{0, cannot_read_message(file.read_error())};
    (out.is_hcl ? out.hcl.errors : out.doc.errors).push_back(std::move(e));
    out.hcl.display_name = file.display;
    return out;
  }
  switch (file.format) {
    case Format::CfnYaml:
      out.doc = load_yaml(text, file.display);
      break;
    case Format::CfnJson:
    case Format::TfPlan:
      out.doc = load_json(text, file.display, plan_pruning);
      break;
    case Format::TfHcl:
    case Format::TfVars:
    case Format::PkrHcl:
    case Format::PkrVars:
      out.hcl = hcl::parse_hcl(text, file.display);
      break;
    case Format::TfJson:
    case Format::TfVarsJson:
    case Format::PkrJson:
    case Format::PkrVarsJson:
      out.doc = load_json(text, file.display);
      out.hcl = hcl::lower_json(out.doc, text, file.display,
                                file.format == Format::TfJson    ? hcl::JsonSchema::TerraformConfig
                                : file.format == Format::PkrJson ? hcl::JsonSchema::PackerConfig
                                                                 : hcl::JsonSchema::VariableValues);
      break;
  }
  return out;
}

void set_file_index(Document& doc, uint32_t file) {
  if (!doc.root || file == 0) return;
  std::vector<Node*> todo{const_cast<Node*>(doc.root)};  // the Document owns its nodes
  std::unordered_set<const Node*> seen;  // aliases share a node
  while (!todo.empty()) {
    Node* n = todo.back();
    todo.pop_back();
    if (!seen.insert(n).second) continue;
    n->range.file = file;
    for (const auto& e : n->entries) {
      const_cast<MapEntry&>(e).key_range.file = file;
      if (e.value) todo.push_back(const_cast<Node*>(e.value));
    }
    for (const Node* c : n->items)
      if (c) todo.push_back(const_cast<Node*>(c));
  }
}

}  // namespace amilint
