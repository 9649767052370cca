// HCL native syntax: parse_hcl, and the parser's token access, messages, bodies,
// blocks and arguments (the rest of the Parser class: see parser.h).
//
// The parser follows the grammar and the error positions of HashiCorp's own HCL
// parser, which Terraform uses (called "the reference parser" below), so that a
// file is accepted or rejected the same way and the first problem is reported on
// the same line (tests/tools/hcl_compare.js checks this on real files):
//   1. the lexer turns the whole text into tokens; the first token that is never
//      valid (a stray ';', '&', a newline inside a quoted string, ...) is the error;
//   2. the parser reads the tokens; the first syntax error stops it (after a bad
//      number, escape or repeated argument it goes on, as the reference does,
//      since the reference may still report an error ahead of that one).
// Newlines are significant in bodies and object constructors and ignored inside
// parentheses, brackets, function calls, interpolations and for expressions.
#include "linter/load/hcl/parser.h"

#include <algorithm>
#include <cstring>
#include <new>
#include <string>

#include "linter/load/hcl/lexer.h"
#include "linter/source/source.h"

namespace amilint {
namespace hcl {
namespace detail {

Id Parser::parse_file() {
  nl_.push_back(true);
  Id body = parse_body(T::Eof, Range{0, 0});
  if (!f_.errors.empty()) throw Abort{};
  Body& b = f_.bodies[body];
  b.range = Range{0, static_cast<uint32_t>(s_.size())};
  return body;
}

// ---------------------------------------------------------------------------
// Token access and messages

void Parser::fail(uint32_t offset, std::string message) {
  f_.errors.push_back(ParseError{offset, std::move(message)});
  throw Abort{};
}

// An error after which the reference parser goes on as if nothing happened
// (a bad number, escape or duplicate argument): parsing continues, so that an
// error it reports ahead of this one can still be found, and the file fails at
// the end.
void Parser::soft(uint32_t offset, std::string message) {
  if (f_.errors.empty()) f_.errors.push_back(ParseError{offset, std::move(message)});
}

// Skips to the "]" that closes the current brackets (or the end of the file),
// as the reference parser does when it reports a missing "]" there.
uint32_t Parser::find_close_bracket() {
  int nest = 0;
  for (;;) {
    Tok t = read();
    if (t.type == T::Eof) return begin(t);
    if (t.type == T::OBrack) ++nest;
    if (t.type == T::CBrack) {
      if (nest == 0) return begin(t);
      --nest;
    }
  }
}

std::string Parser::quote(std::string_view s) const {
  return "'" + std::string(s.substr(0, 40)) + (s.size() > 40 ? "...'" : "'");
}

std::string Parser::what(Tok t) const {
  switch (t.type) {
    case T::Eof: return "the end of the file";
    case T::Newline: return "the end of the line";
    case T::Ident: return "'" + std::string(text(t)) + "'";
    case T::OQuote: return "a string";
    case T::OHeredoc: return "a heredoc";
    case T::Number: return "the number " + std::string(text(t));
    case T::Interp: case T::Control: return "'" + std::string(text(t)) + "'";
    default: return quote(text(t));
  }
}

std::string Parser::here(uint32_t offset) const {
  // line:column of an earlier position (only for messages; errors are rare)
  Position p = LineIndex(s_).position(offset);
  return std::to_string(p.line) + ":" + std::to_string(p.column);
}

// ---------------------------------------------------------------------------
// Bodies, blocks and arguments

Id Parser::parse_body(T end_type, Range open) {
  size_t base = item_scratch_.size();
  size_t attr_base = attr_names_.size();
  NameIndex names;  // built once the body has many arguments
  Range body_range = open;
  for (;;) {
    Tok next = peek();
    if (next.type == end_type) {
      read();
      body_range.end = end(next);
      break;
    }
    if (next.type == T::Newline) {
      read();
      continue;
    }
    if (next.type == T::Ident) {
      parse_body_item(attr_base, names);
      continue;
    }
    if (next.type == T::OQuote)
      fail(begin(next), "an argument name cannot be quoted; write the name without quotes");
    if (next.type == T::Eof)
      fail(open.begin, "unclosed '{': this block has no closing brace before the end of the file (check the brace "
                       "nesting in the file)");
    if (next.type == T::Slash && begin(next) + 1 < s_.size() && s_[begin(next) + 1] == '*')
      fail(begin(next), "unterminated comment: this '/*' has no closing '*/'");
    fail(begin(next), "expected an argument or a block, found " + what(next) +
                          (next.type == T::CBrace ? " (check the brace nesting)" : ""));
  }
  Body b;
  b.range = body_range;
  b.items = static_cast<uint32_t>(f_.body_items.size());
  b.item_count = static_cast<uint32_t>(item_scratch_.size() - base);
  f_.body_items.insert(f_.body_items.end(), item_scratch_.begin() + static_cast<std::ptrdiff_t>(base),
                       item_scratch_.end());
  item_scratch_.resize(base);
  attr_names_.resize(attr_base);
  f_.bodies.push_back(b);
  return static_cast<Id>(f_.bodies.size() - 1);
}

void Parser::parse_body_item(size_t attr_base, NameIndex& names) {
  Tok ident = read();
  Tok next = peek();
  if (next.type == T::Equal) {
    Id attr = parse_attribute(ident, false);
    check_unique(attr, attr_base, names);
    item_scratch_.push_back(BodyItem{false, attr});
    return;
  }
  if (next.type == T::OQuote || next.type == T::OBrace || next.type == T::Ident) {
    item_scratch_.push_back(BodyItem{true, parse_block(ident)});
    return;
  }
  fail(begin(ident), "expected '=' or a block after " + what(ident) + ", found " + what(next) +
                         "; to set an argument write name = value");
}

// "Each argument may be set only once" in a body.
void Parser::check_unique(Id attr, size_t attr_base, NameIndex& names) {
  const Attribute& a = f_.attributes[attr];
  std::string_view name = f_.source(a.name);
  const size_t n = attr_names_.size() - attr_base;
  if (n >= 16 && !names) {
    names = std::make_unique<std::unordered_set<std::string_view>>();
    for (size_t i = attr_base; i < attr_names_.size(); ++i) names->insert(f_.source(f_.attributes[attr_names_[i]].name));
  }
  if (!names || !names->insert(name).second) {
    for (size_t i = attr_base; i < attr_names_.size(); ++i)
      if (f_.source(f_.attributes[attr_names_[i]].name) == name) {
        duplicate(a, f_.attributes[attr_names_[i]]);
        return;  // the first definition stays
      }
  }
  attr_names_.push_back(attr);
}

void Parser::duplicate(const Attribute& a, const Attribute& first) {
  if (!f_.errors.empty()) return;  // only the first error is reported
  LineIndex lines(s_);
  Position p = lines.position(first.name.begin);
  soft(a.name.begin, "argument '" + std::string(f_.source(a.name)) + "' is already set on line " +
                         std::to_string(p.line) + "; each argument may be set only once");
}

Id Parser::parse_attribute(Tok ident, bool single_line) {
  read();  // '='
  Id value = parse_expression();
  if (!single_line) {
    Tok end_tok = peek();
    if (end_tok.type != T::Newline && end_tok.type != T::Eof) {
      if (end_tok.type == T::Comma)
        fail(begin(end_tok), "unexpected ',' after the argument; arguments are separated by newlines, not commas");
      fail(begin(end_tok), "expected a newline after the argument value, found " + what(end_tok) +
                               "; put each argument on its own line");
    }
    read();
  }
  Attribute a;
  a.name = range(ident);
  a.value = value;
  a.range = Range{begin(ident), f_.exprs[value].range.end};
  f_.attributes.push_back(a);
  return static_cast<Id>(f_.attributes.size() - 1);
}

Id Parser::parse_block(Tok type) {
  Depth depth(this, begin(type));
  size_t label_base = label_scratch_.size();
  Tok open;
  for (;;) {
    Tok t = peek();
    if (t.type == T::OBrace) {
      open = read();
      break;
    }
    if (t.type == T::OQuote) {
      label_scratch_.push_back(parse_label());
      continue;
    }
    if (t.type == T::Ident) {
      read();
      Label l;
      l.range = range(t);
      l.value = store(text(t));
      label_scratch_.push_back(l);
      continue;
    }
    if (t.type == T::Equal)
      fail(begin(t), "'=' after a block label; a block is written type \"label\" { ... }, an argument name = value");
    if (t.type == T::Newline)
      fail(begin(t), "expected '{' on the same line as the block header " + quote(text(type)) +
                         "; the opening brace must follow the labels on the same line");
    fail(begin(t), "expected a quoted block label or '{' in the block header, found " + what(t));
  }
  Id body;
  Tok first = peek();
  if (first.type == T::Newline || first.type == T::Eof || first.type == T::CBrace) {
    body = parse_body(T::CBrace, range(open));
  } else {
    body = parse_single_line_body(open);
  }
  uint32_t close_end = toks_[pos_ - 1].end;
  Range close{toks_[pos_ - 1].begin, close_end};
  Tok eol = peek();
  if (eol.type != T::Newline && eol.type != T::Eof)
    fail(begin(eol), "expected a newline after the block's closing brace, found " + what(eol) +
                         "; start the next item on its own line");
  read();

  Block b;
  b.type = range(type);
  b.labels = static_cast<uint32_t>(f_.labels.size());
  b.label_count = static_cast<uint32_t>(label_scratch_.size() - label_base);
  f_.labels.insert(f_.labels.end(), label_scratch_.begin() + static_cast<std::ptrdiff_t>(label_base),
                   label_scratch_.end());
  label_scratch_.resize(label_base);
  b.body = body;
  b.open_brace = range(open);
  b.close_brace = close;
  b.range = Range{begin(type), close_end};
  f_.blocks.push_back(b);
  return static_cast<Id>(f_.blocks.size() - 1);
}

// `type { name = value }` on one line. The reference parser reports such a
// block that is not closed on its line ahead of any error inside it (after
// skipping the rest of the broken item), so errors here are settled by
// single_line_close.
Id Parser::parse_single_line_body(Tok open) {
  const size_t mark = f_.errors.size();
  Tok ident = read();
  if (ident.type != T::Ident) {
    skip_item(pos_);
    single_line_close(open, mark, true);
    fail(begin(ident), "expected an argument or a block, found " + what(ident));
  }
  Tok next = peek();
  if (next.type != T::Equal) {
    skip_item(pos_);
    single_line_close(open, mark, true);
    if (next.type == T::OQuote || next.type == T::OBrace || next.type == T::Ident)
      fail(begin(ident), "a block on one line can hold a single argument only; put the nested block " +
                             quote(text(ident)) + " on a line of its own");
    fail(begin(ident), "expected '=' after " + what(ident) + ", found " + what(next) +
                           "; to set an argument write name = value");
  }
  size_t attr_base = attr_names_.size();
  Id attr;
  try {
    attr = parse_attribute(ident, true);
  } catch (const Abort&) {
    ParseError inner = f_.errors.back();
    f_.errors.pop_back();
    skip_item(token_at(inner.offset));
    single_line_close(open, mark, true);
    f_.errors.push_back(inner);
    throw;
  }
  attr_names_.resize(attr_base);
  single_line_close(open, mark, false);
  read();  // '}'
  Body b;
  b.range = Range{begin(open), toks_[pos_ - 1].end};
  b.items = static_cast<uint32_t>(f_.body_items.size());
  b.item_count = 1;
  f_.body_items.push_back(BodyItem{false, attr});
  f_.bodies.push_back(b);
  return static_cast<Id>(f_.bodies.size() - 1);
}

// The token that holds a byte offset (or the first one after it).
uint32_t Parser::token_at(uint32_t offset) const {
  const Token* b = toks_.data.get();
  const Token* e = b + toks_.size;
  const Token* it = std::upper_bound(b, e, offset, [](uint32_t o, const Token& t) { return o < t.end; });
  if (it == e) return static_cast<uint32_t>(toks_.size - 1);
  return static_cast<uint32_t>(it - b);
}

// Skips the rest of a broken body item from token index `from`: to the end of
// its line, past any brackets it opened.
void Parser::skip_item(uint32_t from) {
  pos_ = from;
  std::vector<T> open;
  for (;;) {
    Tok t = read();
    switch (t.type) {
      case T::Newline:
        if (open.empty()) return;
        break;
      case T::Eof:
        return;
      case T::OBrace: case T::OBrack: case T::OParen: case T::OQuote: case T::OHeredoc:
      case T::Interp: case T::Control:
        open.push_back(t.type);
        break;
      case T::CBrace: case T::CBrack: case T::CParen: case T::CQuote: case T::CHeredoc: {
        T opener = t.type == T::CBrace ? T::OBrace : t.type == T::CBrack ? T::OBrack
                 : t.type == T::CParen ? T::OParen : t.type == T::CQuote ? T::OQuote : T::OHeredoc;
        while (!open.empty() && open.back() != opener) open.pop_back();
        if (!open.empty()) open.pop_back();
        break;
      }
      case T::SeqEnd:
        while (!open.empty() && open.back() != T::Interp && open.back() != T::Control) open.pop_back();
        if (!open.empty()) open.pop_back();
        break;
      default:
        break;
    }
  }
}

// After the single argument of a one-line block: the closing brace must follow.
// A problem here is reported before the errors found since `mark`.
void Parser::single_line_close(Tok open, size_t mark, bool recovering) {
  Tok close = peek();
  std::string message;
  switch (close.type) {
    case T::CBrace:
      return;
    case T::Comma:
      message = "a block on one line can hold one argument only; write one argument per line";
      break;
    case T::Newline:
      message = "a block that starts with an argument on its first line must close on that line; put the closing "
                "brace right after the argument, or the argument on its own line";
      break;
    case T::Eof:
      if (recovering) return;
      f_.errors.insert(f_.errors.begin() + static_cast<std::ptrdiff_t>(mark),
                       ParseError{begin(open), "unclosed '{': this block has no closing brace before the end of the file"});
      throw Abort{};
    default:
      if (recovering) return;
      message = "expected '}' after the single argument of a one-line block, found " + what(close);
      break;
  }
  f_.errors.insert(f_.errors.begin() + static_cast<std::ptrdiff_t>(mark), ParseError{begin(close), message});
  throw Abort{};
}

// A quoted block label: no interpolation allowed.
Label Parser::parse_label() {
  Tok open = read();
  Label l;
  l.quoted = true;
  size_t start = f_.strings.size();
  for (;;) {
    Tok t = read();
    if (t.type == T::CQuote) {
      l.range = Range{begin(open), end(t)};
      break;
    }
    if (t.type == T::QuotedLit) {
      decode(t, true);
      continue;
    }
    if (t.type == T::Interp || t.type == T::Control) {
      char c = s_[begin(t)];
      fail(begin(t), std::string("a block label cannot contain a template sequence; to write a literal \"") + c +
                         "{\" double the " + c + " (\"" + c + c + "{\")");
    }
    if (t.type == T::Eof) fail(begin(t), "unterminated string: the label has no closing quote before the end of the file");
    fail(begin(t), "unexpected " + what(t) + " in a block label");
  }
  l.value = StrRef{static_cast<uint32_t>(start), static_cast<uint32_t>(f_.strings.size() - start)};
  return l;
}

}  // namespace detail

// ---------------------------------------------------------------------------
// Entry point

HclFile parse_hcl(std::string_view text, const std::string& display_name) {
  HclFile f;
  f.display_name = display_name;
  try {
    if (text.size() >= 0xFFFFFFFFu) {
      f.errors.push_back(ParseError{0, "file is too large (4 GiB or more)"});
      return f;
    }
    f.text.assign(text.data(), text.size());  // error offsets refer to it too
    if (const char* bom = foreign_bom_name(text)) {
      f.errors.push_back(ParseError{0, std::string("the file is encoded as ") + bom + "; save it as UTF-8"});
      return f;
    }
    // most files are ASCII: look for the first byte with the high bit set, 8 at a time
    size_t ascii = 0;
    for (; ascii + 8 <= text.size(); ascii += 8) {
      uint64_t w;
      std::memcpy(&w, text.data() + ascii, 8);
      if (w & 0x8080808080808080ull) break;
    }
    while (ascii < text.size() && static_cast<unsigned char>(text[ascii]) < 0x80) ++ascii;
    if (auto bad = find_invalid_utf8(text.substr(ascii))) {
      *bad += static_cast<uint32_t>(ascii);
      f.errors.push_back(ParseError{*bad, "invalid UTF-8 byte sequence; save the file as UTF-8"});
      return f;
    }
    detail::TokenBuffer tokens(text.size() / 3 + 16);
    ParseError lex_error;
    try {
      detail::lex(f.text, static_cast<uint32_t>(utf8_bom_length(text)), tokens, f.comments, lex_error);
    } catch (const detail::Abort&) {
      f.errors.push_back(lex_error);
      return f;
    }
    f.exprs.reserve(tokens.size / 2 + 4);
    detail::Parser parser(f, tokens);
    try {
      f.root = parser.parse_file();
    } catch (const detail::Abort&) {
      f.root = kNone;
      f.errors.resize(1);  // the first error, as the reference parser orders them
    }
  } catch (const std::bad_alloc&) {
    f.root = kNone;
    f.errors.push_back(ParseError{0, "out of memory while parsing the file"});
  } catch (...) {
    f.root = kNone;
    f.errors.push_back(ParseError{0, "internal error while parsing the file"});
  }
  return f;
}

}  // namespace hcl
}  // namespace amilint
