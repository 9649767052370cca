#include "linter/adapt/org_policy.h"

#include <algorithm>
#include <cctype>

namespace amilint {

std::vector<DeclarativeSetting> declarative_policy_settings(const Node* content) {
  std::vector<DeclarativeSetting> out;
  const Node* attrs = content && content->is_map() ? content->get("ec2_attributes") : nullptr;
  if (!attrs || !attrs->is_map()) return out;
  const std::pair<const char*, SettingKind> kinds[] = {
      {"image_block_public_access", SettingKind::ImageBlockPublicAccess},
      {"allowed_images_settings", SettingKind::AllowedImages}};
  for (const auto& [key, kind] : kinds) {
    const Node* setting = attrs->get(key);
    if (!setting || !setting->is_map()) continue;
    const Node* st = setting->get("state");
    if (st && st->is_map())
      if (const Node* a = st->get("@@assign")) st = a;
    if (st && st->is_scalar()) out.push_back({kind, key, st});
  }
  return out;
}

std::string normalized_state(std::string state) {
  std::replace(state.begin(), state.end(), '_', '-');
  for (auto& c : state) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return state;
}

}  // namespace amilint
