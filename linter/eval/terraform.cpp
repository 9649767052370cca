#include "linter/eval/terraform.h"

#include "linter/load/loaders.h"

#include <dirent.h>
#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <set>

namespace amilint {

using hcl::ExprKind;
using hcl::HclFile;
using hcl::Id;
using hcl::kNone;

namespace {

bool ends_with(const std::string& s, const char* suffix) {
  size_t n = std::strlen(suffix);
  return s.size() >= n && s.compare(s.size() - n, n, suffix) == 0;
}

std::vector<std::string> list_dir(const std::string& dir) {
  std::vector<std::string> names;
  if (DIR* d = opendir(dir.c_str())) {
    while (dirent* e = readdir(d)) names.push_back(e->d_name);
    closedir(d);
  }
  std::sort(names.begin(), names.end());
  return names;
}

std::string join_path(const std::string& dir, const std::string& rel) {
  std::string p = dir.empty() || dir == "." ? rel : dir + "/" + rel;
  // normalize "a/b/../c" and "./" segments textually
  std::vector<std::string> parts;
  size_t i = 0;
  bool absolute = !p.empty() && p[0] == '/';
  while (i <= p.size()) {
    size_t j = p.find('/', i);
    if (j == std::string::npos) j = p.size();
    std::string seg = p.substr(i, j - i);
    if (seg == "..") {
      if (!parts.empty() && parts.back() != "..") parts.pop_back();
      else if (!absolute) parts.push_back(seg);
    } else if (!seg.empty() && seg != ".") {
      parts.push_back(seg);
    }
    i = j + 1;
  }
  std::string out = absolute ? "/" : "";
  for (size_t k = 0; k < parts.size(); ++k) out += (k ? "/" : "") + parts[k];
  return out.empty() ? "." : out;
}

struct Def {
  uint32_t file = 0;
  Id expr = kNone;
  const Node* json = nullptr;  // .tf.json: the value's node instead of an expression
};

struct Instance {
  std::string prefix;  // "" or "module.app."
  std::string dir, display_dir;
  std::vector<uint32_t> files;
  std::map<std::string, Def> variable_defaults;
  std::map<std::string, TfValue> inputs;  // tfvars (root) or module call arguments (child)
  std::map<std::string, Def> locals;
  std::map<std::string, Def> outputs;
  std::map<std::string, TfValue> providers;  // "aws", "aws.west" -> region value
  std::map<std::string, Instance*> children;
  std::set<std::string> evaluating;  // locals being evaluated (cycles)
};

class Loader {
 public:
  Loader(TfModule& out, const LintOptions& options) : out_(out), options_(options) {}

  void load_root(const std::string& dir, const std::string& display_dir, const std::vector<std::string>& tf_files) {
    Instance* root = new_instance("", dir, display_dir);
    for (const auto& f : tf_files) add_file(*root, f, display_of(display_dir, f), true);
    read_tfvars(*root);
    build(*root, 0);
  }

 private:
  TfModule& out_;
  const LintOptions& options_;
  std::vector<std::unique_ptr<Instance>> instances_;
  std::set<std::string> loading_;  // directories on the current call chain

  static std::string display_of(const std::string& display_dir, const std::string& path) {
    size_t slash = path.rfind('/');
    std::string name = slash == std::string::npos ? path : path.substr(slash + 1);
    return display_dir == "." || display_dir.empty() ? name : display_dir + "/" + name;
  }

  Instance* new_instance(const std::string& prefix, const std::string& dir, const std::string& display_dir) {
    instances_.push_back(std::make_unique<Instance>());
    Instance* in = instances_.back().get();
    in->prefix = prefix;
    in->dir = dir;
    in->display_dir = display_dir;
    return in;
  }

  uint32_t add_file(Instance& in, const std::string& path, const std::string& display, bool lint) {
    auto f = std::make_unique<TfFile>();
    f->path = path;
    f->display = display;
    f->lint = lint;
    std::string text;
    f->json = ends_with(path, ".json");
    if (!read_file(path, text)) {
      f->hcl.display_name = display;
      f->hcl.errors.push_back({0, cannot_read_message(errno)});
    } else if (f->json) {
      f->doc = load_json(text, display);
      f->hcl.display_name = display;
      f->hcl.errors = f->doc.errors;
      f->hcl.text = std::move(text);
    } else {
      f->hcl = hcl::parse_hcl(text, display);
    }
    uint32_t id = static_cast<uint32_t>(out_.files.size());
    out_.files.push_back(std::move(f));
    in.files.push_back(id);
    return id;
  }

