// The CloudFormation adapter (adapt/cfn.h) and, through it, the intrinsics evaluator
// and the deploy-region binding (eval/cfn.h), on small YAML templates.
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "linter/adapt/cfn.h"
#include "linter/eval/cfn.h"
#include "linter/load/loaders.h"

using namespace amilint;

namespace {

struct Adapted {
  std::string text;
  Document doc;
  Model model;

  std::string source(Range r) const { return text.substr(r.begin, r.end - r.begin); }
};

// The text, its Document and its Model, kept together.
std::unique_ptr<Adapted> adapt(const std::string& text, std::vector<std::string> regions = {}) {
  auto a = std::make_unique<Adapted>();
  a->text = text;
  a->doc = load_yaml(a->text, "template.yaml");
  REQUIRE(a->doc.errors.empty());
  REQUIRE(a->doc.root);
  LintOptions o;
  o.regions = std::move(regions);
  a->model = adapt_cfn(*a->doc.root, o);
  return a;
}

// The range of the n-th occurrence of needle.
Range at(const std::string& text, const std::string& needle, int n = 0) {
  size_t p = text.find(needle);
  while (n-- > 0 && p != std::string::npos) p = text.find(needle, p + 1);
  REQUIRE(p != std::string::npos);
  return Range{static_cast<uint32_t>(p), static_cast<uint32_t>(p + needle.size()), 0};
}

const AmiUse& use_of(const Model& m, const std::string& resource, int nth = 0) {
  for (const auto& u : m.uses)
    if (u.resource == resource && nth-- == 0) return u;
  FAIL("no AMI use of " << resource);
  throw;
}

const char* const kSources = R"(AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  AmiParam:
    Type: AWS::EC2::Image::Id
    Default: ami-0123456789abcdef0
  SsmAmi:
    Type: AWS::SSM::Parameter::Value<AWS::EC2::Image::Id>
    Default: /aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64
  PrivateSsm:
    Type: AWS::SSM::Parameter::Value<AWS::EC2::Image::Id>
  NoDefault:
    Type: String
  AmiList:
    Type: CommaDelimitedList
    Default: "ami-11111111, ami-22222222"
  Env:
    Type: String
    AllowedValues: [prod, dev]
  Unused:
    Type: String
    Default: ami-99999999
Conditions:
  IsProd: !Equals [!Ref Env, prod]
Mappings:
  RegionAmis:
    us-east-1:
      HVM64: ami-aaaaaaaa
    eu-west-1:
      HVM64: ami-bbbbbbbb
  EnvAmis:
    prod:
      Ami: ami-cccccccc
    dev:
      Ami: ami-dddddddd
Resources:
  Literal:
    Type: AWS::EC2::Instance
    Properties:
      ImageId: ami-12345678
  FromParam:
    Type: AWS::EC2::Instance
    Properties:
      ImageId: !Ref AmiParam
  FromSsm:
    Type: AWS::EC2::Instance
    Properties:
      ImageId: !Ref SsmAmi
  FromPrivateSsm:
    Type: AWS::EC2::Instance
    Properties:
      ImageId: !Ref PrivateSsm
  Resolve:
    Type: AWS::EC2::Instance
    Properties:
      ImageId: '{{resolve:ssm:/my/ami}}'
  NoDef:
    Type: AWS::EC2::Instance
    Properties:
      ImageId: !Ref NoDefault
  ByRegion:
    Type: AWS::EC2::Instance
    Properties:
      ImageId: !FindInMap [RegionAmis, !Ref "AWS::Region", HVM64]
  FixedKey:
    Type: AWS::EC2::Instance
    Properties:
      ImageId: !FindInMap [RegionAmis, us-east-1, HVM64]
  EnvMap:
    Type: AWS::EC2::Instance
    Properties:
      ImageId: !FindInMap [EnvAmis, !Ref Env, Ami]
  Sel:
    Type: AWS::EC2::Instance
    Properties:
      ImageId: !Select [1, !Ref AmiList]
  SelLiteral:
    Type: AWS::EC2::Instance
    Properties:
      ImageId: !Select [0, [ami-0000aaaa, !Ref AmiParam]]
  SubParam:
    Type: AWS::EC2::Instance
    Properties:
      ImageId: !Sub "${AmiParam}"
  LT:
    Type: AWS::EC2::LaunchTemplate
    Properties:
      LaunchTemplateData:
        ImageId: resolve:ssm:/aws/service/x
  Param:
    Type: AWS::SSM::Parameter
    Properties:
      DataType: aws:ec2:image
      Value: !If [IsProd, ami-aaaa1111, !Ref AmiParam]
)";

}  // namespace

