// The provider-neutral Model of AMI facts that every adapter produces and every
// rule reads. Rules never see loader types; each value carries its source range.
#pragma once
#include <map>
#include <string>
#include <vector>

#include "linter/source/source.h"
#include "linter/filter/suppress.h"

namespace amilint {

// A value from the template with where it came from. `known` is false when the
// value could not be resolved; predicates on unknown values must be false.
template <class T>
struct Value {
  T value{};
  Range range;
  bool known = false;
};
using Str = Value<std::string>;

enum class Format { CfnYaml, CfnJson, TfHcl, TfJson, TfPlan };
const char* format_name(Format f);
inline bool is_cfn(Format f) { return f == Format::CfnYaml || f == Format::CfnJson; }

enum class SourceKind { Literal, Parameter, RegionMap, Ssm, Lookup, Managed, Unresolved };
const char* source_kind_name(SourceKind k);

// What an AMI slot accepts besides a plain AMI ID.
enum SlotAccept : unsigned {
  kAcceptsResolveSsm = 1u << 0,   // `resolve:ssm:NAME` (launch templates)
  kAcceptsImageBuilder = 1u << 1, // `ssm:` paths, ARNs, Marketplace products (recipes)
  kAcceptsAlias = 1u << 2,        // image aliases (Cloud9)
};

// One possible value of an AMI slot (a slot may have several, e.g. Fn::If).
struct AmiSource {
  SourceKind kind = SourceKind::Unresolved;
  Str value;            // Literal: the text; Parameter: its default; Ssm: the parameter path
  Range range;          // the expression in the slot that produced this source
  std::string param;    // Parameter: name
  int region_map = -1;  // RegionMap: index into Model::region_maps
  std::vector<std::string> map_keys;  // RegionMap: the possible non-region keys
  bool map_keys_known = false;
  bool map_has_default = false;  // RegionMap: a DefaultValue covers missing entries
  bool ssm_public = false;  // an AWS public parameter (/aws/service/...)
  bool from_default = false;  // the value is a parameter's default, users may override it
  std::string reason;   // Unresolved: why
  // Terraform: Lookup (data "aws_ami", "aws_ami_ids", "aws_ssm_parameter") and Managed
  // (aws_ami, aws_ami_copy, aws_ami_from_instance, Image Builder images) sources.
  std::string ref_address;            // e.g. data.aws_ami.web, aws_ami_copy.dr
  int lookup = -1;                    // index into Model::lookups
  int copy = -1;                      // index into Model::copies
  std::vector<std::string> ref_regions;  // the source's effective region
  bool ref_region_known = false;
};

struct AmiUse {
  std::string resource;       // logical name or address
  std::string resource_type;  // AWS::EC2::Instance, aws_instance, ...
  std::string path;           // logical location of the slot
  Range range;                // the slot's value
  unsigned accepts = 0;       // SlotAccept flags
  std::vector<AmiSource> sources;
  std::vector<std::string> regions;  // where it launches (CFN: deploy regions)
  bool region_known = false;         // false: region-portable or unresolved
};

struct Parameter {
  std::string name;
  Range name_range;
  std::string path;
  Str type;
  Str default_value;
  std::vector<std::string> allowed_values;
  bool feeds_ami_slot = false;
};

// A mapping used (or shaped) as region -> key -> value.
struct RegionMap {
  std::string name;
  Range name_range;
  std::string path;
  bool used_with_region = false;  // Fn::FindInMap with AWS::Region somewhere
  bool regions_top = true;        // regions are the first-level keys
  struct Row {
    std::string region;
    Range range;  // the region key
    std::vector<std::pair<std::string, Str>> values;  // other key -> value
    const Str* find(const std::string& key) const {
      for (const auto& kv : values)
        if (kv.first == key) return &kv.second;
      return nullptr;
    }
  };
  std::vector<Row> rows;
  std::map<std::string, Range> key_ranges;  // regions second-level: the first-level keys
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
  std::string path;
  LiteralContext context = LiteralContext::Slot;
};

struct Distribution {
  Str region;
  Range range;  // the distribution item
  std::string path;
  bool has_ami_config = false;
  bool container_only = false;
  Range ami_config_key;  // the AmiDistributionConfiguration key
  Str kms_key;
  std::vector<Str> user_groups;
  std::vector<Str> accounts;  // target accounts and launch permission user IDs
};

struct DistributionConfig {
  std::string resource;
  std::string path;
  Range anchor;  // the Distributions key, where a missing region is reported
  std::vector<Distribution> distributions;
};

struct CopyRule {
  Str target_region;
  Str encrypted;  // "true"/"false" when known
  Str cmk_arn;
  Range range;
  std::string path;
};

struct LifecyclePolicy {
  std::string resource;
  std::string path;
  Str policy_type;
  bool image_policy = false;  // IMAGE_MANAGEMENT: it creates AMIs
  Str no_reboot;
  Range anchor;  // where a missing DR copy is reported
  std::vector<CopyRule> copy_rules;
  std::vector<Str> share_accounts;
};

enum class SettingKind { ImageBlockPublicAccess, AllowedImages };
struct AccountSetting {
  SettingKind kind;
  Str state;  // normalized to lowercase with '_' as '-'
  std::string path;
  std::string resource;
};

struct RegionMention {
  Str region;
  std::string path;
  std::string what;  // "region map key", "DLM TargetRegion", ...
};

// A StackSet deploys the template at template_url to these regions.
struct StackSetRef {
  std::string template_url;
  std::vector<std::string> regions;
};

// Terraform: data "aws_ami" / "aws_ami_ids" (and their plan counterparts).
struct AmiLookup {
  std::string address;  // data.aws_ami.web
  std::string path;
  Range anchor;         // the block's name label (or the plan address), where findings go
  bool ids = false;     // aws_ami_ids
  bool has_owners = false;
  std::vector<Str> owners;  // known owner values (account IDs, aliases)
  bool owners_known = false;  // every owner value is known
  bool owner_filter = false;  // a filter on owner-id, owner-alias or image-id
  Str most_recent;      // "true"/"false" when known
  Str name_regex;
  bool wildcard_name = false;  // a "name" filter value with * or ?
  Range name_filter;           // that filter value
  Str include_deprecated;
  Str allow_unsafe_filter;
  std::vector<std::string> regions;  // effective region
  bool region_known = false;
};

// Terraform: aws_ami_copy. The copy is made in its effective region.
struct AmiCopy {
  std::string address;
  std::string path;
  Range anchor;
  Str source_ami_id;           // a literal ID when known
  std::string source_ref;      // or the address it references (aws_ami.x, data.aws_ami.y)
  Str source_ami_region;
  Str encrypted;
  Str kms_key_id;
  std::vector<std::string> regions;  // effective region (the destination)
  bool region_known = false;
};

// Terraform: aws_ami_launch_permission.
struct LaunchPermission {
  std::string address;
  std::string path;
  Str image_id;
  Str group;
  Str account_id;
};

// An image created from an instance (aws_ami_from_instance).
struct ImageFromInstance {
  std::string address;
  std::string path;
  Range anchor;
  Str no_reboot;  // snapshot_without_reboot
};

struct Model {
  Format format = Format::CfnYaml;
  std::vector<AmiUse> uses;
  std::vector<Parameter> parameters;
  std::vector<RegionMap> region_maps;
  std::vector<AmiLiteral> literals;
  std::vector<DistributionConfig> distributions;
  std::vector<LifecyclePolicy> lifecycle_policies;
  std::vector<AccountSetting> settings;
  std::vector<RegionMention> region_mentions;
  std::vector<std::string> deploy_regions;  // CFN: declared regions (empty: portable)
  std::vector<StackSetRef> stacksets;
  // Block-scoped suppressions the adapter found (CFN Metadata, Terraform JSON "//").
  std::vector<Suppression> suppressions;
  std::vector<AmiLookup> lookups;
  std::vector<AmiCopy> copies;
  std::vector<LaunchPermission> launch_permissions;
  std::vector<ImageFromInstance> images_from_instances;

  const Parameter* parameter(const std::string& name) const {
    for (const auto& p : parameters)
      if (p.name == name) return &p;
    return nullptr;
  }
};

// AMI ID shape: "ami-" followed by exactly 8 or 17 lowercase hex digits.
bool is_ami_id(const std::string& s);
// Starts with "ami-" in any case.
bool claims_ami_id(const std::string& s);
// An AWS account ID: exactly 12 digits.
bool is_account_id(const std::string& s);
// The region of an ARN (arn:partition:service:REGION:...), or empty.
std::string arn_region(const std::string& arn);

}  // namespace amilint
