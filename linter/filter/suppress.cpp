// Applying suppressions to findings (the filter): which findings a suppression covers,
// whether it applies (reason, until), and why a covering one that does not apply left
// a finding in the report.
#include "linter/filter/suppress.h"

#include <algorithm>
#include <string>
#include <vector>

#include "linter/filter/suppress_detail.h"

namespace amilint {

namespace {

bool path_under(const std::string& path, const std::string& prefix) {
  if (path.size() < prefix.size() || path.compare(0, prefix.size(), prefix) != 0) return false;
  if (path.size() == prefix.size()) return true;
  char last = prefix.back(), next = path[prefix.size()];
  return last == '/' || last == '.' || next == '/' || next == '.' || next == '[';
}

std::string directive_name(const Suppression& s) {
  std::string where = " on line " + std::to_string(s.line);
  return s.origin == SuppressionOrigin::Metadata ? "the Metadata suppression" + where : "amilint:ignore" + where;
}

std::string why_not(const Suppression& s, SuppressionState st) {
  switch (st) {
    case SuppressionState::NoReason:
      return s.origin == SuppressionOrigin::Metadata
                 ? " (" + directive_name(s) + " has no reason, so it does not apply)"
                 : " (" + directive_name(s) + " has no reason=\"...\", so it does not apply)";
    case SuppressionState::InvalidUntil:
      return " (" + directive_name(s) + " has an invalid until=" + s.until + " (" + date_problem(s.until) +
             "), so it does not apply)";
    case SuppressionState::Expired:
      return " (suppression on line " + std::to_string(s.line) + " expired on " + s.until + ")";
    default:
      return "";
  }
}

}  // namespace

using detail::suppress::trim;

const char* suppression_origin_name(SuppressionOrigin o) {
  switch (o) {
    case SuppressionOrigin::Comment: return "comment";
    case SuppressionOrigin::Metadata: return "metadata";
    case SuppressionOrigin::JsonComment: return "json-comment";
  }
  return "?";
}

SuppressionState suppression_state(const Suppression& s, int64_t now) {
  if (!s.problem.empty()) return SuppressionState::Invalid;
  if (trim(s.reason).empty()) return SuppressionState::NoReason;
  if (s.until_invalid) return SuppressionState::InvalidUntil;
  if (!s.until.empty() && now >= s.until_end) return SuppressionState::Expired;
  return SuppressionState::Applies;
}

bool suppression_covers(const Suppression& s, const Finding& f) {
  if (s.file != f.file) return false;
  if (std::find(s.codes.begin(), s.codes.end(), f.rule) == s.codes.end()) return false;
  switch (s.scope) {
    case SuppressionScope::Lines: return f.line >= s.first_line && f.line <= s.last_line;
    case SuppressionScope::Block:
      return (!s.bytes.empty() && f.range.begin >= s.bytes.begin && f.range.begin < s.bytes.end) ||
             (!s.path_prefix.empty() && path_under(f.path, s.path_prefix));
    case SuppressionScope::File: return true;
  }
  return false;
}

int apply_suppressions(std::vector<Finding>& findings, std::vector<Suppression>& suppressions, int64_t now,
                       std::vector<Finding>* suppressed) {
  if (suppressions.empty()) return 0;
  std::vector<SuppressionState> state;
  for (const auto& s : suppressions) state.push_back(suppression_state(s, now));
  std::vector<Finding> keep;
  int hidden = 0;
  for (auto& f : findings) {
    bool hide = false;
    std::vector<size_t> covering;
    for (size_t i = 0; i < suppressions.size(); ++i) {
      if (!suppression_covers(suppressions[i], f)) continue;
      ++suppressions[i].matches;
      covering.push_back(i);
      if (state[i] == SuppressionState::Applies) {
        ++suppressions[i].hidden;
        hide = true;
      }
    }
    if (hide) {
      ++hidden;
      if (suppressed) suppressed->push_back(std::move(f));
      continue;
    }
    for (size_t i : covering) {
      std::string note = why_not(suppressions[i], state[i]);
      if (!note.empty() && f.message.find(note) == std::string::npos) f.message += note;
    }
    keep.push_back(std::move(f));
  }
  findings = std::move(keep);
  return hidden;
}

}  // namespace amilint
