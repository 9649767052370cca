// Parsing inventories (no disk access): describe-images documents, alone or keyed by
// region, into the Inventory (Packer manifests: packer_manifest.cpp); and the RFC 3339
// times of their DeprecationTime.
#include <cctype>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <string>
#include <vector>

#include "linter/load/loaders.h"
#include "linter/model/inventory.h"
#include "linter/model/inventory_detail.h"
#include "linter/model/regions.h"
#include "linter/source/source.h"

namespace fs = std::filesystem;

namespace amilint {

std::string detail::inventory::did_you_mean_region(const std::string& name, const std::vector<std::string>& extra) {
  std::string hint = closest_region(name, extra);
  return hint.empty() ? "" : " (did you mean '" + hint + "'?)";
}

namespace {

using detail::inventory::did_you_mean_region;

// Reads the images of one describe-images document (or its Images array).
class DocReader {
 public:
  DocReader(const std::string& text, const std::string& display) : display_(display), index_(text) {}

  std::string at(uint32_t offset) const {
    Position p = index_.position(offset);
    return display_ + ":" + std::to_string(p.line) + ":" + std::to_string(p.column) + ": ";
  }

  // A describe-images document or an Images array, for region.
  bool images(const Node* n, const std::string& region, std::vector<Image>& out, std::string& error) {
    const Node* list = n;
    if (n && n->is_map()) {
      list = n->get("Images");
      if (!list) {
        error = at(n->range.begin) + "not a describe-images document: expected {\"Images\": [...]} " +
                "(the output of aws ec2 describe-images" + (region.empty() ? "" : " --region " + region) + ")";
        return false;
      }
    }
    if (!list || !list->is_seq()) {
      error = at(list ? list->range.begin : 0) +
              "not a describe-images document: expected {\"Images\": [...]} or the Images array";
      return false;
    }
    for (const Node* img : list->items) {
      if (!img || !img->is_map()) {
        error = at(img ? img->range.begin : list->range.begin) +
                "not a describe-images document: each image must be an object with an ImageId";
        return false;
      }
      const Node* id = img->get("ImageId");
      if (!id || !id->is_scalar() || id->type != ScalarType::String || id->text.empty()) {
        error = at(id ? id->range.begin : img->range.begin) +
                "not a describe-images document: an image without a string ImageId";
        return false;
      }
      Image im;
      im.region = region;
      im.id = id->text;
      auto text_of = [&](const char* key) {
        const Node* v = img->get(key);
        return v && v->is_scalar() && !v->is_null() ? v->text : std::string();
      };
      im.name = text_of("Name");
      im.owner = text_of("OwnerId");
      im.owner_alias = text_of("ImageOwnerAlias");
      im.state = text_of("State");
      im.is_public = text_of("Public") == "true";
      // The root device's snapshot: encrypted or not (a describe-images document
      // written by hand may leave the mappings out).
      const std::string root = text_of("RootDeviceName");
      if (const Node* maps = img->get("BlockDeviceMappings"); maps && maps->is_seq() && !root.empty())
        for (const Node* m : maps->items) {
          if (!m || !m->is_map()) continue;
          const Node* dev = m->get("DeviceName");
          const Node* ebs = m->get("Ebs");
          if (!dev || !dev->is_scalar() || std::string(dev->text) != root || !ebs || !ebs->is_map()) continue;
          if (const Node* enc = ebs->get("Encrypted"); enc && enc->is_scalar() && enc->type == ScalarType::Bool)
            im.root_encrypted = std::string(enc->text) == "true";
        }
      if (const Node* d = img->get("DeprecationTime"); d && d->is_scalar() && !d->is_null() && !d->text.empty()) {
        if (!parse_rfc3339(d->text, im.deprecation_at)) {
          error = at(d->range.begin) + "DeprecationTime '" + d->text + "' of " + im.id +
                  " is not an RFC 3339 time (e.g. 2026-01-31T00:00:00.000Z)";
          return false;
        }
        im.deprecation = d->text;
        im.deprecated = true;
      }
      out.push_back(std::move(im));
    }
    return true;
  }

