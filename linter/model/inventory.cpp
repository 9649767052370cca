// The Inventory: images by region, indexed by ID and by name, and the regions that
// list each ID; evidence images (Packer manifests) kept apart, for regions without
// an inventory.
#include "linter/model/inventory.h"

#include <algorithm>
#include <string>
#include <vector>

#include "linter/model/inventory_detail.h"

namespace amilint {

using detail::inventory::contains;

std::vector<std::string> Inventory::regions() const {
  std::vector<std::string> out;
  for (const auto& kv : regions_) out.push_back(kv.first);
  return out;
}

const Image* Inventory::find_in(const RegionImages& ri, const std::string& id) {
  auto i = ri.by_id.find(id);
  return i == ri.by_id.end() ? nullptr : &ri.images[i->second];
}

std::vector<std::string> Inventory::evidence_regions() const {
  std::vector<std::string> out;
  for (const auto& kv : evidence_)
    if (!has_region(kv.first)) out.push_back(kv.first);
  return out;
}

const Image* Inventory::find(const std::string& region, const std::string& id) const {
  auto r = regions_.find(region);
  if (r != regions_.end()) return find_in(r->second, id);
  auto e = evidence_.find(region);
  return e == evidence_.end() ? nullptr : find_in(e->second, id);
}

const Image* Inventory::find_any(const std::string& id, const std::vector<std::string>& prefer) const {
  for (const auto& r : prefer)
    if (const Image* im = find(r, id)) return im;
  std::vector<std::string> listing = regions_listing(id);
  return listing.empty() ? nullptr : find(listing.front(), id);
}

std::vector<std::string> Inventory::regions_listing(const std::string& id) const {
  std::vector<std::string> out;
  if (auto it = id_regions_.find(id); it != id_regions_.end()) out = it->second;
  if (auto it = evidence_id_regions_.find(id); it != evidence_id_regions_.end()) {
    for (const auto& r : it->second)
      if (!has_region(r) && !contains(out, r)) out.push_back(r);
    std::sort(out.begin(), out.end());
  }
  return out;
}

std::vector<const Image*> Inventory::by_name(const std::string& region, const std::string& name) const {
  std::vector<const Image*> out;
  if (name.empty()) return out;
  const RegionImages* ri = nullptr;
  if (auto r = regions_.find(region); r != regions_.end()) ri = &r->second;
  else if (auto e = evidence_.find(region); e != evidence_.end()) ri = &e->second;
  if (!ri) return out;
  auto range = ri->by_name.equal_range(name);
  for (auto i = range.first; i != range.second; ++i) out.push_back(&ri->images[i->second]);
  return out;
}

std::vector<const Image*> Inventory::copies(const std::string& id, const std::string& region) const {
  // The names this image goes by: its inventory Name, then its evidence names (in
  // every region, also where an inventory overrides the evidence itself).
  std::vector<std::string> names;
  auto add_names = [&](const std::map<std::string, RegionImages>& store,
                       const std::unordered_map<std::string, std::vector<std::string>>& index) {
    auto it = index.find(id);
    if (it == index.end()) return;
    for (const auto& r : it->second)
      if (const Image* im = find_in(store.at(r), id); im && !im->name.empty() && !contains(names, im->name))
        names.push_back(im->name);
  };
  add_names(regions_, id_regions_);
  add_names(evidence_, evidence_id_regions_);
  std::vector<const Image*> out;
  for (const auto& n : names)
    for (const Image* im : by_name(region, n))
      if (im->id != id && std::find(out.begin(), out.end(), im) == out.end()) out.push_back(im);
  return out;
}

size_t Inventory::image_count() const {
  size_t n = 0;
  for (const auto& kv : regions_) n += kv.second.images.size();
  return n;
}

size_t Inventory::evidence_count() const {
  size_t n = 0;
  for (const auto& kv : evidence_) n += kv.second.images.size();
  return n;
}

bool Inventory::add_region(const std::string& region, std::vector<Image> images) {
  if (regions_.count(region)) return false;
  RegionImages& ri = regions_[region];
  ri.images = std::move(images);
  for (size_t i = 0; i < ri.images.size(); ++i) {
    const Image& im = ri.images[i];
    ri.by_id.emplace(im.id, i);
    if (!im.name.empty()) ri.by_name.emplace(im.name, i);
    auto& regs = id_regions_[im.id];
    if (!contains(regs, region)) {
      regs.push_back(region);
      std::sort(regs.begin(), regs.end());
    }
  }
  return true;
}

bool Inventory::add_evidence(Image im) {
  RegionImages& ri = evidence_[im.region];
  if (ri.by_id.count(im.id)) return false;
  size_t i = ri.images.size();
  ri.by_id.emplace(im.id, i);
  if (!im.name.empty()) ri.by_name.emplace(im.name, i);
  auto& regs = evidence_id_regions_[im.id];
  if (!contains(regs, im.region)) {
    regs.push_back(im.region);
    std::sort(regs.begin(), regs.end());
  }
  ri.images.push_back(std::move(im));
  return true;
}

const Image* unencrypted_source(const Inventory* inventory, const ImageBuild& build) {
  if (!inventory || !build.source_ami.known() || !is_ami_id(build.source_ami.value)) return nullptr;
  const Image* im = inventory->find_any(build.source_ami.value, build.regions);
  return im && im->root_encrypted && !*im->root_encrypted ? im : nullptr;
}

}  // namespace amilint