TEST_CASE("cfn adapter: AMI uses with their slot, path and sources by kind", "[adapt][cfn]") {
  auto a = adapt(kSources);
  const std::string& t = a->text;
  const Model& m = a->model;
  REQUIRE(m.uses.size() == 14);

  SECTION("a literal") {
    const AmiUse& u = use_of(m, "Literal");
    CHECK(u.resource_type == "AWS::EC2::Instance");
    CHECK(u.slot_name == "AWS::EC2::Instance ImageId");
    CHECK(u.path == "Resources/Literal/Properties/ImageId");
    CHECK(u.range == at(t, "ami-12345678"));
    CHECK(u.accepts == 0);
    CHECK(u.regions_from_deploy);
    REQUIRE(u.sources.size() == 1);
    const AmiSource& s = u.sources[0];
    CHECK(s.kind == SourceKind::Literal);
    CHECK(s.value.known());
    CHECK(s.value.value == "ami-12345678");
    CHECK(s.value.range == at(t, "ami-12345678"));
    CHECK(s.value.path == u.path);
    CHECK(s.range == u.range);
    CHECK(s.path == u.path);
    CHECK_FALSE(s.from_default);
    CHECK_FALSE(s.from_mapping);
  }
  SECTION("a parameter's default") {
    const AmiUse& u = use_of(m, "FromParam");
    CHECK(u.range == at(t, "!Ref AmiParam"));
    REQUIRE(u.sources.size() == 1);
    const AmiSource& s = u.sources[0];
    CHECK(s.kind == SourceKind::Parameter);
    CHECK(s.param == "AmiParam");
    CHECK(s.from_default);
    CHECK(s.value.value == "ami-0123456789abcdef0");
    CHECK(s.value.range == at(t, "ami-0123456789abcdef0"));
    CHECK(s.value.path == "Parameters/AmiParam/Default");
    CHECK(s.range == at(t, "!Ref AmiParam"));
    CHECK(s.reason.empty());
  }
  SECTION("a parameter without default") {
    const AmiSource& s = use_of(m, "NoDef").sources.at(0);
    CHECK(s.kind == SourceKind::Parameter);
    CHECK(s.param == "NoDefault");
    CHECK_FALSE(s.from_default);
    CHECK(s.value.absent());
    CHECK(s.value.path == "Parameters/NoDefault/Default");
    CHECK(s.reason == "parameter 'NoDefault' has no default");
  }
  SECTION("SSM-typed parameters") {
    const AmiSource& s = use_of(m, "FromSsm").sources.at(0);
    CHECK(s.kind == SourceKind::Ssm);
    CHECK(s.param == "SsmAmi");
    CHECK(s.ssm_public);
    CHECK(s.from_default);
    CHECK(s.value.value == "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64");
    const AmiSource& p = use_of(m, "FromPrivateSsm").sources.at(0);
    CHECK(p.kind == SourceKind::Ssm);
    CHECK(p.param == "PrivateSsm");
    CHECK_FALSE(p.ssm_public);
    CHECK(p.value.absent());
  }
  SECTION("dynamic references") {
    const AmiSource& s = use_of(m, "Resolve").sources.at(0);
    CHECK(s.kind == SourceKind::Ssm);
    CHECK(s.value.value == "/my/ami");  // the parameter path
    CHECK(s.value.range == at(t, "'{{resolve:ssm:/my/ami}}'"));
    CHECK_FALSE(s.ssm_public);
    CHECK(s.param.empty());
    // `resolve:ssm:` where the slot takes it (launch templates).
    const AmiUse& lt = use_of(m, "LT");
    CHECK(lt.path == "Resources/LT/Properties/LaunchTemplateData/ImageId");
    CHECK(lt.slot_name == "AWS::EC2::LaunchTemplate ImageId");
    CHECK(lt.accepts == kAcceptsResolveSsm);
    REQUIRE(lt.sources.size() == 1);
    CHECK(lt.sources[0].kind == SourceKind::Ssm);
    CHECK(lt.sources[0].value.value == "/aws/service/x");
    CHECK(lt.sources[0].ssm_public);
  }
  SECTION("a region map read with AWS::Region") {
    const AmiUse& u = use_of(m, "ByRegion");
    REQUIRE(u.sources.size() == 1);
    const AmiSource& s = u.sources[0];
    CHECK(s.kind == SourceKind::RegionMap);
    CHECK(s.region_map == 0);
    REQUIRE(m.region_maps.size() == 1);
    CHECK(m.region_maps[0].name == "RegionAmis");
    CHECK(s.map_keys_known);
    CHECK(s.map_keys == std::vector<std::string>{"HVM64"});
    CHECK_FALSE(s.map_has_default);
    CHECK(s.range == at(t, "!FindInMap [RegionAmis, !Ref \"AWS::Region\", HVM64]"));
    CHECK(s.value.absent());
  }
  SECTION("Fn::FindInMap with fixed keys: the cell, from a mapping") {
    const AmiUse& u = use_of(m, "FixedKey");
    REQUIRE(u.sources.size() == 1);
    const AmiSource& s = u.sources[0];
    CHECK(s.kind == SourceKind::Literal);
    CHECK(s.from_mapping);
    CHECK(s.value.value == "ami-aaaaaaaa");
    CHECK(s.value.range == at(t, "ami-aaaaaaaa"));  // the cell
    CHECK(s.range == at(t, "!FindInMap [RegionAmis, us-east-1, HVM64]"));  // the lookup
    CHECK(s.mapping_region_map == 0);
    CHECK(s.mapping_region == "us-east-1");
    // A mapping that is not a region map: one source per possible key.
    const AmiUse& e = use_of(m, "EnvMap");
    REQUIRE(e.sources.size() == 2);
    CHECK(e.sources[0].kind == SourceKind::Literal);
    CHECK(e.sources[0].value.value == "ami-cccccccc");
    CHECK(e.sources[1].value.value == "ami-dddddddd");
    for (const auto& x : e.sources) {
      CHECK(x.from_mapping);
      CHECK(x.mapping_region_map == -1);
      CHECK(x.mapping_region.empty());
    }
  }
  SECTION("Fn::If: both branches") {
    // In an AMI slot, each branch is a use of the slot; in a value that is passed
    // whole (an SSM parameter's Value), one use with two sources.
    const AmiUse& u = use_of(m, "Param");
    CHECK(u.slot_name == "AWS::SSM::Parameter Value");
    CHECK(u.path == "Resources/Param/Properties/Value");
    CHECK(u.range == at(t, "!If [IsProd, ami-aaaa1111, !Ref AmiParam]"));
    REQUIRE(u.sources.size() == 2);
    CHECK(u.sources[0].kind == SourceKind::Literal);
    CHECK(u.sources[0].value.value == "ami-aaaa1111");
    CHECK(u.sources[0].range == at(t, "ami-aaaa1111"));
    CHECK(u.sources[1].kind == SourceKind::Parameter);
    CHECK(u.sources[1].param == "AmiParam");
    CHECK(u.sources[1].range == at(t, "!Ref AmiParam", 2));
  }
  SECTION("Fn::Select") {
    const AmiSource& s = use_of(m, "Sel").sources.at(0);
    CHECK(s.kind == SourceKind::Parameter);
    CHECK(s.param == "AmiList");
    CHECK(s.from_default);
    CHECK(s.value.value == "ami-22222222");
    CHECK(s.value.range == at(t, "ami-22222222"));  // the element in the default
    CHECK(s.reason.empty());
    const AmiUse& lit = use_of(m, "SelLiteral");
    REQUIRE(lit.sources.size() == 1);
    CHECK(lit.sources[0].kind == SourceKind::Literal);
    CHECK(lit.sources[0].value.value == "ami-0000aaaa");
  }
  SECTION("Fn::Sub of a parameter") {
    const AmiSource& s = use_of(m, "SubParam").sources.at(0);
    CHECK(s.kind == SourceKind::Parameter);
    CHECK(s.param == "AmiParam");
    CHECK(s.from_default);
    CHECK(s.value.value == "ami-0123456789abcdef0");
    CHECK(s.range == at(t, "!Sub \"${AmiParam}\""));
  }
  SECTION("parameters that feed AMI slots") {
    std::vector<std::pair<std::string, bool>> feeds;
    for (const auto& p : m.parameters) feeds.emplace_back(p.name, p.feeds_ami_slot);
    CHECK(feeds == std::vector<std::pair<std::string, bool>>{{"AmiParam", true},
                                                             {"SsmAmi", true},
                                                             {"PrivateSsm", true},
                                                             {"NoDefault", true},
                                                             {"AmiList", true},
                                                             {"Env", false},  // a map key only
                                                             {"Unused", false}});
    const Parameter* env = m.parameter("Env");
    REQUIRE(env);
    CHECK(env->allowed_values == std::vector<std::string>{"prod", "dev"});
    CHECK(env->path == "Parameters/Env");
    Range key = at(t, "  Env:\n");
    CHECK(env->name_at.range == Range{key.begin + 2, key.begin + 5, 0});
    CHECK(env->name_at.path == "Parameters/Env");
    CHECK(env->default_value.absent());
  }
}

