// The AMI inventory: `aws ec2 describe-images` output per region, unchanged.
// `--inventory DIR` reads DIR/<region>.json; `--inventory FILE` reads one JSON
// object keyed by region (or one `<region>.json` document). Each value is a
// describe-images document (`{"Images": [...]}`) or its `Images` array. Loaded once
// per run and shared read-only by every worker thread.
// Reading it from disk: linter/app/inventory_files.h; the audit table that shows
// it per AMI slot: linter/model/audit.h.
#pragma once
#include <cstdint>
#include <map>
#include <string>
#include <unordered_map>
#include <vector>

#include "linter/model/model.h"

namespace amilint {

struct Image {
  std::string id;     // ImageId
  std::string name;   // Name (may be empty)
  std::string owner;  // OwnerId
  std::string owner_alias;  // ImageOwnerAlias (amazon, aws-marketplace, ...)
  std::string state;  // State (available, pending, disabled, ...)
  bool is_public = false;     // Public: true
  std::string deprecation;    // DeprecationTime as written
  int64_t deprecation_at = 0; // ... in seconds since the epoch
  bool deprecated = false;    // a DeprecationTime is set
  std::string region;
};

class Inventory {
 public:
  // Regions that have an inventory (possibly empty ones), sorted.
  std::vector<std::string> regions() const;
  bool has_region(const std::string& region) const { return regions_.count(region) > 0; }
  // The image with this ID in region, or nullptr.
  const Image* find(const std::string& region, const std::string& id) const;
  // The image with this ID in any region: the first of `prefer` that lists it, else
  // any (an AMI ID belongs to one region), or nullptr.
  const Image* find_any(const std::string& id, const std::vector<std::string>& prefer = {}) const;
  // Regions whose inventory lists this ID, sorted.
  std::vector<std::string> regions_listing(const std::string& id) const;
  // Images of region with this Name.
  std::vector<const Image*> by_name(const std::string& region, const std::string& name) const;
  size_t image_count() const;
  // Where it was read from, for messages.
  std::string source;

  // Adds one region's images (building the indexes); false when the region was
  // already added.
  bool add_region(const std::string& region, std::vector<Image> images);

 private:
  struct RegionImages {
    std::vector<Image> images;
    std::unordered_map<std::string, size_t> by_id;
    std::unordered_multimap<std::string, size_t> by_name;
  };
  std::map<std::string, RegionImages> regions_;
  std::unordered_map<std::string, std::vector<std::string>> id_regions_;
};

// Parses the text of one inventory file (no disk access): a describe-images document
// for `region` when region is non-empty, else an object keyed by region.
bool parse_inventory_text(const std::string& text, const std::string& display, const std::string& region,
                          const std::vector<std::string>& extra_regions, Inventory& out, std::string& error);

// RFC 3339 (`2026-01-31T00:00:00Z`, fractions and offsets allowed) or a plain date
// (`2026-01-31`) to seconds since the epoch.
bool parse_rfc3339(const std::string& s, int64_t& out);
// Seconds since the epoch as `2026-01-31T00:00:00Z`.
std::string format_rfc3339(int64_t t);

// One AMI ID that the Model says is launched, with where it launches: the ground the
// inventory rules (AMI010, AMI020, AMI030, AMI060, AMI061) and the audit table stand on.
struct AmiPlacement {
  std::string id;
  Range range;                       // where findings about it point
  std::string path;                  // logical location of that range
  std::vector<std::string> regions;  // where it launches; empty: not known
  const AmiUse* use = nullptr;       // the first slot that launches it
  SourceKind kind = SourceKind::Literal;
  std::string how;  // "'Web' uses", "parameter 'Ami' defaults to", "region map 'M' gives us-east-1"
};

// Every concrete AMI ID in the Model's AMI slots: literals (also static Fn::FindInMap
// cells), defaults of the parameters that feed slots, and region-map cells read with
// AWS::Region (each in the region of its row: the declared regions when the use's
// region is known, else every known region the map lists). One entry per range,
// with the regions of every use merged.
std::vector<AmiPlacement> ami_placements(const Model& m, const std::vector<std::string>& extra_regions);

}  // namespace amilint
