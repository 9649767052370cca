#include "linter/adapt/cfn.h"

#include <algorithm>
#include <functional>
#include <set>
#include <unordered_set>

#include "linter/load/loaders.h"
#include "linter/model/regions.h"

namespace amilint {

namespace {

bool starts_with(const std::string& s, std::string_view p) {
  return s.size() >= p.size() && s.compare(0, p.size(), p) == 0;
}

std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

Str str_of(const Node* n) {
  Str s;
  if (n && n->is_scalar() && !n->is_null()) {
    s.value = n->text;
    s.range = n->range;
    s.known = true;
  } else if (n) {
    s.range = n->range;
  }
  return s;
}

// `List<...>` and `CommaDelimitedList` parameters: the default is "a,b,c".
bool is_list_type(const Str& type) {
  return type.known && (starts_with(type.value, "List<") || type.value == "CommaDelimitedList");
}

// The elements of a comma-separated default, trimmed. Each element gets its own range
// when the scalar's text is its source verbatim (plain, or quoted without escapes);
// otherwise every element points at the whole scalar.
std::vector<Str> split_list(const Str& s) {
  std::vector<Str> out;
  const std::string& t = s.value;
  size_t raw = s.range.end - s.range.begin;
  bool exact = raw == t.size() || raw == t.size() + 2;
  uint32_t base = s.range.begin + (raw == t.size() + 2 ? 1 : 0);
  for (size_t b = 0; b <= t.size();) {
    size_t e = t.find(',', b);
    if (e == std::string::npos) e = t.size();
    size_t x = b, y = e;
    while (x < y && std::isspace(static_cast<unsigned char>(t[x]))) ++x;
    while (y > x && std::isspace(static_cast<unsigned char>(t[y - 1]))) --y;
    Str el;
    el.value = t.substr(x, y - x);
    el.known = true;
    el.range = exact ? Range{base + static_cast<uint32_t>(x), base + static_cast<uint32_t>(y)} : s.range;
    out.push_back(std::move(el));
    b = e + 1;
  }
  return out;
}

bool is_resource_type(const Node* t) {
  if (!t || !t->is_scalar()) return false;
  const std::string& s = t->text;
  return starts_with(s, "AWS::") || starts_with(s, "Alexa::") || starts_with(s, "Custom::");
}

// `{"Ref": "AWS::Region"}` or `{"Fn::Sub": "${AWS::Region}"}`.
bool is_region_ref(const Node* n) {
  if (!n || !n->is_map()) return false;
  std::string_view f = n->intrinsic();
  const Node* v = f.empty() ? nullptr : n->entries[0].value;
  if (!v || !v->is_scalar()) return false;
  if (f == "Ref") return v->text == "AWS::Region";
  if (f == "Fn::Sub") return v->text == "${AWS::Region}";
  return false;
}

// Which part of a slot spec may be `[]` (iterate a sequence).
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

class Adapter {
 public:
  Adapter(const Node& root, Format format, const LintOptions& options)
      : root_(root), options_(options) {
    model_.format = format;
    model_.deploy_regions = options.regions;
  }

  Model run() {
    model_.suppressions = cfn_metadata_suppressions(root_);
    collect_parameters();
    scan_find_in_map_uses();
    collect_mappings();
    const Node* resources = root_.get("Resources");
    if (resources && resources->is_map()) {
      for (const auto& e : resources->entries) adapt_resource(e);
    }
    for (auto& p : model_.parameters) {
      bool ami_type = p.type.known && p.type.value.find("AWS::EC2::Image::Id") != std::string::npos &&
                      p.type.value.find("SSM") == std::string::npos;
      if (!(p.feeds_ami_slot || ami_type) || !p.default_value.known) continue;
      if (is_list_type(p.type)) {  // "ami-a,ami-b": judge each element
        auto elems = split_list(p.default_value);
        for (size_t i = 0; i < elems.size(); ++i)
          if (claims_ami_id(elems[i].value))
            model_.literals.push_back({elems[i], p.path + "/Default/" + std::to_string(i),
                                       LiteralContext::ParameterDefault});
      } else if (claims_ami_id(p.default_value.value)) {
        model_.literals.push_back({p.default_value, p.path + "/Default", LiteralContext::ParameterDefault});
      }
    }
    return std::move(model_);
  }

