#include <algorithm>

#include "linter/model/inventory.h"
#include "rules/rule.h"

namespace amilint {

namespace {

// Inventory evidence: an image the templates launch is public (Public: true) and
// owned by one of trusted_accounts (yours). Reported at the AMI use.
void check_inventory(const Model& m, RuleContext& ctx) {
  const auto& o = ctx.options();
  if (!o.inventory || o.trusted_accounts.empty()) return;
  for (const auto& p : ami_placements(m, o.extra_regions)) {
    const Image* im = o.inventory->find_any(p.id, p.regions);
    if (!im || !im->is_public ||
        std::find(o.trusted_accounts.begin(), o.trusted_accounts.end(), im->owner) == o.trusted_accounts.end())
      continue;
    ctx.report(p.range, p.path, p.id,
               "'" + p.id + "' for " + p.use->resource + " (" +
                   (im->name.empty() ? "" : "image '" + im->name + "', ") + "your account " + im->owner +
                   ") is public in " + im->region + "; remove its public launch permission");
  }
}

void check(const Model& m, RuleContext& ctx) {
  check_inventory(m, ctx);
  const Syntax& syntax = *m.syntax;
  for (const auto& lp : m.launch_permissions) {
    if (lp.snapshot || !lp.group.is("all")) continue;  // snapshot permissions: AMI033
    ctx.report(lp.group, lp.address,
               lp.address + " makes " + (lp.image_id.known() ? lp.image_id.value : std::string("its AMI")) +
                   " public (" + syntax.phrase(Phrase::LaunchPublicSetting) + "); share with " +
                   syntax.phrase(Phrase::LaunchShareInstead) + " instead");
  }
  for (const auto& dc : m.distributions)
    for (const auto& d : dc.distributions)
      for (const auto& g : d.user_groups) {
        if (!g.is("all") && !g.is("ALL") && !g.is("All")) continue;
        ctx.report(g, g.value,
                   "Image Builder distribution" + (d.region.known() ? " to " + d.region.value : std::string()) +
                       " makes its AMIs public (" + syntax.phrase(Phrase::PublicGroupSetting) + "); share with " +
                       syntax.phrase(Phrase::ShareWithInstead) + " instead");
      }
}

}  // namespace

extern const Rule kAmi030 = {
    "AMI030", "public-ami-permission", Severity::Error, true, "all",
    "An AMI is made public.",
    R"(## What it does
Reports an AMI made public: `aws_ami_launch_permission` with `group = "all"`; Image
Builder `LaunchPermissionConfiguration.UserGroups` / `launch_permission.user_groups`
containing `all`; Packer `ami_groups = ["all"]`; with an inventory and `trusted_accounts`, an image that a template
launches, owned by a trusted account (yours), that the inventory lists with
`Public: true` (reported at the AMI use).

## Why is this bad?
Anyone can launch a public AMI and copy its snapshots: baked-in secrets,
credentials and internal software leak. Public AMIs are a common source of
credential leaks. With an inventory, the finding is an image of your own account
(`trusted_accounts`) that `describe-images` reports with `Public: true`, whatever
made it public.

## Example
```yaml
LaunchPermissionConfiguration:
  UserGroups: [all]
```

## Use instead
```yaml
LaunchPermissionConfiguration:
  OrganizationArns: [arn:aws:organizations::111122223333:organization/o-exampleorgid]
```
Share with accounts or organizations (`account_id`, `organization_arn`,
`organizational_unit_arn` in Terraform). For an image that is public already,
remove the public launch permission in its region:

```sh
aws ec2 modify-image-attribute --region us-east-1 --image-id ami-0abcdef1234567890 \
    --launch-permission "Remove=[{Group=all}]"
```)",
    check, kAnyFormat, Needs::Nothing, Identity::SlotAndValue};

}  // namespace amilint