  const HclFile& file(uint32_t id) const { return out_.files[id]->hcl; }

  Range at(uint32_t fid, Range r) const {
    r.file = fid;
    return r;
  }

  static std::string label(const HclFile& f, const hcl::Block& b, uint32_t i) {
    return i < b.label_count ? std::string(f.str(f.labels_of(b)[i].value)) : std::string();
  }

  // Visits the top-level blocks of every file of an instance.
  template <class Fn>
  void each_block(const Instance& in, Fn fn) const {
    for (uint32_t fid : in.files) {
      const HclFile& f = file(fid);
      if (!f.ok() || f.root == kNone) continue;
      const hcl::Body& body = f.bodies[f.root];
      const hcl::BodyItem* items = f.items(body);
      for (uint32_t i = 0; i < body.item_count; ++i)
        if (items[i].is_block) fn(fid, f, f.blocks[items[i].index]);
    }
  }

  // The attribute `name` directly in a block's body.
  static Id attr(const HclFile& f, const hcl::Block& b, std::string_view name) {
    if (b.body == kNone) return kNone;
    const hcl::Body& body = f.bodies[b.body];
    const hcl::BodyItem* items = f.items(body);
    for (uint32_t i = 0; i < body.item_count; ++i)
      if (!items[i].is_block) {
        const hcl::Attribute& a = f.attributes[items[i].index];
        if (f.source(a.name) == name) return a.value;
      }
    return kNone;
  }

  void read_tfvars(Instance& in) {
    std::vector<std::string> vars;
    for (const auto& n : list_dir(in.dir))
      if (n == "terraform.tfvars" || n == "terraform.tfvars.json" || ends_with(n, ".auto.tfvars") ||
          ends_with(n, ".auto.tfvars.json"))
        vars.push_back(n);
    // terraform.tfvars, terraform.tfvars.json, then *.auto.tfvars(.json) in lexical
    // order: later files win, as in Terraform.
    auto rank = [](const std::string& n) { return n == "terraform.tfvars" ? 0 : n == "terraform.tfvars.json" ? 1 : 2; };
    std::stable_sort(vars.begin(), vars.end(),
                     [&](const std::string& a, const std::string& b) { return rank(a) < rank(b); });
    for (const auto& n : vars) {
      uint32_t fid = add_file(in, join_path(in.dir, n), display_of(in.display_dir, n), false);
      in.files.pop_back();  // tfvars are not part of the module's configuration
      if (out_.files[fid]->json) {
        const Node* root = out_.files[fid]->doc.root;
        if (!root || !root->is_map()) continue;
        for (const auto& e : root->entries) {
          if (e.key == "//") continue;
          Instance scratch;  // tfvars hold constants only
          in.inputs[e.key] = json_eval(scratch, fid, e.value, 0);
        }
        continue;
      }
      const HclFile& f = file(fid);
      if (!f.ok()) continue;
      const hcl::Body& body = f.bodies[f.root];
      const hcl::BodyItem* items = f.items(body);
      for (uint32_t i = 0; i < body.item_count; ++i)
        if (!items[i].is_block) {
          const hcl::Attribute& a = f.attributes[items[i].index];
          Instance scratch;  // tfvars hold constants only
          in.inputs[std::string(f.source(a.name))] = eval(scratch, fid, a.value, 0);
        } else if (out_.files[fid]->hcl.errors.empty()) {
          // Valid HCL, but Terraform rejects a block in a variable definitions file.
          const hcl::Block& b = f.blocks[items[i].index];
          out_.files[fid]->hcl.errors.push_back(
              {b.type.begin, "unexpected block '" + std::string(f.source(b.type)) +
                                 "': a variable definitions file holds only name = value arguments"});
        }
    }
  }

