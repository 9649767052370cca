// The `amilint:ignore CODES reason="..." until=YYYY-MM-DD` directive: parsing it, the
// rules it names resolved to codes, and its `until` date.
#include <algorithm>
#include <cctype>
#include <string>
#include <string_view>

#include "linter/filter/suppress.h"
#include "linter/filter/suppress_detail.h"
#include "linter/model/regions.h"
#include "rules/rule.h"

namespace amilint {
namespace detail {
namespace suppress {

void add_rules(std::string_view list, Suppression& s) {
  size_t i = 0;
  while (i < list.size()) {
    while (i < list.size() && (is_ws(list[i]) || list[i] == ',')) ++i;
    size_t b = i;
    while (i < list.size() && !is_ws(list[i]) && list[i] != ',') ++i;
    if (i > b) s.rules.emplace_back(list.substr(b, i - b));
  }
}

std::string lower(std::string_view t) {
  std::string out(t);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string did_you_mean(std::string_view bad, const std::vector<std::string>& candidates) {
  std::string best, b = lower(bad);
  int prefixed = 0;
  for (const auto& c : candidates)  // `hardcoded-ami` for `hardcoded-ami-id`
    if (b.size() >= 4 && lower(c).compare(0, b.size(), b) == 0 && ++prefixed == 1) best = c;
  if (prefixed == 1) return " (did you mean '" + best + "'?)";
  best.clear();
  size_t best_d = b.size() >= 5 ? 3 : 2;
  for (const auto& c : candidates) {
    size_t d = edit_distance(b, lower(c));
    if (d < best_d) {
      best_d = d;
      best = c;
    }
  }
  return best.empty() ? "" : " (did you mean '" + best + "'?)";
}

std::string rule_hint(std::string_view bad) {
  std::vector<std::string> names;
  for (const Rule* r : all_rules()) {
    names.emplace_back(r->code);
    names.emplace_back(r->name);
  }
  return did_you_mean(bad, names);
}

// Resolves rule names to codes and `until` to a time; flags what is wrong.
void finish(Suppression& s) {
  for (const auto& r : s.rules) {
    const Rule* rule = find_rule(r);
    if (!rule) {
      s.notes.push_back("unknown rule '" + r + "'" + rule_hint(r));
      continue;
    }
    if (std::find(s.codes.begin(), s.codes.end(), rule->code) == s.codes.end()) s.codes.push_back(rule->code);
  }
  if (s.rules.empty()) s.problem = "no rule code";
  else if (s.codes.empty()) s.problem = "no known rule";
  s.until_invalid = false;
  s.until_end = 0;
  if (!s.until.empty()) {
    int64_t t = 0;
    if (parse_date(s.until, t)) s.until_end = t + 86400;
    else s.until_invalid = true;
  }
}

}  // namespace suppress
}  // namespace detail

namespace {

using detail::suppress::finish;
using detail::suppress::is_ws;
using detail::suppress::trim;

// A value after `key=`: "double quoted" (\" and \\ escapes), 'single quoted', or bare
// up to whitespace. An unterminated quote takes the rest of the text.
std::string read_value(std::string_view t, size_t& i) {
  std::string v;
  if (i < t.size() && (t[i] == '"' || t[i] == '\'')) {
    char q = t[i++];
    while (i < t.size() && t[i] != q) {
      if (q == '"' && t[i] == '\\' && i + 1 < t.size()) ++i;
      v += t[i++];
    }
    if (i < t.size()) ++i;  // the closing quote
    return v;
  }
  while (i < t.size() && !is_ws(t[i])) v += t[i++];
  return v;
}

}  // namespace

bool parse_date(std::string_view s, int64_t& out) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9})
    if (!std::isdigit(static_cast<unsigned char>(s[i]))) return false;
  auto num = [&](size_t b, size_t n) {
    int v = 0;
    for (size_t i = b; i < b + n; ++i) v = v * 10 + (s[i] - '0');
    return v;
  };
  int y = num(0, 4), m = num(5, 2), d = num(8, 2);
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  if (m < 1 || m > 12 || d < 1 || d > kDays[m - 1] + (m == 2 && leap ? 1 : 0)) return false;
  // Days from the civil date (Howard Hinnant's algorithm).
  int64_t yy = y - (m <= 2);
  int64_t era = (yy >= 0 ? yy : yy - 399) / 400;
  int64_t yoe = yy - era * 400;
  int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  out = (era * 146097 + doe - 719468) * 86400;
  return true;
}

