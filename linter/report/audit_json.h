// The AMI audit table (linter/model/audit.h) in the JSON report.
#pragma once
#include <nlohmann/json_fwd.hpp>
#include <vector>

#include "linter/model/audit.h"

namespace amilint {

// The entries as the JSON array of the `amis` key.
nlohmann::ordered_json ami_audit_json(const std::vector<AmiAuditEntry>& entries);

}  // namespace amilint
