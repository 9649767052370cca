// The JSON loader's tree builder, internal to the JSON loader: nlohmann_json's SAX
// events become Nodes with the byte range of every value and key. Defined in:
//   json.cpp          load_json: checks before parsing, then the builder's run
//   json_builder.cpp  the SAX events, token positions and duplicate keys
//   json_errors.cpp   syntax-error messages from nlohmann's exceptions
#pragma once
#include <nlohmann/json.hpp>

#include <cstddef>
#include <cstdint>
#include <iterator>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "linter/load/loaders.h"
#include "linter/load/node.h"
#include "linter/source/source.h"

namespace amilint {
namespace detail {
namespace json {

using Json = nlohmann::json;

inline bool is_space(char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; }
inline bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Hash set of entry indexes (into the builder's entry stack) of one mapping, hashed
// and compared by key text.
struct KeyHash {
  const std::vector<MapEntry>* entries;
  size_t operator()(uint32_t i) const { return std::hash<std::string_view>()((*entries)[i].key); }
};
struct KeyEq {
  const std::vector<MapEntry>* entries;
  bool operator()(uint32_t a, uint32_t b) const { return (*entries)[a].key == (*entries)[b].key; }
};
using KeyIndex = std::unordered_set<uint32_t, KeyHash, KeyEq>;

// A pointer into the text that nlohmann's input adapter advances. The copy the
// parser reads through is the last one made (copied or moved into the adapter inside
// its lexer, which stays put while it parses): each copy of the first iterator
// publishes its own address, so the builder reads the position the parser is at,
// at no cost per byte.
class TrackingIterator {
 public:
  using iterator_category = std::input_iterator_tag;
  using value_type = char;
  using difference_type = std::ptrdiff_t;
  using pointer = const char*;
  using reference = const char&;

  TrackingIterator(const char* at, const TrackingIterator** publish) : at_(at), publish_(publish) { announce(); }
  TrackingIterator(const TrackingIterator& o) : at_(o.at_), publish_(o.publish_) { announce(); }
  TrackingIterator& operator=(const TrackingIterator& o) {
    at_ = o.at_;
    publish_ = o.publish_;
    announce();
    return *this;
  }
  reference operator*() const { return *at_; }
  TrackingIterator& operator++() {
    ++at_;
    return *this;
  }
  bool operator==(const TrackingIterator& o) const { return at_ == o.at_; }
  bool operator!=(const TrackingIterator& o) const { return at_ != o.at_; }
  const char* at() const { return at_; }

 private:
  void announce() {
    if (publish_) *publish_ = this;
  }
  const char* at_;
  const TrackingIterator** publish_;  // null for the end iterator
};

// What is kept of a collection's children (the plan sections of PlanPruning).
enum class Shape : uint8_t {
  All,   // everything
  Skip,  // nothing (parsed, not built)
  PlanRoot,
  PlannedValues,
  Module, ModuleList, ResourceList, Resource,                     // planned_values
  PriorState, StateValues,
  StateModule, StateModuleList, StateResourceList, StateResource,  // prior_state
  Changes, Change, ChangeBody,                                     // resource_changes
  Configuration, ConfigModule, ConfigCalls, ConfigCall, ConfigResourceList, ConfigResource,
  Attributes,  // a resource's values: the attributes PlanPruning keeps
  Used,        // its after_unknown: the attributes the adapter uses
  Expressions, // its configuration's expressions: the same, and only references
};

struct Frame {
  Node* node;
  std::unique_ptr<KeyIndex> keys;  // only for large mappings
  uint32_t first = 0;  // its first child on the builder's entry or item stack
  Shape shape = Shape::All;
  bool managed = false;  // a prior_state resource whose mode is not "data"
  Arena::Mark mark;      // the arena before the collection's node
};

// The pieces of one nlohmann syntax-error message.
struct SyntaxReport {
  std::string_view context;     // "object", "object key", "array", "value", ...
  std::string_view unexpected;  // token name after "unexpected ", if a parser error
  std::string_view lexer;       // the lexer's message, if a lexer error
  std::string_view expected;    // token name after "; expected ", if any
};

class TreeBuilder {
  const char* rejecter_;  // who rejects duplicate keys: "CloudFormation" or "Terraform"
  const PlanPruning* pruning_;

 public:
  TreeBuilder(std::string_view text, Document& doc, uint32_t start, const char* rejecter,
              const PlanPruning* pruning = nullptr)
      : rejecter_(rejecter), pruning_(pruning && pruning->keep_attribute && pruning->used_attribute ? pruning : nullptr),
        text_(text), doc_(doc),
        base_(text.data()), cursor_(start) {
    stack_.reserve(32);
  }

  // Runs the parser over the whole text (a leading UTF-8 BOM is skipped by it).
  void run();

  // --- SAX interface -------------------------------------------------------
  bool null() { return skipped() || literal(ScalarType::Null, "null"); }
  bool boolean(bool v) { return skipped() || literal(ScalarType::Bool, v ? "true" : "false"); }
  bool number_integer(Json::number_integer_t) { return skipped() || number(); }
  bool number_unsigned(Json::number_unsigned_t) { return skipped() || number(); }
  bool number_float(Json::number_float_t, const Json::string_t&) { return skipped() || number(); }
  bool string(Json::string_t& value);
  bool binary(Json::binary_t&) { return true; }  // never produced by the JSON parser

  bool start_object(std::size_t) { return open(NodeKind::Mapping); }
  bool start_array(std::size_t) { return open(NodeKind::Sequence); }
  bool end_object() { return close(); }
  bool end_array() { return close(); }

  bool key(Json::string_t& value);

  bool parse_error(std::size_t position, const std::string& last_token,
                   const nlohmann::detail::exception& ex);

 private:
  uint32_t consumed() const { return static_cast<uint32_t>(reader_->at() - base_); }

  // ----- plan pruning (json_builder.cpp) ------------------------------------------
  // The type of the resource whose values are being read (from its address), or empty.
  std::string_view resource_type() const;
  // A scalar left out: inside a left-out collection, or the value of a left-out key.
  bool skipped() {
    if (skip_depth_ == 0 && !skip_value_) return false;
    skip_value_ = false;
    cursor_ = consumed();  // a number's look-ahead byte is a separator or a bracket
    return true;
  }
  Shape key_shape(const Frame& f, std::string_view key);
  bool idle_change(const Frame& f) const;
  bool constant_expression(const Frame& f) const;
  static Shape item_shape(Shape parent);

  // ----- positions and the tree (json_builder.cpp) -------------------------------
  uint32_t token_start() const;
  uint32_t string_start() const;
  uint32_t number_end(uint32_t b) const;
  bool number();
  bool literal(ScalarType type, const char* word);
  bool open(NodeKind kind);
  bool close();
  Node* add_value(NodeKind kind);
  std::string_view keep(const Json::string_t& value, uint32_t b, uint32_t e);
  const MapEntry* find_earlier_key(Frame& f);
  void report_duplicate(const MapEntry& second, const MapEntry& first);
  void fail(uint32_t offset, std::string message);

  // ----- syntax errors (json_errors.cpp) ------------------------------------------
  char previous_significant(uint32_t offset) const;
  static std::string expected_phrase(const SyntaxReport& r);
  void report_syntax_error(std::size_t position, const std::string& last_token,
                           const nlohmann::detail::exception& ex);
  void unexpected_token(const SyntaxReport& r, const std::string& last_token, uint32_t end,
                        const std::string& expected_part);
  uint32_t token_start_from_end(std::string_view name, const std::string& token, uint32_t end) const;
  std::string word_at(uint32_t b) const;

  std::string_view text_;
  Document& doc_;
  const char* base_;
  const TrackingIterator* reader_ = nullptr;  // the parser's iterator, while it parses
  uint32_t cursor_;   // end of the last token reported by an event
  std::vector<Frame> stack_;
  // The children of the open collections, innermost last; a collection's are moved
  // to the arena when it closes.
  std::vector<MapEntry> entries_;
  std::vector<const Node*> items_;
  std::optional<LineIndex> lines_;
  bool failed_ = false;
  Shape next_ = Shape::All;     // of the value after the last key
  uint32_t skip_depth_ = 0;     // open collections inside a left-out value
  bool skip_value_ = false;     // the next value is left out
  bool planned_values_ = false; // the plan has had its planned_values
};

}  // namespace json
}  // namespace detail
}  // namespace amilint
