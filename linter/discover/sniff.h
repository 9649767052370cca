// What a file is, by its name and content: discover decides the syntax once
// (sniff_syntax), and the loaded tree says whether it is a template at all (classify).
#pragma once
#include <string>

#include "linter/load/node.h"
#include "linter/source/format.h"

namespace amilint {

// A file that is not Terraform configuration: JSON (by its .json name, or a text that
// starts with `{` or `[` under another name than .yaml/.yml) or YAML.
Format sniff_syntax(const std::string& path, std::string_view text);

enum class DocKind { CfnTemplate, TfPlan, PackerLegacy, Broken, NotTemplate };

// A loaded YAML/JSON document: a CloudFormation template, a Terraform plan, a legacy
// Packer template (JSON: an object whose `builders` is a list of objects, each with a
// `type`), a template or plan that could not be parsed (its text says what it meant to
// be), or neither.
DocKind classify(const Node* root, bool parsed, Format syntax, std::string_view text);

}  // namespace amilint
