#include "linter/model/dump.h"

namespace amilint {

namespace {

std::string list(const std::vector<std::string>& v) {
  std::string out = "[";
  for (size_t i = 0; i < v.size(); ++i) out += (i ? " " : "") + v[i];
  return out + "]";
}

std::string state(State s) {
  switch (s) {
    case State::Absent: return "absent";
    case State::Unknown: return "unknown";
    case State::Known: return "";
  }
  return "?";
}

std::string str(const Str& s) { return s.known() ? "'" + s.value + "'" : state(s.state); }
std::string boolean(const Bool& b) { return b.known() ? (b.value ? "true" : "false") : state(b.state); }

std::string strs(const std::vector<Str>& v) {
  std::vector<std::string> out;
  for (const auto& s : v) out.push_back(str(s));
  return list(out);
}

std::string regions(const std::vector<std::string>& r, bool known) { return known ? list(r) : "unknown"; }

const char* accept_names(unsigned a) {
  static const char* names[] = {"", "resolve-ssm", "image-builder", "resolve-ssm,image-builder",
                                "alias", "resolve-ssm,alias", "image-builder,alias", "all"};
  return names[a & 7u];
}

std::string source(const AmiSource& s) {
  std::string out = std::string("  source ") + source_kind_name(s.kind) + " value=" + str(s.value);
  if (s.kind == SourceKind::RegionMap)
    out += " map=" + std::to_string(s.region_map) + " keys=" + (s.map_keys_known ? list(s.map_keys) : "unknown") +
           (s.map_has_default ? " default" : "");
  if (s.ssm_public) out += " public";
  if (s.from_default) out += " from-default";
  if (s.from_mapping) out += " from-mapping region=" + s.mapping_region;
  if (!s.ref_address.empty())
    out += " ref regions=" + regions(s.ref_regions, s.ref_region_known) + (s.lookup >= 0 ? " lookup=" + std::to_string(s.lookup) : "") +
           (s.copy >= 0 ? " copy=" + std::to_string(s.copy) : "") + (s.ref_image_builder ? " image-builder" : "");
  return out + "\n";
}

void uses(const Model& m, std::string& out) {
  for (const auto& u : m.uses) {
    out += std::string("use accepts=") + accept_names(u.accepts) + " regions=" + regions(u.regions, u.region_known) +
           (u.build_source ? " build-source" : "") + "\n";
    for (const auto& s : u.sources) out += source(s);
  }
  for (const auto& l : m.literals) out += "literal " + str(l.value) + " context=" + std::to_string(static_cast<int>(l.context)) + "\n";
}

void images(const Model& m, std::string& out) {
  for (const auto& l : m.lookups)
    out += std::string("lookup") + (l.ids ? " ids" : "") + " owners=" +
           (l.owners.absent() ? "absent" : strs(l.owners.items) + (l.owners.all_known() ? "" : " (not all known)")) +
           (l.owner_filter ? " owner-filter" : "") + " most_recent=" + boolean(l.most_recent) + " name_regex=" +
           str(l.name_regex) + (l.wildcard_name ? " wildcard-name" : "") + " include_deprecated=" +
           boolean(l.include_deprecated) + " allow_unsafe_filter=" + boolean(l.allow_unsafe_filter) +
           " regions=" + regions(l.regions, l.region_known) + "\n";
  for (const auto& c : m.copies)
    out += "copy source=" + str(c.source_ami_id) + " source_region=" + str(c.source_ami_region) + " encrypted=" +
           boolean(c.encrypted) + " kms=" + str(c.kms_key_id) + " regions=" + regions(c.regions, c.region_known) + "\n";
  for (const auto& b : m.builds)
    out += "build name=" + (b.name_pattern.empty() ? std::string("unknown") : b.name_pattern) +
           (b.hcp_bucket.empty() ? "" : " hcp_bucket=" + b.hcp_bucket) + " regions=" + regions(b.regions, b.region_known) +
           " copies=" +
           (b.copies_known ? list(b.copy_regions) : "unknown") + " kms=" + str(b.kms_key_id) + "\n";
  for (const auto& v : m.image_volumes)
    out += std::string(v.recipe ? "recipe-volume" : "image-volume") + " device=" + str(v.device) + " encrypted=" +
           boolean(v.encrypted) + (v.from_snapshot ? " from-snapshot" : "") + " kms=" + str(v.kms_key_id) + "\n";
  for (const auto& d : m.ebs_defaults)
    out += std::string(d.default_key ? "ebs-default-kms-key" : "ebs-encryption-by-default enabled=" + boolean(d.enabled)) +
           " regions=" + regions(d.regions, d.region_known) + "\n";
  for (const auto& l : m.image_builder_links) out += "image-builder " + l.recipe + " -> " + l.distribution + "\n";
  for (const auto& i : m.images_from_instances) out += "image-from-instance no_reboot=" + boolean(i.no_reboot) + "\n";
  for (const auto& p : m.parameters)
    out += "parameter type=" + str(p.type) + " default=" + str(p.default_value) + (p.feeds_ami_slot ? " feeds-ami" : "") + "\n";
  for (const auto& rm : m.region_maps) {
    out += std::string("region-map") + (rm.used_with_region ? " used-with-region" : "") + "\n";
    for (const auto& row : rm.rows) {
      out += "  " + row.region + ":";
      for (const auto& [k, v] : row.values) out += " " + k + "=" + str(v);
      out += "\n";
    }
  }
}

void sharing(const Model& m, std::string& out) {
  for (const auto& dc : m.distributions) {
    out += "distribution-configuration home=" + list(dc.home_regions) + "\n";
    for (const auto& d : dc.distributions)
      out += "  distribution region=" + str(d.region) + (d.has_ami_config ? " ami" : "") +
             (d.container_only ? " container" : "") + " kms=" + str(d.kms_key) + " groups=" + strs(d.user_groups) +
             " accounts=" + strs(d.accounts) + "\n";
  }
  for (const auto& lp : m.lifecycle_policies) {
    out += "lifecycle-policy type=" + str(lp.policy_type) + (lp.image_policy ? " images" : "") + " no_reboot=" +
           boolean(lp.no_reboot) + " home=" + list(lp.home_regions) + " shares=" + strs(lp.share_accounts) + "\n";
    for (const auto& r : lp.copy_rules)
      out += "  copy-rule to=" + str(r.target_region) + " encrypted=" + boolean(r.encrypted) + " cmk=" + str(r.cmk_arn) + "\n";
  }
  for (const auto& lp : m.launch_permissions)
    out += std::string(lp.snapshot ? "snapshot-permission" : "launch-permission") + " image=" + str(lp.image_id) +
           " group=" + str(lp.group) + " account=" + str(lp.account_id) +
           (lp.org_arn.absent() ? "" : (lp.org_unit ? " ou=" : " org=") + str(lp.org_arn)) +
           (lp.image_ref.empty() ? "" : " ref=" + lp.image_ref) + "\n";
  for (const auto& s : m.settings)
    out += std::string("setting ") + (s.kind == SettingKind::ImageBlockPublicAccess ? "image-block-public-access" : "allowed-images") +
           " state=" + str(s.state) + (s.org_policy ? " org-policy" : "") + "\n";
}

}  // namespace

std::string dump_model(const Model& m) {
  std::string out;
  uses(m, out);
  images(m, out);
  sharing(m, out);
  return out;
}

}  // namespace amilint
