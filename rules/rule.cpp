#include "rules/rule.h"

namespace amilint {

void RuleContext::report(Range range, const std::string& path, const std::string& value,
                         const std::string& message) {
  if (!reported_.emplace(range, message).second) return;
  Finding f;
  f.rule = rule_.code;
  f.name = rule_.name;
  f.severity = rule_.severity;
  f.range = range;
  f.path = path;
  f.value = value;
  f.identity = rule_.identity;
  f.message = message;
  out_.push_back(std::move(f));
}

unsigned format_family(Format f) {
  switch (f) {
    case Format::CfnYaml:
    case Format::CfnJson: return kCloudFormation;
    case Format::TfHcl:
    case Format::TfJson:
    case Format::TfVars:
    case Format::TfVarsJson: return kTerraform;
    case Format::TfPlan: return kPlan;
    case Format::PkrHcl:
    case Format::PkrJson:
    case Format::PkrVars:
    case Format::PkrVarsJson: return kPacker;
  }
  return kAnyFormat;
}

bool rule_applies(const Rule& r, Format f, const LintOptions& o) {
  if (!(r.applies_to & format_family(f))) return false;
  switch (r.needs) {
    case Needs::Nothing: return true;
    case Needs::Inventory: return o.inventory != nullptr;
    case Needs::DrRegions: return !o.dr_regions.empty();
  }
  return true;
}

bool overlap(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  for (const auto& x : a)
    for (const auto& y : b)
      if (x == y) return true;
  return false;
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
