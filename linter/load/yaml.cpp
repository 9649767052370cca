// YAML loader: yaml-cpp's event parser feeds a builder that creates the node tree
// directly in the document arena. yaml-cpp reports where a node starts (a byte
// offset, not counting a UTF-8 BOM) but not where it ends, so token extents are
// recovered by scanning the source text from those start offsets.
#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/mark.h>
#include <yaml-cpp/parser.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <exception>
#include <istream>
#include <limits>
#include <optional>
#include <streambuf>
#include <string>
#include <string_view>
#include <vector>

#include "linter/load/loaders.h"
#include "linter/load/node.h"
#include "linter/source/source.h"

namespace amilint {
namespace {

// A read-only stream buffer over memory the caller owns: yaml-cpp reads from a
// std::istream, and this lets it read the text in place without a copy.
class MemoryBuffer : public std::streambuf {
 public:
  MemoryBuffer(const char* data, size_t size) {
    char* p = const_cast<char*>(data);  // the get area is never written to
    setg(p, p, p + size);
  }
};

// CloudFormation short-form tags and the long-form keys they stand for.
struct ShortForm {
  std::string_view tag;
  std::string_view key;
};
constexpr ShortForm kShortForms[] = {
    {"!Ref", "Ref"},
    {"!Condition", "Condition"},
    {"!GetAtt", "Fn::GetAtt"},
    {"!Sub", "Fn::Sub"},
    {"!FindInMap", "Fn::FindInMap"},
    {"!If", "Fn::If"},
    {"!Select", "Fn::Select"},
    {"!Join", "Fn::Join"},
    {"!Base64", "Fn::Base64"},
    {"!Equals", "Fn::Equals"},
    {"!Not", "Fn::Not"},
    {"!And", "Fn::And"},
    {"!Or", "Fn::Or"},
    {"!ImportValue", "Fn::ImportValue"},
    {"!GetAZs", "Fn::GetAZs"},
    {"!Split", "Fn::Split"},
    {"!Cidr", "Fn::Cidr"},
    {"!Transform", "Fn::Transform"},
    {"!Length", "Fn::Length"},
    {"!ToJsonString", "Fn::ToJsonString"},
    {"!ForEach", "Fn::ForEach"},
};

// The long-form key for a CloudFormation short-form tag, or nullptr.
const ShortForm* short_form(const std::string& tag) {
  if (tag.size() < 3 || tag[0] != '!' || tag[1] == '!') return nullptr;
  for (const ShortForm& s : kShortForms)
    if (s.tag == tag) return &s;
  return nullptr;
}

constexpr std::string_view kCoreTagPrefix = "tag:yaml.org,2002:";

bool is_null_word(std::string_view s) {
  return s == "~" || s == "null" || s == "Null" || s == "NULL";
}

bool is_bool_word(std::string_view s) {
  return s == "true" || s == "True" || s == "TRUE" || s == "false" || s == "False" ||
         s == "FALSE";
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_hex_digit(char c) {
  return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

// Integers and floats of the YAML 1.2 core schema.
bool is_core_number(std::string_view s) {
  if (s.empty()) return false;
  if (s.size() > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'o')) {
    bool hex = s[1] == 'x';
    for (size_t i = 2; i < s.size(); ++i)
      if (hex ? !is_hex_digit(s[i]) : !(s[i] >= '0' && s[i] <= '7')) return false;
    return true;
  }
  if (s == ".nan" || s == ".NaN" || s == ".NAN") return true;
  size_t i = 0;
  if (s[0] == '+' || s[0] == '-') i = 1;
  std::string_view rest = s.substr(i);
  if (rest == ".inf" || rest == ".Inf" || rest == ".INF") return true;
  size_t int_digits = 0, frac_digits = 0;
  while (i < s.size() && is_digit(s[i])) ++i, ++int_digits;
  if (i < s.size() && s[i] == '.') {
    ++i;
    while (i < s.size() && is_digit(s[i])) ++i, ++frac_digits;
    // "1." is a float; "." alone is not
    if (int_digits == 0 && frac_digits == 0) return false;
  } else if (int_digits == 0) {
    return false;
  }
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
    size_t exp_digits = 0;
    while (i < s.size() && is_digit(s[i])) ++i, ++exp_digits;
    if (exp_digits == 0) return false;
  }
  return i == s.size();
}

ScalarType resolve_plain(std::string_view s) {
  if (s.empty() || is_null_word(s)) return ScalarType::Null;
  if (is_bool_word(s)) return ScalarType::Bool;
  if (is_core_number(s)) return ScalarType::Number;
  return ScalarType::String;
}

inline bool is_space(char c) { return c == ' ' || c == '\t'; }
inline bool is_break(char c) { return c == '\n' || c == '\r'; }
inline bool is_white(char c) { return is_space(c) || is_break(c); }
inline bool is_flow_indicator(char c) {
  return c == ',' || c == '[' || c == ']' || c == '{' || c == '}';
}

// The first byte of a disallowed control character (YAML accepts tab, LF and CR
// only), if any. yaml-cpp would silently stop at some of them.
std::optional<uint32_t> find_control_char(std::string_view s) {
  for (size_t i = 0; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7F)
      return static_cast<uint32_t>(i);
  }
  return std::nullopt;
}

// yaml-cpp 0.7 mis-scans a tag that is the first token of a line or follows a
// "- " or "? " indicator when the node's content continues on later lines at or
// left of the tag's column (`- !Sub |` followed by its text two columns in, or
// `!Sub text` continued on the next line): it treats the tag as the start of a
// possible mapping key and ends the node early. Such a template is valid YAML, so
// when parsing fails, the loader retries with those tags blanked out (same
// length, so offsets hold) and puts them back itself.
struct TagSite {
  uint32_t begin = 0;    // the tag token
  uint32_t end = 0;
  uint32_t content = 0;  // where the node's content starts on the same line
  std::string tag;
  bool consumed = false;  // seen by the parser as the property of a node
};

// Candidate sites: `!Name` (primary handle) at the start of a line's content,
// followed on the same line by a block scalar indicator or a plain scalar that
// is not a mapping key.
std::vector<TagSite> find_tag_sites(std::string_view s) {
  std::vector<TagSite> sites;
  const size_t n = s.size();
  size_t i = 0;
  while (i < n) {
    size_t line_end = i;
    while (line_end < n && !is_break(s[line_end])) ++line_end;
    size_t j = i;
    for (;;) {
      while (j < line_end && is_space(s[j])) ++j;
      if (j + 1 < line_end && (s[j] == '-' || s[j] == '?') && is_space(s[j + 1])) {
        ++j;
        continue;
      }
      break;
    }
    if (j + 1 < line_end && s[j] == '!' && s[j + 1] != '!' && s[j + 1] != '<' &&
        !is_space(s[j + 1])) {
      size_t te = j + 1;
      while (te < line_end && !is_space(s[te]) && s[te] != '!' && !is_flow_indicator(s[te]))
        ++te;
      size_t c = te;
      while (c < line_end && is_space(s[c])) ++c;
      bool ok = te < line_end && is_space(s[te]) && c < line_end;
      if (ok) {
        char first = s[c];
        if (first == '|' || first == '>') {
          // a block scalar header: indicators, then at most a comment
          size_t k = c + 1;
          while (k < line_end && (is_digit(s[k]) || s[k] == '+' || s[k] == '-')) ++k;
          while (k < line_end && is_space(s[k])) ++k;
          ok = k == line_end || s[k] == '#';
        } else if (std::strchr("\"'[]{},#&*!%@`", first) != nullptr) {
          ok = false;
        } else {
          // a plain scalar, unless the line is really `!Tag key: value`
          for (size_t k = c; k < line_end && ok; ++k) {
            if (s[k] == ':' && (k + 1 == line_end || is_space(s[k + 1]))) ok = false;
            if (s[k] == '#' && is_space(s[k - 1])) break;
          }
        }
      }
      if (ok) {
        TagSite site;
        site.begin = static_cast<uint32_t>(j);
        site.end = static_cast<uint32_t>(te);
        site.content = static_cast<uint32_t>(c);
        site.tag.assign(s.substr(j, te - j));
        sites.push_back(std::move(site));
      }
    }
    i = line_end;
    if (i < n && s[i] == '\r') ++i;
    if (i < n && s[i] == '\n') ++i;
  }
  return sites;
}

enum class Role { Root, Key, Value, Item };

class Builder final : public YAML::EventHandler {
 public:
  // original: the caller's text (for line numbers); src: the same bytes with lone
  // CRs turned into LFs, from which token extents are read; base: how many
  // leading bytes the parser does not see (a UTF-8 BOM).
  Builder(Document& doc, std::string_view original, std::string_view src, uint32_t base)
      : doc_(doc), original_(original), src_(src), base_(base) {
    frames_.reserve(64);
    anchors_.reserve(16);
    last_end_ = base;
  }

