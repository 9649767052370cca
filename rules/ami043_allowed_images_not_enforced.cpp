#include <algorithm>

#include "rules/rule.h"

namespace amilint {

namespace {

void check(const Model& m, RuleContext& ctx) {
  for (const auto& s : m.settings) {
    if (s.kind != SettingKind::AllowedImages || !s.state.known()) continue;
    if (s.state.value == "enabled") continue;
    // Declarative policies spell their values with '_' (audit_mode), the API with '-'.
    bool policy = s.org_policy;
    std::string shown = s.state.value;
    if (policy) std::replace(shown.begin(), shown.end(), '-', '_');
    ctx.report(s.state, s.state.value,
               "Allowed AMIs is not enforced (state '" + shown + "') in " +
                   (policy ? "EC2 declarative policy " : "") + s.resource + "; set it to 'enabled'");
  }
}

}  // namespace

extern const Rule kAmi043 = {
    "AMI043", "allowed-images-not-enforced", Severity::Info, true, "TF, plan, CFN (org policy)",
    "The Allowed AMIs setting is not enforced.",
    R"(## What it does
Reports `aws_ec2_allowed_images_settings` with a `state` other than `enabled`, or an
EC2 declarative organization policy whose `allowed_images_settings` state is not
enabled (`audit_mode`, `disabled`).

## Why is this bad?
Allowed AMIs has three states: `enabled` blocks launches from images that match
none of the criteria, `audit-mode` only records which images would be blocked, and
`disabled` does nothing. In the last two, instances can still launch from images
outside the allowed criteria. The setting is made per region, so a region where it
is not enforced is a way around it.

## Example
```hcl
resource "aws_ec2_allowed_images_settings" "this" {
  state = "audit-mode"
}
```

## Use instead
`state = "enabled"` once audit mode shows nothing legitimate would be blocked.)",
    check, kCloudFormation | kTerraform | kPlan, Needs::Nothing, Identity::Slot};

}  // namespace amilint
