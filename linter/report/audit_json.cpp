// The AMI audit table as the JSON array of the `amis` key (report_json).
#include "linter/report/audit_json.h"

#include <nlohmann/json.hpp>

namespace amilint {

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
      if (!e.image->evidence.empty()) im["evidence"] = e.image->evidence;
      j["image"] = std::move(im);
    }
    if (e.build) {
      const BuildAudit& b = *e.build;
      nlohmann::ordered_json bj;
      bj["ami_name"] = b.name.empty() ? nlohmann::ordered_json() : nlohmann::ordered_json(b.name);
      bj["region"] = b.regions.empty() ? nlohmann::ordered_json() : nlohmann::ordered_json(b.regions[0]);
      bj["ami_regions"] = b.copies_known ? nlohmann::ordered_json(b.copies) : nlohmann::ordered_json();
      bj["encrypt_boot"] = b.encrypt_boot ? nlohmann::ordered_json(*b.encrypt_boot) : nlohmann::ordered_json();
      if (!b.kms_key_id.empty()) bj["kms_key_id"] = b.kms_key_id;
      nlohmann::ordered_json shared = nlohmann::ordered_json::object();
      for (const auto& [option, entries] : b.shared) shared[option] = entries;
      bj["shared"] = std::move(shared);
      j["build"] = std::move(bj);
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