 private:
  const Node& root_;
  const LintOptions& options_;
  Model model_;
  // map name -> region position (1 = first key is the region, 2 = second)
  std::map<std::string, int> region_maps_used_;
  unsigned accepts_ = 0;  // SlotAccept flags of the slot being resolved

  // ---- parameters ----
  void collect_parameters() {
    const Node* params = root_.get("Parameters");
    if (!params || !params->is_map()) return;
    for (const auto& e : params->entries) {
      Parameter p;
      p.name = e.key;
      p.name_range = e.key_range;
      p.path = "Parameters/" + e.key;
      if (e.value && e.value->is_map()) {
        p.type = str_of(e.value->get("Type"));
        const Node* d = e.value->get("Default");
        p.default_value = str_of(d);
        if (const Node* av = e.value->get("AllowedValues"); av && av->is_seq())
          for (const Node* v : av->items)
            if (v && v->is_scalar()) p.allowed_values.push_back(v->text);
      }
      model_.parameters.push_back(std::move(p));
    }
  }

  Parameter* param(const std::string& name) {
    for (auto& p : model_.parameters)
      if (p.name == name) return &p;
    return nullptr;
  }

  // ---- mappings ----
  void scan_find_in_map_uses() {
    // Walk everything but Mappings and Parameters; shared (aliased) nodes once.
    std::unordered_set<const Node*> seen;
    std::function<void(const Node*, int)> walk = [&](const Node* n, int depth) {
      if (!n || n->is_scalar() || depth > 600) return;
      if (!seen.insert(n).second) return;
      if (n->is_map()) {
        if (n->intrinsic() == "Fn::FindInMap") {
          const Node* args = n->entries[0].value;
          if (args && args->is_seq() && args->items.size() >= 3 && args->items[0] &&
              args->items[0]->is_scalar()) {
            int pos = is_region_ref(args->items[1]) ? 1 : is_region_ref(args->items[2]) ? 2 : 0;
            if (pos) region_maps_used_.emplace(args->items[0]->text, pos);
          }
        }
        for (const auto& e : n->entries) {
          if (depth == 0 && (e.key == "Mappings" || e.key == "Parameters")) continue;
          walk(e.value, depth + 1);
        }
      } else {
        for (const Node* c : n->items) walk(c, depth + 1);
      }
    };
    walk(&root_, 0);
  }

  void collect_mappings() {
    const Node* maps = root_.get("Mappings");
    if (!maps || !maps->is_map()) return;
    for (const auto& m : maps->entries) {
      if (!m.value || !m.value->is_map()) continue;
      auto used = region_maps_used_.find(m.key);
      bool regions_top = true;
      bool used_with_region = used != region_maps_used_.end();
      if (used_with_region) {
        regions_top = used->second == 1;
      } else {
        size_t known = 0;
        for (const auto& r : m.value->entries)
          if (is_known_region(r.key, options_.extra_regions)) ++known;
        if (known == 0 || known * 2 < m.value->entries.size()) {
          add_mapping_literals(m);
          continue;
        }
      }
      RegionMap rm;
      rm.name = m.key;
      rm.name_range = m.key_range;
      rm.path = "Mappings/" + m.key;
      rm.used_with_region = used_with_region;
      rm.regions_top = regions_top;
      if (regions_top) {
        for (const auto& r : m.value->entries) {
          RegionMap::Row row;
          row.region = r.key;
          row.range = r.key_range;
          if (r.value && r.value->is_map())
            for (const auto& kv : r.value->entries) row.values.emplace_back(kv.key, str_of(kv.value));
          rm.rows.push_back(std::move(row));
        }
      } else {
        for (const auto& k : m.value->entries) {
          rm.key_ranges.emplace(k.key, k.key_range);
          if (!k.value || !k.value->is_map()) continue;
          for (const auto& r : k.value->entries) {
            RegionMap::Row* row = nullptr;
            for (auto& x : rm.rows)
              if (x.region == r.key) row = &x;
            if (!row) {
              rm.rows.emplace_back();
              row = &rm.rows.back();
              row->region = r.key;
              row->range = r.key_range;
            }
            row->values.emplace_back(k.key, str_of(r.value));
          }
        }
      }
      for (const auto& row : rm.rows) {
        // Only names meant as regions: a region map may also hold rows such as
        // "AMI" (the image name, a Quick Start convention) that are not typos.
        bool mention = looks_like_region(row.region) ||
                       !closest_region(row.region, options_.extra_regions).empty();
        if (mention && regions_top) {
          Str reg{row.region, row.range, true};
          model_.region_mentions.push_back({reg, rm.path + "/" + row.region, "region map key"});
        } else if (mention) {  // regions second-level: every occurrence of the key
          for (const auto& k : m.value->entries)
            if (const MapEntry* r = k.value && k.value->is_map() ? k.value->entry(row.region) : nullptr)
              model_.region_mentions.push_back(
                  {Str{row.region, r->key_range, true}, rm.path + "/" + k.key + "/" + row.region, "region map key"});
        }
        for (const auto& kv : row.values)
          if (kv.second.known && claims_ami_id(kv.second.value))
            model_.literals.push_back({kv.second, cell_path(rm, row.region, kv.first), LiteralContext::RegionMap});
      }
      model_.region_maps.push_back(std::move(rm));
    }
  }

