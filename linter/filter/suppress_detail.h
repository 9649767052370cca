// Text helpers shared by the suppression files of the filter stage (comments.cpp,
// directive.cpp, suppression_sources.cpp, suppress.cpp, list_suppressions.cpp).
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "linter/filter/suppress.h"

namespace amilint {
namespace detail {
namespace suppress {

inline bool is_ws(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v'; }

using amilint::trim;

std::string lower(std::string_view t);

// " (did you mean 'X'?)" for the candidate closest to bad, or "".
std::string did_you_mean(std::string_view bad, const std::vector<std::string>& candidates);

// Rule codes or names of a comma- and/or space-separated list, added to s.rules.
void add_rules(std::string_view list, Suppression& s);

// Resolves rule names to codes and `until` to a time; flags what is wrong.
void finish(Suppression& s);

}  // namespace suppress
}  // namespace detail
}  // namespace amilint