TEST_CASE("cfn adapter: sources that cannot be resolved say why", "[adapt][cfn]") {
  const std::string t = R"(Resources:
  Att:
    Type: AWS::EC2::Instance
    Properties:
      ImageId: !GetAtt Builder.ImageId
  Import:
    Type: AWS::EC2::Instance
    Properties:
      ImageId: !ImportValue shared-ami
  Pseudo:
    Type: AWS::EC2::Instance
    Properties:
      ImageId: !Ref AWS::StackName
  OfResource:
    Type: AWS::EC2::Instance
    Properties:
      ImageId: !Ref Att
  NotAParam:
    Type: AWS::EC2::Instance
    Properties:
      ImageId: !Ref Nowhere
  Built:
    Type: AWS::EC2::Instance
    Properties:
      ImageId: !Sub "ami-${AWS::AccountId}"
  Joined:
    Type: AWS::EC2::Instance
    Properties:
      ImageId: !Join ["", [ami-, "1234"]]
  NoMap:
    Type: AWS::EC2::Instance
    Properties:
      ImageId: !FindInMap [Missing, !Ref "AWS::Region", Ami]
  Keys:
    Type: AWS::EC2::Instance
    Properties:
      ImageId: !FindInMap [Other, !Ref Nowhere, Ami]
  SelComputed:
    Type: AWS::EC2::Instance
    Properties:
      ImageId: !Select [0, !GetAZs ""]
  Dynamic:
    Type: AWS::EC2::Instance
    Properties:
      ImageId: "{{resolve:secretsmanager:ami}}"
  List:
    Type: AWS::EC2::Instance
    Properties:
      ImageId: [ami-12345678]
  NoValue:
    Type: AWS::EC2::Instance
    Properties:
      ImageId: !Ref AWS::NoValue
  Null:
    Type: AWS::EC2::Instance
    Properties:
      ImageId:
)";
  auto a = adapt(t);
  const Model& m = a->model;
  auto reason = [&](const std::string& resource) {
    const AmiUse& u = use_of(m, resource);
    REQUIRE(u.sources.size() == 1);
    CHECK(u.sources[0].kind == SourceKind::Unresolved);
    CHECK(u.sources[0].path == "Resources/" + resource + "/Properties/ImageId");
    return u.sources[0].reason;
  };
  CHECK(reason("Att") == "an attribute of another resource, known only at deploy time");
  CHECK(reason("Import") == "an export of another stack");
  CHECK(reason("Pseudo") == "pseudo parameter 'AWS::StackName'");
  CHECK(reason("OfResource") == "Ref of resource 'Att', known only at deploy time");
  CHECK(reason("NotAParam") == "'Nowhere' is not a parameter of this template");
  CHECK(reason("Built") == "a string built with Fn::Sub");
  CHECK(reason("Joined") == "Fn::Join is evaluated at deploy time");
  CHECK(reason("NoMap") == "mapping 'Missing' is not defined in this template");
  CHECK(reason("Keys") == "Fn::FindInMap keys are not known");
  CHECK(reason("SelComputed") == "Fn::Select over a computed list");
  CHECK(reason("Dynamic") == "a dynamic reference resolved at deploy time");
  CHECK(reason("List") == "not a single value");
  CHECK(use_of(m, "Att").sources[0].range == at(t, "!GetAtt Builder.ImageId"));
  // AWS::NoValue and null: no value, no use.
  for (const auto& u : m.uses) {
    CHECK(u.resource != "NoValue");
    CHECK(u.resource != "Null");
  }
  CHECK(m.uses.size() == 12);
  CHECK(m.literals.empty());
}

