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

// An input iterator over the text whose position lives in a variable shared by
// every copy, so the loader can see how many bytes the parser has consumed.
class SharedCursorIterator {
 public:
  using iterator_category = std::input_iterator_tag;
  using value_type = char;
  using difference_type = std::ptrdiff_t;
  using pointer = const char*;
  using reference = const char&;

  explicit SharedCursorIterator(const char** at) : at_(at) {}
  reference operator*() const { return **at_; }
  SharedCursorIterator& operator++() {
    ++*at_;
    return *this;
  }
  SharedCursorIterator operator++(int) {
    SharedCursorIterator old = *this;
    ++*at_;
    return old;
  }
  bool operator==(const SharedCursorIterator& o) const { return *at_ == *o.at_; }
  bool operator!=(const SharedCursorIterator& o) const { return *at_ != *o.at_; }

 private:
  const char** at_;
};

// Mappings with more entries than this get a hash index for duplicate detection;
// smaller ones are scanned linearly.
constexpr size_t kLinearKeyScan = 16;

}  // namespace

// Runs the parser over the whole text (a leading UTF-8 BOM is skipped by it).
void TreeBuilder::run() {
  const char* end = base_ + text_.size();
  SharedCursorIterator first(&read_), last(&end);
  bool ok = Json::sax_parse(first, last, this);
  if (ok && !failed_) {
    // The parser treats a NUL byte as the end of the text; anything after the
    // document other than whitespace is an error.
    uint32_t i = cursor_;
    while (i < text_.size() && is_space(text_[i])) ++i;
    if (i < text_.size()) {
      fail(i, "JSON syntax error: unexpected NUL byte after the document (is the file binary or UTF-16?)");
    }
  } else if (!failed_) {
    fail(consumed(), "JSON syntax error: the document could not be parsed");
  }
  if (failed_) doc_.root = nullptr;
}

bool TreeBuilder::string(Json::string_t& value) {
  uint32_t b = string_start();
  uint32_t e = consumed();
  Node* n = add_value(NodeKind::Scalar);
  n->type = ScalarType::String;
  n->range = Range{b, e};
  n->text.assign(value);
  cursor_ = e;
  return true;
}

bool TreeBuilder::key(Json::string_t& value) {
  uint32_t b = string_start();
  uint32_t e = consumed();
  cursor_ = e;
  Frame& f = stack_.back();
  std::vector<MapEntry>& entries = f.node->entries;
  entries.emplace_back();
  entries.back().key.assign(value);
  entries.back().key_range = Range{b, e};
  const MapEntry* first = find_earlier_key(f);
  if (first) report_duplicate(entries.back(), *first);
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
  n->text.assign(text_.data() + b, e - b);
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
  if (stack_.size() >= static_cast<size_t>(kMaxNestingDepth)) {
    fail(b, "nesting deeper than " + std::to_string(kMaxNestingDepth) + " levels");
    return false;
  }
  Node* n = add_value(kind);
  n->range.begin = b;
  stack_.push_back(Frame{n, nullptr});
  cursor_ = b + 1;
  return true;
}

bool TreeBuilder::close() {
  uint32_t e = consumed();
  stack_.back().node->range.end = e;
  stack_.pop_back();
  cursor_ = e;
  return true;
}

// Creates a node and hangs it under the open collection (or makes it the root).
Node* TreeBuilder::add_value(NodeKind kind) {
  Node* n = doc_.make(kind);
  if (stack_.empty()) {
    doc_.root = n;
  } else {
    Node* parent = stack_.back().node;
    if (parent->kind == NodeKind::Mapping) {
      parent->entries.back().value = n;
    } else {
      parent->items.push_back(n);
    }
  }
  return n;
}

// The earlier entry with the same key as the last entry of f's mapping, if any.
const MapEntry* TreeBuilder::find_earlier_key(Frame& f) {
  const std::vector<MapEntry>& entries = f.node->entries;
  const uint32_t last = static_cast<uint32_t>(entries.size() - 1);
  if (!f.keys) {
    if (entries.size() <= kLinearKeyScan) {
      const std::string& k = entries[last].key;
      for (uint32_t i = 0; i < last; ++i)
        if (entries[i].key == k) return &entries[i];
      return nullptr;
    }
    f.keys = std::make_unique<KeyIndex>(64, KeyHash{&entries}, KeyEq{&entries});
    for (uint32_t i = 0; i < last; ++i) f.keys->insert(i);
  }
  auto [it, inserted] = f.keys->insert(last);
  return inserted ? nullptr : &entries[*it];
}

void TreeBuilder::report_duplicate(const MapEntry& second, const MapEntry& first) {
  if (!lines_) lines_.emplace(text_);
  int line = lines_->position(first.key_range.begin).line;
  doc_.errors.push_back(ParseError{
      second.key_range.begin, "duplicate key '" + second.key + "' (first defined on line " +
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
