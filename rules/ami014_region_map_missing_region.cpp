#include <algorithm>
#include <map>
#include <set>

#include "linter/model/regions.h"
#include "rules/rule.h"

namespace amilint {

namespace {

// A region, marked "(DR)" when it is a DR region and not a deploy region.
std::string label(const std::string& r, const Model& m, const LintOptions& o) {
  bool dr = std::find(o.dr_regions.begin(), o.dr_regions.end(), r) != o.dr_regions.end();
  bool deploy = std::find(m.deploy_regions.begin(), m.deploy_regions.end(), r) != m.deploy_regions.end();
  return dr && !deploy ? r + " (DR)" : r;
}

std::string labels(const std::vector<std::string>& rs, const Model& m, const LintOptions& o) {
  std::vector<std::string> out;
  for (const auto& r : rs) out.push_back(label(r, m, o));
  return join(out);
}

// One gap of a region map, at one location: a row that lacks keys (regions
// first-level), a key that lacks regions (regions second-level), or regions that are
// missing altogether (reported at the map's name).
struct Gap {
  Origin at;
  const RegionMap* rm = nullptr;
  enum Kind { RowLacksKeys, KeyLacksRegions, NoRegion } kind = NoRegion;
  std::vector<std::string> keys;     // the keys that are missing (or used, for NoRegion)
  std::vector<std::string> regions;  // the regions that miss them
  std::vector<std::string> users;    // resources that take their AMI from the map
};

void add_unique(std::vector<std::string>& v, const std::string& s) {
  if (std::find(v.begin(), v.end(), s) == v.end()) v.push_back(s);
}

std::string quoted(const std::vector<std::string>& v) {
  std::vector<std::string> q;
  for (const auto& s : v) q.push_back("'" + s + "'");
  return join(q);
}

// The gaps of the region maps the AMI slots read, by location, so that a row or key is
// reported once however many slots and keys lead to it.
class Gaps {
 public:
  Gaps(const Model& m, const LintOptions& o) : m_(m), o_(o) {
    for (const auto* list : {&m.deploy_regions, &o.dr_regions})
      for (const auto& r : *list) add_unique(targets_, r);
  }

  void add(const AmiUse& use, const AmiSource& s) {
    use_ = &use;
    s_ = &s;
    rm_ = &m_.region_maps[static_cast<size_t>(s.region_map)];
    std::vector<std::string> targets = s.map_regions;  // where a Terraform map is read, then the declared
    for (const auto& r : targets_) add_unique(targets, r);
    if (!targets.empty()) {
      for (const auto& r : targets) {
        const RegionMap::Row* row = rm_->row(r);
        if (!row && (rm_->regions_top || !s.map_keys_known)) {
          no_region(r);
        } else if (s.map_keys_known) {
          for (const auto& k : s.map_keys)
            if (!row || !row->find(k)) no_key(r, k);
        }
      }
      return;
    }
    // No declared regions: a ragged map, where some regions have the key and some
    // (an empty row `us-west-2: {}` too) do not.
    if (!s.map_keys_known) return;
    for (const auto& k : s.map_keys) {
      bool anyone_has = false;
      for (const auto& row : rm_->rows)
        if (row.find(k)) anyone_has = true;
      if (!anyone_has) continue;  // a key no region has is another mistake
      for (const auto& row : rm_->rows)
        if (!row.find(k) && is_known_region(row.region, o_.extra_regions)) no_key(row.region, k);
    }
  }

  void report(RuleContext& ctx) {
    for (const auto& id : order_) {
      const Gap& g = gaps_[id];
      const RegionMap& rm = *g.rm;
      std::string what, used;
      if (g.kind == Gap::NoRegion) {
        what = "no entry";
        if (g.keys.size() > 1) used = " (keys used: " + join(g.keys) + ")";
      } else if (g.kind == Gap::RowLacksKeys) {
        what = "no " + quoted(g.keys) + (g.keys.size() > 1 ? " entries" : " entry");
      } else {
        what = "no entry under '" + g.keys[0] + "'";
      }
      ctx.report(g.at, join(g.keys) + ":" + join(g.regions),
                 "region map '" + rm.name + "' has " + what + " for " + labels(g.regions, m_, o_) + used +
                     ", read by " + join(g.users) +
                     (g.regions.size() > 1 ? "; add their AMI IDs" : "; add its AMI ID"));
    }
  }

