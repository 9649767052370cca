// Tokens of HCL native syntax and the lexer that makes them. Internal to
// linter/load/hcl/.
#pragma once
#include <cstdint>
#include <cstring>
#include <memory>
#include <vector>

#include "linter/load/hcl/hcl.h"

namespace amilint {
namespace hcl {
namespace detail {

// Token types.
enum class T : uint8_t {
  Eof, Newline, Comment, Ident, Number,
  OBrace, CBrace, OBrack, CBrack, OParen, CParen,
  OQuote, CQuote, OHeredoc, CHeredoc,
  Star, Slash, Plus, Minus, Percent,
  Equal, EqualOp, NotEqual, Less, LessEq, Greater, GreaterEq,
  And, Or, Bang, Dot, Comma, DoubleColon, Ellipsis, FatArrow, Question, Colon,
  Interp,    // ${ or ${~
  Control,   // %{ or %{~
  SeqEnd,    // } or ~} closing an interpolation or directive
  QuotedLit, // literal text of a quoted string (may hold escapes)
  StringLit, // literal text of a heredoc (one line at most)
  // Never valid anywhere:
  BitAnd, BitOr, BitNot, BitXor, Apostrophe, Backtick, Semicolon, QuotedNewline, Invalid,
};

struct Token {
  T type;
  uint32_t begin, end;
};

struct Abort {};  // thrown by the lexer and the parser on the first error, caught by parse_hcl

// A growing array of tokens that is not zero-filled (one token per few bytes of
// text).
struct TokenBuffer {
  std::unique_ptr<Token[]> data;
  size_t size = 0, capacity = 0;

  explicit TokenBuffer(size_t initial) : data(new Token[initial]), capacity(initial) {}
  void push(T type, uint32_t b, uint32_t e) {
    if (size == capacity) grow();
    data[size++] = Token{type, b, e};
  }
  [[gnu::noinline]] void grow() {
    size_t cap = capacity * 2 + 256;
    std::unique_ptr<Token[]> bigger(new Token[cap]);
    std::memcpy(bigger.get(), data.get(), size * sizeof(Token));
    data = std::move(bigger);
    capacity = cap;
  }
  const Token& operator[](size_t i) const { return data[i]; }
};

// Turns text[start..] into tokens, ending with an Eof token; every comment is also
// added to `comments`. On the first token that is never valid (a stray ';', '&', a
// newline inside a quoted string, ...) sets `error` and throws Abort.
void lex(std::string_view text, uint32_t start, TokenBuffer& tokens, std::vector<Comment>& comments,
         ParseError& error);

}  // namespace detail
}  // namespace hcl
}  // namespace amilint
