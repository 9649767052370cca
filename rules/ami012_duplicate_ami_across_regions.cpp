#include <algorithm>
#include <map>

#include "rules/rule.h"

namespace amilint {

namespace {

void check(const Model& m, RuleContext& ctx) {
  struct First {
    std::string region;
    std::string map;
    Range range;
    std::string key;
  };
  // Every region-map cell in file order, so that "first" means first in the file
  // (rows of a map with regions second-level are grouped by region, not by position).
  struct Cell {
    const RegionMap* rm;
    const RegionMap::Row* row;
    const std::string* key;
    const Str* v;
  };
  std::vector<Cell> cells;
  for (const auto& rm : m.region_maps)
    for (const auto& row : rm.rows)
      for (const auto& kv : row.values)
        if (kv.second.known() && is_ami_id(kv.second.value)) cells.push_back({&rm, &row, &kv.first, &kv.second});
  std::stable_sort(cells.begin(), cells.end(),
                   [](const Cell& a, const Cell& b) { return a.v->range < b.v->range; });
  std::map<std::string, First> first;  // AMI ID -> where it was first given
  for (const auto& c : cells) {
    const Str& v = *c.v;
    auto it = first.find(v.value);
    if (it == first.end()) {
      first.emplace(v.value, First{c.row->region, c.rm->name, v.range, *c.key});
      continue;
    }
    if (it->second.region == c.row->region) continue;
    ctx.report(v, v.value,
               "'" + v.value + "' is given for " + c.row->region + " and for " + it->second.region +
                   (it->second.key.empty() ? " (region map '" + it->second.map + "')"
                                           : " (mapping '" + it->second.map + "', key '" + it->second.key + "')") +
                   "; use the ID of its copy in " + c.row->region);
  }
  // The same literal in slots whose (single, known) regions differ.
  std::map<std::string, std::pair<std::string, std::string>> used_first;  // id -> region, resource
  for (const auto& use : m.uses) {
    if (!use.region_known || use.regions.size() != 1) continue;
    for (const auto& s : use.sources) {
      if (s.kind != SourceKind::Literal || s.default_for_map >= 0 || !s.value.known() || !is_ami_id(s.value.value))
        continue;
      // An aws_ami_copy names the image's own region: AMI010 judges every use then.
      if (std::any_of(m.copies.begin(), m.copies.end(), [&](const AmiCopy& c) {
            return c.source_ami_id.known() && c.source_ami_id.value == s.value.value && c.source_ami_region.known();
          }))
        continue;
      auto it = used_first.find(s.value.value);
      if (it == used_first.end()) {
        used_first.emplace(s.value.value, std::make_pair(use.regions[0], use.resource));
        continue;
      }
      if (it->second.first == use.regions[0]) continue;
      ctx.report(Origin{s.value.range, value_path(use, s)}, s.value.value,
                 "'" + s.value.value + "' is used in " + use.regions[0] + " and in " +
                     it->second.first + " (" + it->second.second + "); use the ID of its copy in " +
                     use.regions[0]);
    }
  }
}

}  // namespace

extern const Rule kAmi012 = {
    "AMI012", "duplicate-ami-across-regions", Severity::Error, true, "all",
    "The same AMI ID is given for two or more different regions.",
    R"(## What it does
Reports a literal AMI ID given for two or more regions: under two region keys of
a region map (CloudFormation `Mappings`, or a Terraform map keyed by regions that
an AMI slot reads), or in Terraform resources whose effective regions differ. Each extra occurrence is reported, naming the first one in the file. When an
`aws_ami_copy` of that ID names its source region, AMI010 judges each use instead.

## Why is this bad?
A copy of an AMI always gets a new ID in its new region, so one ID cannot be right
for two regions: at most one entry is right and the others fail with
`InvalidAMIID.NotFound`. This usually comes from pasting the same row twice.

## Example
```yaml
Mappings:
  AmiMap:
    us-east-1: {Ami: ami-0abcdef1234567890}
    us-west-2: {Ami: ami-0abcdef1234567890}   # pasted
```

## Use instead
Look up the ID of the copy in each region (`aws ec2 describe-images --region ...`)
or use an SSM parameter, which resolves per region.)",
    check, kAnyFormat, Needs::Nothing, Identity::SlotAndValue};

}  // namespace amilint
