// The only list of rules, sorted by code.
#include <algorithm>
#include <cctype>

#include "rules/rule.h"

namespace amilint {

extern const Rule kAmi000, kAmi001, kAmi002, kAmi003, kAmi009, kAmi010, kAmi011, kAmi012, kAmi013,
    kAmi014, kAmi020, kAmi021, kAmi022, kAmi023, kAmi024, kAmi025, kAmi030, kAmi031, kAmi032, kAmi033, kAmi040,
    kAmi041, kAmi042, kAmi043, kAmi050, kAmi060, kAmi061;

const std::vector<const Rule*>& all_rules() {
  static const std::vector<const Rule*> rules = {
      &kAmi000, &kAmi001, &kAmi002, &kAmi003, &kAmi009, &kAmi010, &kAmi011, &kAmi012, &kAmi013,
      &kAmi014, &kAmi020, &kAmi021, &kAmi022, &kAmi023, &kAmi024, &kAmi025, &kAmi030, &kAmi031, &kAmi032,
      &kAmi033, &kAmi040, &kAmi041, &kAmi042, &kAmi043, &kAmi050, &kAmi060, &kAmi061,
  };
  return rules;
}

const Rule* find_rule(const std::string& code_or_name) {
  std::string upper = code_or_name;
  for (auto& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  for (const Rule* r : all_rules())
    if (upper == r->code || code_or_name == r->name) return r;
  return nullptr;
}

}  // namespace amilint
