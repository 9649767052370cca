// The YAML loader's source scanner (internal to the YAML loader, see yaml_builder.h):
// yaml-cpp reports where a node starts but not where it ends, so token extents
// (properties, plain, quoted and block scalars) are read from the source text here,
// and quoted scalars are folded again where yaml-cpp folds them wrongly.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

#include "linter/source/source.h"

namespace amilint {
namespace detail {
namespace yaml {

inline bool is_space(char c) { return c == ' ' || c == '\t'; }
inline bool is_break(char c) { return c == '\n' || c == '\r'; }
inline bool is_white(char c) { return is_space(c) || is_break(c); }
inline bool is_flow_indicator(char c) {
  return c == ',' || c == '[' || c == ']' || c == '{' || c == '}';
}
inline bool is_digit(char c) { return c >= '0' && c <= '9'; }
inline bool is_hex_digit(char c) {
  return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

// Scans the text the parser reads (same offsets), from the offsets yaml-cpp reports.
class SourceScanner {
 public:
  explicit SourceScanner(std::string_view src) : src_(src) {}

 protected:
  // Where a node's properties (tag, anchor) and its content are in the source.
  struct Props {
    bool has_tag = false;
    Range tag;                // the tag token
    uint32_t end = 0;         // end of the last property token (or the start)
    uint32_t content = 0;     // first byte of the content
  };

  char at(uint32_t i) const { return i < src_.size() ? src_[i] : '\0'; }
  uint32_t size() const { return static_cast<uint32_t>(src_.size()); }

  uint32_t skip_spaces(uint32_t i) const;
  uint32_t skip_filler(uint32_t i) const;
  uint32_t property_end(uint32_t i) const;
  Props scan_properties(uint32_t p, bool cross_lines) const;

  // Scalar extents. flow: the scalar is inside a bracketed collection.
  uint32_t match_value_end(uint32_t i, const std::string& value, uint32_t fallback) const;
  uint32_t plain_end(uint32_t start, const std::string& value, bool flow) const;
  uint32_t quoted_end(uint32_t start, bool& closed) const;
  uint32_t block_end(uint32_t start, const std::string& value) const;
  bool spans_lines(Range r) const;

  // Quoted scalars' values by YAML's folding rules.
  uint32_t after_break(uint32_t i) const;
  bool fold_quoted(Range r, std::string& out) const;
  size_t skip_empty_lines(uint32_t& i, uint32_t end) const;
  bool unescape(uint32_t& i, uint32_t end, std::string& out) const;

  std::string_view src_;
};

}  // namespace yaml
}  // namespace detail
}  // namespace amilint