  void build(Instance& in, int depth) {
    json_declarations(in);
    // Declarations first: variables, locals, outputs, providers.
    each_block(in, [&](uint32_t fid, const HclFile& f, const hcl::Block& b) {
      std::string_view type = f.source(b.type);
      if (type == "variable" && b.label_count == 1) {
        in.variable_defaults[label(f, b, 0)] = Def{fid, attr(f, b, "default")};
      } else if (type == "locals" && b.body != kNone) {
        const hcl::Body& body = f.bodies[b.body];
        const hcl::BodyItem* items = f.items(body);
        for (uint32_t i = 0; i < body.item_count; ++i)
          if (!items[i].is_block) {
            const hcl::Attribute& a = f.attributes[items[i].index];
            in.locals[std::string(f.source(a.name))] = Def{fid, a.value};
          }
      } else if (type == "output" && b.label_count == 1) {
        in.outputs[label(f, b, 0)] = Def{fid, attr(f, b, "value")};
      }
    });
    each_block(in, [&](uint32_t fid, const HclFile& f, const hcl::Block& b) {
      if (f.source(b.type) != "provider" || b.label_count != 1 || label(f, b, 0) != "aws") return;
      std::string key = "aws";
      Id alias = attr(f, b, "alias");
      if (alias != kNone) {
        auto lit = f.as_literal(alias);
        if (!lit) return;
        key += "." + lit->text;
      }
      Id region = attr(f, b, "region");
      TfValue v;
      if (region != kNone) v = eval(in, fid, region, 0);
      else v.reason = "provider '" + key + "' has no region argument (taken from the environment)";
      if (v.known() && !v.text.empty()) out_.view.region_mentions.push_back({v.text, v.range, in.prefix + "provider." + key + ".region", "provider region"});
      in.providers[key] = v;
    });
    // Child modules, then resources and data sources.
    each_block(in, [&](uint32_t fid, const HclFile& f, const hcl::Block& b) {
      if (f.source(b.type) == "module" && b.label_count == 1) load_child(in, fid, f, b, depth);
    });
    each_block(in, [&](uint32_t fid, const HclFile& f, const hcl::Block& b) {
      std::string_view type = f.source(b.type);
      if ((type == "resource" || type == "data") && b.label_count == 2) add_block(in, fid, f, b, type == "data");
    });
    json_blocks(in, depth);
    check_duplicates(in);
  }

  // Declarations Terraform rejects when made twice in one module (any of its files).
  void check_duplicates(const Instance& in) {
    std::map<std::string, std::pair<uint32_t, uint32_t>> first;  // what -> file, offset
    auto declare = [&](uint32_t fid, uint32_t at, std::string what) {
      auto [it, fresh] = first.emplace(what, std::make_pair(fid, at));
      if (fresh) return;
      const TfFile& prev = *out_.files[it->second.first];
      Position p = LineIndex(prev.hcl.text).position(it->second.second);
      std::string message = "duplicate " + what + " (first declared at " + prev.display + ":" +
                            std::to_string(p.line) + ":" + std::to_string(p.column) +
                            "); Terraform rejects a module that declares it twice";
      auto& problems = out_.files[fid]->problems;
      for (const auto& e : problems)
        if (e.offset == at) return;  // a child module instantiated twice
      problems.push_back(ParseError{at, std::move(message)});
    };
    each_block(in, [&](uint32_t fid, const HclFile& f, const hcl::Block& b) {
      // override files (override.tf, *_override.tf) merge into what others declare
      const std::string& path = out_.files[fid]->path;
      std::string name = path.substr(path.rfind('/') == std::string::npos ? 0 : path.rfind('/') + 1);
      if (name == "override.tf" || ends_with(name, "_override.tf")) return;
      std::string_view type = f.source(b.type);
      auto quoted = [&](uint32_t i) { return "\"" + label(f, b, i) + "\""; };
      if ((type == "resource" || type == "data") && b.label_count == 2) {
        declare(fid, b.type.begin, std::string(type) + " " + quoted(0) + " " + quoted(1));
      } else if ((type == "variable" || type == "output" || type == "module") && b.label_count == 1) {
        declare(fid, b.type.begin, std::string(type) + " " + quoted(0));
      } else if (type == "provider" && b.label_count == 1) {
        Id alias = attr(f, b, "alias");
        auto lit = alias == kNone ? std::nullopt : f.as_literal(alias);
        if (alias != kNone && !lit) return;
        declare(fid, b.type.begin,
                "provider configuration " + quoted(0) + (lit ? " with alias \"" + lit->text + "\"" : std::string()));
      } else if (type == "locals" && b.body != kNone) {
        const hcl::Body& body = f.bodies[b.body];
        const hcl::BodyItem* items = f.items(body);
        for (uint32_t i = 0; i < body.item_count; ++i)
          if (!items[i].is_block) {
            const hcl::Attribute& a = f.attributes[items[i].index];
            declare(fid, a.name.begin, "local value \"" + std::string(f.source(a.name)) + "\"");
          }
      }
    });
  }

