// Packer's semantics over the HCL evaluator (eval/hcl_eval.h): a PackerBuild unit's
// files (source/unit.h: dirs[0].config are the .pkr.hcl/.pkr.json templates,
// dirs[0].vars the variable files in Packer's order) become the PackerView
// (eval/packer_view.h). Variables take the value of the last variable file that sets
// them, else their default; `locals` and `local` blocks; `var.x` and `local.x`;
// `data.amazon-ami.NAME.id` is a reference to that data source; Packer's own values
// (`timestamp()`, `path.root`, `packer.version`, `build.*`) are unknown, never errors.
// Only the `source` blocks a `build` uses become builders (through `sources = [...]`
// or its own `source "source.TYPE.NAME" { ... }` block, whose options override the
// source's). Legacy JSON templates have their own reader (packer_legacy_view).
#pragma once
#include <vector>

#include "linter/eval/packer_view.h"
#include "linter/load/hcl/hcl.h"
#include "linter/load/node.h"
#include "linter/model/finding.h"
#include "linter/source/unit.h"

namespace amilint {

// files[i]: unit file i parsed (or lowered from JSON), null for a file that is not HCL.
PackerView evaluate_packer(const Unit& unit, const std::vector<const hcl::HclFile*>& files, const LintOptions& options);

// A legacy JSON template (`{"variables": {...}, "builders": [{"type": ...}, ...]}`):
// `{{user `x`}}` resolves from `variables` (a whole string or embedded in one);
// `{{timestamp}}`, `{{isotime}}`, `{{env `X`}}` and other functions are unknown.
// Ranges are those of root (the JSON text's).
PackerView packer_legacy_view(const Node& root, const LintOptions& options);

}  // namespace amilint
