#include "linter/eval/packer.h"

#include <map>
#include <memory>
#include <set>
#include <string>

#include "linter/eval/hcl_eval.h"
#include "linter/load/hcl/json_syntax.h"

namespace amilint {

using hcl::HclFile;
using hcl::Id;
using hcl::kNone;

// ---- builder types -------------------------------------------------------------

bool packer_amazon_builder(const std::string& t) {
  return t == "amazon-ebs" || t == "amazon-ebssurrogate" || t == "amazon-instance" || t == "amazon-ebsvolume" ||
         t == "amazon-chroot";
}

bool packer_has_ami_options(const std::string& t) { return packer_amazon_builder(t) && t != "amazon-ebsvolume"; }

bool packer_has_snapshot_options(const std::string& t) { return packer_amazon_builder(t) && t != "amazon-instance"; }

std::optional<bool> PackerValue::as_bool() const {
  if (kind != Kind::Scalar) return std::nullopt;
  if (text == "true") return true;
  if (text == "false") return false;
  return std::nullopt;
}

const PackerValue* PackerValue::get(const std::string& key) const {
  for (const auto& e : entries)
    if (e.key == key) return &e.value;
  return nullptr;
}

namespace {

PackerValue absent_at(Range r) {
  PackerValue v;
  r.end = r.begin;
  v.range = r;
  return v;
}

PackerValue unknown_at(Range r, std::string reason) {
  PackerValue v;
  v.kind = PackerValue::Kind::Unknown;
  v.range = r;
  v.reason = std::move(reason);
  return v;
}

// The options a builder reads, by name, from one object of options (HCL2: the source's
// merged with the build's override; legacy: the builder object), each converted by
// `get` (absent when not set).
template <class Get>
void read_options(PackerBuilder& b, Get get) {
  b.makes_ami = packer_has_ami_options(b.type);
  b.region = get("region");
  b.source_ami = get("source_ami");
  b.skip_region_validation = get("skip_region_validation");
  if (b.makes_ami) {
    b.ami_name = get("ami_name");
    b.ami_regions = get("ami_regions");
    b.encrypt_boot = get("encrypt_boot");
    b.kms_key_id = get("kms_key_id");
    b.region_kms_key_ids = get("region_kms_key_ids");
    b.ami_users = get("ami_users");
    b.ami_groups = get("ami_groups");
    b.ami_org_arns = get("ami_org_arns");
    b.ami_ou_arns = get("ami_ou_arns");
    b.deprecate_at = get("deprecate_at");
  }
  if (packer_has_snapshot_options(b.type)) {
    b.snapshot_users = get("snapshot_users");
    b.snapshot_groups = get("snapshot_groups");
  }
}

// A filter's options out of its value (a Map).
PackerAmiFilter filter_of(const PackerValue& v) {
  PackerAmiFilter f;
  f.present = !v.absent();
  f.range = v.range;
  auto field = [&](const char* k) {
    const PackerValue* x = v.get(k);
    return x ? *x : absent_at(v.range);
  };
  if (v.unknown()) {
    f.filters = f.owners = v;  // unknown as a whole
    f.most_recent = f.include_deprecated = v;
    return f;
  }
  f.filters = field("filters");
  f.owners = field("owners");
  f.most_recent = field("most_recent");
  f.include_deprecated = field("include_deprecated");
  return f;
}

// ---- HCL2 ------------------------------------------------------------------------

std::string label(const HclFile& f, const hcl::Block& b, uint32_t i) {
  return i < b.label_count ? std::string(f.str(f.labels_of(b)[i].value)) : std::string();
}

template <class Fn>
void each_item(const HclFile& f, Id body_id, Fn fn) {
  if (body_id == kNone) return;
  const hcl::Body& body = f.bodies[body_id];
  const hcl::BodyItem* items = f.items(body);
  for (uint32_t i = 0; i < body.item_count; ++i) fn(items[i]);
}

Id attr(const HclFile& f, const hcl::Block& b, std::string_view name) {
  Id found = kNone;
  each_item(f, b.body, [&](const hcl::BodyItem& it) {
    if (!it.is_block && found == kNone && hcl::name_text(f, f.attributes[it.index].name) == name)
      found = f.attributes[it.index].value;
  });
  return found;
}

// Packer's scope: `data.TYPE.NAME.attr` is a reference to that data source; Packer's
// own values are known only when it runs.
class PackerScope : public Scope {
 public:
  EvalValue reference(HclEvaluator& ev, uint32_t fid, const hcl::ReferenceView& ref, int depth,
                      size_t& consumed) override {
    const HclFile& f = ev.file(fid);
    std::string root(ref.root);
    auto step = [&](size_t i) -> std::string {
      if (i >= ref.step_count || ref.steps[i].kind != hcl::StepKind::Attr) return {};
      return std::string(f.source(ref.steps[i].name));
    };
    consumed = ref.step_count;
    Range r = HclEvaluator::at(fid, ref.range);
    if (root == "data") {
      std::string type = step(0), name = step(1);
      if (type.empty() || name.empty()) return HclEvaluator::unknown(r, "an incomplete reference");
      EvalValue v;
      v.kind = EvalValue::Kind::Reference;
      v.ref = "data." + type + "." + name;
      v.attr = step(2);
      consumed = v.attr.empty() ? 2 : 3;
      v.range = HclEvaluator::at(fid, Range{ref.range.begin, ref.steps[consumed - 1].range.end});
      return v;
    }
    if (root == "path" || root == "packer" || root == "build" || root == "source")
      return HclEvaluator::unknown(r, "'" + root + "' is known only when Packer runs");
    return Scope::reference(ev, fid, ref, depth, consumed);
  }
  std::unique_ptr<Scope> constants() const override { return std::make_unique<PackerScope>(); }
};

// An evaluated value as a PackerValue (null is absent).
PackerValue convert(const EvalValue& e) {
  PackerValue v;
  v.range = e.range;
  switch (e.kind) {
    case EvalValue::Kind::Null:
      return absent_at(e.range);
    case EvalValue::Kind::String:
    case EvalValue::Kind::Number:
    case EvalValue::Kind::Bool:
      v.kind = PackerValue::Kind::Scalar;
      v.text = e.text;
      return v;
    case EvalValue::Kind::List:
      v.kind = PackerValue::Kind::List;
      for (const auto& i : e.items) v.items.push_back(convert(i));
      return v;
    case EvalValue::Kind::Object:
      v.kind = PackerValue::Kind::Map;
      for (size_t i = 0; i < e.fields.size(); ++i)
        v.entries.push_back({e.fields[i].first, i < e.key_ranges.size() ? e.key_ranges[i] : e.fields[i].second.range,
                             convert(e.fields[i].second)});
      return v;
    case EvalValue::Kind::Reference:
      return unknown_at(e.range, e.ref + (e.attr.empty() ? "" : "." + e.attr) + " is known only when Packer runs");
    case EvalValue::Kind::Choice:
      return unknown_at(e.range, "a conditional whose condition is known only when Packer runs");
    case EvalValue::Kind::Unknown:
      break;
  }
  PackerValue u = unknown_at(e.range, e.reason.empty() ? "known only when Packer runs" : e.reason);
  if (e.text.find('*') != std::string::npos) u.pattern = e.text;  // a template's known parts
  return u;
}

// A nested block read out of an evaluated body: a list of one object (native syntax),
// or the object itself (JSON syntax).
const EvalValue* one_block(const EvalValue* v) {
  if (v && v->kind == EvalValue::Kind::List && v->items.size() == 1 && v->items[0].kind == EvalValue::Kind::Object)
    return &v->items[0];
  return v;
}

struct SourceDecl {
  uint32_t file = 0;
  const hcl::Block* block = nullptr;
};

class PackerLoader {
 public:
  PackerLoader(const Unit& unit, const std::vector<const HclFile*>& files) : unit_(unit), files_(files), ev_(files) {
    ev_.string_patterns = true;  // ami_name = "golden-${local.ts}": the name's known parts
  }

