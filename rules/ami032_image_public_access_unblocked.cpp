#include "rules/rule.h"

namespace amilint {

namespace {

void check(const Model& m, RuleContext& ctx) {
  for (const auto& s : m.settings) {
    if (s.kind != SettingKind::ImageBlockPublicAccess || !s.state.known()) continue;
    if (s.state.value != "unblocked") continue;
    // Declarative policies spell their values with '_' (block_new_sharing).
    bool policy = s.org_policy;
    ctx.report(s.state, s.state.value,
               "block public access for AMIs is turned off (state '" + s.state.value + "') in " +
                   (policy ? "EC2 declarative policy " : "") + s.resource +
                   ": any AMI can be made public; use '" +
                   (policy ? "block_new_sharing" : "block-new-sharing") + "'");
  }
}

}  // namespace

extern const Rule kAmi032 = {
    "AMI032", "image-public-access-unblocked", Severity::Warning, true, "TF, plan, CFN (org policy)",
    "Block public access for AMIs is turned off.",
    R"(## What it does
Reports `aws_ec2_image_block_public_access` with `state = "unblocked"`, or an EC2
declarative organization policy (`AWS::Organizations::Policy` / 
`aws_organizations_policy` of type `DECLARATIVE_POLICY_EC2`) whose
`image_block_public_access` state is `unblocked`.

## Why is this bad?
With the block off, any principal allowed to modify image attributes can make an
AMI public in one call.

## Example
```hcl
resource "aws_ec2_image_block_public_access" "this" {
  state = "unblocked"
}
```

## Use instead
`state = "block-new-sharing"` (in declarative policies `block_new_sharing`).)",
    check, kAnyFormat, Needs::Nothing, Identity::Slot};

}  // namespace amilint
