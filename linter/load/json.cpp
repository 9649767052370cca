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
// Errors use the parser's own position (bytes read, minus a number's look-ahead,
// plus one when it hit the end of the text), which is the end of the offending
// token; its start follows from the kind of token the message names.
#include <nlohmann/json.hpp>

#include <cstdint>
#include <cstring>
#include <iterator>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "linter/load/loaders.h"

namespace amilint {
namespace {

using Json = nlohmann::json;

// Length of the leading run of ASCII bytes, eight at a time.
size_t ascii_prefix(std::string_view t) {
  size_t i = 0;
  for (; i + 8 <= t.size(); i += 8) {
    uint64_t word;
    std::memcpy(&word, t.data() + i, 8);
    if (word & 0x8080808080808080ULL) break;
  }
  while (i < t.size() && static_cast<unsigned char>(t[i]) < 0x80) ++i;
  return i;
}

// Offset of the first invalid UTF-8 sequence; the ASCII prefix needs no check.
std::optional<uint32_t> first_invalid_utf8(std::string_view t) {
  size_t skip = ascii_prefix(t);
  if (skip == t.size()) return std::nullopt;
  auto bad = find_invalid_utf8(t.substr(skip));
  if (!bad) return std::nullopt;
  return static_cast<uint32_t>(skip + *bad);
}

inline bool is_space(char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; }
inline bool is_digit(char c) { return c >= '0' && c <= '9'; }

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

constexpr std::string_view kExpectedSuffixes[] = {
    "'[', '{', or a literal", "string literal", "end of input", "']'", "'}'", "':'",
};

SyntaxReport split_syntax_message(std::string_view what) {
  SyntaxReport r;
  size_t at = what.find("syntax error ");
  if (at == std::string_view::npos) return r;
  std::string_view rest = what.substr(at + 13);
  constexpr std::string_view kWhile = "while parsing ";
  if (rest.substr(0, kWhile.size()) == kWhile) {
    size_t dash = rest.find(" - ");
    if (dash == std::string_view::npos) return r;
    r.context = rest.substr(kWhile.size(), dash - kWhile.size());
    rest = rest.substr(dash + 3);
  } else if (rest.substr(0, 2) == "- ") {
    rest = rest.substr(2);
  }
  for (std::string_view exp : kExpectedSuffixes) {
    std::string suffix = "; expected " + std::string(exp);
    if (rest.size() >= suffix.size() && rest.substr(rest.size() - suffix.size()) == suffix) {
      r.expected = exp;
      rest = rest.substr(0, rest.size() - suffix.size());
      break;
    }
  }
  constexpr std::string_view kUnexpected = "unexpected ";
  if (rest.substr(0, kUnexpected.size()) == kUnexpected) {
    r.unexpected = rest.substr(kUnexpected.size());
  } else {
    size_t last = rest.find("; last read: ");
    r.lexer = rest.substr(0, last);
  }
  return r;
}

class TreeBuilder {
  const char* rejecter_;  // who rejects duplicate keys: "CloudFormation" or "Terraform"

 public:
  TreeBuilder(std::string_view text, Document& doc, uint32_t start, const char* rejecter)
      : rejecter_(rejecter), text_(text), doc_(doc), base_(text.data()), read_(text.data()), cursor_(start) {
    stack_.reserve(32);
  }