  void add_mapping_literals(const MapEntry& m) {
    for (const auto& a : m.value->entries) {
      if (!a.value || !a.value->is_map()) continue;
      for (const auto& b : a.value->entries) {
        Str v = str_of(b.value);
        if (v.known && claims_ami_id(v.value))
          model_.literals.push_back({v, "Mappings/" + m.key + "/" + a.key + "/" + b.key, LiteralContext::Mapping});
      }
    }
  }

  static std::string cell_path(const RegionMap& rm, const std::string& region, const std::string& key) {
    return rm.regions_top ? rm.path + "/" + region + "/" + key : rm.path + "/" + key + "/" + region;
  }

  int region_map_index(const std::string& name) const {
    for (size_t i = 0; i < model_.region_maps.size(); ++i)
      if (model_.region_maps[i].name == name) return static_cast<int>(i);
    return -1;
  }

  // Possible values of a FindInMap key argument; false when they cannot be known.
  bool key_candidates(const Node* k, std::vector<std::string>& out, int depth = 0) {
    if (!k || depth > 8) return false;
    if (k->is_scalar()) {
      if (k->is_null()) return false;
      out.push_back(k->text);
      return true;
    }
    std::string_view f = k->intrinsic();
    const Node* arg = f.empty() ? nullptr : k->entries[0].value;
    if (f == "Ref" && arg && arg->is_scalar()) {
      const Parameter* p = param(arg->text);
      if (!p) return false;
      if (!p->allowed_values.empty()) {
        out.insert(out.end(), p->allowed_values.begin(), p->allowed_values.end());
        return true;
      }
      if (p->default_value.known) {
        out.push_back(p->default_value.value);
        return true;
      }
      return false;
    }
    if (f == "Fn::FindInMap" && arg && arg->is_seq() && arg->items.size() >= 3) {
      const Node* mapname = arg->items[0];
      const Node* maps = root_.get("Mappings");
      if (!mapname || !mapname->is_scalar() || !maps) return false;
      const Node* m = maps->get(mapname->text);
      if (!m || !m->is_map()) return false;
      std::vector<std::string> k1, k2;
      bool k1_known = key_candidates(arg->items[1], k1, depth + 1);
      bool k2_known = key_candidates(arg->items[2], k2, depth + 1);
      if (!k2_known) return false;
      for (const auto& row : m->entries) {
        if (k1_known && std::find(k1.begin(), k1.end(), row.key) == k1.end()) continue;
        if (!row.value || !row.value->is_map()) continue;
        for (const auto& key : k2)
          if (const Node* v = row.value->get(key); v && v->is_scalar() && !v->is_null())
            if (std::find(out.begin(), out.end(), v->text) == out.end()) out.push_back(v->text);
      }
      return !out.empty();
    }
    return false;
  }

