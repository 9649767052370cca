#include "linter/eval/hcl_eval.h"

#include "linter/load/hcl/json_syntax.h"

namespace amilint {

using hcl::ExprKind;
using hcl::HclFile;
using hcl::Id;
using hcl::kNone;

namespace {

// Ranges inside `within` (a JSON string the value was computed from) become `within`:
// findings point at the string, as a JSON string has no finer positions to show.
void pull_into(EvalValue& v, Range within) {
  if (v.range.file == within.file && v.range.begin >= within.begin && v.range.end <= within.end) v.range = within;
  for (auto& i : v.items) pull_into(i, within);
  for (auto& f : v.fields) pull_into(f.second, within);
}

}  // namespace

EvalValue Scope::reference(HclEvaluator&, uint32_t file, const hcl::ReferenceView& ref, int) {
  return HclEvaluator::unknown(HclEvaluator::at(file, ref.range),
                               "'" + std::string(ref.root) + "' is not something amilint resolves");
}

EvalValue HclEvaluator::unknown(Range r, std::string reason) {
  EvalValue v;
  v.kind = EvalValue::Kind::Unknown;
  v.range = r;
  v.reason = std::move(reason);
  return v;
}

EvalValue HclEvaluator::eval(Scope& scope, uint32_t fid, Id id, int depth) {
  const HclFile& f = file(fid);
  if (id == kNone) return unknown({}, "no value");
  const hcl::Expr& e = f.expr(id);
  Range r = at(fid, e.range);
  if (depth > 24) return unknown(r, "too deeply nested references");
  if (e.kind == ExprKind::TemplateWrap && (e.flags & hcl::kJsonString)) return json_string(scope, fid, e, depth);
  if (auto lit = f.as_literal(id)) return literal(fid, id, *lit);
  if (auto ref = f.as_reference(id)) {
    std::string root(ref->root);
    std::string name = ref->step_count && ref->steps[0].kind == hcl::StepKind::Attr
                           ? std::string(f.source(ref->steps[0].name))
                           : std::string();
    if (root == "var") return variable(scope, name, at(fid, ref->range), depth);
    if (root == "local") return local(scope, name, at(fid, ref->range), depth);
    return scope.reference(*this, fid, *ref, depth);
  }
  const hcl::Expr& u = f.expr(f.unwrap(id));
  switch (u.kind) {
    case ExprKind::Tuple: return tuple(scope, fid, u, r, depth);
    case ExprKind::Object: return object(scope, fid, u, r, depth);
    case ExprKind::Template: return templ(scope, fid, u, r, depth);
    case ExprKind::Call: return unknown(r, "the result of " + std::string(f.source(u.name)) + "()");
    case ExprKind::Conditional: return unknown(r, "a conditional expression");
    default: return unknown(r, "an expression evaluated by Terraform");
  }
}

EvalValue HclEvaluator::literal(uint32_t fid, Id id, const hcl::LiteralView& lit) const {
  const HclFile& f = file(fid);
  EvalValue v;
  v.range = at(fid, lit.range);
  v.text = lit.text;
  switch (lit.type) {
    case ExprKind::String: v.kind = EvalValue::Kind::String; break;
    case ExprKind::Number: v.kind = EvalValue::Kind::Number; break;
    case ExprKind::Bool: v.kind = EvalValue::Kind::Bool; break;
    default: v.kind = EvalValue::Kind::Null; break;
  }
  // A heredoc whose body is its value verbatim (no indentation stripped, no escapes):
  // its range is the body, so that an offset into the value is one into the file
  // (the adapter points into JSON policy documents with it).
  const hcl::Expr& le = f.expr(f.unwrap(id));
  if (lit.type == ExprKind::String && le.kind == ExprKind::Template && (le.flags & hcl::kHeredoc) && le.item_count == 1) {
    const hcl::Expr& part = f.expr(f.items(le)[0]);
    if (part.kind == ExprKind::String && f.source(part.range) == lit.text) v.range = at(fid, part.range);
  }
  return v;
}

// A JSON-syntax string template: its value, with what it computed pointing at the string.
EvalValue HclEvaluator::json_string(Scope& scope, uint32_t fid, const hcl::Expr& e, int depth) {
  Range r = at(fid, e.range);
  if (e.a == kNone) return unknown(r, "a template amilint cannot read");
  EvalValue v = eval(scope, fid, e.a, depth + 1);
  pull_into(v, r);
  return v;
}

EvalValue HclEvaluator::tuple(Scope& scope, uint32_t fid, const hcl::Expr& e, Range r, int depth) {
  const HclFile& f = file(fid);
  EvalValue v;
  v.kind = EvalValue::Kind::List;
  v.range = r;
  const Id* items = f.items(e);
  for (uint32_t i = 0; i < e.item_count; ++i) v.items.push_back(eval(scope, fid, items[i], depth + 1));
  return v;
}

EvalValue HclEvaluator::object(Scope& scope, uint32_t fid, const hcl::Expr& e, Range r, int depth) {
  const HclFile& f = file(fid);
  EvalValue v;
  v.kind = EvalValue::Kind::Object;
  v.range = r;
  const Id* items = f.items(e);
  for (uint32_t i = 0; i + 1 < e.item_count; i += 2) {
    std::string key;
    if (auto k = f.as_literal(items[i])) key = k->text;
    else if (auto kr = f.as_reference(items[i]); kr && kr->step_count == 0) key = std::string(kr->root);
    else continue;
    v.fields.emplace_back(key, eval(scope, fid, items[i + 1], depth + 1));
  }
  return v;
}

// A template whose every part is known is the joined string.
EvalValue HclEvaluator::templ(Scope& scope, uint32_t fid, const hcl::Expr& e, Range r, int depth) {
  const HclFile& f = file(fid);
  std::string text;
  const Id* items = f.items(e);
  for (uint32_t i = 0; i < e.item_count; ++i) {
    const hcl::Expr& part = f.expr(items[i]);
    if (part.kind == ExprKind::String) {
      text += f.str(part.str);
      continue;
    }
    EvalValue pv = eval(scope, fid, items[i], depth + 1);
    if (!pv.known()) return unknown(r, pv.reason.empty() ? "a string built from unknown values" : pv.reason);
    text += pv.text;
  }
  EvalValue v;
  v.kind = EvalValue::Kind::String;
  v.text = text;
  v.range = r;
  return v;
}

EvalValue HclEvaluator::variable(Scope& scope, const std::string& name, Range r, int depth) {
  auto it = scope.inputs.find(name);
  if (it != scope.inputs.end()) return it->second;
  auto d = scope.variable_defaults.find(name);
  if (d != scope.variable_defaults.end() && d->second.has()) {
    std::unique_ptr<Scope> constants = scope.constants();  // defaults are constants
    return eval(*constants, d->second, depth + 1);
  }
  return unknown(r, "variable '" + name + "' has no value: no default and no tfvars");
}

EvalValue HclEvaluator::local(Scope& scope, const std::string& name, Range r, int depth) {
  auto it = scope.locals.find(name);
  if (it == scope.locals.end()) return unknown(r, "local '" + name + "' is not defined");
  if (scope.evaluating.count(name)) return unknown(r, "local '" + name + "' refers to itself");
  scope.evaluating.insert(name);
  EvalValue v = eval(scope, it->second, depth + 1);
  scope.evaluating.erase(name);
  return v;
}

EvalValue HclEvaluator::eval_body(Scope& scope, uint32_t fid, Id body_id, int depth) {
  EvalValue obj;
  obj.kind = EvalValue::Kind::Object;
  if (body_id == kNone || depth > 32) return obj;
  const HclFile& f = file(fid);
  const hcl::Body& body = f.bodies[body_id];
  obj.range = at(fid, body.range);
  const hcl::BodyItem* items = f.items(body);
  for (uint32_t i = 0; i < body.item_count; ++i) {
    if (!items[i].is_block) {
      const hcl::Attribute& a = f.attributes[items[i].index];
      obj.fields.emplace_back(hcl::name_text(f, a.name), eval(scope, fid, a.value, 0));
      continue;
    }
    const hcl::Block& nb = f.blocks[items[i].index];
    std::string type = hcl::name_text(f, nb.type);
    if (type == "dynamic" || type == "lifecycle") continue;
    EvalValue v = eval_body(scope, fid, nb.body, depth + 1);
    v.range = at(fid, nb.type);
    EvalValue* list = nullptr;
    for (auto& fl : obj.fields)
      if (fl.first == type && fl.second.kind == EvalValue::Kind::List) list = &fl.second;
    if (!list) {
      EvalValue l;
      l.kind = EvalValue::Kind::List;
      l.range = at(fid, nb.type);
      obj.fields.emplace_back(type, std::move(l));
      list = &obj.fields.back().second;
    }
    list->items.push_back(std::move(v));
  }
  return obj;
}

}  // namespace amilint
