#include "rules/rule.h"

namespace amilint {

namespace {

void check(const Model& m, RuleContext& ctx) {
  for (const auto& i : m.images_from_instances) {
    if (!i.no_reboot.is_true()) continue;
    ctx.report(i.no_reboot, i.address,
               i.address + " images a running instance without a reboot (snapshot_without_reboot = true); "
               "remove it, or stop the instance first");
  }
  const Syntax& syntax = *m.syntax;
  for (const auto& lp : m.lifecycle_policies) {
    if (!lp.image_policy) continue;
    if (lp.no_reboot.absent() && lp.policy_type.is("IMAGE_MANAGEMENT")) {
      // NoReboot defaults to true for custom AMI policies (IMAGE_MANAGEMENT): without
      // it the instances are not rebooted.
      ctx.report(lp.policy_type, lp.policy_type.value,
                 "DLM AMI policy '" + lp.resource + "' has no " +
                     syntax.nested(Field::DlmParameters, Field::DlmNoReboot) +
                     " (default true: no reboot); set " +
                     syntax.phrase(Phrase::NoRebootOffSetting));
      continue;
    }
    if (!lp.no_reboot.is_true()) continue;  // false, or a value that cannot be resolved
    ctx.report(lp.no_reboot, lp.no_reboot.text,
               "DLM AMI policy '" + lp.resource + "' creates images without a reboot (" +
                   syntax.assign(Field::DlmNoReboot, "true") + "); set " + syntax.assign(Field::DlmNoReboot, "false"));
  }
}

}  // namespace

extern const Rule kAmi050 = {
    "AMI050", "ami-from-running-instance", Severity::Warning, true, "CFN, TF, plan",
    "An AMI is created from a running instance without a reboot.",
    R"(## What it does
Reports AMIs created from a running instance without a reboot:
`aws_ami_from_instance` with `snapshot_without_reboot = true`; DLM
`IMAGE_MANAGEMENT` policies with `NoReboot: true` / `no_reboot = true`, or without
`NoReboot` at all (it defaults to true for custom AMI policies).

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
    check, kCloudFormation | kTerraform | kPlan, Needs::Nothing, Identity::Slot};

}  // namespace amilint
