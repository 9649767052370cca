#include "linter/eval/terraform.h"
#include "linter/source/source.h"

#include <cstring>
#include <functional>
#include <map>
#include <memory>
#include <set>

#include "linter/discover/units.h"
#include "linter/eval/hcl_eval.h"
#include "linter/load/hcl/json_syntax.h"

namespace amilint {

using hcl::ExprKind;
using hcl::HclFile;
using hcl::Id;
using hcl::kNone;

namespace {

std::string label(const HclFile& f, const hcl::Block& b, uint32_t i) {
  return i < b.label_count ? std::string(f.str(f.labels_of(b)[i].value)) : std::string();
}

// Calls fn(attribute) for each attribute directly in a block's body.
template <class Fn>
void each_attribute(const HclFile& f, const hcl::Block& b, Fn fn) {
  if (b.body == kNone) return;
  const hcl::Body& body = f.bodies[b.body];
  const hcl::BodyItem* items = f.items(body);
  for (uint32_t i = 0; i < body.item_count; ++i)
    if (!items[i].is_block) fn(f.attributes[items[i].index]);
}

// The attribute `name` directly in a block's body.
Id attr(const HclFile& f, const hcl::Block& b, std::string_view name) {
  Id found = kNone;
  each_attribute(f, b, [&](const hcl::Attribute& a) {
    if (found == kNone && hcl::name_text(f, a.name) == name) found = a.value;
  });
  return found;
}

// `aws` or `aws.west` written as a reference (JSON syntax: also as a string).
std::string provider_key(const HclFile& f, Id id, bool json = false) {
  if (auto lit = f.as_literal(id); lit && json && lit->type == ExprKind::String) return lit->text;
  auto r = f.as_reference(id);
  if (!r) return {};
  std::string key(r->root);
  for (size_t i = 0; i < r->step_count; ++i) {
    if (r->steps[i].kind != hcl::StepKind::Attr) return {};
    key += "." + std::string(f.source(r->steps[i].name));
  }
  return key;
}

// A top-level block of a module, by its address in the module (data.aws_region.current).
struct Declared {
  uint32_t file = 0;
  const hcl::Block* block = nullptr;
};

// One instance of a module: the root, or a child module called from it.
class Instance : public Scope {
 public:
  std::string prefix;  // "" or "module.app." or "module.app[\"us-east-1\"]."
  std::string key;     // the module's key in .terraform/modules/modules.json ("", "app", "app.db")
  const ModuleDir* dir = nullptr;
  std::map<std::string, Def> outputs;
  std::map<std::string, EvalValue> providers;  // "aws", "aws.west" -> region value
  std::map<std::string, Instance*> children;   // by name, and name + instance key: app["us-east-1"]
  std::set<std::string> multi;                 // children called with count or for_each
  std::map<std::string, Declared> declared;    // resources and data sources, by address in the module
  // The effective region of a declared block (set by the loader).
  std::function<EvalValue(Instance&, const Declared&)> region_of;

  EvalValue reference(HclEvaluator& ev, uint32_t file, const hcl::ReferenceView& ref, int depth,
                      size_t& consumed) override;
  std::unique_ptr<Scope> constants() const override { return std::make_unique<Instance>(); }

