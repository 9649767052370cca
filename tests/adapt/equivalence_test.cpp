// The same intent written as CloudFormation YAML, CloudFormation JSON, Terraform HCL,
// Terraform JSON (.tf.json) and a Terraform plan (`terraform show -json`) gives the
// same Model, compared as a dump (model/dump.h): the adapters are the only place a
// format shows, and every rule reads the same facts whatever the user wrote.
#include <catch2/catch.hpp>

#include "linter/discover/discover.h"
#include "linter/discover/units.h"
#include "linter/engine/lint_unit.h"
#include "linter/model/dump.h"
#include "tests/test_util.h"

using namespace amilint;
using amilint_test::TempDir;

namespace {

struct Written {
  const char* name;  // how the format is named in failures
  const char* file;  // the file it is written to
  std::string text;
  std::vector<std::string> regions;  // CloudFormation: the declared deploy regions
};

// The Model of one file (a template, a plan, or a one-file Terraform module).
std::string dump_of(const Written& w) {
  TempDir d;
  d.write(w.file, w.text);
  DiscoverResult found = discover({d.path.string()}, {});
  REQUIRE(found.files.size() == 1);
  std::vector<Unit> units = make_units(found.files, 1);
  REQUIRE(units.size() == 1);
  read_unit(units[0]);
  EngineOptions o;
  o.lint.regions = w.regions;
  return dump_model(unit_model(units[0], o));
}

void check_same(const std::vector<Written>& forms, const std::string& expected) {
  for (const auto& w : forms) {
    INFO("written as " << w.name);
    CHECK(dump_of(w) == expected);
  }
}

const std::vector<std::string> kEast{"us-east-1"};

// A plan of one resource instance, with the aws provider in us-east-1 and its values.
std::string plan(const std::string& mode, const std::string& type, const std::string& name, const std::string& values,
                 const std::string& expressions = "{}") {
  std::string address = (mode == "data" ? "data." : "") + type + "." + name;
  std::string res = R"({"address": ")" + address + R"(", "mode": ")" + mode + R"(", "type": ")" + type +
                    R"(", "name": ")" + name + R"(", "provider_name": "registry.terraform.io/hashicorp/aws")";
  return R"({"format_version": "1.2", "terraform_version": "1.9.0",
  "planned_values": {"root_module": {"resources": [)" + res + R"(, "values": )" + values + R"(}]}},
  "configuration": {
    "provider_config": {"aws": {"name": "aws", "full_name": "registry.terraform.io/hashicorp/aws",
                                "expressions": {"region": {"constant_value": "us-east-1"}}}},
    "root_module": {"resources": [{"address": ")" + address + R"(", "mode": ")" + mode + R"(", "type": ")" + type +
         R"(", "name": ")" + name + R"(", "provider_config_key": "aws", "expressions": )" + expressions + R"(}]}}})";
}

}  // namespace

TEST_CASE("equivalence: a launch configuration with a literal AMI ID in one region", "[equivalence]") {
  check_same(
      {{"CloudFormation YAML", "t.yaml",
        "Resources:\n  Web:\n    Type: AWS::AutoScaling::LaunchConfiguration\n    Properties:\n"
        "      InstanceType: t3.micro\n      ImageId: ami-0abcdef1234567890\n",
        kEast},
       {"CloudFormation JSON", "t.json",
        R"({"Resources": {"Web": {"Type": "AWS::AutoScaling::LaunchConfiguration",
            "Properties": {"InstanceType": "t3.micro", "ImageId": "ami-0abcdef1234567890"}}}})",
        kEast},
       {"Terraform HCL", "main.tf",
        "provider \"aws\" {\n  region = \"us-east-1\"\n}\n\nresource \"aws_launch_configuration\" \"web\" {\n"
        "  instance_type = \"t3.micro\"\n  image_id      = \"ami-0abcdef1234567890\"\n}\n",
        {}},
       {"Terraform JSON", "main.tf.json",
        R"({"provider": {"aws": {"region": "us-east-1"}},
            "resource": {"aws_launch_configuration": {"web": {"instance_type": "t3.micro",
                                                               "image_id": "ami-0abcdef1234567890"}}}})",
        {}},
       {"Terraform plan", "plan.json",
        plan("managed", "aws_launch_configuration", "web",
             R"({"image_id": "ami-0abcdef1234567890", "instance_type": "t3.micro"})",
             R"({"image_id": {"constant_value": "ami-0abcdef1234567890"}})"),
        {}}},
      "use accepts= regions=[us-east-1]\n"
      "  source literal value='ami-0abcdef1234567890'\n"
      "literal 'ami-0abcdef1234567890' context=0\n");
}

