#include <algorithm>

#include "rules/rule.h"

namespace amilint {

namespace {

void check(const Model& m, RuleContext& ctx) {
  const auto& trusted = ctx.options().trusted_accounts;
  for (const auto& l : m.lookups) {
    for (const auto& o : l.owners.items) {
      if (!o.known()) continue;
      if (o.value == "aws-marketplace") {
        ctx.report(o, o.value,
                   l.address + " accepts images from aws-marketplace (any seller); name the seller's account "
                   "ID instead");
      } else if (!trusted.empty() && is_account_id(o.value) &&
                 std::find(trusted.begin(), trusted.end(), o.value) == trusted.end()) {
        ctx.report(o, o.value,
                   l.address + " accepts images from untrusted account " + o.value + "; remove or trust it");
      }
    }
  }
}

}  // namespace

extern const Rule kAmi041 = {
    "AMI041", "ami-lookup-untrusted-owner", Severity::Warning, true, "TF, plan, Packer",
    "An AMI lookup trusts an owner outside your trusted accounts.",
    R"(## What it does
Reports an AMI lookup restricted to owners where one of them is `aws-marketplace`,
or, when config `trusted_accounts` is set, an account ID that is neither trusted
nor a well-known AWS alias (`amazon`, `self`). Lookups: Terraform `data "aws_ami"`
and `data "aws_ami_ids"`, Packer `source_ami_filter` and `data "amazon-ami"`.

## Why is this bad?
`aws-marketplace` is every Marketplace seller at once; an unknown account can
publish an image that matches your filters. An owner restriction is only as safe
as the owners it names: with `most_recent = true` the lookup takes the newest
matching image any of them published.

## Example
```hcl
data "aws_ami" "base" {
  owners      = ["aws-marketplace"]
  most_recent = true
}
```

## Use instead
The account ID of the publisher you mean, listed in `trusted_accounts`:

```hcl
data "aws_ami" "base" {
  owners      = ["111122223333"]   # the seller's own account
  most_recent = true
}
```

Remove an owner that is not trusted, or add it to `trusted_accounts` once it is
reviewed.)",
    check, kTerraform | kPlan | kPacker, Needs::Nothing, Identity::SlotAndValue};

}  // namespace amilint
