#include <algorithm>

#include "rules/rule.h"

namespace amilint {

namespace {

// The account's default EBS key may be a customer managed key where the image is
// encrypted: an aws_ebs_default_kms_key in that region, or in a region not known.
bool default_key_replaced(const Model& m, const std::vector<std::string>& regions, bool known) {
  for (const auto& d : m.ebs_defaults)
    if (d.default_key && (!known || !d.region_known || overlap(regions, d.regions))) return true;
  return false;
}

// Who a sharing value names, for messages: an account ID, or an organization.
std::string partner(const LaunchPermission& lp) {
  if (lp.account_id.known()) return lp.account_id.value;
  return lp.org_unit ? "that organizational unit" : "that organization";
}

bool default_key(const Str& key) { return key.absent() || key.is(""); }

// Packer: a build with encrypt_boot = true whose image (in the build region) or copies
// have no key of their own, and the accounts or organizations it shares them with.
void check_builds(const Model& m, RuleContext& ctx) {
  const Syntax& syntax = *m.syntax;
  for (const auto& b : m.builds) {
    if (!b.encrypted.is_true()) continue;
    std::vector<std::string> where;
    bool build_region = default_key(b.kms_key_id);
    if (build_region) where.push_back(b.region_known && b.regions.size() == 1 ? b.regions[0] : "its build region");
    bool copies = false;
    for (const auto& c : m.copies)
      if (c.address == b.address && default_key(c.kms_key_id) && c.region_known && c.regions.size() == 1 &&
          std::find(where.begin(), where.end(), c.regions[0]) == where.end()) {
        where.push_back(c.regions[0]);
        copies = true;
      }
    if (where.empty()) continue;
    std::string fields = build_region && copies ? syntax.name(Field::BuildKmsKey) + " and " + syntax.name(Field::CopyKmsKey)
                         : build_region         ? syntax.name(Field::BuildKmsKey)
                                                : syntax.name(Field::CopyKmsKey);
    bool one = where.size() == 1;
    for (const auto& lp : m.launch_permissions) {
      if (lp.address != b.address) continue;
      const Str& at = lp.account_id.known() ? lp.account_id : lp.org_arn;
      if (!at.known()) continue;  // a group (ami_groups, snapshot_groups) is AMI030/AMI033's
      std::string who = partner(lp);
      ctx.report(at, at.value,
                 b.address + " uses the default key in " + join(where) + ", which " + who +
                     " cannot use; set " + fields + (one ? " to a customer managed key whose key policy allows "
                                                         : " to customer managed keys whose key policies allow ") +
                     who);
    }
  }
}

void check(const Model& m, RuleContext& ctx) {
  const Syntax& syntax = *m.syntax;
  auto remedy = [&](const std::string& field, const std::string& who) {
    return "; set " + field + " to a customer managed key whose key policy allows " + who;
  };

  // Terraform: a launch permission for an encrypted copy with no key of its own.
  for (const auto& lp : m.launch_permissions) {
    const Str& at = lp.account_id.known() ? lp.account_id : lp.org_arn;
    if (lp.image_ref.empty() || lp.snapshot || !at.known()) continue;
    std::string who = partner(lp);
    for (const auto& c : m.copies) {
      if (c.address != lp.image_ref || !c.encrypted.is_true() || !c.kms_key_id.absent()) continue;
      if (default_key_replaced(m, c.regions, c.region_known)) continue;
      ctx.report(at, at.value,
                 c.address + " uses the default key, which " + who + " cannot use" +
                     remedy(syntax.name(Field::CopyKmsKey), who));
    }
  }

  // Image Builder: a distribution that shares, without a key, what a recipe encrypts
  // with the default key.
  for (const auto& link : m.image_builder_links) {
    const ImageVolume* vol = nullptr;
    for (const auto& v : m.image_volumes)
      if (v.recipe && v.resource == link.recipe && !v.from_snapshot && v.encrypted.is_true() && v.kms_key_id.absent()) {
        vol = &v;
        break;
      }
    if (!vol) continue;
    for (const auto& dc : m.distributions) {
      if (dc.resource != link.distribution) continue;
      for (const auto& d : dc.distributions) {
        if (d.container_only || !d.kms_key.absent()) continue;
        std::vector<std::string> where = vol->regions;
        bool known = vol->region_known;
        if (d.region.known()) where.push_back(d.region.value);
        if (default_key_replaced(m, where, known && d.region.known())) continue;
        for (const auto& a : d.accounts) {
          if (!a.known()) continue;
          ctx.report(a, a.value,
                     "recipe '" + link.recipe + "' encrypts with the default key, which " + a.value +
                         " cannot use" + remedy(syntax.name(Field::DistKmsKey), a.value));
        }
      }
    }
  }
  check_builds(m, ctx);
}

}  // namespace

extern const Rule kAmi025 = {
    "AMI025", "shared-ami-default-key", Severity::Error, true, "all",
    "An AMI encrypted with the AWS managed key is shared with other accounts.",
    R"(## What it does
Reports an AMI that is shared with other accounts while its snapshots are encrypted
with the AWS managed key `aws/ebs` (encrypted, but without a customer managed key).
The finding points at the sharing value and names the image:

- Terraform: an `aws_ami_launch_permission` for an account, an organization or an
  organizational unit whose `image_id` refers to an `aws_ami_copy` with
  `encrypted = true` and no `kms_key_id`.
- Image Builder: a distribution that shares (`TargetAccountIds`,
  `LaunchPermissionConfiguration.UserIds`; `target_account_ids`,
  `launch_permission { user_ids }`) without a `KmsKeyId` / `kms_key_id`, in a
  distribution configuration that a pipeline or image (`AWS::ImageBuilder::ImagePipeline`,
  `AWS::ImageBuilder::Image`, `aws_imagebuilder_image_pipeline`,
  `aws_imagebuilder_image`) uses with a recipe whose block device mapping is
  encrypted without a key.
- Packer: `ami_users`, `ami_org_arns`, `ami_ou_arns` and `snapshot_users` entries of
  a build with `encrypt_boot = true` whose image has no key in some region: no
  `kms_key_id` (nor a `region_kms_key_ids` entry) for the build region, or no
  `region_kms_key_ids` entry for an `ami_regions` copy (`""` is the default key too).
  The sharing applies to every copy. Packer refuses a build with no key at all
  when it validates the template, but not one that leaves a single region without a
  key (a copy region once `kms_key_id` is set).

Not reported when the key is given but cannot be resolved, or when the Terraform
configuration sets the account's default EBS key for that region
(`aws_ebs_default_kms_key`): the default key is then a customer managed key. A copy
with a customer managed key that is shared, and a copy with the default key that is
not shared, are fine. DLM share rules are not reported: they share snapshots of
snapshot policies only, never the AMIs or the cross-region copies a policy makes, and
the encryption of those snapshots is the volumes' (not written in the policy).

## Why is this bad?
AWS cannot share snapshots encrypted with the AWS managed key: its key policy cannot
be changed to let another account use it. The launch permission is granted, and the
apply succeeds, but the other account cannot launch the image or copy it; the
failure shows up later, in the other account, at launch time.

## Example
```hcl
resource "aws_ami_copy" "release" {
  name              = "release"
  source_ami_id     = "ami-0123456789abcdef0"
  source_ami_region = "us-east-1"
  encrypted         = true
}

resource "aws_ami_launch_permission" "partner" {
  image_id   = aws_ami_copy.release.id
  account_id = "444455556666"
}
```

## Use instead
Encrypt the image with a customer managed key, and allow the partner account in the
key's policy (`kms:Decrypt`, `kms:DescribeKey`, `kms:CreateGrant`,
`kms:ReEncrypt*`, `kms:GenerateDataKey*`):

```hcl
resource "aws_ami_copy" "release" {
  # ...
  encrypted  = true
  kms_key_id = aws_kms_key.images.arn
}
```)",
    check, kAnyFormat, Needs::Nothing, Identity::SlotAndValue};

}  // namespace amilint
