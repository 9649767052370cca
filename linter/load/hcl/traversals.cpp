// The HCL parser's traversals: the steps after a term (.name, .0, [key], [*] and
// .*), see parser.h.
#include <string>

#include "linter/load/hcl/parser.h"

namespace amilint {
namespace hcl {
namespace detail {

// The steps after a term collect on one node, "the open node": the term itself when
// it is a Reference, else a Traversal made around the term at the first step. A
// splat or an index that is not a literal closes it and becomes a node around
// everything before it.
struct Parser::Chain {
  uint32_t from_begin;  // where the term starts
  Id ret;               // the expression so far
  Id open;              // the open node, whose steps collect in
                        // step_scratch_[step_base..]; kNone when there is none
  size_t step_base;
};

// The steps after a term: .name, .0, [key], [*] and .*.
Id Parser::parse_traversals(Id from) {
  const Expr& term = f_.exprs[from];
  Chain c{term.range.begin, from, term.kind == ExprKind::Reference ? from : kNone, step_scratch_.size()};
  for (;;) {
    T next = peek().type;
    if (next == T::Dot) {
      parse_dot_step(c);
    } else if (next == T::OBrack) {
      parse_bracket_step(c);
    } else {
      break;
    }
  }
  close_chain(c);
  return c.ret;
}

// Moves the steps of the open node into HclFile::steps; no node is open after.
void Parser::close_chain(Chain& c) {
  if (c.open == kNone) return;
  Expr& e = f_.exprs[c.open];
  e.steps = static_cast<uint32_t>(f_.steps.size());
  e.step_count = static_cast<uint32_t>(step_scratch_.size() - c.step_base);
  f_.steps.insert(f_.steps.end(), step_scratch_.begin() + static_cast<std::ptrdiff_t>(c.step_base),
                  step_scratch_.end());
  step_scratch_.resize(c.step_base);
  c.open = kNone;
}

// Adds a step to the open node, opening a Traversal when no node is open.
void Parser::add_step(Chain& c, const Step& st) {
  if (c.open == kNone) {
    Expr t;
    t.kind = ExprKind::Traversal;
    t.range = Range{c.from_begin, st.range.end};
    t.a = c.ret;
    c.ret = c.open = add(t);
  }
  step_scratch_.push_back(st);
  f_.exprs[c.open].range.end = st.range.end;
}

// At '.': an attribute (.name), an old-style index (.0) or a ".*" splat.
void Parser::parse_dot_step(Chain& c) {
  Tok dot = read();
  Tok attr = peek();
  if (attr.type == T::Ident) {
    read();
    add_step(c, Step{StepKind::Attr, Range{begin(dot), end(attr)}, range(attr), kNone});
  } else if (attr.type == T::Number) {
    read();
    legacy_index(attr);
    add_step(c, Step{StepKind::LegacyIndex, Range{begin(dot), end(attr)}, range(attr), kNone});
  } else if (attr.type == T::Star) {
    parse_attr_splat(c, dot);
  } else {
    fail(begin(attr), "expected an attribute name after '.', found " + what(attr));
  }
}

// The ".*" splat, after its '.': what it takes from each item is the .name and .0
// steps that follow it (and nothing else).
void Parser::parse_attr_splat(Chain& c, Tok dot) {
  Tok star = read();
  close_chain(c);
  Expr item;
  item.kind = ExprKind::SplatItem;
  item.range = Range{begin(dot), end(star)};
  Id item_id = add(item);
  Id each = item_id;
  uint32_t last_end = end(star);
  size_t each_base = step_scratch_.size();
  while (peek().type == T::Dot) {
    Tok d = read();
    Tok n = peek();
    if (n.type == T::Number) {
      read();
      legacy_index(n);
      step_scratch_.push_back(Step{StepKind::LegacyIndex, Range{begin(d), end(n)}, range(n), kNone});
      last_end = end(n);
      continue;
    }
    if (n.type != T::Ident) {
      if (n.type == T::Star)
        fail(begin(n), "a '.*' splat cannot contain another splat; use [*] for the inner one");
      fail(begin(star), "expected an attribute name after '.', found " + what(n));
    }
    read();
    step_scratch_.push_back(Step{StepKind::Attr, Range{begin(d), end(n)}, range(n), kNone});
    last_end = end(n);
  }
  if (step_scratch_.size() > each_base) {
    Expr t;
    t.kind = ExprKind::Traversal;
    t.a = item_id;
    t.range = Range{step_scratch_[each_base].range.begin, last_end};
    t.steps = static_cast<uint32_t>(f_.steps.size());
    t.step_count = static_cast<uint32_t>(step_scratch_.size() - each_base);
    f_.steps.insert(f_.steps.end(), step_scratch_.begin() + static_cast<std::ptrdiff_t>(each_base),
                    step_scratch_.end());
    step_scratch_.resize(each_base);
    each = add(t);
  }
  Expr sp;
  sp.kind = ExprKind::Splat;
  sp.flags = kAttrOnly;
  sp.range = Range{c.from_begin, last_end};
  sp.a = c.ret;
  sp.b = each;
  c.ret = add(sp);
}

// At '[': a full splat ([*]) or an index ([key]); an index with a literal key is a
// step, any other is an Index node.
void Parser::parse_bracket_step(Chain& c) {
  Tok open_brack = read();
  if (peek().type == T::Star) {
    parse_full_splat(c, open_brack);
    return;
  }
  Id key;
  Tok close;
  {
    Newlines nl(this, false);
    key = parse_expression();
    close = read();
    if (close.type != T::CBrack)
      fail(find_close_bracket(), "expected ']' to close the index opened at " + here(begin(open_brack)));
  }
  Range whole{begin(open_brack), end(close)};
  if (is_literal_key(key)) {
    add_step(c, Step{StepKind::Index, whole, f_.exprs[key].range, key});
  } else {
    close_chain(c);
    Expr ix;
    ix.kind = ExprKind::Index;
    ix.range = Range{c.from_begin, whole.end};
    ix.a = c.ret;
    ix.b = key;
    c.ret = add(ix);
  }
}

// The full splat "[*]", after its '[': what it takes from each item is every step
// that follows it.
void Parser::parse_full_splat(Chain& c, Tok open_brack) {
  read();  // '*'
  Tok close = read();
  if (close.type != T::CBrack)
    fail(find_close_bracket(), "expected ']' right after '[*'; a full splat is written [*]");
  close_chain(c);
  Depth depth(this, begin(open_brack));
  Expr item;
  item.kind = ExprKind::SplatItem;
  item.range = Range{begin(open_brack), end(close)};
  Id item_id = add(item);
  Id each = parse_traversals(item_id);
  Expr sp;
  sp.kind = ExprKind::Splat;
  sp.range = Range{c.from_begin, f_.exprs[each].range.end};
  sp.a = c.ret;
  sp.b = each;
  c.ret = add(sp);
}

// A key that makes [key] a step: a number, bool, null or a string without
// interpolation.
bool Parser::is_literal_key(Id key) const {
  const Expr& k = f_.exprs[key];
  if (k.kind == ExprKind::Number || k.kind == ExprKind::Bool || k.kind == ExprKind::Null) return true;
  if (k.kind != ExprKind::Template) return false;
  return k.item_count == 0 || (k.item_count == 1 && f_.exprs[f_.lists[k.items]].kind == ExprKind::String);
}

void Parser::legacy_index(Tok num) {
  std::string_view n = text(num);
  size_t dot = n.find('.');
  if (dot != std::string_view::npos) {
    soft(begin(num), "'." + std::string(n) + "' chains two old-style indexes; write [" + std::string(n.substr(0, dot)) +
                         "][" + std::string(n.substr(dot + 1)) + "]");
    return;
  }
  check_number(num);
}

}  // namespace detail
}  // namespace hcl
}  // namespace amilint