  PackerView run() {
    if (unit_.dirs.empty()) return std::move(out_);
    read_variable_files();
    declare();
    for (auto& d : data_) out_.data_sources.push_back(data_source(d.second.file, *d.second.block, d.first));
    each_block([&](uint32_t fid, const HclFile& f, const hcl::Block& b, const std::string& type) {
      if (type == "build") add_build(fid, f, b);
    });
    return std::move(out_);
  }

 private:
  const Unit& unit_;
  const std::vector<const HclFile*>& files_;
  HclEvaluator ev_;
  PackerScope scope_;
  PackerView out_;
  std::map<std::string, SourceDecl> sources_;  // source.TYPE.NAME
  std::map<std::string, SourceDecl> data_;     // data.amazon-ami.NAME

  template <class Fn>
  void each_block(Fn fn) const {
    for (uint32_t fid : unit_.dirs[0].config) {
      const HclFile* f = fid < files_.size() ? files_[fid] : nullptr;
      if (!f || f->root == kNone) continue;
      each_item(*f, f->root, [&](const hcl::BodyItem& it) {
        if (it.is_block) fn(fid, *f, f->blocks[it.index], hcl::name_text(*f, f->blocks[it.index].type));
      });
    }
  }

  // Each variable file in order: a later one overrides an earlier one.
  void read_variable_files() {
    for (uint32_t fid : unit_.dirs[0].vars) {
      const HclFile* f = fid < files_.size() ? files_[fid] : nullptr;
      if (!f || f->root == kNone) continue;
      each_item(*f, f->root, [&](const hcl::BodyItem& it) {
        if (it.is_block) return;
        const hcl::Attribute& a = f->attributes[it.index];
        PackerScope constants;
        scope_.inputs[hcl::name_text(*f, a.name)] = ev_.eval(constants, fid, a.value);
      });
    }
  }

