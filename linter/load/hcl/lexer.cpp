// The HCL lexer: the whole text at once. Like HCL's scanner it has three modes
// (normal, quoted string, heredoc), nested on a stack: "${" enters normal mode until
// its matching "}", a quote enters a string until the closing quote.
#include "linter/load/hcl/lexer.h"

#include <array>
#include <string>

#include "linter/load/hcl/unicode.h"

namespace amilint {
namespace hcl {
namespace detail {
namespace {

// Character classes of ASCII bytes for identifiers: 1 = may start one, 2 = may
// only continue one; bytes >= 0x80 (3) need the Unicode tables.
constexpr std::array<uint8_t, 256> make_ident_table() {
  std::array<uint8_t, 256> t{};
  for (int c = 'a'; c <= 'z'; ++c) t[static_cast<size_t>(c)] = 1;
  for (int c = 'A'; c <= 'Z'; ++c) t[static_cast<size_t>(c)] = 1;
  t['_'] = 1;
  for (int c = '0'; c <= '9'; ++c) t[static_cast<size_t>(c)] = 2;
  t['-'] = 2;
  for (int c = 0x80; c < 256; ++c) t[static_cast<size_t>(c)] = 3;
  return t;
}
constexpr std::array<uint8_t, 256> kIdentChar = make_ident_table();

class Lexer {
 public:
  Lexer(std::string_view text, TokenBuffer& tokens, std::vector<Comment>& comments, ParseError& error)
      : s_(text), toks_(tokens), comments_(comments), error_(error) {
    modes_.reserve(16);
  }

  void run(uint32_t start) {
    p_ = start;
    modes_.push_back(Mode{Kind::Normal, 0, 0, false, false});
    while (p_ < s_.size()) {
      switch (modes_.back().kind) {
        case Kind::Normal: normal(); break;
        case Kind::Quoted: quoted(); break;
        case Kind::Heredoc: heredoc(); break;
      }
    }
    emit(T::Eof, static_cast<uint32_t>(s_.size()), static_cast<uint32_t>(s_.size()));
  }

 private:
  enum class Kind : uint8_t { Normal, Quoted, Heredoc };
  struct Mode {
    Kind kind;
    uint32_t marker_begin, marker_end;  // heredoc: the closing marker
    bool flush;                         // heredoc: <<-
    bool line_start;                    // heredoc: at the start of a line
  };

  char at(size_t i) const { return i < s_.size() ? s_[i] : '\0'; }

  void emit(T type, uint32_t b, uint32_t e) { toks_.push(type, b, e); }

  [[noreturn]] void invalid(T type, uint32_t b) {
    std::string m;
    switch (type) {
      case T::BitAnd: m = "'&' is not an operator in HCL; for a logical AND write '&&'"; break;
      case T::BitOr: m = "'|' is not an operator in HCL; for a logical OR write '||'"; break;
      case T::BitNot: m = "'~' is not an operator in HCL; for a logical NOT write '!'"; break;
      case T::BitXor: m = "'^' is not an operator in HCL; bitwise operators do not exist"; break;
      case T::Apostrophe: m = "single quotes do not make a string in HCL; use double quotes"; break;
      case T::Backtick: m = "'`' is not valid in HCL; for a multi-line string use a heredoc (<<EOT)"; break;
      case T::Semicolon:
        m = "';' is not valid in HCL; put each argument on its own line and separate collection items with commas";
        break;
      case T::QuotedNewline:
        m = "unterminated string: a quoted string cannot span lines; close the quote on this line, or write \\n or "
            "use a heredoc (<<EOT) for a multi-line string";
        break;
      default:
        if (at(b) == '\\')
          m = "a backslash at the end of a line or of the file in a string; a backslash starts an escape such as \\n "
              "or \\\"";
        else if (at(b) == '$' && modes_.size() == 1)
          m = "'$' outside a string; write a reference without it (var.x), or interpolate inside quotes "
              "(\"${var.x}\")";
        else if (at(b) == '$')
          m = "'$' inside an interpolation; an interpolation cannot contain another \"${\" outside quotes (check "
              "for a missing '}' before it)";
        else if (at(b) == '\r')
          m = "a carriage return that is not followed by a line feed; save the file with \\n or \\r\\n line endings";
        else
          m = "invalid character " + describe_char(s_, b) + "; it has no meaning in HCL here";
        break;
    }
    error_ = ParseError{b, std::move(m)};
    throw Abort{};
  }

