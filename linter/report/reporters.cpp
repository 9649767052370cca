// The table of output formats: `--format NAME` picks a row.
#include "linter/report/report.h"
#include "rules/rule.h"

namespace amilint {

namespace {

std::string text(const ReportInput& in) { return report_text(in.findings, in.text); }
std::string json(const ReportInput& in) { return report_json(in.findings, in.summary, in.amis); }
std::string sarif(const ReportInput& in) { return report_sarif(in.findings, all_rules(), SarifOptions{in.where}); }
std::string junit(const ReportInput& in) { return report_junit(in.findings, in.templates, in.where); }
std::string github(const ReportInput& in) { return report_github(in.findings, in.where); }

}  // namespace

const std::vector<Reporter>& reporters() {
  static const std::vector<Reporter> table = {
      {"text", text}, {"json", json}, {"sarif", sarif}, {"junit", junit}, {"github", github},
  };
  return table;
}

const Reporter* find_reporter(const std::string& format) {
  for (const auto& r : reporters())
    if (format == r.format) return &r;
  return nullptr;
}

}  // namespace amilint
