#include "linter/eval/plan.h"

#include <algorithm>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "linter/model/model.h"

namespace amilint {

namespace {

bool starts_with(const std::string& s, const std::string& p) {
  return s.size() >= p.size() && s.compare(0, p.size(), p) == 0;
}

bool is_true(const Node* n) {
  return n && n->is_scalar() && n->type == ScalarType::Bool && n->text == "true";
}

const Node* get_map(const Node* n, std::string_view key) {
  const Node* v = n ? n->get(key) : nullptr;
  return v && v->is_map() ? v : nullptr;
}

std::string text_of(const Node* n, std::string_view key) {
  const Node* v = n ? n->get(key) : nullptr;
  return v && v->is_scalar() && !v->is_null() ? v->text : std::string();
}

// One step of a Terraform address or traversal: a name and the index written right
// after it, brackets included ("[0]", "[\"a\"]"), or empty.
struct Step {
  std::string name;
  std::string key;
};

// "module.a[0].data.aws_ami.x[\"k.1\"].id" -> module a[0], data, aws_ami, x["k.1"], id.
std::vector<Step> split_steps(const std::string& s) {
  std::vector<Step> out;
  Step cur;
  size_t i = 0;
  while (i < s.size()) {
    char c = s[i];
    if (c == '.') {
      out.push_back(std::move(cur));
      cur = Step{};
      ++i;
    } else if (c == '[') {
      size_t j = i + 1;
      bool quoted = false;
      while (j < s.size()) {
        if (quoted) {
          if (s[j] == '\\') {
            j += 2;
            continue;
          }
          if (s[j] == '"') quoted = false;
        } else if (s[j] == '"') {
          quoted = true;
        } else if (s[j] == ']') {
          break;
        }
        ++j;
      }
      size_t end = std::min(j + 1, s.size());
      cur.key += s.substr(i, end - i);
      i = end;
    } else {
      cur.name += c;
      ++i;
    }
  }
  if (!s.empty()) out.push_back(std::move(cur));
  return out;
}

// A resource instance address: the module instances it is in, then the resource.
struct Address {
  std::vector<Step> modules;
  bool data = false;
  std::string type, name, key;
  bool ok = false;
};

Address parse_address(const std::string& a) {
  Address r;
  std::vector<Step> st = split_steps(a);
  size_t i = 0;
  while (i + 3 <= st.size() && st[i].name == "module" && st[i].key.empty()) {
    r.modules.push_back(st[i + 1]);
    i += 2;
  }
  if (i < st.size() && st[i].name == "data" && st[i].key.empty()) {
    r.data = true;
    ++i;
  }
  if (i + 2 == st.size() && st[i].key.empty()) {
    r.type = st[i].name;
    r.name = st[i + 1].name;
    r.key = st[i + 1].key;
    r.ok = true;
  }
  return r;
}

// What one reference of a configuration expression names.
struct Subject {
  enum Kind { Resource, Var, Local, Module, Each, Count, Neutral };
  Kind kind = Neutral;
  std::string name;  // Resource: data.aws_ami.x / aws_ami.x; Var/Local/Each: the name; Module: the call
  std::string key;   // the instance key written in the reference
  std::string attr;  // Resource: the attribute read; Module: the output
  Range range;       // the reference string
};

Subject parse_ref(const std::string& s) {
  Subject r;
  std::vector<Step> st = split_steps(s);
  if (st.size() < 2) return r;
  const std::string& root = st[0].name;
  if (root == "var") {
    r.kind = Subject::Var;
    r.name = st[1].name;
  } else if (root == "local") {
    r.kind = Subject::Local;
    r.name = st[1].name;
  } else if (root == "each") {
    r.kind = Subject::Each;
    r.name = st[1].name;
  } else if (root == "count") {
    r.kind = Subject::Count;
  } else if (root == "path" || root == "terraform" || root == "self") {
    r.kind = Subject::Neutral;
  } else if (root == "module") {
    r.kind = Subject::Module;
    r.name = st[1].name;
    r.key = st[1].key;
    if (st.size() > 2) r.attr = st[2].name;
  } else if (root == "data") {
    if (st.size() < 3) return r;
    r.kind = Subject::Resource;
    r.name = "data." + st[1].name + "." + st[2].name;
    r.key = st[2].key;
    if (st.size() > 3) r.attr = st[3].name;
  } else if (st[0].key.empty()) {
    r.kind = Subject::Resource;
    r.name = st[0].name + "." + st[1].name;
    r.key = st[1].key;
    if (st.size() > 2) r.attr = st[2].name;
  }
  return r;
}

// Terraform lists each reference several times, unwrapped step by step
// ("data.aws_ami.x.id", "data.aws_ami.x"): one Subject per object referenced.
std::vector<Subject> subjects_of(const Node* refs) {
  std::vector<Subject> out;
  if (!refs || !refs->is_seq()) return out;
  for (const Node* n : refs->items) {
    if (!n || !n->is_scalar() || n->type != ScalarType::String) continue;
    Subject s = parse_ref(n->text);
    s.range = n->range;
    bool merged = false;
    for (auto& o : out)
      if (o.kind == s.kind && o.name == s.name && (o.key == s.key || o.key.empty() || s.key.empty())) {
        if (o.key.empty()) o.key = s.key;
        if (o.attr.empty()) o.attr = s.attr;
        merged = true;
        break;
      }
    if (!merged) out.push_back(std::move(s));
  }
  return out;
}

// A configuration expression object: {"constant_value": ...} and/or {"references": [...]}.
bool is_expression(const Node* n) {
  if (!n || !n->is_map() || n->entries.empty()) return false;
  for (const auto& e : n->entries)
    if (e.key != "constant_value" && e.key != "references") return false;
  return true;
}

Range expression_range(const Node* expr) {
  const Node* refs = expr->get("references");
  if (refs && refs->is_seq() && !refs->items.empty()) return refs->items[0]->range;
  if (const Node* c = expr->get("constant_value")) return c->range;
  return expr->range;
}

// One module level of the configuration: the root, or a module call and its module.
struct ModLevel {
  const Node* config = nullptr;  // the module: resources, module_calls, outputs, variables
  const Node* call = nullptr;    // the module call (nullptr at the root)
  std::string name;              // module call name
  std::string key;               // the instance key of this module instance
};
using Ctx = std::vector<ModLevel>;

std::string prefix_of(const Ctx& c, size_t level) {
  std::string p;
  for (size_t i = 1; i <= level && i < c.size(); ++i) {
    if (!p.empty()) p += '.';
    p += "module." + c[i].name + c[i].key;
  }
  return p;
}

// Where a configured value comes from, as far as the plan tells.
struct Origin {
  enum Kind { Literal, Block, Unknown };
  Kind kind = Literal;
  std::string ref, attr;   // Block
  std::string reason;      // Unknown
  std::vector<std::pair<std::string, std::string>> candidates;  // blocks it may come from
  bool literal_part = false;  // part of it is a literal or a variable value
};

// The evaluation context of a block's expressions.
struct BlockCtx {
  Ctx ctx;
  const Node* for_each = nullptr;
  std::string self_key;
};

// A resource or data source instance to turn into a block.
struct Source {
  const Node* address_node = nullptr;
  std::string address;
  bool data = false;
  std::string type, name;
  const Node* values = nullptr;
  const Node* unknown = nullptr;  // after_unknown
};

struct Region {
  bool known = false;
  std::string text;
  Range range;
};

class PlanReader {
 public:
  PlanReader(const Node& root, const LintOptions& options) : root_(root), options_(options) {
    variables_ = get_map(&root, "variables");
    const Node* conf = get_map(&root, "configuration");
    provider_config_ = get_map(conf, "provider_config");
    config_root_ = get_map(conf, "root_module");
  }

