// The formats amilint reads, as discover sniffs them.
#pragma once

namespace amilint {

enum class Format {
  CfnYaml, CfnJson,  // CloudFormation templates (and other YAML/JSON until loaded)
  TfHcl, TfJson,     // Terraform configuration: .tf, .tf.json
  TfPlan,            // terraform show -json
  TfVars, TfVarsJson,  // Terraform variable files: .tfvars, .tfvars.json
  PkrHcl, PkrJson,     // Packer HCL2 templates: .pkr.hcl, .pkr.json
  PkrVars, PkrVarsJson,  // Packer variable files: .pkrvars.hcl, .pkrvars.json
};
const char* format_name(Format f);
inline bool is_cfn(Format f) { return f == Format::CfnYaml || f == Format::CfnJson; }

}  // namespace amilint
