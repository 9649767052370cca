// Reporters: one small function per output format.
#pragma once
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "linter/model/finding.h"

namespace amilint {

struct Rule;
struct FileText;  // source/unit.h
struct AmiAuditEntry;

struct Summary {
  int files = 0;
  int templates = 0;
  int errors = 0;
  int warnings = 0;
  int infos = 0;
  int suppressed = 0;
  int baselined = 0;
  int fixed = 0;  // baseline entries that match no finding any more
};

Summary summarize(const std::vector<Finding>& findings, int files, int templates);

struct SourceRoot;

// A linted template and the rules that ran on it and could report on it (those that
// are on, read its format and have what they need: rule_applies).
struct LintedTemplate {
  std::string file;  // display name
  std::vector<const Rule*> rules;
};

// How the text format looks on a terminal.
struct TextStyle {
  bool color = false;        // ANSI colors (bold location, severity colors, dim rule)
  bool show_source = false;  // the source line under each finding, the value underlined
  // The linted text of the files, by finding `file` (RunResult::sources); a finding
  // whose file is not here gets no source lines.
  const std::map<std::string, std::shared_ptr<const FileText>>* sources = nullptr;
};

// What a reporter renders.
struct ReportInput {
  const std::vector<Finding>& findings;
  const Summary& summary;
  const std::vector<AmiAuditEntry>* amis;        // the AMI audit table (json)
  const std::vector<LintedTemplate>& templates;  // the linted templates and their rules (junit)
  const SourceRoot& where;                       // the repository (the CI formats)
  TextStyle text = {};                           // the text format's colors and source lines
};

// One output format: its name and the function that renders it.
struct Reporter {
  const char* format;
  std::string (*render)(const ReportInput& in);
};

// The one table of output formats (report/reporters.cpp).
const std::vector<Reporter>& reporters();
// The reporter of a format, or nullptr.
const Reporter* find_reporter(const std::string& format);

// `file:line:col: severity: message [CODE name]`, one per line; with style.color the
// same text with ANSI colors (without them it is byte for byte the same), with
// style.show_source each finding followed by its source line, the range underlined.
std::string report_text(const std::vector<Finding>& findings, const TextStyle& style = {});
// The source lines of one finding as --show-source prints them (a gutter with the
// line number, the line, `^` under the range; tabs expanded to 4-column stops, wide
// characters take two columns; a range that goes on past the line ends in `...`; a
// very long line is cut around the range). "" when the range is not in text.
std::string source_excerpt(const Finding& f, std::string_view text, bool color = false);
// The one-line summary printed on stderr after text output; with color, in the
// color of the worst severity (green when there is no finding).
std::string summary_line(const Summary& s, bool color = false);
// --statistics: one line per rule and severity that has findings,
// `COUNT  CODE  name  severity`, by count (descending), then code.
std::string report_statistics_text(const std::vector<Finding>& findings, bool color = false);
// --statistics --format json: [{"code", "name", "severity", "count"}, ...], same order.
std::string report_statistics_json(const std::vector<Finding>& findings);
// Whether a stream gets colors: `mode` is always, never or auto. Auto: no colors when
// NO_COLOR is set to a non-empty value; else colors when FORCE_COLOR or CLICOLOR_FORCE
// is set (non-empty, not `0`); else colors when fd is a terminal and TERM is not `dumb`.
bool use_color(const std::string& mode, int fd);
// {"version", "findings", "summary"} as in the product contract; with amis, also the
// AMI audit table ("amis", before "summary").
std::string report_json(const std::vector<Finding>& findings, const Summary& s,
                        const std::vector<AmiAuditEntry>* amis = nullptr);

// ---------------------------------------------------------------------------
// Where the findings' files are, for the formats that CI systems read (SARIF,
// JUnit, GitHub): those name files relative to the repository root, not to the
// directory amilint runs in.
struct SourceRoot {
  std::string cwd;   // absolute: the directory finding files are relative to
  std::string root;  // absolute: the repository root (holds `.git`); "" = none found
  // The base that relative names are expressed against: root, or cwd without one.
  const std::string& base() const { return root.empty() ? cwd : root; }
};

// The nearest directory at or above dir (absolute) that holds `.git` (a directory,
// or a file as in worktrees and submodules); "" when there is none up to `/`.
std::string find_repository_root(const std::string& dir);
// The SourceRoot of the current directory.
SourceRoot current_source_root();
// A finding's file relative to where.base(), with '/' separators and no `.`/`..`
// segments; "" when the file is outside the base.
std::string base_relative(const std::string& file, const SourceRoot& where);
// The name CI systems should see: base_relative(), or the file as given when it is
// outside the base.
std::string ci_file_name(const std::string& file, const SourceRoot& where);

// Percent-encodes a '/'-separated path for use in a URI (RFC 3986: everything
// except unreserved characters and '/').
std::string uri_encode_path(std::string_view path);
// `file:///...` for an absolute directory, ending in '/'.
std::string directory_file_uri(const std::string& dir);

// Replaces invalid UTF-8 with U+FFFD.
std::string valid_utf8(std::string_view s);
// Decodes the code point at s[i]: returns its length in bytes and sets cp, or
// returns 1 and sets cp to U+FFFD for an invalid sequence (overlong, surrogate,
// beyond U+10FFFF, truncated).
size_t utf8_next(std::string_view s, size_t i, uint32_t& cp);

// ---------------------------------------------------------------------------
// SARIF 2.1.0. `rules` become tool.driver.rules (pass the whole registry) and
// results point into it with ruleIndex.
struct SarifOptions {
  SourceRoot where;
  std::string tool_version = AMILINT_VERSION;
};
std::string report_sarif(const std::vector<Finding>& findings, const std::vector<const Rule*>& rules,
                         const SarifOptions& options);
// The plain-text form of a rule's Markdown documentation (headings without
// `#`, no code fences, no backticks).
std::string markdown_to_text(std::string_view markdown);

// JUnit XML: one <testsuite> per template, one <testcase> per template and rule
// that applies to it (LintedTemplate::rules), failing when that rule has findings in
// that template; a rule with findings there that is not listed gets a testcase too,
// and files that have findings but are not listed get a suite. File names are
// repository-relative (ci_file_name), as GitLab expects in `file`.
std::string report_junit(const std::vector<Finding>& findings, const std::vector<LintedTemplate>& templates,
                         const SourceRoot& where);
// Escapes text for XML 1.0 content (attribute = true: also '"', tabs and line breaks).
// Characters XML cannot hold (most C0 controls, U+FFFE/U+FFFF, invalid UTF-8)
// become U+FFFD.
std::string xml_escape(std::string_view s, bool attribute);

// GitHub Actions workflow commands: `::error file=…,line=…::message`, most severe
// first, at most `per_severity` each of errors, warnings and notices (GitHub shows
// 10 of each per step), then one plain line saying how many were left out.
std::string report_github(const std::vector<Finding>& findings, const SourceRoot& where, int per_severity = 10);
// Workflow command escaping: data escapes % CR LF; properties also ':' and ','.
std::string github_escape_data(std::string_view s);
std::string github_escape_property(std::string_view s);
// The Markdown appended to $GITHUB_STEP_SUMMARY: counts by severity and a table
// of findings (most severe first), at most max_rows rows and a note when cut.
std::string github_step_summary(const std::vector<Finding>& findings, const Summary& s, const SourceRoot& where,
                                size_t max_rows = 100);

}  // namespace amilint
