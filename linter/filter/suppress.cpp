#include "linter/filter/suppress.h"

#include <algorithm>
#include <cctype>
#include <nlohmann/json.hpp>
#include <set>

#include "linter/load/node.h"
#include "rules/rule.h"

namespace amilint {

namespace {

bool is_space(char c) { return c == ' ' || c == '\t'; }
bool is_ws(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v'; }

std::string trim(std::string_view s) {
  size_t b = 0, e = s.size();
  while (b < e && is_ws(s[b])) ++b;
  while (e > b && is_ws(s[e - 1])) --e;
  return std::string(s.substr(b, e - b));
}

std::string plural(int n, const char* word) {
  return std::to_string(n) + " " + word + (n == 1 ? "" : "s");
}

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

void add_rules(std::string_view list, Suppression& s) {
  size_t i = 0;
  while (i < list.size()) {
    while (i < list.size() && (is_ws(list[i]) || list[i] == ',')) ++i;
    size_t b = i;
    while (i < list.size() && !is_ws(list[i]) && list[i] != ',') ++i;
    if (i > b) s.rules.emplace_back(list.substr(b, i - b));
  }
}

// Resolves rule names to codes and `until` to a time; flags what is wrong.
void finish(Suppression& s) {
  for (const auto& r : s.rules) {
    const Rule* rule = find_rule(r);
    if (!rule) {
      s.notes.push_back("unknown rule '" + r + "'");
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

bool path_under(const std::string& path, const std::string& prefix) {
  if (path.size() < prefix.size() || path.compare(0, prefix.size(), prefix) != 0) return false;
  if (path.size() == prefix.size()) return true;
  char last = prefix.back(), next = path[prefix.size()];
  return last == '/' || last == '.' || next == '/' || next == '.' || next == '[';
}

// ---- comment scanners -------------------------------------------------------------

struct Line {
  size_t begin, end;  // end excludes the line break
};

// Lines split at "\n", "\r\n" and a lone "\r" (as LineIndex does).
std::vector<Line> split_lines(std::string_view t) {
  std::vector<Line> out;
  size_t b = 0;
  for (size_t i = 0; i < t.size(); ++i) {
    if (t[i] == '\n' || t[i] == '\r') {
      out.push_back({b, i});
      if (t[i] == '\r' && i + 1 < t.size() && t[i + 1] == '\n') ++i;
      b = i + 1;
    }
  }
  out.push_back({b, t.size()});
  return out;
}

// YAML: can a quoted scalar start at l[i]? Only where a node starts: at the start of
// the line, after an indicator (`:`, `-`, `?`, `[`, `{`, `,`) or after a tag or anchor
// that itself stands there. Inside a plain scalar (`it's`) a quote is just a character.
bool yaml_value_start(std::string_view l, size_t i) {
  size_t j = i;
  while (j > 0 && is_space(l[j - 1])) --j;
  if (j == 0) return true;
  char c = l[j - 1];
  if (c == '[' || c == '{' || c == ',' || c == ':') return true;
  if (c == '-' || c == '?') return j == 1 || is_space(l[j - 2]);
  // A tag (`!Sub "..."`) or an anchor (`&a "..."`) before the quote.
  size_t k = j;
  while (k > 0 && !is_space(l[k - 1])) --k;
  if (k < j && (l[k] == '!' || l[k] == '&') && j < i) return yaml_value_start(l, k);
  return false;
}

// The end of a quoted scalar that starts at l[i] (the opening quote), or npos.
size_t yaml_quote_end(std::string_view l, size_t i, char q) {
  for (size_t k = i; k < l.size(); ++k) {
    if (q == '"' && l[k] == '\\') {
      ++k;
      continue;
    }
    if (l[k] == q) {
      if (q == '\'' && k + 1 < l.size() && l[k + 1] == '\'') {
        ++k;  // '' is an escaped quote
        continue;
      }
      return k;
    }
  }
  return std::string_view::npos;
}

// Is the last token of the line's content a block scalar header (`|`, `>-`, `|2+`)?
bool yaml_block_header(std::string_view content) {
  size_t e = content.size();
  while (e > 0 && is_space(content[e - 1])) --e;
  size_t b = e;
  while (b > 0 && !is_space(content[b - 1])) --b;
  if (b == e || (content[b] != '|' && content[b] != '>')) return false;
  for (size_t k = b + 1; k < e; ++k)
    if (!(content[k] == '+' || content[k] == '-' || (content[k] >= '1' && content[k] <= '9'))) return false;
  if (e - b > 3) return false;
  if (b == 0) return true;
  // `key: |`, `- |`, `!Sub |`, `? |`: preceded by an indicator or a tag.
  size_t j = b;
  while (j > 0 && is_space(content[j - 1])) --j;
  if (j == 0) return true;
  char c = content[j - 1];
  if (c == ':' || c == '-' || c == '?') return true;
  size_t k = j;
  while (k > 0 && !is_space(content[k - 1])) --k;
  return content[k] == '!' || content[k] == '&';
}

size_t indent_of(std::string_view l) {
  size_t n = 0;
  while (n < l.size() && l[n] == ' ') ++n;
  return n;
}

bool blank(std::string_view l) {
  for (char c : l)
    if (!is_space(c)) return false;
  return true;
}

std::vector<Comment> scan_yaml(std::string_view text) {
  std::vector<Comment> out;
  std::vector<Line> lines = split_lines(text);
  enum { Normal, Double, Single, Block } state = Normal;
  size_t block_indent = 0;    // the header line's indentation
  long content_indent = -1;   // the block scalar's, once known
  for (size_t n = 0; n < lines.size(); ++n) {
    std::string_view l = text.substr(lines[n].begin, lines[n].end - lines[n].begin);
    size_t i = 0;
    if (state == Block) {
      if (blank(l)) continue;
      size_t ind = indent_of(l);
      if (content_indent < 0 && ind > block_indent) content_indent = static_cast<long>(ind);
      if (content_indent >= 0 && static_cast<long>(ind) >= content_indent) continue;
      state = Normal;
    }
    if (state == Double || state == Single) {  // a quoted scalar continued from above
      size_t e = yaml_quote_end(l, 0, state == Double ? '"' : '\'');
      if (e == std::string_view::npos) continue;
      state = Normal;
      i = e + 1;
    }
    size_t content_end = l.size();
    for (; i < l.size(); ++i) {
      char c = l[i];
      if (c == '#' && (i == 0 || is_space(l[i - 1]))) {
        Comment cm;
        cm.range = {static_cast<uint32_t>(lines[n].begin + i), static_cast<uint32_t>(lines[n].end)};
        cm.line = static_cast<int>(n) + 1;
        cm.own_line = blank(l.substr(0, i));
        cm.text = std::string(l.substr(i + 1));
        out.push_back(std::move(cm));
        content_end = i;
        break;
      }
      if ((c == '"' || c == '\'') && yaml_value_start(l, i)) {
        size_t e = yaml_quote_end(l, i + 1, c);
        if (e == std::string_view::npos) {
          state = c == '"' ? Double : Single;
          break;
        }
        i = e;
      }
    }
    if (state == Normal && yaml_block_header(l.substr(0, content_end))) {
      state = Block;
      block_indent = indent_of(l);
      content_indent = -1;
    }
  }
  return out;
}

// HCL's comments (`#`, `//`, `/* */`), outside strings, template expressions inside
// strings, and heredocs.
class HclCommentScanner {
 public:
  explicit HclCommentScanner(std::string_view t) : t_(t) {}

  std::vector<Comment> run() {
    for (i_ = 0; i_ < t_.size(); ++i_) {
      char c = t_[i_];
      if (!heredoc_.empty()) {
        heredoc_line();
      } else if (c == '\n' || c == '\r') {
        // A quoted string never spans lines: recover from an unterminated one.
        if (in_string()) frames_.clear();
        newline_at(i_);
      } else if (in_string()) {
        string_char(c);
      } else {
        code_char(c);
      }
    }
    return std::move(out_);
  }

 private:
  struct Frame {
    bool string;  // a quoted string; else a ${...} / %{...} template expression
    int depth;    // braces open inside a template expression
  };
  std::string_view t_;
  size_t i_ = 0;
  std::vector<Frame> frames_;
  int line_ = 1;
  size_t line_begin_ = 0;
  std::string heredoc_;  // the closing marker while inside a heredoc
  std::vector<Comment> out_;

  bool in_string() const { return !frames_.empty() && frames_.back().string; }
  bool next_is(size_t k, char c) const { return k < t_.size() && t_[k] == c; }

  void newline_at(size_t& i) {  // t_[i] is a line break: step over it
    if (t_[i] == '\r' && next_is(i + 1, '\n')) ++i;
    ++line_;
    line_begin_ = i + 1;
  }

  size_t line_end(size_t i) const {
    while (i < t_.size() && t_[i] != '\n' && t_[i] != '\r') ++i;
    return i;
  }

  void heredoc_line() {  // at a line start inside a heredoc
    size_t e = line_end(i_);
    bool closing = trim(t_.substr(i_, e - i_)) == heredoc_;
    i_ = e;
    if (closing) heredoc_.clear();
    if (i_ < t_.size()) newline_at(i_);
  }

  void string_char(char c) {
    if (c == '\\') {
      ++i_;
    } else if (c == '"') {
      frames_.pop_back();
    } else if ((c == '$' || c == '%') && next_is(i_ + 1, c) && next_is(i_ + 2, '{')) {
      i_ += 2;  // $${ is a literal
    } else if ((c == '$' || c == '%') && next_is(i_ + 1, '{')) {
      frames_.push_back({false, 0});
      ++i_;
    }
  }

  // Code: the top level, or inside a template expression.
  void code_char(char c) {
    if (c == '#' || (c == '/' && next_is(i_ + 1, '/'))) {
      line_comment(c == '#' ? 1 : 2);
    } else if (c == '/' && next_is(i_ + 1, '*')) {
      size_t e = t_.find("*/", i_ + 2);
      e = e == std::string_view::npos ? t_.size() : e + 2;
      for (size_t k = i_; k < e; ++k)
        if (t_[k] == '\n' || t_[k] == '\r') newline_at(k);
      i_ = e - 1;
    } else if (c == '"') {
      frames_.push_back({true, 0});
    } else if (!(c == '<' && next_is(i_ + 1, '<') && heredoc_start()) && !frames_.empty()) {
      if (c == '{') ++frames_.back().depth;
      else if (c == '}' && frames_.back().depth-- == 0) frames_.pop_back();
    }
  }

  void line_comment(size_t marker) {
    size_t e = line_end(i_);
    Comment cm;
    cm.range = {static_cast<uint32_t>(i_), static_cast<uint32_t>(e)};
    cm.line = line_;
    cm.own_line = blank(t_.substr(line_begin_, i_ - line_begin_));
    cm.text = std::string(t_.substr(i_ + marker, e - i_ - marker));
    out_.push_back(std::move(cm));
    i_ = e - 1;
  }

  // `<<EOT` or `<<-EOT` ending its line: a heredoc starts on the next line.
  bool heredoc_start() {
    size_t k = i_ + 2;
    if (next_is(k, '-')) ++k;
    size_t b = k;
    while (k < t_.size() && (std::isalnum(static_cast<unsigned char>(t_[k])) || t_[k] == '_')) ++k;
    size_t e = line_end(k);
    if (k == b || !blank(t_.substr(k, e - k))) return false;
    heredoc_ = std::string(t_.substr(b, k - b));
    i_ = e;
    if (i_ < t_.size()) newline_at(i_);
    else heredoc_.clear();
    return true;
  }
};

std::vector<Comment> scan_hcl(std::string_view t) { return HclCommentScanner(t).run(); }

// ---- messages --------------------------------------------------------------------

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
      return " (" + directive_name(s) + " has an invalid until=" + s.until +
             " (expected YYYY-MM-DD), so it does not apply)";
    case SuppressionState::Expired:
      return " (suppression on line " + std::to_string(s.line) + " expired on " + s.until + ")";
    default:
      return "";
  }
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
    case SuppressionState::InvalidUntil: return "does not apply: until is not a YYYY-MM-DD date" + tail;
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
      else s.notes.push_back("unknown option '" + key + "'");
    } else {
      s.rules.emplace_back(t.substr(b, i - b));
    }
  }
  finish(s);
  return true;
}

std::vector<Comment> scan_comments(std::string_view text, CommentSyntax syntax) {
  return syntax == CommentSyntax::Yaml ? scan_yaml(text) : scan_hcl(text);
}

std::vector<Suppression> comment_suppressions(std::string_view text, CommentSyntax syntax) {
  std::vector<Comment> comments = scan_comments(text, syntax);
  std::set<int> comment_lines;
  for (const auto& c : comments)
    if (c.own_line) comment_lines.insert(c.line);
  std::vector<Suppression> out;
  for (const auto& c : comments) {
    Suppression s;
    if (!parse_ignore_directive(c.text, s)) continue;
    s.origin = SuppressionOrigin::Comment;
    s.written = c.range;
    s.line = c.line;
    s.scope = SuppressionScope::Lines;
    int target = c.line;
    if (c.own_line) {
      do ++target;
      while (comment_lines.count(target));
    }
    s.first_line = s.last_line = target;
    out.push_back(std::move(s));
  }
  return out;
}

std::vector<Suppression> cfn_metadata_suppressions(const Node& root) {
  std::vector<Suppression> out;
  auto read = [&](const Node* metadata, SuppressionScope scope, const std::string& prefix) {
    if (!metadata || !metadata->is_map()) return;
    const Node* a = metadata->get("amilint");
    if (!a) return;
    const Node* ignore = a->is_map() ? a->get("ignore") : nullptr;
    std::vector<const Node*> items;
    if (ignore && ignore->is_seq()) items = ignore->items;
    else if (ignore) items.push_back(ignore);
    if (!ignore) {  // `amilint:` without an ignore list: say so in the listing
      Suppression s;
      s.origin = SuppressionOrigin::Metadata;
      s.written = a->range;
      s.scope = scope;
      s.path_prefix = prefix;
      s.problem = "Metadata amilint needs an ignore list";
      out.push_back(std::move(s));
      return;
    }
    for (const Node* item : items) {
      if (!item) continue;
      Suppression s;
      s.origin = SuppressionOrigin::Metadata;
      s.written = item->range;
      s.scope = scope;
      s.path_prefix = prefix;
      if (item->is_scalar()) {
        add_rules(item->text, s);  // `ignore: [AMI002]`: a rule without a reason
      } else if (item->is_map()) {
        for (const auto& e : item->entries) {
          const Node* v = e.value;
          if (e.key == "rule" || e.key == "rules") {
            if (v && v->is_scalar()) add_rules(v->text, s);
            else if (v && v->is_seq())
              for (const Node* r : v->items)
                if (r && r->is_scalar()) add_rules(r->text, s);
          } else if (e.key == "reason") {
            if (v && v->is_scalar() && !v->is_null()) s.reason = trim(v->text);
          } else if (e.key == "until") {
            if (v && v->is_scalar() && !v->is_null()) s.until = trim(v->text);
          } else {
            s.notes.push_back("unknown key '" + e.key + "'");
          }
        }
      }
      finish(s);
      out.push_back(std::move(s));
    }
  };
  if (!root.is_map()) return out;
  read(root.get("Metadata"), SuppressionScope::File, "");
  const Node* resources = root.get("Resources");
  if (resources && resources->is_map())
    for (const auto& e : resources->entries)
      if (e.value && e.value->is_map()) read(e.value->get("Metadata"), SuppressionScope::Block, "Resources/" + e.key);
  return out;
}

bool json_comment_suppression(std::string_view text, Range written, Range block, const std::string& path_prefix,
                              Suppression& out) {
  Suppression s;
  if (!parse_ignore_directive(text, s)) return false;
  s.origin = SuppressionOrigin::JsonComment;
  s.written = written;
  s.scope = SuppressionScope::Block;
  s.bytes = block;
  s.path_prefix = path_prefix;
  out = std::move(s);
  return true;
}

namespace {

// Terraform JSON: a `"//"` string holding `amilint:ignore ...` covers the object
// (block) it is written in.
void json_suppressions(const Node& n, std::vector<Suppression>& out, int depth = 0) {
  if (depth > 64) return;
  if (n.is_map()) {
    for (const auto& e : n.entries) {
      if (!e.value) continue;
      if (e.key == "//" && e.value->is_scalar()) {
        Suppression s;
        if (json_comment_suppression(e.value->text, e.value->range, n.range, "", s)) out.push_back(std::move(s));
      } else {
        json_suppressions(*e.value, out, depth + 1);
      }
    }
  } else if (n.is_seq()) {
    for (const Node* item : n.items)
      if (item) json_suppressions(*item, out, depth + 1);
  }
}

}  // namespace

std::vector<Suppression> written_suppressions(Format format, std::string_view text, const Node* json_root) {
  std::vector<Suppression> out;
  switch (format) {
    case Format::CfnYaml: return comment_suppressions(text, CommentSyntax::Yaml);
    case Format::TfHcl:
    case Format::TfVars: return comment_suppressions(text, CommentSyntax::Hcl);
    case Format::TfJson:
    case Format::TfVarsJson:
      if (json_root) json_suppressions(*json_root, out);
      return out;
    case Format::CfnJson:
    case Format::TfPlan: return out;
  }
  return out;
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
