// JUnit XML as GitLab, Jenkins and most CI test-report readers take it:
//   <testsuites> ─ <testsuite name=FILE> ─ <testcase name="CODE name"> [<failure>]
// One testcase per template and rule that applies to it (on, reading its format, with
// what it needs); a testcase fails when its rule has findings in its template, and the
// failure's text lists them as file:line:col.
#include <map>

#include "linter/report/report.h"
#include "rules/rule.h"

namespace amilint {

std::string xml_escape(std::string_view s, bool attribute) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    uint32_t cp;
    size_t n = utf8_next(s, i, cp);
    i += n;
    switch (cp) {
      case '&': out += "&amp;"; continue;
      case '<': out += "&lt;"; continue;
      case '>': out += "&gt;"; continue;
      case '"': out += attribute ? "&quot;" : "\""; continue;
      case '\t': out += attribute ? "&#9;" : "\t"; continue;
      case '\n': out += attribute ? "&#10;" : "\n"; continue;
      case '\r': out += "&#13;"; continue;  // a raw CR would be normalized away
      default: break;
    }
    bool allowed = (cp >= 0x20 && cp <= 0xD7FF) || (cp >= 0xE000 && cp <= 0xFFFD) || (cp >= 0x10000 && cp <= 0x10FFFF);
    append_utf8(out, allowed ? cp : 0xFFFD);
  }
  return out;
}

namespace {

std::string attr(const char* name, std::string_view value) {
  return std::string(" ") + name + "=\"" + xml_escape(value, true) + "\"";
}

std::string attr(const char* name, size_t value) { return std::string(" ") + name + "=\"" + std::to_string(value) + "\""; }

std::string location(const Finding& f, const SourceRoot& where) {
  std::string s = ci_file_name(f.file, where);
  if (f.line > 0) {
    s += ":" + std::to_string(f.line);
    if (f.column > 0) s += ":" + std::to_string(f.column);
  }
  return s;
}

struct Case {
  std::string code, name;
  std::vector<const Finding*> findings;
};

struct Suite {
  std::string file;
  std::vector<Case> cases;
  size_t failures = 0;
};

}  // namespace

std::string report_junit(const std::vector<Finding>& findings, const std::vector<LintedTemplate>& templates,
                         const SourceRoot& where) {
  std::vector<Suite> suites;
  std::map<std::string, size_t> by_file;
  auto suite_of = [&](const std::string& file, const std::vector<const Rule*>& rules) -> Suite& {
    auto it = by_file.find(file);
    if (it != by_file.end()) return suites[it->second];
    by_file[file] = suites.size();
    Suite s;
    s.file = file;
    for (const Rule* r : rules)
      if (r) s.cases.push_back(Case{r->code, r->name, {}});
    suites.push_back(std::move(s));
    return suites.back();
  };
  for (const auto& t : templates) suite_of(t.file, t.rules);
  for (const auto& f : findings) {
    Suite& s = suite_of(f.file, {});
    Case* c = nullptr;
    for (auto& k : s.cases)
      if (k.code == f.rule) c = &k;
    if (!c) {  // a rule that reported without being listed (a finding in a variable file)
      s.cases.push_back(Case{f.rule, f.name, {}});
      c = &s.cases.back();
    }
    c->findings.push_back(&f);
  }

  size_t tests = 0, failures = 0;
  for (auto& s : suites) {
    for (const auto& c : s.cases)
      if (!c.findings.empty()) ++s.failures;
    tests += s.cases.size();
    failures += s.failures;
  }

  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out += "<testsuites" + attr("name", "amilint") + attr("tests", tests) + attr("failures", failures) +
         attr("errors", size_t{0}) + attr("skipped", size_t{0}) + attr("time", "0") + ">\n";
  for (const auto& s : suites) {
    std::string file = ci_file_name(s.file, where);
    out += "  <testsuite" + attr("name", file) + attr("tests", s.cases.size()) + attr("failures", s.failures) +
           attr("errors", size_t{0}) + attr("skipped", size_t{0}) + attr("time", "0") + attr("file", file) + ">\n";
    for (const auto& c : s.cases) {
      out += "    <testcase" + attr("name", c.code + " " + c.name) + attr("classname", file) + attr("file", file) +
             attr("time", "0");
      if (c.findings.empty()) {
        out += "/>\n";
        continue;
      }
      Severity worst = Severity::Info;
      std::string text;
      for (const Finding* f : c.findings) {
        if (f->severity > worst) worst = f->severity;
        text += location(*f, where) + ": " + severity_name(f->severity) + ": " + f->message + " [" + f->rule + " " +
                f->name + "]\n";
      }
      const Finding& first = *c.findings.front();
      std::string msg = location(first, where) + ": " + first.message;
      if (c.findings.size() > 1)
        msg += " (and " + std::to_string(c.findings.size() - 1) + " more finding" +
               (c.findings.size() == 2 ? "" : "s") + ")";
      out += ">\n      <failure" + attr("message", msg) + attr("type", severity_name(worst)) + ">" +
             xml_escape(text, false) + "</failure>\n    </testcase>\n";
    }
    out += "  </testsuite>\n";
  }
  out += "</testsuites>\n";
  return out;
}

}  // namespace amilint
