// The AMI audit table (ami_audit): one entry per AMI slot and possible source, with
// the image the inventory lists for it and its availability in each DR region.
#include "linter/model/audit.h"

#include <algorithm>
#include <string>
#include <vector>

#include "linter/model/baked.h"
#include "linter/model/regions.h"
#include "linter/model/syntax.h"
#include "rules/rule.h"

namespace amilint {

namespace {

bool has(const std::vector<std::string>& v, const std::string& s) { return std::find(v.begin(), v.end(), s) != v.end(); }

// The images of the run's Packer builds a lookup or HCP Packer artifact finds.
std::vector<const BakedImage*> baked_for(const Model& m, const AmiSource& s, const LintOptions& o) {
  if (s.kind == SourceKind::Registry) return baked_in_bucket(o, s.registry_bucket);
  if (s.kind == SourceKind::Lookup && s.lookup >= 0 && static_cast<size_t>(s.lookup) < m.lookups.size())
    return baked_for_lookup(o, m.lookups[static_cast<size_t>(s.lookup)]).images;
  return {};
}

DrAvailability availability(const Model& m, const AmiUse& use, const AmiSource& s, const std::string& d,
                            const LintOptions& o) {
  const Inventory* inv = o.inventory.get();
  auto available = [&](const std::string& how) { return DrAvailability{d, "available", how}; };
  auto missing = [&](const std::string& why) { return DrAvailability{d, "missing", why}; };
  auto unknown = [&](const std::string& why) { return DrAvailability{d, "unknown", why}; };
  std::vector<const BakedImage*> baked = baked_for(m, s, o);
  if (!baked.empty())
    return baked_in_region(baked, d) ? available("made by " + describe_baked(baked) + ", which puts it in " + d)
                                     : missing(describe_baked(baked) + " does not copy its image to " + d);
  if (has(use.regions, d)) return available("deployed there");
  auto copied = [&](const std::string& id, const std::string& ref) -> const AmiCopy* {
    for (const auto& c : m.copies)
      if (c.region_known && has(c.regions, d) &&
          ((!id.empty() && c.source_ami_id.known() && c.source_ami_id.value == id) ||
           (!ref.empty() && c.source_ref == ref)))
        return &c;
    return nullptr;
  };
  switch (s.kind) {
    case SourceKind::Literal:
    case SourceKind::Parameter: {
      if (!s.value.known()) return unknown(s.reason.empty() ? "the value is not known" : s.reason);
      const std::string& id = s.value.value;
      if (!is_ami_id(id)) return unknown("'" + id + "' is not an AMI ID");
      if (const AmiCopy* c = copied(id, "")) return available("copied by " + c->address);
      const Image* im = inv ? inv->find_any(id, use.regions) : nullptr;
      if (im)
        for (const Image* same : inv->copies(id, d))
          return available(same->evidence.empty()
                               ? "the inventory of " + d + " has image '" + same->name + "' as " + same->id
                               : same->evidence + " lists its copy in " + d + " as " + same->id + " ('" +
                                     same->name + "')");
      std::string why = "an AMI ID exists in one region only and nothing makes a copy available in " + d;
      if (im && !im->name.empty() && im->evidence.empty() && inv->has_region(d))
        why = "the inventory of " + d + " has no image named '" + im->name + "'";
      return missing(why);
    }
    case SourceKind::RegionMap: {
      if (s.region_map < 0 || static_cast<size_t>(s.region_map) >= m.region_maps.size())
        return unknown("the region map is not defined");
      const RegionMap& rm = m.region_maps[static_cast<size_t>(s.region_map)];
      if (!s.map_keys_known) return unknown("the keys of region map '" + rm.name + "' are not known");
      const RegionMap::Row* row = rm.row(d);
      std::vector<std::string> cells;
      bool all = row != nullptr;
      for (const auto& k : s.map_keys) {
        const Str* c = row ? row->find(k) : nullptr;
        if (c && c->known()) cells.push_back(c->value);
        else all = false;
      }
      if (all) return available("region map '" + rm.name + "': " + join(cells));
      if (s.map_has_default) return available("the Fn::FindInMap DefaultValue");
      return missing("region map '" + rm.name + "' has no entry for " + d);
    }
    case SourceKind::Ssm:
      if (s.ssm_public) return available("an AWS public SSM parameter, which resolves in every region");
      return unknown("the SSM parameter must exist in " + d);
    case SourceKind::Lookup: {
      if (s.lookup >= 0 && static_cast<size_t>(s.lookup) < m.lookups.size()) {
        const AmiLookup& l = m.lookups[static_cast<size_t>(s.lookup)];
        bool amazon_only = l.has_owners() && l.owners.all_known() && !l.owners.items.empty() &&
                           std::all_of(l.owners.items.begin(), l.owners.items.end(),
                                       [](const Str& o) { return o.value == "amazon"; });
        if (amazon_only) return available("a lookup of Amazon-owned images, which exist in every region");
        if (const AmiCopy* c = copied("", s.ref_address)) return available("copied by " + c->address);
        if (l.has_owners() && l.owners.all_known())
          return missing("a lookup of your own images finds one in " + d + " only if it was copied there");
      }
      return unknown("the lookup's owners are not known");
    }
    case SourceKind::Managed:
      if (const AmiCopy* c = copied("", s.ref_address)) return available("copied by " + c->address);
      if (s.copy >= 0 && static_cast<size_t>(s.copy) < m.copies.size()) {  // a sibling copy of the same image
        const AmiCopy& made = m.copies[static_cast<size_t>(s.copy)];
        if (const AmiCopy* c = copied(made.source_ami_id.known() ? made.source_ami_id.value : "", made.source_ref))
          return available("copied by " + c->address);
      }
      if (s.ref_image_builder)
        return unknown("the Image Builder distribution configuration decides");
      return missing(s.ref_address + " is not copied to " + d);
    case SourceKind::Registry:
      return unknown("the registry's artifact for " + d + " decides");
    case SourceKind::Unresolved:
      break;
  }
  return unknown(s.reason.empty() ? "the source could not be resolved" : s.reason);
}

// What a Packer build makes of its source image.
BuildAudit build_audit(const Model& m, const ImageBuild& b) {
  BuildAudit a;
  a.name = b.name_pattern;
  if (b.region_known) a.regions = b.regions;
  a.copies = b.copy_regions;
  a.copies_known = b.copies_known;
  if (b.encrypted.known()) a.encrypt_boot = b.encrypted.value;
  if (b.kms_key_id.known()) a.kms_key_id = b.kms_key_id.value;
  for (const auto& lp : m.launch_permissions) {
    if (lp.address != b.address) continue;
    const char* option = lp.snapshot ? (lp.group.known() ? "snapshot_groups" : "snapshot_users")
                         : lp.org_arn.known() ? (lp.org_unit ? "ami_ou_arns" : "ami_org_arns")
                         : lp.group.known()   ? "ami_groups"
                                              : "ami_users";
    const Str& v = lp.org_arn.known() ? lp.org_arn : lp.group.known() ? lp.group : lp.account_id;
    if (!v.known()) continue;
    auto it = std::find_if(a.shared.begin(), a.shared.end(), [&](const auto& e) { return e.first == option; });
    if (it == a.shared.end()) it = a.shared.insert(a.shared.end(), {option, {}});
    it->second.push_back(v.value);
  }
  static const char* order[] = {"ami_users", "ami_groups", "ami_org_arns", "ami_ou_arns", "snapshot_users",
                                "snapshot_groups"};
  auto rank = [](const std::string& option) { return std::find(std::begin(order), std::end(order), option) - order; };
  std::stable_sort(a.shared.begin(), a.shared.end(), [&](const auto& x, const auto& y) { return rank(x.first) < rank(y.first); });
  return a;
}

// Where the image a build makes is: its build region and its ami_regions.
DrAvailability build_availability(const ImageBuild& b, const std::string& d) {
  if (b.region_known && has(b.regions, d)) return {d, "available", "the build region"};
  if (has(b.copy_regions, d)) return {d, "available", "ami_regions copies it there"};
  if (!b.region_known || !b.copies_known) return {d, "unknown", "the build region or ami_regions is not known"};
  return {d, "missing", "ami_regions does not copy it there"};
}

}  // namespace

std::vector<AmiAuditEntry> ami_audit(const Model& m, const LintOptions& o) {
  std::vector<AmiAuditEntry> out;
  const Inventory* inv = o.inventory.get();
  for (const auto& use : m.uses) {
    for (const auto& s : use.sources) {
      AmiAuditEntry e;
      e.range = s.range.empty() ? use.range : s.range;
      e.resource = use.resource;
      e.resource_type = use.resource_type;
      e.slot = use.path;
      e.source = source_kind_name(s.kind);
      if (use.region_known) e.regions = use.regions;
      switch (s.kind) {
        case SourceKind::Literal:
          e.value = s.value.value;
          e.value_known = s.value.known();
          if (s.from_mapping) e.detail = m.syntax->phrase(Phrase::FixedKeysRead, s.mapping_region);
          break;
        case SourceKind::Parameter:
          e.value = s.value.value;
          e.value_known = s.value.known();
          e.detail = "parameter '" + s.param + "'" + (!s.value.known() ? "" : s.given ? " (its value)" : " (its default)") +
                     (s.reason.empty() || s.value.known() ? "" : ": " + s.reason);
          break;
        case SourceKind::RegionMap:
          if (s.region_map >= 0 && static_cast<size_t>(s.region_map) < m.region_maps.size()) {
            const RegionMap& rm = m.region_maps[static_cast<size_t>(s.region_map)];
            e.detail = "region map '" + rm.name + "'";
            for (const auto& row : rm.rows) {
              if (!is_known_region(row.region, o.extra_regions)) continue;
              if (use.region_known && !has(use.regions, row.region)) continue;
              std::vector<std::string> cells;
              for (const auto& k : s.map_keys)
                if (const Str* c = row.find(k); c && c->known()) cells.push_back(c->value);
              if (!cells.empty()) e.by_region.emplace_back(row.region, std::move(cells));
            }
          }
          break;
        case SourceKind::Ssm:
          e.value = s.value.value;
          e.value_known = s.value.known();
          e.detail = s.ssm_public ? "AWS public parameter" : s.param.empty() ? "" : "parameter '" + s.param + "'";
          break;
        case SourceKind::Lookup:
        case SourceKind::Managed:
        case SourceKind::Registry:
          e.value = s.ref_address;
          e.value_known = !s.ref_address.empty();
          if (s.ref_region_known && !s.ref_regions.empty()) e.detail = "in " + join(s.ref_regions);
          break;
        case SourceKind::Unresolved:
          e.detail = s.reason;
          break;
      }
      if (inv && e.value_known && is_ami_id(e.value))
        if (const Image* im = inv->find_any(e.value, e.regions)) e.image = *im;
      const ImageBuild* build = nullptr;
      if (use.build_source)
        for (const auto& b : m.builds)
          if (b.address == use.resource) build = &b;
      if (build) {
        e.build = build_audit(m, *build);
        for (const auto& d : o.dr_regions) e.dr.push_back(build_availability(*build, d));
      } else {
        for (const auto& d : o.dr_regions) e.dr.push_back(availability(m, use, s, d, o));
      }
      out.push_back(std::move(e));
    }
  }
  return out;
}

}  // namespace amilint
