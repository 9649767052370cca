// Terraform's semantics over the HCL evaluator (eval/hcl_eval.h): a module unit's
// files (source/unit.h, already parsed) become the TfView the Terraform adapter
// reads. Variables take their values from the root module's variable files
// (terraform.tfvars, *.auto.tfvars, in Terraform's order) or, in a child module,
// from the module call's arguments, else their defaults; `provider "aws"` blocks
// (aliases and regions) give each resource and data source its effective region;
// local child modules (`source = "./..."`, from the unit's directories) are
// evaluated with their inputs and the providers passed to them; `module.x.out`,
// `data.t.n` and resource references are followed.
#pragma once
#include <string>
#include <vector>

#include "linter/eval/tf_view.h"
#include "linter/load/hcl/hcl.h"
#include "linter/load/node.h"
#include "linter/model/finding.h"
#include "linter/source/unit.h"

namespace amilint {

struct TfEvaluation {
  TfView view;
  std::vector<std::string> notes;  // remote module sources not fetched, and the like
  // Errors of the module rather than the syntax, per unit file: declarations made
  // twice, blocks in a variable file.
  std::vector<std::vector<ParseError>> problems;
};

// files[i]: unit file i parsed (or lowered from JSON); every file of the unit.
TfEvaluation evaluate_terraform(const Unit& unit, const std::vector<const hcl::HclFile*>& files,
                                const LintOptions& options);

}  // namespace amilint