TEST_CASE("equivalence: a launch template that takes its AMI from an AWS public SSM parameter", "[equivalence]") {
  const std::string ssm = "resolve:ssm:/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64";
  check_same(
      {{"CloudFormation YAML", "t.yaml",
        "Resources:\n  Lt:\n    Type: AWS::EC2::LaunchTemplate\n    Properties:\n      LaunchTemplateData:\n"
        "        ImageId: " + ssm + "\n",
        kEast},
       {"CloudFormation JSON", "t.json",
        R"({"Resources": {"Lt": {"Type": "AWS::EC2::LaunchTemplate",
            "Properties": {"LaunchTemplateData": {"ImageId": ")" + ssm + R"("}}}}})",
        kEast},
       {"Terraform HCL", "main.tf",
        "provider \"aws\" {\n  region = \"us-east-1\"\n}\n\nresource \"aws_launch_template\" \"lt\" {\n"
        "  image_id = \"" + ssm + "\"\n}\n",
        {}},
       {"Terraform JSON", "main.tf.json",
        R"({"provider": {"aws": {"region": "us-east-1"}},
            "resource": {"aws_launch_template": {"lt": {"image_id": ")" + ssm + R"("}}}})",
        {}},
       {"Terraform plan", "plan.json",
        plan("managed", "aws_launch_template", "lt", R"({"image_id": ")" + ssm + R"(", "name_prefix": null})",
             R"({"image_id": {"constant_value": ")" + ssm + R"("}})"),
        {}}},
      "use accepts=resolve-ssm regions=[us-east-1]\n"
      "  source ssm-parameter value='/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64' public\n");
}

