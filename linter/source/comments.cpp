// The comment scanners (source/comments.h): YAML (`#` after whitespace, not in a quoted
// scalar or a block scalar) and HCL (`#`, `//` and `/* */`, not in strings, template
// expressions or heredocs). Text-based: they work on text that does not parse.
#include <cctype>
#include <string>
#include <string_view>
#include <vector>

#include "linter/source/comments.h"

namespace amilint {

namespace {

bool is_space(char c) { return c == ' ' || c == '\t'; }

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
  HclCommentScanner(std::string_view t, bool with_blocks) : t_(t), with_blocks_(with_blocks) {}

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
  bool with_blocks_;  // report /* */ comments too
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
      if (with_blocks_) {
        Comment cm;
        cm.range = {static_cast<uint32_t>(i_), static_cast<uint32_t>(e)};
        cm.line = line_;
        cm.block = true;
        out_.push_back(std::move(cm));
      }
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

std::vector<Comment> scan_hcl(std::string_view t, bool with_blocks) { return HclCommentScanner(t, with_blocks).run(); }

}  // namespace

std::string without_comments(std::string_view text, CommentSyntax syntax) {
  std::string out(text);
  for (const auto& c : syntax == CommentSyntax::Yaml ? scan_yaml(text) : scan_hcl(text, true))
    for (uint32_t i = c.range.begin; i < c.range.end && i < out.size(); ++i)
      if (out[i] != '\n' && out[i] != '\r') out[i] = ' ';
  return out;
}

std::vector<Comment> scan_comments(std::string_view text, CommentSyntax syntax) {
  return syntax == CommentSyntax::Yaml ? scan_yaml(text) : scan_hcl(text, false);
}

}  // namespace amilint