  // ---- slot values ----
  std::vector<AmiSource> resolve(const Node* n, const std::string& path, int depth = 0) {
    std::vector<AmiSource> out;
    if (!n || depth > 16) return out;
    if (n->is_scalar()) {
      if (n->is_null()) return out;
      AmiSource s;
      s.range = n->range;
      s.value = str_of(n);
      const std::string& t = n->text;
      if (starts_with(t, "{{resolve:ssm:")) {
        s.kind = SourceKind::Ssm;
        std::string p = t.substr(14);
        if (p.size() >= 2 && p.compare(p.size() - 2, 2, "}}") == 0) p.resize(p.size() - 2);
        s.value.value = p;
        s.ssm_public = starts_with(p, "/aws/service/");
      } else if (starts_with(t, "{{resolve:")) {
        s.kind = SourceKind::Unresolved;
        s.reason = "a dynamic reference resolved at deploy time";
      } else if (starts_with(t, "resolve:ssm:") && (accepts_ & kAcceptsResolveSsm)) {
        s.kind = SourceKind::Ssm;
        s.value.value = t.substr(12);
        s.ssm_public = starts_with(s.value.value, "/aws/service/");
      } else {
        s.kind = SourceKind::Literal;
      }
      out.push_back(std::move(s));
      return out;
    }
    std::string_view f = n->intrinsic();
    const Node* arg = f.empty() ? nullptr : n->entries[0].value;
    AmiSource s;
    s.range = n->range;
    if (f == "Ref" && arg && arg->is_scalar()) {
      const std::string& name = arg->text;
      if (name == "AWS::NoValue") return out;
      if (Parameter* p = param(name)) {
        p->feeds_ami_slot = true;
        s.param = name;
        if (p->type.known && starts_with(p->type.value, "AWS::SSM::Parameter::Value<")) {
          s.kind = SourceKind::Ssm;
          s.value = p->default_value;
          s.ssm_public = p->default_value.known && starts_with(p->default_value.value, "/aws/service/");
          s.from_default = true;
        } else {
          s.kind = SourceKind::Parameter;
          s.value = p->default_value;
          s.from_default = p->default_value.known;
          if (!p->default_value.known) s.reason = "parameter '" + name + "' has no default";
        }
      } else {
        s.kind = SourceKind::Unresolved;
        const Node* res = root_.get("Resources");
        s.reason = starts_with(name, "AWS::")    ? "pseudo parameter '" + name + "'"
                   : res && res->get(name) ? "Ref of resource '" + name + "', known only at deploy time"
                                           : "'" + name + "' is not a parameter of this template";
      }
      out.push_back(std::move(s));
      return out;
    }
    if (f == "Fn::If" && arg && arg->is_seq() && arg->items.size() == 3) {
      for (int i = 1; i <= 2; ++i) {
        auto branch = resolve(arg->items[i], path, depth + 1);
        for (auto& b : branch) out.push_back(std::move(b));
      }
      return out;
    }
    if (f == "Fn::FindInMap" && arg && arg->is_seq() && arg->items.size() >= 3 && arg->items[0] &&
        arg->items[0]->is_scalar()) {
      const std::string& mapname = arg->items[0]->text;
      int pos = is_region_ref(arg->items[1]) ? 1 : is_region_ref(arg->items[2]) ? 2 : 0;
      if (pos) {
        s.kind = SourceKind::RegionMap;
        // Fn::FindInMap [Map, K1, K2, {DefaultValue: v}] (AWS::LanguageExtensions) never fails.
        s.map_has_default = arg->items.size() >= 4;
        s.region_map = region_map_index(mapname);
        s.map_keys_known = key_candidates(arg->items[pos == 1 ? 2 : 1], s.map_keys);
        if (s.region_map < 0) {
          s.kind = SourceKind::Unresolved;
          s.reason = "mapping '" + mapname + "' is not defined in this template";
        }
        out.push_back(std::move(s));
        return out;
      }
      // A static lookup resolves to the cell itself.
      std::vector<std::string> k1, k2;
      const Node* maps = root_.get("Mappings");
      const Node* m = maps ? maps->get(mapname) : nullptr;
      if (m && key_candidates(arg->items[1], k1) && key_candidates(arg->items[2], k2)) {
        for (const auto& a : k1) {
          const Node* row = m->get(a);
          for (const auto& b : k2) {
            const Node* cell = row ? row->get(b) : nullptr;
            if (cell && cell->is_scalar() && !cell->is_null()) {
              AmiSource c;
              c.kind = SourceKind::Literal;
              c.value = str_of(cell);
              c.range = n->range;
              out.push_back(std::move(c));
            }
          }
        }
        if (!out.empty()) return out;
      }
      s.kind = SourceKind::Unresolved;
      s.reason = "Fn::FindInMap keys are not known";
      out.push_back(std::move(s));
      return out;
    }
    if (f == "Fn::Select" && arg && arg->is_seq() && arg->items.size() == 2) {
      const Node* list = arg->items[1];
      const Node* idx = arg->items[0];
      if (list && list->is_seq() && idx && idx->is_scalar()) {
        char* end = nullptr;
        long i = std::strtol(idx->text.c_str(), &end, 10);
        if (end && *end == '\0' && i >= 0 && static_cast<size_t>(i) < list->items.size())
          return resolve(list->items[static_cast<size_t>(i)], path, depth + 1);
      }
      if (list && list->intrinsic() == "Ref" && list->entries[0].value->is_scalar()) {
        if (Parameter* p = param(list->entries[0].value->text)) {
          p->feeds_ami_slot = true;
          s.kind = SourceKind::Parameter;
          s.param = p->name;
          s.reason = "an element of list parameter '" + p->name + "'";
          if (p->type.known && starts_with(p->type.value, "AWS::SSM::Parameter::Value<")) {
            // An element of an SSM list parameter: the source is that SSM parameter.
            s.kind = SourceKind::Ssm;
            s.value = p->default_value;
            s.ssm_public = p->default_value.known && starts_with(p->default_value.value, "/aws/service/");
            s.from_default = true;
            s.reason.clear();
          } else if (!p->default_value.known) {
            s.reason = "parameter '" + p->name + "' has no default";
          } else if (idx && idx->is_scalar() && is_list_type(p->type)) {
            // Select [i, !Ref List] with a default: element i of the default.
            char* end = nullptr;
            long i = std::strtol(idx->text.c_str(), &end, 10);
            auto elems = split_list(p->default_value);
            if (end && *end == '\0' && !idx->text.empty() && i >= 0 && static_cast<size_t>(i) < elems.size()) {
              s.value = elems[static_cast<size_t>(i)];
              s.from_default = true;
              s.reason.clear();
            }
          }
          out.push_back(std::move(s));
          return out;
        }
      }
      s.kind = SourceKind::Unresolved;
      s.reason = "Fn::Select over a computed list";
      out.push_back(std::move(s));
      return out;
    }
    if (f == "Fn::Sub" && arg) {
      const Node* tmpl = arg->is_seq() && !arg->items.empty() ? arg->items[0] : arg;
      if (tmpl && tmpl->is_scalar()) {
        const std::string& t = tmpl->text;
        if (t.size() > 3 && starts_with(t, "${") && t.back() == '}' &&
            t.find("${", 2) == std::string::npos && !arg->is_seq()) {
          std::string name = t.substr(2, t.size() - 3);
          if (param(name)) {
            Node ref;  // resolve as a Ref to the same parameter
            (void)ref;
            Parameter* p = param(name);
            p->feeds_ami_slot = true;
            s.param = name;
            s.kind = SourceKind::Parameter;
            s.value = p->default_value;
            s.from_default = p->default_value.known;
            if (!p->default_value.known) s.reason = "parameter '" + name + "' has no default";
            out.push_back(std::move(s));
            return out;
          }
        }
        if (starts_with(t, "{{resolve:ssm:")) {
          s.kind = SourceKind::Ssm;
          s.value = str_of(tmpl);
          s.ssm_public = starts_with(t, "{{resolve:ssm:/aws/service/");
          out.push_back(std::move(s));
          return out;
        }
      }
      // An Image Builder image ARN built per partition/region (AWS-managed images).
      if (tmpl && tmpl->is_scalar() && (accepts_ & kAcceptsImageBuilder) &&
          starts_with(tmpl->text, "arn:") && tmpl->text.find(":imagebuilder:") != std::string::npos) {
        s.kind = SourceKind::Managed;
        s.value = str_of(tmpl);
        out.push_back(std::move(s));
        return out;
      }
      s.kind = SourceKind::Unresolved;
      s.reason = "a string built with Fn::Sub";
      out.push_back(std::move(s));
      return out;
    }
    s.kind = SourceKind::Unresolved;
    if (f == "Fn::GetAtt") s.reason = "an attribute of another resource, known only at deploy time";
    else if (f == "Fn::ImportValue") s.reason = "an export of another stack";
    else if (!f.empty()) s.reason = std::string(f) + " is evaluated at deploy time";
    else s.reason = "not a single value";
    out.push_back(std::move(s));
    return out;
  }

