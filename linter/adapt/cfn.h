// CloudFormation adapter: a loaded template (YAML or JSON, already in long form)
// becomes the provider-neutral Model. Intrinsics are the evaluator's (eval/cfn.h).
#pragma once
#include "linter/model/finding.h"
#include "linter/model/model.h"
#include "linter/load/node.h"

namespace amilint {

// A CFN template is a mapping with AWSTemplateFormatVersion, or with a Resources
// mapping whose values have `Type: AWS::...` (or Alexa::, Custom::).
bool is_cfn_template(const Node* root);

// The template's Model, with its deploy regions (options.regions) bound.
Model adapt_cfn(const Node& root, const LintOptions& options);

}  // namespace amilint