  // Runs the parser over the whole text (a leading UTF-8 BOM is skipped by it).
  void run() {
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

  // --- SAX interface -------------------------------------------------------
  bool null() { return literal(ScalarType::Null, "null"); }
  bool boolean(bool v) { return literal(ScalarType::Bool, v ? "true" : "false"); }
  bool number_integer(Json::number_integer_t) { return number(); }
  bool number_unsigned(Json::number_unsigned_t) { return number(); }
  bool number_float(Json::number_float_t, const Json::string_t&) { return number(); }
  bool string(Json::string_t& value) {
    uint32_t b = string_start();
    uint32_t e = consumed();
    Node* n = add_value(NodeKind::Scalar);
    n->type = ScalarType::String;
    n->range = Range{b, e};
    n->text.assign(value);
    cursor_ = e;
    return true;
  }
  bool binary(Json::binary_t&) { return true; }  // never produced by the JSON parser

  bool start_object(std::size_t) { return open(NodeKind::Mapping); }
  bool start_array(std::size_t) { return open(NodeKind::Sequence); }
  bool end_object() { return close(); }
  bool end_array() { return close(); }

  bool key(Json::string_t& value) {
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

  bool parse_error(std::size_t position, const std::string& last_token,
                   const nlohmann::detail::exception& ex) {
    report_syntax_error(position, last_token, ex);
    return false;
  }

 private:
  uint32_t consumed() const { return static_cast<uint32_t>(read_ - base_); }

  // First byte of the token that an event has just reported: past whitespace and
  // the one separator the parser may have accepted since the previous event.
  uint32_t token_start() const {
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
  uint32_t string_start() const {
    const void* q = std::memchr(base_ + cursor_, '"', consumed() - cursor_);
    return q ? static_cast<uint32_t>(static_cast<const char*>(q) - base_) : token_start();
  }

  // End of the number token starting at b, by the JSON number grammar (the
  // parser has already checked the token).
  uint32_t number_end(uint32_t b) const {
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

  bool number() {
    uint32_t b = token_start();
    uint32_t e = number_end(b);
    Node* n = add_value(NodeKind::Scalar);
    n->type = ScalarType::Number;
    n->range = Range{b, e};
    n->text.assign(text_.data() + b, e - b);
    cursor_ = e;
    return true;
  }

  bool literal(ScalarType type, const char* word) {
    uint32_t e = consumed();
    uint32_t b = e - static_cast<uint32_t>(std::strlen(word));  // no look-ahead after a literal
    Node* n = add_value(NodeKind::Scalar);
    n->type = type;
    n->range = Range{b, e};
    n->text = word;
    cursor_ = e;
    return true;
  }

  bool open(NodeKind kind) {
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

  bool close() {
    uint32_t e = consumed();
    stack_.back().node->range.end = e;
    stack_.pop_back();
    cursor_ = e;
    return true;
  }

  // Creates a node and hangs it under the open collection (or makes it the root).
  Node* add_value(NodeKind kind) {
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
  const MapEntry* find_earlier_key(Frame& f) {
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

  void report_duplicate(const MapEntry& second, const MapEntry& first) {
    if (!lines_) lines_.emplace(text_);
    int line = lines_->position(first.key_range.begin).line;
    doc_.errors.push_back(ParseError{
        second.key_range.begin, "duplicate key '" + second.key + "' (first defined on line " +
                                    std::to_string(line) + "); " + rejecter_ + " rejects duplicate keys"});
  }

  void fail(uint32_t offset, std::string message) {
    failed_ = true;
    if (offset > text_.size()) offset = static_cast<uint32_t>(text_.size());
    doc_.errors.push_back(ParseError{offset, std::move(message)});
  }

  // The last non-whitespace byte before offset, or 0.
  char previous_significant(uint32_t offset) const {
    while (offset > 0) {
      char c = text_[--offset];
      if (!is_space(c)) return c;
    }
    return 0;
  }

  static std::string expected_phrase(const SyntaxReport& r) {
    std::string_view e = r.expected;
    if (e.empty()) return {};
    if (e == "'[', '{', or a literal") return "a value";
    if (e == "string literal") return "a quoted key";
    if (e == "']'") return "',' or ']'";
    if (e == "'}'") return "',' or '}'";
    return std::string(e);
  }

  void report_syntax_error(std::size_t position, const std::string& last_token,
                           const nlohmann::detail::exception& ex) {
    // position: end of the offending token (one past the text when the parser
    // ran into the end of it).
    const uint32_t n = static_cast<uint32_t>(text_.size());
    const uint32_t end = position > n + 1 ? n + 1 : static_cast<uint32_t>(position);
    const uint32_t last_byte = end > 0 ? end - 1 : 0;  // == n at the end of the text

    if (ex.id == 406) {  // number overflow
      uint32_t b = last_token.size() <= end ? end - static_cast<uint32_t>(last_token.size()) : 0;
      fail(b, "JSON number out of range: " + last_token);
      return;
    }

    SyntaxReport r = split_syntax_message(ex.what());
    const bool at_nul = last_byte < n && text_[last_byte] == '\0';
    std::string exp = expected_phrase(r);
    std::string expected_part = exp.empty() ? "" : "; expected " + exp;

    if (at_nul) {
      fail(last_byte, "JSON syntax error: unexpected NUL byte (is the file binary or UTF-16?)");
      return;
    }

    if (r.expected == "end of input") {
      // The document ended and something follows it.
      uint32_t b = r.lexer.empty() ? token_start_from_end(r.unexpected, last_token, end) : token_start();
      fail(b, "JSON syntax error: unexpected content after the end of the document "
              "(check for an extra closing bracket or a missing opening one)");
      return;
    }

    if (!r.unexpected.empty()) {
      unexpected_token(r, last_token, end, expected_part);
      return;
    }

    // The lexer rejected the text of a token.
    std::string_view lexer = r.lexer.empty() ? std::string_view(ex.what()) : r.lexer;
    // A text starting with a 0xEF byte that is not a byte order mark (say "\uFF5B")
    // is a bad literal too.
    const bool bad_bom = lexer.substr(0, 11) == "invalid BOM";
    if (lexer == "invalid literal" || bad_bom) {
      uint32_t b = bad_bom ? 0 : token_start();
      char c = b < n ? text_[b] : 0;
      if (c == '\'') {
        fail(b, "JSON syntax error: single quotes are not allowed; JSON strings and keys use double quotes");
      } else if (c == '/' || c == '#') {
        fail(b, "JSON syntax error: comments are not allowed in JSON");
      } else {
        fail(b, "JSON syntax error: invalid literal '" + word_at(b) + "'" + expected_part +
                    " (put strings and keys in double quotes; true, false and null are lowercase)");
      }
      return;
    }
    if (lexer == "invalid string: missing closing quote") {
      fail(token_start(), "JSON syntax error: string is never closed (check for a missing closing quote)");
      return;
    }
    std::string msg = "JSON syntax error: " + std::string(lexer);
    if (lexer.find("U+000A") != std::string_view::npos || lexer.find("U+000D") != std::string_view::npos)
      msg += " (check for a missing closing quote)";
    fail(last_byte, std::move(msg));
  }

  // The parser met a token it did not expect: where, and the likely mistake.
  void unexpected_token(const SyntaxReport& r, const std::string& last_token, uint32_t end,
                        const std::string& expected_part) {
    const uint32_t n = static_cast<uint32_t>(text_.size());
    std::string_view tok = r.unexpected;
    uint32_t b = token_start_from_end(tok, last_token, end);
    std::string hint;
    if (tok == "end of input") {
      std::string msg = "JSON syntax error: unexpected end of file" + expected_part;
      if (r.expected == "'}'") hint = " (check for a missing '}')";
      else if (r.expected == "']'") hint = " (check for a missing ']')";
      else hint = " (the file ends early: check for a missing value, bracket or quote)";
      fail(n, msg + hint);
      return;
    }
    const bool closing = tok == "'}'" || tok == "']'";
    const char before = previous_significant(b);
    if (closing && (r.context == "object key" || r.context == "value") && before == ',') {
      hint = " (remove the trailing comma before it)";
    } else if (closing && r.context == "value" && before == ':') {
      hint = " (a key needs a value)";
    } else if (closing && r.context == "value" && (before == '[' || before == '{')) {
      hint = " (check for a mismatched bracket)";
    } else if (r.context == "object separator") {
      hint = " (put a ':' between a key and its value)";
    } else if ((r.context == "object" || r.context == "array") && !closing && tok != "':'") {
      hint = " (check for a missing comma after the previous value)";
    } else if ((r.context == "object" && tok == "']'") || (r.context == "array" && tok == "'}'")) {
      hint = " (check for a missing or mismatched bracket)";
    } else if (r.context == "object key" && !closing && tok != "','" && tok != "':'") {
      hint = " (members of an object are \"key\": value pairs)";
    } else if (tok == "','" || tok == "':'") {
      hint = " (check for an extra separator or a missing value)";
    }
    fail(b, "JSON syntax error: unexpected " + std::string(tok) + expected_part + hint);
  }

  // Start of a complete token that ended at `end`, given nlohmann's name for it and
  // its text (exact for strings and numbers).
  uint32_t token_start_from_end(std::string_view name, const std::string& token, uint32_t end) const {
    uint32_t len = 1;
    if (name == "string literal" || name == "number literal") len = static_cast<uint32_t>(token.size());
    else if (name == "true literal" || name == "null literal") len = 4;
    else if (name == "false literal") len = 5;
    return len <= end ? end - len : 0;
  }

  // The run of non-separator bytes at b, shortened for a message.
  std::string word_at(uint32_t b) const {
    uint32_t e = b;
    while (e < text_.size() && e - b < 24) {
      char c = text_[e];
      if (is_space(c) || c == ',' || c == ':' || c == '}' || c == ']' || c == '{' || c == '[' ||
          c == '"' || c == '\0')
        break;
      ++e;
    }
    if (e == b && b < text_.size()) ++e;
    // do not cut a multi-byte character
    while (e < text_.size() && (static_cast<unsigned char>(text_[e]) & 0xC0) == 0x80) ++e;
    return std::string(text_.substr(b, e - b));
  }

  std::string_view text_;
  Document& doc_;
  const char* base_;
  const char* read_;  // next byte the parser will read (shared with the iterator)
  uint32_t cursor_;   // end of the last token reported by an event
  std::vector<Frame> stack_;
  std::optional<LineIndex> lines_;
  bool failed_ = false;
};

}  // namespace

Document load_json(std::string_view text, const std::string& display_name) {
  // messages carry no file name (the reporter adds it); it says whose rules apply
  auto ends = [&](std::string_view suffix) {
    return display_name.size() >= suffix.size() &&
           display_name.compare(display_name.size() - suffix.size(), suffix.size(), suffix) == 0;
  };
  const char* rejecter = ends(".tf.json") || ends(".tfvars.json") ? "Terraform" : "CloudFormation";
  Document doc;
  try {
    if (text.size() >= UINT32_MAX) {
      doc.errors.push_back(ParseError{0, "file is too large (4 GiB or more)"});
      return doc;
    }
    if (const char* bom = foreign_bom_name(text)) {
      doc.errors.push_back(ParseError{
          0, std::string("file is ") + bom + "; amilint reads UTF-8 templates: convert it with iconv"});
      return doc;
    }
    if (auto bad = first_invalid_utf8(text)) {
      doc.errors.push_back(ParseError{*bad, "invalid UTF-8 byte sequence; save the file as UTF-8"});
      return doc;
    }
    const uint32_t start = static_cast<uint32_t>(utf8_bom_length(text));
    uint32_t i = start;
    while (i < text.size() && is_space(text[i])) ++i;
    if (i == text.size()) {
      doc.errors.push_back(ParseError{0, "empty file: expected a JSON value"});
      return doc;
    }
    TreeBuilder builder(text, doc, start, rejecter);
    builder.run();
  } catch (const std::exception& e) {
    doc.root = nullptr;
    doc.errors.push_back(ParseError{0, std::string("could not load the JSON file: ") + e.what()});
  } catch (...) {
    doc.root = nullptr;
    doc.errors.push_back(ParseError{0, "could not load the JSON file"});
  }
  return doc;
}

}  // namespace amilint