  // ---- Terraform JSON syntax ----

  // Calls fn(name, name_range, body) for `{"NAME": body}` or `{"NAME": [body, ...]}`.
  template <class Fn>
  static void json_named(const Node* n, Fn fn) {
    if (!n || !n->is_map()) return;
    for (const auto& e : n->entries) {
      if (e.key == "//") continue;
      if (e.value && e.value->is_seq()) {
        for (const Node* item : e.value->items) fn(e.key, e.key_range, item);
      } else {
        fn(e.key, e.key_range, e.value);
      }
    }
  }

  // Top-level JSON objects of a key (`"resource": {...}` or `"resource": [{...}]`).
  template <class Fn>
  void json_sections(const Instance& in, const char* key, Fn fn) const {
    for (uint32_t fid : in.files) {
      const TfFile& tf = *out_.files[fid];
      if (!tf.json || !tf.doc.root || !tf.doc.root->is_map()) continue;
      const Node* sec = tf.doc.root->get(key);
      if (!sec) continue;
      if (sec->is_seq()) {
        for (const Node* item : sec->items) fn(fid, item);
      } else {
        fn(fid, sec);
      }
    }
  }

  void json_declarations(Instance& in) {
    json_sections(in, "variable", [&](uint32_t fid, const Node* sec) {
      json_named(sec, [&](const std::string& name, Range, const Node* body) {
        in.variable_defaults[name] = Def{fid, kNone, body && body->is_map() ? body->get("default") : nullptr};
      });
    });
    json_sections(in, "locals", [&](uint32_t fid, const Node* sec) {
      json_named(sec, [&](const std::string& name, Range, const Node* v) { in.locals[name] = Def{fid, kNone, v}; });
    });
    json_sections(in, "output", [&](uint32_t fid, const Node* sec) {
      json_named(sec, [&](const std::string& name, Range, const Node* body) {
        in.outputs[name] = Def{fid, kNone, body && body->is_map() ? body->get("value") : nullptr};
      });
    });
    json_sections(in, "provider", [&](uint32_t fid, const Node* sec) {
      json_named(sec, [&](const std::string& name, Range, const Node* body) {
        if (name != "aws" || !body || !body->is_map()) return;
        std::string key = "aws";
        if (const Node* a = body->get("alias"); a && a->is_scalar()) key += "." + a->text;
        TfValue v;
        if (const Node* r = body->get("region")) v = json_eval(in, fid, r, 0);
        else v.reason = "provider '" + key + "' has no region argument (taken from the environment)";
        if (v.known() && !v.text.empty())
          out_.view.region_mentions.push_back({v.text, v.range, in.prefix + "provider." + key + ".region", "provider region"});
        in.providers[key] = v;
      });
    });
  }

  void json_blocks(Instance& in, int depth) {
    (void)depth;
    for (const char* kind : {"resource", "data"}) {
      json_sections(in, kind, [&](uint32_t fid, const Node* sec) {
        json_named(sec, [&](const std::string& type, Range, const Node* names) {
          json_named(names, [&](const std::string& name, Range name_range, const Node* body) {
            add_json_block(in, fid, type, name, name_range, body, std::string(kind) == "data");
          });
        });
      });
    }
  }

  void add_json_block(Instance& in, uint32_t fid, const std::string& type, const std::string& name,
                      Range name_range, const Node* body, bool data) {
    if (type.rfind("aws_", 0) != 0 || !body || !body->is_map()) return;
    TfBlock tb;
    tb.data = data;
    tb.type = type;
    tb.name = name;
    tb.address = in.prefix + (data ? "data." : "") + type + "." + name;
    tb.path = in.prefix + (data ? "data." : "resource.") + type + "." + name;
    tb.anchor = at(fid, name_range);
    tb.body = json_eval(in, fid, body, 0);
    std::string provider = "aws";
    if (const Node* p = body->get("provider"); p && p->is_scalar()) {
      provider = p->text;  // "aws.west", also written "${aws.west}"
      if (provider.size() > 3 && provider.compare(0, 2, "${") == 0 && provider.back() == '}')
        provider = provider.substr(2, provider.size() - 3);
    }
    finish_block(in, tb, provider);
  }

