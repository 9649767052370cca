// The built-in table of AWS regions (all partitions) and "did you mean" help.
#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace amilint {

struct RegionInfo {
  const char* name;
  const char* partition;
  const char* description;
};

const std::vector<RegionInfo>& known_regions();

// True when name is a built-in region or one of extra (config `extra_regions`).
bool is_known_region(std::string_view name, const std::vector<std::string>& extra = {});

// The known region closest to name by edit distance (ties: first in table order),
// or empty when nothing is close (distance > 4 or more than half the name).
std::string closest_region(std::string_view name, const std::vector<std::string>& extra = {});

// Shape of a region name: `xx-word-N`, `xx-gov-word-N`, `us-iso-east-1`, etc.
bool looks_like_region(std::string_view name);

// Levenshtein distance, for "did you mean" suggestions everywhere.
size_t edit_distance(std::string_view a, std::string_view b);

}  // namespace amilint