  void push_interp(T type, uint32_t len) {
    uint32_t b = p_;
    if (at(p_ + 2) == '~') ++len;
    emit(type, b, b + len);
    p_ = b + len;
    ++braces_;
    ret_braces_.push_back(braces_);
    if (!heredocs_.empty()) modes_[heredocs_.back()].line_start = false;
    modes_.push_back(Mode{Kind::Normal, 0, 0, false, false});
  }

  void close_brace(uint32_t len) {
    // A brace that closes an interpolation or directive ends the nested normal
    // mode; "~}" always counts as the end of a sequence (the parser rejects it
    // where a plain brace was meant).
    bool closes = !ret_braces_.empty() && ret_braces_.back() == braces_;
    emit(len == 2 || closes ? T::SeqEnd : T::CBrace, p_, p_ + len);
    p_ += len;
    --braces_;
    if (closes) {
      ret_braces_.pop_back();
      modes_.pop_back();
    }
  }

  bool ident_start(size_t i, size_t* len) const {
    char c = s_[i];
    if (is_ascii_alpha(c) || c == '_') { *len = 1; return true; }
    if (static_cast<unsigned char>(c) < 0x80) return false;
    uint32_t cp = decode_utf8(s_, i, len);
    return unicode_ident_class(cp) == 1;
  }

  size_t ident_end(size_t i) const {
    while (i < s_.size()) {
      uint8_t cls = kIdentChar[static_cast<unsigned char>(s_[i])];
      if (cls == 1 || cls == 2) { ++i; continue; }
      if (cls == 0) break;
      size_t len;
      uint32_t cp = decode_utf8(s_, i, &len);
      if (unicode_ident_class(cp) == 0) break;
      i += len;
    }
    return i;
  }

  void number() {
    // digits, dots and exponents, not ending with a dot (validated by the parser)
    size_t q = p_ + 1, last = q;
    for (;;) {
      char c = at(q);
      if (is_digit(c)) { last = ++q; continue; }
      if (c == '.') { ++q; continue; }
      if (c == 'e' || c == 'E') {
        char d = at(q + 1);
        if (is_digit(d)) { q += 2; last = q; continue; }
        if ((d == '+' || d == '-') && is_digit(at(q + 2))) { q += 3; last = q; continue; }
      }
      break;
    }
    emit(T::Number, p_, static_cast<uint32_t>(last));
    p_ = static_cast<uint32_t>(last);
  }

  void comment_to_line_end() {
    size_t q = s_.find('\n', p_);
    q = q == std::string_view::npos ? s_.size() : q + 1;
    emit(T::Comment, p_, static_cast<uint32_t>(q));
    comments_.push_back(Comment{Range{p_, static_cast<uint32_t>(q)}, true});
    p_ = static_cast<uint32_t>(q);
  }

  // "<<EOT\n" or "<<-EOT\n": true when a heredoc starts at p_.
  bool heredoc_start() {
    size_t q = p_ + 2;
    bool flush = at(q) == '-';
    if (flush) ++q;
    size_t len;
    if (q >= s_.size() || !ident_start(q, &len)) return false;
    size_t mb = q, me = ident_end(q + len);
    size_t nl = me;
    if (at(nl) == '\r') ++nl;
    if (at(nl) != '\n') return false;
    emit(T::OHeredoc, p_, static_cast<uint32_t>(nl + 1));
    p_ = static_cast<uint32_t>(nl + 1);
    heredocs_.push_back(modes_.size());
    modes_.push_back(Mode{Kind::Heredoc, static_cast<uint32_t>(mb), static_cast<uint32_t>(me), flush, true});
    return true;
  }

  void op(T type, uint32_t len) {
    emit(type, p_, p_ + len);
    p_ += len;
  }