  void declare() {
    each_block([&](uint32_t fid, const HclFile& f, const hcl::Block& b, const std::string& type) {
      if (type == "variable" && b.label_count == 1) {
        scope_.variable_defaults[label(f, b, 0)] = Def{fid, attr(f, b, "default")};
      } else if (type == "locals") {
        each_item(f, b.body, [&](const hcl::BodyItem& it) {
          if (!it.is_block) scope_.locals[hcl::name_text(f, f.attributes[it.index].name)] = Def{fid, f.attributes[it.index].value};
        });
      } else if (type == "local" && b.label_count == 1) {
        scope_.locals[label(f, b, 0)] = Def{fid, attr(f, b, "expression")};
      } else if (type == "source" && b.label_count == 2) {
        sources_.emplace("source." + label(f, b, 0) + "." + label(f, b, 1), SourceDecl{fid, &b});
      } else if (type == "data" && b.label_count == 2 && label(f, b, 0) == "amazon-ami") {
        data_.emplace("data.amazon-ami." + label(f, b, 1), SourceDecl{fid, &b});
      }
    });
  }

  PackerDataSource data_source(uint32_t fid, const hcl::Block& b, const std::string& address) {
    const HclFile& f = *files_[fid];
    PackerDataSource d;
    d.name = label(f, b, 1);
    d.address = address;
    d.range = HclEvaluator::at(fid, b.range);
    d.name_range = HclEvaluator::at(fid, f.labels_of(b)[1].range);
    EvalValue body = ev_.eval_body(scope_, fid, b.body);
    auto get = [&](const char* k) {
      const EvalValue* v = body.field(k);
      return v ? convert(*v) : absent_at(d.range);
    };
    d.region = get("region");
    d.filter.present = true;
    d.filter.range = d.range;
    d.filter.filters = get("filters");
    d.filter.owners = get("owners");
    d.filter.most_recent = get("most_recent");
    d.filter.include_deprecated = get("include_deprecated");
    return d;
  }