TEST_CASE("cfn adapter: slots in lists get their index in the path", "[adapt][cfn]") {
  const std::string t = R"(Resources:
  Asg:
    Type: AWS::AutoScaling::AutoScalingGroup
    Properties:
      MixedInstancesPolicy:
        LaunchTemplate:
          Overrides:
            - InstanceType: t3.micro
            - ImageId: ami-87654321
  Emr:
    Type: AWS::EMR::Cluster
    Properties:
      Instances:
        TaskInstanceFleets:
          - InstanceTypeConfigs:
              - CustomAmiId: ami-0000aaaa
              - CustomAmiId: ami-0000bbbb
  Recipe:
    Type: AWS::ImageBuilder::ImageRecipe
    Properties:
      ParentImage: !Sub arn:${AWS::Partition}:imagebuilder:${AWS::Region}:aws:image/amazon-linux-2023-x86/x.x.x
)";
  auto a = adapt(t);
  const Model& m = a->model;
  REQUIRE(m.uses.size() == 4);
  CHECK(m.uses[0].path == "Resources/Asg/Properties/MixedInstancesPolicy/LaunchTemplate/Overrides/1/ImageId");
  CHECK(m.uses[0].slot_name == "AWS::AutoScaling::AutoScalingGroup ImageId");
  CHECK(m.uses[1].path == "Resources/Emr/Properties/Instances/TaskInstanceFleets/0/InstanceTypeConfigs/0/CustomAmiId");
  CHECK(m.uses[2].path == "Resources/Emr/Properties/Instances/TaskInstanceFleets/0/InstanceTypeConfigs/1/CustomAmiId");
  CHECK(m.uses[2].slot_name == "AWS::EMR::Cluster CustomAmiId");
  CHECK(m.uses[2].sources.at(0).value.value == "ami-0000bbbb");
  CHECK(m.uses[3].slot_name == "AWS::ImageBuilder::ImageRecipe ParentImage");
  CHECK(m.uses[3].accepts == kAcceptsImageBuilder);
  REQUIRE(m.uses[3].sources.size() == 1);
  CHECK(m.uses[3].sources[0].kind == SourceKind::Managed);
}

TEST_CASE("cfn adapter: an Fn::If in a slot is one use per branch, at the slot's path", "[adapt][cfn]") {
  const std::string t = R"(Conditions:
  C: !Equals [a, b]
Resources:
  Web:
    Type: AWS::EC2::Instance
    Properties:
      ImageId: !If [C, ami-11112222, !Ref AWS::NoValue]
  Two:
    Type: AWS::EC2::Instance
    Properties:
      ImageId: !If [C, ami-33334444, ami-55556666]
)";
  auto a = adapt(t);
  const Model& m = a->model;
  REQUIRE(m.uses.size() == 3);  // AWS::NoValue is no use
  CHECK(m.uses[0].resource == "Web");
  CHECK(m.uses[0].range == at(t, "ami-11112222"));
  CHECK(m.uses[1].resource == "Two");
  CHECK(m.uses[1].path == "Resources/Two/Properties/ImageId");
  CHECK(m.uses[1].sources.at(0).value.value == "ami-33334444");
  CHECK(m.uses[2].path == "Resources/Two/Properties/ImageId");
  CHECK(m.uses[2].sources.at(0).value.value == "ami-55556666");
}

// ---- typed values ----

const char* const kTyped = R"(Parameters:
  Enc:
    Type: String
Resources:
  Dist:
    Type: AWS::ImageBuilder::DistributionConfiguration
    Properties:
      Name: d
      Distributions:
        - Region: !Ref AWS::Region
          AmiDistributionConfiguration:
            KmsKeyId: !Sub arn:${AWS::Partition}:kms:${AWS::Region}:123456789012:key/abc
        - Region: eu-west-1
          AmiDistributionConfiguration:
            KmsKeyId: arn:aws:kms:eu-west-1:123456789012:key/def
            LaunchPermissionConfiguration:
              UserIds: ["111122223333"]
              UserGroups: [all]
        - Region: us-west-2
          ContainerDistributionConfiguration: {}
  Dlm:
    Type: AWS::DLM::LifecyclePolicy
    Properties:
      PolicyDetails:
        PolicyType: IMAGE_MANAGEMENT
        Schedules:
          - Name: daily
            CrossRegionCopyRules:
              - TargetRegion: us-west-2
                Encrypted: False
              - TargetRegion: !Ref AWS::Region
                Encrypted: !Ref Enc
                CmkArn: !Sub arn:aws:kms:${AWS::Region}:123456789012:key/x
              - TargetRegion: eu-central-1
                Encrypted: "yes"
            ShareRules:
              - TargetAccounts: ["444455556666"]
)";