 private:
  EvalValue module_output(HclEvaluator& ev, uint32_t fid, const hcl::ReferenceView& ref, int depth, size_t& consumed);
};

// module.NAME.OUTPUT, or module.NAME[KEY].OUTPUT for a module called with count or
// for_each: the output evaluated in the child's instance.
EvalValue Instance::module_output(HclEvaluator& ev, uint32_t fid, const hcl::ReferenceView& ref, int depth,
                                  size_t& consumed) {
  const HclFile& f = ev.file(fid);
  Range r = HclEvaluator::at(fid, ref.range);
  if (ref.step_count < 1 || ref.steps[0].kind != hcl::StepKind::Attr) return HclEvaluator::unknown(r, "an incomplete reference");
  std::string name(f.source(ref.steps[0].name));
  size_t next = 1;
  std::string child_key = name;
  if (multi.count(name)) {
    if (ref.step_count < 2 || ref.steps[1].kind == hcl::StepKind::Attr)
      return HclEvaluator::unknown(r, "module '" + name + "' has several instances; amilint reads one by its key");
    EvalValue k = ev.eval(*this, fid, ref.steps[1].key);
    if (!k.known()) return HclEvaluator::unknown(r, "an instance of module '" + name + "' chosen when Terraform runs");
    child_key += hcl_values::instance_key(k);
    next = 2;
  }
  if (next >= ref.step_count || ref.steps[next].kind != hcl::StepKind::Attr)
    return HclEvaluator::unknown(r, "all outputs of module '" + name + "'");
  std::string output(f.source(ref.steps[next].name));
  consumed = next + 1;
  auto c = children.find(child_key);
  if (c == children.end()) return HclEvaluator::unknown(r, "an output of module '" + name + "', which is not read");
  auto o = c->second->outputs.find(output);
  if (o == c->second->outputs.end() || !o->second.has())
    return HclEvaluator::failure(r, "module '" + name + "' has no output '" + output + "'");
  return ev.eval(*c->second, o->second, depth + 1);
}

EvalValue Instance::reference(HclEvaluator& ev, uint32_t fid, const hcl::ReferenceView& ref, int depth,
                              size_t& consumed) {
  const HclFile& f = ev.file(fid);
  Range r = HclEvaluator::at(fid, ref.range);
  std::string root(ref.root);
  auto step = [&](size_t i) -> std::string {
    if (i >= ref.step_count || ref.steps[i].kind != hcl::StepKind::Attr) return {};
    return std::string(f.source(ref.steps[i].name));
  };
  auto reference_to = [&](std::string address, size_t used) {
    EvalValue v;
    v.kind = EvalValue::Kind::Reference;
    v.range = HclEvaluator::at(fid, Range{ref.range.begin, ref.steps[used - 1].range.end});
    v.ref = std::move(address);
    consumed = used;
    return v;
  };
  consumed = ref.step_count;
  if (root == "module") return module_output(ev, fid, ref, depth, consumed);
  if (root == "data") {
    std::string type = step(0), name = step(1);
    if (type.empty() || name.empty()) return HclEvaluator::unknown(r, "an incomplete reference");
    // data.aws_region.NAME.name / .region / .id: the effective region of that data source
    std::string attr = step(2);
    if (type == "aws_region" && (attr == "name" || attr == "region" || attr == "id") && region_of) {
      auto d = declared.find("data.aws_region." + name);
      if (d != declared.end()) {
        EvalValue v = region_of(*this, d->second);
        if (v.known()) {
          consumed = 3;
          v.range = HclEvaluator::at(fid, Range{ref.range.begin, ref.steps[2].range.end});
          return v;
        }
      }
    }
    return reference_to(prefix + "data." + type + "." + name, 2);
  }
  if (root == "path" || root == "terraform" || root == "count" || root == "each" || root == "self")
    return HclEvaluator::unknown(r, "'" + root + "' is known only when Terraform runs");
  if (root.find('_') != std::string::npos && ref.step_count >= 1 && !step(0).empty())
    return reference_to(prefix + root + "." + step(0), 1);
  return Scope::reference(ev, fid, ref, depth, consumed);
}

class TerraformLoader {
 public:
  TerraformLoader(const Unit& unit, const std::vector<const HclFile*>& files, const LintOptions& options)
      : unit_(unit), files_(files), options_(options), ev_(files) {
    out_.problems.resize(files.size());
  }

  TfEvaluation run() {
    Instance* root = new_instance("", &unit_.dirs[0]);
    read_variable_files(*root);
    build(*root, 0);
    return std::move(out_);
  }

