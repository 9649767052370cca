#include <algorithm>
#include <set>

#include "linter/model/baked.h"
#include "linter/model/inventory.h"
#include "rules/rule.h"

namespace amilint {

namespace {

bool contains(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

// Terraform: an aws_ami_copy of the image (by literal source ID or by reference to
// the block that makes or finds it) whose effective region is each DR region.
std::vector<std::string> missing_copies(const Model& m, const std::string& id, const std::string& ref,
                                        const std::vector<std::string>& dr) {
  std::vector<std::string> missing;
  for (const auto& d : dr) {
    bool found = false;
    for (const auto& c : m.copies) {
      if (!c.region_known || !contains(c.regions, d)) continue;
      if ((!id.empty() && c.source_ami_id.known() && c.source_ami_id.value == id) ||
          (!ref.empty() && c.source_ref == ref))
        found = true;
    }
    if (!found) missing.push_back(d);
  }
  return missing;
}

bool copied_everywhere(const Model& m, const std::string& id, const std::string& ref,
                       const std::vector<std::string>& dr) {
  return missing_copies(m, id, ref, dr).empty();
}

// Inventory evidence: an image with the same Name in a DR region's inventory, or a
// copy from the same Packer build in a manifest, is that image's copy there. Returns
// the DR regions without one, and explains in note. A manifest lists what Packer
// built, so a region it has no copy in is not shown to lack one.
std::vector<std::string> missing_by_name(const LintOptions& o, const std::string& id,
                                         const std::vector<std::string>& regions, const std::vector<std::string>& dr,
                                         std::string& note) {
  if (!o.inventory) return dr;
  const Image* im = o.inventory->find_any(id, regions);
  if (!im) return dr;
  std::vector<std::string> missing, checked;
  for (const auto& d : dr) {
    if (!o.inventory->copies(id, d).empty()) continue;
    missing.push_back(d);
    if (o.inventory->has_region(d)) checked.push_back(d);
  }
  if (!im->evidence.empty())
    note = missing.empty() ? "" : " (no copy in " + im->evidence + ")";  // what it built, not what is there
  else if (!checked.empty() && !im->name.empty())
    note = " (no '" + im->name + "' in the inventory of " + join(checked) + ")";
  return missing;
}

void judge_terraform(const Model& m, const AmiUse& use, const AmiSource& s, const std::vector<std::string>& dr,
                     const std::string& primary, RuleContext& ctx) {
  if (s.kind == SourceKind::Lookup && s.lookup >= 0) {
    const AmiLookup& l = m.lookups[static_cast<size_t>(s.lookup)];
    // Images owned by Amazon exist under the same name in every region.
    bool amazon_only = l.has_owners() && l.owners.all_known() && !l.owners.items.empty() &&
                       std::all_of(l.owners.items.begin(), l.owners.items.end(),
                                   [](const Str& o) { return o.value == "amazon"; });
    if (amazon_only || !l.owners.all_known() || !l.has_owners()) return;
  } else if (s.kind == SourceKind::Managed) {
    if (s.ref_image_builder) return;  // its distributions decide
  } else {
    return;
  }
  std::vector<std::string> missing = missing_copies(m, "", s.ref_address, dr);
  // A copy's siblings: another copy of the same image (aws_ami_copy.dr["eu-west-1"]
  // beside aws_ami_copy.dr["us-west-2"]) makes it available there too.
  if (s.copy >= 0 && static_cast<size_t>(s.copy) < m.copies.size() && !missing.empty()) {
    const AmiCopy& made = m.copies[static_cast<size_t>(s.copy)];
    std::string id = made.source_ami_id.known() ? made.source_ami_id.value : std::string();
    if (!id.empty() || !made.source_ref.empty()) missing = missing_copies(m, id, made.source_ref, missing);
  }
  if (missing.empty()) return;
  ctx.report(s, s.ref_address + ":" + join(missing),
             s.ref_address + " for " + use.resource + " in " + primary + " is not copied to DR region" +
                 (missing.size() > 1 ? "s " : " ") + join(missing) + "; add an aws_ami_copy for each");
}

// From bake to launch: a lookup of your own images by a name a Packer build of the
// run gives its image (or an hcp_packer_artifact of the build's bucket) finds that
// build's images, which are in its build region and its ami_regions only. Reported
// at the name (or the artifact), naming the build. Returns whether a build decides.
bool judge_baked(const Model& m, const AmiSource& s, RuleContext& ctx, std::set<Range>& seen) {
  const auto& o = ctx.options();
  if (!o.baked) return false;
  std::vector<const BakedImage*> images;
  Origin at;
  std::string finds;
  if (s.kind == SourceKind::Lookup && s.lookup >= 0 && static_cast<size_t>(s.lookup) < m.lookups.size()) {
    const AmiLookup& l = m.lookups[static_cast<size_t>(s.lookup)];
    BakedMatch match = baked_for_lookup(o, l);
    if (match.images.empty() || !match.by) return false;
    images = std::move(match.images);
    at = *match.by;
    finds = l.address + " finds";
  } else if (s.kind == SourceKind::Registry) {
    images = baked_in_bucket(o, s.registry_bucket);
    if (images.empty()) return false;
    at = s;
    finds = s.ref_address + " reads";
  } else {
    return false;
  }
  std::vector<std::string> missing;
  for (const auto& d : o.dr_regions)
    if (!baked_in_region(images, d)) missing.push_back(d);
  if (missing.empty() || !seen.insert(at.range).second) return true;
  ctx.report(at, images[0]->build + ":" + join(missing),
             finds + " the image of " + describe_baked(images) + ", not copied to DR region" +
                 (missing.size() > 1 ? "s " : " ") + join(missing) + "; add " +
                 (missing.size() > 1 ? "them" : "it") + " to ami_regions");
  return true;
}

void check(const Model& m, RuleContext& ctx) {
  const auto& o = ctx.options();
  if (o.dr_regions.empty()) return;
  std::set<Range> seen;
  for (const auto& use : m.uses) {
    if (use.build_source) continue;  // a Packer build's source: its image is judged below
    // DR regions other than where this slot already launches.
    std::vector<std::string> dr;
    for (const auto& d : o.dr_regions)
      if (!contains(use.regions, d)) dr.push_back(d);
    std::string primary = use.regions.empty() ? "its region" : join(use.regions);
    for (const auto& s : use.sources) {
      // A Packer build of the run makes the image: it must be in every DR region,
      // also one this slot launches in.
      if (judge_baked(m, s, ctx, seen)) continue;
      if (dr.empty()) continue;
      if (s.kind == SourceKind::Lookup || s.kind == SourceKind::Managed) {
        judge_terraform(m, use, s, dr, primary, ctx);
        continue;
      }
      // A literal ID exists in one region only; nothing in the template selects a
      // copy in the DR regions. Region maps are AMI014; SSM public parameters and
      // owner-pinned lookups resolve everywhere; unresolved values prove nothing.
      // A map read's DefaultValue stands in for the map's gaps, which are AMI014's.
      if (s.kind != SourceKind::Literal || s.default_for_map >= 0 || !s.value.known() || !is_ami_id(s.value.value))
        continue;
      if (copied_everywhere(m, s.value.value, "", dr)) continue;
      std::string note;
      std::vector<std::string> missing =
          missing_by_name(o, s.value.value, use.regions, missing_copies(m, s.value.value, "", dr), note);
      if (missing.empty()) continue;
      if (!seen.insert(s.value.range).second) continue;
      ctx.report(Origin{s.value.range, value_path(use, s)}, s.value.value,
                 "'" + s.value.value + "' for " + use.resource + " in " + primary + " is not in DR region" +
                     (missing.size() > 1 ? "s " : " ") + join(missing) + note + "; " +
                     m.syntax->phrase(Phrase::DrCopyRemedy));
    }
  }
  // Images are made in one region: a DR region that is that region already has them,
  // every other region needs a copy.
  auto needs_copy = [](const std::vector<std::string>& home, const std::string& dr) {
    return !(home.size() == 1 && home[0] == dr);
  };
  for (const auto& dc : m.distributions) {
    std::vector<std::string> have;
    bool all_known = !dc.distributions.empty();
    for (const auto& d : dc.distributions) {
      if (!d.region.known()) all_known = false;
      else have.push_back(d.region.value);
    }
    if (!all_known) continue;
    std::vector<std::string> missing;
    for (const auto& d : o.dr_regions)
      if (!contains(have, d) && needs_copy(dc.home_regions, d)) missing.push_back(d);
    if (missing.empty()) continue;
    ctx.report(dc.anchor, join(missing),
               "Image Builder configuration '" + dc.resource + "' does not distribute to DR region" +
                   (missing.size() > 1 ? "s " : " ") + join(missing) + "; add a distribution for each");
  }
  for (const auto& lp : m.lifecycle_policies) {
    if (!lp.image_policy) continue;
    std::vector<std::string> have;
    bool all_known = true;
    for (const auto& r : lp.copy_rules) {
      if (!r.target_region.known()) all_known = false;
      else have.push_back(r.target_region.value);
    }
    if (!all_known) continue;
    std::vector<std::string> missing;
    for (const auto& d : o.dr_regions)
      if (!contains(have, d) && needs_copy(lp.home_regions, d)) missing.push_back(d);
    if (missing.empty()) continue;
    ctx.report(lp.anchor, join(missing),
               "DLM AMI policy '" + lp.resource + "' has no cross-region copy rule to DR region" +
                   (missing.size() > 1 ? "s " : " ") + join(missing) + "; add one for each");
  }
  // Packer: the image a build makes is in its build region and its ami_regions.
  for (const auto& b : m.builds) {
    if (!b.region_known || !b.copies_known) continue;
    std::vector<std::string> missing;
    for (const auto& d : o.dr_regions)
      if (!contains(b.copy_regions, d) && needs_copy(b.regions, d)) missing.push_back(d);
    if (missing.empty()) continue;
    ctx.report(b.copies_at, join(missing),
               b.address + " does not copy its AMI to DR region" + (missing.size() > 1 ? "s " : " ") +
                   join(missing) + "; " + m.syntax->phrase(Phrase::DrCopyRemedy, missing.size() > 1 ? "them" : "it"));
  }
}

}  // namespace

extern const Rule kAmi020 = {
    "AMI020", "dr-region-missing-ami", Severity::Error, true, "all",
    "An AMI launched in the primary region is not made available in every DR region.",
    R"(## What it does
With DR regions declared (`--dr-region`, config `dr_regions`), reports an AMI that
is launched in the primary region but not made available in every DR region.
Evidence of availability in a DR region: a region-map entry for it, an
`aws_ami_copy` of that AMI in it (for a copy, another copy of the same image, as
`for_each` copies per region make), an Image Builder distribution or DLM cross-region
copy rule to it, an SSM public parameter (`/aws/service/...`) or a lookup whose
owners are only `amazon` (these resolve in every region), or the inventory listing
an image with the same name there (or a Packer manifest listing a copy from the
same build there). A literal AMI ID has none of these by itself.
Also reports an Image Builder distribution configuration, a DLM AMI policy or a
Packer build (`ami_regions`, or the builder when it has none) whose copies omit a
DR region. A Packer build's `source_ami` is needed in its build region only.
Region-map gaps are AMI014.
From bake to launch: when the run also holds the Packer build that makes the image a
Terraform lookup of your own images finds by name (or an `hcp_packer_artifact` of the
build's bucket), the build's region and `ami_regions` are where the image is: a DR
region they leave out is reported at the lookup's name, naming the build's file and
line.

## Why is this bad?
An AMI ID exists in one region only, and nothing in the template selects a copy in
the DR regions. In a disaster the DR region cannot boot the workload: the AMI is
not there, and copying it then takes time you do not have (and may be impossible
when the primary region is down). The images a DLM policy or an Image Builder
pipeline creates are not available in a region it does not copy or distribute to.
With an inventory, the message says when a DR region's inventory has no image of
the same name.

## Example
```yaml
# --region us-east-1 --dr-region us-west-2
ImageId: ami-0abcdef1234567890
```

## Use instead
Copy the image to each DR region (Image Builder distributions, DLM cross-region
copy rules, `aws_ami_copy` with a provider in each DR region) and select it per
region: in CloudFormation with a region map (`Fn::FindInMap` with `AWS::Region`)
or an SSM parameter, in Terraform by launching the copy (`aws_ami_copy.x.id`) in
the DR region. Add a distribution (Image Builder) or a cross-region copy rule
(DLM), or an `ami_regions` entry (Packer), for each DR region that is missing.)",
    check, kAnyFormat, Needs::DrRegions, Identity::SlotAndValue};

}  // namespace amilint
