// Suppressions, the first half of the filter stage (check -> FILTER -> report).
//
// Where they come from:
//   - comments, `# amilint:ignore AMI002,AMI010 reason="..." until=2027-01-31`, found by
//     a text scanner (scan_comments) that knows YAML (`#` after whitespace, not in a
//     quoted string or a block scalar) and HCL (`#` and `//`, not in strings, heredocs
//     or /* */ comments). A comment alone on its line covers the next line that is not
//     itself a comment line (so several can be stacked); a trailing comment covers its
//     own line.
//   - CloudFormation `Metadata: {amilint: {ignore: [{rule, reason, until}]}}` of a
//     resource (findings under `Resources/<Name>`) or of the template (every finding).
//   - block-scoped suppressions an adapter hands over in Model::suppressions, e.g. a
//     Terraform JSON `"//"` key (json_comment_suppression).
//
// A suppression applies to a finding whose rule it names and whose location is in its
// scope, in the same file, when it has a non-empty reason and has not expired (`until`
// is a UTC date and is inclusive). Otherwise the finding stays and says why in its
// message. Suppressed findings are moved out of the report and counted.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "linter/model/finding.h"
#include "linter/source/comments.h"
#include "linter/source/format.h"
#include "linter/source/source.h"

namespace amilint {

struct Node;

enum class SuppressionOrigin { Comment, Metadata, JsonComment };
const char* suppression_origin_name(SuppressionOrigin o);

enum class SuppressionScope {
  Lines,  // findings that start on a line in [first_line, last_line]
  Block,  // findings whose range begins in `bytes`, or whose path is `path_prefix` or below it
  File,   // every finding of the file
};

struct Suppression {
  // Where it is written.
  std::string file;  // display name; lint_text fills it when empty
  Range written;     // the directive; lint_text computes `line` from it when line == 0
  int line = 0;
  int column = 0;    // of the directive (of `amilint` in a comment); lint_text fills it
  SuppressionOrigin origin = SuppressionOrigin::Comment;

  // What it says.
  std::vector<std::string> rules;    // as written (codes or names)
  std::vector<std::string> codes;    // the codes of the rules it names
  std::string reason;                // empty: missing, the suppression does not apply
  std::string until;                 // as written; empty: never expires
  int64_t until_end = 0;             // first second (UTC) after the `until` day
  bool until_invalid = false;        // `until` is not a YYYY-MM-DD date: does not apply
  std::vector<std::string> notes;    // unknown rules or options (it still applies to the rest)
  std::string problem;               // it cannot be understood at all (e.g. no rule): matches nothing
  bool misspelled = false;           // `amilint: ignore`, `amilint-ignore`, ...: problem says what was meant

  // Where it applies.
  SuppressionScope scope = SuppressionScope::Lines;
  int first_line = 0, last_line = 0;  // Lines
  Range bytes;                        // Block (ignored when empty)
  std::string path_prefix;            // Block (ignored when empty)

  // Filled by apply_suppressions.
  int matches = 0;  // findings in its scope with one of its rules
  int hidden = 0;   // of those, the findings it suppressed
};

enum class SuppressionState { Applies, NoReason, Expired, InvalidUntil, Invalid };
SuppressionState suppression_state(const Suppression& s, int64_t now);

// Parses `amilint:ignore CODES [reason=...] [until=YYYY-MM-DD]` at the start of text
// (leading whitespace allowed). Returns false when text is not such a directive.
// CODES are comma- and/or space-separated rule codes or names. reason takes a
// "double-quoted" (with \" and \\ escapes), 'single-quoted' or bare value.
bool parse_ignore_directive(std::string_view text, Suppression& out);

// A YYYY-MM-DD date (a real calendar day) to seconds since the epoch at 00:00 UTC.
bool parse_date(std::string_view s, int64_t& out);
// Why s is not a date: "expected YYYY-MM-DD" when it is not written so, else what is
// wrong with it ("February 2030 has 28 days", "there is no month 13"); "" for a date.
std::string date_problem(std::string_view s);

// Text that is meant as an `amilint:ignore` directive but is not one: `amilint` (any
// case) followed by `:`, `-`, `_` or spaces and a word within two edits of `ignore`
// (`amilint: ignore`, `amilint-ignore`, `amilint:ignroe`, `AMILINT:IGNORE`,
// `amilint:ignore-next`); after spaces alone (`amilint ignore`) only when a rule code or
// `reason=` follows, so prose that mentions amilint stays silent. Fills out with the
// rest read as a directive, `misspelled` and a problem that says what was meant.
bool parse_misspelled_directive(std::string_view text, Suppression& out);

// What is wrong with a suppression as written (misspelled, unknown rules or keys, no
// rule, an until that is not a date), one message per mistake, or none. Printed as
// warnings on every run.
std::vector<std::string> suppression_warnings(const Suppression& s);

// The `amilint:ignore` comments of a text, with their line scopes.
std::vector<Suppression> comment_suppressions(std::string_view text, CommentSyntax syntax);

// CloudFormation Metadata suppressions of a template tree (template and resources).
std::vector<Suppression> cfn_metadata_suppressions(const Node& root);

// For adapters of formats without comments (Terraform JSON): the text of a `"//"`
// string written at `written` inside a block that spans `block` and/or has the logical
// path `path_prefix`. Returns false when the text is not an amilint:ignore directive.
bool json_comment_suppression(std::string_view text, Range written, Range block, const std::string& path_prefix,
                              Suppression& out);

// The suppressions written in a file's own syntax: `#` comments in YAML, `#` and `//`
// comments in HCL (.tf, .tfvars), "//" strings in Terraform JSON blocks (json_root:
// the file's JSON tree). CloudFormation Metadata suppressions come from the adapter
// (Model::suppressions); plans have none.
std::vector<Suppression> written_suppressions(Format format, std::string_view text, const Node* json_root);

// Is this finding in the suppression's scope (same file, location) and one of its rules?
bool suppression_covers(const Suppression& s, const Finding& f);

// The filter: moves the findings that an applying suppression covers from findings
// to *suppressed (when not null), appends to the others why a suppression that
// covers them does not apply, and counts matches/hidden on every suppression.
// Returns the number of findings suppressed.
int apply_suppressions(std::vector<Finding>& findings, std::vector<Suppression>& suppressions, int64_t now,
                       std::vector<Finding>* suppressed = nullptr);

// `amilint --list-suppressions`: one line per suppression (sorted by file and line):
// `file:line: RULES reason="..." until=DATE|never: STATUS`, or a JSON array.
std::string list_suppressions_text(std::vector<Suppression> suppressions, int64_t now);
std::string list_suppressions_json(std::vector<Suppression> suppressions, int64_t now);

}  // namespace amilint
