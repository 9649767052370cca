// The JSON loader's syntax-error messages (see json_builder.h): nlohmann's exception
// text split into its parts, and a message with the likely mistake at the start of
// the offending token.
//
// Errors use the parser's own position (bytes read, minus a number's look-ahead,
// plus one when it hit the end of the text), which is the end of the offending
// token; its start follows from the kind of token the message names.
#include <cstdint>
#include <string>
#include <string_view>

#include "linter/load/json_builder.h"

namespace amilint {
namespace detail {
namespace json {

namespace {

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

}  // namespace

// The last non-whitespace byte before offset, or 0.
char TreeBuilder::previous_significant(uint32_t offset) const {
  while (offset > 0) {
    char c = text_[--offset];
    if (!is_space(c)) return c;
  }
  return 0;
}

std::string TreeBuilder::expected_phrase(const SyntaxReport& r) {
  std::string_view e = r.expected;
  if (e.empty()) return {};
  if (e == "'[', '{', or a literal") return "a value";
  if (e == "string literal") return "a quoted key";
  if (e == "']'") return "',' or ']'";
  if (e == "'}'") return "',' or '}'";
  return std::string(e);
}

void TreeBuilder::report_syntax_error(std::size_t position, const std::string& last_token,
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
void TreeBuilder::unexpected_token(const SyntaxReport& r, const std::string& last_token, uint32_t end,
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
uint32_t TreeBuilder::token_start_from_end(std::string_view name, const std::string& token, uint32_t end) const {
  uint32_t len = 1;
  if (name == "string literal" || name == "number literal") len = static_cast<uint32_t>(token.size());
  else if (name == "true literal" || name == "null literal") len = 4;
  else if (name == "false literal") len = 5;
  return len <= end ? end - len : 0;
}

// The run of non-separator bytes at b, shortened for a message.
std::string TreeBuilder::word_at(uint32_t b) const {
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

}  // namespace json
}  // namespace detail
}  // namespace amilint
