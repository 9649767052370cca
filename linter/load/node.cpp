#include "linter/load/node.h"

namespace amilint {

const MapEntry* Node::entry(std::string_view key) const {
  if (kind != NodeKind::Mapping) return nullptr;
  for (const auto& e : entries)
    if (e.key == key) return &e;
  return nullptr;
}

const Node* Node::get(std::string_view key) const {
  const MapEntry* e = entry(key);
  return e ? e->value : nullptr;
}

std::string_view Node::intrinsic() const {
  if (kind != NodeKind::Mapping || entries.size() != 1) return {};
  std::string_view k = entries[0].key;
  if (k == "Ref" || k == "Condition" || k.substr(0, 4) == "Fn::") return k;
  return {};
}

}  // namespace amilint
