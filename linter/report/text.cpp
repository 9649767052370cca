// The text format (`file:line:col: severity: message [CODE name]`), its colors and
// source lines, the summary, and --statistics.
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <map>
#include <nlohmann/json.hpp>
#include <tuple>

#include "linter/report/report.h"
#include "linter/source/unit.h"

namespace amilint {

namespace {

// ANSI SGR sequences.
constexpr const char* kReset = "\x1b[0m";
constexpr const char* kBold = "\x1b[1m";
constexpr const char* kDim = "\x1b[2m";
constexpr const char* kGutter = "\x1b[1;34m";  // bold blue
constexpr const char* kClean = "\x1b[1;32m";   // bold green

const char* severity_color(Severity s) {
  switch (s) {
    case Severity::Error: return "\x1b[1;31m";    // bold red
    case Severity::Warning: return "\x1b[1;33m";  // bold yellow
    case Severity::Info: return "\x1b[1;36m";     // bold cyan
  }
  return kBold;
}

// text wrapped in an SGR sequence and a reset, or as it is without color
std::string paint(bool color, const char* sgr, const std::string& text) {
  return color ? sgr + text + kReset : text;
}

}  // namespace

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

// ---- --show-source ------------------------------------------------------------------

namespace {

constexpr int kTabStop = 4;     // tabs expand to the next multiple of 4 columns
constexpr int kMaxWidth = 120;  // a longer line is cut around the range
constexpr int kLead = 40;       // columns shown before the range in a cut line
constexpr int kLookBack = 200;  // code points looked at before the range

bool is_break(char c) { return c == '\n' || c == '\r'; }
bool is_continuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

// Terminal columns of a printable code point: 0 for combining marks and zero-width
// characters, 2 for East Asian wide and fullwidth characters and emoji, else 1.
int cell_width(uint32_t cp) {
  struct R { uint32_t lo, hi; };
  static const R zero[] = {{0x0300, 0x036F}, {0x0483, 0x0489}, {0x0591, 0x05BD}, {0x0610, 0x061A},
                           {0x064B, 0x065F}, {0x1AB0, 0x1AFF}, {0x1DC0, 0x1DFF}, {0x200B, 0x200F},
                           {0x20D0, 0x20FF}, {0xFE00, 0xFE0F}, {0xFE20, 0xFE2F}, {0xFEFF, 0xFEFF}};
  static const R wide[] = {{0x1100, 0x115F},   {0x2E80, 0x303E},   {0x3041, 0x33FF},  {0x3400, 0x4DBF},
                           {0x4E00, 0x9FFF},   {0xA000, 0xA4CF},   {0xAC00, 0xD7A3},  {0xF900, 0xFAFF},
                           {0xFE30, 0xFE4F},   {0xFF00, 0xFF60},   {0xFFE0, 0xFFE6},  {0x1F300, 0x1F64F},
                           {0x1F900, 0x1F9FF}, {0x20000, 0x2FFFD}, {0x30000, 0x3FFFD}};
  for (const auto& r : zero)
    if (cp >= r.lo && cp <= r.hi) return 0;
  for (const auto& r : wide)
    if (cp >= r.lo && cp <= r.hi) return 2;
  return 1;
}

// One character of a source line as printed: its text, its width in columns, and
// whether it is part of the finding's range.
struct Cell {
  std::string text;
  int width = 1;
  bool in_range = false;
};

// Controls (they would move the cursor or color the terminal) and the bidirectional
// overrides (they reorder what is shown) are printed as U+FFFD.
bool unprintable(uint32_t cp) {
  return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || (cp >= 0x202A && cp <= 0x202E) ||
         (cp >= 0x2066 && cp <= 0x2069);
}

std::string gutter_line(bool color, int width, const std::string& number, const std::string& rest) {
  std::string n = std::string(static_cast<size_t>(width) - number.size(), ' ') + number;
  return "  " + paint(color, kGutter, n + " |") + rest + "\n";
}

}  // namespace

std::string source_excerpt(const Finding& f, std::string_view text, bool color) {
  size_t n = text.size();
  size_t bom = utf8_bom_length(text);
  size_t b = std::max<size_t>(std::min<size_t>(f.range.begin, n), bom);
  if (b < n && is_continuation(text[b])) return "";  // not a position in this text
  size_t e = std::min<size_t>(std::max<size_t>(f.range.end, b), n);
  // Where the shown part of the line starts: the line's start, or kLookBack code
  // points before the range on a very long line.
  size_t ls = b;
  for (int back = 0; ls > bom && !is_break(text[ls - 1]) && back < kLookBack;) {
    --ls;
    if (!is_continuation(text[ls])) ++back;
  }
  bool cut_left = ls > bom && !is_break(text[ls - 1]);
  // The characters, up to the line break or kMaxWidth columns past the range's start.
  std::vector<Cell> cells;
  int column = 0, start_col = -1, end_col = -1;  // columns from ls; [start_col, end_col) underlined
  size_t i = ls;
  bool cut_right = false;
  while (i < n && !is_break(text[i])) {
    if (start_col >= 0 && column - start_col > kMaxWidth) {
      cut_right = true;
      break;
    }
    if (i >= b && start_col < 0) start_col = column;
    uint32_t cp;
    size_t len = utf8_next(text, i, cp);
    Cell c;
    c.in_range = i >= b && i < e;
    if (cp == '\t') {
      c.width = kTabStop - column % kTabStop;
      c.text.assign(static_cast<size_t>(c.width), ' ');
    } else if (unprintable(cp) || cp == 0xFFFD) {  // (also invalid UTF-8, which utf8_next reads as U+FFFD)
      c.text = "\xEF\xBF\xBD";
    } else {
      c.text.assign(text.data() + i, len);
      c.width = cell_width(cp);
    }
    column += c.width;
    if (c.in_range) end_col = column;
    cells.push_back(std::move(c));
    i += len;
  }
  if (start_col < 0) start_col = column;  // the range starts at the line's end
  if (end_col <= start_col) end_col = start_col + 1;  // an empty range: one caret
  // The range goes on past this line's break when it ends after the next line starts.
  bool more_lines = false;
  if (!cut_right && i < n) {
    size_t next = i + (text[i] == '\r' && i + 1 < n && text[i + 1] == '\n' ? 2 : 1);
    more_lines = e > next;
  }
  // The window of columns shown: all of a short line, else kLead columns before the
  // range and kMaxWidth in all.
  int ws = 0, we = column;
  if (cut_left || cut_right || column > kMaxWidth) {
    ws = start_col > kLead ? start_col - kLead : 0;
    we = ws + kMaxWidth;
  }
  std::string line, under;
  int col = 0, first_shown = -1;
  bool left_out_right = cut_right;
  for (const auto& c : cells) {
    int next_col = col + c.width;
    if (col >= ws && next_col <= we) {
      if (first_shown < 0) first_shown = col;
      line += c.text;
    } else if (next_col > we) {
      left_out_right = true;
    }
    col = next_col;
  }
  if (first_shown < 0) first_shown = ws;
  bool left_out_left = cut_left || first_shown > 0;
  std::string prefix = left_out_left ? "..." : "";
  int caret_from = std::max(start_col, first_shown), caret_to = std::min(end_col, std::max(we, start_col + 1));
  under.assign(prefix.size() + static_cast<size_t>(caret_from - first_shown), ' ');
  under += paint(color, severity_color(f.severity), std::string(static_cast<size_t>(std::max(1, caret_to - caret_from)), '^'));
  std::string number = std::to_string(f.line);
  int width = static_cast<int>(number.size());
  std::string out = gutter_line(color, width, number, " " + prefix + line + (left_out_right ? "..." : ""));
  out += gutter_line(color, width, "", " " + under);
  if (more_lines) out += gutter_line(color, width, "", " ...");
  return out;
}

std::string report_text(const std::vector<Finding>& findings, const TextStyle& style) {
  std::string out;
  bool c = style.color;
  for (const auto& f : findings) {
    out += paint(c, kBold, f.file + ":" + std::to_string(f.line) + ":" + std::to_string(f.column) + ":") + " " +
           paint(c, severity_color(f.severity), std::string(severity_name(f.severity)) + ":") + " " + f.message + " " +
           paint(c, kDim, "[" + f.rule + " " + f.name + "]") + "\n";
    if (!style.show_source || !style.sources) continue;
    auto it = style.sources->find(f.file);
    if (it != style.sources->end() && it->second) out += source_excerpt(f, it->second->text(), c);
  }
  return out;
}

static std::string plural(int n, const char* word) {
  return std::to_string(n) + " " + word + (n == 1 ? "" : "s");
}

std::string summary_line(const Summary& s, bool color) {
  std::string out = "amilint: " + plural(s.errors, "error") + ", " + plural(s.warnings, "warning") + ", " +
                    plural(s.infos, "info") + " in " + plural(s.templates, "template") + " (" +
                    plural(s.files, "file") + " checked";
  if (s.suppressed) out += ", " + std::to_string(s.suppressed) + " suppressed";
  if (s.baselined) out += ", " + std::to_string(s.baselined) + " baselined";
  if (s.fixed) out += ", " + std::to_string(s.fixed) + " fixed";
  out += ")";
  const char* sgr = s.errors ? severity_color(Severity::Error)
                    : s.warnings ? severity_color(Severity::Warning)
                    : s.infos ? severity_color(Severity::Info)
                              : kClean;
  return paint(color, sgr, out);
}

// ---- --statistics ---------------------------------------------------------------------

namespace {

struct RuleCount {
  std::string code, name;
  Severity severity;
  int count;
};

std::vector<RuleCount> rule_counts(const std::vector<Finding>& findings) {
  std::map<std::pair<std::string, Severity>, RuleCount> by_rule;
  for (const auto& f : findings) {
    auto [it, added] = by_rule.try_emplace({f.rule, f.severity}, RuleCount{f.rule, f.name, f.severity, 0});
    ++it->second.count;
  }
  std::vector<RuleCount> out;
  for (auto& [key, rc] : by_rule) out.push_back(rc);
  std::stable_sort(out.begin(), out.end(), [](const RuleCount& a, const RuleCount& b) {
    return std::make_tuple(-a.count, a.code, -static_cast<int>(a.severity)) <
           std::make_tuple(-b.count, b.code, -static_cast<int>(b.severity));
  });
  return out;
}

}  // namespace

std::string report_statistics_text(const std::vector<Finding>& findings, bool color) {
  std::vector<RuleCount> counts = rule_counts(findings);
  size_t count_w = 0, code_w = 0, name_w = 0;
  for (const auto& rc : counts) {
    count_w = std::max(count_w, std::to_string(rc.count).size());
    code_w = std::max(code_w, rc.code.size());
    name_w = std::max(name_w, rc.name.size());
  }
  std::string out;
  for (const auto& rc : counts) {
    std::string count = std::to_string(rc.count);
    out += std::string(count_w - count.size(), ' ') + count + "  " + rc.code + std::string(code_w - rc.code.size(), ' ') +
           "  " + rc.name + std::string(name_w - rc.name.size(), ' ') + "  " +
           paint(color, severity_color(rc.severity), severity_name(rc.severity)) + "\n";
  }
  return out;
}

std::string report_statistics_json(const std::vector<Finding>& findings) {
  auto arr = nlohmann::ordered_json::array();
  for (const auto& rc : rule_counts(findings)) {
    nlohmann::ordered_json j;
    j["code"] = rc.code;
    j["name"] = rc.name;
    j["severity"] = severity_name(rc.severity);
    j["count"] = rc.count;
    arr.push_back(std::move(j));
  }
  return arr.dump(2) + "\n";
}

// ---- --color ------------------------------------------------------------------------

bool use_color(const std::string& mode, int fd) {
  if (mode == "always") return true;
  if (mode != "auto") return false;
  auto set = [](const char* name) {
    const char* v = std::getenv(name);
    return v && *v;
  };
  if (set("NO_COLOR")) return false;
  for (const char* force : {"FORCE_COLOR", "CLICOLOR_FORCE"})
    if (set(force) && std::string(std::getenv(force)) != "0") return true;
  const char* term = std::getenv("TERM");
  if (term && std::string(term) == "dumb") return false;
  return isatty(fd) == 1;
}

}  // namespace amilint
