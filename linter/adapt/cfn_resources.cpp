// CloudFormation resources that make, copy, share or govern AMIs: Image Builder
// distribution configurations, DLM lifecycle policies, EC2 declarative organization
// policies and StackSets.
#include <algorithm>

#include "linter/adapt/cfn_adapter.h"
#include "linter/adapt/org_policy.h"
#include "linter/load/loaders.h"

namespace amilint {

namespace {

// The non-null scalars of a scalar or a list, each with the given path.
void push_strs(const Node* n, const std::string& path, std::vector<Str>& out) {
  if (!n) return;
  if (n->is_seq()) {
    for (const Node* x : n->items)
      if (x && x->is_scalar() && !x->is_null()) out.push_back(cfn_str(x, path));
  } else if (n->is_scalar() && !n->is_null()) {
    out.push_back(cfn_str(n, path));
  }
}

Bool cfn_bool(const Node* n, std::string path) { return bool_of(cfn_str(n, std::move(path))); }

// The logical ID a `Ref` or an `Fn::GetAtt` names (`!GetAtt Recipe.Arn`, `[Recipe, Arn]`).
std::string referenced_resource(const Node* n) {
  if (!n || !n->is_map()) return {};
  std::string_view f = n->intrinsic();
  const Node* a = f.empty() ? nullptr : n->entries[0].value;
  if (!a) return {};
  if (f == "Ref" && a->is_scalar()) return std::string(a->text);
  if (f != "Fn::GetAtt") return {};
  if (a->is_seq() && !a->items.empty() && a->items[0] && a->items[0]->is_scalar()) return std::string(a->items[0]->text);
  if (a->is_scalar()) {
    std::string t(a->text);
    return t.substr(0, t.find('.'));
  }
  return {};
}

}  // namespace

// An Image Builder recipe's block device mappings with EBS settings.
void CfnAdapter::adapt_recipe(const std::string& name, const Node* props, const std::string& base) {
  visit_path(props, "BlockDeviceMappings[]", 0, base, [&](const Node* m, const std::string& p) {
    if (!m->is_map()) return;
    const Node* ebs = m->get("Ebs");
    if (!ebs || !ebs->is_map() || !ebs->intrinsic().empty()) return;
    ImageVolume v;
    v.resource = prefix_ + name;
    v.recipe = true;
    v.device = cfn_str(m->get("DeviceName"), p + "/DeviceName");
    v.range = v.device.absent() ? m->range : v.device.range;
    v.path = v.device.absent() ? p : v.device.path;
    v.encrypted = cfn_bool(ebs->get("Encrypted"), p + "/Ebs/Encrypted");
    Str snapshot = cfn_str(ebs->get("SnapshotId"), p + "/Ebs/SnapshotId");
    v.from_snapshot = snapshot.unknown() || (snapshot.known() && !snapshot.value.empty());
    v.kms_key_id = cfn_str(ebs->get("KmsKeyId"), p + "/Ebs/KmsKeyId");
    if (v.kms_key_id.is("")) v.kms_key_id = Str::make_absent(v.kms_key_id.range, v.kms_key_id.path);
    model_.image_volumes.push_back(std::move(v));
  });
}

// A pipeline or image that names its recipe and distribution configuration (Ref or
// Fn::GetAtt of a resource of this template).
void CfnAdapter::adapt_image_builder_link(const std::string& name, const Node* props) {
  const Node* resources = root_.get("Resources");
  auto target = [&](const char* prop, std::string_view type) -> std::string {
    std::string id = referenced_resource(props->get(prop));
    const Node* r = id.empty() || !resources ? nullptr : resources->get(id);
    const Node* t = r && r->is_map() ? r->get("Type") : nullptr;
    return t && t->is_scalar() && t->text == type ? prefix_ + id : std::string();
  };
  ImageBuilderLink l;
  l.resource = prefix_ + name;
  l.recipe = target("ImageRecipeArn", "AWS::ImageBuilder::ImageRecipe");
  l.distribution = target("DistributionConfigurationArn", "AWS::ImageBuilder::DistributionConfiguration");
  if (!l.recipe.empty() && !l.distribution.empty()) model_.image_builder_links.push_back(std::move(l));
}

void CfnAdapter::adapt_distribution(const std::string& name, const Node* props, const std::string& base) {
  const MapEntry* de = props->entry("Distributions");
  if (!de || !de->value) return;
  DistributionConfig dc;
  dc.resource = prefix_ + name;
  dc.home_from_deploy = true;
  dc.anchor = Origin{de->key_range, base + "/Distributions"};
  visit_path(props, "Distributions[]", 0, base, [&](const Node* item, const std::string& p) {
    if (!item->is_map()) return;
    Distribution d;
    d.path = p;
    d.range = item->range;
    d.region = eval_.region(item->get("Region"), p + "/Region", d.region_expr);
    if (d.region.known())
      model_.region_mentions.push_back({d.region, "Image Builder distribution region"});
    const MapEntry* ac = item->entry("AmiDistributionConfiguration");
    d.has_ami_config = ac && ac->value && ac->value->is_map();
    d.container_only = !ac && item->get("ContainerDistributionConfiguration");
    if (ac) d.ami_config = Origin{ac->key_range, p + "/AmiDistributionConfiguration"};
    if (d.has_ami_config) {
      const Node* a = ac->value;
      std::string config = p + "/AmiDistributionConfiguration";
      d.kms_key = eval_.arn(a->get("KmsKeyId"), config + "/KmsKeyId", d.kms_key_expr);
      push_strs(a->get("TargetAccountIds"), config, d.accounts);
      if (const Node* lp = a->get("LaunchPermissionConfiguration"); lp && lp->is_map()) {
        push_strs(lp->get("UserIds"), config, d.accounts);
        push_strs(lp->get("UserGroups"), config + "/LaunchPermissionConfiguration/UserGroups", d.user_groups);
      }
    }
    dc.distributions.push_back(std::move(d));
  });
  model_.distributions.push_back(std::move(dc));
}

CopyRule CfnAdapter::copy_rule(const Node* rule, const std::string& path, bool with_encryption) {
  CopyRule cr;
  cr.path = path;
  cr.range = rule->range;
  cr.target_region = eval_.region(rule->get("TargetRegion"), path + "/TargetRegion", cr.target_region_expr);
  if (with_encryption) {
    cr.encrypted = cfn_bool(rule->get("Encrypted"), path + "/Encrypted");
    cr.cmk_arn = eval_.arn(rule->get("CmkArn"), path + "/CmkArn", cr.cmk_arn_expr);
  }
  if (cr.target_region.known()) model_.region_mentions.push_back({cr.target_region, "DLM TargetRegion"});
  return cr;
}

void CfnAdapter::adapt_dlm(const std::string& name, const Node* props, const std::string& base) {
  const MapEntry* pde = props->entry("PolicyDetails");
  const Node* pd = pde ? pde->value : nullptr;
  LifecyclePolicy lp;
  lp.resource = prefix_ + name;
  lp.home_from_deploy = true;
  lp.anchor.path = base + "/PolicyDetails";
  const std::string& path = lp.anchor.path;
  if (!pd || !pd->is_map()) {
    adapt_default_dlm(name, props, base, lp);
    return;
  }
  lp.policy_type = cfn_str(pd->get("PolicyType"), path + "/PolicyType");
  lp.image_policy = lp.policy_type.is("IMAGE_MANAGEMENT");
  lp.anchor.range = pde->key_range;
  lp.no_reboot = cfn_bool(nullptr, path + "/Parameters/NoReboot");
  if (const Node* params = pd->get("Parameters"); params && params->is_map() && params->intrinsic().empty()) {
    lp.no_reboot = cfn_bool(params->get("NoReboot"), path + "/Parameters/NoReboot");
  } else if (params && !params->is_null()) {
    lp.no_reboot.state = State::Unknown;  // computed (Fn::If ...): unknown, not absent
    lp.no_reboot.range = params->range;
  }
  if (const MapEntry* se = pd->entry("Schedules")) {
    lp.anchor.range = se->key_range;
    // One schedule with copy rules: a missing copy is reported at its rule list.
    if (se->value && se->value->is_seq() && se->value->items.size() == 1 && se->value->items[0])
      if (const MapEntry* ce = se->value->items[0]->entry("CrossRegionCopyRules")) lp.anchor.range = ce->key_range;
  }
  visit_path(pd, "Schedules[]", 0, path, [&](const Node* sched, const std::string& sp) {
    visit_path(sched, "CrossRegionCopyRules[]", 0, sp, [&](const Node* rule, const std::string& rp) {
      lp.copy_rules.push_back(copy_rule(rule, rp, true));
    });
    visit_path(sched, "ShareRules[].TargetAccounts", 0, sp, [&](const Node* accts, const std::string&) {
      push_strs(accts, path + "/ShareRules", lp.share_accounts);
    });
  });
  model_.lifecycle_policies.push_back(std::move(lp));
}

// The default policy for EBS-backed AMIs (the simplified policy language).
void CfnAdapter::adapt_default_dlm(const std::string& name, const Node* props, const std::string& base,
                                   LifecyclePolicy& lp) {
  (void)name;
  const Node* dp = props->get("DefaultPolicy");
  if (!dp || !dp->is_scalar() || dp->text != "INSTANCE") return;
  lp.image_policy = true;
  lp.policy_type = cfn_str(dp, base + "/DefaultPolicy");
  if (const MapEntry* t = props->entry("CrossRegionCopyTargets")) lp.anchor.range = t->key_range;
  else lp.anchor.range = dp->range;
  visit_path(props, "CrossRegionCopyTargets[]", 0, base, [&](const Node* t, const std::string& tp) {
    lp.copy_rules.push_back(copy_rule(t, tp, false));
  });
  model_.lifecycle_policies.push_back(std::move(lp));
}

// EC2 declarative policy: its Content is an object, or a JSON document in a string:
// then positions inside it are not file positions, and findings point at the Content.
void CfnAdapter::adapt_org_policy(const std::string& name, const Node* props, const std::string& base) {
  const Node* t = props->get("Type");
  if (!t || !t->is_scalar() || t->text != "DECLARATIVE_POLICY_EC2") return;
  const Node* whole = props->get("Content");
  if (!whole) return;
  Document inner;
  const Node* content = whole;
  if (whole->is_scalar()) {
    inner = load_json(whole->text, "");
    content = inner.root;
  }
  for (const auto& s : declarative_policy_settings(content)) {
    AccountSetting a;
    a.kind = s.kind;
    a.state = cfn_str(s.state, base + "/Content/ec2_attributes/" + s.key + "/state");
    if (whole->is_scalar()) a.state.range = whole->range;
    a.state.value = normalized_state(a.state.value);
    a.resource = prefix_ + name;
    a.org_policy = true;
    model_.settings.push_back(std::move(a));
  }
}

// A StackSet deploys a template (TemplateURL, literal or built with Fn::Sub) to the
// regions of its stack instances.
void CfnAdapter::adapt_stackset(const Node* props, const std::string& base) {
  StackSetRef ref;
  visit_path(props, "StackInstancesGroup[].Regions", 0, base, [&](const Node* regs, const std::string& p) {
    if (!regs->is_seq()) return;
    for (size_t k = 0; k < regs->items.size(); ++k) {
      Str r = cfn_str(regs->items[k], p + "/" + std::to_string(k));
      if (!r.known()) continue;
      model_.region_mentions.push_back({r, "StackSet region"});
      if (std::find(ref.regions.begin(), ref.regions.end(), r.value) == ref.regions.end())
        ref.regions.push_back(r.value);
    }
  });
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

}  // namespace amilint