  // At '/' (followed by n): a "//" or "/* */" comment, or the division operator. A
  // "/*" without its "*/" is a '/' here (the parser reports it).
  void slash(char n) {
    if (n == '/') {
      comment_to_line_end();
      return;
    }
    if (n == '*' && p_ < no_comment_end_) {
      size_t e = s_.find("*/", p_ + 2);
      if (e != std::string_view::npos) {
        emit(T::Comment, p_, static_cast<uint32_t>(e + 2));
        comments_.push_back(Comment{Range{p_, static_cast<uint32_t>(e + 2)}, false});
        p_ = static_cast<uint32_t>(e + 2);
        return;
      }
      no_comment_end_ = p_;
    }
    op(T::Slash, 1);
  }

  // One token in normal mode. A single switch over the first character, one case
  // per token, kept whole: it reads as the table of HCL's operators.
  void normal() {
    char c = s_[p_];
    char n = at(p_ + 1);
    switch (c) {
      case ' ': case '\t':
        while (p_ < s_.size() && (s_[p_] == ' ' || s_[p_] == '\t')) ++p_;
        return;
      case '\n': op(T::Newline, 1); return;
      case '\r':
        if (n == '\n') { op(T::Newline, 2); return; }
        invalid(T::Invalid, p_);
      case '#': comment_to_line_end(); return;
      case '/': slash(n); return;
      case '"':
        op(T::OQuote, 1);
        modes_.push_back(Mode{Kind::Quoted, 0, 0, false, false});
        return;
      case '<':
        if (n == '<' && heredoc_start()) return;
        if (n == '=') { op(T::LessEq, 2); return; }
        op(T::Less, 1);
        return;
      case '{':
        op(T::OBrace, 1);
        ++braces_;
        return;
      case '}': close_brace(1); return;
      case '~':
        if (n == '}') { close_brace(2); return; }
        invalid(T::BitNot, p_);
      case '=':
        if (n == '=') { op(T::EqualOp, 2); return; }
        if (n == '>') { op(T::FatArrow, 2); return; }
        op(T::Equal, 1);
        return;
      case '!':
        if (n == '=') { op(T::NotEqual, 2); return; }
        op(T::Bang, 1);
        return;
      case '>':
        if (n == '=') { op(T::GreaterEq, 2); return; }
        op(T::Greater, 1);
        return;
      case '&':
        if (n == '&') { op(T::And, 2); return; }
        invalid(T::BitAnd, p_);
      case '|':
        if (n == '|') { op(T::Or, 2); return; }
        invalid(T::BitOr, p_);
      case ':':
        if (n == ':') { op(T::DoubleColon, 2); return; }
        op(T::Colon, 1);
        return;
      case '.':
        if (n == '.' && at(p_ + 2) == '.') { op(T::Ellipsis, 3); return; }
        op(T::Dot, 1);
        return;
      case '[': op(T::OBrack, 1); return;
      case ']': op(T::CBrack, 1); return;
      case '(': op(T::OParen, 1); return;
      case ')': op(T::CParen, 1); return;
      case ',': op(T::Comma, 1); return;
      case '*': op(T::Star, 1); return;
      case '%': op(T::Percent, 1); return;
      case '+': op(T::Plus, 1); return;
      case '-': op(T::Minus, 1); return;
      case '?': op(T::Question, 1); return;
      case '^': invalid(T::BitXor, p_);
      case ';': invalid(T::Semicolon, p_);
      case '`': invalid(T::Backtick, p_);
      case '\'': invalid(T::Apostrophe, p_);
      default:
        break;
    }
    if (is_digit(c)) { number(); return; }
    size_t len;
    if (ident_start(p_, &len)) {
      size_t e = ident_end(p_ + len);
      emit(T::Ident, p_, static_cast<uint32_t>(e));
      p_ = static_cast<uint32_t>(e);
      return;
    }
    invalid(T::Invalid, p_);
  }