TEST_CASE("cfn adapter: typed values are known, unknown with a reason, or absent, at their path", "[adapt][cfn]") {
  auto a = adapt(kTyped);
  const std::string& t = a->text;
  const Model& m = a->model;
  REQUIRE(m.lifecycle_policies.size() == 1);
  const LifecyclePolicy& lp = m.lifecycle_policies[0];
  CHECK(lp.resource == "Dlm");
  CHECK(lp.image_policy);
  CHECK(lp.policy_type.is("IMAGE_MANAGEMENT"));
  CHECK(lp.policy_type.path == "Resources/Dlm/Properties/PolicyDetails/PolicyType");
  CHECK(lp.anchor.path == "Resources/Dlm/Properties/PolicyDetails");
  CHECK(lp.anchor.range == at(t, "CrossRegionCopyRules"));  // one schedule: its rule list

  // Not written: absent, with the path where it would be.
  CHECK(lp.no_reboot.absent());
  CHECK_FALSE(lp.no_reboot.is_true());
  CHECK_FALSE(lp.no_reboot.is_false());
  CHECK(lp.no_reboot.path == "Resources/Dlm/Properties/PolicyDetails/Parameters/NoReboot");

  REQUIRE(lp.copy_rules.size() == 3);
  const CopyRule& r0 = lp.copy_rules[0];
  CHECK(r0.path == "Resources/Dlm/Properties/PolicyDetails/Schedules/0/CrossRegionCopyRules/0");
  CHECK(r0.target_region.is("us-west-2"));
  CHECK(r0.target_region.path == r0.path + "/TargetRegion");
  CHECK(r0.encrypted.known());
  CHECK(r0.encrypted.is_false());
  CHECK(r0.encrypted.text == "False");  // as written
  CHECK(r0.encrypted.path == "Resources/Dlm/Properties/PolicyDetails/Schedules/0/CrossRegionCopyRules/0/Encrypted");
  CHECK(r0.encrypted.range == at(t, "False"));
  CHECK(r0.cmk_arn.absent());
  CHECK(r0.cmk_arn.path == r0.path + "/CmkArn");

  const CopyRule& r1 = lp.copy_rules[1];
  CHECK(r1.encrypted.unknown());
  CHECK(r1.encrypted.reason == "not a single value");
  CHECK(r1.encrypted.range == at(t, "!Ref Enc"));
  CHECK(r1.target_region.unknown());  // AWS::Region, and no deploy region
  CHECK(r1.target_region.reason == "AWS::Region");
  CHECK(r1.target_region_expr.is_region);
  CHECK(r1.cmk_arn.unknown());
  CHECK(r1.cmk_arn_expr.arn_template == "arn:aws:kms:${AWS::Region}:123456789012:key/x");

  // A scalar that is not a boolean: unknown, with the text kept.
  const CopyRule& r2 = lp.copy_rules[2];
  CHECK(r2.encrypted.unknown());
  CHECK(r2.encrypted.text == "yes");
  CHECK(r2.encrypted.reason == "'yes' is not a boolean");

  REQUIRE(lp.share_accounts.size() == 1);
  CHECK(lp.share_accounts[0].is("444455556666"));

  REQUIRE(m.distributions.size() == 1);
  const DistributionConfig& dc = m.distributions[0];
  CHECK(dc.resource == "Dist");
  CHECK(dc.anchor.path == "Resources/Dist/Properties/Distributions");
  CHECK(dc.anchor.range == at(t, "Distributions"));
  REQUIRE(dc.distributions.size() == 3);
  const Distribution& d0 = dc.distributions[0];
  CHECK(d0.path == "Resources/Dist/Properties/Distributions/0");
  CHECK(d0.region.unknown());
  CHECK(d0.region.reason == "AWS::Region");
  CHECK(d0.region.range == at(t, "!Ref AWS::Region"));
  CHECK(d0.region_expr.is_region);
  CHECK(d0.has_ami_config);
  CHECK(d0.kms_key.unknown());
  CHECK(d0.kms_key.path == "Resources/Dist/Properties/Distributions/0/AmiDistributionConfiguration/KmsKeyId");
  const Distribution& d1 = dc.distributions[1];
  CHECK(d1.region.is("eu-west-1"));
  CHECK(d1.kms_key.is("arn:aws:kms:eu-west-1:123456789012:key/def"));
  CHECK_FALSE(d1.kms_key_expr.any());
  REQUIRE(d1.accounts.size() == 1);
  CHECK(d1.accounts[0].is("111122223333"));
  REQUIRE(d1.user_groups.size() == 1);
  CHECK(d1.user_groups[0].is("all"));
  CHECK(d1.user_groups[0].path ==
        "Resources/Dist/Properties/Distributions/1/AmiDistributionConfiguration/LaunchPermissionConfiguration/UserGroups");
  const Distribution& d2 = dc.distributions[2];
  CHECK(d2.container_only);
  CHECK_FALSE(d2.has_ami_config);
  CHECK(d2.kms_key.absent());

  // Region mentions: the literal regions only (AWS::Region is not bound).
  std::vector<std::string> mentions;
  for (const auto& r : m.region_mentions) {
    mentions.push_back(r.region.value + " " + r.what + " " + r.region.path);
    CHECK_FALSE(r.bound);
  }
  CHECK(mentions ==
        std::vector<std::string>{
            "eu-west-1 Image Builder distribution region Resources/Dist/Properties/Distributions/1/Region",
            "us-west-2 Image Builder distribution region Resources/Dist/Properties/Distributions/2/Region",
            "us-west-2 DLM TargetRegion Resources/Dlm/Properties/PolicyDetails/Schedules/0/CrossRegionCopyRules/0/TargetRegion",
            "eu-central-1 DLM TargetRegion "
            "Resources/Dlm/Properties/PolicyDetails/Schedules/0/CrossRegionCopyRules/2/TargetRegion"});
}

TEST_CASE("cfn adapter: NoReboot written, computed, or not a boolean", "[adapt][cfn]") {
  const std::string t = R"(Conditions:
  C: !Equals [a, b]
Resources:
  Written:
    Type: AWS::DLM::LifecyclePolicy
    Properties:
      PolicyDetails:
        PolicyType: IMAGE_MANAGEMENT
        Parameters:
          NoReboot: true
  Computed:
    Type: AWS::DLM::LifecyclePolicy
    Properties:
      PolicyDetails:
        PolicyType: EBS_SNAPSHOT_MANAGEMENT
        Parameters: !If [C, {NoReboot: false}, {NoReboot: true}]
)";
  auto a = adapt(t);
  const Model& m = a->model;
  REQUIRE(m.lifecycle_policies.size() == 2);
  const Bool& w = m.lifecycle_policies[0].no_reboot;
  CHECK(w.is_true());
  CHECK(w.text == "true");
  CHECK(w.path == "Resources/Written/Properties/PolicyDetails/Parameters/NoReboot");
  CHECK(w.range == at(t, "true"));
  const LifecyclePolicy& c = m.lifecycle_policies[1];
  CHECK_FALSE(c.image_policy);
  CHECK(c.no_reboot.unknown());  // computed: unknown, not absent
  CHECK(c.no_reboot.range == at(t, "!If [C, {NoReboot: false}, {NoReboot: true}]"));
}