 private:
  const Model& m_;
  const LintOptions& o_;
  std::vector<std::string> targets_;
  std::map<std::string, Gap> gaps_;
  std::vector<std::string> order_;
  const AmiUse* use_ = nullptr;
  const AmiSource* s_ = nullptr;
  const RegionMap* rm_ = nullptr;

  Gap& gap(Gap::Kind kind, const std::string& where) {
    std::string id = std::to_string(s_->region_map) + "|" + where;
    auto it = gaps_.find(id);
    if (it == gaps_.end()) {
      it = gaps_.emplace(id, Gap{}).first;
      order_.push_back(id);
      it->second.rm = rm_;
      it->second.kind = kind;
    }
    add_unique(it->second.users, use_->resource);
    return it->second;
  }

  void no_region(const std::string& r) {  // the region has no entry at all
    Gap& g = gap(Gap::NoRegion, "*");
    g.at = rm_->name_at;
    add_unique(g.regions, r);
    if (s_->map_keys_known)
      for (const auto& k : s_->map_keys) add_unique(g.keys, k);
  }

  void no_key(const std::string& r, const std::string& k) {  // region r lacks key k
    Gap& g = rm_->regions_top ? gap(Gap::RowLacksKeys, "row:" + r) : gap(Gap::KeyLacksRegions, "key:" + k);
    if (rm_->regions_top) {
      g.at = *rm_->row(r);
    } else {
      auto kr = rm_->key_ranges.find(k);
      g.at = kr != rm_->key_ranges.end() ? kr->second : rm_->name_at;
    }
    add_unique(g.keys, k);
    add_unique(g.regions, r);
  }
};

void check(const Model& m, RuleContext& ctx) {
  Gaps gaps(m, ctx.options());
  for (const auto& use : m.uses)
    for (const auto& s : use.sources)
      if (s.kind == SourceKind::RegionMap && s.region_map >= 0 && !s.map_has_default) gaps.add(use, s);
  gaps.report(ctx);
}

}  // namespace

extern const Rule kAmi014 = {
    "AMI014", "region-map-missing-region", Severity::Error, true, "CFN, TF",
    "A region map that feeds an AMI slot has no entry for a region where the template runs.",
    R"(## What it does
For `Fn::FindInMap [Map, !Ref "AWS::Region", Key]` (or the `Fn::Sub` form) in an AMI
slot, reports the regions for which the map has no `Key` entry: the deploy regions
and DR regions you declared, or, when none are declared, the regions the map has for
other keys but not for this one (a ragged map; an empty row such as
`us-west-2: {}` lacks every key). Points at the map name when a region has no row at
all, at the row that lacks keys (regions first-level), or at the key that lacks
regions (regions second-level), once per location, naming the missing keys and
regions. Every gap of a region map is AMI014, DR regions included.

Terraform: a map keyed by regions (a variable default, tfvars value, local or
`.tf.json` object) read with `lookup(M, KEY)` without a default or `M[KEY]`, where
KEY is not a key of the map: KEY is what the read resolves to (`var.region`, a
`for_each` key, `data.aws_region.current.region`), plus the DR regions. Points at the
map. With a default, the default is used there instead (AMI010 judges it).

## Why is this bad?
The stack fails to create (or update) in that region with
`Unable to get mapping for Map::<region>::Key` (regions first-level; with regions
second-level, `Map::Key::<region>`), before any resource is made (Terraform: `terraform plan` fails with "The given key
does not identify an element in this collection value"). Regions are
marked `(DR)` when they are DR regions only: the gap shows when the stack is first
deployed there, usually during a failover.

## Example
```yaml
Mappings:
  AmiMap:
    us-east-1: {Ami: ami-0abcdef1234567890}
    us-west-2: {}                               # no Ami for us-west-2
```

## Use instead
Copy the image to every region you deploy to and add its ID to the map, or use an
SSM parameter that resolves in every region.)",
    check, kCloudFormation | kTerraform, Needs::Nothing, Identity::SlotAndValue};

}  // namespace amilint
