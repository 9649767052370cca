#include "linter/model/model.h"

#include <cctype>
#include <string_view>

namespace amilint {

const char* source_kind_name(SourceKind k) {
  switch (k) {
    case SourceKind::Literal: return "literal";
    case SourceKind::Parameter: return "parameter";
    case SourceKind::RegionMap: return "region-map";
    case SourceKind::Ssm: return "ssm-parameter";
    case SourceKind::Lookup: return "lookup";
    case SourceKind::Managed: return "managed-image";
    case SourceKind::Registry: return "artifact-registry";
    case SourceKind::Unresolved: return "unresolved";
  }
  return "?";
}

std::vector<std::string> source_regions(const Model& m, const AmiUse& use, const AmiSource& s) {
  if (s.default_for_map < 0 || static_cast<size_t>(s.default_for_map) >= m.region_maps.size()) return use.regions;
  const RegionMap& rm = m.region_maps[static_cast<size_t>(s.default_for_map)];
  std::vector<std::string> out;
  for (const auto& r : use.regions) {
    const RegionMap::Row* row = rm.row(r);
    bool lacks = !row;
    for (const auto& k : s.default_keys)
      if (row && !row->find(k)) lacks = true;
    if (lacks) out.push_back(r);
  }
  return out;
}

bool is_ami_id(const std::string& s) {
  if (s.size() != 12 && s.size() != 21) return false;
  if (s.compare(0, 4, "ami-") != 0) return false;
  for (size_t i = 4; i < s.size(); ++i) {
    char c = s[i];
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

bool claims_ami_id(const std::string& s) {
  return s.size() >= 4 && std::tolower(static_cast<unsigned char>(s[0])) == 'a' &&
         std::tolower(static_cast<unsigned char>(s[1])) == 'm' &&
         std::tolower(static_cast<unsigned char>(s[2])) == 'i' && s[3] == '-';
}

namespace {
// Lowercase letters and digits only, between min and max of them.
bool org_id_chars(std::string_view s, size_t min, size_t max) {
  if (s.size() < min || s.size() > max) return false;
  for (char c : s)
    if (!std::isdigit(static_cast<unsigned char>(c)) && !(c >= 'a' && c <= 'z')) return false;
  return true;
}
}  // namespace

bool is_org_arn(const std::string& s, bool unit) {
  std::string_view v = s;
  for (std::string_view p : {"arn:aws:", "arn:aws-cn:", "arn:aws-us-gov:"})
    if (v.substr(0, p.size()) == p) {
      v.remove_prefix(p.size());
      break;
    }
  if (v.size() == s.size() || v.substr(0, 15) != "organizations::") return false;
  v.remove_prefix(15);
  if (v.size() < 13 || !is_account_id(std::string(v.substr(0, 12))) || v[12] != ':') return false;
  v.remove_prefix(13);
  std::string_view kind = unit ? "ou/o-" : "organization/o-";
  if (v.substr(0, kind.size()) != kind) return false;
  v.remove_prefix(kind.size());
  size_t slash = v.find('/');
  if (!unit) return slash == std::string_view::npos && org_id_chars(v, 10, 32);
  if (slash == std::string_view::npos || !org_id_chars(v.substr(0, slash), 10, 32)) return false;
  std::string_view ou = v.substr(slash + 1);  // ou-ROOT-ID
  if (ou.substr(0, 3) != "ou-") return false;
  ou.remove_prefix(3);
  size_t dash = ou.find('-');
  return dash != std::string_view::npos && org_id_chars(ou.substr(0, dash), 4, 32) &&
         org_id_chars(ou.substr(dash + 1), 8, 32);
}

bool is_account_id(const std::string& s) {
  if (s.size() != 12) return false;
  for (char c : s)
    if (!std::isdigit(static_cast<unsigned char>(c))) return false;
  return true;
}

std::string arn_region(const std::string& arn) {
  if (arn.compare(0, 4, "arn:") != 0) return {};
  size_t p1 = arn.find(':', 4);             // after partition
  if (p1 == std::string::npos) return {};
  size_t p2 = arn.find(':', p1 + 1);        // after service
  if (p2 == std::string::npos) return {};
  size_t p3 = arn.find(':', p2 + 1);        // after region
  if (p3 == std::string::npos) return {};
  return arn.substr(p2 + 1, p3 - p2 - 1);
}

}  // namespace amilint
