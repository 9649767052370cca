#include "linter/model/regions.h"

#include <algorithm>
#include <cctype>

namespace amilint {

const std::vector<RegionInfo>& known_regions() {
  static const std::vector<RegionInfo> table = {
#include "linter/model/regions_table.inc"
  };
  return table;
}

bool is_known_region(std::string_view name, const std::vector<std::string>& extra) {
  for (const auto& r : known_regions())
    if (name == r.name) return true;
  for (const auto& e : extra)
    if (name == e) return true;
  return false;
}

size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<size_t> prev(b.size() + 1), cur(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t sub = prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, sub});
    }
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

std::string closest_region(std::string_view name, const std::vector<std::string>& extra) {
  std::string best;
  size_t best_d = static_cast<size_t>(-1);
  std::string lower(name);
  for (auto& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  auto consider = [&](std::string_view cand) {
    size_t d = edit_distance(lower, cand);
    if (d < best_d) { best_d = d; best = std::string(cand); }
  };
  for (const auto& r : known_regions()) consider(r.name);
  for (const auto& e : extra) consider(e);
  if (best_d == 0 && lower != name) return best;  // only the case differs
  if (best_d > 4 || best_d * 2 > name.size()) return {};
  return best;
}

bool looks_like_region(std::string_view n) {
  // two lowercase letters, then one or more "-word" parts, then "-digits"
  if (n.size() < 6 || !std::islower(static_cast<unsigned char>(n[0])) ||
      !std::islower(static_cast<unsigned char>(n[1])) || n[2] != '-')
    return false;
  size_t last = n.rfind('-');
  if (last == 2 || last + 1 >= n.size()) return false;
  for (size_t i = last + 1; i < n.size(); ++i)
    if (!std::isdigit(static_cast<unsigned char>(n[i]))) return false;
  for (size_t i = 3; i < last; ++i) {
    char c = n[i];
    if (!(std::islower(static_cast<unsigned char>(c)) || c == '-')) return false;
  }
  return true;
}

}  // namespace amilint
