// The JSON format: findings, the AMI audit table and the summary, in one document.
#include <nlohmann/json.hpp>

#include "linter/report/audit_json.h"
#include "linter/report/report.h"

namespace amilint {

std::string report_json(const std::vector<Finding>& findings, const Summary& s,
                        const std::vector<AmiAuditEntry>* amis) {
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
    if (!f.construct_path.empty()) j["construct_path"] = f.construct_path;
    j["fingerprint"] = f.fingerprint;
    arr.push_back(std::move(j));
  }
  doc["findings"] = std::move(arr);
  if (amis) doc["amis"] = ami_audit_json(*amis);
  nlohmann::ordered_json sum;
  sum["files"] = s.files;
  sum["templates"] = s.templates;
  sum["errors"] = s.errors;
  sum["warnings"] = s.warnings;
  sum["infos"] = s.infos;
  sum["suppressed"] = s.suppressed;
  sum["baselined"] = s.baselined;
  sum["fixed"] = s.fixed;
  doc["summary"] = std::move(sum);
  return doc.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

}  // namespace amilint