  void add_use(const std::string& name, const std::string& type, const std::string& path,
               const Node* value, unsigned accepts) {
    if (!value) return;
    AmiUse use;
    use.resource = name;
    use.resource_type = type;
    use.path = path;
    use.range = value->range;
    use.accepts = accepts;
    accepts_ = accepts;  // plain `resolve:ssm:` is a literal where the slot does not take it
    use.sources = resolve(value, path);
    use.regions = model_.deploy_regions;
    use.region_known = !use.regions.empty();
    for (const auto& s : use.sources)
      if (s.kind == SourceKind::Literal && s.value.known && s.range.begin == s.value.range.begin &&
          claims_ami_id(s.value.value))
        model_.literals.push_back({s.value, path, LiteralContext::Slot});
    if (!use.sources.empty()) model_.uses.push_back(std::move(use));
  }

  // Visits every node at a dotted path, following both branches of Fn::If.
  void visit_path(const Node* n, const std::string& spec, size_t pos, const std::string& path,
                  const std::function<void(const Node*, const std::string&)>& fn) {
    if (!n) return;
    if (n->intrinsic() == "Fn::If") {
      const Node* a = n->entries[0].value;
      if (a && a->is_seq() && a->items.size() == 3)
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
    if (child->intrinsic() == "Fn::If") {
      const Node* a = child->entries[0].value;
      if (a && a->is_seq() && a->items.size() == 3)
        for (int i = 1; i <= 2; ++i)
          if (a->items[i] && a->items[i]->is_seq())
            for (size_t k = 0; k < a->items[i]->items.size(); ++k)
              visit_path(a->items[i]->items[k], spec, next, cpath + "/" + std::to_string(k), fn);
      return;
    }
    if (!child->is_seq()) return;
    for (size_t k = 0; k < child->items.size(); ++k)
      visit_path(child->items[k], spec, next, cpath + "/" + std::to_string(k), fn);
  }

  // A region value: a literal, or AWS::Region when exactly one deploy region is declared.
  Str region_value(const Node* n) {
    Str s = str_of(n);
    if (!s.known && is_region_ref(n) && options_.regions.size() == 1) {
      s.value = options_.regions[0];
      s.known = true;
    }
    return s;
  }

  void adapt_resource(const MapEntry& e) {
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
      visit_path(props, spec.path, 0, base, [&](const Node* v, const std::string& p) {
        add_use(e.key, type, p, v, spec.accepts);
      });
    }
    if (type == "AWS::ElasticBeanstalk::Environment" || type == "AWS::ElasticBeanstalk::ConfigurationTemplate") {
      visit_path(props, "OptionSettings[]", 0, base, [&](const Node* item, const std::string& p) {
        const Node* ns = item->get("Namespace");
        const Node* on = item->get("OptionName");
        if (ns && ns->is_scalar() && on && on->is_scalar() &&
            ns->text == "aws:autoscaling:launchconfiguration" && on->text == "ImageId")
          add_use(e.key, type, p + "/Value", item->get("Value"), 0);
      });
    } else if (type == "AWS::SSM::Parameter") {
      const Node* dt = props->get("DataType");
      if (dt && dt->is_scalar() && dt->text == "aws:ec2:image")
        add_use(e.key, type, base + "/Value", props->get("Value"), 0);
    } else if (type == "AWS::ImageBuilder::DistributionConfiguration") {
      adapt_distribution(e.key, props, base);
    } else if (type == "AWS::DLM::LifecyclePolicy") {
      adapt_dlm(e.key, props, base);
    } else if (type == "AWS::Organizations::Policy") {
      adapt_org_policy(e.key, props, base);
    } else if (type == "AWS::CloudFormation::StackSet") {
      StackSetRef ref;
      visit_path(props, "StackInstancesGroup[].Regions", 0, base, [&](const Node* regs, const std::string& p) {
        if (!regs->is_seq()) return;
        for (size_t k = 0; k < regs->items.size(); ++k) {
          Str r = str_of(regs->items[k]);
          if (!r.known) continue;
          model_.region_mentions.push_back({r, p + "/" + std::to_string(k), "StackSet region"});
          if (std::find(ref.regions.begin(), ref.regions.end(), r.value) == ref.regions.end())
            ref.regions.push_back(r.value);
        }
      });
      // The template it deploys: a TemplateURL, literal or built with Fn::Sub.
      const Node* url = props->get("TemplateURL");
      if (url && url->intrinsic() == "Fn::Sub") {
        const Node* a = url->entries[0].value;
        url = a && a->is_seq() && !a->items.empty() ? a->items[0] : a;
      }
      if (url && url->is_scalar() && !ref.regions.empty()) {
        ref.template_url = url->text;
        model_.stacksets.push_back(std::move(ref));
      }
    }
  }

