// Terraform plan JSON -> TfView (plan.h): the entry points, and the blocks, every
// resource and data source instance of the plan with its configuration. The rest of
// the reader is listed in plan_reader.h.
#include "linter/eval/plan.h"

#include <algorithm>
#include <exception>
#include <optional>
#include <thread>
#include <set>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "linter/eval/plan_reader.h"

namespace amilint {
namespace detail {
namespace plan {

TfView PlanReader::run() {
  collect_sources();
  addresses_.reserve(sources_.size());
  values_of_.reserve(sources_.size());
  for (const auto& s : sources_) {
    addresses_.push_back(s.address);
    values_of_.emplace(s.address, s.values);
  }
  std::sort(addresses_.begin(), addresses_.end());
  index_ami_sources();
  provider_mentions();
  index_resources(config_root_, 0);
  // Blocks are independent of each other once the indexes above exist: a big plan's
  // are made by several threads, each its share in order; the region mentions they
  // find are then added in block order, as one thread would.
  const size_t n = sources_.size();
  view_.blocks.resize(n);
  std::vector<std::optional<TfRegionMention>> mentions(n);
  auto make = [&](size_t from, size_t to) {
    for (size_t i = from; i < to; ++i) view_.blocks[i] = block(sources_[i], mentions[i]);
  };
  const size_t threads = n >= kBlocksPerThread * 2 ? std::min<size_t>(threads_, n / kBlocksPerThread) : 1;
  if (threads <= 1) {
    make(0, n);
  } else {
    std::vector<std::thread> pool;
    std::vector<std::exception_ptr> failed(threads);
    for (size_t t = 0; t < threads; ++t)
      pool.emplace_back([&, t] {
        try {
          make(n * t / threads, n * (t + 1) / threads);
        } catch (...) {
          failed[t] = std::current_exception();
        }
      });
    for (auto& th : pool) th.join();
    for (auto& e : failed)
      if (e) std::rethrow_exception(e);
  }
  for (auto& m : mentions)
    if (m) mention(m->region, m->range, m->path, m->what);
  return std::move(view_);
}

// Each configuration module's resources by address (the root module's, and those of
// the modules its calls hold, recursively).
void PlanReader::index_resources(const Node* module, int depth) {
  if (!module || !module->is_map() || depth > 64 || resources_of_.count(module)) return;
  auto& index = resources_of_[module];
  if (const Node* rs = module->get("resources"); rs && rs->is_seq())
    for (const Node* r : rs->items) {
      if (!r || !r->is_map()) continue;
      const Node* a = r->get("address");
      if (a && a->is_scalar() && !a->is_null()) index.emplace(std::string_view(a->text), r);
    }
  if (const Node* calls = get_map(module, "module_calls"))
    for (const auto& c : calls->entries) index_resources(get_map(c.value, "module"), depth + 1);
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
  s.parsed = parse_address(s.address);
  if (std::string type = text_of(r, "type"); !type.empty()) s.parsed.type = std::move(type);
  if (std::string name = text_of(r, "name"); !name.empty()) s.parsed.name = std::move(name);
  if (!r->get("mode") && s.parsed.ok) s.data = s.parsed.data;
  s.values = values && values->is_map() ? values : nullptr;
  return true;
}

void PlanReader::collect_sources() {
  // Keys view the plan's text, which outlives the reader.
  std::unordered_map<std::string_view, const Node*> changes;
  if (const Node* rc = root_.get("resource_changes"); rc && rc->is_seq()) {
    changes.reserve(rc->items.size());
    for (const Node* c : rc->items) {
      if (!c || !c->is_map() || c->get("deposed")) continue;
      const Node* a = c->get("address");
      if (a && a->is_scalar() && !a->is_null() && !a->text.empty()) changes[a->text] = c;
    }
  }
  const Node* pv = get_map(&root_, "planned_values");
  const Node* root_module = get_map(pv, "root_module");
  std::unordered_set<std::string_view> seen;
  auto first_time = [&](const Source& s) { return seen.insert(s.address_node->text).second; };
  if (root_module) {
    std::vector<const Node*> rs;
    walk_module(root_module, rs);
    sources_.reserve(rs.size());
    for (const Node* r : rs) {
      Source s;
      if (!source_of(r, r->get("values"), s) || !first_time(s)) continue;
      auto it = changes.find(s.address);
      if (it != changes.end()) s.unknown = get_map(get_map(it->second, "change"), "after_unknown");
      sources_.push_back(std::move(s));
    }
  } else {
    // No planned_values: the changes' `after` is the planned state.
    const Node* rc = root_.get("resource_changes");
    if (rc && rc->is_seq()) sources_.reserve(rc->items.size());
    for (const Node* c : rc && rc->is_seq() ? rc->items : Children<const Node*>()) {
      if (!c || !c->is_map() || c->get("deposed")) continue;
      const Node* change = get_map(c, "change");
      const Node* actions = change ? change->get("actions") : nullptr;
      if (actions && actions->is_seq() && actions->items.size() == 1 && actions->items[0]->text == "delete")
        continue;
      Source s;
      if (!source_of(c, change ? change->get("after") : nullptr, s) || !first_time(s)) continue;
      s.unknown = get_map(change, "after_unknown");
      sources_.push_back(std::move(s));
    }
  }
  // Data sources read while planning are recorded in prior_state only.
  const Node* ps = get_map(get_map(&root_, "prior_state"), "values");
  if (const Node* pm = get_map(ps, "root_module")) {
    std::vector<const Node*> rs;
    walk_module(pm, rs);
    sources_.reserve(sources_.size() + rs.size());
    for (const Node* r : rs) {
      Source s;
      if (!source_of(r, r->get("values"), s) || !s.data || !first_time(s)) continue;
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

// The configuration of a block in a module: the first entry with its address, looked
// up in the index of the module's resources (index_resources).
const Node* PlanReader::resource_config(const Node* module, const Source& s) const {
  auto it = module ? resources_of_.find(module) : resources_of_.end();
  if (it == resources_of_.end()) return nullptr;
  std::string want = (s.data ? "data." : "") + s.parsed.type + "." + s.parsed.name;
  auto found = it->second.find(want);
  return found == it->second.end() ? nullptr : found->second;
}

TfBlock PlanReader::block(const Source& s, std::optional<TfRegionMention>& mention) const {
  TfBlock b;
  b.data = s.data;
  b.type = s.parsed.type;
  b.name = s.parsed.name;
  b.address = s.address;
  b.path = s.address;
  b.anchor = s.address_node->range;
  const Address& parsed = s.parsed;
  bool complete = false;
  BlockCtx bc;
  bc.ctx = ctx_for(parsed.modules, &complete);
  bc.self_key = parsed.key;
  const Node* rcfg = complete ? resource_config(bc.ctx.back().config, s) : nullptr;
  const Node* exprs = rcfg ? get_map(rcfg, "expressions") : nullptr;
  if (rcfg) bc.for_each = get_map(rcfg, "for_each_expression");
  if (!complete) bc.ctx.resize(1);  // references cannot be traced without the module's configuration
  if (s.values) {
    b.body = object(s.values, s.unknown, exprs, bc, complete, view_attribute_);
    if (!rcfg) infer_untraced(b.body, s.address);
  } else {
    b.body.kind = EvalValue::Kind::Object;
    b.body.range = b.anchor;
  }
  if (starts_with(s.parsed.type, "aws_")) effective_region(b, rcfg, exprs, parsed, mention);
  return b;
}

}  // namespace plan
}  // namespace detail

bool is_tf_plan(const Node* root) {
  return root && root->is_map() && root->get("format_version") &&
         (root->get("planned_values") || root->get("resource_changes"));
}

TfView plan_view(const Node& root, const LintOptions& options, bool (*view_attribute)(std::string_view),
                 int threads) {
  return detail::plan::PlanReader(root, options, view_attribute, threads).run();
}

bool plan_traces_attribute(std::string_view name) { return name == "id" || name == "value" || name == "insecure_value"; }

}  // namespace amilint