// ---- deploy regions ----

TEST_CASE("cfn adapter: with one deploy region, AWS::Region is known", "[adapt][cfn][regions]") {
  auto a = adapt(kTyped, {"us-east-1"});
  const std::string& t = a->text;
  const Model& m = a->model;
  CHECK(m.deploy_regions == std::vector<std::string>{"us-east-1"});
  const Distribution& d0 = m.distributions.at(0).distributions.at(0);
  CHECK(d0.region.is("us-east-1"));
  CHECK(d0.region.range == at(t, "!Ref AWS::Region"));
  CHECK(d0.region.path == "Resources/Dist/Properties/Distributions/0/Region");
  CHECK(d0.kms_key.is("arn:aws:kms:us-east-1:123456789012:key/abc"));  // partition bound too
  const CopyRule& r1 = m.lifecycle_policies.at(0).copy_rules.at(1);
  CHECK(r1.target_region.is("us-east-1"));
  CHECK(r1.cmk_arn.is("arn:aws:kms:us-east-1:123456789012:key/x"));

  // The bound region is a region mention, where AWS::Region is written.
  std::vector<const RegionMention*> bound;
  for (const auto& r : m.region_mentions)
    if (r.bound) bound.push_back(&r);
  REQUIRE(bound.size() == 2);
  CHECK(bound[0]->region.value == "us-east-1");
  CHECK(bound[0]->what == "Image Builder distribution region");
  CHECK(bound[0]->region.range == at(t, "!Ref AWS::Region"));
  CHECK(bound[1]->what == "DLM TargetRegion");
  CHECK(bound[1]->region.range == at(t, "!Ref AWS::Region", 1));
  CHECK(m.region_mentions.size() == 6);

  SECTION("another partition") {
    auto cn = adapt(kTyped, {"cn-north-1"});
    CHECK(cn->model.distributions[0].distributions[0].kms_key.is("arn:aws-cn:kms:cn-north-1:123456789012:key/abc"));
  }
}

TEST_CASE("cfn adapter: with two deploy regions, AWS::Region is unknown", "[adapt][cfn][regions]") {
  auto a = adapt(kTyped, {"us-east-1", "eu-west-1"});
  const Model& m = a->model;
  const Distribution& d0 = m.distributions.at(0).distributions.at(0);
  CHECK(d0.region.unknown());
  CHECK(d0.region.value.empty());
  CHECK(d0.kms_key.unknown());
  const CopyRule& r1 = m.lifecycle_policies.at(0).copy_rules.at(1);
  CHECK(r1.target_region.unknown());
  CHECK(r1.cmk_arn.unknown());
  for (const auto& r : m.region_mentions) CHECK_FALSE(r.bound);
  CHECK(m.region_mentions.size() == 4);
}

TEST_CASE("cfn adapter: re-binding a Model gives what adapting with those regions gives", "[adapt][cfn][regions]") {
  auto fresh = adapt(kSources, {"us-east-1"});
  auto typed = adapt(kTyped, {"us-east-1"});
  auto summary = [](const Model& m) {
    std::vector<std::string> out;
    for (const auto& dc : m.distributions)
      for (const auto& d : dc.distributions)
        out.push_back(d.path + " " + std::to_string(int(d.region.state)) + ":" + d.region.value + " " +
                      std::to_string(int(d.kms_key.state)) + ":" + d.kms_key.value);
    for (const auto& lp : m.lifecycle_policies)
      for (const auto& r : lp.copy_rules)
        out.push_back(r.path + " " + std::to_string(int(r.target_region.state)) + ":" + r.target_region.value + " " +
                      std::to_string(int(r.cmk_arn.state)) + ":" + r.cmk_arn.value);
    for (const auto& r : m.region_mentions)
      out.push_back(r.region.value + " " + r.what + " " + r.region.path + (r.bound ? " bound" : ""));
    for (const auto& u : m.uses) {
      std::string regions;
      for (const auto& x : u.regions) regions += x + ",";
      out.push_back(u.path + " " + regions + (u.region_known ? " known" : ""));
    }
    return out;
  };
  for (const char* text : {static_cast<const char*>(kTyped), kSources}) {
    auto none = adapt(text);
    auto one = adapt(text, {"us-east-1"});
    auto two = adapt(text, {"us-east-1", "eu-west-1"});
    Model m = none->model;
    m.deploy_regions = {"us-east-1"};
    bind_deploy_regions(m);
    CHECK(summary(m) == summary(one->model));
    bind_deploy_regions(m);  // again: no mention twice
    CHECK(summary(m) == summary(one->model));
    m.deploy_regions = {"us-east-1", "eu-west-1"};
    bind_deploy_regions(m);
    CHECK(summary(m) == summary(two->model));
    m.deploy_regions = {};
    bind_deploy_regions(m);
    CHECK(summary(m) == summary(none->model));
    m.deploy_regions = {"us-east-1"};
    bind_deploy_regions(m);
    CHECK(summary(m) == summary(one->model));
  }
  // Uses launch in the deploy regions.
  const AmiUse& u = use_of(fresh->model, "Literal");
  CHECK(u.regions == std::vector<std::string>{"us-east-1"});
  CHECK(u.region_known);
  CHECK(typed->model.region_mentions.size() == 6);
}

// ---- region maps ----