  static void push_strs(const Node* n, std::vector<Str>& out) {
    if (!n) return;
    if (n->is_seq()) {
      for (const Node* x : n->items)
        if (x && x->is_scalar() && !x->is_null()) out.push_back(str_of(x));
    } else if (n->is_scalar() && !n->is_null()) {
      out.push_back(str_of(n));
    }
  }

  // An ARN: a literal, or an Fn::Sub string whose region field is literal or
  // ${AWS::Region} with exactly one deploy region declared (other variables are kept).
  Str arn_value(const Node* n) {
    Str s = str_of(n);
    if (s.known || !n || n->intrinsic() != "Fn::Sub") return s;
    const Node* t = n->entries[0].value;
    if (!t || !t->is_scalar() || t->text.compare(0, 4, "arn:") != 0) return s;
    std::string v = t->text;
    const std::string var = "${AWS::Region}";
    for (size_t p; options_.regions.size() == 1 && (p = v.find(var)) != std::string::npos;)
      v.replace(p, var.size(), options_.regions[0]);
    std::string flat = v;  // variables without their "::", so that ARN fields split right
    for (size_t p = 0; (p = flat.find("${", p)) != std::string::npos; p += 2)
      for (size_t q = p + 2; q < flat.size() && flat[q] != '}'; ++q)
        if (flat[q] == ':') flat[q] = '.';
    std::string r = arn_region(flat);
    if (r.empty() || r.find("${") != std::string::npos) return s;
    const std::string part = "${AWS::Partition}";
    for (size_t p; (p = v.find(part)) != std::string::npos;)
      v.replace(p, part.size(), r.rfind("cn-", 0) == 0 ? "aws-cn" : r.rfind("us-gov-", 0) == 0 ? "aws-us-gov" : "aws");
    if (arn_region(v) != r) return s;
    s.value = v;
    s.known = true;
    return s;
  }