 private:
  const Unit& unit_;
  const std::vector<const HclFile*>& files_;
  const LintOptions& options_;
  HclEvaluator ev_;
  TfEvaluation out_;
  std::vector<std::unique_ptr<Instance>> instances_;
  std::set<std::string> loading_;  // directories on the current call chain
  std::set<Range> mentioned_;      // region names written once, however many instances read them

  // Bounds on what count and for_each multiply (nested modules with for_each): past
  // them the rest is not evaluated, with one note.
  static constexpr size_t kMaxModuleInstances = 2000;
  static constexpr size_t kMaxBlocks = 200000;
  bool over_budget_ = false;
  bool budget(uint32_t fid, size_t limit, size_t used, const char* what) {
    if (used < limit) return true;
    if (!over_budget_)
      out_.notes.push_back(display(fid) + ": more than " + std::to_string(limit) + " " + what +
                           "; the rest are not linted");
    over_budget_ = true;
    return false;
  }

  void mention(TfRegionMention m) {
    if (mentioned_.insert(m.range).second) out_.view.region_mentions.push_back(std::move(m));
  }

  Instance* new_instance(const std::string& prefix, const ModuleDir* dir) {
    instances_.push_back(std::make_unique<Instance>());
    Instance* in = instances_.back().get();
    in->prefix = prefix;
    in->dir = dir;
    in->region_of = [this](Instance& i, const Declared& d) { return declared_region(i, d); };
    return in;
  }

  const HclFile& file(uint32_t id) const { return *files_[id]; }
  const std::string& display(uint32_t id) const { return unit_.files[id]->display; }

  // Visits the top-level blocks of every file of an instance.
  template <class Fn>
  void each_block(const Instance& in, Fn fn) const {
    for (uint32_t fid : in.dir->config) {
      const HclFile* f = files_[fid];
      if (!f || f->root == kNone) continue;
      const hcl::Body& body = f->bodies[f->root];
      const hcl::BodyItem* items = f->items(body);
      for (uint32_t i = 0; i < body.item_count; ++i)
        if (items[i].is_block) fn(fid, *f, f->blocks[items[i].index], hcl::name_text(*f, f->blocks[items[i].index].type));
    }
  }

  void read_variable_files(Instance& in) {
    for (uint32_t fid : in.dir->vars) {
      const HclFile& f = file(fid);
      if (f.root == kNone) continue;
      const hcl::Body& body = f.bodies[f.root];
      const hcl::BodyItem* items = f.items(body);
      for (uint32_t i = 0; i < body.item_count; ++i) {
        if (!items[i].is_block) {
          const hcl::Attribute& a = f.attributes[items[i].index];
          Instance constants;  // variable files hold constants only
          in.inputs[hcl::name_text(f, a.name)] = ev_.eval(constants, fid, a.value);
        } else if (f.errors.empty() && out_.problems[fid].empty()) {
          // Valid HCL, but Terraform rejects a block in a variable definitions file.
          const hcl::Block& b = f.blocks[items[i].index];
          out_.problems[fid].push_back({b.type.begin, "unexpected block '" + hcl::name_text(f, b.type) +
                                                          "': a variable definitions file holds only name = value arguments"});
        }
      }
    }
  }

