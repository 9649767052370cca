#include "rules/rule.h"

namespace amilint {

namespace {

void check(const Model& m, RuleContext& ctx) {
  for (const auto& lp : m.lifecycle_policies) {
    if (!lp.image_policy || !lp.no_reboot.known) continue;
    if (lp.no_reboot.value != "true" && lp.no_reboot.value != "True") continue;
    ctx.report(lp.no_reboot.range, lp.path + "/Parameters/NoReboot", lp.no_reboot.value,
               "DLM AMI policy '" + lp.resource + "' creates images without rebooting the "
               "instances (NoReboot: true): file systems may be inconsistent in the image; set "
               "NoReboot: false");
  }
}

}  // namespace

extern const Rule kAmi050 = {
    "AMI050", "ami-from-running-instance", Severity::Warning, true, "all",
    "An AMI is created from a running instance without a reboot.",
    R"(## What it does
Reports AMIs created from a running instance without a reboot:
`aws_ami_from_instance` with `snapshot_without_reboot = true`; DLM
`IMAGE_MANAGEMENT` policies with `NoReboot: true` / `no_reboot = true`.

## Why is this bad?
Without a reboot, buffered writes are not flushed: the image may hold inconsistent
file systems and databases. AWS guidance is to stop the instance first for data
integrity.

## Example
```yaml
PolicyDetails:
  PolicyType: IMAGE_MANAGEMENT
  Parameters:
    NoReboot: true
```

## Use instead
`NoReboot: false` (DLM reboots the instances), or stop the instance before
creating the image.)",
    check};

}  // namespace amilint
