#include "linter/load/load.h"

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
      out.hcl = hcl::parse_hcl(text, file.display);
      break;
    case Format::TfJson:
    case Format::TfVarsJson:
      out.doc = load_json(text, file.display);
      out.hcl = hcl::lower_json(out.doc, text, file.display,
                                file.format == Format::TfJson ? hcl::JsonSchema::TerraformConfig
                                                              : hcl::JsonSchema::VariableValues);
      break;
  }
  return out;
}

}  // namespace amilint
