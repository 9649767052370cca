// The YAML builder's scalar events (see yaml_builder.h): scalars with their ranges,
// types, tags and short forms; empty (null) nodes; aliases, with the alias-bomb
// accounting.
#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>

#include "linter/load/loaders.h"
#include "linter/load/yaml_builder.h"

namespace amilint {
namespace detail {
namespace yaml {

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
    attach_key_text(word, range);
    return;
  }
  Node* n = make_scalar(ScalarType::Null, range);
  n->text = keep(word, range);
  bind_anchor(anchor, n);
  attach(n, range);
}

// Where an empty node sits: right after the indicator that introduced it.
uint32_t Builder::empty_node_offset(Role r) const {
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
    std::string folded;
    n->text = fold_quoted(range, folded) ? doc_.arena.save(folded) : keep(value, range);
  } else {
    n->text = keep(value, range);
  }
  if (!kept_tag.empty()) doc_.tags.emplace_back(n, doc_.arena.save(kept_tag));
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
      return value.empty() ? Range{props_end, props_end}
                           : Range{c, plain_end(c, value, !frames_.empty() && frames_.back().bracketed)};
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

}  // namespace yaml
}  // namespace detail
}  // namespace amilint
