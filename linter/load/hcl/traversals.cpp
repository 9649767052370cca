// The HCL parser's traversals: the steps after a term (.name, .0, [key], [*] and
// .*), see parser.h.
#include <string>

#include "linter/load/hcl/parser.h"

namespace amilint {
namespace hcl {
namespace detail {

// The steps after a term: .name, .0, [key], [*] and .*.
Id Parser::parse_traversals(Id from) {
  const uint32_t from_begin = f_.exprs[from].range.begin;
  Id ret = from;
  // `open` is the Reference or Traversal whose steps are collecting in
  // step_scratch_[step_base..]; other nodes are made around it once it is closed.
  Id open = f_.exprs[from].kind == ExprKind::Reference ? from : kNone;
  size_t step_base = step_scratch_.size();
  auto close_open = [&]() {
    if (open == kNone) return;
    Expr& e = f_.exprs[open];
    e.steps = static_cast<uint32_t>(f_.steps.size());
    e.step_count = static_cast<uint32_t>(step_scratch_.size() - step_base);
    f_.steps.insert(f_.steps.end(), step_scratch_.begin() + static_cast<std::ptrdiff_t>(step_base),
                    step_scratch_.end());
    step_scratch_.resize(step_base);
    open = kNone;
  };
  auto add_step = [&](const Step& st) {
    if (open == kNone) {
      Expr t;
      t.kind = ExprKind::Traversal;
      t.range = Range{from_begin, st.range.end};
      t.a = ret;
      ret = open = add(t);
    }
    step_scratch_.push_back(st);
    f_.exprs[open].range.end = st.range.end;
  };

  for (;;) {
    Tok next = peek();
    if (next.type == T::Dot) {
      Tok dot = read();
      Tok attr = peek();
      if (attr.type == T::Ident) {
        read();
        add_step(Step{StepKind::Attr, Range{begin(dot), end(attr)}, range(attr), kNone});
      } else if (attr.type == T::Number) {
        read();
        legacy_index(attr);
        add_step(Step{StepKind::LegacyIndex, Range{begin(dot), end(attr)}, range(attr), kNone});
      } else if (attr.type == T::Star) {
        Tok star = read();
        close_open();
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
        sp.range = Range{from_begin, last_end};
        sp.a = ret;
        sp.b = each;
        ret = add(sp);
      } else {
        fail(begin(attr), "expected an attribute name after '.', found " + what(attr));
      }
      continue;
    }
    if (next.type == T::OBrack) {
      Tok open_brack = read();
      if (peek().type == T::Star) {
        read();
        Tok close = read();
        if (close.type != T::CBrack)
          fail(find_close_bracket(), "expected ']' right after '[*'; a full splat is written [*]");
        close_open();
        Depth depth(this, begin(open_brack));
        Expr item;
        item.kind = ExprKind::SplatItem;
        item.range = Range{begin(open_brack), end(close)};
        Id item_id = add(item);
        Id each = parse_traversals(item_id);
        Expr sp;
        sp.kind = ExprKind::Splat;
        sp.range = Range{from_begin, f_.exprs[each].range.end};
        sp.a = ret;
        sp.b = each;
        ret = add(sp);
        continue;
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
        add_step(Step{StepKind::Index, whole, f_.exprs[key].range, key});
      } else {
        close_open();
        Expr ix;
        ix.kind = ExprKind::Index;
        ix.range = Range{from_begin, whole.end};
        ix.a = ret;
        ix.b = key;
        ret = add(ix);
      }
      continue;
    }
    break;
  }
  close_open();
  return ret;
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