  // A JSON value of a .tf.json file. Strings are templates: "${...}" is parsed as an
  // HCL expression and evaluated; the result points at the JSON string.
  TfValue json_eval(Instance& in, uint32_t fid, const Node* n, int depth) {
    TfValue v;
    if (!n) return unknown({}, "no value");
    v.range = at(fid, n->range);
    if (depth > 32) return unknown(v.range, "nested too deeply");
    if (n->is_map()) {
      v.kind = TfValue::Kind::Object;
      for (const auto& e : n->entries)
        if (e.key != "//") v.fields.emplace_back(e.key, json_eval(in, fid, e.value, depth + 1));
      return v;
    }
    if (n->is_seq()) {
      v.kind = TfValue::Kind::List;
      for (const Node* item : n->items) v.items.push_back(json_eval(in, fid, item, depth + 1));
      return v;
    }
    v.text = n->text;
    switch (n->type) {
      case ScalarType::Null: v.kind = TfValue::Kind::Null; return v;
      case ScalarType::Bool: v.kind = TfValue::Kind::Bool; return v;
      case ScalarType::Number: v.kind = TfValue::Kind::Number; return v;
      case ScalarType::String: break;
    }
    v.kind = TfValue::Kind::String;
    if (n->text.find("${") == std::string::npos && n->text.find("%{") == std::string::npos) return v;
    // Evaluate the template through the HCL parser: `x = "<the JSON string as written>"`.
    const std::string& src = out_.files[fid]->hcl.text;
    auto tf = std::make_unique<TfFile>();
    tf->display = out_.files[fid]->display;
    tf->lint = false;
    tf->hcl = hcl::parse_hcl("x = " + src.substr(n->range.begin, n->range.end - n->range.begin) + "\n", tf->display);
    uint32_t sid = static_cast<uint32_t>(out_.files.size());
    out_.files.push_back(std::move(tf));
    const HclFile& hf = file(sid);
    if (!hf.ok()) return unknown(v.range, "a template amilint cannot read");
    const hcl::Body& body = hf.bodies[hf.root];
    if (body.item_count != 1 || hf.items(body)[0].is_block) return unknown(v.range, "a template amilint cannot read");
    TfValue r = eval(in, sid, hf.attributes[hf.items(body)[0].index].value, depth + 1);
    relocate(r, sid, at(fid, n->range));
    return r;
  }

  // Ranges inside a synthetic file become the range of the JSON string it came from.
  static void relocate(TfValue& v, uint32_t synthetic, Range to) {
    if (v.range.file == synthetic) v.range = to;
    for (auto& i : v.items) relocate(i, synthetic, to);
    for (auto& f : v.fields) relocate(f.second, synthetic, to);
  }

  void load_child(Instance& parent, uint32_t fid, const HclFile& f, const hcl::Block& b, int depth) {
    std::string name = label(f, b, 0);
    Id src = attr(f, b, "source");
    auto lit = src == kNone ? std::nullopt : f.as_literal(src);
    if (!lit) return;
    const std::string& source = lit->text;
    if (source.rfind("./", 0) != 0 && source.rfind("../", 0) != 0) {
      out_.notes.push_back(file_display(fid) + ": module '" + name + "' has the remote source '" + source +
                           "', which is not fetched; its resources are not linted");
      return;
    }
    std::string dir = join_path(parent.dir, source);
    std::string display = join_path(parent.display_dir, source);
    char real[PATH_MAX];
    std::string key = realpath(dir.c_str(), real) ? std::string(real) : dir;
    if (depth >= 8 || loading_.count(key)) {
      out_.notes.push_back(file_display(fid) + ": module '" + name + "' is nested too deeply or calls itself; not followed");
      return;
    }
    std::vector<std::string> tf;
    for (const auto& n : list_dir(dir))
      if (ends_with(n, ".tf") || ends_with(n, ".tf.json")) tf.push_back(join_path(dir, n));
    if (tf.empty()) {
      out_.notes.push_back(file_display(fid) + ": module '" + name + "': no .tf files in " + display);
      return;
    }
    out_.child_dirs.push_back(key);
    Instance* child = new_instance(parent.prefix + "module." + name + ".", dir, display);
    for (const auto& p : tf) add_file(*child, p, display_of(display, p), false);
    // Inputs: every argument but the meta-arguments, evaluated in the parent.
    if (b.body != kNone) {
      const hcl::Body& body = f.bodies[b.body];
      const hcl::BodyItem* items = f.items(body);
      for (uint32_t i = 0; i < body.item_count; ++i) {
        if (items[i].is_block) continue;
        const hcl::Attribute& a = f.attributes[items[i].index];
        std::string an(f.source(a.name));
        if (an == "source" || an == "version" || an == "count" || an == "for_each" || an == "depends_on")
          continue;
        if (an == "providers") {
          pass_providers(parent, *child, f, a.value);
          continue;
        }
        child->inputs[an] = eval(parent, fid, a.value, 0);
      }
    }
    // The default provider is inherited unless passed explicitly.
    if (!child->providers.count("aws") && parent.providers.count("aws")) child->providers["aws"] = parent.providers["aws"];
    parent.children[name] = child;
    loading_.insert(key);
    build(*child, depth + 1);
    loading_.erase(key);
  }