  // Tags blanked out of the text the parser reads (see TagSite).
  void set_tag_sites(std::vector<TagSite>* sites) { sites_ = sites; }
  bool finished() const { return finished_; }

  // Error reporting for exceptions caught around the parser.
  void syntax_error(const YAML::ParserException& e);
  void deep_recursion_error();
  void error(uint32_t offset, std::string message) {
    doc_.errors.push_back(ParseError{offset, std::move(message)});
  }
  uint32_t line_of(uint32_t offset) {
    if (!lines_) lines_.emplace(original_);
    return static_cast<uint32_t>(lines_->position(offset).line);
  }

  void OnDocumentStart(const YAML::Mark&) override {}
  void OnDocumentEnd() override { finished_ = true; }
  void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override;
  void OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) override;
  void OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                const std::string& value) override;
  enum class ScalarStyle { Plain, Single, Double, Block };
  Range scalar_range(ScalarStyle style, uint32_t content, uint32_t props_end, const std::string& value);
  void OnSequenceStart(const YAML::Mark& mark, const std::string& tag,
                       YAML::anchor_t anchor, YAML::EmitterStyle::value) override {
    start_collection(mark, tag, anchor, NodeKind::Sequence);
  }
  void OnSequenceEnd() override { end_collection(); }
  void OnMapStart(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                  YAML::EmitterStyle::value) override {
    start_collection(mark, tag, anchor, NodeKind::Mapping);
  }
  void OnMapEnd() override { end_collection(); }
  void OnAnchor(const YAML::Mark&, const std::string& name) override {
    pending_anchor_name_ = name;
  }

 private:
  struct Frame {
    Node* node;               // the collection being filled
    Node* wrapper;            // its short-form tag mapping, or nullptr
    YAML::anchor_t anchor;    // anchor to bind when complete (0: none)
    int depth;                // tree depth of node (root collection: 1)
    bool bracketed;           // opened by '{' or '['
    bool expect_key;          // mapping: the next child is a key
    bool has_complex_key;     // mapping: some key is not a scalar
    uint64_t expanded = 1;    // nodes in it so far with every alias expanded
  };
  struct Anchor {
    std::string name;
    const Node* node = nullptr;  // set once the anchored node is complete
    uint64_t expanded = 1;       // its size with every alias in it expanded
  };
  static uint64_t saturating_add(uint64_t a, uint64_t b) { return a > UINT64_MAX - b ? UINT64_MAX : a + b; }
  // Where a node's properties (tag, anchor) and its content are in the source.
  struct Props {
    bool has_tag = false;
    Range tag;                // the tag token
    uint32_t end = 0;         // end of the last property token (or the start)
    uint32_t content = 0;     // first byte of the content
  };

  char at(uint32_t i) const { return i < src_.size() ? src_[i] : '\0'; }
  uint32_t size() const { return static_cast<uint32_t>(src_.size()); }
  uint32_t offset(const YAML::Mark& m) const {
    if (m.pos < 0) return last_end_;
    uint64_t o = static_cast<uint64_t>(m.pos) + base_;
    return o > src_.size() ? size() : static_cast<uint32_t>(o);
  }

  uint32_t skip_spaces(uint32_t i) const {
    while (i < src_.size() && is_space(src_[i])) ++i;
    return i;
  }
  // Skips blanks, line breaks and comments.
  uint32_t skip_filler(uint32_t i) const {
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
  uint32_t property_end(uint32_t i) const {
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
  Props scan_properties(uint32_t p, bool cross_lines) const {
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
  uint32_t match_value_end(uint32_t i, const std::string& value, uint32_t fallback) const {
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
  uint32_t plain_end(uint32_t start, const std::string& value) const {
    uint32_t e = match_value_end(start, value, start);
    if (e == start && !value.empty()) {
      // the source does not spell the value: fall back to the rest of the line
      bool flow = !frames_.empty() && frames_.back().bracketed;
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
  uint32_t quoted_end(uint32_t start, bool& closed) const {
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
  bool spans_lines(Range r) const {
    for (uint32_t i = r.begin; i < r.end; ++i)
      if (is_break(src_[i])) return true;
    return false;
  }

  // Past a line break at i ("\n" or "\r\n").
  uint32_t after_break(uint32_t i) const {
    if (src_[i] == '\r' && at(i + 1) == '\n') return i + 2;
    return i + 1;
  }
  // The value of a closed quoted scalar by YAML's flow folding: blanks around
  // line breaks are dropped, a single break becomes a space, and each further
  // empty line a "\n". Returns false on an escape it does not know.
  bool fold_quoted(Range r, std::string& out) const {
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
  size_t skip_empty_lines(uint32_t& i, uint32_t end) const {
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
  bool unescape(uint32_t& i, uint32_t end, std::string& out) const {
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
  uint32_t block_end(uint32_t start, const std::string& value) const {
    uint32_t i = start + 1;
    while (i < size() && (is_digit(src_[i]) || src_[i] == '+' || src_[i] == '-')) ++i;
    uint32_t header_end = i;
    while (i < size() && !is_break(src_[i])) ++i;
    return match_value_end(i, value, header_end);
  }

  // When p is the content of a blanked tag, the node really starts at the tag:
  // moves p there and returns the tag.
  const std::string* blanked_tag(uint32_t& p) {
    if (!sites_) return nullptr;
    auto it = std::lower_bound(sites_->begin(), sites_->end(), p,
                               [](const TagSite& s, uint32_t v) { return s.content < v; });
    if (it == sites_->end() || it->content != p) return nullptr;
    it->consumed = true;
    p = it->begin;
    return &it->tag;
  }

  Role role() const {
    if (frames_.empty()) return Role::Root;
    const Frame& f = frames_.back();
    if (f.node->kind == NodeKind::Sequence) return Role::Item;
    return f.expect_key ? Role::Key : Role::Value;
  }

  // Where an empty node sits: right after the indicator that introduced it.
  uint32_t empty_node_offset(Role r) const {
    uint32_t q = skip_filler(last_end_);
    char c = at(q);
    switch (r) {
      case Role::Value:
        return c == ':' ? q + 1 : last_end_;
      case Role::Item:
        return c == '-' ? q + 1 : last_end_;
      case Role::Key:
        return c == '?' ? q + 1 : q;
      case Role::Root:
        break;
    }
    return last_end_;
  }

  Node* make_scalar(ScalarType type, Range r) {
    Node* n = doc_.make(NodeKind::Scalar);
    n->type = type;
    n->range = r;
    return n;
  }

  // Tree depth a new collection would have, counting synthetic wrappers.
  int parent_depth() const { return frames_.empty() ? 0 : frames_.back().depth; }
  bool depth_exceeded(int depth, uint32_t at_offset) {
    if (depth <= kMaxNestingDepth) return false;
    if (!depth_reported_) {
      depth_reported_ = true;
      error(at_offset, "nesting deeper than " + std::to_string(kMaxNestingDepth) +
                           " levels; simplify the template");
    }
    return true;
  }

  // Wraps a node in its short-form mapping: {key: value}, key range = the tag.
  Node* wrap(const ShortForm& sf, Range tag, const Node* value) {
    Node* w = doc_.make(NodeKind::Mapping);
    w->range = Range{tag.begin, std::max(tag.end, value->range.end)};
    w->entries.push_back(MapEntry{std::string(sf.key), tag, value});
    return w;
  }

  // !GetAtt A.B -> the sequence ["A", "B"], split at the first dot.
  const Node* split_getatt(const Node* s) {
    std::string_view text = s->text;
    size_t dot = text.find('.');
    Node* seq = doc_.make(NodeKind::Sequence);
    seq->range = s->range;
    // sub-ranges are exact when the token spells the value verbatim
    uint32_t inner = s->range.begin;
    char first = at(s->range.begin);
    if (first == '"' || first == '\'') ++inner;
    bool verbatim = inner + text.size() <= size() &&
                    src_.substr(inner, text.size()) == text;
    auto part = [&](size_t from, size_t len) {
      Range r = verbatim ? Range{static_cast<uint32_t>(inner + from),
                                 static_cast<uint32_t>(inner + from + len)}
                         : s->range;
      Node* n = make_scalar(ScalarType::String, r);
      n->text.assign(text.substr(from, len));
      seq->items.push_back(n);
    };
    if (dot == std::string_view::npos) {
      part(0, text.size());
    } else {
      part(0, dot);
      part(dot + 1, text.size() - dot - 1);
    }
    return seq;
  }

  void bind_anchor(YAML::anchor_t anchor, const Node* node) {
    if (anchor == 0) return;
    if (anchors_.size() <= anchor) anchors_.resize(anchor + 1);
    anchors_[anchor].node = node;
  }
  void declare_anchor(YAML::anchor_t anchor) {
    if (anchor == 0) return;
    if (anchors_.size() <= anchor) anchors_.resize(anchor + 1);
    anchors_[anchor].name = std::move(pending_anchor_name_);
    anchors_[anchor].node = nullptr;
    pending_anchor_name_.clear();
  }

  // Hands a finished node to its parent. r: its source extent (for an alias, the
  // alias token).
  void attach(const Node* n, Range r) {
    last_end_ = std::max(last_end_, r.end);
    uint64_t weight = next_weight_;
    next_weight_ = 1;
    if (frames_.empty()) {
      if (!root_done_) {
        doc_.root = n;
        root_done_ = true;
      }
      return;
    }
    Frame& f = frames_.back();
    f.expanded = saturating_add(f.expanded, weight);
    if (f.node->kind == NodeKind::Sequence) {
      f.node->items.push_back(n);
    } else if (f.expect_key) {
      bool scalar = n->kind == NodeKind::Scalar;
      if (!scalar) f.has_complex_key = true;
      f.node->entries.push_back(MapEntry{scalar ? n->text : std::string(), r, nullptr});
      f.expect_key = false;
    } else {
      if (f.node->entries.empty()) f.node->entries.emplace_back();  // never without a key
      f.node->entries.back().value = n;
      f.expect_key = true;
    }
  }

  // A scalar key without anchor or tag: recorded in the entry, no node needed.
  void attach_key_text(std::string_view text, Range r) {
    last_end_ = std::max(last_end_, r.end);
    Frame& f = frames_.back();
    f.node->entries.push_back(MapEntry{std::string(text), r, nullptr});
    f.expect_key = false;
  }

  void start_collection(const YAML::Mark& mark, const std::string& tag,
                        YAML::anchor_t anchor, NodeKind kind);
  void end_collection();
  void check_duplicates(const Frame& f);
  void ignore(const YAML::Mark& mark) {
    if (mark.pos >= 0) last_end_ = std::max(last_end_, offset(mark));
  }

  Document& doc_;
  std::string_view original_;
  std::string_view src_;
  uint32_t base_;
  uint32_t last_end_ = 0;  // end of the last token consumed
  std::vector<Frame> frames_;
  std::vector<Anchor> anchors_;  // by yaml-cpp anchor id
  std::string pending_anchor_name_;
  std::vector<uint32_t> order_;  // scratch for duplicate detection
  std::optional<LineIndex> lines_;
  std::vector<TagSite>* sites_ = nullptr;
  uint64_t next_weight_ = 1;     // expanded size of the node attach() hands on next
  uint64_t aliased_ = 0;         // nodes reached through aliases, expanded
  int skip_ = 0;                 // >0 while inside a subtree cut off for depth
  uint32_t skip_begin_ = 0;
  bool depth_reported_ = false;
  bool root_done_ = false;
  bool finished_ = false;
};

void Builder::OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) {
  if (finished_) return;
  if (skip_) {
    ignore(mark);
    return;
  }
  declare_anchor(anchor);
  Role r = role();
  uint32_t p = offset(mark);
  // yaml-cpp marks an empty node at whatever token follows it; the node is
  // explicit only when the mark is at its own anchor or at a null word that is
  // not the next mapping key.
  Range range;
  std::string_view word;
  bool explicit_node = false;
  if (p >= last_end_) {
    Props pr = scan_properties(p, false);
    uint32_t c = pr.content;
    uint32_t e = c;
    while (e < size() && !is_white(src_[e]) && !is_flow_indicator(src_[e])) ++e;
    std::string_view token = src_.substr(c, e - c);
    if (!token.empty() && token.back() == ':') token.remove_suffix(1);
    uint32_t after = skip_spaces(c + static_cast<uint32_t>(token.size()));
    bool followed_by_colon =
        at(after) == ':' && (after + 1 >= size() || is_white(at(after + 1)) ||
                             is_flow_indicator(at(after + 1)));
    if (is_null_word(token) && !followed_by_colon) {
      explicit_node = true;
      word = token;
      range = Range{c, c + static_cast<uint32_t>(token.size())};
    } else if (anchor != 0 && pr.end > p) {
      explicit_node = true;
      range = Range{pr.end, pr.end};
    }
  }
  if (!explicit_node) {
    if (r == Role::Root) return;  // an empty document
    uint32_t o = empty_node_offset(r);
    range = Range{o, o};
  }
  if (r == Role::Key && anchor == 0) {
    // keys need no node of their own
    attach_key_text(std::string(word), range);
    return;
  }
  Node* n = make_scalar(ScalarType::Null, range);
  n->text.assign(word);
  bind_anchor(anchor, n);
  attach(n, range);
}

void Builder::OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) {
  if (finished_) return;
  if (skip_) {
    ignore(mark);
    return;
  }
  uint32_t p = offset(mark);
  const Anchor* a = anchor < anchors_.size() ? &anchors_[anchor] : nullptr;
  uint32_t end = a ? std::min<uint32_t>(p + 1 + static_cast<uint32_t>(a->name.size()), size())
                   : property_end(p);
  Range range{p, end};
  const Node* target = a ? a->node : nullptr;
  if (!target) {
    // the anchored node is still open: the alias would make the tree a cycle
    std::string name =
        a ? a->name : std::string(src_.substr(std::min(p + 1, end), end - std::min(p + 1, end)));
    error(p, "alias '*" + name + "' refers to a node that contains it; "
             "recursive aliases are not supported");
    target = make_scalar(ScalarType::Null, Range{p, p});
  }
  // Aliases share their node here, but CloudFormation and every other consumer
  // expands them: a few lines can stand for billions of nodes ("billion laughs").
  uint64_t weight = a && a->node ? a->expanded : 1;
  bool was_within = aliased_ <= kMaxAliasExpansion;
  aliased_ = saturating_add(aliased_, weight);
  if (was_within && aliased_ > kMaxAliasExpansion) {
    error(p, "aliases expand to more than " + std::to_string(kMaxAliasExpansion) +
                 " nodes (a YAML alias bomb); write the values out or use fewer, smaller anchors");
  }
  next_weight_ = weight;
  attach(target, range);
}

void Builder::OnScalar(const YAML::Mark& mark, const std::string& parsed_tag,
                       YAML::anchor_t anchor, const std::string& value) {
  if (finished_) return;
  if (skip_) {
    ignore(mark);
    return;
  }
  declare_anchor(anchor);
  uint32_t p = offset(mark);
  const std::string* blanked = blanked_tag(p);
  const std::string& tag = blanked ? *blanked : parsed_tag;
  // An empty value has no content token: do not look for one on later lines.
  Props pr = scan_properties(p, !value.empty());
  uint32_t c = pr.content;
  char first = at(c);
  bool plain_tag = tag.size() == 1 && tag[0] == '?';
  ScalarStyle style = ScalarStyle::Plain;
  if (!plain_tag) {
    if (first == '"') style = ScalarStyle::Double;
    else if (first == '\'') style = ScalarStyle::Single;
    else if (first == '|' || first == '>') style = ScalarStyle::Block;
  }
  Range range = scalar_range(style, c, pr.end, value);

  const ShortForm* sf = short_form(tag);
  if (sf && !pr.has_tag) pr.tag = Range{c, c};
  ScalarType type = ScalarType::String;
  std::string_view kept_tag;
  if (plain_tag) {
    type = resolve_plain(value);
  } else if (sf || (tag.size() == 1 && tag[0] == '!')) {
    type = style == ScalarStyle::Plain && sf ? resolve_plain(value) : ScalarType::String;
  } else if (tag.compare(0, kCoreTagPrefix.size(), kCoreTagPrefix) == 0) {
    std::string_view t = std::string_view(tag).substr(kCoreTagPrefix.size());
    if (t == "str") type = ScalarType::String;
    else if (t == "int" || t == "float") type = ScalarType::Number;
    else if (t == "bool") type = ScalarType::Bool;
    else if (t == "null") type = ScalarType::Null;
    else kept_tag = tag;
  } else {
    kept_tag = tag;
    type = style == ScalarStyle::Plain ? resolve_plain(value) : ScalarType::String;
  }

  if (!sf && anchor == 0 && kept_tag.empty() && role() == Role::Key) {
    attach_key_text(value, range);  // keys need no node of their own
    return;
  }
  Node* n = make_scalar(type, range);
  if ((style == ScalarStyle::Single || style == ScalarStyle::Double) && spans_lines(range)) {
    // yaml-cpp folds the line breaks at the end of a multi-line quoted scalar
    // wrongly ('x<break><break><break>  ' gives "x\n", not "x\n\n")
    if (!fold_quoted(range, n->text)) n->text = value;
  } else {
    n->text = value;
  }
  if (!kept_tag.empty()) n->tag.assign(kept_tag);
  const Node* outer = n;
  if (sf) {
    bool getatt = sf->key == "Fn::GetAtt" && !value.empty();
    int depth = parent_depth() + (getatt ? 2 : 1);
    if (depth_exceeded(depth, pr.tag.begin)) {
      outer = make_scalar(ScalarType::Null, Range{pr.tag.begin, pr.tag.begin});
    } else {
      outer = wrap(*sf, pr.tag, getatt ? split_getatt(n) : n);
    }
  }
  bind_anchor(anchor, outer);
  attach(outer, outer->range);
}

// The source range of a scalar that starts at `content`, by its style.
Range Builder::scalar_range(ScalarStyle style, uint32_t c, uint32_t props_end, const std::string& value) {
  switch (style) {
    case ScalarStyle::Plain:
      return value.empty() ? Range{props_end, props_end} : Range{c, plain_end(c, value)};
    case ScalarStyle::Single:
    case ScalarStyle::Double: {
      bool closed = false;
      Range range{c, quoted_end(c, closed)};
      // yaml-cpp accepts a quoted scalar that runs to the end of the file
      if (!closed)
        error(c, std::string("YAML syntax error: ") + (style == ScalarStyle::Single ? "single" : "double") +
                     "-quoted scalar has no closing quote (check quoting)");
      return range;
    }
    case ScalarStyle::Block:
      return Range{c, block_end(c, value)};
  }
  return Range{c, c};
}

void Builder::start_collection(const YAML::Mark& mark, const std::string& parsed_tag,
                               YAML::anchor_t anchor, NodeKind kind) {
  if (finished_) return;
  if (skip_) {
    ++skip_;
    ignore(mark);
    return;
  }
  declare_anchor(anchor);
  uint32_t p = offset(mark);
  const std::string* blanked = blanked_tag(p);
  const std::string& tag = blanked ? *blanked : parsed_tag;
  Props pr = scan_properties(p, true);
  uint32_t c = pr.content;
  const ShortForm* sf = short_form(tag);
  if (sf && !pr.has_tag) pr.tag = Range{c, c};
  int depth = parent_depth() + (sf ? 2 : 1);
  if (depth_exceeded(depth, sf ? pr.tag.begin : c)) {
    skip_ = 1;
    skip_begin_ = c;
    return;
  }
  Node* node = doc_.make(kind);
  node->range = Range{c, c};
  if (!sf && !tag.empty() && tag != "?" && tag != "!") {
    std::string_view t = tag;
    bool core = t.compare(0, kCoreTagPrefix.size(), kCoreTagPrefix) == 0;
    std::string_view name = core ? t.substr(kCoreTagPrefix.size()) : std::string_view();
    if (!(core && (name == "map" || name == "seq"))) node->tag = tag;
  }
  Node* wrapper = sf ? wrap(*sf, pr.tag, node) : nullptr;
  char open = kind == NodeKind::Mapping ? '{' : '[';
  bool bracketed = at(c) == open;
  frames_.push_back(Frame{node, wrapper, anchor, depth, bracketed, true, false});
  last_end_ = bracketed ? c + 1 : c;
}

void Builder::end_collection() {
  if (finished_) return;
  if (skip_) {
    if (--skip_ == 0) {
      // the cut-off subtree is represented by an empty null at its start
      Node* n = make_scalar(ScalarType::Null, Range{skip_begin_, skip_begin_});
      attach(n, n->range);
    }
    return;
  }
  if (frames_.empty()) return;
  Frame f = frames_.back();
  uint32_t end = last_end_;
  if (f.bracketed) {
    char close = f.node->kind == NodeKind::Mapping ? '}' : ']';
    uint32_t q = last_end_;
    for (;;) {
      q = skip_filler(q);
      if (at(q) == ',') {
        ++q;
        continue;
      }
      break;
    }
    if (at(q) == close) end = q + 1;
  }
  f.node->range.end = std::max(end, f.node->range.begin);
  if (f.node->kind == NodeKind::Mapping) check_duplicates(f);
  frames_.pop_back();
  const Node* outer = f.node;
  if (f.wrapper) {
    f.wrapper->range.end = f.node->range.end;
    outer = f.wrapper;
  }
  bind_anchor(f.anchor, outer);
  if (f.anchor) anchors_[f.anchor].expanded = f.expanded;
  next_weight_ = f.expanded;
  attach(outer, outer->range);
}

void Builder::check_duplicates(const Frame& f) {
  const std::vector<MapEntry>& es = f.node->entries;
  const size_t n = es.size();
  if (n < 2) return;
  auto comparable = [&](size_t i) { return !(f.has_complex_key && es[i].key.empty()); };
  auto report = [&](size_t dup, size_t first) {
    error(es[dup].key_range.begin,
          "duplicate key '" + es[dup].key + "' (first defined on line " +
              std::to_string(line_of(es[first].key_range.begin)) +
              "); CloudFormation rejects duplicate keys");
  };
  if (n <= 16) {
    for (size_t i = 1; i < n; ++i) {
      if (!comparable(i)) continue;
      for (size_t j = 0; j < i; ++j) {
        if (comparable(j) && es[j].key == es[i].key) {
          report(i, j);
          break;
        }
      }
    }
    return;
  }
  order_.resize(n);
  for (size_t i = 0; i < n; ++i) order_[i] = static_cast<uint32_t>(i);
  std::sort(order_.begin(), order_.end(), [&](uint32_t a, uint32_t b) {
    int cmp = es[a].key.compare(es[b].key);
    return cmp != 0 ? cmp < 0 : a < b;
  });
  size_t group = 0;
  for (size_t k = 1; k < n; ++k) {
    if (es[order_[k]].key != es[order_[group]].key) {
      group = k;
      continue;
    }
    if (comparable(order_[k]) && comparable(order_[group])) report(order_[k], order_[group]);
  }
}

void Builder::syntax_error(const YAML::ParserException& e) {
  uint32_t at_offset = offset(e.mark);
  if (e.msg.compare(0, std::strlen(YAML::ErrorMsg::UNKNOWN_ANCHOR),
                    YAML::ErrorMsg::UNKNOWN_ANCHOR) == 0) {
    std::string name;
    if (at(at_offset) == '*') {
      uint32_t end = property_end(at_offset);
      name.assign(src_.substr(at_offset + 1, end - at_offset - 1));
    }
    error(at_offset, "unknown alias '*" + name + "': define the anchor '&" + name +
                         "' before it is used");
    return;
  }
  // A tab in the indentation of the line is the usual cause: point at it.
  uint32_t line_start = std::min(at_offset, size());
  while (line_start > 0 && src_[line_start - 1] != '\n' && src_[line_start - 1] != '\r') --line_start;
  for (uint32_t i = line_start; i < size() && (src_[i] == ' ' || src_[i] == '\t'); ++i) {
    if (src_[i] == '\t') {
      error(i, "a tab indents this line; YAML indents with spaces only");
      return;
    }
  }
  error(at_offset, "YAML syntax error: " + e.msg + " (check indentation and quoting)");
}

void Builder::deep_recursion_error() {
  if (depth_reported_) return;
  depth_reported_ = true;
  // the node that did not fit starts at the next token after the last one read
  uint32_t q = skip_filler(last_end_);
  while ((at(q) == ':' || at(q) == '-' || at(q) == '?' || at(q) == ',') &&
         (q + 1 >= size() || is_white(at(q + 1)) || at(q) == ',')) {
    q = skip_filler(q + 1);
  }
  error(q, "nesting deeper than the YAML parser's limit of about 500 levels; "
           "simplify the template");
}

struct ParseResult {
  Document doc;
  bool syntax_error = false;  // yaml-cpp rejected the text
};

// Parses the first document of parse_text (what yaml-cpp reads; its offsets
// equal those of scan_text, from which token extents are read).
ParseResult parse_first_document(std::string_view original, std::string_view parse_text,
                                 std::string_view scan_text, uint32_t bom,
                                 std::vector<TagSite>* sites) {
  ParseResult result;
  Document& doc = result.doc;
  Builder builder(doc, original, scan_text, bom);
  builder.set_tag_sites(sites);
  MemoryBuffer buffer(parse_text.data() + bom, parse_text.size() - bom);
  std::istream in(&buffer);
  bool failed = false;
  try {
    YAML::Parser parser(in);
    parser.HandleNextDocument(builder);
  } catch (const YAML::DeepRecursion&) {
    if (!builder.finished()) {
      builder.deep_recursion_error();
      doc.root = nullptr;
    }
  } catch (const YAML::ParserException& e) {
    // problems in later documents of a stream do not concern the first one
    if (!builder.finished()) {
      builder.syntax_error(e);
      failed = true;
      result.syntax_error = true;
    }
  } catch (const std::exception& e) {
    if (!builder.finished()) {
      builder.error(0, std::string("YAML could not be read: ") + e.what());
      failed = true;
    }
  }
  if (failed) doc.root = nullptr;
  std::stable_sort(doc.errors.begin(), doc.errors.end(),
                   [](const ParseError& a, const ParseError& b) { return a.offset < b.offset; });
  return result;
}

}  // namespace

Document load_yaml(std::string_view text, const std::string& display_name) {
  (void)display_name;  // reports name the file; positions are all a loader gives
  Document doc;  // for problems found before parsing
  if (const char* bom = foreign_bom_name(text)) {
    doc.errors.push_back(ParseError{
        0, std::string("file is ") + bom +
               "; amilint reads UTF-8 templates: convert it with iconv"});
    return doc;
  }
  if (text.size() >= static_cast<size_t>(std::numeric_limits<int>::max())) {
    doc.errors.push_back(ParseError{0, "file is too large to load (2 GiB or more)"});
    return doc;
  }
  if (std::optional<uint32_t> bad = find_invalid_utf8(text)) {
    doc.errors.push_back(
        ParseError{*bad, "invalid UTF-8 byte sequence; save the file as UTF-8"});
    return doc;
  }
  if (std::optional<uint32_t> ctl = find_control_char(text)) {
    static const char* hex = "0123456789ABCDEF";
    unsigned char c = static_cast<unsigned char>(text[*ctl]);
    std::string cp = "U+00";
    cp += hex[c >> 4];
    cp += hex[c & 15];
    doc.errors.push_back(ParseError{
        *ctl, "control character " + cp + " is not allowed in YAML; remove it"});
    return doc;
  }

  // yaml-cpp only knows "\n" and "\r\n" as line breaks; a lone "\r" becomes "\n"
  // in a same-length copy so that offsets are unchanged.
  std::string converted;
  std::string_view src = text;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\r' && (i + 1 >= text.size() || text[i + 1] != '\n')) {
      converted.assign(text.data(), text.size());
      for (size_t j = i; j < converted.size(); ++j)
        if (converted[j] == '\r' && (j + 1 >= converted.size() || converted[j + 1] != '\n'))
          converted[j] = '\n';
      src = converted;
      break;
    }
  }

  const uint32_t bom = static_cast<uint32_t>(utf8_bom_length(text));
  ParseResult first = parse_first_document(text, src, src, bom, nullptr);
  if (!first.syntax_error) return std::move(first.doc);

  // The parser failed. If it may have tripped over a tag it mis-scans, retry
  // with such tags blanked; a site that turns out not to be a node's tag (it was
  // inside a string) is left alone in the next round.
  std::vector<TagSite> sites = find_tag_sites(src);
  for (int round = 0; round < 3 && !sites.empty(); ++round) {
    std::string blanked(src);
    for (const TagSite& site : sites)
      std::fill(blanked.begin() + site.begin, blanked.begin() + site.end, ' ');
    ParseResult retry = parse_first_document(text, blanked, src, bom, &sites);
    if (retry.syntax_error) break;
    size_t before = sites.size();
    sites.erase(std::remove_if(sites.begin(), sites.end(),
                               [](const TagSite& s) { return !s.consumed; }),
                sites.end());
    if (sites.size() == before) return std::move(retry.doc);
    for (TagSite& site : sites) site.consumed = false;
  }
  return std::move(first.doc);
}

}  // namespace amilint
