// The rule interface. Each rule lives in one file with its documentation; the
// registry (rules/registry.cpp) is the only list of them.
#pragma once
#include <set>
#include <string>
#include <vector>

#include "linter/model/finding.h"
#include "linter/model/model.h"
#include "linter/source/format.h"

namespace amilint {

class RuleContext;

// The format families a rule can report on (Rule::applies_to).
enum FormatFamily : unsigned {
  kCloudFormation = 1u << 0,  // CloudFormation templates (YAML, JSON)
  kTerraform = 1u << 1,       // Terraform configuration (.tf, .tf.json) and variable files
  kPlan = 1u << 2,            // terraform show -json
  kPacker = 1u << 3,          // Packer builds (HCL2 templates and variable files, legacy JSON templates)
  kAnyFormat = kCloudFormation | kTerraform | kPlan | kPacker,
};
unsigned format_family(Format f);

// What a rule needs besides the file to have anything to say.
enum class Needs { Nothing, Inventory, DrRegions };

struct Rule {
  const char* code;
  const char* name;
  Severity severity;
  bool enabled_by_default;
  const char* formats;  // where it applies, for the docs (the words of applies_to)
  const char* summary;  // one line
  const char* doc;      // Markdown: what it does, why it matters, example, fix
  void (*check)(const Model& model, RuleContext& ctx);  // nullptr for AMI000
  unsigned applies_to;  // FormatFamily bits: the formats it can report on
  Needs needs;
  Identity identity;    // what its findings' fingerprints hash besides the slot
};

// Whether rule r can report on a file of format f linted with options o: its format
// family is one the rule reads, and what it needs was given (an inventory, DR
// regions). Whether it is on (select, ignore, enable, config) is active_rules'.
bool rule_applies(const Rule& r, Format f, const LintOptions& o);

// What a rule reports into: a finding located at the value it is about.
class RuleContext {
 public:
  RuleContext(const Rule& rule, const LintOptions& options, std::vector<Finding>& out)
      : rule_(rule), options_(options), out_(out) {}
  const LintOptions& options() const { return options_; }
  // A finding about the value at `at` (its range and logical path); `value` is what
  // the finding is about, for its fingerprint (which hashes it unless the rule's
  // identity is the slot alone).
  void report(const Origin& at, const std::string& value, const std::string& message) {
    report(at.range, at.path, value, message);
  }
  // The same message at the same range is reported once (a module called with
  // count or for_each has one literal for all its instances).
  void report(Range range, const std::string& path, const std::string& value, const std::string& message);

 private:
  const Rule& rule_;
  const LintOptions& options_;
  std::vector<Finding>& out_;
  std::set<std::pair<Range, std::string>> reported_;
};

// All rules sorted by code.
const std::vector<const Rule*>& all_rules();
// A rule by code (any case) or name, or nullptr.
const Rule* find_rule(const std::string& code_or_name);

// Small helpers shared by rules.
std::string join(const std::vector<std::string>& items, const std::string& sep = ", ");
// Whether two lists of regions (or names) share an entry.
bool overlap(const std::vector<std::string>& a, const std::vector<std::string>& b);

}  // namespace amilint
