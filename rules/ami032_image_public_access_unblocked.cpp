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
               "block public access for AMIs is '" + s.state.value + "' in " +
                   (policy ? "EC2 declarative policy " : "") + s.resource + "; use '" +
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
With the block off, any AMI of the account can be made public: any principal
allowed to modify image attributes can do it in one call, and a public AMI leaks
its snapshots (AMI030).

## Example
```hcl
resource "aws_ec2_image_block_public_access" "this" {
  state = "unblocked"
}
```

## Use instead
`state = "block-new-sharing"` (in declarative policies `block_new_sharing`). It
blocks new public sharing of AMIs in the region; images that are public already
stay public until their launch permission is removed (AMI030 with an inventory
finds them).)",
    check, kCloudFormation | kTerraform | kPlan, Needs::Nothing, Identity::Slot};

}  // namespace amilint
