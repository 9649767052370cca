#include "linter/adapt/terraform.h"

#include <algorithm>
#include <cctype>
#include <functional>

#include "linter/adapt/cfn.h"
#include "linter/load/loaders.h"

namespace amilint {

namespace {

bool starts_with(const std::string& s, std::string_view p) {
  return s.size() >= p.size() && s.compare(0, p.size(), p) == 0;
}

Str str_of(const TfValue* v) {
  Str s;
  if (!v) return s;
  s.range = v->range;
  if (v->known() || (v->kind == TfValue::Kind::Reference && !v->text.empty())) {
    s.value = v->text;
    s.known = v->known();
  }
  return s;
}

// Every known string in a value that is a string or a list of strings.
std::vector<Str> strs_of(const TfValue* v, bool* all_known = nullptr) {
  std::vector<Str> out;
  if (all_known) *all_known = true;
  if (!v) return out;
  if (v->kind == TfValue::Kind::List) {
    for (const auto& i : v->items) {
      if (i.known()) out.push_back(str_of(&i));
      else if (all_known) *all_known = false;
    }
  } else if (v->known()) {
    out.push_back(str_of(v));
  } else if (all_known && v->kind != TfValue::Kind::Null) {
    *all_known = false;
  }
  return out;
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

class Adapter {
 public:
  Adapter(const TfView& view, Format format) : view_(view) {
    model_.format = format;
  }

  Model run() {
    for (const auto& m : view_.region_mentions)
      model_.region_mentions.push_back({Str{m.region, m.range, true}, m.path, m.what});
    // Sources first, so that uses can link to them.
    for (const auto& b : view_.blocks) {
      if (b.data && (b.type == "aws_ami" || b.type == "aws_ami_ids")) add_lookup(b);
      else if (!b.data && b.type == "aws_ami_copy") add_copy(b);
    }
    for (const auto& b : view_.blocks) {
      if (b.data) continue;
      for (const auto& spec : kSlots)
        if (b.type == spec.type) visit(b.body, spec.path, b.path, [&](const TfValue& v, const std::string& p) {
            add_use(b, p, v, spec.accepts);
          });
      if (b.type == "aws_ssm_parameter") {
        const TfValue* dt = b.body.field("data_type");
        if (dt && dt->known() && dt->text == "aws:ec2:image")
          if (const TfValue* v = b.body.field("value")) add_use(b, b.path + ".value", *v, 0);
      } else if (b.type == "aws_elastic_beanstalk_environment") {
        visit(b.body, "setting", b.path, [&](const TfValue& s, const std::string& p) {
          const TfValue* ns = s.field("namespace");
          const TfValue* nm = s.field("name");
          if (ns && nm && ns->known() && nm->known() && ns->text == "aws:autoscaling:launchconfiguration" &&
              nm->text == "ImageId")
            if (const TfValue* v = s.field("value")) add_use(b, p + ".value", *v, 0);
        });
      } else if (b.type == "aws_ami_launch_permission") {
        LaunchPermission lp;
        lp.address = b.address;
        lp.path = b.path;
        lp.image_id = str_of(b.body.field("image_id"));
        lp.group = str_of(b.body.field("group"));
        lp.account_id = str_of(b.body.field("account_id"));
        if (lp.image_id.known && claims_ami_id(lp.image_id.value))
          model_.literals.push_back({lp.image_id, b.path + ".image_id", LiteralContext::LaunchPermission});
        model_.launch_permissions.push_back(std::move(lp));
      } else if (b.type == "aws_ami_from_instance") {
        ImageFromInstance i;
        i.address = b.address;
        i.path = b.path;
        i.anchor = b.anchor;
        i.no_reboot = str_of(b.body.field("snapshot_without_reboot"));
        model_.images_from_instances.push_back(std::move(i));
      } else if (b.type == "aws_imagebuilder_distribution_configuration") {
        add_distribution(b);
      } else if (b.type == "aws_dlm_lifecycle_policy") {
        add_dlm(b);
      } else if (b.type == "aws_ec2_image_block_public_access") {
        add_setting(b, SettingKind::ImageBlockPublicAccess, b.body.field("state"), b.path + ".state");
      } else if (b.type == "aws_ec2_allowed_images_settings") {
        add_setting(b, SettingKind::AllowedImages, b.body.field("state"), b.path + ".state");
      } else if (b.type == "aws_organizations_policy") {
        add_org_policy(b);
      }
    }
    return std::move(model_);
  }

 private:
  const TfView& view_;
  Model model_;

  const TfBlock* block(const std::string& address) const {
    for (const auto& b : view_.blocks)
      if (b.address == address) return &b;
    return nullptr;
  }

  // Visits every value at a dotted path. Lists on the way (repeated nested blocks) are
  // iterated; at the end, a list of objects (nested blocks) is visited block by block.
  void visit(const TfValue& v, const std::string& spec, const std::string& path,
             const std::function<void(const TfValue&, const std::string&)>& fn, size_t pos = 0) {
    bool blocks = v.kind == TfValue::Kind::List && !v.items.empty() &&
                  std::all_of(v.items.begin(), v.items.end(),
                              [](const TfValue& i) { return i.kind == TfValue::Kind::Object; });
    if (pos >= spec.size()) {
      if (!blocks) {
        fn(v, path);
        return;
      }
      for (size_t i = 0; i < v.items.size(); ++i) fn(v.items[i], path + "[" + std::to_string(i) + "]");
      return;
    }
    if (v.kind == TfValue::Kind::List) {
      for (size_t i = 0; i < v.items.size(); ++i)
        visit(v.items[i], spec, path + "[" + std::to_string(i) + "]", fn, pos);
      return;
    }
    if (v.kind != TfValue::Kind::Object) return;
    size_t dot = spec.find('.', pos);
    std::string seg = spec.substr(pos, dot == std::string::npos ? std::string::npos : dot - pos);
    const TfValue* child = v.field(seg);
    if (!child || child->kind == TfValue::Kind::Null) return;
    visit(*child, spec, path + "." + seg, fn, dot == std::string::npos ? spec.size() : dot + 1);
  }

  static void set_region(const TfBlock& b, std::vector<std::string>& regions, bool& known) {
    regions = b.regions;
    known = b.region_known;
  }

  void add_lookup(const TfBlock& b) {
    AmiLookup l;
    l.address = b.address;
    l.path = b.path;
    l.anchor = b.anchor;
    l.ids = b.type == "aws_ami_ids";
    set_region(b, l.regions, l.region_known);
    if (const TfValue* o = b.body.field("owners"); o && o->kind != TfValue::Kind::Null) {
      l.has_owners = !(o->kind == TfValue::Kind::List && o->items.empty());
      l.owners = strs_of(o, &l.owners_known);
    }
    visit(b.body, "filter", b.path, [&](const TfValue& f, const std::string&) {
      const TfValue* name = f.field("name");
      if (!name || !name->known()) return;
      if (name->text == "owner-id" || name->text == "owner-alias" || name->text == "image-id") l.owner_filter = true;
      if (name->text == "name")
        for (const auto& v : strs_of(f.field("values")))
          if (v.value.find_first_of("*?") != std::string::npos) {
            l.wildcard_name = true;
            l.name_filter = v.range;
          }
    });
    l.most_recent = str_of(b.body.field("most_recent"));
    l.name_regex = str_of(b.body.field("name_regex"));
    l.include_deprecated = str_of(b.body.field("include_deprecated"));
    l.allow_unsafe_filter = str_of(b.body.field("allow_unsafe_filter"));
    model_.lookups.push_back(std::move(l));
  }

  void add_copy(const TfBlock& b) {
    AmiCopy c;
    c.address = b.address;
    c.path = b.path;
    c.anchor = b.anchor;
    set_region(b, c.regions, c.region_known);
    const TfValue* src = b.body.field("source_ami_id");
    c.source_ami_id = str_of(src);
    if (src && src->kind == TfValue::Kind::Reference) {
      c.source_ref = src->ref;
      if (!src->text.empty()) {
        c.source_ami_id.value = src->text;
        c.source_ami_id.known = true;
      }
    }
    if (c.source_ami_id.known && claims_ami_id(c.source_ami_id.value) && !src->range.empty() &&
        src->kind != TfValue::Kind::Reference)
      model_.literals.push_back({c.source_ami_id, b.path + ".source_ami_id", LiteralContext::CopySource});
    c.source_ami_region = str_of(b.body.field("source_ami_region"));
    if (c.source_ami_region.known)
      model_.region_mentions.push_back({c.source_ami_region, b.path + ".source_ami_region", "source_ami_region"});
    // A source region written elsewhere (a variable default, tfvars, a local shared with
    // a provider) is not where this copy goes wrong: findings about the copy go to it.
    const Range& body = b.body.range;
    const Range& sr = c.source_ami_region.range;
    if (c.source_ami_region.known && !body.empty() &&
        (sr.file != body.file || sr.begin < body.begin || sr.end > body.end))
      c.source_ami_region.range = c.anchor;
    c.encrypted = str_of(b.body.field("encrypted"));
    c.kms_key_id = str_of(b.body.field("kms_key_id"));
    model_.copies.push_back(std::move(c));
  }

  AmiSource resolve(const TfValue& v, unsigned accepts) {
    AmiSource s;
    s.range = v.range;
    s.value = str_of(&v);
    switch (v.kind) {
      case TfValue::Kind::String:
      case TfValue::Kind::Number:
      case TfValue::Kind::Bool:
        if (starts_with(v.text, "resolve:ssm:") && (accepts & kAcceptsResolveSsm)) {
          s.kind = SourceKind::Ssm;
          s.value.value = v.text.substr(12);
          s.ssm_public = starts_with(s.value.value, "/aws/service/");
        } else {
          s.kind = SourceKind::Literal;
        }
        return s;
      case TfValue::Kind::Reference: {
        const TfBlock* target = block(v.ref);
        if (!target) {
          s.kind = SourceKind::Unresolved;
          s.reason = v.reason.empty() ? "'" + v.ref + "' is not a block of this configuration" : v.reason;
          return s;
        }
        s.ref_address = target->address;
        s.ref_regions = target->regions;
        s.ref_region_known = target->region_known;
        if (target->data && (target->type == "aws_ami" || target->type == "aws_ami_ids")) {
          s.kind = SourceKind::Lookup;
          for (size_t i = 0; i < model_.lookups.size(); ++i)
            if (model_.lookups[i].address == target->address) s.lookup = static_cast<int>(i);
        } else if (target->data && target->type == "aws_ssm_parameter") {
          s.kind = SourceKind::Ssm;
          Str name = str_of(target->body.field("name"));
          s.ssm_public = name.known && starts_with(name.value, "/aws/service/");
          if (name.known) s.value.value = name.value;
        } else if (!target->data && (target->type == "aws_ami" || target->type == "aws_ami_copy" ||
                                     target->type == "aws_ami_from_instance" ||
                                     target->type == "aws_imagebuilder_image")) {
          s.kind = SourceKind::Managed;
          for (size_t i = 0; i < model_.copies.size(); ++i)
            if (model_.copies[i].address == target->address) s.copy = static_cast<int>(i);
        } else {
          s.kind = SourceKind::Unresolved;
          s.reason = "an attribute of " + target->address;
        }
        return s;
      }
      case TfValue::Kind::Null:
        s.kind = SourceKind::Unresolved;
        s.reason = "null";
        return s;
      default:
        s.kind = SourceKind::Unresolved;
        s.reason = v.reason.empty() ? "a value known only at apply time" : v.reason;
        return s;
    }
  }

  void add_use(const TfBlock& b, const std::string& path, const TfValue& v, unsigned accepts) {
    if (v.kind == TfValue::Kind::Null) return;
    AmiUse use;
    use.resource = b.address;
    use.resource_type = b.type;
    use.path = path;
    use.range = v.range;
    use.accepts = accepts;
    use.regions = b.regions;
    use.region_known = b.region_known;
    use.sources.push_back(resolve(v, accepts));
    const AmiSource& s = use.sources.back();
    if (s.kind == SourceKind::Literal && s.value.known && claims_ami_id(s.value.value))
      model_.literals.push_back({s.value, path, LiteralContext::Slot});
    model_.uses.push_back(std::move(use));
  }

  void add_distribution(const TfBlock& b) {
    DistributionConfig dc;
    dc.resource = b.address;
    dc.path = b.path + ".distribution";
    dc.anchor = b.anchor;
    visit(b.body, "distribution", b.path, [&](const TfValue& d, const std::string& p) {
      Distribution dist;
      dist.path = p;
      dist.range = d.range;
      dist.region = str_of(d.field("region"));
      if (dist.region.known) model_.region_mentions.push_back({dist.region, p + ".region", "Image Builder distribution region"});
      const TfValue* ac = d.field("ami_distribution_configuration");
      if (ac && ac->kind == TfValue::Kind::List && !ac->items.empty()) ac = &ac->items[0];
      dist.has_ami_config = ac && ac->kind == TfValue::Kind::Object;
      dist.container_only = !dist.has_ami_config && d.field("container_distribution_configuration");
      if (ac) dist.ami_config_key = ac->range;
      if (dist.has_ami_config) {
        const TfValue* k = ac->field("kms_key_id");
        dist.kms_key = str_of(k);
        if (k && k->kind == TfValue::Kind::Null) dist.kms_key.range = Range{};
        for (auto& a : strs_of(ac->field("target_account_ids"))) dist.accounts.push_back(a);
        visit(*ac, "launch_permission", p, [&](const TfValue& lp, const std::string&) {
          for (auto& a : strs_of(lp.field("user_ids"))) dist.accounts.push_back(a);
          for (auto& g : strs_of(lp.field("user_groups"))) dist.user_groups.push_back(g);
        });
      }
      dc.distributions.push_back(std::move(dist));
    });
    model_.distributions.push_back(std::move(dc));
  }

  void add_dlm(const TfBlock& b) {
    LifecyclePolicy lp;
    lp.resource = b.address;
    lp.path = b.path + ".policy_details";
    lp.anchor = b.anchor;
    const TfValue* pd = b.body.field("policy_details");
    if (pd && pd->kind == TfValue::Kind::List && !pd->items.empty()) pd = &pd->items[0];
    if (!pd || pd->kind != TfValue::Kind::Object) return;
    lp.policy_type = str_of(pd->field("policy_type"));
    lp.image_policy = lp.policy_type.known && lp.policy_type.value == "IMAGE_MANAGEMENT";
    visit(*pd, "parameters", lp.path, [&](const TfValue& prm, const std::string&) {
      lp.no_reboot = str_of(prm.field("no_reboot"));
    });
    visit(*pd, "schedule", lp.path, [&](const TfValue& sched, const std::string& sp) {
      visit(sched, "cross_region_copy_rule", sp, [&](const TfValue& r, const std::string& rp) {
        CopyRule cr;
        cr.path = rp;
        cr.range = r.range;
        cr.target_region = str_of(r.field("target_region"));
        std::string attr = "target_region";  // provider v5.x also names it `target`
        if (!cr.target_region.known && r.field("target")) {
          cr.target_region = str_of(r.field("target"));
          attr = "target";
        }
        if (cr.target_region.known && starts_with(cr.target_region.value, "arn:")) cr.target_region = Str{};
        cr.encrypted = str_of(r.field("encrypted"));
        cr.cmk_arn = str_of(r.field("cmk_arn"));
        if (cr.target_region.known)
          model_.region_mentions.push_back({cr.target_region, rp + "." + attr, "DLM cross-region copy rule " + attr});
        lp.copy_rules.push_back(std::move(cr));
      });
      visit(sched, "share_rule", sp, [&](const TfValue& r, const std::string&) {
        for (auto& a : strs_of(r.field("target_accounts"))) lp.share_accounts.push_back(a);
      });
    });
    // The policy creates its AMIs in its own effective region, so they are available
    // there without a copy (AMI020 must not ask for a copy rule to that region). It is
    // recorded as a copy target with nothing to judge: no encryption setting, no key.
    if (lp.image_policy && b.region_known && b.regions.size() == 1) {
      CopyRule own;
      own.target_region = Str{b.regions[0], b.region_range.empty() ? b.anchor : b.region_range, true};
      own.range = b.anchor;
      own.path = lp.path;
      lp.copy_rules.push_back(std::move(own));
    }
    model_.lifecycle_policies.push_back(std::move(lp));
  }

  void add_setting(const TfBlock& b, SettingKind kind, const TfValue* state, const std::string& path) {
    if (!state || !state->known()) return;
    AccountSetting s;
    s.kind = kind;
    s.state = str_of(state);
    std::replace(s.state.value.begin(), s.state.value.end(), '_', '-');
    for (auto& c : s.state.value) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    s.path = path;
    s.resource = b.address;
    model_.settings.push_back(std::move(s));
  }

  // aws_organizations_policy of type DECLARATIVE_POLICY_EC2: content is a JSON document
  // in a string; findings point at the content value.
  void add_org_policy(const TfBlock& b) {
    const TfValue* t = b.body.field("type");
    const TfValue* content = b.body.field("content");
    if (!t || !t->known() || t->text != "DECLARATIVE_POLICY_EC2" || !content || !content->known()) return;
    Document doc = load_json(content->text, "");
    if (!doc.root || !doc.root->is_map()) return;
    const Node* attrs = doc.root->get("ec2_attributes");
    if (!attrs || !attrs->is_map()) return;
    for (auto [key, kind] : {std::pair<const char*, SettingKind>{"image_block_public_access", SettingKind::ImageBlockPublicAccess},
                             {"allowed_images_settings", SettingKind::AllowedImages}}) {
      const Node* st = declarative_policy_state(attrs, key);
      if (!st || !st->is_scalar()) continue;
      TfValue v;
      v.kind = TfValue::Kind::String;
      v.text = st->text;
      v.range = content->range;
      // Content written verbatim (a heredoc body): point at the state value itself.
      if (content->range.end - content->range.begin == content->text.size() && st->range.end <= content->text.size())
        v.range = Range{content->range.begin + st->range.begin, content->range.begin + st->range.end,
                        content->range.file};
      add_setting(b, kind, &v, b.path + ".content.ec2_attributes." + key + ".state");
    }
  }
};

}  // namespace

Model adapt_terraform(const TfView& view, Format format, const LintOptions& options) {
  (void)options;  // the view is already evaluated with them
  return Adapter(view, format).run();
}

}  // namespace amilint
