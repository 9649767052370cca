// ami_placements: the concrete AMI IDs a Model launches, with the regions they launch
// in, which the inventory rules and the audit table judge.
#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "linter/model/inventory.h"
#include "linter/model/inventory_detail.h"
#include "linter/model/regions.h"
#include "linter/model/syntax.h"

namespace amilint {

using detail::inventory::contains;

std::vector<AmiPlacement> ami_placements(const Model& m, const std::vector<std::string>& extra_regions) {
  std::vector<AmiPlacement> out;
  std::map<std::pair<uint32_t, uint32_t>, size_t> at;  // (file, begin) -> index in out
  auto add = [&](AmiPlacement p) {
    auto it = at.find({p.range.file, p.range.begin});
    if (it == at.end()) {
      at.emplace(std::make_pair(p.range.file, p.range.begin), out.size());
      out.push_back(std::move(p));
      return;
    }
    auto& q = out[it->second].regions;
    for (const auto& r : p.regions)
      if (!contains(q, r)) q.push_back(r);
  };
  for (const auto& use : m.uses) {
    for (const auto& s : use.sources) {
      bool from_param = s.kind == SourceKind::Parameter && s.from_default;
      if (s.kind == SourceKind::Literal || from_param) {
        if (!s.value.known() || !is_ami_id(s.value.value)) continue;
        AmiPlacement p;
        p.id = s.value.value;
        p.use = &use;
        p.kind = s.kind;
        if (use.region_known) p.regions = source_regions(m, use, s);
        if (from_param) {
          p.range = s.value.range;
          p.path = s.value.path;
          p.how = (s.given ? "the value of parameter '" : "the default of parameter '") + s.param + "', launched by " + use.resource;
        } else if (s.from_mapping) {
          // Fn::FindInMap with fixed keys: the slot's lookup is what launches it.
          p.range = s.range;
          p.path = value_path(use, s);
          p.how = m.syntax->phrase(Phrase::FixedKeysRead, s.mapping_region) + ", launched by " + use.resource;
        } else {
          p.range = s.value.range;
          p.path = value_path(use, s);
          p.how = "launched by " + use.resource;
        }
        add(std::move(p));
      } else if (s.kind == SourceKind::RegionMap && s.region_map >= 0 &&
                 static_cast<size_t>(s.region_map) < m.region_maps.size() && s.map_keys_known) {
        const RegionMap& rm = m.region_maps[static_cast<size_t>(s.region_map)];
        for (const auto& row : rm.rows) {
          if (!is_known_region(row.region, extra_regions)) continue;
          if (use.region_known && !contains(use.regions, row.region)) continue;
          for (const auto& key : s.map_keys) {
            const Str* cell = row.find(key);
            if (!cell || !cell->known() || !is_ami_id(cell->value)) continue;
            AmiPlacement p;
            p.id = cell->value;
            p.use = &use;
            p.kind = SourceKind::RegionMap;
            p.range = cell->range;
            p.path = cell->path;
            p.regions = {row.region};
            p.how = "region map '" + rm.name + "' entry for " + row.region + ", launched by " + use.resource;
            add(std::move(p));
          }
        }
      }
    }
  }
  return out;
}

}  // namespace amilint