  // One build: the sources it names, each a builder (Amazon ones only).
  void add_build(uint32_t fid, const HclFile& f, const hcl::Block& b) {
    std::string build_name;
    EvalValue n = ev_.eval(scope_, fid, attr(f, b, "name"));
    if (n.kind == EvalValue::Kind::String) build_name = n.text;
    // hcp_packer_registry: the bucket its images are published to (the build's name
    // unless bucket_name says otherwise).
    std::string bucket;
    each_item(f, b.body, [&](const hcl::BodyItem& it) {
      if (!it.is_block) {  // JSON syntax: "hcp_packer_registry": {...}
        const hcl::Attribute& a = f.attributes[it.index];
        if (hcl::name_text(f, a.name) != "hcp_packer_registry") return;
        EvalValue v = ev_.eval(scope_, fid, a.value);
        const EvalValue* reg = one_block(&v);
        const EvalValue* name = reg ? reg->field("bucket_name") : nullptr;
        bucket = name && name->kind == EvalValue::Kind::String ? name->text : build_name;
        return;
      }
      const hcl::Block& inner = f.blocks[it.index];
      if (hcl::name_text(f, inner.type) != "hcp_packer_registry") return;
      EvalValue name = ev_.eval(scope_, fid, attr(f, inner, "bucket_name"));
      bucket = name.kind == EvalValue::Kind::String ? name.text : attr(f, inner, "bucket_name") == kNone ? build_name : "";
    });
    if (Id s = attr(f, b, "sources"); s != kNone) {
      EvalValue list = ev_.eval(scope_, fid, s);
      for (const auto& item : list.items)
        if (item.kind == EvalValue::Kind::String) use(item.text, build_name, bucket, item.range, nullptr);
    }
    each_item(f, b.body, [&](const hcl::BodyItem& it) {
      if (it.is_block) {
        const hcl::Block& inner = f.blocks[it.index];
        if (hcl::name_text(f, inner.type) != "source" || inner.label_count != 1) return;
        EvalValue override_body = ev_.eval_body(scope_, fid, inner.body);
        use(label(f, inner, 0), build_name, bucket, HclEvaluator::at(fid, inner.range), &override_body);
        return;
      }
      // JSON syntax: "source": {"source.amazon-ebs.NAME": {...}}
      const hcl::Attribute& a = f.attributes[it.index];
      if (hcl::name_text(f, a.name) != "source") return;
      EvalValue v = ev_.eval(scope_, fid, a.value);
      for (const auto& field : v.fields)
        if (field.second.kind == EvalValue::Kind::Object)
          use(field.first, build_name, bucket, HclEvaluator::at(fid, a.range), &field.second);
    });
  }

