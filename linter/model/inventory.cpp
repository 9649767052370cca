// The Inventory: images by region, indexed by ID and by name, and the regions that
// list each ID.
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

const Image* Inventory::find(const std::string& region, const std::string& id) const {
  auto r = regions_.find(region);
  if (r == regions_.end()) return nullptr;
  auto i = r->second.by_id.find(id);
  return i == r->second.by_id.end() ? nullptr : &r->second.images[i->second];
}

const Image* Inventory::find_any(const std::string& id, const std::vector<std::string>& prefer) const {
  for (const auto& r : prefer)
    if (const Image* im = find(r, id)) return im;
  auto it = id_regions_.find(id);
  if (it == id_regions_.end() || it->second.empty()) return nullptr;
  return find(it->second.front(), id);
}

std::vector<std::string> Inventory::regions_listing(const std::string& id) const {
  auto it = id_regions_.find(id);
  return it == id_regions_.end() ? std::vector<std::string>{} : it->second;
}

std::vector<const Image*> Inventory::by_name(const std::string& region, const std::string& name) const {
  std::vector<const Image*> out;
  auto r = regions_.find(region);
  if (r == regions_.end() || name.empty()) return out;
  auto range = r->second.by_name.equal_range(name);
  for (auto i = range.first; i != range.second; ++i) out.push_back(&r->second.images[i->second]);
  return out;
}

size_t Inventory::image_count() const {
  size_t n = 0;
  for (const auto& kv : regions_) n += kv.second.images.size();
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

}  // namespace amilint
