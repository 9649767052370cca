// Findings, severities and the options every rule may read.
#pragma once
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "linter/source/source.h"

namespace amilint {

class Inventory;

// An image a Packer build of the same run makes, as evidence for the stacks that
// launch it (a lookup of your own images by a name the build gives, or an
// hcp_packer_artifact of its bucket): the regions it is in are the build region and
// its ami_regions.
struct BakedImage {
  std::string build;         // source.amazon-ebs.web
  std::string file;          // where its regions are written (ami_regions, else the builder)
  int line = 0, column = 0;
  std::string name_pattern;  // ami_name, '*' for parts known only when Packer runs
  std::string hcp_bucket;    // the HCP Packer bucket it is published to, if any
  std::vector<std::string> regions;
};

enum class Severity { Info = 0, Warning = 1, Error = 2 };
const char* severity_name(Severity s);
std::optional<Severity> parse_severity(const std::string& s);

// What identifies a finding across edits (its fingerprint), besides its rule, file and
// logical path: the slot alone (the value there is incidental: bumping a hard-coded
// AMI ID keeps the AMI002 finding), or the slot and the value (a new malformed ID or
// a new untrusted account is a new finding).
enum class Identity { SlotAndValue, Slot };

struct Finding {
  std::string rule;  // code, e.g. AMI010
  std::string name;  // e.g. ami-region-mismatch
  Severity severity = Severity::Error;
  std::string file;
  Range range;
  int line = 0, column = 0, end_line = 0, end_column = 0;
  std::string message;
  std::string path;   // logical location
  // The AWS CDK construct that wrote the element the finding is in
  // ("WebStack/Web/Resource"), when the template says it; else empty.
  std::string construct_path;
  std::string value;  // the value the finding is about (for the fingerprint)
  Identity identity = Identity::SlotAndValue;
  std::string fingerprint;  // rule, file, path and, by identity, value (set_fingerprints)
  // The fingerprint of baselines version 1 (rule, file, path and value whatever the
  // identity), so that they keep hiding what they hid; matched by baselines only.
  std::string legacy_fingerprint;
};

// What the user declared about where templates deploy and whom they trust.
struct LintOptions {
  std::vector<std::string> regions;     // deploy regions / Terraform fallback
  std::vector<std::string> dr_regions;
  std::vector<std::string> trusted_accounts;
  std::vector<std::string> extra_regions;
  int64_t now = 0;  // seconds since the epoch
  // The AMI inventory (`--inventory`, config `inventory`), loaded once per run and
  // shared read-only by every file; nullptr when none was given.
  std::shared_ptr<const Inventory> inventory;
  // The images the run's Packer builds make (known build region and ami_regions),
  // gathered before any other unit is checked; nullptr when the run has none.
  std::shared_ptr<const std::vector<BakedImage>> baked;
};

// Stable 64-bit FNV-1a hash as 16 hex digits of rule, the file relative to the
// repository root (so it does not depend on the current directory), path and value.
std::string fingerprint_of(const std::string& rule, const std::string& file,
                           const std::string& path, const std::string& value);

// A finding's fingerprint (value left out when the identity is the slot alone) and
// its legacy fingerprint (value always in). `suffix` tells apart findings that
// would share one (make_fingerprints_unique).
std::string fingerprint_for(const Finding& f, const std::string& suffix = "");
std::string legacy_fingerprint_for(const Finding& f, const std::string& suffix = "");
void set_fingerprints(Finding& f);

// The file as fingerprints and baselines name it: relative to the repository root
// of the current directory (the nearest one up holding `.git`; without one, the
// current directory), with '/' separators; as given when it lies outside.
std::string repository_file_name(const std::string& file_as_given);

}  // namespace amilint
