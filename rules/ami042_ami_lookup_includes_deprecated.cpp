#include "rules/rule.h"

namespace amilint {

namespace {

void check(const Model& m, RuleContext& ctx) {
  for (const auto& l : m.lookups) {
    if (!l.include_deprecated.is_true() || !l.most_recent.is_true()) continue;
    ctx.report(l.include_deprecated, "include_deprecated",
               l.address + " takes the most recent image, deprecated ones included; drop include_deprecated");
  }
}

}  // namespace

extern const Rule kAmi042 = {
    "AMI042", "ami-lookup-includes-deprecated", Severity::Info, true, "TF, plan, Packer",
    "An AMI lookup takes the most recent image, deprecated ones included.",
    R"(## What it does
Reports `include_deprecated = true` together with `most_recent = true` on an AMI
lookup (Terraform `data "aws_ami"`, Packer `source_ami_filter` and
`data "amazon-ami"`).

## Why is this bad?
Owners deprecate images that must no longer be launched (broken, vulnerable,
superseded). A lookup leaves deprecated images out unless `include_deprecated` is
true; with them included, the newest match may be one of them, and the next apply
launches it.

## Example
```hcl
data "aws_ami" "golden" {
  owners             = ["self"]
  most_recent        = true
  include_deprecated = true
}
```

## Use instead
Leave `include_deprecated` unset (false), so that `most_recent` picks the newest
image that is not deprecated, or pin the image. If you need an image its owner has
deprecated, pin that image by ID and plan its replacement.)",
    check, kTerraform | kPlan | kPacker, Needs::Nothing, Identity::Slot};

}  // namespace amilint