  // After '$' or '%' at q inside a template: 0 = starts a sequence ("${"), 3 = an
  // escaped sequence ("$${"), 1 = just the character.
  int template_mark(size_t q) const {
    char c = s_[q];
    if (at(q + 1) == '{') return 0;
    if (at(q + 1) == c && at(q + 2) == '{') return 3;
    return 1;
  }

  void quoted() {
    char c = s_[p_];
    if (c == '"') {
      op(T::CQuote, 1);
      modes_.pop_back();
      return;
    }
    if ((c == '$' || c == '%') && at(p_ + 1) == '{') {
      push_interp(c == '$' ? T::Interp : T::Control, 2);
      return;
    }
    if (c == '\n' || c == '\r') invalid(T::QuotedNewline, p_);
    size_t q = p_;
    while (q < s_.size()) {
      char d = s_[q];
      if (d == '"' || d == '\n' || d == '\r') break;
      if (d == '\\') {
        char e = at(q + 1);
        if (q + 1 >= s_.size() || e == '\n' || e == '\r') break;
        size_t len;
        decode_utf8(s_, q + 1, &len);
        q += 1 + len;
        continue;
      }
      if (d == '$' || d == '%') {
        int m = template_mark(q);
        if (m == 0) break;
        if (m == 1 && q + 1 >= s_.size()) break;  // a lone '$' at the very end
        q += m;
        continue;
      }
      ++q;
    }
    if (q == p_) invalid(T::Invalid, p_);
    emit(T::QuotedLit, p_, static_cast<uint32_t>(q));
    p_ = static_cast<uint32_t>(q);
  }

  void heredoc() {
    Mode& m = modes_.back();
    char c = s_[p_];
    if ((c == '$' || c == '%') && at(p_ + 1) == '{') {
      push_interp(c == '$' ? T::Interp : T::Control, 2);
      return;
    }
    size_t q = p_;
    size_t nl = 0;  // length of the line break ending the literal
    while (q < s_.size()) {
      char d = s_[q];
      if (d == '\n') { nl = 1; ++q; break; }
      if (d == '\r') {
        if (at(q + 1) == '\n') { nl = 2; q += 2; break; }
        if (q > p_) break;  // emit the text before it first
        invalid(T::Invalid, static_cast<uint32_t>(q));
      }
      if (d == '$' || d == '%') {
        if (q + 1 >= s_.size()) {  // a lone '$' or '%' at the very end
          if (q > p_) break;
          invalid(T::Invalid, static_cast<uint32_t>(q));
        }
        int mark = template_mark(q);
        if (mark == 0) break;
        q += mark;
        continue;
      }
      ++q;
    }
    if (nl && m.line_start) {
      std::string_view line = s_.substr(p_, q - p_);
      size_t b = leading_space(line);
      size_t e = without_trailing_space(line);
      if (e > b && line.substr(b, e - b) == s_.substr(m.marker_begin, m.marker_end - m.marker_begin)) {
        uint32_t nls = static_cast<uint32_t>(q - nl);
        emit(T::CHeredoc, p_, nls);
        emit(T::Newline, nls, static_cast<uint32_t>(q));
        p_ = static_cast<uint32_t>(q);
        modes_.pop_back();
        heredocs_.pop_back();
        return;
      }
    }
    emit(T::StringLit, p_, static_cast<uint32_t>(q));
    m.line_start = nl != 0;
    p_ = static_cast<uint32_t>(q);
  }

  std::string_view s_;
  TokenBuffer& toks_;
  std::vector<Comment>& comments_;
  ParseError& error_;
  uint32_t p_ = 0;
  int braces_ = 0;
  std::vector<int> ret_braces_;
  std::vector<Mode> modes_;
  std::vector<size_t> heredocs_;  // indexes in modes_ of the open heredocs
  size_t no_comment_end_ = static_cast<size_t>(-1);  // no "*/" at or after this offset
};

}  // namespace

void lex(std::string_view text, uint32_t start, TokenBuffer& tokens, std::vector<Comment>& comments,
         ParseError& error) {
  Lexer(text, tokens, comments, error).run(start);
}

}  // namespace detail
}  // namespace hcl
}  // namespace amilint
