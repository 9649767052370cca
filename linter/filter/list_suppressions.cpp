// `amilint --list-suppressions`: every suppression with its status, as text or JSON.
#include <algorithm>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "linter/filter/suppress.h"
#include "linter/filter/suppress_detail.h"

namespace amilint {

namespace {

std::string plural(int n, const char* word) {
  return std::to_string(n) + " " + word + (n == 1 ? "" : "s");
}

const char* state_key(SuppressionState st, const Suppression& s) {
  switch (st) {
    case SuppressionState::Applies: return s.hidden ? "used" : "unused";
    case SuppressionState::NoReason: return "no-reason";
    case SuppressionState::Expired: return "expired";
    case SuppressionState::InvalidUntil: return "invalid-until";
    case SuppressionState::Invalid: return "invalid";
  }
  return "?";
}

std::string status_text(const Suppression& s, SuppressionState st) {
  std::string tail = s.matches ? " (matches " + plural(s.matches, "finding") + ")" : ", unused";
  switch (st) {
    case SuppressionState::Applies:
      return s.hidden ? "used (" + plural(s.hidden, "finding") + ")" : "unused";
    case SuppressionState::NoReason: return "does not apply: no reason" + tail;
    case SuppressionState::Expired: return "expired on " + s.until + tail;
    case SuppressionState::InvalidUntil:
      return "does not apply: until is not a date (" + date_problem(s.until) + ")" + tail;
    case SuppressionState::Invalid: return "invalid: " + s.problem;
  }
  return "";
}

void sort_for_listing(std::vector<Suppression>& v) {
  std::stable_sort(v.begin(), v.end(), [](const Suppression& a, const Suppression& b) {
    if (a.file != b.file) return a.file < b.file;
    return a.line < b.line;
  });
}

}  // namespace

using detail::suppress::trim;

std::string list_suppressions_text(std::vector<Suppression> v, int64_t now) {
  sort_for_listing(v);
  std::string out;
  for (const auto& s : v) {
    SuppressionState st = suppression_state(s, now);
    std::string rules;
    for (const auto& r : s.rules) rules += (rules.empty() ? "" : ",") + r;
    std::string reason = "no reason";
    if (!trim(s.reason).empty()) {
      reason = "reason=\"";
      for (char c : s.reason) reason += c == '"' ? std::string("\\\"") : std::string(1, c);
      reason += "\"";
    }
    out += s.file + ":" + std::to_string(s.line) + ": " + (rules.empty() ? "(no rule)" : rules) + " " + reason +
           " until=" + (s.until.empty() ? "never" : s.until) + ": " + status_text(s, st);
    for (const auto& n : s.notes) out += "; " + n;
    out += "\n";
  }
  return out;
}

std::string list_suppressions_json(std::vector<Suppression> v, int64_t now) {
  sort_for_listing(v);
  auto arr = nlohmann::ordered_json::array();
  for (const auto& s : v) {
    SuppressionState st = suppression_state(s, now);
    nlohmann::ordered_json j;
    j["file"] = s.file;
    j["line"] = s.line;
    j["origin"] = suppression_origin_name(s.origin);
    j["rules"] = s.rules;
    j["reason"] = trim(s.reason).empty() ? nlohmann::ordered_json() : nlohmann::ordered_json(s.reason);
    j["until"] = s.until.empty() ? nlohmann::ordered_json() : nlohmann::ordered_json(s.until);
    j["status"] = state_key(st, s);
    j["matches"] = s.matches;
    j["suppressed"] = s.hidden;
    j["notes"] = s.notes;
    if (!s.problem.empty()) j["problem"] = s.problem;
    arr.push_back(std::move(j));
  }
  return arr.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

}  // namespace amilint