TEST_CASE("equivalence: a DLM AMI policy that copies unencrypted and shares, without rebooting", "[equivalence]") {
  const std::string yaml =
      "Resources:\n"
      "  Policy:\n"
      "    Type: AWS::DLM::LifecyclePolicy\n"
      "    Properties:\n"
      "      Description: amis\n"
      "      State: ENABLED\n"
      "      ExecutionRoleArn: arn:aws:iam::111122223333:role/dlm\n"
      "      PolicyDetails:\n"
      "        PolicyType: IMAGE_MANAGEMENT\n"
      "        ResourceTypes: [INSTANCE]\n"
      "        Parameters:\n"
      "          NoReboot: true\n"
      "        Schedules:\n"
      "          - Name: daily\n"
      "            CrossRegionCopyRules:\n"
      "              - TargetRegion: us-west-2\n"
      "                Encrypted: false\n"
      "            ShareRules:\n"
      "              - TargetAccounts: ['444455556666']\n";
  const std::string json = R"({"Resources": {"Policy": {"Type": "AWS::DLM::LifecyclePolicy", "Properties": {
      "Description": "amis", "State": "ENABLED", "ExecutionRoleArn": "arn:aws:iam::111122223333:role/dlm",
      "PolicyDetails": {"PolicyType": "IMAGE_MANAGEMENT", "ResourceTypes": ["INSTANCE"],
        "Parameters": {"NoReboot": true},
        "Schedules": [{"Name": "daily",
          "CrossRegionCopyRules": [{"TargetRegion": "us-west-2", "Encrypted": false}],
          "ShareRules": [{"TargetAccounts": ["444455556666"]}]}]}}}}})";
  const std::string hcl =
      "provider \"aws\" {\n  region = \"us-east-1\"\n}\n\n"
      "resource \"aws_dlm_lifecycle_policy\" \"amis\" {\n"
      "  description        = \"amis\"\n"
      "  execution_role_arn = \"arn:aws:iam::111122223333:role/dlm\"\n"
      "  policy_details {\n"
      "    policy_type    = \"IMAGE_MANAGEMENT\"\n"
      "    resource_types = [\"INSTANCE\"]\n"
      "    parameters {\n      no_reboot = true\n    }\n"
      "    schedule {\n"
      "      name = \"daily\"\n"
      "      cross_region_copy_rule {\n        target_region = \"us-west-2\"\n        encrypted     = false\n      }\n"
      "      share_rule {\n        target_accounts = [\"444455556666\"]\n      }\n"
      "    }\n"
      "  }\n"
      "}\n";
  const std::string tf_json = R"({"provider": {"aws": {"region": "us-east-1"}},
      "resource": {"aws_dlm_lifecycle_policy": {"amis": {
        "description": "amis", "execution_role_arn": "arn:aws:iam::111122223333:role/dlm",
        "policy_details": [{"policy_type": "IMAGE_MANAGEMENT", "resource_types": ["INSTANCE"],
          "parameters": [{"no_reboot": true}],
          "schedule": [{"name": "daily",
            "cross_region_copy_rule": [{"target_region": "us-west-2", "encrypted": false}],
            "share_rule": [{"target_accounts": ["444455556666"]}]}]}]}}}})";
  const std::string values = R"({"description": "amis", "execution_role_arn": "arn:aws:iam::111122223333:role/dlm",
      "policy_details": [{"policy_type": "IMAGE_MANAGEMENT", "resource_types": ["INSTANCE"],
        "parameters": [{"exclude_boot_volume": false, "no_reboot": true}],
        "schedule": [{"name": "daily", "copy_tags": false,
          "cross_region_copy_rule": [{"target_region": "us-west-2", "target": null, "encrypted": false,
                                      "cmk_arn": null, "copy_tags": false}],
          "share_rule": [{"target_accounts": ["444455556666"]}]}]}]})";
  check_same({{"CloudFormation YAML", "t.yaml", yaml, kEast},
              {"CloudFormation JSON", "t.json", json, kEast},
              {"Terraform HCL", "main.tf", hcl, {}},
              {"Terraform JSON", "main.tf.json", tf_json, {}},
              {"Terraform plan", "plan.json", plan("managed", "aws_dlm_lifecycle_policy", "amis", values), {}}},
             "lifecycle-policy type='IMAGE_MANAGEMENT' images no_reboot=true home=[us-east-1] shares=['444455556666']\n"
             "  copy-rule to='us-west-2' encrypted=false cmk=absent\n");
}