  // providers = { aws = aws.west, aws.east = aws }
  void pass_providers(Instance& parent, Instance& child, const HclFile& f, Id obj) {
    Id o = f.unwrap(obj);
    const hcl::Expr& e = f.expr(o);
    if (e.kind != ExprKind::Object) return;
    const Id* items = f.items(e);
    for (uint32_t i = 0; i + 1 < e.item_count; i += 2) {
      std::string k = provider_key(f, items[i]), v = provider_key(f, items[i + 1]);
      if (k.empty() || v.empty()) continue;
      auto it = parent.providers.find(v);
      if (it != parent.providers.end()) child.providers[k] = it->second;
    }
  }

  // `aws` or `aws.west` written as a reference.
  static std::string provider_key(const HclFile& f, Id id) {
    auto r = f.as_reference(id);
    if (!r) return {};
    std::string key(r->root);
    for (size_t i = 0; i < r->step_count; ++i) {
      if (r->steps[i].kind != hcl::StepKind::Attr) return {};
      key += "." + std::string(f.source(r->steps[i].name));
    }
    return key;
  }

  std::string file_display(uint32_t fid) const { return out_.files[fid]->display; }

  void add_block(Instance& in, uint32_t fid, const HclFile& f, const hcl::Block& b, bool data) {
    TfBlock tb;
    tb.data = data;
    tb.type = label(f, b, 0);
    tb.name = label(f, b, 1);
    tb.address = in.prefix + (data ? "data." : "") + tb.type + "." + tb.name;
    tb.path = in.prefix + (data ? "data." : "resource.") + tb.type + "." + tb.name;
    tb.anchor = at(fid, f.labels_of(b)[1].range);
    tb.body = eval_body(in, fid, f, b.body, 0);
    std::string key = "aws";
    Id p = attr(f, b, "provider");
    if (p != kNone) key = provider_key(f, p);
    finish_block(in, tb, key);
  }

  // Effective region: own `region` (provider v6), else the selected provider's, else
  // the default provider's, else the fallback region.
  void finish_block(Instance& in, TfBlock& tb, const std::string& provider) {
    const TfValue* own = tb.body.field("region");
    const TfValue* region = nullptr;
    if (own && own->kind != TfValue::Kind::Null) {
      region = own;
      if (own->known() && !own->text.empty() && tb.type.rfind("aws_", 0) == 0)
        out_.view.region_mentions.push_back(
            {own->text, own->range, tb.path + ".region", tb.data ? "data source region" : "resource region"});
    } else {
      auto it = in.providers.find(provider);
      if (it != in.providers.end()) region = &it->second;
    }
    if (region && region->known()) {
      tb.regions = {region->text};
      tb.region_known = true;
      tb.region_text = region->text;
      tb.region_range = region->range;
    } else if (!region && in.providers.empty() && options_.regions.size() == 1) {
      tb.regions = options_.regions;
      tb.region_known = true;
    }
    if (tb.type.rfind("aws_", 0) == 0) out_.view.blocks.push_back(std::move(tb));
  }

