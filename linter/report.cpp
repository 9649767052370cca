#include "linter/report.h"

#include <nlohmann/json.hpp>

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
  return out + ")";
}

std::string report_json(const std::vector<Finding>& findings, const Summary& s) {
  nlohmann::ordered_json doc;
  doc["version"] = AMILINT_VERSION;
  auto arr = nlohmann::ordered_json::array();
  for (const auto& f : findings) {
    nlohmann::ordered_json j;
    j["rule"] = f.rule;
    j["name"] = f.name;
    j["severity"] = severity_name(f.severity);
    j["file"] = f.file;
    j["line"] = f.line;
    j["column"] = f.column;
    j["end_line"] = f.end_line;
    j["end_column"] = f.end_column;
    j["message"] = f.message;
    j["path"] = f.path;
    j["fingerprint"] = f.fingerprint;
    arr.push_back(std::move(j));
  }
  doc["findings"] = std::move(arr);
  nlohmann::ordered_json sum;
  sum["files"] = s.files;
  sum["templates"] = s.templates;
  sum["errors"] = s.errors;
  sum["warnings"] = s.warnings;
  sum["infos"] = s.infos;
  sum["suppressed"] = s.suppressed;
  sum["baselined"] = s.baselined;
  doc["summary"] = std::move(sum);
  return doc.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

}  // namespace amilint
