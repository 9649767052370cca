// Terraform plan JSON: the effective region of a block (its own region, else its
// provider configuration's, else the only --region) and the region mentions of
// provider configurations (see plan_reader.h).
#include <string>
#include <vector>

#include "linter/eval/plan_reader.h"

namespace amilint {
namespace detail {
namespace plan {

std::string PlanReader::parent_module(const std::string& module_path) {
  size_t dot = module_path.rfind(".module.");
  return dot == std::string::npos ? std::string() : module_path.substr(0, dot);
}

// The configuration of the module at a path without instance keys ("module.a.module.b").
const Node* PlanReader::module_call_at(const std::string& module_path) const {
  std::vector<Step> st = split_steps(module_path);
  const Node* mod = config_root_;
  const Node* call = nullptr;
  for (size_t i = 0; i + 1 < st.size(); i += 2) {
    if (st[i].name != "module") return nullptr;
    call = get_map(get_map(mod, "module_calls"), st[i + 1].name);
    if (!call) return nullptr;
    mod = get_map(call, "module");
  }
  return call;
}

// A string variable of a module (root: the plan's `variables`).
Region PlanReader::variable(const std::string& module_path, const std::string& name, int depth) const {
  Region r;
  if (depth > 32) return r;
  if (module_path.empty()) {
    const Node* v = get_map(variables_, name);
    const Node* val = v ? v->get("value") : nullptr;
    if (val && val->is_scalar() && val->type == ScalarType::String) r = {true, val->text, val->range};
    return r;
  }
  const Node* call = module_call_at(module_path);
  if (!call) return r;
  if (const Node* e = get_map(get_map(call, "expressions"), name)) return region_expression(e, parent_module(module_path), depth + 1);
  const Node* d = get_map(get_map(get_map(call, "module"), "variables"), name);
  const Node* def = d ? d->get("default") : nullptr;
  if (def && def->is_scalar() && def->type == ScalarType::String) r = {true, def->text, def->range};
  return r;
}

Region PlanReader::region_expression(const Node* e, const std::string& module_path, int depth) const {
  Region r;
  if (const Node* c = e->get("constant_value"); c && c->is_scalar() && c->type == ScalarType::String) {
    r = {true, c->text, c->range};
    return r;
  }
  std::vector<Subject> subjects = subjects_of(e->get("references"));
  if (subjects.size() == 1 && subjects[0].kind == Subject::Var) return variable(module_path, subjects[0].name, depth);
  return r;
}

// The region a provider configuration sets itself.
Region PlanReader::own_region(const Node* pc) const {
  const Node* re = get_map(get_map(pc, "expressions"), "region");
  if (!re) return Region{};
  return region_expression(re, text_of(pc, "module_address"));
}

bool PlanReader::aws_provider(const Node* pc) {
  std::string full = text_of(pc, "full_name");
  return text_of(pc, "name") == "aws" &&
         (full.empty() || full == "aws" || (full.size() >= 4 && full.compare(full.size() - 4, 4, "/aws") == 0));
}

// The effective region of a provider configuration key (`aws`, `aws.west`,
// `module.app:aws`, or the pre-1.1 form `app:aws`). A child module's provider
// entry without a configuration of its own inherits its parent's default provider.
Region PlanReader::provider_region(const std::string& key, const std::vector<Step>& modules) const {
  if (!provider_config_ || key.empty()) return Region{};
  std::string k = key;
  size_t colon = key.find(':');
  if (colon != std::string::npos && !starts_with(key, "module.")) {
    // Older Terraform: "<module name>:<provider>". Passed providers are not
    // recorded, so inheriting is only sure when no aliased configuration exists.
    std::string local = key.substr(colon + 1);
    std::string type = local.substr(0, local.find('.'));
    for (const auto& e : provider_config_->entries)
      if (e.value && text_of(e.value, "name") == type && !text_of(e.value, "alias").empty()) return Region{};
    std::string path;
    for (const auto& m : modules) path += (path.empty() ? "" : ".") + std::string("module.") + m.name;
    k = path.empty() ? local : path + ":" + local;
  }
  for (int guard = 0; guard < 64; ++guard) {
    const Node* pc = get_map(provider_config_, k);
    size_t c = k.find(':');
    std::string module_path = c == std::string::npos ? "" : k.substr(0, c);
    std::string local = c == std::string::npos ? k : k.substr(c + 1);
    auto up = [&] {
      std::string parent = parent_module(module_path);
      return parent.empty() ? local : parent + ":" + local;
    };
    if (!pc) {
      if (module_path.empty() || local.find('.') != std::string::npos) return Region{};
      k = up();
      continue;
    }
    if (get_map(get_map(pc, "expressions"), "region")) return own_region(pc);
    if (!module_path.empty() && !get_map(pc, "expressions") && text_of(pc, "alias").empty()) {
      k = up();
      continue;
    }
    return Region{};  // no region in the configuration: it comes from the environment
  }
  return Region{};
}

void PlanReader::mention(const std::string& region, Range range, const std::string& path, const std::string& what) {
  if (!mentioned_.insert(range.begin).second) return;
  view_.region_mentions.push_back(TfRegionMention{region, range, path, what});
}

void PlanReader::provider_mentions() {
  if (!provider_config_) return;
  for (const auto& e : provider_config_->entries) {
    if (!e.value || !aws_provider(e.value)) continue;
    Region r = own_region(e.value);
    if (!r.known) continue;
    std::string module = text_of(e.value, "module_address");
    std::string alias = text_of(e.value, "alias");
    std::string path = (module.empty() ? "" : module + ".") + "provider.aws" + (alias.empty() ? "" : "." + alias);
    mention(r.text, r.range, path + ".region", "provider region");
  }
}

void PlanReader::effective_region(TfBlock& b, const Node* rcfg, const Node* exprs, const Address& parsed,
                                  std::optional<TfRegionMention>& mention) const {
  const EvalValue* own = b.body.field("region");
  bool own_known = own && (own->known() || (own->kind == EvalValue::Kind::Reference && !own->text.empty()));
  Region prov = rcfg ? provider_region(text_of(rcfg, "provider_config_key"), parsed.modules) : Region{};
  if (own_known) {
    b.regions = {own->text};
    b.region_known = true;
    b.region_text = own->text;
    b.region_range = own->range;
    if (!prov.known || prov.text != own->text)
      mention = TfRegionMention{own->text, own->range, b.path + ".region", "resource region"};
    return;
  }
  if (own && own->kind != EvalValue::Kind::Null && exprs && exprs->get("region")) return;  // set, but not known
  if (prov.known) {
    b.regions = {prov.text};
    b.region_known = true;
    b.region_text = prov.text;
    b.region_range = prov.range;
    return;
  }
  if (options_.regions.size() == 1) {
    b.regions = options_.regions;
    b.region_known = true;
  }
}

}  // namespace plan
}  // namespace detail
}  // namespace amilint
