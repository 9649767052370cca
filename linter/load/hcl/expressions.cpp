// The HCL parser's expressions: conditionals, binary and unary operators, terms,
// function calls, tuples, objects and for expressions (see parser.h).
#include <string>

#include "linter/load/hcl/parser.h"
#include "linter/load/hcl/unicode.h"

namespace amilint {
namespace hcl {
namespace detail {
namespace {

// The precedence level of a binary operator token (higher binds tighter) and its
// operator; -1 for any other token.
int level(T t, Op* op) {
  switch (t) {
    case T::Or: *op = Op::Or; return 0;
    case T::And: *op = Op::And; return 1;
    case T::EqualOp: *op = Op::Equal; return 2;
    case T::NotEqual: *op = Op::NotEqual; return 2;
    case T::Less: *op = Op::Less; return 3;
    case T::LessEq: *op = Op::LessEqual; return 3;
    case T::Greater: *op = Op::Greater; return 3;
    case T::GreaterEq: *op = Op::GreaterEqual; return 3;
    case T::Plus: *op = Op::Add; return 4;
    case T::Minus: *op = Op::Subtract; return 4;
    case T::Star: *op = Op::Multiply; return 5;
    case T::Slash: *op = Op::Divide; return 5;
    case T::Percent: *op = Op::Modulo; return 5;
    default: return -1;
  }
}

}  // namespace

Id Parser::parse_expression() {
  Tok first = peek();
  Depth depth(this, begin(first));
  Id cond = parse_binary(0);
  if (peek().type != T::Question) return cond;
  read();
  Id yes = parse_expression();
  Tok colon = peek();
  if (colon.type != T::Colon)
    fail(begin(colon), "expected ':' and the false result of the conditional, found " + what(colon) +
                           "; a conditional is written cond ? true_value : false_value");
  read();
  Id no = parse_expression();
  Expr e;
  e.kind = ExprKind::Conditional;
  e.range = Range{f_.exprs[cond].range.begin, f_.exprs[no].range.end};
  e.a = cond;
  e.b = yes;
  e.c = no;
  return add(e);
}

// Binary operators by precedence climbing; all are left-associative.
Id Parser::parse_binary(int min_level) {
  Id lhs = parse_operand();
  for (;;) {
    Op op = Op::None;
    int lvl = level(peek().type, &op);
    if (lvl < min_level) return lhs;
    read();
    Id rhs = parse_binary(lvl + 1);
    Expr e;
    e.kind = ExprKind::Binary;
    e.op = op;
    e.range = Range{f_.exprs[lhs].range.begin, f_.exprs[rhs].range.end};
    e.a = lhs;
    e.b = rhs;
    lhs = add(e);
  }
}

Id Parser::parse_term() {
  Tok start = peek();
  switch (start.type) {
    case T::OParen: {
      read();
      Newlines nl(this, false);
      Id inner = parse_expression();
      Tok close = peek();
      if (close.type != T::CParen)
        fail(begin(close), "expected ')' to close the '(' opened at " + here(begin(start)) + ", found " + what(close));
      read();
      Expr e;
      e.kind = ExprKind::Parens;
      e.range = Range{begin(start), end(close)};
      e.a = inner;
      return add(e);
    }
    case T::Number: {
      read();
      check_number(start);
      Expr e;
      e.kind = ExprKind::Number;
      e.range = range(start);
      return add(e);
    }
    case T::Ident: {
      read();
      Tok next = peek();
      if (next.type == T::OParen || next.type == T::DoubleColon) return parse_call(start);
      Expr e;
      e.range = range(start);
      std::string_view name = text(start);
      if (name == "true" || name == "false") {
        e.kind = ExprKind::Bool;
        e.flags = name == "true" ? kTrue : 0;
      } else if (name == "null") {
        e.kind = ExprKind::Null;
      } else {
        e.kind = ExprKind::Reference;
        e.name = e.range;
        e.steps = static_cast<uint32_t>(f_.steps.size());
      }
      return add(e);
    }
    case T::OQuote:
    case T::OHeredoc:
      return parse_template();
    case T::Minus:
    case T::Bang: {
      Depth depth(this, begin(start));
      read();
      Id operand = parse_operand();
      Expr e;
      e.kind = ExprKind::Unary;
      e.op = start.type == T::Minus ? Op::Negate : Op::Not;
      e.range = Range{begin(start), f_.exprs[operand].range.end};
      e.a = operand;
      return add(e);
    }
    case T::OBrack:
      return parse_tuple();
    case T::OBrace:
      return parse_object();
    case T::Eof:
      fail(begin(start), "expected a value, found the end of the file");
    default:
      fail(begin(start), "expected a value (a string, number, name, [list], {object} or function call), found " +
                             what(start));
  }
}

// A number token holds digits, dots and exponents; valid numbers have at most
// one dot, before any exponent.
void Parser::check_number(Tok t) {
  std::string_view n = text(t);
  size_t i = 0;
  while (i < n.size() && is_digit(n[i])) ++i;
  if (i < n.size() && n[i] == '.') {
    ++i;
    while (i < n.size() && is_digit(n[i])) ++i;
  }
  if (i < n.size() && (n[i] == 'e' || n[i] == 'E')) {
    ++i;
    if (i < n.size() && (n[i] == '+' || n[i] == '-')) ++i;
    while (i < n.size() && is_digit(n[i])) ++i;
  }
  if (i != n.size())
    soft(begin(t), "invalid number " + quote(n) +
                       "; a number has at most one decimal point (quote values such as IP addresses or versions)");
}

Id Parser::parse_call(Tok name) {
  Tok open = read();  // '(' or '::'
  uint32_t name_end = end(name);
  while (open.type == T::DoubleColon) {
    Tok part = read();
    if (part.type != T::Ident)
      fail(begin(part), "expected a function name after '::', found " + what(part));
    name_end = end(part);
    open = read();
  }
  if (open.type != T::OParen)
    fail(begin(open), "expected '(' after the function name " + quote(s_.substr(begin(name), name_end - begin(name))) +
                          ", found " + what(open));
  Newlines nl(this, false);
  size_t base = scratch_.size();
  uint8_t flags = 0;
  uint32_t close_end;
  for (;;) {
    Tok t = peek();
    if (t.type == T::CParen) {
      read();
      close_end = end(t);
      break;
    }
    scratch_.push_back(parse_expression());
    Tok sep = read();
    if (sep.type == T::CParen) {
      close_end = end(sep);
      break;
    }
    if (sep.type == T::Ellipsis) {
      flags |= kExpandFinal;
      Tok close = peek();
      if (close.type != T::CParen)
        fail(begin(sep), "an argument expanded with '...' must be the last one; put ')' right after the '...'");
      read();
      close_end = end(close);
      break;
    }
    if (sep.type != T::Comma) {
      if (sep.type == T::Eof)
        fail(begin(name), "unclosed '(' of the call to " + quote(s_.substr(begin(name), name_end - begin(name))) +
                              ": no closing parenthesis before the end of the file");
      fail(begin(sep), "expected ',' or ')' after a function argument, found " + what(sep));
    }
    if (peek().type == T::CParen) {
      close_end = end(read());
      break;
    }
  }
  Expr e;
  e.kind = ExprKind::Call;
  e.flags = flags;
  e.name = Range{begin(name), name_end};
  e.range = Range{begin(name), close_end};
  e.items = commit_list(base, &e.item_count);
  return add(e);
}

Id Parser::parse_tuple() {
  Tok open = read();
  Newlines nl(this, false);
  if (keyword(peek(), "for")) return parse_for(open);
  size_t base = scratch_.size();
  uint32_t close_end;
  for (;;) {
    Tok next = peek();
    if (next.type == T::CBrack) {
      read();
      close_end = end(next);
      break;
    }
    scratch_.push_back(parse_expression());
    next = peek();
    if (next.type == T::CBrack) {
      read();
      close_end = end(next);
      break;
    }
    if (next.type != T::Comma) {
      if (next.type == T::Eof)
        fail(begin(open), "unclosed '[': no closing bracket before the end of the file (check the bracket nesting)");
      fail(begin(next), "expected ',' or ']' after a list item, found " + what(next));
    }
    read();
  }
  Expr e;
  e.kind = ExprKind::Tuple;
  e.range = Range{begin(open), close_end};
  e.items = commit_list(base, &e.item_count);
  return add(e);
}

Id Parser::parse_object() {
  Tok open = read();
  bool is_for;
  {
    Newlines nl(this, false);
    is_for = keyword(peek(), "for");
  }
  if (is_for) {
    Newlines nl(this, false);
    return parse_for(open);
  }
  Newlines nl(this, true);
  size_t base = scratch_.size();
  uint32_t close_end;
  for (;;) {
    Tok next = peek();
    if (next.type == T::Newline) {
      read();
      continue;
    }
    if (next.type == T::CBrace) {
      read();
      close_end = end(next);
      break;
    }
    Id key = parse_expression();
    next = peek();
    if (next.type != T::Equal && next.type != T::Colon) {
      switch (next.type) {
        case T::Newline:
        case T::Comma:
          fail(begin(next), "expected '=' and a value after the object key " +
                                quote(f_.source(f_.exprs[key].range)));
        case T::Eof:
          fail(begin(open), "unclosed '{': no closing brace before the end of the file (check the brace nesting)");
        default:
          fail(begin(next), "expected '=' after the object key " + quote(f_.source(f_.exprs[key].range)) +
                                ", found " + what(next) +
                                (next.type == T::Ident ? "; a key with dots or spaces must be quoted" : ""));
      }
    }
    read();
    Id value = parse_expression();
    scratch_.push_back(key);
    scratch_.push_back(value);
    next = peek();
    if (next.type == T::CBrace) {
      read();
      close_end = end(next);
      break;
    }
    if (next.type != T::Comma && next.type != T::Newline) {
      if (next.type == T::Eof)
        fail(begin(open), "unclosed '{': no closing brace before the end of the file (check the brace nesting)");
      fail(begin(next), "expected a newline or ',' after an object item, found " + what(next));
    }
    read();
  }
  Expr e;
  e.kind = ExprKind::Object;
  e.range = Range{begin(open), close_end};
  e.items = commit_list(base, &e.item_count);
  return add(e);
}

// `[for ...]` or `{for ...}`, after the opening bracket.
Id Parser::parse_for(Tok open) {
  Newlines nl(this, false);
  read();  // for
  const bool object = toks_[open.index].type == T::OBrace;
  const T close_type = object ? T::CBrace : T::CBrack;
  const char* form = object ? "{for k, v in collection : key => value}" : "[for v in collection : value]";
  Expr e;
  e.kind = ExprKind::For;
  if (object) e.flags |= kForObject;
  Tok var = peek();
  if (var.type != T::Ident)
    fail(begin(var), std::string("expected a variable name after 'for', found ") + what(var) + "; write " + form);
  read();
  e.name = range(var);
  if (peek().type == T::Comma) {
    read();
    e.key_name = e.name;
    Tok val = peek();
    if (val.type != T::Ident)
      fail(begin(val), "expected the value variable name after ',', found " + what(val) + "; write " + form);
    read();
    e.name = range(val);
  }
  Tok in = peek();
  if (!keyword(in, "in"))
    fail(begin(in), std::string("expected 'in' after the variable names, found ") + what(in) + "; write " + form);
  read();
  e.a = parse_expression();
  Tok colon = peek();
  if (colon.type != T::Colon)
    fail(begin(colon), std::string("expected ':' after the collection, found ") + what(colon) + "; write " + form);
  read();
  Id value = parse_expression();
  Id key = kNone;
  if (peek().type == T::FatArrow) {
    read();
    key = value;
    value = parse_expression();
  }
  e.b = key;
  e.c = value;
  Tok ellipsis{T::Eof, 0};
  bool group = false;
  if (peek().type == T::Ellipsis) {
    ellipsis = read();
    group = true;
    e.flags |= kGroup;
  }
  if (keyword(peek(), "if")) {
    read();
    e.d = parse_expression();
  }
  Tok close = peek();
  if (close.type != close_type)
    fail(begin(close), "unexpected " + what(close) + " in the 'for' expression; expected '" +
                           (object ? "}" : "]") + "' (or 'if' and a condition)");
  read();
  if (!object) {
    if (key != kNone)
      soft(f_.exprs[key].range.begin, "a list 'for' expression has no key: remove the 'key =>', or build an "
                                      "object with {for ...}");
    if (group)
      soft(begin(ellipsis), "the grouping '...' works only when building an object with {for ...}");
  } else if (key == kNone) {
    soft(f_.exprs[value].range.begin, "an object 'for' expression needs a key: write key => value");
  }
  e.range = Range{begin(open), end(close)};
  return add(e);
}

}  // namespace detail
}  // namespace hcl
}  // namespace amilint
