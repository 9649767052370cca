// GitHub Actions: workflow commands that become annotations on the pull request,
// and the Markdown job summary ($GITHUB_STEP_SUMMARY).
#include <algorithm>

#include "linter/report/report.h"

namespace amilint {

namespace {

const char* kReplacement = "\xEF\xBF\xBD";  // U+FFFD

bool control(char c) { return (static_cast<unsigned char>(c) < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7F; }

std::string escape(std::string_view s, bool property) {
  std::string in = valid_utf8(s), out;
  for (char c : in) {
    if (control(c)) {
      out += kReplacement;
      continue;
    }
    switch (c) {
      case '%': out += "%25"; break;
      case '\r': out += "%0D"; break;
      case '\n': out += "%0A"; break;
      case ':': out += property ? "%3A" : ":"; break;
      case ',': out += property ? "%2C" : ","; break;
      default: out += c;
    }
  }
  return out;
}

const char* command(Severity s) {
  switch (s) {
    case Severity::Error: return "error";
    case Severity::Warning: return "warning";
    case Severity::Info: return "notice";
  }
  return "warning";
}

// Findings most severe first; within a severity, in report order.
std::vector<const Finding*> by_severity(const std::vector<Finding>& findings) {
  std::vector<const Finding*> v;
  for (const auto& f : findings) v.push_back(&f);
  std::stable_sort(v.begin(), v.end(), [](const Finding* a, const Finding* b) { return a->severity > b->severity; });
  return v;
}

std::string count(size_t n, const char* one, const char* many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

// Text for a Markdown table cell: no line breaks, and every character Markdown
// or the table could read as syntax is escaped.
std::string cell(std::string_view s) {
  std::string in = valid_utf8(s), out;
  for (char c : in) {
    if (control(c)) {
      out += kReplacement;
      continue;
    }
    switch (c) {
      case '\r': break;
      case '\n': case '\t': out += ' '; break;
      case '\\': case '`': case '*': case '_': case '[': case ']': case '<': case '>':
      case '|': case '~': case '&': case '#': case '!':
        out += '\\';
        out += c;
        break;
      default: out += c;
    }
  }
  return out;
}

}  // namespace

std::string github_escape_data(std::string_view s) { return escape(s, false); }
std::string github_escape_property(std::string_view s) { return escape(s, true); }

std::string report_github(const std::vector<Finding>& findings, const SourceRoot& where, int per_severity) {
  std::string out;
  size_t shown[3] = {0, 0, 0}, left[3] = {0, 0, 0};
  for (const Finding* f : by_severity(findings)) {
    int k = static_cast<int>(f->severity);
    if (shown[k] >= static_cast<size_t>(std::max(0, per_severity))) {
      ++left[k];
      continue;
    }
    ++shown[k];
    std::string props = "file=" + github_escape_property(ci_file_name(f->file, where));
    if (f->line > 0) {
      props += ",line=" + std::to_string(f->line);
      if (f->column > 0) props += ",col=" + std::to_string(f->column);
      bool end_ok = f->end_line > f->line || (f->end_line == f->line && f->end_column >= f->column);
      if (end_ok && f->end_line > 0) {
        props += ",endLine=" + std::to_string(f->end_line);
        if (f->column > 0 && f->end_column > 0) props += ",endColumn=" + std::to_string(f->end_column);
      }
    }
    props += ",title=" + github_escape_property(f->rule + " " + f->name);
    out += std::string("::") + command(f->severity) + " " + props + "::" + github_escape_data(f->message) + "\n";
  }
  size_t total = left[0] + left[1] + left[2];
  if (total) {
    std::vector<std::string> parts;
    if (left[2]) parts.push_back(count(left[2], "error", "errors"));
    if (left[1]) parts.push_back(count(left[1], "warning", "warnings"));
    if (left[0]) parts.push_back(count(left[0], "notice", "notices"));
    std::string list;
    for (size_t i = 0; i < parts.size(); ++i) list += (i ? ", " : "") + parts[i];
    out += "amilint: " + count(total, "more finding", "more findings") + " not annotated (GitHub shows at most " +
           std::to_string(per_severity) + " errors, " + std::to_string(per_severity) + " warnings and " +
           std::to_string(per_severity) + " notices per step): " + list + "\n";
  }
  return out;
}

std::string github_step_summary(const std::vector<Finding>& findings, const Summary& s, const SourceRoot& where,
                                size_t max_rows) {
  std::string out = "### amilint\n\n";
  out += "| severity | findings |\n|---|---:|\n";
  out += "| error | " + std::to_string(s.errors) + " |\n";
  out += "| warning | " + std::to_string(s.warnings) + " |\n";
  out += "| info | " + std::to_string(s.infos) + " |\n\n";
  out += count(static_cast<size_t>(s.templates), "template", "templates") + " in " +
         count(static_cast<size_t>(s.files), "file", "files") + " checked";
  if (s.suppressed) out += ", " + std::to_string(s.suppressed) + " suppressed";
  if (s.baselined) out += ", " + std::to_string(s.baselined) + " baselined";
  if (s.fixed) out += ", " + count(static_cast<size_t>(s.fixed), "baseline entry", "baseline entries") + " fixed";
  out += ".\n\n";
  if (findings.empty()) return out + "No findings.\n\n";
  out += "| file:line | rule | severity | message |\n|---|---|---|---|\n";
  size_t rows = 0;
  for (const Finding* f : by_severity(findings)) {
    if (rows == max_rows) break;
    ++rows;
    std::string where_at = ci_file_name(f->file, where);
    if (f->line > 0) where_at += ":" + std::to_string(f->line);
    out += "| " + cell(where_at) + " | " + cell(f->rule + " " + f->name) + " | " + severity_name(f->severity) +
           " | " + cell(f->message) + " |\n";
  }
  out += "\n";
  if (rows < findings.size())
    out += "Showing the first " + std::to_string(rows) + " of " + std::to_string(findings.size()) +
           " findings (most severe first); run `amilint --format text` for all of them.\n\n";
  return out;
}

}  // namespace amilint