  TfView run() {
    collect_sources();
    for (const auto& s : sources_) addresses_.insert(s.address);
    for (const auto& s : sources_) values_of_[s.address] = s.values;
    index_ami_sources();
    provider_mentions();
    for (const auto& s : sources_) view_.blocks.push_back(block(s));
    return std::move(view_);
  }

 private:
  const Node& root_;
  const LintOptions& options_;
  const Node* variables_ = nullptr;
  const Node* provider_config_ = nullptr;
  const Node* config_root_ = nullptr;
  std::vector<Source> sources_;
  std::set<std::string> addresses_;
  std::unordered_map<std::string, const Node*> values_of_;
  std::unordered_set<uint32_t> mentioned_;
  std::unordered_map<std::string, std::vector<std::pair<std::string, std::string>>> ami_sources_;
  TfView view_;

  // ---- blocks -------------------------------------------------------------------

  static void walk_module(const Node* mod, std::vector<const Node*>& out, int depth = 0) {
    if (!mod || !mod->is_map() || depth > 64) return;
    if (const Node* rs = mod->get("resources"); rs && rs->is_seq())
      for (const Node* r : rs->items)
        if (r && r->is_map()) out.push_back(r);
    if (const Node* cm = mod->get("child_modules"); cm && cm->is_seq())
      for (const Node* c : cm->items) walk_module(c, out, depth + 1);
  }

