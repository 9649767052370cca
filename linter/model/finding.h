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
  std::string value;  // the value the finding is about (for the fingerprint)
  Identity identity = Identity::SlotAndValue;
  std::string fingerprint;
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
};

// Stable 64-bit FNV-1a hash as 16 hex digits of rule, the file relative to the
// repository root (so it does not depend on the current directory), path and value.
std::string fingerprint_of(const std::string& rule, const std::string& file,
                           const std::string& path, const std::string& value);

}  // namespace amilint
