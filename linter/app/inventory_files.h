// Reading the AMI inventory from disk: `--inventory PATH` or the config's
// `inventory` (the format is described in linter/model/inventory.h).
#pragma once
#include <string>
#include <vector>

#include "linter/model/inventory.h"

namespace amilint {

// Reads an inventory from path (a directory or a file). Region names are checked
// against the built-in list plus extra_regions. On failure returns false and sets
// error to a message that starts with the offending file (and line:column when
// the problem is inside it).
bool load_inventory(const std::string& path, const std::vector<std::string>& extra_regions, Inventory& out,
                    std::string& error);

}  // namespace amilint
