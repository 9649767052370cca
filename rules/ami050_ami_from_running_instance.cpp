#include "rules/rule.h"

namespace amilint {

namespace {

void check(const Model& m, RuleContext& ctx) {
  for (const auto& i : m.images_from_instances) {
    if (!i.no_reboot.known || (i.no_reboot.value != "true" && i.no_reboot.value != "True")) continue;
    ctx.report(i.no_reboot.range, i.path + ".snapshot_without_reboot", i.address,
               i.address + " creates an image from a running instance without stopping or rebooting "
               "it (snapshot_without_reboot = true): file systems may be inconsistent in the image; "
               "remove it, or stop the instance first");
  }
  bool cfn = is_cfn(m.format);
  for (const auto& lp : m.lifecycle_policies) {
    if (!lp.image_policy) continue;
    if (!lp.no_reboot.known) {
      // NoReboot defaults to true for custom AMI policies (IMAGE_MANAGEMENT): without
      // it the instances are not rebooted. A value that cannot be resolved proves nothing.
      bool absent = lp.no_reboot.range.empty();
      if (!absent || !lp.policy_type.known || lp.policy_type.value != "IMAGE_MANAGEMENT") continue;
      ctx.report(lp.policy_type.range, lp.path + (cfn ? "/PolicyType" : ".policy_type"), lp.policy_type.value,
                 "DLM AMI policy '" + lp.resource + "' has no " +
                     (cfn ? "Parameters.NoReboot" : "parameters { no_reboot }") +
                     ", which defaults to true: it creates images without rebooting the instances, so "
                     "file systems may be inconsistent in the image; set " +
                     (cfn ? "NoReboot: false" : "parameters { no_reboot = false }"));
      continue;
    }
    const std::string& v = lp.no_reboot.value;  // true, True or TRUE (YAML core schema)
    if (v != "true" && v != "True" && v != "TRUE") continue;
    ctx.report(lp.no_reboot.range, lp.path + (cfn ? "/Parameters/NoReboot" : ".parameters.no_reboot"),
               lp.no_reboot.value,
               "DLM AMI policy '" + lp.resource + "' creates images without rebooting the instances (" +
                   (cfn ? "NoReboot: true" : "no_reboot = true") +
                   "): file systems may be inconsistent in the image; set " +
                   (cfn ? "NoReboot: false" : "no_reboot = false"));
  }
}

}  // namespace

extern const Rule kAmi050 = {
    "AMI050", "ami-from-running-instance", Severity::Warning, true, "all",
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
    check};

}  // namespace amilint