  TfValue eval_body(Instance& in, uint32_t fid, const HclFile& f, Id body_id, int depth) {
    TfValue obj;
    obj.kind = TfValue::Kind::Object;
    if (body_id == kNone || depth > 32) return obj;
    const hcl::Body& body = f.bodies[body_id];
    obj.range = at(fid, body.range);
    const hcl::BodyItem* items = f.items(body);
    for (uint32_t i = 0; i < body.item_count; ++i) {
      if (!items[i].is_block) {
        const hcl::Attribute& a = f.attributes[items[i].index];
        obj.fields.emplace_back(std::string(f.source(a.name)), eval(in, fid, a.value, 0));
        continue;
      }
      const hcl::Block& nb = f.blocks[items[i].index];
      std::string type(f.source(nb.type));
      if (type == "dynamic" || type == "lifecycle") continue;
      TfValue v = eval_body(in, fid, f, nb.body, depth + 1);
      v.range = at(fid, nb.type);
      TfValue* list = nullptr;
      for (auto& fl : obj.fields)
        if (fl.first == type && fl.second.kind == TfValue::Kind::List) list = &fl.second;
      if (!list) {
        TfValue l;
        l.kind = TfValue::Kind::List;
        l.range = at(fid, nb.type);
        obj.fields.emplace_back(type, std::move(l));
        list = &obj.fields.back().second;
      }
      list->items.push_back(std::move(v));
    }
    return obj;
  }

  static TfValue unknown(Range r, std::string reason) {
    TfValue v;
    v.kind = TfValue::Kind::Unknown;
    v.range = r;
    v.reason = std::move(reason);
    return v;
  }

  TfValue eval(Instance& in, uint32_t fid, Id id, int depth) {
    const HclFile& f = file(fid);
    if (id == kNone) return unknown({}, "no value");
    Range r = at(fid, f.expr(id).range);
    if (depth > 24) return unknown(r, "too deeply nested references");
    if (auto lit = f.as_literal(id)) {
      TfValue v;
      v.range = at(fid, lit->range);
      v.text = lit->text;
      switch (lit->type) {
        case ExprKind::String: v.kind = TfValue::Kind::String; break;
        case ExprKind::Number: v.kind = TfValue::Kind::Number; break;
        case ExprKind::Bool: v.kind = TfValue::Kind::Bool; break;
        default: v.kind = TfValue::Kind::Null; break;
      }
      // A heredoc whose body is its value verbatim (no indentation stripped, no escapes):
      // its range is the body, so that an offset into the value is one into the file
      // (the adapter points into JSON policy documents with it).
      const hcl::Expr& le = f.expr(f.unwrap(id));
      if (lit->type == ExprKind::String && le.kind == ExprKind::Template && (le.flags & hcl::kHeredoc) &&
          le.item_count == 1) {
        const hcl::Expr& part = f.expr(f.items(le)[0]);
        if (part.kind == ExprKind::String && f.source(part.range) == lit->text) v.range = at(fid, part.range);
      }
      return v;
    }
    if (auto ref = f.as_reference(id)) return eval_reference(in, fid, f, *ref, depth);
    Id u = f.unwrap(id);
    const hcl::Expr& e = f.expr(u);
    switch (e.kind) {
      case ExprKind::Tuple: {
        TfValue v;
        v.kind = TfValue::Kind::List;
        v.range = r;
        const Id* items = f.items(e);
        for (uint32_t i = 0; i < e.item_count; ++i) v.items.push_back(eval(in, fid, items[i], depth + 1));
        return v;
      }
      case ExprKind::Object: {
        TfValue v;
        v.kind = TfValue::Kind::Object;
        v.range = r;
        const Id* items = f.items(e);
        for (uint32_t i = 0; i + 1 < e.item_count; i += 2) {
          std::string key;
          if (auto k = f.as_literal(items[i])) key = k->text;
          else if (auto kr = f.as_reference(items[i]); kr && kr->step_count == 0) key = std::string(kr->root);
          else continue;
          v.fields.emplace_back(key, eval(in, fid, items[i + 1], depth + 1));
        }
        return v;
      }
      case ExprKind::Template: {
        // A template whose every part is known becomes the joined string.
        std::string text;
        const Id* items = f.items(e);
        for (uint32_t i = 0; i < e.item_count; ++i) {
          const hcl::Expr& part = f.expr(items[i]);
          if (part.kind == ExprKind::String) {
            text += f.str(part.str);
            continue;
          }
          TfValue pv = eval(in, fid, items[i], depth + 1);
          if (!pv.known()) return unknown(r, pv.reason.empty() ? "a string built from unknown values" : pv.reason);
          text += pv.text;
        }
        TfValue v;
        v.kind = TfValue::Kind::String;
        v.text = text;
        v.range = r;
        return v;
      }
      case ExprKind::Call:
        return unknown(r, "the result of " + std::string(f.source(e.name)) + "()");
      case ExprKind::Conditional:
        return unknown(r, "a conditional expression");
      default:
        return unknown(r, "an expression evaluated by Terraform");
    }
  }