  void build(Instance& in, int depth) {
    // Declarations first: variables, locals, outputs, providers.
    each_block(in, [&](uint32_t fid, const HclFile& f, const hcl::Block& b, const std::string& type) {
      if (type == "variable" && b.label_count == 1) {
        in.variable_defaults[label(f, b, 0)] = Def{fid, attr(f, b, "default")};
      } else if (type == "locals") {
        each_attribute(f, b, [&](const hcl::Attribute& a) { in.locals[hcl::name_text(f, a.name)] = Def{fid, a.value}; });
      } else if (type == "output" && b.label_count == 1) {
        in.outputs[label(f, b, 0)] = Def{fid, attr(f, b, "value")};
      } else if ((type == "resource" || type == "data") && b.label_count == 2) {
        in.declared.emplace((type == "data" ? "data." : "") + label(f, b, 0) + "." + label(f, b, 1), Declared{fid, &b});
      }
    });
    each_block(in, [&](uint32_t fid, const HclFile& f, const hcl::Block& b, const std::string& type) {
      if (type == "provider" && b.label_count == 1 && label(f, b, 0) == "aws") add_provider(in, fid, f, b);
    });
    // Child modules, then resources and data sources.
    each_block(in, [&](uint32_t fid, const HclFile& f, const hcl::Block& b, const std::string& type) {
      if (type == "module" && b.label_count == 1) load_child(in, fid, f, b, depth);
    });
    each_block(in, [&](uint32_t fid, const HclFile& f, const hcl::Block& b, const std::string& type) {
      if ((type == "resource" || type == "data") && b.label_count == 2) add_block(in, fid, f, b, type == "data");
    });
    check_duplicates(in);
  }

  void add_provider(Instance& in, uint32_t fid, const HclFile& f, const hcl::Block& b) {
    std::string key = "aws";
    Id alias = attr(f, b, "alias");
    if (alias != kNone) {
      auto lit = f.as_literal(alias);
      if (!lit) return;
      key += "." + lit->text;
    }
    Id region = attr(f, b, "region");
    EvalValue v;
    if (region != kNone) v = ev_.eval(in, fid, region);
    else v.reason = "provider '" + key + "' has no region argument (taken from the environment)";
    if (v.known() && !v.text.empty())
      mention({v.text, v.range, in.prefix + "provider." + key + ".region", "provider region"});
    in.providers[key] = v;
  }

  // Declarations Terraform rejects when made twice in one module (any of its files).
  void check_duplicates(const Instance& in) {
    std::map<std::string, std::pair<uint32_t, uint32_t>> first;  // what -> file, offset
    auto declare = [&](uint32_t fid, uint32_t at, std::string what) {
      auto [it, fresh] = first.emplace(what, std::make_pair(fid, at));
      if (fresh) return;
      Position p = LineIndex(file(it->second.first).text).position(it->second.second);
      std::string message = "duplicate " + what + " (first declared at " + display(it->second.first) + ":" +
                            std::to_string(p.line) + ":" + std::to_string(p.column) +
                            "); Terraform rejects a module that declares it twice";
      auto& problems = out_.problems[fid];
      for (const auto& e : problems)
        if (e.offset == at) return;  // a child module instantiated twice
      problems.push_back(ParseError{at, std::move(message)});
    };
    each_block(in, [&](uint32_t fid, const HclFile& f, const hcl::Block& b, const std::string& type) {
      // override files (override.tf, *_override.tf) merge into what others declare
      const std::string& path = unit_.files[fid]->path;
      std::string name = path.substr(path.rfind('/') == std::string::npos ? 0 : path.rfind('/') + 1);
      if (name == "override.tf" || ends_with(name, "_override.tf")) return;
      auto quoted = [&](uint32_t i) { return "\"" + label(f, b, i) + "\""; };
      if ((type == "resource" || type == "data") && b.label_count == 2) {
        declare(fid, b.type.begin, type + " " + quoted(0) + " " + quoted(1));
      } else if ((type == "variable" || type == "output" || type == "module") && b.label_count == 1) {
        declare(fid, b.type.begin, type + " " + quoted(0));
      } else if (type == "provider" && b.label_count == 1) {
        Id alias = attr(f, b, "alias");
        auto lit = alias == kNone ? std::nullopt : f.as_literal(alias);
        if (alias != kNone && !lit) return;
        declare(fid, b.type.begin,
                "provider configuration " + quoted(0) + (lit ? " with alias \"" + lit->text + "\"" : std::string()));
      } else if (type == "locals") {
        each_attribute(f, b, [&](const hcl::Attribute& a) {
          declare(fid, a.name.begin, "local value \"" + hcl::name_text(f, a.name) + "\"");
        });
      }
    });
  }

