#include <algorithm>
#include <set>

#include "linter/model/inventory.h"
#include "linter/model/regions.h"
#include "rules/rule.h"

namespace amilint {

namespace {

// Inventory evidence: the inventory (or a Packer manifest) lists the ID in regions S
// (an AMI ID belongs to one region), and it is used in a region R that is not one of
// them. A manifest is positive evidence: the ID exists in S, so it is not in R. Literals,
// parameter defaults and region-map cells (each in the region of its row).
void check_inventory(const Model& m, RuleContext& ctx, std::set<Range>& seen) {
  const auto& inv = ctx.options().inventory;
  if (!inv) return;
  for (const auto& p : ami_placements(m, ctx.options().extra_regions)) {
    if (p.regions.empty() || seen.count(p.range)) continue;
    std::vector<std::string> listed = inv->regions_listing(p.id);
    if (listed.empty()) continue;  // in no inventoried region: AMI060
    std::vector<std::string> wrong;
    for (const auto& r : p.regions)
      if (std::find(listed.begin(), listed.end(), r) == listed.end()) wrong.push_back(r);
    if (wrong.empty()) continue;
    seen.insert(p.range);
    // Where the evidence is: the inventory, or a Packer manifest (which lists what it
    // built, not everything a region has).
    const Image* im = inv->find_any(p.id, listed);
    std::string evidence = im && !im->evidence.empty() ? im->evidence : std::string();
    // The same image (by name, or from the same Packer build) in the wrong regions:
    // the ID to use there.
    std::vector<std::string> copies, uncopied, uninventoried;
    std::string copy_name;
    bool one_name = true;
    for (const auto& r : wrong) {
      std::vector<const Image*> same = inv->copies(p.id, r);
      if (same.empty()) {
        uncopied.push_back(r);
        if (!inv->has_region(r)) uninventoried.push_back(r);
        continue;
      }
      copies.push_back(same.front()->id + " in " + r);
      if (copy_name.empty()) copy_name = same.front()->name;
      else if (copy_name != same.front()->name) one_name = false;
    }
    std::string fix;
    if (!copies.empty())
      fix = (copies.size() > 1 ? "use its copies " : "use its copy ") + join(copies) +
            (one_name && !copy_name.empty() ? " ('" + copy_name + "')" : std::string());
    if (!uncopied.empty())
      fix += (fix.empty() ? "" : "; ") + std::string("copy it to ") + join(uncopied) +
             m.syntax->phrase(Phrase::InventoryMoveRemedy);
    std::string why;
    if (evidence.empty())
      why = uninventoried.empty() ? std::string(" (inventory)") : " (no inventory of " + join(uninventoried) + ")";
    else
      why = " (" + evidence + (uninventoried.empty() ? "" : "; no inventory of " + join(uninventoried)) + ")";
    ctx.report(p.range, p.path, p.id,
               "'" + p.id + "' for " + p.use->resource + " is used in " + join(wrong) + " but is only in " +
                   join(listed) + why + "; " + fix);
  }
}

void check(const Model& m, RuleContext& ctx) {
  std::set<Range> seen;
  const Syntax& syntax = *m.syntax;
  for (const auto& use : m.uses) {
    if (!use.region_known) continue;
    for (const auto& s : use.sources) {
      // A literal, or the default of a parameter (what a deployment with defaults uses).
      bool from_param = s.kind == SourceKind::Parameter && s.from_default;
      if ((s.kind != SourceKind::Literal && !from_param) || !s.value.known() || !is_ami_id(s.value.value))
        continue;
      const std::string& id = s.value.value;
      // Region-map evidence: the same template lists this ID for other regions.
      std::vector<std::string> listed;
      std::string map_name, copy_name;
      for (const auto& rm : m.region_maps)
        for (const auto& row : rm.rows)
          for (const auto& kv : row.values)
            if (kv.second.known() && kv.second.value == id &&
                is_known_region(row.region, ctx.options().extra_regions) &&  // not a `default` row
                std::find(listed.begin(), listed.end(), row.region) == listed.end()) {
              listed.push_back(row.region);
              if (map_name.empty()) map_name = rm.name;
            }
      // Terraform: an aws_ami_copy says where this ID lives (its source_ami_region).
      for (const auto& c : m.copies)
        if (c.source_ami_id.known() && c.source_ami_id.value == id && c.source_ami_region.known() &&
            std::find(listed.begin(), listed.end(), c.source_ami_region.value) == listed.end()) {
          listed.push_back(c.source_ami_region.value);
          if (copy_name.empty()) copy_name = c.address;
        }
      if (listed.empty()) continue;
      std::vector<std::string> wrong;
      for (const auto& r : source_regions(m, use, s))
        if (std::find(listed.begin(), listed.end(), r) == listed.end()) wrong.push_back(r);
      // A literal read from a mapping with fixed keys (Fn::FindInMap [Map, us-east-1,
      // Ami]): the mistake is the lookup in the slot, not the map's cell.
      bool lookup = !from_param && s.from_mapping;
      Range at = lookup ? s.range : s.value.range;
      if (wrong.empty() || !seen.insert(at).second) continue;
      std::string what = from_param ? "parameter '" + s.param + (s.given ? "' is '" : "' defaults to '") + id + "', which " + use.resource +
                                          " uses in "
                         : lookup ? syntax.phrase(Phrase::FixedKeysRead, s.mapping_region) + " gives " + use.resource + " '" + id +
                                        "', which it uses in "
                                  : "'" + id + "' is used in ";
      std::string evidence = !map_name.empty() ? "region map '" + map_name + "' lists it for "
                                               : copy_name + " copies it from ";
      // Terraform: the configuration may already copy it there; then use that copy.
      std::string copy_there;
      for (const auto& c : m.copies)
        if (copy_there.empty() && c.source_ami_id.known() && c.source_ami_id.value == id && c.region_known &&
            wrong.size() == 1 && c.regions.size() == 1 && c.regions[0] == wrong[0])
          copy_there = c.address;
      std::string remedy = copy_there.empty()
                               ? "copy the image to " + join(wrong) + syntax.phrase(Phrase::EvidenceMoveRemedy)
                               : "use " + copy_there + ".id, its copy in " + wrong[0] + ", instead";
      // A read of the wrong region's entry, where the map has the right one.
      if (lookup && s.mapping_region_map >= 0 && wrong.size() == 1) {
        const RegionMap& rm = m.region_maps[static_cast<size_t>(s.mapping_region_map)];
        if (rm.row(wrong[0]) != nullptr) {
          ctx.report(Origin{at, value_path(use, s)}, id,
                     syntax.phrase(Phrase::FixedKeysRead, s.mapping_region) + " gives " + use.resource + " in " +
                         wrong[0] + " the " + s.mapping_region + " image; " + syntax.phrase(Phrase::RegionKeyRemedy));
          continue;
        }
      }
      ctx.report(Origin{at, from_param ? s.value.path : value_path(use, s)}, id,
                 what + join(wrong) + ", but " + evidence + join(listed) + "; " + remedy);
    }
  }
  check_inventory(m, ctx, seen);
}

}  // namespace

extern const Rule kAmi010 = {
    "AMI010", "ami-region-mismatch", Severity::Error, true, "all",
    "An AMI ID is used in a region where evidence says it does not exist.",
    R"(## What it does
Reports an AMI ID used in region R when evidence says the image lives in another
region S and not in R. The ID is a literal in the slot, the default of a parameter
that feeds the slot (what a deployment with defaults uses), or a region-map cell
read with a fixed region key (then the finding points at the `Fn::FindInMap`, or
at Terraform's `local.amis["us-east-1"]` read for a resource in another region).
Evidence: the inventory (`--inventory`: it lists the ID in S, and R's inventory,
when given, does not list it; this also judges each region-map cell read with
`AWS::Region` for the region of its row); a region map in the same template or
module that lists the same ID under S (also a default taken where the map has no
entry for R: CloudFormation's `Fn::FindInMap` `DefaultValue`, Terraform's
`lookup(var.amis, var.region, "ami-...")`);
in Terraform, an `aws_ami_copy` whose source is this ID with
`source_ami_region = S`. The same literal used for two
regions with no other evidence is AMI012 instead.

## Why is this bad?
An AMI ID exists only in its own region: a copy of the image in another region
has another ID. The launch fails with `InvalidAMIID.NotFound`, in the middle of a
stack or an apply. With an inventory, the message names the copy when the region's
inventory has an image of the same name (that image's ID is the one to use there);
a region with no inventory file is named as such, since nothing says the image was
copied there.

## Example
```yaml
# deployed with --region us-west-2
Mappings:
  AmiMap:
    us-east-1: {Ami: ami-0abcdef1234567890}
Resources:
  Web:
    Type: AWS::EC2::Instance
    Properties:
      ImageId: ami-0abcdef1234567890    # the us-east-1 image
```

## Use instead
Copy the image to the region and select the regional ID per region:

```sh
aws ec2 copy-image --source-region us-east-1 --source-image-id ami-0abcdef1234567890 \
    --region us-west-2 --name web-base --encrypted
```

or an `aws_ami_copy` resource (Terraform), an Image Builder distribution, a DLM
cross-region copy rule. Then select the ID of the region's copy with a region map
(`Fn::FindInMap [AmiMap, !Ref AWS::Region, Ami]`), an SSM parameter per region, or,
in Terraform, the copy's `id`. When the configuration already has an
`aws_ami_copy` of the image in that region, use its `id`.)",
    check, kAnyFormat, Needs::Nothing, Identity::SlotAndValue};

}  // namespace amilint
