// The text format (`file:line:col: severity: message [CODE name]`) and the summary.
#include "linter/report/report.h"

namespace amilint {

Summary summarize(const std::vector<Finding>& findings, int files, int templates) {
  Summary s;
  s.files = files;
  s.templates = templates;
  for (const auto& f : findings) {
    switch (f.severity) {
      case Severity::Error: ++s.errors; break;
      case Severity::Warning: ++s.warnings; break;
      case Severity::Info: ++s.infos; break;
    }
  }
  return s;
}

std::string report_text(const std::vector<Finding>& findings) {
  std::string out;
  for (const auto& f : findings) {
    out += f.file + ":" + std::to_string(f.line) + ":" + std::to_string(f.column) + ": " +
           severity_name(f.severity) + ": " + f.message + " [" + f.rule + " " + f.name + "]\n";
  }
  return out;
}

static std::string plural(int n, const char* word) {
  return std::to_string(n) + " " + word + (n == 1 ? "" : "s");
}

std::string summary_line(const Summary& s) {
  std::string out = "amilint: " + plural(s.errors, "error") + ", " + plural(s.warnings, "warning") + ", " +
                    plural(s.infos, "info") + " in " + plural(s.templates, "template") + " (" +
                    plural(s.files, "file") + " checked";
  if (s.suppressed) out += ", " + std::to_string(s.suppressed) + " suppressed";
  if (s.baselined) out += ", " + std::to_string(s.baselined) + " baselined";
  if (s.fixed) out += ", " + std::to_string(s.fixed) + " fixed";
  return out + ")";
}

}  // namespace amilint
