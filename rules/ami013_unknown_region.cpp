#include <algorithm>

#include "linter/model/regions.h"
#include "rules/rule.h"

namespace amilint {

namespace {

void check(const Model& m, RuleContext& ctx) {
  const auto& extra = ctx.options().extra_regions;
  // One finding per written name: a Terraform value (a tfvars entry, a variable
  // default) may feed several region arguments; the message names every use.
  std::vector<std::pair<const RegionMention*, std::vector<std::string>>> at;
  for (const auto& rm : m.region_mentions) {
    if (!rm.region.known() || is_known_region(rm.region.value, extra)) continue;
    auto same = std::find_if(at.begin(), at.end(), [&](const auto& a) { return a.first->region.range == rm.region.range; });
    if (same == at.end()) at.push_back({&rm, {rm.what}});
    else if (std::find(same->second.begin(), same->second.end(), rm.what) == same->second.end())
      same->second.push_back(rm.what);
  }
  for (const auto& [mention, whats] : at) {
    const RegionMention& rm = *mention;
    std::string hint = closest_region(rm.region.value, extra);
    ctx.report(rm.region, rm.region.value,
               "unknown region '" + rm.region.value + "' (" + join(whats) + ")" +
                   (hint.empty() ? std::string("; add it to extra_regions in .amilint.yaml if it is real")
                                 : "; did you mean '" + hint + "'?"));
  }
}

}  // namespace

extern const Rule kAmi013 = {
    "AMI013", "unknown-region", Severity::Error, true, "all",
    "A region name that is not a known AWS region.",
    R"(## What it does
Reports a region name that is not a known AWS region, with the closest known name:
keys of region maps used with `AWS::Region` (Terraform: maps keyed by regions that
an AMI slot reads), provider and resource `region` (also a `for_each` key that
becomes one),
`source_ami_region`, Image Builder distribution regions, DLM `TargetRegion`,
StackSet `Regions`. The built-in list covers the commercial, China, GovCloud and
isolated partitions; config `extra_regions` adds names.

## Why is this bad?
A typo such as `us-east-3` or `eu-west` never matches: a region map entry is
silently never used (and the real region has none), a copy goes nowhere, a
deployment fails.

## Example
```yaml
Mappings:
  AmiMap:
    us-east-3: {Ami: ami-0abcdef1234567890}
```

## Use instead
The exact region name (`us-east-2`). A region that is real but not in the built-in
list (one AWS opened after this version of amilint, or a private partition's): add
it to `extra_regions` in `.amilint.yaml`.)",
    check, kAnyFormat, Needs::Nothing, Identity::SlotAndValue};

}  // namespace amilint
