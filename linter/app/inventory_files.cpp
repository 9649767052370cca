// Reading the inventory from disk (--inventory, config `inventory`): a directory of
// <region>.json files (and Packer manifests) or one file; the text is parsed by
// parse_inventory_text and parse_packer_manifest.
#include "linter/app/inventory_files.h"

#include <algorithm>
#include <filesystem>
#include <string>
#include <system_error>
#include <vector>

#include "linter/model/inventory_detail.h"
#include "linter/model/regions.h"
#include "linter/source/source.h"

namespace fs = std::filesystem;

namespace amilint {

namespace {

using detail::inventory::did_you_mean_region;

std::string export_hint(const std::string& dir) {
  return "make them with: for r in us-east-1 us-west-2; do aws ec2 describe-images --owners self "
         "--region \"$r\" > " + dir + "/\"$r\".json; done";
}

}  // namespace

bool load_inventory(const std::string& path, const std::vector<std::string>& extra_regions, Inventory& out,
                    std::string& error) {
  out.source = path;
  std::error_code ec;
  fs::file_status st = fs::status(path, ec);
  if (ec || !fs::exists(st)) {
    error = path + ": no such file or directory (--inventory takes a directory of <region>.json files or "
                   "one JSON file keyed by region)";
    return false;
  }
  if (fs::is_directory(st)) {
    std::vector<fs::path> files;
    for (fs::directory_iterator it(path, ec), end; !ec && it != end; it.increment(ec)) {
      const fs::path& p = it->path();
      std::string name = p.filename().string();
      if (name.empty() || name[0] == '.' || p.extension() != ".json") continue;  // README.md, .gitkeep
      if (!it->is_regular_file(ec)) continue;
      files.push_back(p);
    }
    if (ec) {
      error = path + ": cannot read directory: " + ec.message();
      return false;
    }
    std::sort(files.begin(), files.end());
    std::string dir = path;
    while (dir.size() > 1 && dir.back() == '/') dir.pop_back();
    if (files.empty()) {
      error = path + ": the inventory directory holds no <region>.json files; " + export_hint(dir);
      return false;
    }
    for (const auto& p : files) {
      std::string display = dir + "/" + p.filename().string();
      std::string region = p.stem().string();
      std::string text;
      if (!read_file(p.string(), text)) {
        error = display + ": cannot read file";
        return false;
      }
      if (!is_known_region(region, extra_regions)) {
        // Not a region: a Packer manifest (packer-manifest.json), or a mistake.
        if (classify_inventory_text(text) == InventoryText::Other) {
          error = display + ": '" + region + "' is not a known region" + did_you_mean_region(region, extra_regions) +
                  "; inventory files are named <region>.json";
          return false;
        }
        if (!parse_packer_manifest(text, display, extra_regions, out, error)) return false;
        continue;
      }
      if (!parse_inventory_text(text, display, region, extra_regions, out, error)) return false;
    }
    return true;
  }
  std::string text;
  if (!read_file(path, text)) {
    error = path + ": cannot read file";
    return false;
  }
  return parse_inventory_text(text, path, "", extra_regions, out, error);
}

}  // namespace amilint
