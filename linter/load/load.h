// The load stage: a unit file's text -> its syntax tree. YAML and JSON files become a
// Document of Nodes (load/loaders.h); Terraform files an HCL AST (load/hcl/hcl.h),
// the JSON syntax (.tf.json, .tfvars.json) lowered into the same AST
// (load/hcl/json_syntax.h). No disk access: discover read the text.
#pragma once
#include <vector>

#include "linter/load/hcl/hcl.h"
#include "linter/load/loaders.h"
#include "linter/load/node.h"
#include "linter/source/unit.h"

namespace amilint {

struct LoadedFile {
  Document doc;       // YAML and JSON files (for Terraform JSON: the tree its "//" comments are in)
  hcl::HclFile hcl;   // Terraform files
  bool is_hcl = false;
  // The file's syntax errors (AMI000).
  const std::vector<ParseError>& errors() const { return is_hcl ? hcl.errors : doc.errors; }
};

// Loads a file by its format: CfnYaml as YAML, CfnJson and TfPlan as JSON, TfHcl and
// TfVars as HCL, TfJson and TfVarsJson as HCL's JSON syntax. A file that could not be
// read has one error at its start saying why. With plan_pruning, JSON files leave out
// what the plan reader does not read of a Terraform plan (loaders.h).
LoadedFile load_file(const SourceFile& file, const PlanPruning* plan_pruning = nullptr);

// Gives every range of a loaded YAML/JSON document the file index `file` (loaders
// write 0): the document is the unit's file of that index.
void set_file_index(Document& doc, uint32_t file);

}  // namespace amilint
