#include "linter/adapt/cfn.h"

#include <unordered_set>

#include "linter/adapt/cfn_adapter.h"
#include "linter/adapt/syntaxes.h"
#include "linter/model/regions.h"

namespace amilint {

namespace {

bool starts_with(const std::string& s, std::string_view p) {
  return s.size() >= p.size() && s.compare(0, p.size(), p) == 0;
}

bool is_resource_type(const Node* t) {
  if (!t || !t->is_scalar()) return false;
  const std::string& s = t->text;
  return starts_with(s, "AWS::") || starts_with(s, "Alexa::") || starts_with(s, "Custom::");
}

struct SlotSpec {
  const char* type;
  const char* path;  // dot-separated, `[]` iterates
  unsigned accepts;
};

const SlotSpec kSlots[] = {
    {"AWS::EC2::Instance", "ImageId", 0},
    {"AWS::EC2::LaunchTemplate", "LaunchTemplateData.ImageId", kAcceptsResolveSsm},
    {"AWS::AutoScaling::LaunchConfiguration", "ImageId", 0},
    {"AWS::AutoScaling::AutoScalingGroup", "MixedInstancesPolicy.LaunchTemplate.Overrides[].ImageId", 0},
    {"AWS::EC2::SpotFleet", "SpotFleetRequestConfigData.LaunchSpecifications[].ImageId", 0},
    {"AWS::Batch::ComputeEnvironment", "ComputeResources.ImageId", 0},
    {"AWS::Batch::ComputeEnvironment", "ComputeResources.Ec2Configuration[].ImageIdOverride", 0},
    {"AWS::EMR::Cluster", "CustomAmiId", 0},
    {"AWS::EMR::Cluster", "Instances.MasterInstanceGroup.CustomAmiId", 0},
    {"AWS::EMR::Cluster", "Instances.CoreInstanceGroup.CustomAmiId", 0},
    {"AWS::EMR::Cluster", "Instances.TaskInstanceGroups[].CustomAmiId", 0},
    {"AWS::EMR::Cluster", "Instances.MasterInstanceFleet.InstanceTypeConfigs[].CustomAmiId", 0},
    {"AWS::EMR::Cluster", "Instances.CoreInstanceFleet.InstanceTypeConfigs[].CustomAmiId", 0},
    {"AWS::EMR::Cluster", "Instances.TaskInstanceFleets[].InstanceTypeConfigs[].CustomAmiId", 0},
    {"AWS::EMR::InstanceGroupConfig", "CustomAmiId", 0},
    {"AWS::EMR::InstanceFleetConfig", "InstanceTypeConfigs[].CustomAmiId", 0},
    {"AWS::ImageBuilder::ImageRecipe", "ParentImage", kAcceptsImageBuilder},
    {"AWS::ImageBuilder::ContainerRecipe", "InstanceConfiguration.Image", 0},
    {"AWS::OpsWorks::Instance", "AmiId", 0},
    {"AWS::PCS::ComputeNodeGroup", "AmiId", 0},
    {"AWS::CodeBuild::Fleet", "ImageId", 0},
    {"AWS::RDS::CustomDBEngineVersion", "ImageId", 0},
    {"AWS::SageMaker::Cluster", "InstanceGroups[].ImageId", kAcceptsAlias},
    {"AWS::WorkspacesInstances::WorkspaceInstance", "ManagedInstance.ImageId", 0},
    {"AWS::Cloud9::EnvironmentEC2", "ImageId", kAcceptsAlias | kAcceptsResolveSsm},
};

std::string cell_path(const RegionMap& rm, const std::string& region, const std::string& key) {
  return rm.regions_top ? rm.path + "/" + region + "/" + key : rm.path + "/" + key + "/" + region;
}

}  // namespace

CfnAdapter::CfnAdapter(const Node& root, const LintOptions& options, const CfnStackTree* tree)
    : root_(root), options_(options), tree_(tree), model_(own_), eval_(root, model_.parameters, model_.region_maps) {
  model_.syntax = &cfn_syntax();
  model_.deploy_regions = options.regions;
}

CfnAdapter::CfnAdapter(const Node& root, const LintOptions& options, const CfnStackTree* tree, uint32_t file,
                       CfnAdapter& parent, const Node* passed, const std::string& passed_path, size_t depth)
    : root_(root),
      options_(options),
      tree_(tree),
      file_(file),
      depth_(depth),
      model_(parent.model_),
      eval_(root, model_.parameters, model_.region_maps) {
  std::map<std::string, CfnEvaluator::Passed> values;
  if (passed && passed->is_map() && passed->intrinsic().empty())
    for (const auto& e : passed->entries) values.emplace(e.key, CfnEvaluator::Passed{e.value, passed_path + "/" + e.key});
  eval_.pass_from(&parent.eval_, std::move(values));
}

Model CfnAdapter::run() {
  adapt();
  bind_deploy_regions(model_);
  return std::move(own_);
}

void CfnAdapter::adapt() {
  for (auto& s : cfn_metadata_suppressions(root_)) model_.suppressions.push_back(std::move(s));
  params_begin_ = model_.parameters.size();
  collect_parameters();
  params_end_ = model_.parameters.size();
  if (depth_ == 0) apply_given();
  size_t maps_begin = model_.region_maps.size();
  scan_find_in_map_uses();
  collect_mappings();
  eval_.scope(params_begin_, params_end_, maps_begin, model_.region_maps.size());
  const Node* resources = root_.get("Resources");
  if (resources && resources->is_map())
    for (const auto& e : resources->entries) {
      // The AWS CDK names the construct that wrote each resource.
      const Node* md = e.value && e.value->is_map() ? e.value->get("Metadata") : nullptr;
      const Node* cp = md && md->is_map() ? md->get("aws:cdk:path") : nullptr;
      if (cp && cp->is_scalar() && !cp->is_null() && !cp->text.empty())
        model_.construct_paths.emplace(std::make_pair(file_, std::string(e.key)), std::string(cp->text));
      adapt_resource(e);
    }
  add_parameter_literals();
}

// The values parameter files give the template's parameters: each used as the
// parameter's value (a later file's wins); a name the template does not declare is
// for another template.
void CfnAdapter::apply_given() {
  if (!tree_) return;
  for (const auto& v : tree_->given)
    for (size_t i = params_begin_; i < params_end_; ++i) {
      Parameter& p = model_.parameters[i];
      if (p.name != v.name) continue;
      p.default_value = v.value;
      p.given = true;
    }
}

// A nested stack deployed from a local file: its template joins the Model, deployed
// where this one is, with the parameter values this one passes.
void CfnAdapter::adapt_nested(const std::string& name, const Node* props, const std::string& base) {
  if (!tree_) return;
  for (const auto& n : tree_->nested) {
    if (n.parent != file_ || n.resource != name || n.file >= tree_->roots.size() || !tree_->roots[n.file]) continue;
    CfnAdapter child(*tree_->roots[n.file], options_, tree_, n.file, *this, props ? props->get("Parameters") : nullptr,
                     base + "/Parameters", depth_ + 1);
    // Messages name its resources by the stack resource ("Workers/Pool"); the CDK's
    // construct path says it in findings already.
    if (!model_.construct_paths.count({file_, name})) child.prefix_ = prefix_ + name + "/";
    child.adapt();
  }
}

// ---- parameters ----

void CfnAdapter::collect_parameters() {
  const Node* params = root_.get("Parameters");
  if (!params || !params->is_map()) return;
  for (const auto& e : params->entries) {
    Parameter p;
    p.name = e.key;
    p.path = "Parameters/" + e.key;
    p.name_at = Origin{e.key_range, p.path};
    p.type = cfn_str(nullptr, p.path + "/Type");
    p.default_value = cfn_str(nullptr, p.path + "/Default");
    if (e.value && e.value->is_map()) {
      p.type = cfn_str(e.value->get("Type"), p.path + "/Type");
      p.default_value = cfn_str(e.value->get("Default"), p.path + "/Default");
      if (const Node* av = e.value->get("AllowedValues"); av && av->is_seq())
        for (const Node* v : av->items)
          if (v && v->is_scalar()) p.allowed_values.push_back(v->text);
    }
    model_.parameters.push_back(std::move(p));
  }
}

// Defaults of the parameters that feed AMI slots (or have an AMI type) that claim to
// be AMI IDs; list defaults ("ami-a,ami-b") element by element.
void CfnAdapter::add_parameter_literals() {
  for (size_t i = params_begin_; i < params_end_; ++i) {
    Parameter& p = model_.parameters[i];
    bool ami_type = p.type.known() && p.type.value.find("AWS::EC2::Image::Id") != std::string::npos &&
                    p.type.value.find("SSM") == std::string::npos;
    if (!(p.feeds_ami_slot || ami_type) || !p.default_value.known()) continue;
    if (is_list_type(p.type)) {
      auto elems = split_list(p.default_value);
      for (size_t i = 0; i < elems.size(); ++i) {
        if (!claims_ami_id(elems[i].value)) continue;
        elems[i].path = p.path + "/Default/" + std::to_string(i);
        model_.literals.push_back({elems[i], LiteralContext::ParameterDefault});
      }
    } else if (claims_ami_id(p.default_value.value)) {
      model_.literals.push_back({p.default_value, LiteralContext::ParameterDefault});
    }
  }
}

// ---- mappings ----

// Which mappings Fn::FindInMap reads with AWS::Region, and at which key position.
// Everything but Mappings and Parameters is walked; shared (aliased) nodes once.
void CfnAdapter::scan_find_in_map_uses() {
  if (!root_.get("Mappings")) return;  // no map to read
  std::unordered_set<const Node*> seen;
  std::function<void(const Node*, int)> walk = [&](const Node* n, int depth) {
    if (!n || n->is_scalar() || depth > 600) return;
    if (!seen.insert(n).second) return;
    if (n->is_seq()) {
      for (const Node* c : n->items) walk(c, depth + 1);
      return;
    }
    if (n->intrinsic() == "Fn::FindInMap") {
      const Node* args = n->entries[0].value;
      if (args && args->is_seq() && args->items.size() >= 3 && args->items[0] && args->items[0]->is_scalar()) {
        int pos = is_region_ref(args->items[1]) ? 1 : is_region_ref(args->items[2]) ? 2 : 0;
        if (pos) region_maps_used_.emplace(args->items[0]->text, pos);
      }
    }
    for (const auto& e : n->entries) {
      if (depth == 0 && (e.key == "Mappings" || e.key == "Parameters")) continue;
      walk(e.value, depth + 1);
    }
  };
  walk(&root_, 0);
}

// Mappings read with AWS::Region, or keyed mostly by known regions, are region maps;
// the others only contribute their AMI-looking cells (AMI001 judges those a slot reads).
void CfnAdapter::collect_mappings() {
  const Node* maps = root_.get("Mappings");
  if (!maps || !maps->is_map()) return;
  for (const auto& m : maps->entries) {
    if (!m.value || !m.value->is_map()) continue;
    auto used = region_maps_used_.find(m.key);
    if (used != region_maps_used_.end()) {
      add_region_map(m, true, used->second == 1);
      continue;
    }
    size_t known = 0;
    for (const auto& r : m.value->entries)
      if (is_known_region(r.key, options_.extra_regions)) ++known;
    if (known == 0 || known * 2 < m.value->entries.size()) add_mapping_literals(m);
    else add_region_map(m, false, true);
  }
}

void CfnAdapter::add_region_map(const MapEntry& m, bool used_with_region, bool regions_top) {
  RegionMap rm;
  rm.name = m.key;
  rm.path = "Mappings/" + m.key;
  rm.name_at = Origin{m.key_range, rm.path};
  rm.used_with_region = used_with_region;
  rm.regions_top = regions_top;
  auto row_of = [&](const MapEntry& r) -> RegionMap::Row& {
    if (!regions_top)  // rows gather one region's entries from every first-level key
      for (auto& x : rm.rows)
        if (x.region == r.key) return x;
    RegionMap::Row row;
    row.region = r.key;
    row.range = r.key_range;
    row.path = rm.path + "/" + r.key;
    rm.rows.push_back(std::move(row));
    return rm.rows.back();
  };
  if (regions_top) {
    for (const auto& r : m.value->entries) {
      RegionMap::Row& row = row_of(r);
      if (r.value && r.value->is_map())
        for (const auto& kv : r.value->entries)
          row.values.emplace_back(kv.key, cfn_str(kv.value, cell_path(rm, r.key, kv.key)));
    }
  } else {
    for (const auto& k : m.value->entries) {
      rm.key_ranges.emplace(k.key, Origin{k.key_range, rm.path + "/" + k.key});
      if (!k.value || !k.value->is_map()) continue;
      for (const auto& r : k.value->entries)
        row_of(r).values.emplace_back(k.key, cfn_str(r.value, cell_path(rm, r.key, k.key)));
    }
  }
  for (const auto& row : rm.rows) {
    // Only names meant as regions: a region map may also hold rows such as "AMI" (the
    // image name, a Quick Start convention) that are not typos.
    bool mention = looks_like_region(row.region) || !closest_region(row.region, options_.extra_regions).empty();
    if (mention && regions_top) {
      model_.region_mentions.push_back({Str::make_known(row.region, row.range, row.path), "region map key"});
    } else if (mention) {  // regions second-level: every occurrence of the key
      for (const auto& k : m.value->entries)
        if (const MapEntry* r = k.value && k.value->is_map() ? k.value->entry(row.region) : nullptr)
          model_.region_mentions.push_back(
              {Str::make_known(row.region, r->key_range, rm.path + "/" + k.key + "/" + row.region), "region map key"});
    }
    for (const auto& kv : row.values)
      if (kv.second.known() && claims_ami_id(kv.second.value))
        model_.literals.push_back({kv.second, LiteralContext::RegionMap});
  }
  model_.region_maps.push_back(std::move(rm));
}

void CfnAdapter::add_mapping_literals(const MapEntry& m) {
  for (const auto& a : m.value->entries) {
    if (!a.value || !a.value->is_map()) continue;
    for (const auto& b : a.value->entries) {
      Str v = cfn_str(b.value, "Mappings/" + m.key + "/" + a.key + "/" + b.key);
      if (v.known() && claims_ami_id(v.value)) model_.literals.push_back({v, LiteralContext::Mapping});
    }
  }
}

// ---- resources ----

void CfnAdapter::adapt_resource(const MapEntry& e) {
  const Node* res = e.value;
  if (!res || !res->is_map()) return;
  const Node* type_node = res->get("Type");
  if (!type_node || !type_node->is_scalar()) return;
  const std::string& type = type_node->text;
  const Node* props = res->get("Properties");
  if (!props || !props->is_map()) return;
  std::string base = "Resources/" + e.key + "/Properties";
  for (const auto& spec : kSlots) {
    if (type != spec.type) continue;
    visit_path(props, spec.path, 0, base,
               [&](const Node* v, const std::string& p) { add_use(e.key, type, p, v, spec.accepts); });
  }
  if (type == "AWS::ElasticBeanstalk::Environment" || type == "AWS::ElasticBeanstalk::ConfigurationTemplate") {
    visit_path(props, "OptionSettings[]", 0, base, [&](const Node* item, const std::string& p) {
      const Node* ns = item->get("Namespace");
      const Node* on = item->get("OptionName");
      if (ns && ns->is_scalar() && on && on->is_scalar() && ns->text == "aws:autoscaling:launchconfiguration" &&
          on->text == "ImageId")
        add_use(e.key, type, p + "/Value", item->get("Value"), 0);
    });
  } else if (type == "AWS::SSM::Parameter") {
    const Node* dt = props->get("DataType");
    if (dt && dt->is_scalar() && dt->text == "aws:ec2:image") add_use(e.key, type, base + "/Value", props->get("Value"), 0);
  } else if (type == "AWS::ImageBuilder::DistributionConfiguration") {
    adapt_distribution(e.key, props, base);
  } else if (type == "AWS::DLM::LifecyclePolicy") {
    adapt_dlm(e.key, props, base);
  } else if (type == "AWS::Organizations::Policy") {
    adapt_org_policy(e.key, props, base);
  } else if (type == "AWS::ImageBuilder::ImageRecipe") {
    adapt_recipe(e.key, props, base);
  } else if (type == "AWS::ImageBuilder::ImagePipeline" || type == "AWS::ImageBuilder::Image") {
    adapt_image_builder_link(e.key, props);
  } else if (type == "AWS::CloudFormation::StackSet") {
    adapt_stackset(props, base);
  } else if (type == "AWS::CloudFormation::Stack" || type == "AWS::Serverless::Application") {
    adapt_nested(e.key, props, base);
  }
}

void CfnAdapter::add_use(const std::string& name, const std::string& type, const std::string& path,
                         const Node* value, unsigned accepts) {
  if (!value) return;
  AmiUse use;
  use.resource = prefix_ + name;
  use.resource_type = type;
  use.slot_name = type + " " + path.substr(path.rfind('/') + 1);
  use.path = path;
  use.range = value->range;
  use.accepts = accepts;
  use.sources = eval_.resolve(value, accepts, path);
  use.regions_from_deploy = true;  // bound to the deploy regions
  for (const auto& s : use.sources)
    if (s.kind == SourceKind::Literal && s.value.known() && !s.from_mapping && claims_ami_id(s.value.value))
      model_.literals.push_back({s.value, LiteralContext::Slot});
  if (!use.sources.empty()) model_.uses.push_back(std::move(use));
}

void CfnAdapter::visit_path(const Node* n, const std::string& spec, size_t pos, const std::string& path,
                            const std::function<void(const Node*, const std::string&)>& fn) {
  if (!n) return;
  auto branches = [](const Node* x) -> const Node* {  // Fn::If's arguments, or null
    if (x->intrinsic() != "Fn::If") return nullptr;
    const Node* a = x->entries[0].value;
    return a && a->is_seq() && a->items.size() == 3 ? a : nullptr;
  };
  if (n->intrinsic() == "Fn::If") {
    if (const Node* a = branches(n))
      for (int i = 1; i <= 2; ++i) visit_path(a->items[i], spec, pos, path, fn);
    return;
  }
  if (pos >= spec.size()) {
    fn(n, path);
    return;
  }
  size_t dot = spec.find('.', pos);
  std::string seg = spec.substr(pos, dot == std::string::npos ? std::string::npos : dot - pos);
  size_t next = dot == std::string::npos ? spec.size() : dot + 1;
  bool iterate = seg.size() > 2 && seg.compare(seg.size() - 2, 2, "[]") == 0;
  if (iterate) seg.resize(seg.size() - 2);
  const Node* child = n->get(seg);
  if (!child) return;
  std::string cpath = path + "/" + seg;
  if (!iterate) {
    visit_path(child, spec, next, cpath, fn);
    return;
  }
  auto each = [&](const Node* list) {
    for (size_t k = 0; k < list->items.size(); ++k)
      visit_path(list->items[k], spec, next, cpath + "/" + std::to_string(k), fn);
  };
  if (child->intrinsic() == "Fn::If") {
    if (const Node* a = branches(child))
      for (int i = 1; i <= 2; ++i)
        if (a->items[i] && a->items[i]->is_seq()) each(a->items[i]);
    return;
  }
  if (child->is_seq()) each(child);
}

bool is_cfn_template(const Node* root) {
  if (!root || !root->is_map()) return false;
  if (root->get("AWSTemplateFormatVersion")) return true;
  const Node* res = root->get("Resources");
  if (!res || !res->is_map() || res->entries.empty()) return false;
  for (const auto& e : res->entries)
    if (e.value && e.value->is_map() && is_resource_type(e.value->get("Type"))) return true;
  return false;
}

Model adapt_cfn(const Node& root, const LintOptions& options) { return CfnAdapter(root, options).run(); }

Model adapt_cfn(const CfnStackTree& tree, const LintOptions& options) {
  if (tree.roots.empty() || !tree.roots[0]) return Model{};
  return CfnAdapter(*tree.roots[0], options, &tree).run();
}

}  // namespace amilint
