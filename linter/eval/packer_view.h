// The evaluated view of a Packer build that the Packer adapter will read: its Amazon
// builders and `amazon-ami` data sources, with the options the rules need. HCL2
// templates (.pkr.hcl and .pkr.json, after variables, variable files and locals are
// resolved; eval/packer.h) and legacy JSON templates (`{"builders": [...]}`, after
// `{{user `x`}}`) both produce it, so what reads it is written once.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "linter/source/source.h"

namespace amilint {

struct PackerEntry;

// One option's value, with where it is written and whether it is known.
struct PackerValue {
  enum class Kind {
    Absent,   // not set (range: the block it would be set in, empty)
    Unknown,  // set, but known only when Packer runs (reason says why)
    Scalar,   // a string, number or bool (text: "true"/"false" for a bool)
    List,     // items (each with its own kind)
    Map,      // entries: keys with their ranges
  };
  Kind kind = Kind::Absent;
  std::string text;
  std::string reason;
  // Unknown string: what is known of it as a glob, '*' for each part known only when
  // Packer runs (`golden-web-{{timestamp}}` -> `golden-web-*`); empty when nothing is.
  std::string pattern;
  Range range;  // the value as written (a string with its quotes)
  std::vector<PackerValue> items;
  std::vector<PackerEntry> entries;

  bool known() const { return kind == Kind::Scalar || kind == Kind::List || kind == Kind::Map; }
  bool absent() const { return kind == Kind::Absent; }
  bool unknown() const { return kind == Kind::Unknown; }
  // A known bool ("true"/"false"); nullopt when absent, unknown or not a bool.
  std::optional<bool> as_bool() const;
  // A map's entry by key, or null.
  const PackerValue* get(const std::string& key) const;
};

struct PackerEntry {
  std::string key;
  Range key_range;
  PackerValue value;
};

// `source_ami_filter { filters, owners, most_recent, include_deprecated }`, or the same
// options of a `data "amazon-ami"` block.
struct PackerAmiFilter {
  bool present = false;  // the builder sets source_ami_filter (data sources: always)
  Range range;           // the filter block (or object) as written
  PackerValue filters;   // Map
  PackerValue owners;    // List
  PackerValue most_recent;
  PackerValue include_deprecated;
};

// `data "amazon-ami" "NAME"` (HCL2 only).
struct PackerDataSource {
  std::string name;     // NAME
  std::string address;  // data.amazon-ami.NAME
  Range range;          // the block
  Range name_range;     // its name label
  PackerValue region;
  PackerAmiFilter filter;
};

// One Amazon builder of the build: an HCL2 `source` a `build` uses (with the options
// the build's own `source` block overrides), or a legacy template's builder object.
// Options the builder type does not have stay Absent.
struct PackerBuilder {
  std::string type;     // amazon-ebs, amazon-ebssurrogate, amazon-instance, amazon-ebsvolume, amazon-chroot
  std::string name;     // HCL2: the source's name, or the `name` the build gives it; legacy: `name`, else type
  std::string address;  // HCL2: source.amazon-ebs.NAME; legacy: the name
  std::string build;    // HCL2: the build's `name` (may be empty); legacy: empty
  // HCL2: the HCP Packer registry bucket the build publishes to (its
  // hcp_packer_registry block's bucket_name, else the build's name); empty without one.
  std::string hcp_bucket;
  Range range;          // the source block (legacy: the builder object)
  Range use_range;      // HCL2: where the build names it (the `sources` entry or its own `source` block)
  bool legacy = false;
  bool makes_ami = true;  // false for amazon-ebsvolume (volumes and snapshots only)

  PackerValue region;
  PackerValue source_ami;
  PackerAmiFilter source_ami_filter;
  // source_ami = data.amazon-ami.NAME.id: the data source (index into
  // PackerView::data_sources), else -1.
  int source_ami_data = -1;
  PackerValue ami_name;
  PackerValue ami_regions;         // List
  PackerValue encrypt_boot;        // three-state: absent keeps the source's encryption
  PackerValue kms_key_id;          // the build region's key
  PackerValue region_kms_key_ids;  // Map: region -> key
  PackerValue ami_users, ami_groups, ami_org_arns, ami_ou_arns;  // Lists
  PackerValue snapshot_users, snapshot_groups;                 // Lists
  PackerValue skip_region_validation;
  PackerValue deprecate_at;
};

struct PackerView {
  std::vector<PackerBuilder> builders;
  std::vector<PackerDataSource> data_sources;
  std::vector<std::string> notes;  // what was not followed (a build naming a source not declared, ...)
};

// The Amazon builder types, and which options each has.
bool packer_amazon_builder(const std::string& type);
bool packer_has_ami_options(const std::string& type);       // ami_* options, encrypt_boot, kms keys, deprecate_at
bool packer_has_snapshot_options(const std::string& type);  // snapshot_users, snapshot_groups

}  // namespace amilint
