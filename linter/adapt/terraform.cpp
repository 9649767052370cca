#include "linter/adapt/terraform.h"

#include <algorithm>
#include <unordered_set>

#include "linter/adapt/syntaxes.h"
#include "linter/adapt/terraform_adapter.h"
#include "linter/model/regions.h"

namespace amilint {

namespace {

bool starts_with(const std::string& s, std::string_view p) {
  return s.size() >= p.size() && s.compare(0, p.size(), p) == 0;
}

struct SlotSpec {
  const char* type;
  const char* path;  // dot-separated; nested blocks (lists) are iterated
  unsigned accepts;
};

const SlotSpec kSlots[] = {
    // RunInstances resolves `resolve:ssm:` too (hashicorp/terraform-provider-aws#39592;
    // with a root_block_device the provider's DescribeImages call rejects it, #43488).
    {"aws_instance", "ami", kAcceptsResolveSsm},
    {"aws_spot_instance_request", "ami", 0},
    {"aws_launch_template", "image_id", kAcceptsResolveSsm},
    {"aws_launch_configuration", "image_id", 0},
    {"aws_spot_fleet_request", "launch_specification.ami", 0},
    {"aws_batch_compute_environment", "compute_resources.image_id", 0},
    {"aws_batch_compute_environment", "compute_resources.ec2_configuration.image_id_override", 0},
    {"aws_emr_cluster", "custom_ami_id", 0},
    {"aws_imagebuilder_image_recipe", "parent_image", kAcceptsImageBuilder},
    {"aws_imagebuilder_container_recipe", "instance_configuration.image", 0},
    {"aws_codebuild_fleet", "image_id", 0},
    {"aws_opsworks_instance", "ami_id", 0},
};

// The top-level attributes named by kSlots and read in this file and in
// terraform_resources.cpp, and the effective region.
constexpr std::string_view kReadAttributes[] = {
    "account_id", "allow_unsafe_filter", "ami", "ami_id", "block_device_mapping", "compute_resources", "content",
    "custom_ami_id", "data_type", "distribution", "distribution_configuration_arn", "ebs_block_device", "enabled",
    "encrypted", "filter", "group", "image_id", "image_recipe_arn", "include_deprecated", "instance_configuration",
    "key_arn", "kms_key_id", "launch_specification", "most_recent", "name", "name_regex", "owners", "parent_image",
    "policy_details", "region", "setting", "snapshot_without_reboot", "source_ami_id", "source_ami_region", "state",
    "type", "value",
};

bool is_lookup_type(const TfBlock& b) { return b.data && (b.type == "aws_ami" || b.type == "aws_ami_ids"); }

}  // namespace

Str tf_str(const EvalValue* v, std::string path) {
  if (!v) return Str::make_absent({}, std::move(path));
  if (v->kind == EvalValue::Kind::Null) return Str::make_absent(v->range, std::move(path));
  if (v->known()) return Str::make_known(v->text, v->range, std::move(path));
  Str s = Str::make_unknown(v->range, std::move(path), v->reason);
  if (v->kind == EvalValue::Kind::Reference) s.value = v->text;  // the planned value, when a plan says it
  return s;
}

Bool tf_bool(const EvalValue* v, std::string path) { return bool_of(tf_str(v, std::move(path))); }

std::vector<Str> tf_strs(const EvalValue* v, const std::string& path) {
  std::vector<Str> out;
  if (!v) return out;
  if (v->kind == EvalValue::Kind::List) {
    for (const auto& i : v->items)
      if (i.known()) out.push_back(tf_str(&i, path));
  } else if (v->known()) {
    out.push_back(tf_str(v, path));
  }
  return out;
}

void visit_tf(const EvalValue& v, const std::string& spec, const std::string& path,
              const std::function<void(const EvalValue&, const std::string&)>& fn, size_t pos) {
  bool blocks = v.kind == EvalValue::Kind::List && !v.items.empty() &&
                std::all_of(v.items.begin(), v.items.end(), [](const EvalValue& i) { return i.kind == EvalValue::Kind::Object; });
  if (pos >= spec.size()) {
    if (!blocks) {
      fn(v, path);
      return;
    }
    for (size_t i = 0; i < v.items.size(); ++i) fn(v.items[i], path + "[" + std::to_string(i) + "]");
    return;
  }
  if (v.kind == EvalValue::Kind::List) {
    for (size_t i = 0; i < v.items.size(); ++i) visit_tf(v.items[i], spec, path + "[" + std::to_string(i) + "]", fn, pos);
    return;
  }
  if (v.kind != EvalValue::Kind::Object) return;
  size_t dot = spec.find('.', pos);
  std::string seg = spec.substr(pos, dot == std::string::npos ? std::string::npos : dot - pos);
  const EvalValue* child = v.field(seg);
  if (!child || child->kind == EvalValue::Kind::Null) return;
  visit_tf(*child, spec, path + "." + seg, fn, dot == std::string::npos ? spec.size() : dot + 1);
}

TfAdapter::TfAdapter(const TfView& view) : view_(view) {
  model_.syntax = &terraform_syntax();
  by_address_.reserve(view_.blocks.size());
  for (const auto& b : view_.blocks) by_address_.emplace(std::string_view(b.address), &b);
}

Model TfAdapter::run() {
  for (const auto& m : view_.region_mentions)
    model_.region_mentions.push_back({Str::make_known(m.region, m.range, m.path), m.what});
  // Sources first, so that uses can link to them.
  for (const auto& b : view_.blocks) {
    if (is_lookup_type(b)) add_lookup(b);
    else if (!b.data && b.type == "aws_ami_copy") add_copy(b);
  }
  for (const auto& b : view_.blocks) {
    if (b.data) continue;
    add_uses(b);
    add_resource(b);
  }
  return std::move(model_);
}

// A block by address; `aws_instance.web[0]` is `aws_instance.web` when its count was
// not known (one block stands for its instances).
const TfBlock* TfAdapter::block(const std::string& address) const {
  auto it = by_address_.find(address);
  if (it == by_address_.end() && !address.empty() && address.back() == ']') {
    size_t open = address.rfind('[');
    if (open != std::string::npos) it = by_address_.find(std::string_view(address).substr(0, open));
  }
  return it == by_address_.end() ? nullptr : it->second;
}

KeyRef TfAdapter::key_ref(const EvalValue* v) const {
  KeyRef k;
  if (!v || v->kind != EvalValue::Kind::Reference) return k;
  const TfBlock* t = block(v->ref);
  if (!t || (t->type != "aws_kms_key" && t->type != "aws_kms_replica_key" && t->type != "aws_kms_alias" &&
             t->type != "aws_kms_multi_region_replica_key"))
    return k;
  if (v->attr != "arn" && v->attr != "id" && v->attr != "key_id" && v->attr != "target_key_arn") return k;
  k.address = t->address;
  if (t->region_known && t->regions.size() == 1) k.region = t->regions[0];
  return k;
}

void TfAdapter::add_lookup(const TfBlock& b) {
  AmiLookup l;
  l.address = b.address;
  l.anchor = Origin{b.anchor, b.path};
  l.ids = b.type == "aws_ami_ids";
  l.regions = b.regions;
  l.region_known = b.region_known;
  if (const EvalValue* o = b.body.field("owners"); o && o->kind != EvalValue::Kind::Null) {
    l.owners.range = o->range;
    l.owners.path = b.path + ".owners";
    l.owners.state = o->kind == EvalValue::Kind::List || o->known() ? State::Known : State::Unknown;
    if (o->kind == EvalValue::Kind::List)
      for (const auto& i : o->items) l.owners.items.push_back(tf_str(&i, b.path + ".owners"));
    else if (o->known())
      l.owners.items.push_back(tf_str(o, b.path + ".owners"));
  }
  visit_tf(b.body, "filter", b.path, [&](const EvalValue& f, const std::string&) {
    const EvalValue* name = f.field("name");
    if (!name || !name->known()) return;
    if (name->text == "owner-id" || name->text == "owner-alias" || name->text == "image-id") l.owner_filter = true;
    if (name->text == "name")
      for (const auto& v : tf_strs(f.field("values"), b.path)) {
        if (v.value.find_first_of("*?") != std::string::npos) l.wildcard_name = true;
        if (v.known()) l.names.push_back(v);
      }
  });
  l.most_recent = tf_bool(b.body.field("most_recent"), b.path + ".most_recent");
  l.name_regex = tf_str(b.body.field("name_regex"), b.path + ".name_regex");
  l.include_deprecated = tf_bool(b.body.field("include_deprecated"), b.path + ".include_deprecated");
  l.allow_unsafe_filter = tf_bool(b.body.field("allow_unsafe_filter"), b.path + ".allow_unsafe_filter");
  model_.lookups.push_back(std::move(l));
}

void TfAdapter::add_copy(const TfBlock& b) {
  AmiCopy c;
  c.address = b.address;
  c.anchor = Origin{b.anchor, b.path};
  c.regions = b.regions;
  c.region_known = b.region_known;
  const EvalValue* src = b.body.field("source_ami_id");
  c.source_ami_id = tf_str(src, b.path + ".source_ami_id");
  if (src && src->kind == EvalValue::Kind::Reference) {
    c.source_ref = src->ref;
    if (!src->text.empty()) c.source_ami_id = Str::make_known(src->text, src->range, b.path + ".source_ami_id");
  }
  if (c.source_ami_id.known() && claims_ami_id(c.source_ami_id.value) && !src->range.empty() &&
      src->kind != EvalValue::Kind::Reference)
    model_.literals.push_back({c.source_ami_id, LiteralContext::CopySource});
  c.source_ami_region = tf_str(b.body.field("source_ami_region"), b.path + ".source_ami_region");
  if (c.source_ami_region.known()) model_.region_mentions.push_back({c.source_ami_region, "source_ami_region"});
  // A source region written elsewhere (a variable default, tfvars, a local shared with
  // a provider) is not where this copy goes wrong: findings about the copy go to it.
  const Range& body = b.body.range;
  const Range& sr = c.source_ami_region.range;
  if (c.source_ami_region.known() && !body.empty() && (sr.file != body.file || sr.begin < body.begin || sr.end > body.end))
    c.source_ami_region.range = b.anchor;
  c.encrypted = tf_bool(b.body.field("encrypted"), b.path + ".encrypted");
  c.kms_key_id = tf_str(b.body.field("kms_key_id"), b.path + ".kms_key_id");
  c.kms_key_ref = key_ref(b.body.field("kms_key_id"));
  model_.copies.push_back(std::move(c));
}

// AMI slots: the resource types' slots, SSM parameters of data type aws:ec2:image, and
// Elastic Beanstalk's launch configuration ImageId setting.
void TfAdapter::add_uses(const TfBlock& b) {
  for (const auto& spec : kSlots)
    if (b.type == spec.type)
      visit_tf(b.body, spec.path, b.path, [&](const EvalValue& v, const std::string& p) { add_use(b, p, v, spec.accepts); });
  if (b.type == "aws_ssm_parameter") {
    const EvalValue* dt = b.body.field("data_type");
    if (dt && dt->known() && dt->text == "aws:ec2:image")
      if (const EvalValue* v = b.body.field("value")) add_use(b, b.path + ".value", *v, 0);
  } else if (b.type == "aws_elastic_beanstalk_environment") {
    visit_tf(b.body, "setting", b.path, [&](const EvalValue& s, const std::string& p) {
      const EvalValue* ns = s.field("namespace");
      const EvalValue* nm = s.field("name");
      if (ns && nm && ns->known() && nm->known() && ns->text == "aws:autoscaling:launchconfiguration" &&
          nm->text == "ImageId")
        if (const EvalValue* v = s.field("value")) add_use(b, p + ".value", *v, 0);
    });
  }
}

AmiSource TfAdapter::resolve_reference(const EvalValue& v, AmiSource s) {
  const TfBlock* target = block(v.ref);
  if (!target) {
    s.kind = SourceKind::Unresolved;
    s.reason = v.reason.empty() ? "'" + v.ref + "' is not a block of this configuration" : v.reason;
    if (v.reason.empty() && block(v.ref + "[0]") == nullptr) {
      for (const auto& b : view_.blocks)
        if (b.address.size() > v.ref.size() && b.address.compare(0, v.ref.size(), v.ref) == 0 && b.address[v.ref.size()] == '[') {
          s.reason = "an instance of " + v.ref + " chosen when Terraform runs";
          break;
        }
    }
    return s;
  }
  s.ref_address = target->address;
  s.ref_regions = target->regions;
  s.ref_region_known = target->region_known;
  s.ref_image_builder = target->type == "aws_imagebuilder_image";
  if (is_lookup_type(*target)) {
    s.kind = SourceKind::Lookup;
    for (size_t i = 0; i < model_.lookups.size(); ++i)
      if (model_.lookups[i].address == target->address) s.lookup = static_cast<int>(i);
  } else if (target->data && target->type == "aws_ssm_parameter") {
    s.kind = SourceKind::Ssm;
    Str name = tf_str(target->body.field("name"), "");
    s.ssm_public = name.known() && starts_with(name.value, "/aws/service/");
    if (name.known()) s.value.value = name.value;
  } else if (!target->data && (target->type == "aws_ami" || target->type == "aws_ami_copy" ||
                               target->type == "aws_ami_from_instance" || target->type == "aws_imagebuilder_image")) {
    s.kind = SourceKind::Managed;
    for (size_t i = 0; i < model_.copies.size(); ++i)
      if (model_.copies[i].address == target->address) s.copy = static_cast<int>(i);
  } else if (target->data && target->type == "hcp_packer_artifact" && v.attr == "external_identifier") {
    s.kind = SourceKind::Registry;
    if (const EvalValue* bucket = target->body.field("bucket_name"); bucket && bucket->kind == EvalValue::Kind::String)
      s.registry_bucket = bucket->text;
  } else {
    s.kind = SourceKind::Unresolved;
    s.reason = "an attribute of " + target->address;
  }
  return s;
}

AmiSource TfAdapter::resolve(const EvalValue& v, unsigned accepts, const std::string& path) {
  AmiSource s;
  s.range = v.range;
  s.path = path;
  s.value = tf_str(&v, path);
  switch (v.kind) {
    case EvalValue::Kind::String:
    case EvalValue::Kind::Number:
    case EvalValue::Kind::Bool:
      if (starts_with(v.text, "resolve:ssm:") && (accepts & kAcceptsResolveSsm)) {
        s.kind = SourceKind::Ssm;
        s.value.value = v.text.substr(12);
        s.ssm_public = starts_with(s.value.value, "/aws/service/");
      } else {
        s.kind = SourceKind::Literal;
      }
      return s;
    case EvalValue::Kind::Reference:
      return resolve_reference(v, std::move(s));
    case EvalValue::Kind::Null:
      s.kind = SourceKind::Unresolved;
      s.reason = "null";
      return s;
    default:
      s.kind = SourceKind::Unresolved;
      s.reason = v.reason.empty() ? "a value known only at apply time" : v.reason;
      return s;
  }
}

void TfAdapter::add_use(const TfBlock& b, const std::string& path, const EvalValue& v, unsigned accepts) {
  if (v.kind == EvalValue::Kind::Null) return;
  AmiUse use;
  use.resource = b.address;
  use.resource_type = b.type;
  use.slot_name = path.substr(path.rfind('.') + 1) + " of " + b.address;
  use.path = path;
  use.range = v.range;
  use.accepts = accepts;
  use.regions = b.regions;
  use.region_known = b.region_known;
  add_sources(use, v);
  if (use.sources.empty()) return;  // only "" or null: the slot is not set
  for (const AmiSource& s : use.sources)
    if (s.kind == SourceKind::Literal && s.value.known() && claims_ami_id(s.value.value) && !s.from_mapping)
      model_.literals.push_back({s.value, LiteralContext::Slot});
  model_.uses.push_back(std::move(use));
}

// The sources of a slot's value: each branch of a conditional, and a read out of a
// region map as a region-map source.
void TfAdapter::add_sources(AmiUse& use, const EvalValue& v, int depth) {
  if (v.kind == EvalValue::Kind::Choice && depth < 8) {
    for (const auto& alt : v.items)
      if (alt.kind != EvalValue::Kind::Null) add_sources(use, alt, depth + 1);
    return;
  }
  // "" leaves an optional argument unset in the AWS provider (the EKS module's
  // `ami_id = ""` means "EKS picks the image").
  if (v.kind == EvalValue::Kind::String && v.text.empty()) return;
  if (v.map_read && add_map_read(use, v)) return;
  use.sources.push_back(resolve(v, use.accepts, use.path));
}

// A map keyed by regions (any key a region name): a region map.
int TfAdapter::region_map(const MapRead& mr) {
  const EvalValue& map = mr.map;
  size_t regions = 0;
  for (const auto& f : map.fields)
    if (is_known_region(f.first) || looks_like_region(f.first)) ++regions;
  if (regions == 0 || regions * 2 < map.fields.size()) return -1;
  auto found = region_maps_.find(map.range);
  if (found != region_maps_.end()) return found->second;
  RegionMap rm;
  rm.name = mr.name;
  rm.path = mr.name;
  rm.name_at = Origin{map.range, rm.path};
  rm.used_with_region = true;
  for (size_t i = 0; i < map.fields.size(); ++i) {
    const auto& [key, value] = map.fields[i];
    RegionMap::Row row;
    row.region = key;
    row.range = i < map.key_ranges.size() ? map.key_ranges[i] : value.range;
    row.path = rm.path + "[\"" + key + "\"]";
    if (value.kind == EvalValue::Kind::Object) {
      for (const auto& [k2, v2] : value.fields) row.values.emplace_back(k2, tf_str(&v2, row.path + "." + k2));
    } else {
      row.values.emplace_back("", tf_str(&value, row.path));
    }
    if (looks_like_region(key) || !closest_region(key).empty())
      model_.region_mentions.push_back({Str::make_known(key, row.range, row.path), "region map key"});
    for (const auto& kv : row.values)
      if (kv.second.known() && claims_ami_id(kv.second.value)) model_.literals.push_back({kv.second, LiteralContext::RegionMap});
    rm.rows.push_back(std::move(row));
  }
  model_.region_maps.push_back(std::move(rm));
  return region_maps_[map.range] = static_cast<int>(model_.region_maps.size() - 1);
}

// A slot value read out of a region map: where it is read (the key's region) decides.
// A constant key, or a key for another region than the slot's: the cell of that row,
// a literal the read gives (AMI010 judges it at the read). A key that is the slot's
// region (or unknown): a region-map source, whose gaps AMI014 reports; with a default,
// the default is used where the key is missing.
bool TfAdapter::add_map_read(AmiUse& use, const EvalValue& v) {
  const MapRead& mr = *v.map_read;
  int rm = region_map(mr);
  if (rm < 0) return false;
  const RegionMap& map = model_.region_maps[static_cast<size_t>(rm)];
  std::string key = mr.key.known() ? mr.key.text : std::string();
  const RegionMap::Row* row = key.empty() ? nullptr : map.row(key);
  std::string cell = mr.then.empty() ? std::string() : mr.then[0];
  bool other_region = !key.empty() && use.region_known && use.regions.size() == 1 && use.regions[0] != key;
  if (row && !is_known_region(key) && !looks_like_region(key)) {  // a `default` entry: a plain value
    use.sources.push_back(resolve(v, use.accepts, use.path));
    return true;
  }
  if (row && (mr.constant_key || other_region) && mr.then.size() <= 1) {
    AmiSource s = resolve(v, use.accepts, use.path);
    s.range = mr.range;
    if (s.kind == SourceKind::Literal) {
      s.from_mapping = true;
      s.mapping_region_map = rm;
      s.mapping_region = key;
    }
    use.sources.push_back(std::move(s));
    return true;
  }
  AmiSource s;
  s.kind = SourceKind::RegionMap;
  s.range = mr.range;
  s.path = use.path;
  s.region_map = rm;
  s.map_keys = {cell};
  s.map_keys_known = mr.then.size() <= 1;
  s.map_has_default = mr.has_default;
  s.value = tf_str(&v, use.path);
  if (!key.empty()) s.map_regions = {key};
  use.sources.push_back(std::move(s));
  // The default, where the map has no entry for the key.
  if (mr.has_default && !key.empty() && !row) use.sources.push_back(resolve(v, use.accepts, use.path));
  return true;
}

Model adapt_terraform(const TfView& view) { return TfAdapter(view).run(); }

bool tf_adapter_reads_of(std::string_view type, std::string_view attribute) {
  if (type.empty()) return true;  // not known: kept
  if (attribute == "ebs_block_device") return type == "aws_ami";  // aws_instance has one too
  if (attribute == "block_device_mapping") return type == "aws_imagebuilder_image_recipe";
  if (attribute == "enabled") return type == "aws_ebs_encryption_by_default";
  if (attribute == "key_arn") return type == "aws_ebs_default_kms_key";
  return true;
}

bool tf_adapter_reads(std::string_view attribute) {
  // called for every attribute of a plan's resources: a hash lookup
  static const std::unordered_set<std::string_view> names(std::begin(kReadAttributes), std::end(kReadAttributes));
  return names.count(attribute) != 0;
}

}  // namespace amilint
