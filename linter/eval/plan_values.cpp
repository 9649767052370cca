// Terraform plan JSON: planned values read into EvalValues (known, null, unknown
// after apply), and the origin traced through the configuration applied to them, so
// that a value taken from a block becomes a Reference (see plan_reader.h).
#include <string>
#include <utility>
#include <vector>

#include "linter/eval/plan_reader.h"
#include "linter/model/model.h"

namespace amilint {
namespace detail {
namespace plan {

// The blocks that produce an AMI ID, by the ID they planned.
void PlanReader::index_ami_sources() {
  for (const auto& s : sources_) {
    const std::string& type = s.parsed.type;
    bool source = s.data ? (type == "aws_ami" || type == "aws_ssm_parameter")
                         : (type == "aws_ami" || type == "aws_ami_copy" || type == "aws_ami_from_instance");
    if (!source || !s.values) continue;
    const char* attr = type == "aws_ssm_parameter" ? "value" : "id";
    const Node* v = s.values->get(attr);
    if (v && v->is_scalar() && claims_ami_id(v->text)) ami_sources_[v->text].emplace_back(s.address, attr);
  }
}

// Without its configuration, a block's values cannot tell a literal from a
// reference. An AMI ID that one AMI source block of the plan produced is taken from
// it; other AMI IDs stay literals.
void PlanReader::infer_untraced(EvalValue& v, const std::string& self) const {
  if (v.kind == EvalValue::Kind::String && claims_ami_id(v.text)) {
    auto it = ami_sources_.find(v.text);
    if (it != ami_sources_.end() && it->second.size() == 1 && it->second[0].first != self) {
      v.kind = EvalValue::Kind::Reference;
      v.ref = it->second[0].first;
      v.attr = it->second[0].second;
    }
    return;
  }
  for (auto& f : v.fields) infer_untraced(f.second, self);
  for (auto& i : v.items) infer_untraced(i, self);
}

EvalValue PlanReader::scalar(const Node* n) {
  EvalValue v;
  v.range = n->range;
  switch (n->type) {
    case ScalarType::String: v.kind = EvalValue::Kind::String; break;
    case ScalarType::Number: v.kind = EvalValue::Kind::Number; break;
    case ScalarType::Bool: v.kind = EvalValue::Kind::Bool; break;
    case ScalarType::Null: v.kind = EvalValue::Kind::Null; return v;
  }
  v.text = n->text;
  return v;
}

// only: when set, the attributes it accepts.
EvalValue PlanReader::object(const Node* v, const Node* unk, const Node* cfg, const BlockCtx& bc, bool traced,
                             bool (*only)(std::string_view)) const {
  EvalValue out;
  out.kind = EvalValue::Kind::Object;
  out.range = v->range;
  if (unk && !unk->is_map()) unk = nullptr;
  if (cfg && (!cfg->is_map() || is_expression(cfg))) cfg = nullptr;
  out.fields.reserve(v->entries.size());
  for (const auto& e : v->entries)
    if (!only || only(e.key))
      out.fields.emplace_back(e.key, value(e.value, unk ? unk->get(e.key) : nullptr, cfg ? cfg->get(e.key) : nullptr,
                                           bc, e.value->range, traced));
  if (unk)
    for (const auto& e : unk->entries)
      if (is_true(e.value) && !v->get(e.key) && (!only || only(e.key)))
        out.fields.emplace_back(e.key, value(nullptr, e.value, cfg ? cfg->get(e.key) : nullptr, bc, e.key_range, traced));
  return out;
}

// v: the planned value (nullptr when the plan omits it); unk: its after_unknown part;
// cfg: its configuration (an expression, or nested block contents); fallback: the
// range to use when neither the value nor the configuration is written.
EvalValue PlanReader::value(const Node* v, const Node* unk, const Node* cfg, const BlockCtx& bc, Range fallback,
                            bool traced) const {
  const bool expr = is_expression(cfg);
  EvalValue out;
  if (is_true(unk)) {
    out.kind = EvalValue::Kind::Unknown;
    out.reason = "known after apply";
    out.range = expr ? expression_range(cfg) : fallback;
  } else if (!v) {
    out.kind = EvalValue::Kind::Null;
    out.range = fallback;
  } else if (v->is_seq()) {
    out.kind = EvalValue::Kind::List;
    out.range = v->range;
    const Node* cfg_items = !expr && cfg && cfg->is_seq() && cfg->items.size() == v->items.size() ? cfg : nullptr;
    const Node* unk_items = unk && unk->is_seq() ? unk : nullptr;
    out.items.reserve(v->items.size());
    for (size_t i = 0; i < v->items.size(); ++i)
      out.items.push_back(value(v->items[i], unk_items && i < unk_items->items.size() ? unk_items->items[i] : nullptr,
                                cfg_items ? cfg_items->items[i] : nullptr, bc, v->items[i]->range, traced));
  } else if (v->is_map()) {
    out = object(v, unk, expr ? nullptr : cfg, bc, traced);
  } else {
    out = scalar(v);
  }
  if (expr) apply_origin(out, cfg, bc, traced);
  return out;
}

bool PlanReader::scalar_kind(const EvalValue& v) {
  return v.known() || v.kind == EvalValue::Kind::Null || v.kind == EvalValue::Kind::Unknown;
}

// The planned value of attr of the block at address, when it is a scalar.
const Node* PlanReader::planned_attr(const std::string& address, const std::string& attr) const {
  auto it = values_of_.find(address);
  if (it == values_of_.end() || !it->second) return nullptr;
  const Node* n = it->second->get(attr);
  return n && n->is_scalar() ? n : nullptr;
}

// Terraform before 0.13 names only the object in references ("data.aws_ami.x"):
// the attribute is the one whose planned value this is ("id" first).
std::string PlanReader::attribute_with(const std::string& address, const std::string& text) const {
  auto it = values_of_.find(address);
  if (it == values_of_.end() || !it->second) return std::string();
  if (const Node* id = it->second->get("id"); id && id->is_scalar() && id->text == text) return "id";
  for (const auto& e : it->second->entries)
    if (e.value && e.value->is_scalar() && !e.value->is_null() && e.value->text == text) return e.key;
  return std::string();
}

void PlanReader::apply_origin(EvalValue& out, const Node* expr, const BlockCtx& bc, bool traced) const {
  const Node* refs = expr->get("references");
  if (!refs || !refs->is_seq() || refs->items.empty()) return;
  Origin o;
  if (!traced) {
    o.kind = Origin::Unknown;
    o.reason = "the plan has no configuration for this module";
  } else {
    o = resolve(expr, bc.ctx, bc.ctx.size() - 1, bc.for_each, bc.self_key, 0);
  }
  if (o.kind == Origin::Literal) return;
  const std::string text = out.known() ? out.text : std::string();
  if (o.kind == Origin::Unknown && !o.candidates.empty() && !text.empty()) {
    // Several possible sources: the one whose planned value this is.
    const std::pair<std::string, std::string>* match = nullptr;
    int n = 0;
    for (const auto& c : o.candidates) {
      const Node* p = planned_attr(c.first, c.second);
      if (p && p->text == text) {
        match = &c;
        ++n;
      }
    }
    if (n == 1) {
      o.kind = Origin::Block;
      o.ref = match->first;
      o.attr = match->second;
    }
  }
  EvalValue* target = &out;
  if (!scalar_kind(out)) {
    if (o.kind != Origin::Block || out.kind != EvalValue::Kind::List || out.items.size() != 1 ||
        !scalar_kind(out.items[0]))
      return;  // a collection keeps its planned contents
    target = &out.items[0];
  }
  if (o.kind == Origin::Block) {
    if (o.attr.empty() && target->known()) o.attr = attribute_with(o.ref, target->text);
    target->kind = EvalValue::Kind::Reference;
    target->ref = o.ref;
    target->attr = o.attr;
    target->reason.clear();
    return;
  }
  // The plan cannot tell where the value comes from. Its value is what Terraform
  // applies, but a value that looks like an AMI ID must not pass for a literal.
  if (target->known() && claims_ami_id(target->text)) {
    target->kind = EvalValue::Kind::Unknown;
    target->reason = o.reason;
    target->text.clear();
  } else if (target->kind == EvalValue::Kind::Unknown) {
    target->reason += "; " + o.reason;
  }
}

}  // namespace plan
}  // namespace detail
}  // namespace amilint
