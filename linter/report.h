// Reporters: one small function per output format.
#pragma once
#include <string>
#include <vector>

#include "linter/finding.h"

namespace amilint {

struct Summary {
  int files = 0;
  int templates = 0;
  int errors = 0;
  int warnings = 0;
  int infos = 0;
  int suppressed = 0;
  int baselined = 0;
};

Summary summarize(const std::vector<Finding>& findings, int files, int templates);

// `file:line:col: severity: message [CODE name]`, one per line.
std::string report_text(const std::vector<Finding>& findings);
// The one-line summary printed on stderr after text output.
std::string summary_line(const Summary& s);
// {"version", "findings", "summary"} as in the product contract.
std::string report_json(const std::vector<Finding>& findings, const Summary& s);

}  // namespace amilint
