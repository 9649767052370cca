// The provider-neutral Model of AMI facts that every adapter produces and every rule
// reads. Rules never see loader types or formats: values carry their state and origin
// (model/value.h), and the adapter's Syntax (model/syntax.h) says how the format
// writes what messages name.
#pragma once
#include <map>
#include <utility>
#include <string>
#include <vector>

#include "linter/filter/suppress.h"
#include "linter/model/syntax.h"
#include "linter/model/value.h"

namespace amilint {

// Registry: an artifact registry (data "hcp_packer_artifact"), whose AMI is in its region.
enum class SourceKind { Literal, Parameter, RegionMap, Ssm, Lookup, Managed, Registry, Unresolved };
const char* source_kind_name(SourceKind k);

// What an AMI slot accepts besides a plain AMI ID.
enum SlotAccept : unsigned {
  kAcceptsResolveSsm = 1u << 0,   // `resolve:ssm:NAME` (launch templates)
  kAcceptsImageBuilder = 1u << 1, // `ssm:` paths, ARNs, Marketplace products (recipes)
  kAcceptsAlias = 1u << 2,        // image aliases (Cloud9)
};

// One possible value of an AMI slot (a slot may have several, e.g. Fn::If). Its origin
// is the expression in the slot that produced it, with the slot's path.
struct AmiSource : Origin {
  SourceKind kind = SourceKind::Unresolved;
  // Literal: the text; Parameter: its default; Ssm: the parameter path. Unknown with
  // the reason when it cannot be resolved (Unresolved, a parameter without default).
  Str value;
  std::string param;    // Parameter (and SSM-typed parameters): its name
  int region_map = -1;  // RegionMap: index into Model::region_maps
  std::vector<std::string> map_keys;  // RegionMap: the possible non-region keys
  bool map_keys_known = false;
  bool map_has_default = false;  // RegionMap: a DefaultValue covers missing entries
  // The DefaultValue of a region-map read (CloudFormation Fn::FindInMap): used only in
  // the regions where region_maps[default_for_map] has no entry for default_keys.
  int default_for_map = -1;
  std::vector<std::string> default_keys;
  bool ssm_public = false;       // an AWS public parameter (/aws/service/...)
  bool from_default = false;     // the value is a parameter's default, users may override it
  // ... or the value a parameter file gives it (`--parameters`): judged as a default
  // is (what this deployment uses), named as the parameter's value, not a default.
  bool given = false;
  // CloudFormation: the value is written in a parent template, which passes it to this
  // nested stack's parameter; `path` is where (Resources/X/Properties/Parameters/P).
  bool passed = false;
  // Literal read from a mapping cell with fixed keys (Fn::FindInMap [Map, k1, k2]):
  // the lookup in the slot, not the cell, is what launches it.
  bool from_mapping = false;
  int mapping_region_map = -1;   // ... that mapping is this region map (else -1)
  std::string mapping_region;    // ... and the cell is in this region's row
  // Terraform: Lookup (data "aws_ami", "aws_ami_ids", "aws_ssm_parameter") and Managed
  // (aws_ami, aws_ami_copy, aws_ami_from_instance, Image Builder images) sources.
  std::string ref_address;            // e.g. data.aws_ami.web, aws_ami_copy.dr
  int lookup = -1;                    // index into Model::lookups
  int copy = -1;                      // index into Model::copies
  std::vector<std::string> ref_regions;  // the source's effective region
  bool ref_region_known = false;
  bool ref_image_builder = false;     // the source is an Image Builder image
  std::string registry_bucket;        // Registry: the HCP Packer bucket it reads, when known
  // Terraform RegionMap: the regions the map is read at (the key's value, else the
  // slot's effective region); with the DR regions, where it needs an entry.
  std::vector<std::string> map_regions;
  std::string reason;                 // Unresolved (or a parameter without default): why
};

// An AMI slot: range and path of its value.
struct AmiUse : Origin {
  std::string resource;       // logical name or address
  std::string resource_type;  // AWS::EC2::Instance, aws_instance, ...
  std::string slot_name;      // how messages name the slot: "AWS::EC2::Instance ImageId", "ami of aws_instance.web"
  unsigned accepts = 0;       // SlotAccept flags
  std::vector<AmiSource> sources;
  std::vector<std::string> regions;  // where it launches (CloudFormation: the deploy regions)
  bool region_known = false;         // false: region-portable or unresolved
  bool regions_from_deploy = false;  // regions are the deploy regions (bound by bind_deploy_regions)
  // The image a Packer build launches to make its own: needed in the build region only,
  // not in the DR regions (the image the build makes is judged there: Model::builds).
  bool build_source = false;
};

struct Parameter {
  std::string name;
  Origin name_at;
  std::string path;
  Str type;
  Str default_value;  // its Default, or the value a parameter file gives (given)
  bool given = false;
  std::vector<std::string> allowed_values;
  bool feeds_ami_slot = false;
};

// A mapping used (or shaped) as region -> key -> value.
struct RegionMap {
  std::string name;
  Origin name_at;                 // the map's name (path: the map)
  std::string path;
  bool used_with_region = false;  // Fn::FindInMap with AWS::Region somewhere
  bool regions_top = true;        // regions are the first-level keys
  struct Row : Origin {           // the region key
    std::string region;
    std::vector<std::pair<std::string, Str>> values;  // other key -> value (path: the cell)
    const Str* find(const std::string& key) const {
      for (const auto& kv : values)
        if (kv.first == key) return &kv.second;
      return nullptr;
    }
  };
  std::vector<Row> rows;
  std::map<std::string, Origin> key_ranges;  // regions second-level: the first-level keys
  const Row* row(const std::string& region) const {
    for (const auto& r : rows)
      if (r.region == region) return &r;
    return nullptr;
  }
};

enum class LiteralContext { Slot, RegionMap, ParameterDefault, LaunchPermission, CopySource, Mapping };

// Every literal that is, or claims to be, an AMI ID (for AMI001).
struct AmiLiteral {
  Str value;
  LiteralContext context = LiteralContext::Slot;
};

// A value that CloudFormation computes from the deploy region: `AWS::Region` itself,
// or an ARN built with Fn::Sub. Its Str is bound to the Model's deploy regions
// (eval/cfn.h, bind_deploy_regions): known when that gives one value.
struct DeployRegionExpr {
  bool is_region = false;    // {"Ref": "AWS::Region"}
  std::string arn_template;  // an Fn::Sub ARN template
  bool any() const { return is_region || !arn_template.empty(); }
};

// Terraform: a KMS key given by reference (aws_kms_key.primary.arn): the key's block
// and its effective region, when known.
struct KeyRef {
  std::string address;
  std::string region;
  bool known() const { return !region.empty(); }
};

struct Distribution : Origin {  // the distribution item
  Str region;
  DeployRegionExpr region_expr;
  bool has_ami_config = false;
  bool container_only = false;
  Origin ami_config;  // the AMI distribution configuration (its key)
  Str kms_key;
  DeployRegionExpr kms_key_expr;
  KeyRef kms_key_ref;
  std::vector<Str> user_groups;
  std::vector<Str> accounts;  // target accounts and launch permission user IDs
};

struct DistributionConfig {
  std::string resource;
  Origin anchor;  // the distributions, where a missing region is reported
  std::vector<Distribution> distributions;
  // Where its AMIs are built, so available without a distribution (Terraform: its
  // effective region; CloudFormation: the deploy region); empty when not known.
  std::vector<std::string> home_regions;
  bool home_from_deploy = false;  // bound to the deploy regions by bind_deploy_regions
};

struct CopyRule : Origin {
  Str target_region;
  DeployRegionExpr target_region_expr;
  Bool encrypted;
  Str cmk_arn;
  DeployRegionExpr cmk_arn_expr;
  KeyRef cmk_ref;
};

struct LifecyclePolicy {
  std::string resource;
  Origin anchor;  // where a missing DR copy is reported (path: the policy details)
  Str policy_type;
  bool image_policy = false;  // IMAGE_MANAGEMENT: it creates AMIs
  Bool no_reboot;
  std::vector<CopyRule> copy_rules;
  std::vector<Str> share_accounts;
  // Where it creates its AMIs, so available without a copy (Terraform: the policy's
  // effective region; CloudFormation: the deploy region); empty when not known.
  std::vector<std::string> home_regions;
  bool home_from_deploy = false;  // bound to the deploy regions by bind_deploy_regions
};

enum class SettingKind { ImageBlockPublicAccess, AllowedImages };
struct AccountSetting {
  SettingKind kind;
  Str state;  // normalized to lowercase with '_' as '-'
  std::string resource;
  bool org_policy = false;  // an EC2 declarative policy (which spells values with '_')
};

struct RegionMention {
  Str region;
  std::string what;  // "region map key", "DLM TargetRegion", ...
  bool bound = false;  // a deploy region bound into a DeployRegionExpr
};

// A StackSet deploys the template at template_url to these regions.
struct StackSetRef {
  std::string template_url;
  std::vector<std::string> regions;
};

// Terraform: data "aws_ami" / "aws_ami_ids" (and their plan counterparts).
struct AmiLookup {
  std::string address;  // data.aws_ami.web
  Origin anchor;        // the block's name label (or the plan address), where findings go
  bool ids = false;     // aws_ami_ids
  StrList owners;
  bool owner_filter = false;  // a filter on owner-id, owner-alias or image-id
  Bool most_recent;
  Str name_regex;
  bool wildcard_name = false;  // a "name" filter value with * or ?
  std::vector<Str> names;      // the known "name" filter values (globs)
  Bool include_deprecated;
  Bool allow_unsafe_filter;
  std::vector<std::string> regions;  // effective region
  bool region_known = false;

