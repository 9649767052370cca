// The YAML loader's tags and scalar types: CloudFormation short-form tags and the
// long-form keys they stand for, and how a plain scalar resolves in the YAML 1.2
// core schema (null, bool, number or string).
#include <cstddef>
#include <string>
#include <string_view>

#include "linter/load/yaml_builder.h"

namespace amilint {
namespace detail {
namespace yaml {

constexpr ShortForm kShortForms[] = {
    {"!Ref", "Ref"},
    {"!Condition", "Condition"},
    {"!GetAtt", "Fn::GetAtt"},
    {"!Sub", "Fn::Sub"},
    {"!FindInMap", "Fn::FindInMap"},
    {"!If", "Fn::If"},
    {"!Select", "Fn::Select"},
    {"!Join", "Fn::Join"},
    {"!Base64", "Fn::Base64"},
    {"!Equals", "Fn::Equals"},
    {"!Not", "Fn::Not"},
    {"!And", "Fn::And"},
    {"!Or", "Fn::Or"},
    {"!ImportValue", "Fn::ImportValue"},
    {"!GetAZs", "Fn::GetAZs"},
    {"!Split", "Fn::Split"},
    {"!Cidr", "Fn::Cidr"},
    {"!Transform", "Fn::Transform"},
    {"!Length", "Fn::Length"},
    {"!ToJsonString", "Fn::ToJsonString"},
    {"!ForEach", "Fn::ForEach"},
};

// The long-form key for a CloudFormation short-form tag, or nullptr.
const ShortForm* short_form(const std::string& tag) {
  if (tag.size() < 3 || tag[0] != '!' || tag[1] == '!') return nullptr;
  for (const ShortForm& s : kShortForms)
    if (s.tag == tag) return &s;
  return nullptr;
}

namespace {

bool is_bool_word(std::string_view s) {
  return s == "true" || s == "True" || s == "TRUE" || s == "false" || s == "False" ||
         s == "FALSE";
}

// Integers and floats of the YAML 1.2 core schema.
bool is_core_number(std::string_view s) {
  if (s.empty()) return false;
  if (s.size() > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'o')) {
    bool hex = s[1] == 'x';
    for (size_t i = 2; i < s.size(); ++i)
      if (hex ? !is_hex_digit(s[i]) : !(s[i] >= '0' && s[i] <= '7')) return false;
    return true;
  }
  if (s == ".nan" || s == ".NaN" || s == ".NAN") return true;
  size_t i = 0;
  if (s[0] == '+' || s[0] == '-') i = 1;
  std::string_view rest = s.substr(i);
  if (rest == ".inf" || rest == ".Inf" || rest == ".INF") return true;
  size_t int_digits = 0, frac_digits = 0;
  while (i < s.size() && is_digit(s[i])) ++i, ++int_digits;
  if (i < s.size() && s[i] == '.') {
    ++i;
    while (i < s.size() && is_digit(s[i])) ++i, ++frac_digits;
    // "1." is a float; "." alone is not
    if (int_digits == 0 && frac_digits == 0) return false;
  } else if (int_digits == 0) {
    return false;
  }
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
    size_t exp_digits = 0;
    while (i < s.size() && is_digit(s[i])) ++i, ++exp_digits;
    if (exp_digits == 0) return false;
  }
  return i == s.size();
}

}  // namespace

bool is_null_word(std::string_view s) {
  return s == "~" || s == "null" || s == "Null" || s == "NULL";
}

ScalarType resolve_plain(std::string_view s) {
  if (s.empty() || is_null_word(s)) return ScalarType::Null;
  if (is_bool_word(s)) return ScalarType::Bool;
  if (is_core_number(s)) return ScalarType::Number;
  return ScalarType::String;
}

}  // namespace yaml
}  // namespace detail
}  // namespace amilint
