#include "linter/model/inventory.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "linter/load/loaders.h"
#include "linter/model/regions.h"
#include "rules/rule.h"

namespace fs = std::filesystem;

namespace amilint {

namespace {

bool contains(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

std::string did_you_mean_region(const std::string& name, const std::vector<std::string>& extra) {
  std::string hint = closest_region(name, extra);
  return hint.empty() ? "" : " (did you mean '" + hint + "'?)";
}

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

std::string export_hint(const std::string& dir) {
  return "make them with: for r in us-east-1 us-west-2; do aws ec2 describe-images --owners self "
         "--region \"$r\" > " + dir + "/\"$r\".json; done";
}

}  // namespace

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
      if (!is_known_region(region, extra_regions)) {
        error = display + ": '" + region + "' is not a known region" + did_you_mean_region(region, extra_regions) +
                "; inventory files are named <region>.json";
        return false;
      }
      std::string text;
      if (!read_file(p.string(), text)) {
        error = display + ": cannot read file";
        return false;
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
        if (use.region_known) p.regions = use.regions;
        if (from_param) {
          p.range = s.value.range;
          p.path = s.value.path;
          p.how = "the default of parameter '" + s.param + "', launched by " + use.resource;
        } else if (s.from_mapping) {
          // Fn::FindInMap with fixed keys: the slot's lookup is what launches it.
          p.range = s.range;
          p.path = use.path;
          p.how = m.syntax->phrase(Phrase::FixedKeysRead) + ", launched by " + use.resource;
        } else {
          p.range = s.value.range;
          p.path = use.path;
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

namespace amilint {

namespace {

bool has(const std::vector<std::string>& v, const std::string& s) { return std::find(v.begin(), v.end(), s) != v.end(); }

DrAvailability availability(const Model& m, const AmiUse& use, const AmiSource& s, const std::string& d,
                            const Inventory* inv) {
  auto available = [&](const std::string& how) { return DrAvailability{d, "available", how}; };
  auto missing = [&](const std::string& why) { return DrAvailability{d, "missing", why}; };
  auto unknown = [&](const std::string& why) { return DrAvailability{d, "unknown", why}; };
  if (has(use.regions, d)) return available("deployed there");
  auto copied = [&](const std::string& id, const std::string& ref) -> const AmiCopy* {
    for (const auto& c : m.copies)
      if (c.region_known && has(c.regions, d) &&
          ((!id.empty() && c.source_ami_id.known() && c.source_ami_id.value == id) ||
           (!ref.empty() && c.source_ref == ref)))
        return &c;
    return nullptr;
  };
  switch (s.kind) {
    case SourceKind::Literal:
    case SourceKind::Parameter: {
      if (!s.value.known()) return unknown(s.reason.empty() ? "the value is not known" : s.reason);
      const std::string& id = s.value.value;
      if (!is_ami_id(id)) return unknown("'" + id + "' is not an AMI ID");
      if (const AmiCopy* c = copied(id, "")) return available("copied by " + c->address);
      const Image* im = inv ? inv->find_any(id, use.regions) : nullptr;
      if (im && !im->name.empty())
        for (const Image* same : inv->by_name(d, im->name))
          return available("the inventory of " + d + " has image '" + im->name + "' as " + same->id);
      std::string why = "an AMI ID exists in one region only and nothing makes a copy available in " + d;
      if (im && !im->name.empty() && inv->has_region(d))
        why = "the inventory of " + d + " has no image named '" + im->name + "'";
      return missing(why);
    }
    case SourceKind::RegionMap: {
      if (s.region_map < 0 || static_cast<size_t>(s.region_map) >= m.region_maps.size())
        return unknown("the region map is not defined");
      const RegionMap& rm = m.region_maps[static_cast<size_t>(s.region_map)];
      if (!s.map_keys_known) return unknown("the keys of region map '" + rm.name + "' are not known");
      const RegionMap::Row* row = rm.row(d);
      std::vector<std::string> cells;
      bool all = row != nullptr;
      for (const auto& k : s.map_keys) {
        const Str* c = row ? row->find(k) : nullptr;
        if (c && c->known()) cells.push_back(c->value);
        else all = false;
      }
      if (all) return available("region map '" + rm.name + "': " + join(cells));
      if (s.map_has_default) return available("the Fn::FindInMap DefaultValue");
      return missing("region map '" + rm.name + "' has no entry for " + d);
    }
    case SourceKind::Ssm:
      if (s.ssm_public) return available("an AWS public SSM parameter, which resolves in every region");
      return unknown("the SSM parameter must exist in " + d);
    case SourceKind::Lookup: {
      if (s.lookup >= 0 && static_cast<size_t>(s.lookup) < m.lookups.size()) {
        const AmiLookup& l = m.lookups[static_cast<size_t>(s.lookup)];
        bool amazon_only = l.has_owners() && l.owners.all_known() && !l.owners.items.empty() &&
                           std::all_of(l.owners.items.begin(), l.owners.items.end(),
                                       [](const Str& o) { return o.value == "amazon"; });
        if (amazon_only) return available("a lookup of Amazon-owned images, which exist in every region");
        if (const AmiCopy* c = copied("", s.ref_address)) return available("copied by " + c->address);
        if (l.has_owners() && l.owners.all_known())
          return missing("a lookup of your own images finds one in " + d + " only if it was copied there");
      }
      return unknown("the lookup's owners are not known");
    }
    case SourceKind::Managed:
      if (const AmiCopy* c = copied("", s.ref_address)) return available("copied by " + c->address);
      if (s.ref_image_builder)
        return unknown("the Image Builder distribution configuration decides");
      return missing(s.ref_address + " is not copied to " + d);
    case SourceKind::Unresolved:
      break;
  }
  return unknown(s.reason.empty() ? "the source could not be resolved" : s.reason);
}

}  // namespace

std::vector<AmiAuditEntry> ami_audit(const Model& m, const LintOptions& o) {
  std::vector<AmiAuditEntry> out;
  const Inventory* inv = o.inventory.get();
  for (const auto& use : m.uses) {
    for (const auto& s : use.sources) {
      AmiAuditEntry e;
      e.range = s.range.empty() ? use.range : s.range;
      e.resource = use.resource;
      e.resource_type = use.resource_type;
      e.slot = use.path;
      e.source = source_kind_name(s.kind);
      if (use.region_known) e.regions = use.regions;
      switch (s.kind) {
        case SourceKind::Literal:
          e.value = s.value.value;
          e.value_known = s.value.known();
          if (s.from_mapping) e.detail = m.syntax->phrase(Phrase::FixedKeysRead);
          break;
        case SourceKind::Parameter:
          e.value = s.value.value;
          e.value_known = s.value.known();
          e.detail = "parameter '" + s.param + "'" + (s.value.known() ? " (its default)" : "") +
                     (s.reason.empty() || s.value.known() ? "" : ": " + s.reason);
          break;
        case SourceKind::RegionMap:
          if (s.region_map >= 0 && static_cast<size_t>(s.region_map) < m.region_maps.size()) {
            const RegionMap& rm = m.region_maps[static_cast<size_t>(s.region_map)];
            e.detail = "region map '" + rm.name + "'";
            for (const auto& row : rm.rows) {
              if (!is_known_region(row.region, o.extra_regions)) continue;
              if (use.region_known && !has(use.regions, row.region)) continue;
              std::vector<std::string> cells;
              for (const auto& k : s.map_keys)
                if (const Str* c = row.find(k); c && c->known()) cells.push_back(c->value);
              if (!cells.empty()) e.by_region.emplace_back(row.region, join(cells));
            }
          }
          break;
        case SourceKind::Ssm:
          e.value = s.value.value;
          e.value_known = s.value.known();
          e.detail = s.ssm_public ? "AWS public parameter" : s.param.empty() ? "" : "parameter '" + s.param + "'";
          break;
        case SourceKind::Lookup:
        case SourceKind::Managed:
          e.value = s.ref_address;
          e.value_known = !s.ref_address.empty();
          if (s.ref_region_known && !s.ref_regions.empty()) e.detail = "in " + join(s.ref_regions);
          break;
        case SourceKind::Unresolved:
          e.detail = s.reason;
          break;
      }
      if (inv && e.value_known && is_ami_id(e.value))
        if (const Image* im = inv->find_any(e.value, e.regions)) e.image = *im;
      for (const auto& d : o.dr_regions) e.dr.push_back(availability(m, use, s, d, inv));
      out.push_back(std::move(e));
    }
  }
  return out;
}

nlohmann::ordered_json ami_audit_json(const std::vector<AmiAuditEntry>& entries) {
  auto arr = nlohmann::ordered_json::array();
  for (const auto& e : entries) {
    nlohmann::ordered_json j;
    j["file"] = e.file;
    j["line"] = e.line;
    j["column"] = e.column;
    j["resource"] = e.resource;
    j["resource_type"] = e.resource_type;
    j["slot"] = e.slot;
    j["source"] = e.source;
    j["value"] = e.value_known ? nlohmann::ordered_json(e.value) : nlohmann::ordered_json();
    if (!e.detail.empty()) j["detail"] = e.detail;
    if (e.source == "region-map") {
      nlohmann::ordered_json by = nlohmann::ordered_json::object();
      for (const auto& [r, v] : e.by_region) by[r] = v;
      j["by_region"] = std::move(by);
    }
    j["regions"] = e.regions;
    if (e.image) {
      nlohmann::ordered_json im;
      im["region"] = e.image->region;
      im["name"] = e.image->name;
      im["owner"] = e.image->owner;
      im["public"] = e.image->is_public;
      im["state"] = e.image->state;
      if (e.image->deprecated) im["deprecation_time"] = e.image->deprecation;
      j["image"] = std::move(im);
    }
    nlohmann::ordered_json dr = nlohmann::ordered_json::object();
    for (const auto& d : e.dr) {
      nlohmann::ordered_json a;
      a["status"] = d.status;
      a["how"] = d.how;
      dr[d.region] = std::move(a);
    }
    j["dr"] = std::move(dr);
    arr.push_back(std::move(j));
  }
  return arr;
}

}  // namespace amilint
