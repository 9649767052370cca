// CloudFormation adapter: a loaded template (YAML or JSON, already in long form)
// becomes the provider-neutral Model. Intrinsics are the evaluator's (eval/cfn.h).
#pragma once
#include "linter/model/finding.h"
#include "linter/model/model.h"
#include "linter/load/node.h"
#include "linter/load/parameter_file.h"
#include "linter/source/unit.h"

namespace amilint {

// A CFN template is a mapping with AWSTemplateFormatVersion, or with a Resources
// mapping whose values have `Type: AWS::...` (or Alexa::, Custom::).
bool is_cfn_template(const Node* root);

// The template's Model, with its deploy regions (options.regions) bound.
Model adapt_cfn(const Node& root, const LintOptions& options);

// A template with the nested stacks it deploys from local files, and the parameter
// values it is deployed with.
struct CfnStackTree {
  std::vector<const Node*> roots;      // by unit file index: [0] the template; null: not a template
  std::vector<NestedStack> nested;     // Unit::nested
  std::vector<ParameterValue> given;   // parameter files' values, in order (a later one wins)
};

// One Model for the template and its nested stacks: each nested template deploys in
// the parent's regions, and the values the parent passes to its parameters resolve
// in the parent (a literal there is judged where it is written).
Model adapt_cfn(const CfnStackTree& tree, const LintOptions& options);

}  // namespace amilint
