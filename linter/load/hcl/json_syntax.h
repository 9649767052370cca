// HCL's JSON syntax (Terraform `.tf.json` files and `.tfvars.json` variable files),
// lowered into the same flat AST the native-syntax parser produces (hcl.h), so that
// one evaluator reads both, as HashiCorp's own library does.
//
// The JSON is loaded first (load_json, a Document with byte ranges); lower_json then
// builds an HclFile over the same text, every range a byte range of the JSON text:
//
//   TerraformConfig (a .tf.json file): the root object's keys are block types; each
//   key's value is an object or an array of objects (one block per object).
//     resource, data                      {TYPE: {NAME: BODY}}, two labels; at the
//                                         TYPE and NAME levels an array stands for
//                                         several objects / several blocks
//     variable, output, module, provider  {NAME: BODY} (BODY an object or an array of
//                                         objects), one label
//     locals and any other key            BODY, no labels
//   Block::type is the quoted key of the section, each Label the quoted key of its
//   level (value decoded, quoted = true); a block's range, body range and braces are
//   its BODY object's. A BODY that is not an object makes no block.
//   VariableValues (a .tfvars.json file): every root key is an attribute of the root
//   body; no blocks.
//
// Bodies hold attributes only: every key is an attribute (name = the quoted key,
// range = the key to the end of its value); nested blocks stay objects and arrays of
// objects. Keys named "//" are comments and are skipped at every level.
//
// Values: objects -> Object (keys are string literals with the key's range), arrays ->
// Tuple, numbers -> Number, true/false -> Bool, null -> Null; a string is a literal
// Template exactly as the parser makes for a quoted string, unless its text holds
// "${" or "%{": then its source (the JSON bytes, quotes included) is parsed as an HCL
// template and the expression tree is copied in with its ranges on the same bytes of
// the JSON text, wrapped in a TemplateWrap with flag kJsonString and the string's
// range (a == kNone when HCL cannot parse it, e.g. JSON's "\/" escape).
#pragma once
#include <string>
#include <string_view>

#include "linter/load/hcl/hcl.h"
#include "linter/load/node.h"

namespace amilint {
namespace hcl {

//   PackerConfig (a .pkr.json file): as TerraformConfig, except that `source` blocks
//   have two labels ({TYPE: {NAME: BODY}}) and `local` blocks one; `build` has none.
enum class JsonSchema { TerraformConfig, PackerConfig, VariableValues };

// Lowers a JSON document (already loaded with load_json from `text`) into an HclFile
// whose ranges are byte offsets into `text` (HclFile::text holds a copy of text).
// doc.errors are copied into the result's errors; when doc.root is null, or is not an
// object, root is an empty body (no error added). The root body's range is the whole
// text. Never throws on a Document load_json produces (nesting is bounded by it).
HclFile lower_json(const Document& doc, std::string_view text, const std::string& display_name, JsonSchema schema);

// The name a Block type or an Attribute name stands for: its source text in native
// syntax; a name written as a JSON string (quoted, as lower_json makes them) is
// decoded ("\"a\\u0062\"" -> "ab"). A quoted name with an invalid escape is
// returned without its quotes, undecoded.
std::string name_text(const HclFile& f, Range name);

}  // namespace hcl
}  // namespace amilint