TEST_CASE("equivalence: an Image Builder distribution configuration that shares publicly and with an account",
          "[equivalence]") {
  const std::string key = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
  const std::string yaml =
      "Resources:\n"
      "  Dist:\n"
      "    Type: AWS::ImageBuilder::DistributionConfiguration\n"
      "    Properties:\n"
      "      Name: golden\n"
      "      Distributions:\n"
      "        - Region: us-east-1\n"
      "          AmiDistributionConfiguration:\n"
      "            KmsKeyId: " + key + "\n"
      "            TargetAccountIds: ['444455556666']\n"
      "            LaunchPermissionConfiguration:\n"
      "              UserGroups: [all]\n"
      "        - Region: us-west-2\n"
      "          AmiDistributionConfiguration:\n"
      "            Name: golden-copy\n";
  const std::string json = R"({"Resources": {"Dist": {"Type": "AWS::ImageBuilder::DistributionConfiguration",
      "Properties": {"Name": "golden", "Distributions": [
        {"Region": "us-east-1", "AmiDistributionConfiguration": {"KmsKeyId": ")" + key + R"(",
           "TargetAccountIds": ["444455556666"], "LaunchPermissionConfiguration": {"UserGroups": ["all"]}}},
        {"Region": "us-west-2", "AmiDistributionConfiguration": {"Name": "golden-copy"}}]}}}})";
  const std::string hcl =
      "provider \"aws\" {\n  region = \"us-east-1\"\n}\n\n"
      "resource \"aws_imagebuilder_distribution_configuration\" \"golden\" {\n"
      "  name = \"golden\"\n"
      "  distribution {\n"
      "    region = \"us-east-1\"\n"
      "    ami_distribution_configuration {\n"
      "      kms_key_id         = \"" + key + "\"\n"
      "      target_account_ids = [\"444455556666\"]\n"
      "      launch_permission {\n        user_groups = [\"all\"]\n      }\n"
      "    }\n"
      "  }\n"
      "  distribution {\n"
      "    region = \"us-west-2\"\n"
      "    ami_distribution_configuration {\n      name = \"golden-copy\"\n    }\n"
      "  }\n"
      "}\n";
  const std::string tf_json = R"({"provider": {"aws": {"region": "us-east-1"}},
      "resource": {"aws_imagebuilder_distribution_configuration": {"golden": {"name": "golden", "distribution": [
        {"region": "us-east-1", "ami_distribution_configuration": [{"kms_key_id": ")" + key + R"(",
           "target_account_ids": ["444455556666"], "launch_permission": [{"user_groups": ["all"]}]}]},
        {"region": "us-west-2", "ami_distribution_configuration": [{"name": "golden-copy"}]}]}}}})";
  const std::string values = R"({"name": "golden", "distribution": [
        {"region": "us-east-1", "container_distribution_configuration": [],
         "ami_distribution_configuration": [{"kms_key_id": ")" + key + R"(", "name": null,
           "target_account_ids": ["444455556666"],
           "launch_permission": [{"user_groups": ["all"], "user_ids": null, "organization_arns": null}]}]},
        {"region": "us-west-2", "container_distribution_configuration": [],
         "ami_distribution_configuration": [{"kms_key_id": null, "name": "golden-copy", "target_account_ids": null,
           "launch_permission": []}]}]})";
  check_same({{"CloudFormation YAML", "t.yaml", yaml, kEast},
              {"CloudFormation JSON", "t.json", json, kEast},
              {"Terraform HCL", "main.tf", hcl, {}},
              {"Terraform JSON", "main.tf.json", tf_json, {}},
              {"Terraform plan", "plan.json",
               plan("managed", "aws_imagebuilder_distribution_configuration", "golden", values), {}}},
             "distribution-configuration home=[us-east-1]\n"
             "  distribution region='us-east-1' ami kms='" + key + "' groups=['all'] accounts=['444455556666']\n"
             "  distribution region='us-west-2' ami kms=absent groups=[] accounts=[]\n");
}

