#include "linter/model/inventory.h"
#include "rules/rule.h"

namespace amilint {

namespace {

void check(const Model& m, RuleContext& ctx) {
  const Syntax& syntax = *m.syntax;
  for (size_t i = 0; i < m.copies.size(); ++i) {
    const AmiCopy& c = m.copies[i];
    if (c.encrypted.is_true() || c.encrypted.unknown()) continue;  // unknown: cannot tell
    std::string to = c.region_known && c.regions.size() == 1 ? c.regions[0] : "its region";
    bool written = c.encrypted.known();
    // A Packer build's copies share one encrypt_boot: one finding names them all.
    while (written && c.region_known && i + 1 < m.copies.size() && m.copies[i + 1].address == c.address &&
           m.copies[i + 1].encrypted.known() && m.copies[i + 1].encrypted.range == c.encrypted.range &&
           m.copies[i + 1].region_known && m.copies[i + 1].regions.size() == 1)
      to += ", " + m.copies[++i].regions[0];
    ctx.report(written ? static_cast<const Origin&>(c.encrypted) : c.anchor, c.address,
               c.address + " copies to " + to + " unencrypted (" +
                   (written ? syntax.assign(Field::CopyEncrypted, c.encrypted.text)
                            : syntax.name(Field::CopyEncrypted) + " unset") +
                   "); set " + syntax.assign(Field::CopyEncrypted, "true") + " and " +
                   syntax.phrase(Phrase::CopyKeyRemedy, to));
  }
  // Packer, encrypt_boot unset: the copies keep the source's encryption, which the
  // inventory may show.
  for (const auto& b : m.builds) {
    if (!b.encrypted.absent()) continue;
    const Image* src = unencrypted_source(ctx.options().inventory.get(), b);
    if (!src) continue;
    std::vector<std::string> to;
    for (const auto& c : m.copies)
      if (c.address == b.address && c.region_known && c.regions.size() == 1) to.push_back(c.regions[0]);
    if (to.empty()) continue;
    ctx.report(b.copies_at, b.address,
               b.address + " copies to " + join(to) + " unencrypted: " + src->id +
                   " is, per the inventory, and encrypt_boot is unset; set " +
                   syntax.assign(Field::CopyEncrypted, "true") + " and " +
                   syntax.phrase(Phrase::CopyKeyRemedy, join(to)));
  }
  for (const auto& lp : m.lifecycle_policies) {
    if (!lp.image_policy) continue;
    for (const auto& r : lp.copy_rules) {
      if (!r.encrypted.is_false()) continue;
      std::string to = r.target_region.known() ? r.target_region.value : "another region";
      ctx.report(r.encrypted, r.encrypted.text,
                 "DLM copy to " + to + " is unencrypted; set " +
                     syntax.assign(Field::DlmEncrypted, "true") + " and a " + syntax.name(Field::DlmCmkArn) + " in " +
                     to);
    }
  }
  for (const auto& dc : m.distributions) {
    for (const auto& d : dc.distributions) {
      if (d.container_only || !d.kms_key.absent()) continue;
      std::string to = d.region.known() ? d.region.value : "the stack's region";
      Origin at = d.has_ami_config ? d.ami_config : Origin{d.region.range, d.path};
      if (at.range.empty()) at.range = d.range;
      ctx.report(at, to,
                 "Image Builder distribution to " + to + " has no " +
                     syntax.nested(Field::DistAmiConfig, Field::DistKmsKey) + "; set a key in " + to);
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
`KmsKeyId` / `kms_key_id`; a Packer build with `encrypt_boot = false` that copies
its AMI to `ami_regions` (one finding naming every copy region). With `encrypt_boot` unset a
copy keeps the source image's encryption: reported (at `ami_regions`) when the
inventory says the source image's root snapshot is unencrypted.

## Why is this bad?
The copy's snapshots are stored unencrypted (or with the default key) in another
region, often outside the controls of the source. An Image Builder distribution
without a KMS key does not encrypt the AMI it copies with your key. Encrypted snapshots cannot be
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
    check, kAnyFormat, Needs::Nothing, Identity::Slot};

}  // namespace amilint
