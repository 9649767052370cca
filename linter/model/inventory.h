// The AMI inventory: `aws ec2 describe-images` output per region, unchanged.
// `--inventory DIR` reads DIR/<region>.json; `--inventory FILE` reads one JSON
// object keyed by region (or one `<region>.json` document). Each value is a
// describe-images document (`{"Images": [...]}`) or its `Images` array. Loaded once
// per run and shared read-only by every worker thread.
//
// Packer manifests (`packer-manifest.json`, as --inventory FILE or beside the
// <region>.json files) add evidence: the AMI IDs Packer built, by region. A
// describe-images document is complete for its region (an ID it does not list is not
// there); a manifest only says that the IDs it lists exist, so a region known only
// from manifests has evidence images but no inventory (has_region is false), and
// where a region has both, its describe-images document alone counts.
// Reading it from disk: linter/app/inventory_files.h; the audit table that shows
// it per AMI slot: linter/model/audit.h.
#pragma once
#include <cstdint>
#include <map>
#include <optional>
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
  // Whether the snapshot of its root device (RootDeviceName's entry in
  // BlockDeviceMappings) is encrypted; not known when the document does not say.
  std::optional<bool> root_encrypted;
  // Empty for describe-images; else the file that says the image exists (a Packer
  // manifest's file name), which does not list its region completely.
  std::string evidence;
};

class Inventory {
 public:
  // Regions that have an inventory (possibly empty ones), sorted: an ID such a
  // region does not list is not there. Regions known only from evidence are not
  // among them.
  std::vector<std::string> regions() const;
  bool has_region(const std::string& region) const { return regions_.count(region) > 0; }
  // Regions with evidence images and no inventory, sorted.
  std::vector<std::string> evidence_regions() const;
  // The image with this ID in region (from its inventory, else from evidence), or
  // nullptr.
  const Image* find(const std::string& region, const std::string& id) const;
  // The image with this ID in any region: the first of `prefer` that lists it, else
  // any (an AMI ID belongs to one region), or nullptr.
  const Image* find_any(const std::string& id, const std::vector<std::string>& prefer = {}) const;
  // Regions where this ID exists: whose inventory lists it, or, for a region
  // without an inventory, whose evidence does. Sorted.
  std::vector<std::string> regions_listing(const std::string& id) const;
  // Images of region with this Name (its inventory's, else its evidence's).
  std::vector<const Image*> by_name(const std::string& region, const std::string& name) const;
  // The copies in region of the image with this ID: images there with the Name of
  // an image with this ID, in an inventory or in evidence (the IDs of one Packer
  // build are copies of one image). Inventory names first.
  std::vector<const Image*> copies(const std::string& id, const std::string& region) const;
  size_t image_count() const;
  size_t evidence_count() const;
  // Where it was read from, for messages.
  std::string source;

  // Adds one region's images (building the indexes); false when the region was
  // already added.
  bool add_region(const std::string& region, std::vector<Image> images);
  // Adds evidence that an image exists in im.region (a region's inventory, when
  // it has one, takes precedence); false when that region's evidence has the ID.
  bool add_evidence(Image im);

 private:
  struct RegionImages {
    std::vector<Image> images;
    std::unordered_map<std::string, size_t> by_id;
    std::unordered_multimap<std::string, size_t> by_name;
  };
  static const Image* find_in(const RegionImages& ri, const std::string& id);
  std::map<std::string, RegionImages> regions_;
  std::unordered_map<std::string, std::vector<std::string>> id_regions_;
  std::map<std::string, RegionImages> evidence_;
  std::unordered_map<std::string, std::vector<std::string>> evidence_id_regions_;
};

// Parses the text of one inventory file (no disk access): a describe-images document
// for `region` when region is non-empty, else an object keyed by region.
// A Packer manifest (an object with a "builds" array) when region is empty and the
// text is one.
bool parse_inventory_text(const std::string& text, const std::string& display, const std::string& region,
                          const std::vector<std::string>& extra_regions, Inventory& out, std::string& error);

// What an inventory file holds, for a file whose name is not a region.
enum class InventoryText { NotJson, PackerManifest, Other };
// NotJson, PackerManifest (a JSON object with a top-level "builds" key) or Other.
InventoryText classify_inventory_text(const std::string& text);

// Parses a Packer manifest post-processor's output: {"builds": [{"name",
// "builder_type", "artifact_id": "us-east-1:ami-...,eu-west-1:ami-...",
// "packer_run_uuid", ...}], "last_run_uuid"}. Each region:ami pair of an amazon-*
// build is evidence (Image::evidence is display's file name), and the IDs of one
// build share one Name: "NAME (run UUID8)". Other builders and other artifact IDs
// are skipped. Errors (not JSON, "builds" not an array of objects, an unknown
// region) start with display.
bool parse_packer_manifest(const std::string& text, const std::string& display,
                           const std::vector<std::string>& extra_regions, Inventory& out, std::string& error);

// RFC 3339 (`2026-01-31T00:00:00Z`, fractions and offsets allowed) or a plain date
// (`2026-01-31`) to seconds since the epoch.
bool parse_rfc3339(const std::string& s, int64_t& out);
// Seconds since the epoch as `2026-01-31T00:00:00Z`.
std::string format_rfc3339(int64_t t);

// A Packer build's source image when the inventory says its root snapshot is not
// encrypted (the build's source_ami written as an ID, in its build region); else null.
// With encrypt_boot unset, the image the build makes keeps that.
const Image* unencrypted_source(const Inventory* inventory, const ImageBuild& build);

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
