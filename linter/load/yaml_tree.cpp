// The YAML builder's tree (see yaml_builder.h): collections, handing finished
// nodes to their parents, anchors, short-form wrappers and !GetAtt's split, the
// nesting limit, and the tags the retry blanked out.
#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>

#include "linter/load/loaders.h"
#include "linter/load/yaml_builder.h"

namespace amilint {
namespace detail {
namespace yaml {

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
    if (!(core && (name == "map" || name == "seq"))) doc_.tags.emplace_back(node, doc_.arena.save(tag));
  }
  Node* wrapper = sf ? wrap(*sf, pr.tag, node) : nullptr;
  char open = kind == NodeKind::Mapping ? '{' : '[';
  bool bracketed = at(c) == open;
  uint32_t first = static_cast<uint32_t>(kind == NodeKind::Mapping ? entries_.size() : items_.size());
  frames_.push_back(Frame{node, wrapper, anchor, depth, bracketed, true, false, 1, first});
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
  if (f.node->kind == NodeKind::Mapping) {
    check_duplicates(f);
    f.node->entries.set(doc_.arena.copy(entries_.data() + f.first, entries_.size() - f.first), entries_.size() - f.first);
    entries_.resize(f.first);
  } else {
    f.node->items.set(doc_.arena.copy(items_.data() + f.first, items_.size() - f.first), items_.size() - f.first);
    items_.resize(f.first);
  }
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

// Hands a finished node to its parent. r: its source extent (for an alias, the
// alias token).
void Builder::attach(const Node* n, Range r) {
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
    items_.push_back(n);
  } else if (f.expect_key) {
    bool scalar = n->kind == NodeKind::Scalar;
    if (!scalar) f.has_complex_key = true;
    entries_.push_back(MapEntry{scalar ? n->text : Text(), r, nullptr});
    f.expect_key = false;
  } else {
    if (entries_.size() == f.first) entries_.emplace_back();  // never without a key
    entries_.back().value = n;
    f.expect_key = true;
  }
}

// A scalar key without anchor or tag: recorded in the entry, no node needed.
void Builder::attach_key_text(std::string_view text, Range r) {
  last_end_ = std::max(last_end_, r.end);
  Frame& f = frames_.back();
  entries_.push_back(MapEntry{keep(text, r), r, nullptr});
  f.expect_key = false;
}

void Builder::bind_anchor(YAML::anchor_t anchor, const Node* node) {
  if (anchor == 0) return;
  if (anchors_.size() <= anchor) anchors_.resize(anchor + 1);
  anchors_[anchor].node = node;
}

void Builder::declare_anchor(YAML::anchor_t anchor) {
  if (anchor == 0) return;
  if (anchors_.size() <= anchor) anchors_.resize(anchor + 1);
  anchors_[anchor].name = std::move(pending_anchor_name_);
  anchors_[anchor].node = nullptr;
  pending_anchor_name_.clear();
}

std::string_view Builder::keep(std::string_view value, Range r) {
  if (value.empty()) return {};
  for (uint32_t at : {r.begin, r.begin + 1})  // plain, or inside its quotes
    if (at + value.size() <= original_.size() && original_.compare(at, value.size(), value) == 0)
      return original_.substr(at, value.size());
  return doc_.arena.save(value);
}

Node* Builder::make_scalar(ScalarType type, Range r) {
  Node* n = doc_.make(NodeKind::Scalar);
  n->type = type;
  n->range = r;
  return n;
}

bool Builder::depth_exceeded(int depth, uint32_t at_offset) {
  if (depth <= kMaxNestingDepth) return false;
  if (!depth_reported_) {
    depth_reported_ = true;
    error(at_offset, "nesting deeper than " + std::to_string(kMaxNestingDepth) +
                         " levels; simplify the template");
  }
  return true;
}

// Wraps a node in its short-form mapping: {key: value}, key range = the tag.
Node* Builder::wrap(const ShortForm& sf, Range tag, const Node* value) {
  Node* w = doc_.make(NodeKind::Mapping);
  w->range = Range{tag.begin, std::max(tag.end, value->range.end)};
  MapEntry e{sf.key, tag, value};  // sf.key: a static name
  w->entries.set(doc_.arena.copy(&e, 1), 1);
  return w;
}

// !GetAtt A.B -> the sequence ["A", "B"], split at the first dot.
const Node* Builder::split_getatt(const Node* s) {
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
    n->text = text.substr(from, len);  // s's text lives as long as the document
    return n;
  };
  const Node* parts[2];
  size_t count = 0;
  if (dot == std::string_view::npos) {
    parts[count++] = part(0, text.size());
  } else {
    parts[count++] = part(0, dot);
    parts[count++] = part(dot + 1, text.size() - dot - 1);
  }
  seq->items.set(doc_.arena.copy(parts, count), count);
  return seq;
}

// When p is the content of a blanked tag, the node really starts at the tag:
// moves p there and returns the tag.
const std::string* Builder::blanked_tag(uint32_t& p) {
  if (!sites_) return nullptr;
  auto it = std::lower_bound(sites_->begin(), sites_->end(), p,
                             [](const TagSite& s, uint32_t v) { return s.content < v; });
  if (it == sites_->end() || it->content != p) return nullptr;
  it->consumed = true;
  p = it->begin;
  return &it->tag;
}

}  // namespace yaml
}  // namespace detail
}  // namespace amilint