  void load_child(Instance& parent, uint32_t fid, const HclFile& f, const hcl::Block& b, int depth) {
    std::string name = label(f, b, 0);
    Id src = attr(f, b, "source");
    auto lit = src == kNone ? std::nullopt : f.as_literal(src);
    if (!lit) return;
    const ModuleDir* dir = child_dir(parent, fid, name, lit->text, depth);
    if (!dir) return;
    std::string key = dir->identity;
    std::vector<InstanceKey> keys = instance_keys(parent, fid, f, b);
    if (keys.size() != 1 || keys[0].indexed) parent.multi.insert(name);
    loading_.insert(key);
    for (const InstanceKey& k : keys) {
      if (!budget(fid, kMaxModuleInstances, instances_.size(), "module instances")) break;
      std::string suffix = k.indexed ? hcl_values::instance_key(k.key) : std::string();
      Instance* child = new_instance(parent.prefix + "module." + name + suffix + ".", dir);
      child->key = parent.key.empty() ? name : parent.key + "." + name;
      bind(k);
      add_inputs(parent, *child, fid, f, b);
      unbind(k);
      // The default provider is inherited unless passed explicitly.
      if (!child->providers.count("aws") && parent.providers.count("aws")) child->providers["aws"] = parent.providers["aws"];
      parent.children[name + suffix] = child;
      build(*child, depth + 1);
    }
    loading_.erase(key);
  }

  // The directory of a module call: a local path, or what `terraform init` installed
  // for a registry or git source; null (with a note) when it cannot be read.
  const ModuleDir* child_dir(const Instance& parent, uint32_t fid, const std::string& name, const std::string& source,
                             int depth) {
    bool local = source.rfind("./", 0) == 0 || source.rfind("../", 0) == 0;
    const ModuleDir* dir = nullptr;
    std::string shown;
    if (local) {
      dir = unit_.dir(join_path(parent.dir->dir, source));
      shown = join_path(parent.dir->display, source);
    } else {
      std::string key = parent.key.empty() ? name : parent.key + "." + name;
      dir = remote_dir(fid, name, source, key);
      if (!dir) return nullptr;
      shown = dir->display;
    }
    std::string identity = dir ? dir->identity : join_path(parent.dir->dir, source);
    if (depth >= 8 || loading_.count(identity)) {
      out_.notes.push_back(display(fid) + ": module '" + name + "' is nested too deeply or calls itself; not followed");
      return nullptr;
    }
    if (!dir || dir->config.empty()) {
      out_.notes.push_back(display(fid) + ": module '" + name + "': no .tf files in " + shown);
      return nullptr;
    }
    return dir;
  }

  // A registry or git module, as `terraform init` installed it
  // (.terraform/modules/modules.json, read by discover); else a note saying why not.
  const ModuleDir* remote_dir(uint32_t fid, const std::string& name, const std::string& source, const std::string& key) {
    if (const ModuleDir* dir = unit_.module_by_key(key)) return dir;
    const ModuleManifest& m = unit_.manifest;
    std::string why = m.state == ModuleManifest::State::Absent
                          ? "which is not installed (no .terraform/modules/modules.json): run 'terraform init'"
                      : m.state == ModuleManifest::State::Invalid
                          ? "which is not read: " + m.display + " cannot be read"
                          : "which " + m.display + " does not list: run 'terraform init' again";
    out_.notes.push_back(display(fid) + ": module '" + name + "' has the remote source '" + source + "', " + why +
                         "; its resources are not linted");
    return nullptr;
  }

