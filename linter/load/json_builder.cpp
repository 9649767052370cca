// JSON loader: nlohmann_json's SAX parser feeds a tree builder that records the
// byte range of every value and key.
//
// nlohmann's SAX events carry no positions, so the parser reads the text through
// an iterator that publishes how far it has read. At each event that count says
// where the current token ends:
//   - '{' '[' '}' ']' are the last byte read;
//   - strings (values and keys) end at their closing quote, the last byte read;
//   - true/false/null end at the last byte read;
//   - numbers have read one byte past their end (unless the text ended there), so
//     their end is found from their start by the JSON number grammar.
// Starts: only whitespace and at most one ',' or ':' (accepted by the parser
// without an event) lie between the end of the previous event's token and the
// next token, so a string starts at the first '"' after that end and a number at
// the first byte that is neither whitespace nor a separator; '{' '[' and
// true/false/null start a known length before their end.
//
// The loader's parts are listed in json_builder.h; this file holds the builder's SAX
// events with those positions, and duplicate-key detection.
#include <cstdint>
#include <cstring>
#include <iterator>
#include <memory>
#include <string>
#include <vector>

#include "linter/load/json_builder.h"
#include "linter/load/loaders.h"

namespace amilint {
namespace detail {
namespace json {

namespace {

// Mappings with more entries than this get a hash index for duplicate detection;
// smaller ones are scanned linearly.
constexpr size_t kLinearKeyScan = 16;

}  // namespace

// Runs the parser over the whole text (a leading UTF-8 BOM is skipped by it).
// flatten: the parser, its lexer and their string appends inlined into one loop, as in
// a small program (GCC otherwise calls std::string::push_back once per byte). Not under
// the sanitizers, whose instrumentation of it all takes GCC gigabytes.
#if defined(__OPTIMIZE__) && !defined(__SANITIZE_ADDRESS__)
__attribute__((flatten))
#endif
void TreeBuilder::run() {
  TrackingIterator first(base_, &reader_), last(base_ + text_.size(), nullptr);
  bool ok = Json::sax_parse(first, last, this);
  reader_ = nullptr;  // the parser's copy is gone
  if (ok && !failed_) {
    // The parser treats a NUL byte as the end of the text; anything after the
    // document other than whitespace is an error.
    uint32_t i = cursor_;
    while (i < text_.size() && is_space(text_[i])) ++i;
    if (i < text_.size()) {
      fail(i, "JSON syntax error: unexpected NUL byte after the document (is the file binary or UTF-16?)");
    }
  } else if (!failed_) {
    fail(cursor_, "JSON syntax error: the document could not be parsed");
  }
  if (failed_) doc_.root = nullptr;
}

bool TreeBuilder::string(Json::string_t& value) {
  if (skipped()) return true;
  uint32_t b = string_start();
  uint32_t e = consumed();
  Node* n = add_value(NodeKind::Scalar);
  n->type = ScalarType::String;
  n->range = Range{b, e};
  n->text = keep(value, b, e);
  cursor_ = e;
  if (!stack_.empty()) {
    Frame& f = stack_.back();
    if (f.shape == Shape::StateResource && f.node->kind == NodeKind::Mapping && entries_.back().key == "mode")
      f.managed = value != "data";
  }
  return true;
}

// The text of the string token [b, e) whose value is value: the token's own bytes
// when it has no escapes (the value is then as long as the token within its quotes;
// an escape always makes it shorter), else a copy in the arena.
std::string_view TreeBuilder::keep(const Json::string_t& value, uint32_t b, uint32_t e) {
  if (e - b == value.size() + 2) return text_.substr(b + 1, value.size());
  return doc_.arena.save(value);
}

bool TreeBuilder::key(Json::string_t& value) {
  if (skip_depth_) return true;
  uint32_t b = string_start();
  uint32_t e = consumed();
  cursor_ = e;
  Frame& f = stack_.back();
  if (f.shape != Shape::All) {
    next_ = key_shape(f, value);
    if (next_ == Shape::Skip) {
      skip_value_ = true;
      return true;
    }
  } else {
    next_ = Shape::All;
  }
  entries_.push_back(MapEntry{keep(value, b, e), Range{b, e}, nullptr});
  const MapEntry* first = find_earlier_key(f);
  if (first) report_duplicate(entries_.back(), *first);
  return true;
}

bool TreeBuilder::parse_error(std::size_t position, const std::string& last_token,
                              const nlohmann::detail::exception& ex) {
  report_syntax_error(position, last_token, ex);
  return false;
}

// First byte of the token that an event has just reported: past whitespace and
// the one separator the parser may have accepted since the previous event.
uint32_t TreeBuilder::token_start() const {
  uint32_t i = cursor_;
  const uint32_t n = static_cast<uint32_t>(text_.size());
  while (i < n) {
    char c = text_[i];
    if (!is_space(c) && c != ',' && c != ':') break;
    ++i;
  }
  return i;
}

// Opening quote of the string an event has just reported: only whitespace and
// separators lie between the previous token and it, so it is the first quote.
uint32_t TreeBuilder::string_start() const {
  const void* q = std::memchr(base_ + cursor_, '"', consumed() - cursor_);
  return q ? static_cast<uint32_t>(static_cast<const char*>(q) - base_) : token_start();
}

// End of the number token starting at b, by the JSON number grammar (the
// parser has already checked the token).
uint32_t TreeBuilder::number_end(uint32_t b) const {
  const uint32_t n = static_cast<uint32_t>(text_.size());
  uint32_t i = b;
  if (i < n && text_[i] == '-') ++i;
  while (i < n && is_digit(text_[i])) ++i;
  if (i + 1 < n && text_[i] == '.' && is_digit(text_[i + 1])) {
    i += 2;
    while (i < n && is_digit(text_[i])) ++i;
  }
  if (i < n && (text_[i] == 'e' || text_[i] == 'E')) {
    uint32_t j = i + 1;
    if (j < n && (text_[j] == '+' || text_[j] == '-')) ++j;
    if (j < n && is_digit(text_[j])) {
      i = j;
      while (i < n && is_digit(text_[i])) ++i;
    }
  }
  return i;
}

bool TreeBuilder::number() {
  uint32_t b = token_start();
  uint32_t e = number_end(b);
  Node* n = add_value(NodeKind::Scalar);
  n->type = ScalarType::Number;
  n->range = Range{b, e};
  n->text = text_.substr(b, e - b);
  cursor_ = e;
  return true;
}

bool TreeBuilder::literal(ScalarType type, const char* word) {
  uint32_t e = consumed();
  uint32_t b = e - static_cast<uint32_t>(std::strlen(word));  // no look-ahead after a literal
  Node* n = add_value(NodeKind::Scalar);
  n->type = type;
  n->range = Range{b, e};
  n->text = word;
  cursor_ = e;
  return true;
}

bool TreeBuilder::open(NodeKind kind) {
  uint32_t b = consumed() - 1;
  if (stack_.size() + skip_depth_ >= static_cast<size_t>(kMaxNestingDepth)) {
    fail(b, "nesting deeper than " + std::to_string(kMaxNestingDepth) + " levels");
    return false;
  }
  if (skip_depth_ || skip_value_) {
    skip_value_ = false;
    ++skip_depth_;
    return true;
  }
  Shape shape = Shape::All;
  if (stack_.empty()) {
    shape = pruning_ && kind == NodeKind::Mapping ? Shape::PlanRoot : Shape::All;
  } else if (stack_.back().shape != Shape::All) {
    shape = stack_.back().node->kind == NodeKind::Mapping ? next_ : item_shape(stack_.back().shape);
  }
  const Arena::Mark mark = doc_.arena.mark();
  Node* n = add_value(kind);
  n->range.begin = b;
  uint32_t first = static_cast<uint32_t>(kind == NodeKind::Mapping ? entries_.size() : items_.size());
  stack_.push_back(Frame{n, nullptr, first, shape, false, mark});
  cursor_ = b + 1;
  return true;
}

bool TreeBuilder::close() {
  if (skip_depth_) {
    if (--skip_depth_ == 0) cursor_ = consumed();
    return true;
  }
  uint32_t e = consumed();
  Frame& f = stack_.back();
  f.node->range.end = e;
  if (f.shape == Shape::Change && f.node->kind == NodeKind::Mapping && !items_.empty() && items_.back() == f.node &&
      idle_change(f)) {
    // Nothing the reader would use: gone, and its memory taken back.
    entries_.resize(f.first);
    items_.pop_back();
    doc_.arena.rewind(f.mark);
    stack_.pop_back();
    cursor_ = e;
    return true;
  }
  if (constant_expression(f)) {
    // A literal needs no tracing: its planned value is the value; gone with its key.
    Frame& expressions = stack_[stack_.size() - 2];
    if (expressions.keys) expressions.keys->erase(f.first - 1);  // its duplicate-key index
    entries_.resize(f.first - 1);
    doc_.arena.rewind(f.mark);
    stack_.pop_back();
    cursor_ = e;
    return true;
  }
  if (f.node->kind == NodeKind::Mapping) {
    f.node->entries.set(doc_.arena.copy(entries_.data() + f.first, entries_.size() - f.first), entries_.size() - f.first);
    entries_.resize(f.first);
  } else {
    f.node->items.set(doc_.arena.copy(items_.data() + f.first, items_.size() - f.first), items_.size() - f.first);
    items_.resize(f.first);
  }
  stack_.pop_back();
  cursor_ = e;
  return true;
}

// A resource change whose pruned content the plan reader has no use for: not deposed,
// and its change holds nothing but an empty after_unknown (the adapter reads none of
// the attributes it says are unknown; with planned_values, the rest is left out).
bool TreeBuilder::idle_change(const Frame& f) const {
  for (size_t i = f.first; i < entries_.size(); ++i) {
    const MapEntry& e = entries_[i];
    if (e.key == "address") continue;
    if (e.key != "change" || !e.value || !e.value->is_map()) return false;
    for (const MapEntry& c : e.value->entries)
      if (c.key != "after_unknown" || !c.value || !c.value->is_map() || !c.value->entries.empty()) return false;
  }
  return true;
}

// An attribute's expression in a configuration resource's expressions that is only
// {"constant_value": ...}.
bool TreeBuilder::constant_expression(const Frame& f) const {
  return stack_.size() >= 2 && stack_[stack_.size() - 2].shape == Shape::Expressions &&
         f.node->kind == NodeKind::Mapping && f.first >= 1 && entries_.size() == f.first + 1 &&
         entries_[f.first].key == "constant_value" && entries_[f.first - 1].value == f.node;
}

// The shape of the value of key in the collection of frame f (see PlanPruning).
Shape TreeBuilder::key_shape(const Frame& f, std::string_view key) {
  // Of a resource: its address (its mode, type and name are read from it) and values.
  auto resource_key = [&](Shape values) {
    if (key == "values") return values;
    return key == "address" ? Shape::All : Shape::Skip;
  };
  switch (f.shape) {
    case Shape::PlanRoot:
      if (key == "planned_values") {
        planned_values_ = true;
        return Shape::PlannedValues;
      }
      if (key == "prior_state") return Shape::PriorState;
      if (key == "resource_changes") return Shape::Changes;
      if (key == "configuration") return Shape::Configuration;
      if (key == "resource_drift" || key == "output_changes" || key == "relevant_attributes" || key == "checks")
        return Shape::Skip;
      return Shape::All;
    case Shape::PlannedValues:
    case Shape::StateValues:
      if (key == "root_module") return f.shape == Shape::PlannedValues ? Shape::Module : Shape::StateModule;
      return key == "outputs" ? Shape::Skip : Shape::All;
    case Shape::PriorState:
      return key == "values" ? Shape::StateValues : Shape::All;
    case Shape::Module:
      if (key == "resources") return Shape::ResourceList;
      return key == "child_modules" ? Shape::ModuleList : Shape::All;
    case Shape::StateModule:
      if (key == "resources") return Shape::StateResourceList;
      return key == "child_modules" ? Shape::StateModuleList : Shape::All;
    case Shape::Resource:
      return resource_key(Shape::Attributes);
    case Shape::StateResource:  // its mode says whether it is a data source
      if (key == "mode") return Shape::All;
      return resource_key(f.managed ? Shape::Skip : Shape::Attributes);
    case Shape::Change:
      if (key == "change") return Shape::ChangeBody;
      if (key == "deposed") return Shape::All;
      return resource_key(Shape::Skip);
    case Shape::ChangeBody:
      if (key == "actions") return planned_values_ ? Shape::Skip : Shape::All;
      if (key == "after_unknown") return Shape::Used;
      if (key == "after") return planned_values_ ? Shape::Skip : Shape::Attributes;
      return Shape::Skip;
    case Shape::Configuration:
      return key == "root_module" ? Shape::ConfigModule : Shape::All;
    case Shape::ConfigModule:
      if (key == "resources") return Shape::ConfigResourceList;
      return key == "module_calls" ? Shape::ConfigCalls : Shape::All;
    case Shape::ConfigCalls:
      return Shape::ConfigCall;
    case Shape::ConfigCall:
      return key == "module" ? Shape::ConfigModule : Shape::All;
    case Shape::ConfigResource:
      if (key == "expressions") return Shape::Expressions;
      if (key == "provider_config_key" || key == "count_expression" || key == "for_each_expression") return Shape::All;
      return resource_key(Shape::Skip);
    case Shape::Attributes:
      if (!pruning_->keep_attribute(key)) return Shape::Skip;
      return pruning_->type_needs && !pruning_->type_needs(resource_type(), key) ? Shape::Skip : Shape::All;
    case Shape::Used:
    case Shape::Expressions:
      return pruning_->used_attribute(key) ? Shape::All : Shape::Skip;
    default:  // a list shape that is a mapping: not a plan as Terraform writes it
      return Shape::All;
  }
}

namespace {

// TYPE of a resource address: [module.NAME[KEY].]...[data.]TYPE.NAME[KEY].
std::string_view type_of_address(std::string_view a) {
  while (a.substr(0, 7) == "module.") {
    a.remove_prefix(7);
    size_t i = a.find_first_of(".[");
    if (i != std::string_view::npos && a[i] == '[') {
      size_t close = a.find("].", i);
      if (close == std::string_view::npos) return {};
      i = close + 1;
    }
    if (i == std::string_view::npos) return {};
    a.remove_prefix(i + 1);
  }
  if (a.substr(0, 5) == "data.") a.remove_prefix(5);
  size_t dot = a.find('.');
  return dot == std::string_view::npos ? std::string_view() : a.substr(0, dot);
}

}  // namespace

std::string_view TreeBuilder::resource_type() const {
  for (size_t k = stack_.size(); k-- > 0;) {
    const Frame& f = stack_[k];
    if (f.shape != Shape::Resource && f.shape != Shape::StateResource && f.shape != Shape::Change) continue;
    size_t end = k + 1 < stack_.size() ? stack_[k + 1].first : entries_.size();
    for (size_t e = f.first; e < end && e < entries_.size(); ++e)
      if (entries_[e].key == "address" && entries_[e].value && entries_[e].value->is_scalar())
        return type_of_address(entries_[e].value->text);
    return {};
  }
  return {};
}

// The shape of the items of a sequence whose frame has shape parent.
Shape TreeBuilder::item_shape(Shape parent) {
  switch (parent) {
    case Shape::ModuleList: return Shape::Module;
    case Shape::ResourceList: return Shape::Resource;
    case Shape::StateModuleList: return Shape::StateModule;
    case Shape::StateResourceList: return Shape::StateResource;
    case Shape::Changes: return Shape::Change;
    case Shape::ConfigResourceList: return Shape::ConfigResource;
    default: return Shape::All;
  }
}

// Creates a node and hangs it under the open collection (or makes it the root).
Node* TreeBuilder::add_value(NodeKind kind) {
  Node* n = doc_.make(kind);
  if (stack_.empty()) {
    doc_.root = n;
  } else {
    if (stack_.back().node->kind == NodeKind::Mapping) {
      entries_.back().value = n;
    } else {
      items_.push_back(n);
    }
  }
  return n;
}

// The earlier entry with the same key as the last entry of f's mapping, if any.
const MapEntry* TreeBuilder::find_earlier_key(Frame& f) {
  const uint32_t last = static_cast<uint32_t>(entries_.size() - 1);
  if (!f.keys) {
    if (last - f.first < kLinearKeyScan) {
      const std::string_view k = entries_[last].key;
      for (uint32_t i = f.first; i < last; ++i)
        if (entries_[i].key == k) return &entries_[i];
      return nullptr;
    }
    f.keys = std::make_unique<KeyIndex>(64, KeyHash{&entries_}, KeyEq{&entries_});
    for (uint32_t i = f.first; i < last; ++i) f.keys->insert(i);
  }
  auto [it, inserted] = f.keys->insert(last);
  return inserted ? nullptr : &entries_[*it];
}

void TreeBuilder::report_duplicate(const MapEntry& second, const MapEntry& first) {
  if (!lines_) lines_.emplace(text_);
  int line = lines_->position(first.key_range.begin).line;
  doc_.errors.push_back(ParseError{
      second.key_range.begin, "duplicate key '" + std::string(second.key) + "' (first defined on line " +
                                  std::to_string(line) + "); " + rejecter_ + " rejects duplicate keys"});
}

void TreeBuilder::fail(uint32_t offset, std::string message) {
  failed_ = true;
  if (offset > text_.size()) offset = static_cast<uint32_t>(text_.size());
  doc_.errors.push_back(ParseError{offset, std::move(message)});
}

}  // namespace json
}  // namespace detail
}  // namespace amilint
