#include <set>

#include "rules/rule.h"

namespace amilint {

namespace {

void check(const Model& m, RuleContext& ctx) {
  std::set<Range> seen;
  for (const auto& use : m.uses) {
    if (!use.region_known || use.regions.size() != 1) continue;
    const std::string& r = use.regions[0];
    for (const auto& s : use.sources) {
      if (s.ref_address.empty() || !s.ref_region_known || s.ref_regions.size() != 1) continue;
      const std::string& src = s.ref_regions[0];
      if (src == r || !seen.insert(s.range).second) continue;
      // A lookup can simply be made in the right region; a made image must be copied.
      std::string fix;
      if (s.kind == SourceKind::Lookup || s.kind == SourceKind::Ssm)
        fix = "give the lookup the same provider or region";
      else if (s.kind == SourceKind::Registry)
        fix = "read the artifact of " + r;
      else if (s.ref_image_builder)
        fix = "distribute it to " + r;
      else
        fix = "copy it to " + r + " with aws_ami_copy and use the copy";
      ctx.report(s, s.ref_address + "@" + src,
                 use.resource + " in " + r + " takes its AMI from " + s.ref_address + " in " + src +
                     "; " + fix);
    }
  }
}

}  // namespace

extern const Rule kAmi011 = {
    "AMI011", "cross-region-ami-reference", Severity::Error, true, "TF, plan",
    "A resource takes its AMI from a data source or resource in another region.",
    R"(## What it does
Terraform: reports a resource whose effective region is R that takes its AMI from a
data source or resource whose effective region is S ≠ R: `data.aws_ami.x.id`,
`data.aws_ami_ids.x.ids[n]`, `data.aws_ssm_parameter.x.value`, `aws_ami.x.id`,
`aws_ami_copy.x.id`, `aws_ami_from_instance.x.id`, Image Builder outputs, HCP Packer
artifacts (`data.hcp_packer_artifact.x.external_identifier`, in its `region`). The
effective region is the block's own `region` argument (provider v6), else the
region of the provider it selects (`provider = aws.west`), else the default `aws`
provider's region.

## Why is this bad?
An AMI ID exists only in its own region; the apply fails with
`InvalidAMIID.NotFound` (hashicorp/terraform#11220). A lookup (`data "aws_ami"`,
`aws_ami_ids`, `aws_ssm_parameter`) runs in the region of its own provider, so a
lookup made with the default provider finds the default region's image even when
the resource launches elsewhere.

## Example
```hcl
provider "aws" { region = "us-east-1" }
provider "aws" {
  alias  = "west"
  region = "us-west-2"
}
data "aws_ami" "web" {
  owners      = ["self"]
  most_recent = true
}
resource "aws_instance" "dr" {
  provider = aws.west
  ami      = data.aws_ami.web.id   # a us-east-1 image
}
```

## Use instead
For a lookup: give it the same provider as the resource (`provider = aws.west`) or
the same `region` argument, so that it finds the image of that region. For an image
made in another region (`aws_ami`, `aws_ami_copy`, `aws_ami_from_instance`): copy
it with an `aws_ami_copy` whose provider (or `region`) is the resource's region and
use the copy's `id`. For an Image Builder image: add a distribution for the region
to its distribution configuration and use the distributed image, or copy it with
`aws_ami_copy`.)",
    check, kTerraform | kPlan, Needs::Nothing, Identity::SlotAndValue};

}  // namespace amilint
