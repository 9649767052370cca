#include "linter/model/inventory.h"
#include "rules/rule.h"

namespace amilint {

namespace {

// EBS encryption by default may be on where the volume is made: an
// aws_ebs_encryption_by_default that is not turned off, in its region or in a region
// that is not known.
bool encrypted_by_default(const Model& m, const ImageVolume& v) {
  for (const auto& d : m.ebs_defaults) {
    if (d.default_key || d.enabled.is_false()) continue;
    if (!v.region_known || !d.region_known || overlap(v.regions, d.regions)) return true;
  }
  return false;
}

void check(const Model& m, RuleContext& ctx) {
  const Syntax& syntax = *m.syntax;
  for (const auto& v : m.image_volumes) {
    // A volume restored from a snapshot keeps the snapshot's encryption; `encrypted`
    // not set on a recipe's mapping keeps the parent image's.
    if (v.from_snapshot || v.encrypted.is_true() || v.encrypted.unknown()) continue;
    if (v.recipe && !v.encrypted.is_false()) continue;
    if (encrypted_by_default(m, v)) continue;
    bool written = v.encrypted.known();
    std::string what = v.recipe ? "Image Builder recipe '" + v.resource + "'" : v.resource;
    std::string device = v.device.known() ? "volume " + v.device.value : "a volume";
    ctx.report(written ? static_cast<const Origin&>(v.encrypted) : static_cast<const Origin&>(v), v.resource,
               what + ": " + device + " is unencrypted (" +
                   (written ? syntax.assign(Field::VolumeEncrypted, v.encrypted.text)
                            : syntax.name(Field::VolumeEncrypted) + " unset") +
                   "); set " + syntax.assign(Field::VolumeEncrypted, "true"));
  }
  for (const auto& b : m.builds) {  // Packer: the image in the build region (its copies are AMI022's)
    std::string in = b.region_known && b.regions.size() == 1 ? " in " + b.regions[0] : std::string();
    // encrypt_boot unset: the image keeps the source's encryption, which the
    // inventory may show.
    if (b.encrypted.absent()) {
      if (const Image* src = unencrypted_source(ctx.options().inventory.get(), b))
        ctx.report(b.source_ami, b.address,
                   b.address + " makes its AMI" + in + " unencrypted: " + src->id +
                       " is, per the inventory, and encrypt_boot is unset; set " +
                       syntax.assign(Field::CopyEncrypted, "true"));
      continue;
    }
    if (!b.encrypted.is_false()) continue;
    ctx.report(b.encrypted, b.address,
               b.address + " makes its AMI" + in + " unencrypted (" +
                   syntax.assign(Field::CopyEncrypted, b.encrypted.text) + "); set " +
                   syntax.assign(Field::CopyEncrypted, "true"));
  }
}

}  // namespace

extern const Rule kAmi024 = {
    "AMI024", "ami-unencrypted", Severity::Warning, true, "TF, plan, CFN (Image Builder), Packer",
    "An AMI is created with unencrypted EBS snapshots.",
    R"(## What it does
Reports an AMI made with unencrypted EBS snapshots:

- Terraform `aws_ami`: an `ebs_block_device` with `encrypted = false`, or without
  `encrypted` on a new volume (no `snapshot_id`), the root device included. A device
  restored from a snapshot (`snapshot_id`) keeps the snapshot's encryption (the AWS
  provider does not send `encrypted` with a snapshot), so it is not reported.
- Image Builder image recipes (`AWS::ImageBuilder::ImageRecipe`,
  `aws_imagebuilder_image_recipe`): a block device mapping whose EBS settings say
  `Encrypted: false` / `encrypted = false` (left out, the volume keeps the parent
  image's encryption: not reported).
- Packer: `encrypt_boot = false`, the image in the build `region` (its copies to
  `ami_regions` are AMI022). Left unset, the image keeps the source image's
  encryption: reported (at `source_ami`) when the inventory says the source image's
  root snapshot is unencrypted, not otherwise.

Not reported in Terraform when the configuration turns on EBS encryption by default
for that region (`aws_ebs_encryption_by_default` with `enabled` true or left out),
which encrypts every new volume and snapshot whatever the block device says; nor when
`encrypted` or the region cannot be resolved. CloudFormation has no resource for EBS
encryption by default, so a recipe there is judged as written.

## Why is this bad?
Every volume launched from the image starts unencrypted, and every copy of it starts
from unencrypted snapshots: the data of each instance is stored in the clear unless
someone remembers to encrypt it later. Encryption cannot be added to an existing
snapshot in place; the image has to be made again.

## Example
```hcl
resource "aws_ami" "golden" {
  name             = "golden"
  root_device_name = "/dev/xvda"
  ebs_block_device {
    device_name = "/dev/xvdb"
    volume_size = 50
  }
}
```

## Use instead
```hcl
  ebs_block_device {
    device_name = "/dev/xvdb"
    volume_size = 50
    encrypted   = true
  }
```

or turn on EBS encryption by default in every region you make images in
(`resource "aws_ebs_encryption_by_default" "on" { enabled = true }`).)",
    check, kAnyFormat, Needs::Nothing, Identity::Slot};

}  // namespace amilint
