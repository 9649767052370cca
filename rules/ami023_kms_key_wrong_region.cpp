#include "linter/model/regions.h"
#include "rules/rule.h"

namespace amilint {

namespace {

void check(const Model& m, RuleContext& ctx) {
  // The key is an ARN, or (Terraform) a reference to a key block whose effective
  // region is known.
  auto judge = [&](const Str& key, const std::string& dest, const std::string& what, const KeyRef& ref = {},
                   const char* to = " to ") {
    // A destination that is no known region is AMI013's finding, not a key mismatch.
    if (!is_known_region(dest, ctx.options().extra_regions)) return;
    if (!key.known() && ref.known() && ref.region != dest && is_known_region(ref.region, ctx.options().extra_regions)) {
      ctx.report(key, ref.address + "@" + ref.region,
                 what + to + dest + " with " + ref.address + ", a KMS key in " + ref.region + "; use a key in " + dest);
      return;
    }
    if (!key.known()) return;
    std::string kr = arn_region(key.value);
    if (kr.empty() || kr == dest) return;
    ctx.report(key, key.value,
               what + to + dest + " with a KMS key in " + kr + "; use a key in " + dest);
  };
  for (const auto& lp : m.lifecycle_policies)
    for (const auto& r : lp.copy_rules)
      if (r.target_region.known())
        judge(r.cmk_arn, r.target_region.value, "DLM policy '" + lp.resource + "' copies", r.cmk_ref);
  for (const auto& c : m.copies)
    if (c.region_known && c.regions.size() == 1) judge(c.kms_key_id, c.regions[0], c.address + " copies", c.kms_key_ref);
  for (const auto& b : m.builds)  // Packer: kms_key_id is the build region's key
    if (b.region_known && b.regions.size() == 1) judge(b.kms_key_id, b.regions[0], b.address + " encrypts its AMI", {}, " in ");
  for (const auto& dc : m.distributions)
    for (const auto& d : dc.distributions)
      if (d.region.known())
        judge(d.kms_key, d.region.value, "Image Builder configuration '" + dc.resource + "' distributes", d.kms_key_ref);
}

}  // namespace

extern const Rule kAmi023 = {
    "AMI023", "kms-key-wrong-region", Severity::Error, true, "all",
    "A KMS key for an AMI copy is in another region than the copy.",
    R"(## What it does
Reports a KMS key ARN (`arn:aws:kms:<region>:...`) that encrypts an AMI copy or
distribution but names a region other than the copy's destination region:
`aws_ami_copy.kms_key_id`, Image Builder `KmsKeyId` / `kms_key_id`, DLM `CmkArn` /
`cmk_arn`. In Terraform the key may also be a reference to a key resource or data
source (`aws_kms_key.primary.arn`, `aws_kms_replica_key.dr.arn`): its effective
region is the key's region. Packer: `region_kms_key_ids[R]` against R, and
`kms_key_id` against the build `region` (it encrypts the build region's image only).

## Why is this bad?
KMS keys are regional: a copy can only be encrypted with a key in its destination
region. The copy fails, typically long after the change was merged, when the
pipeline or the lifecycle policy first runs.

## Example
```yaml
Distributions:
  - Region: us-west-2
    AmiDistributionConfiguration:
      KmsKeyId: arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab
```

## Use instead
A key (or a multi-Region replica key) in the destination region.)",
    check, kAnyFormat, Needs::Nothing, Identity::SlotAndValue};

}  // namespace amilint
