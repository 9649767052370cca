#include "linter/adapt/syntaxes.h"

namespace amilint {

const Syntax& cfn_syntax() {
  static const Syntax s(
      Syntax::Style::Yaml,
      {"Encrypted", "CmkArn", "Parameters", "NoReboot", "PolicyType", "AmiDistributionConfiguration", "KmsKeyId",
       "UserGroups"},
      {
          "this template",
          "use a region map (Fn::FindInMap with AWS::Region), an SSM public parameter "
          "('{{resolve:ssm:/aws/service/...}}'), or declare the one region it is for",
          " and select the regional ID with a region map (Fn::FindInMap with AWS::Region) or an SSM parameter",
          " and select it with the region map (Fn::FindInMap with AWS::Region) or an SSM parameter",
          "copy the image there (an Image Builder distribution or a DLM cross-region copy rule) and select it per "
          "region (region map or SSM parameter)",
          ", or a '{{resolve:ssm:...}}' reference",
          "; plain 'resolve:ssm:' works in launch templates only, write '{{{}}}' here",
          "UserGroups: all",
          "accounts or organizations",
          "NoReboot: false",
          "Fn::FindInMap with the fixed key '{}'",
          "Fn::FindInMap with fixed keys",
          "use !Ref AWS::Region as the key",
          "use an SSM parameter type (AWS::SSM::Parameter::Value<AWS::EC2::Image::Id>) or a region map",
      });
  return s;
}

const Syntax& terraform_syntax() {
  static const Syntax s(
      Syntax::Style::Hcl,
      {"encrypted", "cmk_arn", "parameters", "no_reboot", "policy_type", "ami_distribution_configuration",
       "kms_key_id", "user_groups"},
      {
          "this resource",
          "use an SSM public parameter or an owner-pinned data \"aws_ami\" lookup",
          " (or an aws_ami_copy) and use the regional ID",
          " with an aws_ami_copy and use the copy's id",
          "copy the image there (an aws_ami_copy with a provider in each DR region, an Image Builder "
          "distribution or a DLM cross-region copy rule) and launch the copy there",
          "",
          "; 'resolve:ssm:' is not accepted here, read the parameter with data \"aws_ssm_parameter\" and use its "
          "value",
          "user_groups = [\"all\"]",
          "user_ids, organization_arns or organizational_unit_arns",
          "parameters { no_reboot = false }",
          "the constant key '{}'",
          "a constant key",
          "use the effective region as the key",
          "use an SSM parameter (data \"aws_ssm_parameter\") or a region map",
      });
  return s;
}

}  // namespace amilint
