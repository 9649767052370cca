#include "rules/rule.h"

namespace amilint {

namespace {

void check(const Model& m, RuleContext& ctx) {
  for (const auto& lp : m.launch_permissions) {
    if (!lp.snapshot || !lp.group.is("all")) continue;
    ctx.report(lp.group, lp.address,
               lp.address + " makes its snapshots public (snapshot_groups = [\"all\"]); use snapshot_users");
  }
}

}  // namespace

extern const Rule kAmi033 = {
    "AMI033", "public-snapshot-permission", Severity::Error, true, "Packer",
    "An image's snapshots are made public.",
    R"(## What it does
Reports a Packer build with `snapshot_groups = ["all"]`: every account can create
volumes from the snapshots of the image it makes (`amazon-ebs`,
`amazon-ebssurrogate`, `amazon-ebsvolume`).

## Why is this bad?
A public snapshot is the whole disk of the image: anyone can create a volume from it
and read it, baked-in secrets, credentials and internal software included, even
when the AMI itself is private. Public EBS snapshots are a common source of data
leaks, and `ami_groups` reviews miss them.

## Example
```hcl
source "amazon-ebs" "base" {
  snapshot_groups = ["all"]
}
```

## Use instead
```hcl
source "amazon-ebs" "base" {
  snapshot_users = ["111122223333"]
}
```
Share the snapshots with the accounts that need them only (`snapshot_users`), or
not at all: the accounts in `ami_users` launch the image without them. For a
snapshot that is public already:

```sh
aws ec2 modify-snapshot-attribute --snapshot-id snap-0abcdef1234567890 \
    --attribute createVolumePermission --operation-type remove --group-names all
```)",
    check, kPacker, Needs::Nothing, Identity::SlotAndValue};

}  // namespace amilint