  // A source a build uses: source.TYPE.NAME (the `source.` may be left out in a
  // build's own source block), with the build's overrides.
  void use(std::string address, const std::string& build_name, const std::string& bucket, Range at,
           const EvalValue* overrides) {
    if (address.rfind("source.", 0) != 0) address = "source." + address;
    auto s = sources_.find(address);
    if (s == sources_.end()) {
      out_.notes.push_back(address + ": a build uses it, but no source block declares it");
      return;
    }
    const HclFile& f = *files_[s->second.file];
    const hcl::Block& sb = *s->second.block;
    PackerBuilder b;
    b.type = label(f, sb, 0);
    if (!packer_amazon_builder(b.type)) return;
    b.name = label(f, sb, 1);
    b.address = address;
    b.build = build_name;
    b.hcp_bucket = bucket;
    b.range = HclEvaluator::at(s->second.file, sb.range);
    b.use_range = at;
    EvalValue body = ev_.eval_body(scope_, s->second.file, sb.body);
    if (overrides) {
      for (const auto& field : overrides->fields) {
        if (field.first == "name") {
          if (field.second.kind == EvalValue::Kind::String) b.name = field.second.text;
          continue;
        }
        bool replaced = false;
        for (auto& mine : body.fields)
          if (mine.first == field.first) {
            mine.second = field.second;
            replaced = true;
          }
        if (!replaced) body.fields.push_back(field);
      }
      body.key_ranges.clear();
    }
    auto get = [&](const char* k) {
      const EvalValue* v = body.field(k);
      return v ? convert(*v) : absent_at(b.range);
    };
    read_options(b, get);
    if (const EvalValue* filter = one_block(body.field("source_ami_filter"))) b.source_ami_filter = filter_of(convert(*filter));
    if (const EvalValue* ami = body.field("source_ami"); ami && ami->kind == EvalValue::Kind::Reference)
      for (size_t i = 0; i < out_.data_sources.size(); ++i)
        if (out_.data_sources[i].address == ami->ref) b.source_ami_data = static_cast<int>(i);
    out_.builders.push_back(std::move(b));
  }
};

// ---- legacy JSON -----------------------------------------------------------------

class LegacyReader {
 public:
  explicit LegacyReader(const Node& root) : root_(root) {
    if (const Node* vars = root.get("variables"); vars && vars->is_map())
      for (const auto& e : vars->entries) variables_.emplace(e.key.str(), e.value);
  }

  PackerView run() {
    PackerView out;
    const Node* builders = root_.get("builders");
    if (!builders || !builders->is_seq()) return out;
    for (const Node* n : builders->items) {
      if (!n || !n->is_map()) continue;
      const Node* type = n->get("type");
      if (!type || !type->is_scalar() || !packer_amazon_builder(type->text.str())) continue;
      PackerBuilder b;
      b.legacy = true;
      b.type = type->text.str();
      const Node* name = n->get("name");
      b.name = name && name->is_scalar() ? name->text.str() : b.type;
      b.address = b.name;
      b.range = n->range;
      b.use_range = n->range;
      auto get = [&](const char* k) {
        const Node* v = n->get(k);
        return v ? value(*v) : absent_at(n->range);
      };
      read_options(b, get);
      if (const Node* filter = n->get("source_ami_filter")) b.source_ami_filter = filter_of(value(*filter));
      for (PackerValue* list : {&b.ami_regions, &b.ami_users, &b.ami_groups, &b.ami_org_arns, &b.ami_ou_arns,
                                &b.snapshot_users, &b.snapshot_groups, &b.source_ami_filter.owners})
        split_list(*list);
      out.builders.push_back(std::move(b));
    }
    return out;
  }

 private:
  const Node& root_;
  std::map<std::string, const Node*> variables_;
  std::set<std::string> resolving_;

  PackerValue value(const Node& n) {
    PackerValue v;
    v.range = n.range;
    if (n.is_map()) {
      v.kind = PackerValue::Kind::Map;
      for (const auto& e : n.entries)
        if (e.value) v.entries.push_back({e.key.str(), e.key_range, value(*e.value)});
      return v;
    }
    if (n.is_seq()) {
      v.kind = PackerValue::Kind::List;
      for (const Node* i : n.items)
        if (i) v.items.push_back(value(*i));
      return v;
    }
    if (n.is_null()) return absent_at(n.range);
    if (n.type != ScalarType::String) {
      v.kind = PackerValue::Kind::Scalar;
      v.text = n.text.str();
      return v;
    }
    return interpolate(n.text.str(), n.range);
  }

