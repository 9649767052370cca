// Terraform plan JSON: where a configured value comes from, traced through the
// configuration's references (variables, module calls and outputs, for_each, resource
// instances) as far as the plan describes them (see plan_reader.h).
#include <algorithm>
#include <iterator>
#include <string>
#include <vector>

#include "linter/eval/plan_reader.h"

namespace amilint {
namespace detail {
namespace plan {

namespace {

std::string prefix_of(const Ctx& c, size_t level) {
  std::string p;
  for (size_t i = 1; i <= level && i < c.size(); ++i) {
    if (!p.empty()) p += '.';
    p += "module." + c[i].name + c[i].key;
  }
  return p;
}

}  // namespace

Origin PlanReader::unknown_origin(const std::string& why) {
  Origin o;
  o.kind = Origin::Unknown;
  o.reason = why;
  return o;
}

// Where the expression's value comes from, evaluated in module level `level` of ctx.
Origin PlanReader::resolve(const Node* expr, const Ctx& ctx, size_t level, const Node* for_each,
                           const std::string& self_key, int depth) const {
  Origin acc;
  const Node* refs = expr ? expr->get("references") : nullptr;
  if (!refs || !refs->is_seq() || refs->items.empty()) return acc;
  if (depth > 32) return unknown_origin("references nested too deeply");
  std::vector<Subject> subjects = subjects_of(refs);
  bool indexed = false;
  for (const auto& s : subjects) indexed |= s.kind == Subject::Count || s.kind == Subject::Each;
  std::vector<std::string> reasons;
  for (const auto& s : subjects) {
    if (s.kind == Subject::Neutral || s.kind == Subject::Count) continue;
    Origin o = subject_origin(s, ctx, level, for_each, indexed ? self_key : std::string(), depth);
    if (o.kind == Origin::Literal) acc.literal_part = true;
    if (o.kind == Origin::Block) acc.candidates.emplace_back(o.ref, o.attr);
    if (o.kind == Origin::Unknown) {
      reasons.push_back(o.reason);
      acc.literal_part |= o.literal_part;
      for (const auto& c : o.candidates) acc.candidates.push_back(c);
    }
  }
  if (!reasons.empty()) {
    acc.kind = Origin::Unknown;
    acc.reason = reasons.front();
  } else if (acc.candidates.size() == 1 && !acc.literal_part) {
    acc.kind = Origin::Block;
    acc.ref = acc.candidates[0].first;
    acc.attr = acc.candidates[0].second;
  } else if (!acc.candidates.empty()) {
    acc.kind = Origin::Unknown;
    acc.reason = "it comes from one of several sources (" + describe(acc) + ")";
  }
  return acc;
}

// Where one referenced object's value comes from (self_key: the referencing
// block's own instance key, when the reference is indexed by count or each).
Origin PlanReader::subject_origin(const Subject& s, const Ctx& ctx, size_t level, const Node* for_each,
                                  const std::string& self_key, int depth) const {
  const ModLevel& here = ctx[level];
  switch (s.kind) {
    case Subject::Local:
      return unknown_origin("it comes from local." + s.name + ", which the plan does not record");
    case Subject::Each: {
      if (!for_each) return unknown_origin("each." + s.name + " outside a for_each");
      Origin o = resolve(for_each, ctx, level, nullptr, "", depth + 1);
      return o.kind == Origin::Literal ? o : unknown_origin("each." + s.name + " of a for_each over " + describe(o));
    }
    case Subject::Var: {
      // A root variable's value is in the plan; a child's comes from its module call,
      // else its default.
      const Node* e = level == 0 ? nullptr : get_map(get_map(here.call, "expressions"), s.name);
      if (!e) return Origin{};
      return resolve(e, ctx, level - 1, get_map(here.call, "for_each_expression"), here.key, depth + 1);
    }
    case Subject::Module:
      return module_origin(s, ctx, level, depth);
    case Subject::Resource: {
      std::string base = prefix_of(ctx, level);
      base += (base.empty() ? "" : ".") + s.name;
      Origin o;
      o.kind = Origin::Block;
      o.attr = s.attr;
      o.ref = instance(base, s.key, self_key);
      return o;
    }
    default:
      return Origin{};
  }
}

// module.NAME.OUTPUT: the output's expression, in the module.
Origin PlanReader::module_origin(const Subject& s, const Ctx& ctx, size_t level, int depth) const {
  const Node* call = get_map(get_map(ctx[level].config, "module_calls"), s.name);
  std::string what = "module." + s.name;
  if (!call) return unknown_origin(what + " is not in the plan's configuration");
  if (s.attr.empty()) return unknown_origin("the whole " + what + " object");
  if (s.key.empty() && (call->get("count_expression") || call->get("for_each_expression")))
    return unknown_origin("an output of " + what + ", which has several instances");
  const Node* out = get_map(get_map(get_map(get_map(call, "module"), "outputs"), s.attr), "expression");
  if (!out) return unknown_origin("output " + s.attr + " of " + what + " is not in the plan's configuration");
  Ctx inner(ctx.begin(), ctx.begin() + static_cast<long>(level) + 1);
  inner.push_back(ModLevel{get_map(call, "module"), call, s.name, s.key});
  return resolve(out, inner, level + 1, nullptr, "", depth + 1);
}

std::string PlanReader::describe(const Origin& o) {
  if (o.kind == Origin::Block) return o.ref + (o.attr.empty() ? "" : "." + o.attr);
  std::string s;
  for (const auto& c : o.candidates) {
    if (!s.empty()) s += ", ";
    s += c.first + (c.second.empty() ? "" : "." + c.second);
  }
  if (o.literal_part) s += s.empty() ? "a literal value" : ", or a literal value";
  if (s.empty()) s = o.reason.empty() ? "a value the plan does not trace" : o.reason;
  return s;
}

// The instance address a reference names: with its written key; else the block
// itself when it has no instances; else the instance with the referencing block's
// own key (`x[count.index]`, `x[each.key]`); else the only instance.
std::string PlanReader::instance(const std::string& base, const std::string& key, const std::string& self_key) const {
  if (!key.empty()) return base + key;
  auto known = [&](const std::string& a) { return std::binary_search(addresses_.begin(), addresses_.end(), a); };
  if (known(base)) return base;
  if (!self_key.empty() && known(base + self_key)) return base + self_key;
  const std::string lo = base + "[";
  auto prefixed = [&](std::string_view a) { return a.substr(0, lo.size()) == lo; };
  auto it = std::lower_bound(addresses_.begin(), addresses_.end(), std::string_view(lo));
  if (it != addresses_.end() && prefixed(*it)) {
    auto next = std::next(it);
    if (next == addresses_.end() || !prefixed(*next)) return std::string(*it);
  }
  return base;
}

}  // namespace plan
}  // namespace detail
}  // namespace amilint