TEST_CASE("equivalence: an Image Builder recipe with an unencrypted volume and one encrypted with a key",
          "[equivalence]") {
  const std::string key = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
  const std::string yaml =
      "Resources:\n"
      "  Recipe:\n"
      "    Type: AWS::ImageBuilder::ImageRecipe\n"
      "    Properties:\n"
      "      Name: golden\n"
      "      Version: 1.0.0\n"
      "      BlockDeviceMappings:\n"
      "        - DeviceName: /dev/xvdb\n"
      "          Ebs:\n"
      "            Encrypted: false\n"
      "        - DeviceName: /dev/xvdc\n"
      "          Ebs:\n"
      "            Encrypted: true\n"
      "            KmsKeyId: " + key + "\n"
      "        - DeviceName: /dev/xvdd\n"
      "          Ebs:\n"
      "            SnapshotId: snap-0123456789abcdef0\n";
  const std::string json = R"({"Resources": {"Recipe": {"Type": "AWS::ImageBuilder::ImageRecipe",
      "Properties": {"Name": "golden", "Version": "1.0.0", "BlockDeviceMappings": [
        {"DeviceName": "/dev/xvdb", "Ebs": {"Encrypted": false}},
        {"DeviceName": "/dev/xvdc", "Ebs": {"Encrypted": true, "KmsKeyId": ")" + key + R"("}},
        {"DeviceName": "/dev/xvdd", "Ebs": {"SnapshotId": "snap-0123456789abcdef0"}}]}}}})";
  const std::string hcl =
      "provider \"aws\" {\n  region = \"us-east-1\"\n}\n\n"
      "resource \"aws_imagebuilder_image_recipe\" \"golden\" {\n"
      "  name    = \"golden\"\n"
      "  version = \"1.0.0\"\n"
      "  block_device_mapping {\n"
      "    device_name = \"/dev/xvdb\"\n"
      "    ebs {\n      encrypted = false\n    }\n"
      "  }\n"
      "  block_device_mapping {\n"
      "    device_name = \"/dev/xvdc\"\n"
      "    ebs {\n      encrypted  = true\n      kms_key_id = \"" + key + "\"\n    }\n"
      "  }\n"
      "  block_device_mapping {\n"
      "    device_name = \"/dev/xvdd\"\n"
      "    ebs {\n      snapshot_id = \"snap-0123456789abcdef0\"\n    }\n"
      "  }\n"
      "}\n";
  const std::string tf_json = R"({"provider": {"aws": {"region": "us-east-1"}},
      "resource": {"aws_imagebuilder_image_recipe": {"golden": {"name": "golden", "version": "1.0.0",
        "block_device_mapping": [
          {"device_name": "/dev/xvdb", "ebs": [{"encrypted": false}]},
          {"device_name": "/dev/xvdc", "ebs": [{"encrypted": true, "kms_key_id": ")" + key + R"("}]},
          {"device_name": "/dev/xvdd", "ebs": [{"snapshot_id": "snap-0123456789abcdef0"}]}]}}}})";
  // The provider keeps a recipe's `encrypted` as a string ("" when not set).
  const std::string values = R"({"name": "golden", "version": "1.0.0", "block_device_mapping": [
        {"device_name": "/dev/xvdb", "no_device": null, "virtual_name": null,
         "ebs": [{"encrypted": "false", "kms_key_id": null, "snapshot_id": null, "volume_size": null}]},
        {"device_name": "/dev/xvdc", "no_device": null, "virtual_name": null,
         "ebs": [{"encrypted": "true", "kms_key_id": ")" + key + R"(", "snapshot_id": null, "volume_size": null}]},
        {"device_name": "/dev/xvdd", "no_device": null, "virtual_name": null,
         "ebs": [{"encrypted": null, "kms_key_id": null, "snapshot_id": "snap-0123456789abcdef0", "volume_size": null}]}]})";
  check_same({{"CloudFormation YAML", "t.yaml", yaml, kEast},
              {"CloudFormation JSON", "t.json", json, kEast},
              {"Terraform HCL", "main.tf", hcl, {}},
              {"Terraform JSON", "main.tf.json", tf_json, {}},
              {"Terraform plan", "plan.json", plan("managed", "aws_imagebuilder_image_recipe", "golden", values), {}}},
             "recipe-volume device='/dev/xvdb' encrypted=false kms=absent\n"
             "recipe-volume device='/dev/xvdc' encrypted=true kms='" + key + "'\n"
             "recipe-volume device='/dev/xvdd' encrypted=absent from-snapshot kms=absent\n");
}

