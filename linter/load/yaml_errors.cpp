// The YAML builder's errors (see yaml_builder.h): duplicate keys, and the messages
// for yaml-cpp's syntax errors and its nesting limit.
#include <algorithm>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "linter/load/yaml_builder.h"

namespace amilint {
namespace detail {
namespace yaml {

void Builder::check_duplicates(const Frame& f) {
  const MapEntry* es = entries_.data() + f.first;
  const size_t n = entries_.size() - f.first;
  if (n < 2) return;
  auto comparable = [&](size_t i) { return !(f.has_complex_key && es[i].key.empty()); };
  auto report = [&](size_t dup, size_t first) {
    error(es[dup].key_range.begin,
          "duplicate key '" + std::string(es[dup].key) + "' (first defined on line " +
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

}  // namespace yaml
}  // namespace detail
}  // namespace amilint