  // A legacy template's list option written as one string is split on commas, as
  // Packer decodes it ("us-west-2,eu-west-1"; "" is no entry): each entry at the string.
  static void split_list(PackerValue& v) {
    if (v.kind != PackerValue::Kind::Scalar) return;
    std::string text = std::move(v.text);
    v.kind = PackerValue::Kind::List;
    v.text.clear();
    if (text.empty()) return;
    size_t i = 0;
    while (true) {
      size_t comma = text.find(',', i);
      PackerValue item;
      item.kind = PackerValue::Kind::Scalar;
      item.range = v.range;
      item.text = text.substr(i, comma == std::string::npos ? std::string::npos : comma - i);
      v.items.push_back(std::move(item));
      if (comma == std::string::npos) break;
      i = comma + 1;
    }
  }

  // A string with `{{ ... }}` parts: user variables resolved, the rest unknown.
  // A string with `{{ ... }}` parts: user variables resolved, the rest unknown (with
  // the known parts kept as a pattern).
  PackerValue interpolate(const std::string& s, Range r) {
    PackerValue v;
    v.range = r;
    v.kind = PackerValue::Kind::Scalar;
    PackerValue unknown;  // the first unknown part
    size_t i = 0;
    while (i < s.size()) {
      size_t open = s.find("{{", i);
      if (open == std::string::npos) {
        v.text += s.substr(i);
        break;
      }
      v.text += s.substr(i, open - i);
      size_t close = s.find("}}", open + 2);
      if (close == std::string::npos) {
        v.text += s.substr(open);
        break;
      }
      std::string inner = trim(s.substr(open + 2, close - open - 2));
      std::string var;
      PackerValue part;
      if (user_variable(inner, var)) {
        part = variable(var, r);
      } else {
        std::string fn = inner.substr(0, inner.find_first_of(" \t`\""));
        part = unknown_at(r, "{{" + fn + "}} is known only when Packer runs");
      }
      if (part.known()) {
        v.text += part.text;
      } else {
        if (!unknown.unknown()) unknown = part;
        v.text += part.pattern.empty() ? "*" : part.pattern;
      }
      i = close + 2;
    }
    if (!unknown.unknown()) return v;
    unknown.range = r;
    unknown.pattern = std::move(v.text);
    return unknown;
  }

  static std::string trim(const std::string& s) {
    size_t a = s.find_first_not_of(" \t"), b = s.find_last_not_of(" \t");
    return a == std::string::npos ? std::string() : s.substr(a, b - a + 1);
  }

  // `user `x`` or `user "x"`.
  static bool user_variable(const std::string& inner, std::string& name) {
    if (inner.rfind("user", 0) != 0) return false;
    std::string rest = trim(inner.substr(4));
    if (rest.size() < 2 || (rest[0] != '`' && rest[0] != '"') || rest.back() != rest[0]) return false;
    name = rest.substr(1, rest.size() - 2);
    return !name.empty();
  }

  PackerValue variable(const std::string& name, Range at) {
    auto it = variables_.find(name);
    if (it == variables_.end() || !it->second) return unknown_at(at, "user variable '" + name + "' is not declared");
    const Node& n = *it->second;
    if (n.is_null()) return unknown_at(at, "user variable '" + name + "' has no default: it is given with -var");
    if (!n.is_scalar()) return unknown_at(at, "user variable '" + name + "' is not a string");
    if (!resolving_.insert(name).second) return unknown_at(at, "user variable '" + name + "' refers to itself");
    PackerValue v = n.type == ScalarType::String ? interpolate(n.text.str(), at) : value(n);
    resolving_.erase(name);
    if (!v.known() && !v.unknown()) return unknown_at(at, "user variable '" + name + "' has no value");
    v.range = at;
    return v;
  }
};

}  // namespace

PackerView evaluate_packer(const Unit& unit, const std::vector<const HclFile*>& files, const LintOptions&) {
  return PackerLoader(unit, files).run();
}

PackerView packer_legacy_view(const Node& root, const LintOptions&) { return LegacyReader(root).run(); }

}  // namespace amilint
