// The JSON loader's tree builder, internal to the JSON loader: nlohmann_json's SAX
// events become Nodes with the byte range of every value and key. Defined in:
//   json.cpp          load_json: checks before parsing, then the builder's run
//   json_builder.cpp  the SAX events, token positions and duplicate keys
//   json_errors.cpp   syntax-error messages from nlohmann's exceptions
#pragma once
#include <nlohmann/json.hpp>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "linter/load/node.h"
#include "linter/source/source.h"

namespace amilint {
namespace detail {
namespace json {

using Json = nlohmann::json;

inline bool is_space(char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; }
inline bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Hash set of entry indexes of one mapping, hashed and compared by key text.
struct KeyHash {
  const std::vector<MapEntry>* entries;
  size_t operator()(uint32_t i) const { return std::hash<std::string_view>()((*entries)[i].key); }
};
struct KeyEq {
  const std::vector<MapEntry>* entries;
  bool operator()(uint32_t a, uint32_t b) const { return (*entries)[a].key == (*entries)[b].key; }
};
using KeyIndex = std::unordered_set<uint32_t, KeyHash, KeyEq>;

struct Frame {
  Node* node;
  std::unique_ptr<KeyIndex> keys;  // only for large mappings
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

 public:
  TreeBuilder(std::string_view text, Document& doc, uint32_t start, const char* rejecter)
      : rejecter_(rejecter), text_(text), doc_(doc), base_(text.data()), read_(text.data()), cursor_(start) {
    stack_.reserve(32);
  }

  // Runs the parser over the whole text (a leading UTF-8 BOM is skipped by it).
  void run();

  // --- SAX interface -------------------------------------------------------
  bool null() { return literal(ScalarType::Null, "null"); }
  bool boolean(bool v) { return literal(ScalarType::Bool, v ? "true" : "false"); }
  bool number_integer(Json::number_integer_t) { return number(); }
  bool number_unsigned(Json::number_unsigned_t) { return number(); }
  bool number_float(Json::number_float_t, const Json::string_t&) { return number(); }
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
  uint32_t consumed() const { return static_cast<uint32_t>(read_ - base_); }

  // ----- positions and the tree (json_builder.cpp) -------------------------------
  uint32_t token_start() const;
  uint32_t string_start() const;
  uint32_t number_end(uint32_t b) const;
  bool number();
  bool literal(ScalarType type, const char* word);
  bool open(NodeKind kind);
  bool close();
  Node* add_value(NodeKind kind);
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
  const char* read_;  // next byte the parser will read (shared with the iterator)
  uint32_t cursor_;   // end of the last token reported by an event
  std::vector<Frame> stack_;
  std::optional<LineIndex> lines_;
  bool failed_ = false;
};

}  // namespace json
}  // namespace detail
}  // namespace amilint