  // The instances of a block or module call: one without a key, or one per `count`
  // index or `for_each` element when those are known (none for an empty collection).
  struct InstanceKey {
    bool indexed = false;
    bool each = false;  // for_each (else count)
    EvalValue key, value;
  };
  std::vector<InstanceKey> instance_keys(Instance& in, uint32_t fid, const HclFile& f, const hcl::Block& b) {
    constexpr size_t kMaxInstances = 256;
    std::vector<InstanceKey> out;
    if (Id c = attr(f, b, "count"); c != kNone) {
      EvalValue n = ev_.eval(in, fid, c);
      double most = -1, d = 0;
      if (n.kind == EvalValue::Kind::Choice) {  // `cond ? 1 : 0`: the instances that may exist
        for (const auto& alt : n.items)
          if (hcl_values::number(alt, d)) most = std::max(most, d);
          else most = -2;
      } else if (hcl_values::number(n, d)) {
        most = d;
      }
      if (most < 0 || most > static_cast<double>(kMaxInstances)) return {InstanceKey{}};
      for (size_t i = 0; i < static_cast<size_t>(most); ++i) {
        InstanceKey k;
        k.indexed = true;
        k.key.kind = EvalValue::Kind::Number;
        k.key.text = std::to_string(i);
        k.key.range = n.range;
        out.push_back(std::move(k));
      }
      return out;
    }
    Id fe = attr(f, b, "for_each");
    if (fe == kNone) return {InstanceKey{}};
    EvalValue coll = ev_.eval(in, fid, fe);
    if (coll.kind == EvalValue::Kind::Object && coll.fields.size() <= kMaxInstances) {
      for (size_t i = 0; i < coll.fields.size(); ++i) {
        InstanceKey k;
        k.indexed = k.each = true;
        k.key = HclEvaluator::string(coll.fields[i].first,
                                     i < coll.key_ranges.size() ? coll.key_ranges[i] : coll.fields[i].second.range);
        k.value = coll.fields[i].second;
        out.push_back(std::move(k));
      }
      return out;
    }
    bool strings = coll.kind == EvalValue::Kind::List && coll.items.size() <= kMaxInstances &&
                   std::all_of(coll.items.begin(), coll.items.end(), [](const EvalValue& i) { return i.known(); });
    if (!strings) return {InstanceKey{}};
    for (const auto& item : coll.items) {
      InstanceKey k;
      k.indexed = k.each = true;
      k.key = item;
      k.key.kind = EvalValue::Kind::String;
      k.value = k.key;
      out.push_back(std::move(k));
    }
    return out;
  }

  void bind(const InstanceKey& k) {
    if (!k.indexed) return;
    EvalValue v;
    v.kind = EvalValue::Kind::Object;
    if (k.each) {
      v.fields = {{"key", k.key}, {"value", k.value}};
      ev_.bind("each", std::move(v));
    } else {
      v.fields = {{"index", k.key}};
      ev_.bind("count", std::move(v));
    }
  }
  void unbind(const InstanceKey& k) {
    if (k.indexed) ev_.unbind();
  }

  // A module call's arguments but the meta-arguments, evaluated in the caller; and the
  // providers it passes (`providers = { aws = aws.west, aws.east = aws }`).
  void add_inputs(Instance& parent, Instance& child, uint32_t fid, const HclFile& f, const hcl::Block& b) {
    each_attribute(f, b, [&](const hcl::Attribute& a) {
      std::string an = hcl::name_text(f, a.name);
      if (an == "source" || an == "version" || an == "count" || an == "for_each" || an == "depends_on") return;
      if (an == "providers") pass_providers(parent, child, f, a.value, unit_.files[fid]->format == Format::TfJson);
      else child.inputs[an] = ev_.eval(parent, fid, a.value);
    });
  }

  void pass_providers(Instance& parent, Instance& child, const HclFile& f, Id obj, bool json) {
    const hcl::Expr& e = f.expr(f.unwrap(obj));
    if (e.kind != ExprKind::Object) return;
    const Id* items = f.items(e);
    for (uint32_t i = 0; i + 1 < e.item_count; i += 2) {
      std::string k = provider_key(f, items[i], json), v = provider_key(f, items[i + 1], json);
      if (k.empty() || v.empty()) continue;
      auto it = parent.providers.find(v);
      if (it != parent.providers.end()) child.providers[k] = it->second;
    }
  }