  void adapt_distribution(const std::string& name, const Node* props, const std::string& base) {
    const MapEntry* de = props->entry("Distributions");
    if (!de || !de->value) return;
    DistributionConfig dc;
    dc.resource = name;
    dc.path = base + "/Distributions";
    dc.anchor = de->key_range;
    visit_path(props, "Distributions[]", 0, base, [&](const Node* item, const std::string& p) {
      if (!item->is_map()) return;
      Distribution d;
      d.path = p;
      d.range = item->range;
      d.region = region_value(item->get("Region"));
      if (d.region.known) model_.region_mentions.push_back({d.region, p + "/Region", "Image Builder distribution region"});
      const MapEntry* ac = item->entry("AmiDistributionConfiguration");
      d.has_ami_config = ac && ac->value && ac->value->is_map();
      d.container_only = !ac && item->get("ContainerDistributionConfiguration");
      if (ac) d.ami_config_key = ac->key_range;
      if (d.has_ami_config) {
        const Node* a = ac->value;
        d.kms_key = arn_value(a->get("KmsKeyId"));
        if (const Node* k = a->get("KmsKeyId"); k && !d.kms_key.known) d.kms_key.range = k->range;
        push_strs(a->get("TargetAccountIds"), d.accounts);
        if (const Node* lp = a->get("LaunchPermissionConfiguration"); lp && lp->is_map()) {
          push_strs(lp->get("UserIds"), d.accounts);
          push_strs(lp->get("UserGroups"), d.user_groups);
        }
      }
      dc.distributions.push_back(std::move(d));
    });
    model_.distributions.push_back(std::move(dc));
  }