TEST_CASE("equivalence: an EC2 declarative organization policy that unblocks public AMIs", "[equivalence]") {
  const std::string content = R"({"ec2_attributes": {"image_block_public_access": {"state": {"@@assign": "unblocked"}}}})";
  auto quoted = [](const std::string& s) {
    std::string out = "\"";
    for (char c : s) out += c == '"' ? std::string("\\\"") : std::string(1, c);
    return out + "\"";
  };
  check_same(
      {{"CloudFormation YAML", "t.yaml",
        "Resources:\n  Ec2:\n    Type: AWS::Organizations::Policy\n    Properties:\n      Name: ec2\n"
        "      Type: DECLARATIVE_POLICY_EC2\n      Content:\n        ec2_attributes:\n"
        "          image_block_public_access:\n            state:\n              '@@assign': unblocked\n",
        kEast},
       {"CloudFormation JSON", "t.json",
        R"({"Resources": {"Ec2": {"Type": "AWS::Organizations::Policy",
            "Properties": {"Name": "ec2", "Type": "DECLARATIVE_POLICY_EC2", "Content": )" + content + "}}}}",
        kEast},
       {"Terraform HCL", "main.tf",
        "resource \"aws_organizations_policy\" \"ec2\" {\n  name    = \"ec2\"\n  type    = \"DECLARATIVE_POLICY_EC2\"\n"
        "  content = <<EOF\n" + content + "\nEOF\n}\n",
        {}},
       {"Terraform JSON", "main.tf.json",
        R"({"resource": {"aws_organizations_policy": {"ec2": {"name": "ec2", "type": "DECLARATIVE_POLICY_EC2",
            "content": )" + quoted(content) + "}}}}",
        {}},
       {"Terraform plan", "plan.json",
        plan("managed", "aws_organizations_policy", "ec2",
             R"({"name": "ec2", "type": "DECLARATIVE_POLICY_EC2", "content": )" + quoted(content) + "}"),
        {}}},
      "setting image-block-public-access state='unblocked' org-policy\n");
}

TEST_CASE("equivalence: an instance launched from an owner-pinned lookup, in HCL, JSON and a plan", "[equivalence]") {
  const std::string hcl =
      "provider \"aws\" {\n  region = \"us-east-1\"\n}\n\n"
      "data \"aws_ami\" \"golden\" {\n"
      "  owners             = [\"self\"]\n"
      "  most_recent        = true\n"
      "  include_deprecated = false\n"
      "  filter {\n    name   = \"name\"\n    values = [\"golden-*\"]\n  }\n"
      "}\n\n"
      "resource \"aws_instance\" \"web\" {\n  ami = data.aws_ami.golden.id\n}\n";
  const std::string tf_json = R"({"provider": {"aws": {"region": "us-east-1"}},
      "data": {"aws_ami": {"golden": {"owners": ["self"], "most_recent": true, "include_deprecated": false,
                                      "filter": [{"name": "name", "values": ["golden-*"]}]}}},
      "resource": {"aws_instance": {"web": {"ami": "${data.aws_ami.golden.id}"}}}})";
  const std::string plan_json = R"({"format_version": "1.2", "terraform_version": "1.9.0",
    "planned_values": {"root_module": {"resources": [
      {"address": "aws_instance.web", "mode": "managed", "type": "aws_instance", "name": "web",
       "values": {"ami": "ami-0123456789abcdef0", "instance_type": "t3.micro"}}]}},
    "prior_state": {"values": {"root_module": {"resources": [
      {"address": "data.aws_ami.golden", "mode": "data", "type": "aws_ami", "name": "golden",
       "values": {"id": "ami-0123456789abcdef0", "owners": ["self"], "most_recent": true,
                  "include_deprecated": false, "name_regex": null, "allow_unsafe_filter": null,
                  "filter": [{"name": "name", "values": ["golden-*"]}]}}]}}},
    "configuration": {
      "provider_config": {"aws": {"name": "aws", "full_name": "registry.terraform.io/hashicorp/aws",
                                  "expressions": {"region": {"constant_value": "us-east-1"}}}},
      "root_module": {"resources": [
        {"address": "aws_instance.web", "mode": "managed", "type": "aws_instance", "name": "web",
         "provider_config_key": "aws",
         "expressions": {"ami": {"references": ["data.aws_ami.golden.id", "data.aws_ami.golden"]}}},
        {"address": "data.aws_ami.golden", "mode": "data", "type": "aws_ami", "name": "golden",
         "provider_config_key": "aws", "expressions": {}}]}}})";
  check_same({{"Terraform HCL", "main.tf", hcl, {}},
              {"Terraform JSON", "main.tf.json", tf_json, {}},
              {"Terraform plan", "plan.json", plan_json, {}}},
             "use accepts=resolve-ssm regions=[us-east-1]\n"
             "  source lookup value=unknown ref regions=[us-east-1] lookup=0\n"
             "lookup owners=['self'] most_recent=true name_regex=absent wildcard-name include_deprecated=false "
             "allow_unsafe_filter=absent regions=[us-east-1]\n");
}

