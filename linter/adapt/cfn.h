// CloudFormation adapter: a loaded template (YAML or JSON, already in long form)
// becomes the provider-neutral Model.
#pragma once
#include "linter/model/finding.h"
#include "linter/model/model.h"
#include "linter/load/node.h"

namespace amilint {

// A CFN template is a mapping with AWSTemplateFormatVersion, or with a Resources
// mapping whose values have `Type: AWS::...` (or Alexa::, Custom::).
bool is_cfn_template(const Node* root);

// The `state` of an EC2 declarative policy setting (`image_block_public_access`,
// `allowed_images_settings`) under `ec2_attributes`, written plain or as
// {"@@assign": value}; nullptr when absent. Shared with the Terraform adapter.
const Node* declarative_policy_state(const Node* ec2_attributes, const char* setting);

Model adapt_cfn(const Node& root, Format format, const LintOptions& options);

}  // namespace amilint
