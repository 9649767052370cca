// Loaders: text -> Document. They never touch the disk, never throw, and report
// every problem as a ParseError with a byte offset (AMI000 downstream).
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

#include "linter/load/node.h"

namespace amilint {

// Limits that keep hostile input from exhausting the stack or memory.
inline constexpr int kMaxNestingDepth = 512;
// Nodes that YAML aliases may stand for, counted with every alias expanded.
inline constexpr uint64_t kMaxAliasExpansion = 1000000;

// YAML through yaml-cpp's event API. CloudFormation short-form tags become their
// long form: `!Ref x` -> {"Ref": "x"}, `!GetAtt A.B` -> {"Fn::GetAtt": ["A", "B"]},
// `!Sub s` -> {"Fn::Sub": s}, `!Condition c` -> {"Condition": c}, and every other
// CloudFormation short form `!Name` -> {"Fn::Name": ...}; other tags (`!Foo`) stay in
// Node::tag. The synthetic key's range is the tag's range. Plain nesting is bounded
// by yaml-cpp's own guard (about 500 levels) before kMaxNestingDepth applies.
// Anchors and aliases share one Node (never copied); aliases that expand to more than
// kMaxAliasExpansion nodes in all are an error at the alias that crosses it. Duplicate mapping keys,
// invalid UTF-8, UTF-16/32 input and nesting beyond kMaxNestingDepth are errors.
// A UTF-8 BOM is accepted; offsets stay relative to `text` (BOM included).
// Only the first document of a stream is used.
Document load_yaml(std::string_view text, const std::string& display_name);

// What the JSON loader leaves out of a Terraform plan (`terraform show -json`), so that
// a plan of hundreds of megabytes costs little more memory than its text. With it, a
// root mapping's plan sections keep only what the plan reader reads:
//   planned_values, prior_state  modules, and of each resource its address (which
//                                says its mode, type and name) and values (prior_state:
//                                data sources only, by their mode)
//   resource_changes             address, deposed, and of `change` its after_unknown,
//                                and its actions and `after` when the plan has no
//                                planned_values before it; a change left with none
//                                of these is left out whole
//   configuration                everything but each resource's other keys than its
//                                address, provider_config_key, count_expression and
//                                for_each_expression, and of its expressions only
//                                the attributes used (below), and not those that are
//                                only a constant_value (the planned value says it)
//   resource_drift, output_changes, relevant_attributes, checks, outputs: nothing
// Of a resource's values and `after`, only the top-level attributes `keep_attribute`
// accepts (whole); of its after_unknown and expressions, those `used_attribute`
// accepts. Left-out parts are still parsed and checked for syntax, but their
// duplicate keys are not reported. Other JSON (a CloudFormation template has none of
// these keys at its root) is unaffected.
struct PlanPruning {
  bool (*keep_attribute)(std::string_view name) = nullptr;  // read by the adapter, or traced
  bool (*used_attribute)(std::string_view name) = nullptr;  // read by the adapter
  // Of those, whether a resource of this type (from its address; empty when not
  // known) needs it: the adapter reads some attributes of one resource type only.
  bool (*type_needs)(std::string_view type, std::string_view name) = nullptr;
};

// JSON through nlohmann_json's SAX API with byte offsets. Duplicate keys, invalid
// UTF-8, trailing garbage and nesting beyond kMaxNestingDepth are errors. A UTF-8
// BOM is accepted.
Document load_json(std::string_view text, const std::string& display_name, const PlanPruning* pruning = nullptr);

}  // namespace amilint