TEST_CASE("cfn adapter: region maps, regions first-level and second-level", "[adapt][cfn][maps]") {
  const std::string t = R"(Parameters:
  Arch:
    Type: String
    Default: x86
Mappings:
  ByRegion:
    us-east-1:
      HVM64: ami-aaaaaaaa
      Name: web
    eu-west-1:
      HVM64: ami-bbbbbbbb
  ByArch:
    x86:
      us-east-1: ami-11111111
      us-west-2: ami-22222222
    arm:
      us-east-1: ami-33333333
Resources:
  A:
    Type: AWS::EC2::Instance
    Properties:
      ImageId: !FindInMap [ByRegion, !Ref "AWS::Region", HVM64]
  B:
    Type: AWS::EC2::Instance
    Properties:
      ImageId: !FindInMap [ByArch, !Ref Arch, !Sub "${AWS::Region}"]
)";
  auto a = adapt(t);
  const Model& m = a->model;
  REQUIRE(m.region_maps.size() == 2);

  const RegionMap& first = m.region_maps[0];
  CHECK(first.name == "ByRegion");
  CHECK(first.path == "Mappings/ByRegion");
  CHECK(first.name_at.range == at(t, "ByRegion"));
  CHECK(first.used_with_region);
  CHECK(first.regions_top);
  REQUIRE(first.rows.size() == 2);
  CHECK(first.rows[0].region == "us-east-1");
  CHECK(first.rows[0].path == "Mappings/ByRegion/us-east-1");
  CHECK(first.rows[0].range == at(t, "us-east-1"));
  REQUIRE(first.rows[0].values.size() == 2);
  CHECK(first.rows[0].values[0].first == "HVM64");
  CHECK(first.rows[0].values[0].second.is("ami-aaaaaaaa"));
  CHECK(first.rows[0].values[0].second.path == "Mappings/ByRegion/us-east-1/HVM64");
  CHECK(first.rows[0].values[0].second.range == at(t, "ami-aaaaaaaa"));
  REQUIRE(first.rows[0].find("Name"));
  CHECK(first.rows[0].find("Name")->is("web"));
  CHECK(first.rows[0].find("Nope") == nullptr);
  REQUIRE(first.row("eu-west-1"));
  CHECK(first.row("eu-west-1")->find("HVM64")->is("ami-bbbbbbbb"));
  CHECK(first.row("us-west-2") == nullptr);
  CHECK(first.key_ranges.empty());

  const RegionMap& second = m.region_maps[1];
  CHECK(second.name == "ByArch");
  CHECK(second.used_with_region);
  CHECK_FALSE(second.regions_top);
  REQUIRE(second.rows.size() == 2);  // one per region, gathered from every first-level key
  CHECK(second.rows[0].region == "us-east-1");
  CHECK(second.rows[0].path == "Mappings/ByArch/us-east-1");
  CHECK(second.rows[0].range == at(t, "us-east-1", 1));  // its first occurrence
  REQUIRE(second.rows[0].values.size() == 2);
  CHECK(second.rows[0].values[0].first == "x86");
  CHECK(second.rows[0].values[0].second.is("ami-11111111"));
  CHECK(second.rows[0].values[0].second.path == "Mappings/ByArch/x86/us-east-1");
  CHECK(second.rows[0].values[1].first == "arm");
  CHECK(second.rows[0].values[1].second.path == "Mappings/ByArch/arm/us-east-1");
  CHECK(second.rows[1].region == "us-west-2");
  REQUIRE(second.rows[1].values.size() == 1);
  CHECK(second.rows[1].values[0].second.is("ami-22222222"));
  REQUIRE(second.key_ranges.size() == 2);
  Range x86 = at(t, "x86:");
  CHECK(second.key_ranges.at("x86").range == Range{x86.begin, x86.begin + 3, 0});
  CHECK(second.key_ranges.at("x86").path == "Mappings/ByArch/x86");
  CHECK(second.key_ranges.at("arm").path == "Mappings/ByArch/arm");

  // The use reads the second map with the parameter's possible keys.
  const AmiSource& b = use_of(m, "B").sources.at(0);
  CHECK(b.kind == SourceKind::RegionMap);
  CHECK(b.region_map == 1);
  CHECK(b.map_keys == std::vector<std::string>{"x86"});

  // Region mentions: every key that names a region, where it is written.
  std::vector<std::string> mentions;
  for (const auto& r : m.region_mentions) {
    CHECK(r.what == "region map key");
    CHECK(a->source(r.region.range) == r.region.value);
    mentions.push_back(r.region.value + " " + r.region.path);
  }
  CHECK(mentions == std::vector<std::string>{"us-east-1 Mappings/ByRegion/us-east-1",
                                             "eu-west-1 Mappings/ByRegion/eu-west-1",
                                             "us-east-1 Mappings/ByArch/x86/us-east-1",
                                             "us-east-1 Mappings/ByArch/arm/us-east-1",
                                             "us-west-2 Mappings/ByArch/x86/us-west-2"});

  // Their AMI-looking cells are literals of region maps.
  std::vector<std::string> literals;
  for (const auto& l : m.literals) {
    CHECK(l.context == LiteralContext::RegionMap);
    literals.push_back(l.value.value + " " + l.value.path);
  }
  CHECK(literals == std::vector<std::string>{"ami-aaaaaaaa Mappings/ByRegion/us-east-1/HVM64",
                                             "ami-bbbbbbbb Mappings/ByRegion/eu-west-1/HVM64",
                                             "ami-11111111 Mappings/ByArch/x86/us-east-1",
                                             "ami-33333333 Mappings/ByArch/arm/us-east-1",
                                             "ami-22222222 Mappings/ByArch/x86/us-west-2"});
}

