#include <algorithm>
#include <map>
#include <set>

#include "linter/regions.h"
#include "rules/rule.h"

namespace amilint {

namespace {

std::string label(const std::string& r, const LintOptions& o) {
  bool dr = std::find(o.dr_regions.begin(), o.dr_regions.end(), r) != o.dr_regions.end();
  bool deploy = std::find(o.regions.begin(), o.regions.end(), r) != o.regions.end();
  return dr && !deploy ? r + " (DR)" : r;
}

std::string labels(const std::vector<std::string>& rs, const LintOptions& o) {
  std::vector<std::string> out;
  for (const auto& r : rs) out.push_back(label(r, o));
  return join(out);
}

void check(const Model& m, RuleContext& ctx) {
  const auto& o = ctx.options();
  std::vector<std::string> targets;
  for (const auto* list : {&m.deploy_regions, &o.dr_regions})
    for (const auto& r : *list)
      if (std::find(targets.begin(), targets.end(), r) == targets.end()) targets.push_back(r);
  std::set<std::string> done;  // one finding per location and key, however many slots use it
  for (const auto& use : m.uses) {
    for (const auto& s : use.sources) {
      if (s.kind != SourceKind::RegionMap || s.region_map < 0) continue;
      const RegionMap& rm = m.region_maps[static_cast<size_t>(s.region_map)];
      auto emit = [&](Range at, const std::string& path, const std::string& key,
                      const std::vector<std::string>& regions) {
        if (!done.insert(std::to_string(at.begin) + "|" + key + "|" + join(regions)).second) return;
        std::string k = key.empty() ? "<key>" : key;
        ctx.report(at, path, key + ":" + join(regions),
                   "region map '" + rm.name + "' has no '" + k + "' entry for " + labels(regions, o) +
                       ", where " + use.resource + " takes its AMI from it; deploying there fails "
                       "with 'Unable to get mapping for " + rm.name + "::" + regions[0] + "::" + k +
                       "'");
      };
      if (!targets.empty()) {
        std::vector<std::string> no_row;
        std::map<std::string, std::vector<std::string>> no_key;
        for (const auto& r : targets) {
          const RegionMap::Row* row = rm.row(r);
          if (!row) {
            no_row.push_back(r);
            continue;
          }
          if (s.map_keys_known)
            for (const auto& k : s.map_keys)
              if (!row->find(k)) no_key[k].push_back(r);
        }
        if (!no_row.empty()) {
          if (rm.regions_top || !s.map_keys_known) {
            std::string key = s.map_keys_known && s.map_keys.size() == 1 ? s.map_keys[0] : "";
            emit(rm.name_range, rm.path, key, no_row);
          } else {
            for (const auto& k : s.map_keys)
              for (const auto& r : no_row) no_key[k].push_back(r);
          }
        }
        for (auto& [k, regions] : no_key) {
          if (rm.regions_top) {
            for (const auto& r : regions) emit(rm.row(r)->range, rm.path + "/" + r, k, {r});
          } else {
            auto kr = rm.key_ranges.find(k);
            emit(kr != rm.key_ranges.end() ? kr->second : rm.name_range,
                 rm.path + (kr != rm.key_ranges.end() ? "/" + k : ""), k, regions);
          }
        }
        continue;
      }
      // No declared regions: a ragged map, where some regions have the key and some not.
      if (!s.map_keys_known) continue;
      for (const auto& k : s.map_keys) {
        bool anyone_has = false;
        for (const auto& row : rm.rows)
          if (row.find(k)) anyone_has = true;
        if (!anyone_has) continue;  // a key no region has is another mistake
        std::vector<std::string> missing;
        for (const auto& row : rm.rows)
          if (!row.find(k) && !row.values.empty() && is_known_region(row.region, o.extra_regions))
            missing.push_back(row.region);
        if (missing.empty()) continue;
        if (rm.regions_top) {
          for (const auto& r : missing) emit(rm.row(r)->range, rm.path + "/" + r, k, {r});
        } else {
          auto kr = rm.key_ranges.find(k);
          emit(kr != rm.key_ranges.end() ? kr->second : rm.name_range, rm.path + "/" + k, k, missing);
        }
      }
    }
  }
}

}  // namespace

extern const Rule kAmi014 = {
    "AMI014", "region-map-missing-region", Severity::Error, true, "CFN",
    "A region map that feeds an AMI slot has no entry for a region where the template runs.",
    R"(## What it does
For `Fn::FindInMap [Map, !Ref "AWS::Region", Key]` (or the `Fn::Sub` form) in an AMI
slot, reports the regions for which the map has no `Key` entry: the deploy regions
and DR regions you declared, or, when none are declared, the regions the map has for
other keys but not for this one (a ragged map). Points at the map, or at the row
that lacks the key, and names the missing regions. Every gap of a region map is
AMI014, DR regions included.

## Why is this bad?
The stack fails to create in that region with
`Unable to get mapping for Map::<region>::Key`.

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
    check};

}  // namespace amilint
