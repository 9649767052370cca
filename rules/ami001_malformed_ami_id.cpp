#include "rules/rule.h"

namespace amilint {

namespace {

void check(const Model& m, RuleContext& ctx) {
  for (const auto& lit : m.literals) {
    const std::string& v = lit.value.value;
    if (!lit.value.known || !claims_ami_id(v) || is_ami_id(v)) continue;
    ctx.report(lit.value.range, lit.path, v,
               "'" + v + "' is not a valid AMI ID: expected 'ami-' followed by 8 or 17 lowercase "
               "hexadecimal digits");
  }
  for (const auto& use : m.uses) {
    for (const auto& s : use.sources) {
      if (s.kind != SourceKind::Literal || !s.value.known) continue;
      if (s.range.begin != s.value.range.begin) continue;  // not written in the slot itself
      const std::string& v = s.value.value;
      if (claims_ami_id(v)) continue;  // judged above
      if (use.accepts & (kAcceptsImageBuilder | kAcceptsAlias)) continue;
      std::string accepted = "an AMI ID ('ami-' and 8 or 17 hexadecimal digits)";
      if (use.accepts & kAcceptsResolveSsm) accepted += " or 'resolve:ssm:PARAMETER'";
      ctx.report(s.value.range, use.path, v,
                 "'" + v + "' is not an AMI ID: " + use.resource_type + " " +
                     use.path.substr(use.path.rfind('/') + 1) + " takes " + accepted +
                     ", or a '{{resolve:ssm:...}}' reference");
    }
  }
}

}  // namespace

extern const Rule kAmi001 = {
    "AMI001", "malformed-ami-id", Severity::Error, true, "all",
    "A value in an AMI slot is not a well-formed AMI ID.",
    R"(## What it does
Checks every literal that is, or claims to be, an AMI ID: values in AMI slots
(`ImageId`, `ami`, `image_id`, ...), region-map entries, parameter defaults of AMI
type, launch permission image IDs and copy sources. An AMI ID is `ami-` followed by
exactly 8 or 17 lowercase hexadecimal digits. Also reports a literal in an AMI slot
that is not an AMI ID at all, unless the slot accepts it (`resolve:ssm:` on launch
templates, `ssm:` paths and ARNs on Image Builder recipes, aliases on Cloud9).

## Why is this bad?
The deployment fails at launch time with `InvalidAMIID.Malformed`, often after
other resources were already created and must be rolled back.

## Example
```yaml
ImageId: ami-0ABCDEF1234567890   # uppercase hex
ImageId: ami-12345               # too short
ImageId: latest                  # not an AMI ID
```

## Use instead
```yaml
ImageId: ami-0abcdef1234567890
ImageId: '{{resolve:ssm:/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64}}'
```)",
    check};

}  // namespace amilint