std::string date_problem(std::string_view s) {
  int64_t t = 0;
  if (parse_date(s, t)) return "";
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return "expected YYYY-MM-DD";
  for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9})
    if (!std::isdigit(static_cast<unsigned char>(s[i]))) return "expected YYYY-MM-DD";
  int y = std::stoi(std::string(s.substr(0, 4))), m = std::stoi(std::string(s.substr(5, 2)));
  if (m < 1 || m > 12) return "there is no month " + std::string(s.substr(5, 2));
  if (s.substr(8, 2) == "00") return "there is no day 00";
  static const char* const kMonths[] = {"January", "February", "March",     "April",   "May",      "June",
                                        "July",    "August",   "September", "October", "November", "December"};
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  int days = kDays[m - 1] + (m == 2 && leap ? 1 : 0);
  return std::string(kMonths[m - 1]) + " " + std::string(s.substr(0, 4)) + " has " + std::to_string(days) + " days";
}

bool parse_ignore_directive(std::string_view t, Suppression& s) {
  static constexpr std::string_view kw = "amilint:ignore";
  size_t i = 0;
  while (i < t.size() && is_ws(t[i])) ++i;
  if (t.substr(i, kw.size()) != kw) return false;
  i += kw.size();
  if (i < t.size() && !is_ws(t[i])) return false;  // amilint:ignored, amilint:ignore-next
  while (i < t.size()) {
    while (i < t.size() && (is_ws(t[i]) || t[i] == ',')) ++i;
    if (i >= t.size()) break;
    size_t b = i;
    while (i < t.size() && !is_ws(t[i]) && t[i] != ',' && t[i] != '=') ++i;
    if (i < t.size() && t[i] == '=') {
      std::string key(t.substr(b, i - b));
      ++i;
      std::string value = read_value(t, i);
      if (key == "reason") s.reason = trim(value);
      else if (key == "until") s.until = trim(value);
      else s.notes.push_back("unknown option '" + key + "'" + detail::suppress::did_you_mean(key, {"reason", "until"}));
    } else {
      s.rules.emplace_back(t.substr(b, i - b));
    }
  }
  finish(s);
  return true;
}

bool parse_misspelled_directive(std::string_view t, Suppression& s) {
  size_t i = 0;
  while (i < t.size() && is_ws(t[i])) ++i;
  size_t start = i;
  if (detail::suppress::lower(t.substr(i, 7)) != "amilint") return false;
  i += 7;
  bool marked = false;  // `:` or `-` between amilint and the word
  size_t sep = i;
  while (i < t.size() && (t[i] == ':' || t[i] == '-' || t[i] == '_' || t[i] == ' ' || t[i] == '\t')) {
    marked = marked || t[i] == ':' || t[i] == '-' || t[i] == '_';
    ++i;
  }
  if (i == sep) return false;
  size_t word = i;
  while (i < t.size() && std::isalpha(static_cast<unsigned char>(t[i]))) ++i;
  if (i == word || edit_distance(detail::suppress::lower(t.substr(word, i - word)), "ignore") > 2) return false;
  while (i < t.size() && (std::isalnum(static_cast<unsigned char>(t[i])) || t[i] == '-' || t[i] == '_')) ++i;
  std::string written(t.substr(start, i - start));
  if (written == "amilint:ignore" && (i == t.size() || is_ws(t[i]))) return false;  // the real one
  Suppression read;
  parse_ignore_directive("amilint:ignore " + std::string(t.substr(i)), read);
  if (!marked) {  // `amilint ignore`: only with a rule or a reason after it
    bool rule_like = !read.codes.empty() || !read.reason.empty();
    for (const auto& r : read.rules)
      rule_like = rule_like || (r.size() > 3 && detail::suppress::lower(r.substr(0, 3)) == "ami" &&
                                std::isdigit(static_cast<unsigned char>(r[3])));
    if (!rule_like) return false;
  }
  s = std::move(read);
  s.misspelled = true;
  s.problem = "'" + written + "' is not a suppression (did you mean 'amilint:ignore'?); it hides nothing";
  return true;
}

std::vector<std::string> suppression_warnings(const Suppression& s) {
  std::vector<std::string> out;
  if (s.misspelled) {
    out.push_back(s.problem);
    return out;
  }
  std::string what = s.origin == SuppressionOrigin::Metadata ? "Metadata amilint" : "amilint:ignore";
  for (const auto& n : s.notes) out.push_back(what + ": " + n);
  if (s.problem == "no rule code") out.push_back(what + ": no rule code, so it hides nothing");
  else if (!s.problem.empty() && s.problem != "no known rule") out.push_back(s.problem);  // notes name the rules
  if (s.until_invalid) {
    std::string why = date_problem(s.until);
    out.push_back(what + ": until=" + s.until +
                  (why == "expected YYYY-MM-DD" ? " is not a date (expected YYYY-MM-DD)" : " is not a date (" + why + ")") +
                  ", so it does not apply");
  }
  return out;
}

}  // namespace amilint
