// The HclFile helpers that see through parentheses and one-interpolation templates
// (see hcl.h).
#include "linter/load/hcl/hcl.h"

namespace amilint {
namespace hcl {

Id HclFile::unwrap(Id id) const {
  while (id != kNone) {
    const Expr& e = exprs[id];
    if (e.kind != ExprKind::Parens && e.kind != ExprKind::TemplateWrap) break;
    id = e.a;
  }
  return id;
}

std::optional<ReferenceView> HclFile::as_reference(Id id) const {
  id = unwrap(id);
  if (id == kNone || exprs[id].kind != ExprKind::Reference) return std::nullopt;
  const Expr& e = exprs[id];
  ReferenceView v;
  v.root = source(e.name);
  v.root_range = e.name;
  v.steps = steps.data() + e.steps;
  v.step_count = e.step_count;
  v.range = e.range;
  return v;
}

std::optional<LiteralView> HclFile::as_literal(Id id) const {
  id = unwrap(id);
  if (id == kNone) return std::nullopt;
  const Expr& e = exprs[id];
  LiteralView v;
  v.type = e.kind;
  v.range = e.range;
  switch (e.kind) {
    case ExprKind::Number: v.text = std::string(source(e.range)); return v;
    case ExprKind::Bool: v.text = (e.flags & kTrue) ? "true" : "false"; return v;
    case ExprKind::Null: v.text = "null"; return v;
    case ExprKind::Template:
      if (e.item_count == 0) {
        v.type = ExprKind::String;
        return v;
      }
      if (e.item_count == 1 && exprs[lists[e.items]].kind == ExprKind::String) {
        v.type = ExprKind::String;
        v.text = std::string(str(exprs[lists[e.items]].str));
        return v;
      }
      return std::nullopt;
    default:
      return std::nullopt;
  }
}

}  // namespace hcl
}  // namespace amilint