  static bool source_of(const Node* r, const Node* values, Source& s) {
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

  void collect_sources() {
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
  Ctx ctx_for(const std::vector<Step>& modules, bool* complete) const {
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

  static const Node* resource_config(const Node* module, const Source& s) {
    const Node* rs = module ? module->get("resources") : nullptr;
    if (!rs || !rs->is_seq()) return nullptr;
    std::string want = (s.data ? "data." : "") + s.type + "." + s.name;
    for (const Node* r : rs->items)
      if (r && r->is_map() && text_of(r, "address") == want) return r;
    return nullptr;
  }

  TfBlock block(const Source& s) {
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

  // ---- values -------------------------------------------------------------------

  // The blocks that produce an AMI ID, by the ID they planned.
  void index_ami_sources() {
    for (const auto& s : sources_) {
      bool source = s.data ? (s.type == "aws_ami" || s.type == "aws_ssm_parameter")
                           : (s.type == "aws_ami" || s.type == "aws_ami_copy" || s.type == "aws_ami_from_instance");
      if (!source || !s.values) continue;
      const char* attr = s.type == "aws_ssm_parameter" ? "value" : "id";
      const Node* v = s.values->get(attr);
      if (v && v->is_scalar() && claims_ami_id(v->text)) ami_sources_[v->text].emplace_back(s.address, attr);
    }
  }

  // Without its configuration, a block's values cannot tell a literal from a
  // reference. An AMI ID that one AMI source block of the plan produced is taken from
  // it; other AMI IDs stay literals.
  void infer_untraced(EvalValue& v, const std::string& self) const {
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

  static EvalValue scalar(const Node* n) {
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

  EvalValue object(const Node* v, const Node* unk, const Node* cfg, const BlockCtx& bc, bool traced) {
    EvalValue out;
    out.kind = EvalValue::Kind::Object;
    out.range = v->range;
    if (unk && !unk->is_map()) unk = nullptr;
    if (cfg && (!cfg->is_map() || is_expression(cfg))) cfg = nullptr;
    out.fields.reserve(v->entries.size());
    for (const auto& e : v->entries)
      out.fields.emplace_back(e.key, value(e.value, unk ? unk->get(e.key) : nullptr, cfg ? cfg->get(e.key) : nullptr,
                                           bc, e.value->range, traced));
    if (unk)
      for (const auto& e : unk->entries)
        if (is_true(e.value) && !v->get(e.key))
          out.fields.emplace_back(e.key, value(nullptr, e.value, cfg ? cfg->get(e.key) : nullptr, bc, e.key_range, traced));
    return out;
  }

  // v: the planned value (nullptr when the plan omits it); unk: its after_unknown part;
  // cfg: its configuration (an expression, or nested block contents); fallback: the
  // range to use when neither the value nor the configuration is written.
  EvalValue value(const Node* v, const Node* unk, const Node* cfg, const BlockCtx& bc, Range fallback, bool traced) {
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

  static bool scalar_kind(const EvalValue& v) {
    return v.known() || v.kind == EvalValue::Kind::Null || v.kind == EvalValue::Kind::Unknown;
  }

  // The planned value of attr of the block at address, when it is a scalar.
  const Node* planned_attr(const std::string& address, const std::string& attr) const {
    auto it = values_of_.find(address);
    if (it == values_of_.end() || !it->second) return nullptr;
    const Node* n = it->second->get(attr);
    return n && n->is_scalar() ? n : nullptr;
  }

  // Terraform before 0.13 names only the object in references ("data.aws_ami.x"):
  // the attribute is the one whose planned value this is ("id" first).
  std::string attribute_with(const std::string& address, const std::string& text) const {
    auto it = values_of_.find(address);
    if (it == values_of_.end() || !it->second) return std::string();
    if (const Node* id = it->second->get("id"); id && id->is_scalar() && id->text == text) return "id";
    for (const auto& e : it->second->entries)
      if (e.value && e.value->is_scalar() && !e.value->is_null() && e.value->text == text) return e.key;
    return std::string();
  }

  void apply_origin(EvalValue& out, const Node* expr, const BlockCtx& bc, bool traced) {
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

  static Origin unknown_origin(const std::string& why) {
    Origin o;
    o.kind = Origin::Unknown;
    o.reason = why;
    return o;
  }

  // Where the expression's value comes from, evaluated in module level `level` of ctx.
  Origin resolve(const Node* expr, const Ctx& ctx, size_t level, const Node* for_each, const std::string& self_key,
                 int depth) const {
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
  Origin subject_origin(const Subject& s, const Ctx& ctx, size_t level, const Node* for_each,
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
  Origin module_origin(const Subject& s, const Ctx& ctx, size_t level, int depth) const {
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

  static std::string describe(const Origin& o) {
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
  std::string instance(const std::string& base, const std::string& key, const std::string& self_key) const {
    if (!key.empty()) return base + key;
    if (addresses_.count(base)) return base;
    if (!self_key.empty() && addresses_.count(base + self_key)) return base + self_key;
    std::string lo = base + "[";
    auto it = addresses_.lower_bound(lo);
    if (it != addresses_.end() && starts_with(*it, lo)) {
      auto next = std::next(it);
      if (next == addresses_.end() || !starts_with(*next, lo)) return *it;
    }
    return base;
  }

  // ---- regions ------------------------------------------------------------------

  static std::string parent_module(const std::string& module_path) {
    size_t dot = module_path.rfind(".module.");
    return dot == std::string::npos ? std::string() : module_path.substr(0, dot);
  }

  // The configuration of the module at a path without instance keys ("module.a.module.b").
  const Node* module_call_at(const std::string& module_path) const {
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
  Region variable(const std::string& module_path, const std::string& name, int depth = 0) const {
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

  Region region_expression(const Node* e, const std::string& module_path, int depth = 0) const {
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
  Region own_region(const Node* pc) const {
    const Node* re = get_map(get_map(pc, "expressions"), "region");
    if (!re) return Region{};
    return region_expression(re, text_of(pc, "module_address"));
  }

  static bool aws_provider(const Node* pc) {
    std::string full = text_of(pc, "full_name");
    return text_of(pc, "name") == "aws" &&
           (full.empty() || full == "aws" || (full.size() >= 4 && full.compare(full.size() - 4, 4, "/aws") == 0));
  }

  // The effective region of a provider configuration key (`aws`, `aws.west`,
  // `module.app:aws`, or the pre-1.1 form `app:aws`). A child module's provider
  // entry without a configuration of its own inherits its parent's default provider.
  Region provider_region(const std::string& key, const std::vector<Step>& modules) const {
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

  void mention(const std::string& region, Range range, const std::string& path, const std::string& what) {
    if (!mentioned_.insert(range.begin).second) return;
    view_.region_mentions.push_back(TfRegionMention{region, range, path, what});
  }

  void provider_mentions() {
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

  void effective_region(TfBlock& b, const Node* rcfg, const Node* exprs, const Address& parsed) {
    const EvalValue* own = b.body.field("region");
    bool own_known = own && (own->known() || (own->kind == EvalValue::Kind::Reference && !own->text.empty()));
    Region prov = rcfg ? provider_region(text_of(rcfg, "provider_config_key"), parsed.modules) : Region{};
    if (own_known) {
      b.regions = {own->text};
      b.region_known = true;
      b.region_text = own->text;
      b.region_range = own->range;
      if (!prov.known || prov.text != own->text) mention(own->text, own->range, b.path + ".region", "resource region");
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
};

}  // namespace

bool is_tf_plan(const Node* root) {
  return root && root->is_map() && root->get("format_version") &&
         (root->get("planned_values") || root->get("resource_changes"));
}

TfView plan_view(const Node& root, const LintOptions& options) { return PlanReader(root, options).run(); }

}  // namespace amilint
