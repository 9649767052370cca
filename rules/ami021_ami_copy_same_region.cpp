#include "rules/rule.h"

namespace amilint {

namespace {

void check(const Model& m, RuleContext& ctx) {
  for (const auto& c : m.copies) {
    if (!c.source_ami_region.known() || !c.region_known || c.regions.size() != 1) continue;
    if (c.source_ami_region.value != c.regions[0]) continue;
    ctx.report(c.source_ami_region, c.source_ami_region.value,
               c.address + " copies an AMI within " + c.source_ami_region.value +
                   "; give it a provider (or region) in another region");
  }
}

}  // namespace

extern const Rule kAmi021 = {
    "AMI021", "ami-copy-same-region", Severity::Warning, true, "TF, plan",
    "An aws_ami_copy copies into the region it copies from.",
    R"(## What it does
Reports an `aws_ami_copy` whose `source_ami_region` equals its effective region (the
copy is made in the region of its provider, or its own `region` argument).

## Why is this bad?
A same-region copy adds nothing for disaster recovery and doubles the snapshot
storage bill. Usually the copy was meant to have a provider for another region.

## Example
```hcl
provider "aws" { region = "us-east-1" }
resource "aws_ami_copy" "dr" {
  name              = "web-dr"
  source_ami_id     = "ami-0abcdef1234567890"
  source_ami_region = "us-east-1"
}
```

## Use instead
```hcl
resource "aws_ami_copy" "dr" {
  provider          = aws.west
  name              = "web-dr"
  source_ami_id     = "ami-0abcdef1234567890"
  source_ami_region = "us-east-1"
  encrypted         = true
}
```)",
    check, kTerraform | kPlan, Needs::Nothing, Identity::Slot};

}  // namespace amilint
