#include <algorithm>

#include "linter/model/inventory.h"
#include "rules/rule.h"

namespace amilint {

namespace {

// States in which an image cannot be launched (describe-images `State`).
bool unusable(const std::string& state) {
  return state == "invalid" || state == "deregistered" || state == "failed" || state == "error" ||
         state == "disabled";
}

void check(const Model& m, RuleContext& ctx) {
  const auto& inv = ctx.options().inventory;
  if (!inv) return;
  for (const auto& p : ami_placements(m, ctx.options().extra_regions)) {
    std::vector<std::string> checked;  // regions where it launches that have an inventory
    for (const auto& r : p.regions)
      if (inv->has_region(r)) checked.push_back(r);
    if (checked.empty()) continue;
    if (inv->regions_listing(p.id).empty()) {
      ctx.report(p.range, p.path, p.id,
                 "'" + p.id + "' for " + p.use->resource + " in " + join(checked) +
                     " is in no inventoried region; fix the ID or use an existing image");
      continue;
    }
    for (const auto& r : checked) {
      const Image* im = inv->find(r, p.id);
      if (!im || !unusable(im->state)) continue;
      ctx.report(p.range, p.path, p.id,
                 "'" + p.id + "' for " + p.use->resource + " is '" + im->state + "' in the inventory of " + r +
                     "; use an available image");
      break;
    }
  }
}

}  // namespace

extern const Rule kAmi060 = {
    "AMI060", "ami-not-found", Severity::Error, true, "all (needs inventory)",
    "An AMI ID used in a region is in no inventoried region.",
    R"(## What it does
With an inventory for region R (`--inventory`, config `inventory`): reports an AMI ID
used in R that the inventory of R does not list, and that no other inventoried
region lists either (when another region lists it, that is AMI010). Also reports an
image that R's inventory lists in a state that cannot be launched (`disabled`,
`deregistered`, `failed`, `error`, `invalid`). The ID is a literal in an AMI slot,
the default of a parameter that feeds one, or a region-map cell read with
`AWS::Region` (judged for the region of its row). Nothing is reported for a region
without an inventory.

The inventory is what `aws ec2 describe-images` returned: if your templates launch
images of other accounts (AWS, a Marketplace seller, a shared-services account),
export those owners too (`--owners self 111122223333`), or the rule cannot find them.

## Why is this bad?
No inventoried region lists the ID: not the regions where it is used, nor any
other (`--inventory` names which regions those are).

The launch fails with `InvalidAMIID.NotFound`. Typical causes: the image was
deregistered by a cleanup job, the ID has a typo, or it belongs to an account the
inventory does not cover (then export that account's images too). An image in
state `disabled`, `deregistered`, `failed`, `error` or `invalid` cannot be
launched either.

## Example
```yaml
# --region us-east-1 --inventory inventory/   (us-east-1.json does not list it)
ImageId: ami-0abcdef1234567890
```

## Use instead
An image that exists in the region, ideally selected by an SSM parameter that your
image pipeline updates, so that deregistering old images cannot break templates.)",
    check, kAnyFormat, Needs::Inventory, Identity::SlotAndValue};

}  // namespace amilint
