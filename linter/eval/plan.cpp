// Terraform plan JSON -> TfView (plan.h): the entry points, and the blocks, every
// resource and data source instance of the plan with its configuration. The rest of
// the reader is listed in plan_reader.h.
#include "linter/eval/plan.h"

#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "linter/eval/plan_reader.h"

namespace amilint {
namespace detail {
namespace plan {

TfView PlanReader::run() {
  collect_sources();
  for (const auto& s : sources_) addresses_.insert(s.address);
  for (const auto& s : sources_) values_of_[s.address] = s.values;
  index_ami_sources();
  provider_mentions();
  for (const auto& s : sources_) view_.blocks.push_back(block(s));
  return std::move(view_);
}

void PlanReader::walk_module(const Node* mod, std::vector<const Node*>& out, int depth) {
  if (!mod || !mod->is_map() || depth > 64) return;
  if (const Node* rs = mod->get("resources"); rs && rs->is_seq())
    for (const Node* r : rs->items)
      if (r && r->is_map()) out.push_back(r);
  if (const Node* cm = mod->get("child_modules"); cm && cm->is_seq())
    for (const Node* c : cm->items) walk_module(c, out, depth + 1);
}

bool PlanReader::source_of(const Node* r, const Node* values, Source& s) {
  const Node* a = r->get("address");
  if (!a || !a->is_scalar() || a->text.empty()) return false;
  s.address_node = a;
  s.address = a->text;
  s.data = text_of(r, "mode") == "data";
  s.type = text_of(r, "type");
  s.name = text_of(r, "name");
  Address parsed = parse_address(s.address);
  if (s.type.empty() && parsed.ok) s.type = parsed.type;
  if (s.name.empty() && parsed.ok) s.name = parsed.name;
  if (!r->get("mode") && parsed.ok) s.data = parsed.data;
  s.values = values && values->is_map() ? values : nullptr;
  return true;
}

void PlanReader::collect_sources() {
  std::unordered_map<std::string, const Node*> changes;
  if (const Node* rc = root_.get("resource_changes"); rc && rc->is_seq())
    for (const Node* c : rc->items) {
      if (!c || !c->is_map() || c->get("deposed")) continue;
      std::string a = text_of(c, "address");
      if (!a.empty()) changes[a] = c;
    }
  const Node* pv = get_map(&root_, "planned_values");
  const Node* root_module = get_map(pv, "root_module");
  std::set<std::string> seen;
  if (root_module) {
    std::vector<const Node*> rs;
    walk_module(root_module, rs);
    for (const Node* r : rs) {
      Source s;
      if (!source_of(r, r->get("values"), s) || !seen.insert(s.address).second) continue;
      auto it = changes.find(s.address);
      if (it != changes.end()) s.unknown = get_map(get_map(it->second, "change"), "after_unknown");
      sources_.push_back(std::move(s));
    }
  } else {
    // No planned_values: the changes' `after` is the planned state.
    const Node* rc = root_.get("resource_changes");
    for (const Node* c : rc && rc->is_seq() ? rc->items : std::vector<const Node*>{}) {
      if (!c || !c->is_map() || c->get("deposed")) continue;
      const Node* change = get_map(c, "change");
      const Node* actions = change ? change->get("actions") : nullptr;
      if (actions && actions->is_seq() && actions->items.size() == 1 && actions->items[0]->text == "delete")
        continue;
      Source s;
      if (!source_of(c, change ? change->get("after") : nullptr, s) || !seen.insert(s.address).second) continue;
      s.unknown = get_map(change, "after_unknown");
      sources_.push_back(std::move(s));
    }
  }
  // Data sources read while planning are recorded in prior_state only.
  const Node* ps = get_map(get_map(&root_, "prior_state"), "values");
  if (const Node* pm = get_map(ps, "root_module")) {
    std::vector<const Node*> rs;
    walk_module(pm, rs);
    for (const Node* r : rs) {
      Source s;
      if (!source_of(r, r->get("values"), s) || !s.data || !seen.insert(s.address).second) continue;
      sources_.push_back(std::move(s));
    }
  }
}

// The configuration levels of a module instance path; stops where the
// configuration does not describe a module call.
Ctx PlanReader::ctx_for(const std::vector<Step>& modules, bool* complete) const {
  Ctx c;
  c.push_back(ModLevel{config_root_, nullptr, "", ""});
  *complete = config_root_ != nullptr;
  for (const auto& m : modules) {
    const Node* call = get_map(get_map(c.back().config, "module_calls"), m.name);
    if (!call) {
      *complete = false;
      break;
    }
    c.push_back(ModLevel{get_map(call, "module"), call, m.name, m.key});
  }
  return c;
}

// The configuration of a block in a module: the first entry with its address,
// looked up in an index of the module's resources made once.
const Node* PlanReader::resource_config(const Node* module, const Source& s) const {
  if (!module) return nullptr;
  auto [it, fresh] = resources_of_.try_emplace(module);
  auto& index = it->second;
  if (fresh) {
    const Node* rs = module->get("resources");
    if (rs && rs->is_seq())
      for (const Node* r : rs->items) {
        if (!r || !r->is_map()) continue;
        const Node* a = r->get("address");
        if (a && a->is_scalar() && !a->is_null()) index.emplace(std::string_view(a->text), r);
      }
  }
  std::string want = (s.data ? "data." : "") + s.type + "." + s.name;
  auto found = index.find(want);
  return found == index.end() ? nullptr : found->second;
}

TfBlock PlanReader::block(const Source& s) {
  TfBlock b;
  b.data = s.data;
  b.type = s.type;
  b.name = s.name;
  b.address = s.address;
  b.path = s.address;
  b.anchor = s.address_node->range;
  Address parsed = parse_address(s.address);
  bool complete = false;
  BlockCtx bc;
  bc.ctx = ctx_for(parsed.modules, &complete);
  bc.self_key = parsed.key;
  const Node* rcfg = complete ? resource_config(bc.ctx.back().config, s) : nullptr;
  const Node* exprs = rcfg ? get_map(rcfg, "expressions") : nullptr;
  if (rcfg) bc.for_each = get_map(rcfg, "for_each_expression");
  if (!complete) bc.ctx.resize(1);  // references cannot be traced without the module's configuration
  if (s.values) {
    b.body = object(s.values, s.unknown, exprs, bc, complete);
    if (!rcfg) infer_untraced(b.body, s.address);
  } else {
    b.body.kind = EvalValue::Kind::Object;
    b.body.range = b.anchor;
  }
  if (starts_with(s.type, "aws_")) effective_region(b, rcfg, exprs, parsed);
  return b;
}

}  // namespace plan
}  // namespace detail

bool is_tf_plan(const Node* root) {
  return root && root->is_map() && root->get("format_version") &&
         (root->get("planned_values") || root->get("resource_changes"));
}

TfView plan_view(const Node& root, const LintOptions& options) { return detail::plan::PlanReader(root, options).run(); }

}  // namespace amilint