TEST_CASE("equivalence: a Packer build in HCL2, HCL2 JSON and a legacy JSON template", "[equivalence][packer]") {
  const std::string hcl = R"(source "amazon-ebs" "golden" {
  region             = "us-east-1"
  ami_name           = "golden-${formatdate("YYYYMMDD", timestamp())}"
  source_ami_filter {
    filters     = { name = "al2023-ami-*" }
    owners      = ["aws-marketplace"]
    most_recent = true
  }
  ami_regions        = ["us-east-1", "us-west-2"]
  encrypt_boot       = false
  kms_key_id         = "alias/golden"
  region_kms_key_ids = { "us-west-2" = "arn:aws:kms:us-east-1:111122223333:key/k" }
  ami_groups         = ["all"]
  ami_users          = ["111122223333"]
  snapshot_groups    = ["all"]
}
build {
  sources = ["source.amazon-ebs.golden"]
}
)";
  const std::string options = R"("region": "us-east-1",
      "source_ami_filter": {"filters": {"name": "al2023-ami-*"}, "owners": ["aws-marketplace"], "most_recent": true},
      "ami_regions": ["us-east-1", "us-west-2"],
      "encrypt_boot": false,
      "kms_key_id": "alias/golden",
      "region_kms_key_ids": {"us-west-2": "arn:aws:kms:us-east-1:111122223333:key/k"},
      "ami_groups": ["all"],
      "ami_users": ["111122223333"],
      "snapshot_groups": ["all"])";
  // The name's known parts, whichever way the timestamp is written.
  const std::string hcl_json = R"({"source": {"amazon-ebs": {"golden": {"ami_name": "golden-${timestamp()}", )" +
                               options + R"(}}}, "build": {"sources": ["source.amazon-ebs.golden"]}})";
  const std::string legacy = R"({"builders": [{"type": "amazon-ebs", "name": "golden", "ami_name": "golden-{{timestamp}}", )" +
                             options + "}]}";
  check_same({{"Packer HCL2", "build.pkr.hcl", hcl, {}},
              {"Packer HCL2 JSON", "build.pkr.json", hcl_json, {}},
              {"legacy Packer JSON", "template.json", legacy, {}}},
             "use accepts= regions=[us-east-1] build-source\n"
             "  source lookup value=unknown ref regions=[us-east-1] lookup=0\n"
             "lookup owners=['aws-marketplace'] most_recent=true name_regex=absent wildcard-name "
             "include_deprecated=absent allow_unsafe_filter=absent regions=[us-east-1]\n"
             "copy source=absent source_region='us-east-1' encrypted=false "
             "kms='arn:aws:kms:us-east-1:111122223333:key/k' regions=[us-west-2]\n"
             "build name=golden-* regions=[us-east-1] copies=[us-east-1 us-west-2] kms='alias/golden'\n"
             "snapshot-permission image=absent group='all' account=absent\n"
             "launch-permission image=absent group=absent account='111122223333'\n"
             "launch-permission image=absent group='all' account=absent\n");
}