  void adapt_dlm(const std::string& name, const Node* props, const std::string& base) {
    const MapEntry* pde = props->entry("PolicyDetails");
    const Node* pd = pde ? pde->value : nullptr;
    LifecyclePolicy lp;
    lp.resource = name;
    lp.path = base + "/PolicyDetails";
    if (pd && pd->is_map()) {
      lp.policy_type = str_of(pd->get("PolicyType"));
      lp.image_policy = lp.policy_type.known && lp.policy_type.value == "IMAGE_MANAGEMENT";
      lp.anchor = pde->key_range;
      if (const Node* params = pd->get("Parameters"); params && params->is_map() && params->intrinsic().empty())
        lp.no_reboot = str_of(params->get("NoReboot"));
      else if (params && !params->is_null())
        lp.no_reboot.range = params->range;  // computed (Fn::If ...): unknown, not absent
      if (const MapEntry* se = pd->entry("Schedules")) {
        lp.anchor = se->key_range;
        // One schedule with copy rules: a missing copy is reported at its rule list.
        if (se->value && se->value->is_seq() && se->value->items.size() == 1 && se->value->items[0])
          if (const MapEntry* ce = se->value->items[0]->entry("CrossRegionCopyRules")) lp.anchor = ce->key_range;
      }
      visit_path(pd, "Schedules[]", 0, lp.path, [&](const Node* sched, const std::string& sp) {
        visit_path(sched, "CrossRegionCopyRules[]", 0, sp, [&](const Node* rule, const std::string& rp) {
          CopyRule cr;
          cr.path = rp;
          cr.range = rule->range;
          cr.target_region = region_value(rule->get("TargetRegion"));
          cr.encrypted = str_of(rule->get("Encrypted"));
          cr.cmk_arn = arn_value(rule->get("CmkArn"));
          if (cr.target_region.known)
            model_.region_mentions.push_back({cr.target_region, rp + "/TargetRegion", "DLM TargetRegion"});
          lp.copy_rules.push_back(std::move(cr));
        });
        visit_path(sched, "ShareRules[].TargetAccounts", 0, sp, [&](const Node* accts, const std::string&) {
          push_strs(accts, lp.share_accounts);
        });
      });
    } else {
      // The default policy for EBS-backed AMIs (simplified policy language).
      const Node* dp = props->get("DefaultPolicy");
      if (!dp || !dp->is_scalar() || dp->text != "INSTANCE") return;
      lp.image_policy = true;
      lp.policy_type = str_of(dp);
      if (const MapEntry* t = props->entry("CrossRegionCopyTargets")) lp.anchor = t->key_range;
      else lp.anchor = dp->range;
      visit_path(props, "CrossRegionCopyTargets[]", 0, base, [&](const Node* t, const std::string& tp) {
        CopyRule cr;
        cr.path = tp;
        cr.range = t->range;
        cr.target_region = region_value(t->get("TargetRegion"));
        if (cr.target_region.known)
          model_.region_mentions.push_back({cr.target_region, tp + "/TargetRegion", "DLM TargetRegion"});
        lp.copy_rules.push_back(std::move(cr));
      });
    }
    model_.lifecycle_policies.push_back(std::move(lp));
  }

  // EC2 declarative policy: ec2_attributes.{image_block_public_access,
  // allowed_images_settings}.state, either plain or as {"@@assign": value}.
  void adapt_org_policy(const std::string& name, const Node* props, const std::string& base) {
    const Node* t = props->get("Type");
    if (!t || !t->is_scalar() || t->text != "DECLARATIVE_POLICY_EC2") return;
    const Node* content = props->get("Content");
    if (!content) return;
    // Content is an object, or a JSON document in a string: then positions inside
    // it are not file positions, and findings point at the Content value.
    Document inner;
    bool in_string = content->is_scalar();
    if (in_string) {
      inner = load_json(content->text, "");
      content = inner.root;
    }
    if (!content || !content->is_map()) return;
    const Node* whole = props->get("Content");
    const Node* attrs = content->get("ec2_attributes");
    if (!attrs || !attrs->is_map()) return;
    auto add = [&](const char* key, SettingKind kind) {
      const Node* st = declarative_policy_state(attrs, key);
      if (!st || !st->is_scalar()) return;
      AccountSetting s;
      s.kind = kind;
      s.state = str_of(st);
      if (in_string) s.state.range = whole->range;
      std::replace(s.state.value.begin(), s.state.value.end(), '_', '-');
      s.state.value = lower(s.state.value);
      s.resource = name;
      s.path = base + "/Content/ec2_attributes/" + key + "/state";
      model_.settings.push_back(std::move(s));
    };
    add("image_block_public_access", SettingKind::ImageBlockPublicAccess);
    add("allowed_images_settings", SettingKind::AllowedImages);
  }
};

}  // namespace

const Node* declarative_policy_state(const Node* attrs, const char* key) {
  const Node* setting = attrs && attrs->is_map() ? attrs->get(key) : nullptr;
  if (!setting || !setting->is_map()) return nullptr;
  const Node* st = setting->get("state");
  if (st && st->is_map())
    if (const Node* a = st->get("@@assign")) return a;
  return st;
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

Model adapt_cfn(const Node& root, Format format, const LintOptions& options) {
  return Adapter(root, format, options).run();
}

}  // namespace amilint
