#include "linter/model/model.h"

#include <cctype>

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
