// The YAML loader's source scanner (yaml_source.h): token extents read from the
// source text, and the folding of quoted scalars.
#include "linter/load/yaml_source.h"

namespace amilint {
namespace detail {
namespace yaml {

uint32_t SourceScanner::skip_spaces(uint32_t i) const {
  while (i < src_.size() && is_space(src_[i])) ++i;
  return i;
}

// Skips blanks, line breaks and comments.
uint32_t SourceScanner::skip_filler(uint32_t i) const {
  while (i < src_.size()) {
    char c = src_[i];
    if (is_white(c)) {
      ++i;
    } else if (c == '#') {
      while (i < src_.size() && !is_break(src_[i])) ++i;
    } else {
      break;
    }
  }
  return i;
}

// End of a tag or anchor token starting at i.
uint32_t SourceScanner::property_end(uint32_t i) const {
  if (at(i) == '!' && at(i + 1) == '<') {
    while (i < src_.size() && src_[i] != '>' && !is_white(src_[i])) ++i;
    return i < src_.size() && src_[i] == '>' ? i + 1 : i;
  }
  ++i;
  while (i < src_.size() && !is_white(src_[i]) && !is_flow_indicator(src_[i])) ++i;
  return i;
}

// Properties at p; content found by skipping filler (the content may be on a
// later line) when cross_lines, else only blanks on the same line.
SourceScanner::Props SourceScanner::scan_properties(uint32_t p, bool cross_lines) const {
  Props pr;
  pr.end = p;
  pr.content = p;
  uint32_t i = p;
  while (at(i) == '!' || at(i) == '&') {
    uint32_t e = property_end(i);
    if (at(i) == '!') {
      pr.has_tag = true;
      pr.tag = Range{i, e};
    }
    pr.end = e;
    uint32_t next = cross_lines ? skip_filler(e) : skip_spaces(e);
    if (at(next) == '!' || at(next) == '&') {
      i = next;
      continue;
    }
    pr.content = next;
    break;
  }
  return pr;
}

// End of a token whose source may differ from its value only by line folding
// and indentation (plain and block scalars): walks the value's non-blank
// characters through the source.
uint32_t SourceScanner::match_value_end(uint32_t i, const std::string& value, uint32_t fallback) const {
  uint32_t last = fallback;
  const uint32_t n = size();
  for (char c : value) {
    if (is_white(c)) continue;
    while (i < n && is_white(src_[i])) ++i;
    if (i >= n || src_[i] != c) break;
    last = ++i;
  }
  return last;
}

uint32_t SourceScanner::plain_end(uint32_t start, const std::string& value, bool flow) const {
  uint32_t e = match_value_end(start, value, start);
  if (e == start && !value.empty()) {
    // the source does not spell the value: fall back to the rest of the line
    uint32_t i = start;
    while (i < size()) {
      char c = src_[i];
      if (is_break(c) || (flow && is_flow_indicator(c))) break;
      if (c == '#' && i > start && is_space(src_[i - 1])) break;
      if (c == ':' && (i + 1 >= size() || is_white(src_[i + 1]))) break;
      ++i;
    }
    while (i > start && is_space(src_[i - 1])) --i;
    e = i;
  }
  return e;
}

// End of a quoted scalar starting at its opening quote; closed tells whether
// the closing quote was found.
uint32_t SourceScanner::quoted_end(uint32_t start, bool& closed) const {
  const char quote = at(start);
  uint32_t i = start + 1;
  closed = false;
  while (i < size()) {
    char c = src_[i];
    if (quote == '"' && c == '\\') {
      i += 2;
    } else if (c == quote) {
      if (quote == '\'' && at(i + 1) == '\'') {
        i += 2;
        continue;
      }
      closed = true;
      return i + 1;
    } else {
      ++i;
    }
  }
  return size();
}

bool SourceScanner::spans_lines(Range r) const {
  for (uint32_t i = r.begin; i < r.end; ++i)
    if (is_break(src_[i])) return true;
  return false;
}

uint32_t SourceScanner::block_end(uint32_t start, const std::string& value) const {
  uint32_t i = start + 1;
  while (i < size() && (is_digit(src_[i]) || src_[i] == '+' || src_[i] == '-')) ++i;
  uint32_t header_end = i;
  while (i < size() && !is_break(src_[i])) ++i;
  return match_value_end(i, value, header_end);
}

// Past a line break at i ("\n" or "\r\n").
uint32_t SourceScanner::after_break(uint32_t i) const {
  if (src_[i] == '\r' && at(i + 1) == '\n') return i + 2;
  return i + 1;
}

// The value of a closed quoted scalar by YAML's flow folding: blanks around
// line breaks are dropped, a single break becomes a space, and each further
// empty line a "\n". Returns false on an escape it does not know.
bool SourceScanner::fold_quoted(Range r, std::string& out) const {
  const char quote = src_[r.begin];
  const uint32_t end = r.end - 1;  // the closing quote
  out.clear();
  uint32_t i = r.begin + 1;
  while (i < end) {
    char c = src_[i];
    if (is_space(c)) {
      uint32_t j = i;
      while (j < end && is_space(src_[j])) ++j;
      if (j >= end || !is_break(src_[j])) out.append(src_.data() + i, j - i);
      i = j;
    } else if (is_break(c)) {
      size_t empty_lines = skip_empty_lines(i, end);
      if (empty_lines == 0) out += ' ';
      else out.append(empty_lines, '\n');
    } else if (quote == '\'' && c == '\'') {
      out += '\'';
      i += 2;
    } else if (quote == '"' && c == '\\') {
      if (!unescape(i, end, out)) return false;
    } else {
      out += c;
      ++i;
    }
  }
  return true;
}

// At a line break: steps over it and the empty lines after it (blanks only) to the
// next content; returns how many empty lines there were.
size_t SourceScanner::skip_empty_lines(uint32_t& i, uint32_t end) const {
  i = after_break(i);
  size_t empty_lines = 0;
  for (;;) {
    uint32_t k = i;
    while (k < end && is_space(src_[k])) ++k;
    if (k < end && is_break(src_[k])) {
      ++empty_lines;
      i = after_break(k);
      continue;
    }
    i = k;
    return empty_lines;
  }
}

// A double-quoted scalar's escape at src_[i] ('\\'): appends what it stands for and
// steps over it. False on an escape YAML does not have.
bool SourceScanner::unescape(uint32_t& i, uint32_t end, std::string& out) const {
  if (i + 1 >= end) return false;
  char e = src_[i + 1];
  if (is_break(e)) {  // an escaped line break joins the lines; empty lines after it stay
    ++i;
    out.append(skip_empty_lines(i, end), '\n');
    return true;
  }
  i += 2;
  int hex_len = 0;
  switch (e) {
    case '0': out += '\0'; break;
    case 'a': out += '\a'; break;
    case 'b': out += '\b'; break;
    case 't': case '\t': out += '\t'; break;
    case 'n': out += '\n'; break;
    case 'v': out += '\v'; break;
    case 'f': out += '\f'; break;
    case 'r': out += '\r'; break;
    case 'e': out += '\x1B'; break;
    case ' ': out += ' '; break;
    case '"': out += '"'; break;
    case '/': out += '/'; break;
    case '\\': out += '\\'; break;
    case 'N': append_utf8(out, 0x85); break;
    case '_': append_utf8(out, 0xA0); break;
    case 'L': append_utf8(out, 0x2028); break;
    case 'P': append_utf8(out, 0x2029); break;
    case 'x': hex_len = 2; break;
    case 'u': hex_len = 4; break;
    case 'U': hex_len = 8; break;
    default: return false;
  }
  if (!hex_len) return true;
  uint32_t cp = 0;
  for (int h = 0; h < hex_len; ++h, ++i) {
    char d = at(i);
    if (i >= end || !is_hex_digit(d)) return false;
    cp = cp * 16 + static_cast<uint32_t>(is_digit(d) ? d - '0' : (d | 0x20) - 'a' + 10);
  }
  if (cp > 0x10FFFF) return false;
  append_utf8(out, cp);
  return true;
}

}  // namespace yaml
}  // namespace detail
}  // namespace amilint
