// The rule interface. Each rule lives in one file with its documentation; the
// registry (rules/registry.cpp) is the only list of them.
#pragma once
#include <string>
#include <vector>

#include "linter/model/finding.h"
#include "linter/model/model.h"

namespace amilint {

class RuleContext;

struct Rule {
  const char* code;
  const char* name;
  Severity severity;
  bool enabled_by_default;
  const char* formats;  // where it applies, for the docs
  const char* summary;  // one line
  const char* doc;      // Markdown: what it does, why it matters, example, fix
  void (*check)(const Model& model, RuleContext& ctx);  // nullptr for AMI000
};

// What a rule reports into: a finding located at the value it is about.
class RuleContext {
 public:
  RuleContext(const Rule& rule, const LintOptions& options, std::vector<Finding>& out)
      : rule_(rule), options_(options), out_(out) {}
  const LintOptions& options() const { return options_; }
  // A finding about the value at `at` (its range and logical path); `value` is what
  // the finding is about, for its fingerprint.
  void report(const Origin& at, const std::string& value, const std::string& message) {
    report(at.range, at.path, value, message);
  }
  void report(Range range, const std::string& path, const std::string& value, const std::string& message);

 private:
  const Rule& rule_;
  const LintOptions& options_;
  std::vector<Finding>& out_;
};

// All rules sorted by code.
const std::vector<const Rule*>& all_rules();
// A rule by code (any case) or name, or nullptr.
const Rule* find_rule(const std::string& code_or_name);

// Small helpers shared by rules.
std::string join(const std::vector<std::string>& items, const std::string& sep = ", ");

}  // namespace amilint