 private:
  const std::string& display_;
  LineIndex index_;
};

}  // namespace

bool parse_inventory_text(const std::string& text, const std::string& display, const std::string& region,
                          const std::vector<std::string>& extra_regions, Inventory& out, std::string& error) {
  Document doc = load_json(text, display);
  DocReader reader(text, display);
  if (!doc.errors.empty() || !doc.root) {
    const ParseError& e = doc.errors.empty() ? ParseError{} : doc.errors[0];
    error = reader.at(e.offset) + "not valid JSON: " + e.message +
            " (write inventories with the AWS CLI's JSON output: aws ec2 describe-images --output json ...)";
    return false;
  }
  const Node* root = doc.root;
  if (!region.empty()) {
    std::vector<Image> images;
    if (!reader.images(root, region, images, error)) return false;
    out.add_region(region, std::move(images));
    return true;
  }
  // A Packer manifest: evidence of the AMIs its builds made.
  if (root->is_map() && root->get("builds")) return parse_packer_manifest(text, display, extra_regions, out, error);
  // One file keyed by region; or one describe-images document named <region>.json.
  if (root->is_map() && root->get("Images")) {
    std::string stem = fs::path(display).stem().string();
    if (is_known_region(stem, extra_regions)) return parse_inventory_text(text, display, stem, extra_regions, out, error);
    error = display + ": a describe-images document, but the file name does not say its region: name it "
            "<region>.json (one per region, in a directory for --inventory DIR), or key it by region: "
            "{\"us-east-1\": {\"Images\": [...]}}";
    return false;
  }
  if (!root->is_map()) {
    error = reader.at(root->range.begin) +
            "not an inventory: expected a JSON object keyed by region, e.g. {\"us-east-1\": {\"Images\": [...]}}";
    return false;
  }
  if (root->entries.empty()) {
    error = display + ": the inventory lists no region";
    return false;
  }
  for (const auto& e : root->entries) {
    if (!is_known_region(e.key, extra_regions)) {
      error = reader.at(e.key_range.begin) + "'" + e.key + "' is not a known region" +
              did_you_mean_region(e.key, extra_regions) +
              "; an inventory file is keyed by region: {\"us-east-1\": {\"Images\": [...]}}";
      return false;
    }
    std::vector<Image> images;
    if (!reader.images(e.value, e.key, images, error)) return false;
    out.add_region(e.key, std::move(images));
  }
  return true;
}

bool parse_rfc3339(const std::string& s, int64_t& out) {
  int Y, M, D, h = 0, m = 0, sec = 0;
  char tz[16] = {0};
  int n = std::sscanf(s.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d%15s", &Y, &M, &D, &h, &m, &sec, tz);
  if (n != 3 && n < 6) return false;
  if (n == 3 && s.size() != 10) return false;
  if (M < 1 || M > 12 || D < 1 || D > 31 || h > 23 || m > 59 || sec > 60) return false;
  std::tm t{};
  t.tm_year = Y - 1900;
  t.tm_mon = M - 1;
  t.tm_mday = D;
  t.tm_hour = h;
  t.tm_min = m;
  t.tm_sec = sec;
  int64_t v = static_cast<int64_t>(timegm(&t));
  std::string z = tz;
  if (!z.empty() && z[0] == '.') {  // fractional seconds
    size_t k = 1;
    while (k < z.size() && std::isdigit(static_cast<unsigned char>(z[k]))) ++k;
    z = z.substr(k);
  }
  if (z == "Z" || z == "z" || z.empty()) {
  } else if ((z[0] == '+' || z[0] == '-') && z.size() == 6 && z[3] == ':') {
    int oh = std::atoi(z.substr(1, 2).c_str()), om = std::atoi(z.substr(4, 2).c_str());
    int64_t off = (oh * 60 + om) * 60;
    v -= z[0] == '+' ? off : -off;
  } else {
    return false;
  }
  out = v;
  return true;
}

std::string format_rfc3339(int64_t t) {
  std::time_t tt = static_cast<std::time_t>(t);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

}  // namespace amilint