  void add_block(Instance& in, uint32_t fid, const HclFile& f, const hcl::Block& b, bool data) {
    std::string type = label(f, b, 0);
    // AWS resources, and the HCP Packer registry's AMI artifacts (an AMI source).
    if (type.rfind("aws_", 0) != 0 && type != "hcp_packer_artifact") return;
    std::string provider = "aws";
    // JSON syntax writes the provider as a string: "aws.west" (or "${aws.west}").
    if (Id p = attr(f, b, "provider"); p != kNone) provider = provider_key(f, p, unit_.files[fid]->format == Format::TfJson);
    for (const InstanceKey& k : instance_keys(in, fid, f, b)) {
      if (!budget(fid, kMaxBlocks, out_.view.blocks.size(), "resource and data source instances")) break;
      TfBlock tb;
      tb.data = data;
      tb.type = type;
      tb.name = label(f, b, 1);
      std::string suffix = k.indexed ? hcl_values::instance_key(k.key) : std::string();
      tb.address = in.prefix + (data ? "data." : "") + tb.type + "." + tb.name + suffix;
      tb.path = in.prefix + (data ? "data." : "resource.") + tb.type + "." + tb.name + suffix;
      tb.anchor = HclEvaluator::at(fid, f.labels_of(b)[1].range);
      bind(k);
      tb.body = ev_.eval_body(in, fid, b.body);
      unbind(k);
      finish_block(in, tb, type == "hcp_packer_artifact" ? std::string() : provider);
    }
  }

  // The effective region of a declared block (data.aws_region.current): its own
  // `region`, else its provider's.
  EvalValue declared_region(Instance& in, const Declared& d) {
    const HclFile& f = file(d.file);
    if (Id own = attr(f, *d.block, "region"); own != kNone) {
      EvalValue v = ev_.eval(in, d.file, own);
      if (v.kind != EvalValue::Kind::Null) return v;
    }
    std::string provider = "aws";
    if (Id p = attr(f, *d.block, "provider"); p != kNone) provider = provider_key(f, p, unit_.files[d.file]->format == Format::TfJson);
    auto it = in.providers.find(provider);
    if (it != in.providers.end()) return it->second;
    if (in.providers.empty() && options_.regions.size() == 1) return HclEvaluator::string(options_.regions[0], {});
    return HclEvaluator::unknown({}, "the region of provider '" + provider + "' is not known");
  }

  // Effective region: own `region` (provider v6), else the selected provider's, else
  // the default provider's, else the fallback region.
  void finish_block(Instance& in, TfBlock& tb, const std::string& provider) {
    const EvalValue* own = tb.body.field("region");
    const EvalValue* region = nullptr;
    if (own && own->kind != EvalValue::Kind::Null) {
      region = own;
      if (own->known() && !own->text.empty())
        mention({own->text, own->range, tb.path + ".region", tb.data ? "data source region" : "resource region"});
    } else if (!provider.empty()) {
      auto it = in.providers.find(provider);
      if (it != in.providers.end()) region = &it->second;
    }
    if (region && region->known()) {
      tb.regions = {region->text};
      tb.region_known = true;
      tb.region_text = region->text;
      tb.region_range = region->range;
    } else if (!region && !provider.empty() && in.providers.empty() && options_.regions.size() == 1) {
      tb.regions = options_.regions;
      tb.region_known = true;
    }
    out_.view.blocks.push_back(std::move(tb));
  }
};

}  // namespace

TfEvaluation evaluate_terraform(const Unit& unit, const std::vector<const HclFile*>& files, const LintOptions& options) {
  return TerraformLoader(unit, files, options).run();
}

}  // namespace amilint
