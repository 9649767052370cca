// The JSON form of a parsed HCL file, as npm `@cdktf/hcl2json` renders it, so that
// the tests can compare amilint's HCL parser with HashiCorp's
// (tests/tools/hcl_compare.js through amilint_hcl2json, tests/hcl_parser_test.cpp,
// the hcl fuzz target). Test code only: not part of amilint_core.
#pragma once
#include <string>

#include "linter/load/hcl/hcl.h"

namespace amilint {
namespace hcl {

// Blocks become nested objects keyed by type and then by each label, each block an
// array of objects; attribute values that are literals, tuples or objects become
// JSON values; other expressions become strings holding their source, "${var.x}";
// templates become strings with "${...}" interpolations and "%{if}"/"%{for}"
// directives, with literal "${" and "%{" escaped as "$${" and "%%{". Returns false
// and sets *error (offset of the block or value concerned, message) for files the
// renderer cannot express: blocks of one type both with and without labels, or a
// unary operator applied to a literal of the wrong type.
bool render_hcl_json(const HclFile& file, std::string* out, ParseError* error);

}  // namespace hcl
}  // namespace amilint
