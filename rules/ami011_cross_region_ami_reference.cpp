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
        fix = "look the image up in " + r + " (give " + s.ref_address +
              " the same provider or region argument as the resource) or copy it there with aws_ami_copy";
      else if (s.ref_image_builder)
        fix = "distribute it to " + r + " (a distribution for " + r +
              " in its distribution configuration) or copy it there with aws_ami_copy, and use that image";
      else
        fix = "copy it to " + r + " with an aws_ami_copy (provider or region in " + r + ") and use the copy's id";
      ctx.report(s, s.ref_address + "@" + src,
                 use.resource + " launches in " + r + " but takes its AMI from " + s.ref_address +
                     ", which is in " + src + ": an AMI ID exists only in its own region; " + fix);
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
`aws_ami_copy.x.id`, `aws_ami_from_instance.x.id`, Image Builder outputs. The
effective region is the block's own `region` argument (provider v6), else the
region of the provider it selects (`provider = aws.west`), else the default `aws`
provider's region.

## Why is this bad?
An AMI ID exists only in its own region; the apply fails with
`InvalidAMIID.NotFound` (hashicorp/terraform#11220).

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
Give the lookup the same provider (`provider = aws.west`), or copy the image with an
`aws_ami_copy` in that provider and use the copy's ID.)",
    check, kTerraform | kPlan, Needs::Nothing, Identity::SlotAndValue};

}  // namespace amilint
