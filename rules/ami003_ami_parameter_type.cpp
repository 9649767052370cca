#include "rules/rule.h"

namespace amilint {

namespace {

void check(const Model& m, RuleContext& ctx) {
  for (const auto& p : m.parameters) {
    if (!p.feeds_ami_slot || !p.type.known()) continue;
    if (p.type.value.find("AWS::EC2::Image::Id") != std::string::npos) continue;
    // The AMI type of the same shape: SSM stays SSM, a list stays a list.
    const std::string& t = p.type.value;
    bool ssm = t.rfind("AWS::SSM::Parameter::Value<", 0) == 0;
    bool list = t.find("List<") != std::string::npos || t.find("CommaDelimitedList") != std::string::npos;
    std::string use;
    if (ssm) use = list ? "AWS::SSM::Parameter::Value<List<AWS::EC2::Image::Id>>"
                        : "AWS::SSM::Parameter::Value<AWS::EC2::Image::Id>";
    else if (list) use = "List<AWS::EC2::Image::Id>";
    else use = "AWS::EC2::Image::Id";
    ctx.report(p.type, p.type.value,
               "parameter '" + p.name + "' of type '" + t + "' feeds an AMI slot; use " + use);
  }
}

}  // namespace

extern const Rule kAmi003 = {
    "AMI003", "ami-parameter-type", Severity::Warning, true, "CFN",
    "A parameter that feeds an AMI slot does not have an AMI parameter type.",
    R"(## What it does
Reports a CloudFormation parameter that is used in an AMI slot (directly, through
`Fn::If`, `Fn::Select` or `Fn::Sub`) but whose `Type` is not `AWS::EC2::Image::Id`,
`List<AWS::EC2::Image::Id>` or `AWS::SSM::Parameter::Value<AWS::EC2::Image::Id>`.
A parameter of AMI type with a literal default in a region-portable template is
reported as AMI002 on the default.

## Why is this bad?
With a `String` parameter, CloudFormation cannot check that the value is an AMI: it
accepts any text and the stack fails at launch time, after other resources were
created. With an AMI type, CloudFormation validates the ID before it changes
anything and the console offers a list of images. An SSM-typed parameter keeps its
shape: `AWS::SSM::Parameter::Value<String>` becomes
`AWS::SSM::Parameter::Value<AWS::EC2::Image::Id>`, a list type becomes
`List<AWS::EC2::Image::Id>`. For a plain type the message names
`AWS::EC2::Image::Id`; `AWS::SSM::Parameter::Value<AWS::EC2::Image::Id>` works too,
with an SSM parameter name as the value, and resolves per region.

## Example
```yaml
Parameters:
  AmiId:
    Type: String
```

## Use instead
```yaml
Parameters:
  AmiId:
    Type: AWS::SSM::Parameter::Value<AWS::EC2::Image::Id>
    Default: /aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64
```)",
    check, kCloudFormation, Needs::Nothing, Identity::Slot};

}  // namespace amilint