  // The lookup restricts owners (an owners list that is not empty).
  bool has_owners() const { return !owners.absent() && !(owners.known() && owners.items.empty()); }
};

// Terraform: aws_ami_copy. The copy is made in its effective region.
struct AmiCopy {
  std::string address;
  Origin anchor;
  Str source_ami_id;           // a literal ID when known
  std::string source_ref;      // or the address it references (aws_ami.x, data.aws_ami.y)
  Str source_ami_region;
  Bool encrypted;
  Str kms_key_id;
  KeyRef kms_key_ref;
  std::vector<std::string> regions;  // effective region (the destination)
  bool region_known = false;
};

// Terraform: aws_ami_launch_permission; Packer: each ami_users / ami_groups entry
// (and, as snapshot permissions, each snapshot_users / snapshot_groups entry).
struct LaunchPermission {
  std::string address;
  Str image_id;
  std::string image_ref;  // Terraform: the block image_id references (aws_ami_copy.dr), if any
  Str group;
  Str account_id;
  Str org_arn;  // an organization or organizational unit ARN (Packer ami_org_arns, ami_ou_arns)
  bool org_unit = false;  // org_arn names an organizational unit
  bool snapshot = false;  // a permission to create volumes from the image's snapshots
};

// Packer: an Amazon builder that makes an AMI in its build region and copies it to
// its ami_regions (each copy is also a Model::copies entry).
struct ImageBuild {
  std::string address;  // source.amazon-ebs.NAME
  Origin anchor;        // the builder
  std::vector<std::string> regions;  // the build region
  bool region_known = false;
  Origin copies_at;     // ami_regions, or the builder when it is not set
  std::vector<std::string> copy_regions;  // ami_regions entries
  bool copies_known = false;  // ami_regions absent or every entry known
  Str kms_key_id;       // the key of the build region's image
  Str ami_name;         // known when every part of it is
  // The names the image can have: ami_name, or a glob of it with '*' for each part
  // known only when Packer runs (`golden-web-*`); empty when nothing of it is known.
  std::string name_pattern;
  std::string hcp_bucket;  // the HCP Packer registry bucket it is published to, if any
  Bool encrypted;          // encrypt_boot (absent: keeps the source image's encryption)
  Str source_ami;          // the source image when written as an ID (no filter or data source)
};

// A block device of an image a template makes: an aws_ami ebs_block_device, or the EBS
// settings of an Image Builder recipe's block device mapping. Its origin is the device
// name (the block when it has none).
struct ImageVolume : Origin {
  std::string resource;  // aws_ami.golden, the recipe's logical name or address
  bool recipe = false;   // an Image Builder image recipe (else an aws_ami)
  Str device;            // the device name
  Bool encrypted;
  // A snapshot_id is set (or not known): the volume is restored from that snapshot
  // and keeps its encryption, whatever `encrypted` says.
  bool from_snapshot = false;
  Str kms_key_id;        // Image Builder recipes: the key of the volume
  std::vector<std::string> regions;  // effective region (Terraform; CloudFormation: not known)
  bool region_known = false;
};

// Terraform: an account's EBS default in a region: encryption by default
// (aws_ebs_encryption_by_default), or the default KMS key of new encrypted volumes,
// snapshots and copies (aws_ebs_default_kms_key).
struct EbsDefault {
  std::string address;
  bool default_key = false;  // aws_ebs_default_kms_key (else aws_ebs_encryption_by_default)
  Bool enabled;              // aws_ebs_encryption_by_default `enabled` (absent: true)
  std::vector<std::string> regions;  // effective region
  bool region_known = false;
};

// Image Builder: a pipeline or an image that builds a recipe and distributes what it
// builds with a distribution configuration (names as in ImageVolume::resource and
// DistributionConfig::resource).
struct ImageBuilderLink {
  std::string resource;
  std::string recipe;
  std::string distribution;
};

// An image created from an instance (aws_ami_from_instance).
struct ImageFromInstance {
  std::string address;
  Bool no_reboot;  // snapshot_without_reboot
};

struct Model {
  const Syntax* syntax = nullptr;  // how the format writes what messages name
  std::vector<AmiUse> uses;
  std::vector<Parameter> parameters;
  std::vector<RegionMap> region_maps;
  std::vector<AmiLiteral> literals;
  std::vector<DistributionConfig> distributions;
  std::vector<LifecyclePolicy> lifecycle_policies;
  std::vector<AccountSetting> settings;
  std::vector<RegionMention> region_mentions;
  std::vector<std::string> deploy_regions;  // CloudFormation: declared regions (empty: portable)
  std::vector<StackSetRef> stacksets;
  // Block-scoped suppressions the adapter found (CFN Metadata, Terraform JSON "//").
  std::vector<Suppression> suppressions;
  std::vector<AmiLookup> lookups;
  std::vector<AmiCopy> copies;
  std::vector<LaunchPermission> launch_permissions;
  std::vector<ImageFromInstance> images_from_instances;
  std::vector<ImageBuild> builds;
  std::vector<ImageVolume> image_volumes;
  std::vector<EbsDefault> ebs_defaults;
  std::vector<ImageBuilderLink> image_builder_links;
  // CloudFormation synthesized by the AWS CDK: the construct path of each logical ID
  // (a resource's Metadata `aws:cdk:path`), by the file it is in.
  std::map<std::pair<uint32_t, std::string>, std::string> construct_paths;

