#include "linter/eval/hcl_eval.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "linter/load/hcl/json_syntax.h"
#include "linter/model/regions.h"

namespace amilint {

using hcl::ExprKind;
using hcl::HclFile;
using hcl::Id;
using hcl::kNone;
using Kind = EvalValue::Kind;

namespace {

// Ranges inside `within` (a JSON string the value was computed from) become `within`:
// findings point at the string, as a JSON string has no finer positions to show.
void pull_into(EvalValue& v, Range within) {
  auto inside = [&](const Range& r) { return r.file == within.file && r.begin >= within.begin && r.end <= within.end; };
  if (inside(v.range)) v.range = within;
  if (v.map_read && inside(v.map_read->range)) {
    auto mr = std::make_shared<MapRead>(*v.map_read);
    mr->range = within;
    v.map_read = std::move(mr);
  }
  for (auto& i : v.items) pull_into(i, within);
  for (auto& f : v.fields) pull_into(f.second, within);
  for (auto& k : v.key_ranges)
    if (k.file == within.file && k.begin >= within.begin && k.end <= within.end) k = within;
}

bool region_like(const std::string& s) { return looks_like_region(s) || is_known_region(s); }

// A map whose keys look like region names (any of them: a typo'd key is still one).
bool region_keyed(const EvalValue& map) {
  for (const auto& f : map.fields)
    if (region_like(f.first)) return true;
  return false;
}

}  // namespace

namespace hcl_values {

bool truthy(const EvalValue& v, bool& out) {
  if ((v.kind == Kind::Bool || v.kind == Kind::String) && (v.text == "true" || v.text == "false")) {
    out = v.text == "true";
    return true;
  }
  return false;
}

bool number(const EvalValue& v, double& out) {
  if (v.kind != Kind::Number && v.kind != Kind::String) return false;
  if (v.text.empty()) return false;
  char* end = nullptr;
  out = std::strtod(v.text.c_str(), &end);
  return end && *end == '\0' && std::isfinite(out);
}

std::string number_text(double d) {
  if (d == std::floor(d) && std::fabs(d) < 1e15) return std::to_string(static_cast<long long>(d));
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.17g", d);
  return buf;
}

std::string instance_key(const EvalValue& key) {
  if (key.kind == Kind::Number) return "[" + key.text + "]";
  return "[\"" + key.text + "\"]";
}

}  // namespace hcl_values

EvalValue Scope::reference(HclEvaluator&, uint32_t file, const hcl::ReferenceView& ref, int, size_t& consumed) {
  consumed = ref.step_count;
  return HclEvaluator::unknown(HclEvaluator::at(file, ref.range),
                               "'" + std::string(ref.root) + "' is not something amilint resolves");
}

EvalValue HclEvaluator::unknown(Range r, std::string reason) {
  EvalValue v;
  v.kind = Kind::Unknown;
  v.range = r;
  v.reason = std::move(reason);
  return v;
}

EvalValue HclEvaluator::failure(Range r, std::string reason) {
  EvalValue v = unknown(r, std::move(reason));
  v.failed = true;
  return v;
}

EvalValue HclEvaluator::string(std::string text, Range r) {
  EvalValue v;
  v.kind = Kind::String;
  v.text = std::move(text);
  v.range = r;
  return v;
}

EvalValue HclEvaluator::eval(Scope& scope, uint32_t fid, Id id, int depth) {
  const HclFile& f = file(fid);
  if (id == kNone) return unknown({}, "no value");
  const hcl::Expr& e = f.expr(id);
  Range r = at(fid, e.range);
  if (depth > 96) return unknown(r, "too deeply nested references");
  if (e.kind == ExprKind::TemplateWrap && (e.flags & hcl::kJsonString)) return json_string(scope, fid, e, depth);
  if (auto lit = f.as_literal(id)) return literal(fid, id, *lit);
  if (auto ref = f.as_reference(id)) return reference(scope, fid, *ref, depth);
  const hcl::Expr& u = f.expr(f.unwrap(id));
  switch (u.kind) {
    case ExprKind::Tuple: return tuple(scope, fid, u, r, depth);
    case ExprKind::Object: return object(scope, fid, u, r, depth);
    case ExprKind::Template: return templ(scope, fid, u, r, depth);
    case ExprKind::Call: return call(scope, fid, u, r, depth);
    case ExprKind::Conditional: return conditional(scope, fid, u, r, depth);
    case ExprKind::Unary:
    case ExprKind::Binary: return operation(scope, fid, u, r, depth);
    case ExprKind::For: return for_expr(scope, fid, u, r, depth);
    case ExprKind::Traversal: {
      EvalValue base = eval(scope, fid, u.a, depth + 1);
      return steps(scope, fid, std::move(base), f.steps_of(u), u.step_count, at(fid, f.expr(u.a).range), depth);
    }
    case ExprKind::Index: {
      EvalValue coll = eval(scope, fid, u.a, depth + 1);
      EvalValue key = eval(scope, fid, u.b, depth + 1);
      return index(coll, key, r, std::string(f.source(f.expr(u.a).range)), false);
    }
    default: return unknown(r, "an expression evaluated by Terraform");
  }
}

EvalValue HclEvaluator::reference(Scope& scope, uint32_t fid, const hcl::ReferenceView& ref, int depth) {
  const HclFile& f = file(fid);
  std::string root(ref.root);
  Range whole = at(fid, ref.range);
  for (size_t i = bound_.size(); i-- > 0;)
    if (bound_[i].first == root) {
      EvalValue v = bound_[i].second;
      v.range = at(fid, ref.root_range);
      return steps(scope, fid, std::move(v), ref.steps, ref.step_count, at(fid, ref.root_range), depth);
    }
  if (root == "var" || root == "local") {
    if (ref.step_count == 0 || ref.steps[0].kind != hcl::StepKind::Attr) return unknown(whole, "an incomplete reference");
    std::string name(f.source(ref.steps[0].name));
    Range first{ref.range.begin, ref.steps[0].range.end, fid};
    EvalValue v = root == "var" ? variable(scope, name, first, depth) : local(scope, name, first, depth);
    if (ref.step_count == 1) return v;
    return steps(scope, fid, std::move(v), ref.steps + 1, ref.step_count - 1, first, depth);
  }
  size_t consumed = 0;
  EvalValue v = scope.reference(*this, fid, ref, depth, consumed);
  if (consumed >= ref.step_count) return v;
  Range begin{ref.range.begin, consumed ? ref.steps[consumed - 1].range.end : ref.root_range.end, fid};
  return steps(scope, fid, std::move(v), ref.steps + consumed, ref.step_count - consumed, begin, depth);
}

// Attribute and index steps applied to v, whose expression ends at `begin`.
EvalValue HclEvaluator::steps(Scope& scope, uint32_t fid, EvalValue v, const hcl::Step* st, size_t n, Range begin,
                              int depth) {
  const HclFile& f = file(fid);
  for (size_t i = 0; i < n; ++i) {
    const hcl::Step& s = st[i];
    EvalValue key;
    bool constant = true;
    if (s.kind == hcl::StepKind::Attr) {
      key = string(std::string(f.source(s.name)), at(fid, s.name));
      constant = false;  // `.web`: a field name, not a key written as data
    } else if (s.kind == hcl::StepKind::LegacyIndex) {
      key.kind = Kind::Number;
      key.text = std::string(f.source(s.name));
      key.range = at(fid, s.name);
    } else {
      key = eval(scope, fid, s.key, depth + 1);
    }
    Range r{begin.begin, s.range.end, fid};
    if (v.kind == Kind::Reference && s.kind == hcl::StepKind::Attr) {  // data.aws_ami.x.id: the attribute read
      if (v.attr.empty()) v.attr = key.text;
      v.range = r;
    } else {
      std::string name(f.source(Range{begin.begin, begin.end, fid}));
      v = index(v, key, r, name, constant && key.known());
    }
    begin.end = s.range.end;
  }
  return v;
}

EvalValue HclEvaluator::index(const EvalValue& coll, const EvalValue& key, Range r, const std::string& name,
                              bool constant_key, const EvalValue* default_value) {
  switch (coll.kind) {
    case Kind::Choice: {
      EvalValue out;
      out.kind = Kind::Choice;
      out.range = r;
      for (const auto& alt : coll.items) out.items.push_back(index(alt, key, r, name, constant_key, default_value));
      return out;
    }
    case Kind::Reference: {  // an instance of a block: aws_instance.web[0], aws_ami_copy.dr["us-west-2"]
      EvalValue out = coll;
      out.range = r;
      if (coll.attr.empty() && key.known()) out.ref += hcl_values::instance_key(key);
      return out;
    }
    default: break;
  }
  EvalValue out;
  if (coll.kind == Kind::Unknown) {
    out = coll;
    out.range = r;
    return out;
  }
  if (coll.kind == Kind::Null) return failure(r, "'" + name + "' is null");
  if (!key.known()) {
    if (key.kind == Kind::Choice) {
      out.kind = Kind::Choice;
      out.range = r;
      for (const auto& k : key.items) out.items.push_back(index(coll, k, r, name, constant_key, default_value));
      return out;
    }
    out = unknown(r, key.reason.empty() ? "a key known only when Terraform runs" : key.reason);
  } else if (coll.kind == Kind::List) {
    double d = 0;
    if (!hcl_values::number(key, d) || d < 0 || d != std::floor(d) || d >= static_cast<double>(coll.items.size()))
      return default_value ? *default_value
                           : failure(r, "'" + name + "' has no element " + key.text + " (it has " +
                                            std::to_string(coll.items.size()) + ")");
    return coll.items[static_cast<size_t>(d)];
  } else if (coll.kind == Kind::Object) {
    const EvalValue* found = coll.field(key.text);
    if (found) out = *found;
    else if (default_value) out = *default_value;
    else out = failure(r, "'" + name + "' has no key '" + key.text + "'");
  } else {
    return failure(r, "'" + name + "' is not a map or a list");
  }
  if (coll.kind != Kind::Object) return out;
  // A read out of a map keyed by regions, or by a region: the adapter judges it as a
  // region-map read. An entry read further (`[var.region].web`) keeps the first read.
  if (region_keyed(coll) || (key.known() && region_like(key.text))) {
    auto mr = std::make_shared<MapRead>();
    mr->map = coll;
    mr->map.map_read.reset();
    mr->name = name;
    mr->key = key;
    mr->constant_key = constant_key;
    mr->has_default = default_value != nullptr;
    mr->range = r;
    out.map_read = std::move(mr);
  } else if (coll.map_read && key.known()) {
    auto mr = std::make_shared<MapRead>(*coll.map_read);
    mr->then.push_back(key.text);
    mr->range = r;
    out.map_read = std::move(mr);
  }
  return out;
}

EvalValue HclEvaluator::literal(uint32_t fid, Id id, const hcl::LiteralView& lit) const {
  const HclFile& f = file(fid);
  EvalValue v;
  v.range = at(fid, lit.range);
  v.text = lit.text;
  switch (lit.type) {
    case ExprKind::String: v.kind = Kind::String; break;
    case ExprKind::Number: v.kind = Kind::Number; break;
    case ExprKind::Bool: v.kind = Kind::Bool; break;
    default: v.kind = Kind::Null; break;
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
  v.kind = Kind::List;
  v.range = r;
  const Id* items = f.items(e);
  for (uint32_t i = 0; i < e.item_count; ++i) v.items.push_back(eval(scope, fid, items[i], depth + 1));
  return v;
}

EvalValue HclEvaluator::object(Scope& scope, uint32_t fid, const hcl::Expr& e, Range r, int depth) {
  const HclFile& f = file(fid);
  EvalValue v;
  v.kind = Kind::Object;
  v.range = r;
  const Id* items = f.items(e);
  for (uint32_t i = 0; i + 1 < e.item_count; i += 2) {
    std::string key;
    if (auto k = f.as_literal(items[i])) {
      key = k->text;
    } else if (auto kr = f.as_reference(items[i]); kr && kr->step_count == 0) {
      key = std::string(kr->root);
    } else {  // (var.k) = v: a key computed from a known value
      EvalValue kv = eval(scope, fid, items[i], depth + 1);
      if (!kv.known()) continue;
      key = kv.text;
    }
    EvalValue value = eval(scope, fid, items[i + 1], depth + 1);
    bool replaced = false;  // a later key wins, as in Terraform
    for (size_t k = 0; k < v.fields.size() && !replaced; ++k)
      if (v.fields[k].first == key) {
        v.fields[k].second = std::move(value);
        v.key_ranges[k] = at(fid, f.expr(items[i]).range);
        replaced = true;
      }
    if (replaced) continue;
    v.fields.emplace_back(key, std::move(value));
    v.key_ranges.push_back(at(fid, f.expr(items[i]).range));
  }
  return v;
}

// A template whose every part is known is the joined string.
EvalValue HclEvaluator::templ(Scope& scope, uint32_t fid, const hcl::Expr& e, Range r, int depth) {
  const HclFile& f = file(fid);
  std::string text;
  const Id* items = f.items(e);
  EvalValue u;  // the first unknown part's reason, when string_patterns goes on past it
  bool has_unknown = false;
  for (uint32_t i = 0; i < e.item_count; ++i) {
    const hcl::Expr& part = f.expr(items[i]);
    if (part.kind == ExprKind::String) {
      text += f.str(part.str);
      continue;
    }
    EvalValue pv = eval(scope, fid, items[i], depth + 1);
    if (!pv.known()) {
      if (!has_unknown) {
        u = unknown(r, pv.reason.empty() ? "a string built from unknown values" : pv.reason);
        u.failed = pv.failed;
        has_unknown = true;
      }
      if (!string_patterns || pv.failed) return u;
      text += pv.kind == EvalValue::Kind::Unknown && !pv.text.empty() ? pv.text : "*";
      continue;
    }
    text += pv.text;
  }
  if (has_unknown) {
    u.text = std::move(text);
    return u;
  }
  return string(std::move(text), r);
}

// The branch taken when the condition is known; else both, as a Choice.
EvalValue HclEvaluator::conditional(Scope& scope, uint32_t fid, const hcl::Expr& e, Range r, int depth) {
  EvalValue cond = eval(scope, fid, e.a, depth + 1);
  bool b = false;
  if (hcl_values::truthy(cond, b)) return eval(scope, fid, b ? e.b : e.c, depth + 1);
  if (cond.failed) return cond;
  EvalValue v;
  v.kind = Kind::Choice;
  v.range = r;
  v.items.push_back(eval(scope, fid, e.b, depth + 1));
  v.items.push_back(eval(scope, fid, e.c, depth + 1));
  return v;
}

EvalValue HclEvaluator::operation(Scope& scope, uint32_t fid, const hcl::Expr& e, Range r, int depth) {
  using hcl::Op;
  auto boolean = [&](bool b) {
    EvalValue v;
    v.kind = Kind::Bool;
    v.text = b ? "true" : "false";
    v.range = r;
    return v;
  };
  auto give_up = [&](const EvalValue& x) {
    EvalValue u = unknown(r, x.reason.empty() ? "an operation on values known only when Terraform runs" : x.reason);
    u.failed = x.failed;
    return u;
  };
  EvalValue a = eval(scope, fid, e.a, depth + 1);
  if (e.kind == ExprKind::Unary) {
    bool b = false;
    double d = 0;
    if (e.op == Op::Not && hcl_values::truthy(a, b)) return boolean(!b);
    if (e.op == Op::Negate && hcl_values::number(a, d)) {
      EvalValue v;
      v.kind = Kind::Number;
      v.text = hcl_values::number_text(-d);
      v.range = r;
      return v;
    }
    return give_up(a);
  }
  // && and || decide on one known side.
  bool ab = false, bb = false;
  if (e.op == Op::And && hcl_values::truthy(a, ab) && !ab) return boolean(false);
  if (e.op == Op::Or && hcl_values::truthy(a, ab) && ab) return boolean(true);
  EvalValue c = eval(scope, fid, e.b, depth + 1);
  if (e.op == Op::And || e.op == Op::Or) {
    bool ak = hcl_values::truthy(a, ab), bk = hcl_values::truthy(c, bb);
    if (bk && bb == (e.op == Op::Or)) return boolean(bb);
    if (ak && bk) return boolean(e.op == Op::And ? ab && bb : ab || bb);
    return give_up(ak ? c : a);
  }
  if (e.op == Op::Equal || e.op == Op::NotEqual) {
    bool ka = a.known() || a.kind == Kind::Null, kc = c.known() || c.kind == Kind::Null;
    if (!ka || !kc) return give_up(ka ? c : a);
    double x = 0, y = 0;
    bool eq = a.kind == Kind::Null || c.kind == Kind::Null ? a.kind == c.kind
              : a.kind == Kind::Number && c.kind == Kind::Number && hcl_values::number(a, x) && hcl_values::number(c, y)
                  ? x == y
                  : a.kind == c.kind && a.text == c.text;
    return boolean(e.op == Op::Equal ? eq : !eq);
  }
  double x = 0, y = 0;
  if (!hcl_values::number(a, x) || !hcl_values::number(c, y)) return give_up(hcl_values::number(a, x) ? c : a);
  switch (e.op) {
    case Op::Less: return boolean(x < y);
    case Op::LessEqual: return boolean(x <= y);
    case Op::Greater: return boolean(x > y);
    case Op::GreaterEqual: return boolean(x >= y);
    default: break;
  }
  double out = 0;
  switch (e.op) {
    case Op::Add: out = x + y; break;
    case Op::Subtract: out = x - y; break;
    case Op::Multiply: out = x * y; break;
    case Op::Divide:
      if (y == 0) return failure(r, "division by zero");
      out = x / y;
      break;
    case Op::Modulo:
      if (y == 0) return failure(r, "division by zero");
      out = std::fmod(x, y);
      break;
    default: return give_up(a);
  }
  EvalValue v;
  v.kind = Kind::Number;
  v.text = hcl_values::number_text(out);
  v.range = r;
  return v;
}

// [for k, v in coll : x if cond] and {for k, v in coll : key => x if cond} over a
// known collection.
EvalValue HclEvaluator::for_expr(Scope& scope, uint32_t fid, const hcl::Expr& e, Range r, int depth) {
  const HclFile& f = file(fid);
  EvalValue coll = eval(scope, fid, e.a, depth + 1);
  if (coll.kind != Kind::List && coll.kind != Kind::Object) {
    EvalValue u = unknown(r, coll.reason.empty() ? "a for expression over values known only when Terraform runs" : coll.reason);
    u.failed = coll.failed || coll.kind == Kind::Null;
    return u;
  }
  bool object = e.flags & hcl::kForObject;
  std::string key_name = e.key_name.empty() ? std::string() : std::string(f.source(e.key_name));
  std::string value_name(f.source(e.name));
  EvalValue out;
  out.kind = object ? Kind::Object : Kind::List;
  out.range = r;
  size_t n = coll.kind == Kind::List ? coll.items.size() : coll.fields.size();
  if (n > 10000) return unknown(r, "a for expression over more than 10000 items");
  for (size_t i = 0; i < n; ++i) {
    EvalValue k = coll.kind == Kind::List ? EvalValue{} : string(coll.fields[i].first, coll.fields[i].second.range);
    if (coll.kind == Kind::List) {
      k.kind = Kind::Number;
      k.text = std::to_string(i);
      k.range = coll.items[i].range;
    }
    const EvalValue& item = coll.kind == Kind::List ? coll.items[i] : coll.fields[i].second;
    size_t bound = 0;
    if (!key_name.empty()) {
      bind(key_name, k);
      ++bound;
    }
    bind(value_name, item);
    ++bound;
    bool keep = true;
    if (e.d != kNone) {
      EvalValue c = eval(scope, fid, e.d, depth + 1);
      if (!hcl_values::truthy(c, keep)) {
        while (bound--) unbind();
        return unknown(r, "a for expression whose condition is known only when Terraform runs");
      }
    }
    if (keep) {
      EvalValue v = eval(scope, fid, e.c, depth + 1);
      if (object) {
        EvalValue kv = eval(scope, fid, e.b, depth + 1);
        if (!kv.known()) {
          while (bound--) unbind();
          return unknown(r, "a for expression whose keys are known only when Terraform runs");
        }
        out.fields.emplace_back(kv.text, std::move(v));
        out.key_ranges.push_back(kv.range);
      } else {
        out.items.push_back(std::move(v));
      }
    }
    while (bound--) unbind();
  }
  return out;
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
  if (it == scope.locals.end()) return failure(r, "local '" + name + "' is not defined");
  // Evaluated once: a local read by many others costs one evaluation, not one per
  // path to it (locals cannot read `each` or `count`, so the value is the same).
  auto done = scope.local_values.find(name);
  if (done != scope.local_values.end()) return done->second;
  if (scope.evaluating.count(name)) return unknown(r, "local '" + name + "' refers to itself");
  scope.evaluating.insert(name);
  EvalValue v = eval(scope, it->second, depth + 1);
  scope.evaluating.erase(name);
  scope.local_values.emplace(name, v);
  return v;
}

EvalValue HclEvaluator::eval_body(Scope& scope, uint32_t fid, Id body_id, int depth) {
  EvalValue obj;
  obj.kind = Kind::Object;
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
      if (fl.first == type && fl.second.kind == Kind::List) list = &fl.second;
    if (!list) {
      EvalValue l;
      l.kind = Kind::List;
      l.range = at(fid, nb.type);
      obj.fields.emplace_back(type, std::move(l));
      list = &obj.fields.back().second;
    }
    list->items.push_back(std::move(v));
  }
  return obj;
}

}  // namespace amilint
