#include "rules/rule.h"

namespace amilint {

void RuleContext::report(Range range, const std::string& path, const std::string& value,
                         const std::string& message) {
  Finding f;
  f.rule = rule_.code;
  f.name = rule_.name;
  f.severity = rule_.severity;
  f.range = range;
  f.path = path;
  f.value = value;
  f.message = message;
  out_.push_back(std::move(f));
}

std::string join(const std::vector<std::string>& items, const std::string& sep) {
  std::string out;
  for (size_t i = 0; i < items.size(); ++i) {
    if (i) out += sep;
    out += items[i];
  }
  return out;
}

}  // namespace amilint
