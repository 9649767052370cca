#include "linter/adapt/syntaxes.h"

namespace amilint {

const Syntax& cfn_syntax() {
  static const Syntax s(
      Syntax::Style::Yaml,
      {"Encrypted", "CmkArn", "Parameters", "NoReboot", "PolicyType", "AmiDistributionConfiguration", "KmsKeyId",
       "UserGroups", "Encrypted", "Encrypted", "KmsKeyId", "KmsKeyId"},
      {
          "the template can run in any region",
          "use a region map or an SSM parameter",
          " and select it per region",
          " and map its new ID",
          "copy it there and select it per region",
          "'{{resolve:ssm:...}}'",
          "; wrap it in '{{ }}' here",
          "UserGroups: all",
          "accounts or organizations",
          "NoReboot: false",
          "Fn::FindInMap with the fixed key '{}'",
          "Fn::FindInMap with fixed keys",
          "use !Ref AWS::Region as the key",
          "use an SSM parameter type or a region map",
          "a KmsKeyId in {}",
          "",
          "",
      });
  return s;
}

const Syntax& terraform_syntax() {
  static const Syntax s(
      Syntax::Style::Hcl,
      {"encrypted", "cmk_arn", "parameters", "no_reboot", "policy_type", "ami_distribution_configuration",
       "kms_key_id", "user_groups", "encrypted", "encrypted", "kms_key_id", "kms_key_id"},
      {
          "its region is not known",
          "use an SSM parameter or an aws_ami lookup with owners",
          " with aws_ami_copy and use the copy",
          " with aws_ami_copy and use the copy",
          "copy it there with aws_ami_copy and launch the copy",
          "",
          "; read it with data \"aws_ssm_parameter\" instead",
          "user_groups = [\"all\"]",
          "user_ids, organization_arns or organizational_unit_arns",
          "parameters { no_reboot = false }",
          "the constant key '{}'",
          "the key '{}'",
          "use the effective region as the key",
          "use data \"aws_ssm_parameter\" or a region map",
          "a kms_key_id in {}",
          "group = \"all\"",
          "an account_id or organization_arn",
      });
  return s;
}

// Packer (HCL2, and legacy JSON templates, whose option names are the same).
const Syntax& packer_syntax() {
  static const Syntax s(
      Syntax::Style::Hcl,
      {"encrypted", "cmk_arn", "parameters", "no_reboot", "policy_type", "ami_distribution_configuration",
       "kms_key_id", "user_groups", "encrypt_boot", "encrypt_boot", "region_kms_key_ids", "kms_key_id"},
      {
          "its region is not known",
          "use source_ami_filter with owners",
          " and name the copy's ID there",
          " and name the copy's ID there",
          "add {} to ami_regions",
          "",
          "; source_ami takes an AMI ID only",
          "user_groups = [\"all\"]",
          "accounts or organizations",
          "parameters { no_reboot = false }",
          "the constant key '{}'",
          "the key '{}'",
          "use the build region as the key",
          "use source_ami_filter with owners",
          "a region_kms_key_ids key for {}",
          "ami_groups = [\"all\"]",
          "ami_users, ami_org_arns or ami_ou_arns",
      });
  return s;
}

}  // namespace amilint
