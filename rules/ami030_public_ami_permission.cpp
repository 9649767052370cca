#include "rules/rule.h"

namespace amilint {

namespace {

void check(const Model& m, RuleContext& ctx) {
  for (const auto& lp : m.launch_permissions) {
    if (!lp.group.known || lp.group.value != "all") continue;
    ctx.report(lp.group.range, lp.path + ".group", lp.address,
               lp.address + " makes " + (lp.image_id.known ? lp.image_id.value : std::string("its AMI")) +
                   " public (group = \"all\"): anyone can launch it and copy its snapshots; share with "
                   "account_id, organization_arn or organizational_unit_arn instead");
  }
  for (const auto& dc : m.distributions)
    for (const auto& d : dc.distributions)
      for (const auto& g : d.user_groups) {
        if (!g.known || (g.value != "all" && g.value != "ALL" && g.value != "All")) continue;
        ctx.report(g.range, d.path + "/AmiDistributionConfiguration/LaunchPermissionConfiguration/UserGroups",
                   g.value,
                   "Image Builder distribution" + (d.region.known ? " to " + d.region.value : std::string()) +
                       " makes its AMIs public (UserGroups: all): anyone can launch them and read their "
                       "snapshots; share with accounts or organizations instead");
      }
}

}  // namespace

extern const Rule kAmi030 = {
    "AMI030", "public-ami-permission", Severity::Error, true, "all",
    "An AMI is made public.",
    R"(## What it does
Reports an AMI made public: `aws_ami_launch_permission` with `group = "all"`; Image
Builder `LaunchPermissionConfiguration.UserGroups` / `launch_permission.user_groups`
containing `all`; with an inventory, an image owned by a trusted account with
`Public: true`.

## Why is this bad?
Anyone can launch a public AMI and copy its snapshots: baked-in secrets,
credentials and internal software leak. Public AMIs are a common source of
credential leaks.

## Example
```yaml
LaunchPermissionConfiguration:
  UserGroups: [all]
```

## Use instead
```yaml
LaunchPermissionConfiguration:
  OrganizationArns: [arn:aws:organizations::111122223333:organization/o-exampleorgid]
```)",
    check};

}  // namespace amilint
