// The AMI audit table (`amis` in JSON output), built per Model from its AMI slots
// and the inventory.
#pragma once
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "linter/model/inventory.h"
#include "linter/model/model.h"

namespace amilint {

// The audit table (`amis` in JSON output): one entry per AMI slot and possible source,
// with where it launches and whether the image is available in each DR region.
struct DrAvailability {
  std::string region;
  std::string status;  // available | missing | unknown
  std::string how;     // the evidence (available), or why it is missing or unknown
};

// The image a Packer build makes from the slot's source image: where it is made and
// copied, how it is encrypted, whom it is shared with.
struct BuildAudit {
  std::string name;  // ami_name, or its pattern ('*' for parts known only when Packer runs); empty: not known
  std::vector<std::string> regions;  // the build region (empty: not known)
  std::vector<std::string> copies;   // ami_regions entries
  bool copies_known = true;
  std::optional<bool> encrypt_boot;  // unset or not known: nullopt
  std::string kms_key_id;            // the build region's key, when known
  // Sharing, by Packer option (ami_users, ami_groups, ami_org_arns, ami_ou_arns,
  // snapshot_users, snapshot_groups): the known entries.
  std::vector<std::pair<std::string, std::vector<std::string>>> shared;
};

struct AmiAuditEntry {
  std::string file;  // set by the engine
  int line = 0, column = 0;
  Range range;       // the slot's value
  std::string resource, resource_type;
  std::string slot;     // logical path of the slot
  std::string source;   // source_kind_name()
  std::string value;    // the resolved value (AMI ID, SSM path, ...), when known
  bool value_known = false;
  std::string detail;   // parameter, region map, lookup address, or why unresolved
  std::vector<std::pair<std::string, std::vector<std::string>>> by_region;  // region map: region -> the values of the keys read
  std::vector<std::string> regions;  // effective regions; empty: region-portable or unknown
  std::optional<Image> image;        // the inventory's image for value, if listed
  std::vector<DrAvailability> dr;    // one per DR region (a Packer build's source: of the image it makes)
  std::optional<BuildAudit> build;   // the slot is a Packer build's source_ami
};

std::vector<AmiAuditEntry> ami_audit(const Model& m, const LintOptions& options);

}  // namespace amilint