TEST_CASE("cfn adapter: mappings not read with AWS::Region", "[adapt][cfn][maps]") {
  const std::string t = R"(Mappings:
  Shaped:
    us-east-1: {Ami: ami-44444444}
    eu-west-1: {Ami: ami-55555555}
    us-east-l: {Ami: ami-66666666}
    AMI: {Name: foo}
  EnvAmis:
    prod: {Ami: ami-cccccccc, Type: t3.micro}
    dev: {Ami: ami-dddddddd}
    us-east-1: {Ami: ami-eeeeeeee}
Resources:
  Web:
    Type: AWS::EC2::Instance
    Properties:
      ImageId: ami-12345678
)";
  auto a = adapt(t);
  const Model& m = a->model;
  // Keyed mostly by regions: a region map, though no lookup reads it with AWS::Region.
  REQUIRE(m.region_maps.size() == 1);
  const RegionMap& rm = m.region_maps[0];
  CHECK(rm.name == "Shaped");
  CHECK_FALSE(rm.used_with_region);
  CHECK(rm.regions_top);
  REQUIRE(rm.rows.size() == 4);
  CHECK(rm.rows[3].region == "AMI");

  // Mentions: the keys meant as regions (a typo too), not "AMI"; nothing from EnvAmis.
  std::vector<std::string> mentions;
  for (const auto& r : m.region_mentions) mentions.push_back(r.region.value + " " + r.region.path);
  CHECK(mentions == std::vector<std::string>{"us-east-1 Mappings/Shaped/us-east-1",
                                             "eu-west-1 Mappings/Shaped/eu-west-1",
                                             "us-east-l Mappings/Shaped/us-east-l"});

  // EnvAmis (one region key of three) is not a region map: only its AMI-looking cells.
  std::vector<std::string> literals;
  for (const auto& l : m.literals)
    literals.push_back(std::to_string(int(l.context)) + " " + l.value.value + " " + l.value.path);
  CHECK(literals == std::vector<std::string>{
                        std::to_string(int(LiteralContext::RegionMap)) + " ami-44444444 Mappings/Shaped/us-east-1/Ami",
                        std::to_string(int(LiteralContext::RegionMap)) + " ami-55555555 Mappings/Shaped/eu-west-1/Ami",
                        std::to_string(int(LiteralContext::RegionMap)) + " ami-66666666 Mappings/Shaped/us-east-l/Ami",
                        std::to_string(int(LiteralContext::Mapping)) + " ami-cccccccc Mappings/EnvAmis/prod/Ami",
                        std::to_string(int(LiteralContext::Mapping)) + " ami-dddddddd Mappings/EnvAmis/dev/Ami",
                        std::to_string(int(LiteralContext::Mapping)) + " ami-eeeeeeee Mappings/EnvAmis/us-east-1/Ami",
                        std::to_string(int(LiteralContext::Slot)) + " ami-12345678 Resources/Web/Properties/ImageId"});
  for (const auto& l : m.literals)
    if (l.context == LiteralContext::Mapping) CHECK(a->source(l.value.range) == l.value.value);
}

// ---- parameters ----

TEST_CASE("cfn adapter: list parameter defaults are split into elements with their own ranges", "[adapt][cfn]") {
  const std::string t = R"(Parameters:
  Quoted:
    Type: CommaDelimitedList
    Default: "ami-11111111, ami-22222222"
  Plain:
    Type: List<AWS::EC2::Image::Id>
    Default: ami-33333333,ami-44444444
  Escaped:
    Type: CommaDelimitedList
    Default: "ami-55555555,\x20ami-66666666"
  Single:
    Type: AWS::EC2::Image::Id
    Default: ami-77777777
  SsmTyped:
    Type: AWS::SSM::Parameter::Value<AWS::EC2::Image::Id>
    Default: ami-88888888
  Other:
    Type: String
    Default: ami-99999999
Resources:
  A:
    Type: AWS::EC2::Instance
    Properties:
      ImageId: !Select [0, !Ref Quoted]
  B:
    Type: AWS::EC2::Instance
    Properties:
      ImageId: !Select [1, !Ref Escaped]
)";
  auto a = adapt(t);
  const Model& m = a->model;
  CHECK(m.parameter("Quoted")->feeds_ami_slot);
  CHECK_FALSE(m.parameter("Plain")->feeds_ami_slot);  // an AMI type, but no slot reads it
  CHECK(m.parameter("Escaped")->feeds_ami_slot);
  CHECK_FALSE(m.parameter("Other")->feeds_ami_slot);
  CHECK(m.parameter("Other")->type.is("String"));
  CHECK(m.parameter("Other")->type.path == "Parameters/Other/Type");
  CHECK(m.parameter("Missing") == nullptr);

  std::vector<std::string> literals;
  for (const auto& l : m.literals) {
    CHECK(l.context == LiteralContext::ParameterDefault);
    literals.push_back(l.value.value + " " + l.value.path + " '" + a->source(l.value.range) + "'");
  }
  CHECK(literals == std::vector<std::string>{
                        "ami-11111111 Parameters/Quoted/Default/0 'ami-11111111'",
                        "ami-22222222 Parameters/Quoted/Default/1 'ami-22222222'",
                        "ami-33333333 Parameters/Plain/Default/0 'ami-33333333'",
                        "ami-44444444 Parameters/Plain/Default/1 'ami-44444444'",
                        // escapes: the text is not its source, both elements at the scalar
                        "ami-55555555 Parameters/Escaped/Default/0 '\"ami-55555555,\\x20ami-66666666\"'",
                        "ami-66666666 Parameters/Escaped/Default/1 '\"ami-55555555,\\x20ami-66666666\"'",
                        "ami-77777777 Parameters/Single/Default 'ami-77777777'"});

  // split_list itself.
  Str s = Str::make_known("a, b ,c", Range{10, 17, 2}, "p");
  auto parts = split_list(s);
  REQUIRE(parts.size() == 3);
  CHECK(parts[0].value == "a");
  CHECK(parts[0].range == Range{10, 11, 2});
  CHECK(parts[1].value == "b");
  CHECK(parts[1].range == Range{13, 14, 2});
  CHECK(parts[2].value == "c");
  CHECK(parts[2].range == Range{16, 17, 2});
  CHECK(parts[2].path == "p");
  CHECK(is_list_type(Str::make_known("List<AWS::EC2::Image::Id>", {})));
  CHECK(is_list_type(Str::make_known("CommaDelimitedList", {})));
  CHECK_FALSE(is_list_type(Str::make_known("String", {})));
  CHECK_FALSE(is_list_type(Str::make_unknown({})));
}
