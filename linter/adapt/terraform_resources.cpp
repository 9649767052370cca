// Terraform resources that share, make, copy or govern AMIs: launch permissions,
// images from instances, Image Builder distribution configurations, DLM lifecycle
// policies, the EC2 image account settings and EC2 declarative organization policies.
#include "linter/adapt/org_policy.h"
#include "linter/adapt/terraform_adapter.h"
#include "linter/load/loaders.h"

namespace amilint {

namespace {

bool starts_with(const std::string& s, std::string_view p) {
  return s.size() >= p.size() && s.compare(0, p.size(), p) == 0;
}

}  // namespace

void TfAdapter::add_resource(const TfBlock& b) {
  if (b.type == "aws_ami_launch_permission") {
    add_launch_permission(b);
  } else if (b.type == "aws_ami_from_instance") {
    model_.images_from_instances.push_back(
        {b.address, tf_bool(b.body.field("snapshot_without_reboot"), b.path + ".snapshot_without_reboot")});
  } else if (b.type == "aws_imagebuilder_distribution_configuration") {
    add_distribution(b);
  } else if (b.type == "aws_dlm_lifecycle_policy") {
    add_dlm(b);
  } else if (b.type == "aws_ec2_image_block_public_access") {
    add_setting(b, SettingKind::ImageBlockPublicAccess, b.body.field("state"), b.path + ".state", false);
  } else if (b.type == "aws_ec2_allowed_images_settings") {
    add_setting(b, SettingKind::AllowedImages, b.body.field("state"), b.path + ".state", false);
  } else if (b.type == "aws_organizations_policy") {
    add_org_policy(b);
  } else if (b.type == "aws_ami") {
    visit_tf(b.body, "ebs_block_device", b.path, [&](const EvalValue& d, const std::string& p) {
      if (d.kind == EvalValue::Kind::Object) add_image_volume(b, d, &d, p, p);
    });
  } else if (b.type == "aws_imagebuilder_image_recipe") {
    visit_tf(b.body, "block_device_mapping", b.path, [&](const EvalValue& d, const std::string& p) {
      if (d.kind != EvalValue::Kind::Object) return;
      visit_tf(d, "ebs", p, [&](const EvalValue& ebs, const std::string& ep) {
        if (ebs.kind == EvalValue::Kind::Object) add_image_volume(b, d, &ebs, p, ep);
      });
    });
  } else if (b.type == "aws_ebs_encryption_by_default" || b.type == "aws_ebs_default_kms_key") {
    add_ebs_default(b);
  } else if (b.type == "aws_imagebuilder_image_pipeline" || b.type == "aws_imagebuilder_image") {
    add_image_builder_link(b);
  }
}

// A block device of an image: `device` holds its device_name, `ebs` its EBS settings
// (the same block for aws_ami, the `ebs` block of an Image Builder mapping).
void TfAdapter::add_image_volume(const TfBlock& b, const EvalValue& device, const EvalValue* ebs,
                                 const std::string& path, const std::string& ebs_path) {
  ImageVolume v;
  v.resource = b.address;
  v.recipe = b.type != "aws_ami";
  v.device = tf_str(device.field("device_name"), path + ".device_name");
  v.range = v.device.known() || v.device.unknown() ? v.device.range : device.range;
  v.path = v.device.known() || v.device.unknown() ? v.device.path : path;
  if (v.range.empty()) v.range = b.anchor;
  v.encrypted = tf_bool(ebs->field("encrypted"), ebs_path + ".encrypted");
  Str snapshot = tf_str(ebs->field("snapshot_id"), ebs_path + ".snapshot_id");
  v.from_snapshot = snapshot.unknown() || (snapshot.known() && !snapshot.value.empty());
  v.kms_key_id = tf_str(ebs->field("kms_key_id"), ebs_path + ".kms_key_id");
  if (v.kms_key_id.is("")) v.kms_key_id = Str::make_absent(v.kms_key_id.range, v.kms_key_id.path);
  v.regions = b.regions;
  v.region_known = b.region_known;
  model_.image_volumes.push_back(std::move(v));
}

void TfAdapter::add_ebs_default(const TfBlock& b) {
  EbsDefault d;
  d.address = b.address;
  d.default_key = b.type == "aws_ebs_default_kms_key";
  if (!d.default_key) d.enabled = tf_bool(b.body.field("enabled"), b.path + ".enabled");
  d.regions = b.regions;
  d.region_known = b.region_known;
  model_.ebs_defaults.push_back(std::move(d));
}

// A pipeline or image that names its recipe and distribution configuration by reference.
void TfAdapter::add_image_builder_link(const TfBlock& b) {
  auto target = [&](const char* attr, const char* type) -> std::string {
    const EvalValue* v = b.body.field(attr);
    if (!v || v->kind != EvalValue::Kind::Reference) return {};
    const TfBlock* t = block(v->ref);
    return t && !t->data && t->type == type ? t->address : std::string();
  };
  ImageBuilderLink l;
  l.resource = b.address;
  l.recipe = target("image_recipe_arn", "aws_imagebuilder_image_recipe");
  l.distribution = target("distribution_configuration_arn", "aws_imagebuilder_distribution_configuration");
  if (!l.recipe.empty() && !l.distribution.empty()) model_.image_builder_links.push_back(std::move(l));
}

void TfAdapter::add_launch_permission(const TfBlock& b) {
  LaunchPermission lp;
  lp.address = b.address;
  lp.image_id = tf_str(b.body.field("image_id"), b.path + ".image_id");
  lp.group = tf_str(b.body.field("group"), b.path + ".group");
  lp.account_id = tf_str(b.body.field("account_id"), b.path + ".account_id");
  lp.org_arn = tf_str(b.body.field("organization_arn"), b.path + ".organization_arn");
  if (lp.org_arn.absent()) {
    lp.org_arn = tf_str(b.body.field("organizational_unit_arn"), b.path + ".organizational_unit_arn");
    lp.org_unit = !lp.org_arn.absent();
  }
  if (const EvalValue* v = b.body.field("image_id"); v && v->kind == EvalValue::Kind::Reference)
    if (const TfBlock* t = block(v->ref)) lp.image_ref = t->address;
  if (lp.image_id.known() && claims_ami_id(lp.image_id.value))
    model_.literals.push_back({lp.image_id, LiteralContext::LaunchPermission});
  model_.launch_permissions.push_back(std::move(lp));
}

void TfAdapter::add_distribution(const TfBlock& b) {
  DistributionConfig dc;
  dc.resource = b.address;
  dc.anchor = Origin{b.anchor, b.path + ".distribution"};
  if (b.region_known) dc.home_regions = b.regions;
  visit_tf(b.body, "distribution", b.path, [&](const EvalValue& d, const std::string& p) {
    Distribution dist;
    dist.path = p;
    dist.range = d.range;
    dist.region = tf_str(d.field("region"), p + ".region");
    if (dist.region.known()) model_.region_mentions.push_back({dist.region, "Image Builder distribution region"});
    const EvalValue* ac = d.field("ami_distribution_configuration");
    if (ac && ac->kind == EvalValue::Kind::List && !ac->items.empty()) ac = &ac->items[0];
    dist.has_ami_config = ac && ac->kind == EvalValue::Kind::Object;
    dist.container_only = !dist.has_ami_config && d.field("container_distribution_configuration");
    std::string config = p + ".ami_distribution_configuration";
    if (ac) dist.ami_config = Origin{ac->range, config};
    if (dist.has_ami_config) {
      dist.kms_key = tf_str(ac->field("kms_key_id"), config + ".kms_key_id");
      dist.kms_key_ref = key_ref(ac->field("kms_key_id"));
      for (auto& a : tf_strs(ac->field("target_account_ids"), config)) dist.accounts.push_back(a);
      visit_tf(*ac, "launch_permission", p, [&](const EvalValue& lp, const std::string&) {
        for (auto& a : tf_strs(lp.field("user_ids"), config)) dist.accounts.push_back(a);
        for (auto& g : tf_strs(lp.field("user_groups"), config + ".launch_permission.user_groups"))
          dist.user_groups.push_back(g);
      });
    }
    dc.distributions.push_back(std::move(dist));
  });
  model_.distributions.push_back(std::move(dc));
}

void TfAdapter::add_copy_rule(LifecyclePolicy& lp, const EvalValue& r, const std::string& rp) {
  CopyRule cr;
  cr.path = rp;
  cr.range = r.range;
  std::string attr = "target_region";  // provider v5.x also names it `target`
  cr.target_region = tf_str(r.field("target_region"), rp + ".target_region");
  if (!cr.target_region.known() && r.field("target")) {
    attr = "target";
    cr.target_region = tf_str(r.field("target"), rp + ".target");
  }
  if (cr.target_region.known() && starts_with(cr.target_region.value, "arn:")) cr.target_region = Str{};
  cr.encrypted = tf_bool(r.field("encrypted"), rp + ".encrypted");
  cr.cmk_arn = tf_str(r.field("cmk_arn"), rp + ".cmk_arn");
  cr.cmk_ref = key_ref(r.field("cmk_arn"));
  if (cr.target_region.known()) model_.region_mentions.push_back({cr.target_region, "DLM cross-region copy rule " + attr});
  lp.copy_rules.push_back(std::move(cr));
}

void TfAdapter::add_dlm(const TfBlock& b) {
  LifecyclePolicy lp;
  lp.resource = b.address;
  lp.anchor = Origin{b.anchor, b.path + ".policy_details"};
  const std::string& path = lp.anchor.path;
  const EvalValue* pd = b.body.field("policy_details");
  if (pd && pd->kind == EvalValue::Kind::List && !pd->items.empty()) pd = &pd->items[0];
  if (!pd || pd->kind != EvalValue::Kind::Object) return;
  lp.policy_type = tf_str(pd->field("policy_type"), path + ".policy_type");
  lp.image_policy = lp.policy_type.is("IMAGE_MANAGEMENT");
  lp.no_reboot = tf_bool(nullptr, path + ".parameters.no_reboot");
  visit_tf(*pd, "parameters", path, [&](const EvalValue& prm, const std::string&) {
    lp.no_reboot = tf_bool(prm.field("no_reboot"), path + ".parameters.no_reboot");
  });
  visit_tf(*pd, "schedule", path, [&](const EvalValue& sched, const std::string& sp) {
    visit_tf(sched, "cross_region_copy_rule", sp, [&](const EvalValue& r, const std::string& rp) { add_copy_rule(lp, r, rp); });
    visit_tf(sched, "share_rule", sp, [&](const EvalValue& r, const std::string&) {
      for (auto& a : tf_strs(r.field("target_accounts"), path + ".share_rule")) lp.share_accounts.push_back(a);
    });
  });
  if (b.region_known) lp.home_regions = b.regions;
  model_.lifecycle_policies.push_back(std::move(lp));
}

void TfAdapter::add_setting(const TfBlock& b, SettingKind kind, const EvalValue* state, const std::string& path,
                            bool policy) {
  if (!state || !state->known()) return;
  AccountSetting s;
  s.kind = kind;
  s.state = tf_str(state, path);
  s.state.value = normalized_state(s.state.value);
  s.resource = b.address;
  s.org_policy = policy;
  model_.settings.push_back(std::move(s));
}

// aws_organizations_policy of type DECLARATIVE_POLICY_EC2: content is a JSON document
// in a string; findings point at the content value, or at the state value itself when
// the content is written verbatim (a heredoc body).
void TfAdapter::add_org_policy(const TfBlock& b) {
  const EvalValue* t = b.body.field("type");
  const EvalValue* content = b.body.field("content");
  if (!t || !t->known() || t->text != "DECLARATIVE_POLICY_EC2" || !content || !content->known()) return;
  Document doc = load_json(content->text, "");
  for (const auto& s : declarative_policy_settings(doc.root)) {
    EvalValue v;
    v.kind = EvalValue::Kind::String;
    v.text = s.state->text;
    v.range = content->range;
    const Range& r = s.state->range;
    if (content->range.end - content->range.begin == content->text.size() && r.end <= content->text.size())
      v.range = Range{content->range.begin + r.begin, content->range.begin + r.end, content->range.file};
    add_setting(b, s.kind, &v, b.path + ".content.ec2_attributes." + s.key + ".state", true);
  }
}

}  // namespace amilint