  const Parameter* parameter(const std::string& name) const {
    for (const auto& p : parameters)
      if (p.name == name) return &p;
    return nullptr;
  }
};

// The logical path of where a source's value is written: the slot's, or for a value a
// parent stack passes, the parent's parameter value.
inline const std::string& value_path(const AmiUse& use, const AmiSource& s) { return s.passed ? s.path : use.path; }

// The regions a source is launched in: the slot's, but for a region-map read's
// DefaultValue only those the map has no entry for.
std::vector<std::string> source_regions(const Model& m, const AmiUse& use, const AmiSource& s);

// AMI ID shape: "ami-" followed by exactly 8 or 17 lowercase hex digits.
bool is_ami_id(const std::string& s);
// Starts with "ami-" in any case.
bool claims_ami_id(const std::string& s);
// An AWS account ID: exactly 12 digits.
bool is_account_id(const std::string& s);
// An AWS Organizations ARN: arn:PARTITION:organizations::ACCOUNT:organization/o-ID, or
// (unit) arn:PARTITION:organizations::ACCOUNT:ou/o-ID/ou-ROOT-ID.
bool is_org_arn(const std::string& s, bool unit);
// The region of an ARN (arn:partition:service:REGION:...), or empty.
std::string arn_region(const std::string& arn);

}  // namespace amilint
