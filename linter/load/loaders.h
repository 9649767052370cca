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

// JSON through nlohmann_json's SAX API with byte offsets. Duplicate keys, invalid
// UTF-8, trailing garbage and nesting beyond kMaxNestingDepth are errors. A UTF-8
// BOM is accepted.
Document load_json(std::string_view text, const std::string& display_name);

}  // namespace amilint