  TfValue def_eval(Instance& in, const Def& d, int depth) {
    return d.json ? json_eval(in, d.file, d.json, depth) : eval(in, d.file, d.expr, depth);
  }

  TfValue eval_reference(Instance& in, uint32_t fid, const HclFile& f, const hcl::ReferenceView& ref, int depth) {
    Range r = at(fid, ref.range);
    std::string root(ref.root);
    auto step_name = [&](size_t i) -> std::string {
      if (i >= ref.step_count || ref.steps[i].kind != hcl::StepKind::Attr) return {};
      return std::string(f.source(ref.steps[i].name));
    };
    if (root == "var") {
      std::string name = step_name(0);
      auto it = in.inputs.find(name);
      if (it != in.inputs.end()) return it->second;
      auto d = in.variable_defaults.find(name);
      if (d != in.variable_defaults.end() && (d->second.expr != kNone || d->second.json)) {
        Instance scratch;  // defaults are constants
        return def_eval(scratch, d->second, depth + 1);
      }
      return unknown(r, "variable '" + name + "' has no value: no default and no tfvars");
    }
    if (root == "local") {
      std::string name = step_name(0);
      auto it = in.locals.find(name);
      if (it == in.locals.end()) return unknown(r, "local '" + name + "' is not defined");
      if (in.evaluating.count(name)) return unknown(r, "local '" + name + "' refers to itself");
      in.evaluating.insert(name);
      TfValue v = def_eval(in, it->second, depth + 1);
      in.evaluating.erase(name);
      return v;
    }
    if (root == "module") {
      std::string name = step_name(0), output = step_name(1);
      auto c = in.children.find(name);
      if (c == in.children.end()) return unknown(r, "an output of module '" + name + "', which is not read");
      auto o = c->second->outputs.find(output);
      if (o == c->second->outputs.end() || (o->second.expr == kNone && !o->second.json))
        return unknown(r, "module '" + name + "' has no output '" + output + "'");
      TfValue v = def_eval(*c->second, o->second, depth + 1);
      return v;
    }
    if (root == "data") {
      std::string type = step_name(0), name = step_name(1);
      if (type.empty() || name.empty()) return unknown(r, "an incomplete reference");
      TfValue v;
      v.kind = TfValue::Kind::Reference;
      v.range = r;
      v.ref = in.prefix + "data." + type + "." + name;
      v.attr = step_name(2);
      return v;
    }
    if (root == "path" || root == "terraform" || root == "count" || root == "each" || root == "self")
      return unknown(r, "'" + root + "' is known only when Terraform runs");
    if (root.find('_') != std::string::npos && ref.step_count >= 1) {
      TfValue v;
      v.kind = TfValue::Kind::Reference;
      v.range = r;
      v.ref = in.prefix + root + "." + step_name(0);
      v.attr = step_name(1);
      return v;
    }
    return unknown(r, "'" + root + "' is not something amilint resolves");
  }
};

}  // namespace

TfModule load_module(const std::string& dir, const std::string& display_dir,
                     const std::vector<std::string>& tf_files, const LintOptions& options) {
  TfModule m;
  Loader(m, options).load_root(dir, display_dir, tf_files);
  return m;
}

std::vector<std::string> local_module_sources(const hcl::HclFile& f) {
  std::vector<std::string> out;
  if (!f.ok()) return out;
  const hcl::Body& body = f.bodies[f.root];
  const hcl::BodyItem* items = f.items(body);
  for (uint32_t i = 0; i < body.item_count; ++i) {
    if (!items[i].is_block) continue;
    const hcl::Block& b = f.blocks[items[i].index];
    if (f.source(b.type) != "module" || b.body == kNone) continue;
    const hcl::Body& mb = f.bodies[b.body];
    const hcl::BodyItem* mi = f.items(mb);
    for (uint32_t k = 0; k < mb.item_count; ++k) {
      if (mi[k].is_block) continue;
      const hcl::Attribute& a = f.attributes[mi[k].index];
      if (f.source(a.name) != "source") continue;
      if (auto lit = f.as_literal(a.value))
        if (lit->text.rfind("./", 0) == 0 || lit->text.rfind("../", 0) == 0) out.push_back(lit->text);
    }
  }
  return out;
}

}  // namespace amilint
