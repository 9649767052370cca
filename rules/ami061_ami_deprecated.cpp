#include "linter/model/inventory.h"
#include "rules/rule.h"

namespace amilint {

namespace {

void check(const Model& m, RuleContext& ctx) {
  const auto& inv = ctx.options().inventory;
  if (!inv) return;
  int64_t now = ctx.options().now;
  for (const auto& p : ami_placements(m, ctx.options().extra_regions)) {
    const Image* im = inv->find_any(p.id, p.regions);
    if (!im || !im->deprecated || im->deprecation_at > now) continue;
    ctx.report(p.range, p.path, p.id,
               "'" + p.id + "' for " + p.use->resource + (im->name.empty() ? "" : " (image '" + im->name + "')") +
                   " was deprecated on " + im->deprecation.substr(0, 10) + " in " + im->region +
                   "; move to a current image");
  }
}

}  // namespace

extern const Rule kAmi061 = {
    "AMI061", "ami-deprecated", Severity::Warning, true, "all (needs inventory)",
    "An AMI used in a slot is deprecated according to the inventory.",
    R"(## What it does
With an inventory: reports an AMI ID used in an AMI slot (a literal, the default of
a parameter that feeds one, or a region-map cell read with `AWS::Region`) whose
inventory entry has a `DeprecationTime` in the past; the message gives its date and
the region whose inventory lists it. "Now" is `--now` (RFC 3339),
else the current time, so that tests and audits can pin it.

## Why is this bad?
A deprecated image is one its owner has retired: it no longer gets patches, it is
hidden from other accounts' `describe-images` and name-based lookups, and it is
often deregistered soon after, which then breaks every launch (AMI060).

## Example
```yaml
# inventory/us-east-1.json lists ami-0abcdef1234567890 with
# "DeprecationTime": "2025-01-01T00:00:00.000Z"
ImageId: ami-0abcdef1234567890
```

## Use instead
The current image of the same line, selected by an SSM parameter or a region map
that your image pipeline updates.)",
    check, kAnyFormat, Needs::Inventory, Identity::SlotAndValue};

}  // namespace amilint
