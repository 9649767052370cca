// Helpers shared by the inventory's files: the index and the placements
// (linter/model/inventory.cpp, ami_placements.cpp), the describe-images parser
// (linter/model/inventory_parse.cpp) and the reading from disk
// (linter/app/inventory_files.cpp).
#pragma once
#include <algorithm>
#include <string>
#include <vector>

namespace amilint {
namespace detail {
namespace inventory {

inline bool contains(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

// " (did you mean 'us-east-1'?)" for a name close to a known region, else "".
std::string did_you_mean_region(const std::string& name, const std::vector<std::string>& extra);

}  // namespace inventory
}  // namespace detail
}  // namespace amilint
