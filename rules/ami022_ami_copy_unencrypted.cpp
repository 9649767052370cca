#include "rules/rule.h"

namespace amilint {

namespace {

void check(const Model& m, RuleContext& ctx) {
  for (const auto& c : m.copies) {
    if (c.encrypted.known && (c.encrypted.value == "true" || c.encrypted.value == "True")) continue;
    if (!c.encrypted.known && !c.encrypted.range.empty()) continue;  // computed: cannot tell
    std::string to = c.region_known && c.regions.size() == 1 ? c.regions[0] : "its region";
    Range at = c.encrypted.known ? c.encrypted.range : c.anchor;
    ctx.report(at, c.path + (c.encrypted.known ? ".encrypted" : ""), c.address,
               c.address + " copies an AMI to " + to + " without encryption (" +
                   (c.encrypted.known ? "encrypted = " + c.encrypted.value : std::string("encrypted defaults to false")) +
                   "); set encrypted = true and a kms_key_id in " + to);
  }
  for (const auto& lp : m.lifecycle_policies) {
    if (!lp.image_policy) continue;
    for (const auto& r : lp.copy_rules) {
      // YAML spells false as false, False or FALSE; CloudFormation also takes the string.
      const std::string& e = r.encrypted.value;
      if (!r.encrypted.known || (e != "false" && e != "False" && e != "FALSE")) continue;
      std::string to = r.target_region.known ? r.target_region.value : "another region";
      bool cfn = is_cfn(m.format);
      ctx.report(r.encrypted.range, r.path + (cfn ? "/Encrypted" : ".encrypted"), r.encrypted.value,
                 "DLM cross-region copy of AMIs to " + to + " is not encrypted; set " +
                     (cfn ? "Encrypted: true and a CmkArn" : "encrypted = true and a cmk_arn") + " in " + to);
    }
  }
  for (const auto& dc : m.distributions) {
    for (const auto& d : dc.distributions) {
      if (d.container_only || d.kms_key.known || !d.kms_key.range.empty()) continue;
      std::string to = d.region.known ? d.region.value : "the stack's region";
      Range at = d.has_ami_config ? d.ami_config_key : d.region.range;
      if (at.empty()) at = d.range;
      bool cfn = is_cfn(m.format);
      std::string config = cfn ? "AmiDistributionConfiguration" : "ami_distribution_configuration";
      std::string key = cfn ? "KmsKeyId" : "kms_key_id";
      ctx.report(at, d.path + (d.has_ami_config ? (cfn ? "/" : ".") + config : ""), to,
                 "Image Builder distribution to " + to + " has no " + key + ": the AMI copied there "
                 "is not encrypted with your key; set " + config + (cfn ? "." : " { ") + key +
                     (cfn ? "" : " }") + " to a key in " + to);
    }
  }
}

}  // namespace

extern const Rule kAmi022 = {
    "AMI022", "ami-copy-unencrypted", Severity::Warning, true, "all",
    "An AMI copy is made without encryption.",
    R"(## What it does
Reports AMI copies made without encryption: `aws_ami_copy` without
`encrypted = true`; DLM cross-region copy rules of AMI policies with
`Encrypted: false`; every Image Builder distribution (not only the first) without a
`KmsKeyId` / `kms_key_id`.

## Why is this bad?
The copy's snapshots are stored unencrypted (or with the default key) in another
region, often outside the controls of the source. Encrypted snapshots cannot be
copied unencrypted, so this also breaks once the source becomes encrypted.

## Example
```yaml
CrossRegionCopyRules:
  - TargetRegion: us-west-2
    Encrypted: false
```

## Use instead
```yaml
CrossRegionCopyRules:
  - TargetRegion: us-west-2
    Encrypted: true
    CmkArn: arn:aws:kms:us-west-2:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab
```)",
    check};

}  // namespace amilint
