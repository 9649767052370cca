// Packer manifests as inventory evidence: the manifest post-processor's
// `packer-manifest.json`, whose amazon-* builds name the AMI IDs they made per region.
#include <filesystem>
#include <string>
#include <vector>

#include "linter/load/loaders.h"
#include "linter/model/inventory.h"
#include "linter/model/inventory_detail.h"
#include "linter/model/model.h"
#include "linter/model/regions.h"
#include "linter/source/source.h"

namespace fs = std::filesystem;

namespace amilint {

namespace {

using detail::inventory::did_you_mean_region;

std::string trim_pair_part(const std::string& s) {
  size_t b = s.find_first_not_of(" \t\r\n"), e = s.find_last_not_of(" \t\r\n");
  return b == std::string::npos ? std::string() : s.substr(b, e - b + 1);
}

std::string manifest_field(const Node* n) {
  return n && n->is_scalar() && !n->is_null() ? std::string(n->text) : std::string();
}

}  // namespace

InventoryText classify_inventory_text(const std::string& text) {
  Document doc = load_json(text, "");
  if (!doc.errors.empty() || !doc.root) return InventoryText::NotJson;
  return doc.root->is_map() && doc.root->get("builds") ? InventoryText::PackerManifest : InventoryText::Other;
}

bool parse_packer_manifest(const std::string& text, const std::string& display,
                           const std::vector<std::string>& extra_regions, Inventory& out, std::string& error) {
  Document doc = load_json(text, display);
  LineIndex index(text);
  auto at = [&](uint32_t offset) {
    Position p = index.position(offset);
    return display + ":" + std::to_string(p.line) + ":" + std::to_string(p.column) + ": ";
  };
  if (!doc.errors.empty() || !doc.root) {
    const ParseError& e = doc.errors.empty() ? ParseError{} : doc.errors[0];
    error = at(e.offset) + "not valid JSON: " + e.message + " (a Packer manifest is the manifest post-processor's output)";
    return false;
  }
  const Node* root = doc.root;
  const Node* builds = root->is_map() ? root->get("builds") : nullptr;
  if (!builds || !builds->is_seq()) {
    error = at(builds ? builds->range.begin : root->range.begin) +
            "not a Packer manifest: expected {\"builds\": [...]} (the manifest post-processor's output)";
    return false;
  }
  std::string file = fs::path(display).filename().string();
  size_t index_in_file = 0;
  for (const Node* b : builds->items) {
    ++index_in_file;
    if (!b || !b->is_map()) {
      error = at(b ? b->range.begin : builds->range.begin) +
              "not a Packer manifest: each entry of \"builds\" must be an object";
      return false;
    }
    std::string builder = manifest_field(b->get("builder_type"));
    if (builder.rfind("amazon-", 0) != 0) continue;  // not an AMI (docker, azure-arm, ...)
    const Node* artifact = b->get("artifact_id");
    std::string artifact_id = manifest_field(artifact);
    if (artifact_id.empty()) continue;
    // One build's IDs are copies of one image: they share a Name.
    std::string name = manifest_field(b->get("name"));
    if (name.empty()) name = builder;
    std::string run = manifest_field(b->get("packer_run_uuid"));
    std::string build_time = manifest_field(b->get("build_time"));
    if (!run.empty()) name += " (run " + run.substr(0, 8) + ")";
    else if (!build_time.empty()) name += " (built " + build_time + ")";
    else name += " (build " + std::to_string(index_in_file) + ")";
    size_t start = 0;
    while (start <= artifact_id.size()) {
      size_t comma = artifact_id.find(',', start);
      if (comma == std::string::npos) comma = artifact_id.size();
      std::string pair = trim_pair_part(artifact_id.substr(start, comma - start));
      start = comma + 1;
      size_t colon = pair.find(':');
      if (colon == std::string::npos) continue;  // not region:ami-... (amazon-ebsvolume: volume IDs)
      std::string region = trim_pair_part(pair.substr(0, colon)), id = trim_pair_part(pair.substr(colon + 1));
      if (!is_ami_id(id)) continue;
      if (!is_known_region(region, extra_regions)) {
        error = at(artifact->range.begin) + "'" + region + "' in artifact_id of build '" +
                manifest_field(b->get("name")) + "' is not a known region" + did_you_mean_region(region, extra_regions);
        return false;
      }
      Image im;
      im.id = id;
      im.region = region;
      im.name = name;
      im.evidence = file;
      out.add_evidence(std::move(im));
    }
  }
  return true;
}

}  // namespace amilint
