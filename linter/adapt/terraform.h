// Terraform adapter: the evaluated view of a module or a plan becomes the
// provider-neutral Model the rules read.
#pragma once
#include "linter/model/finding.h"
#include "linter/model/model.h"
#include "linter/eval/tf_view.h"

namespace amilint {

Model adapt_terraform(const TfView& view, Format format, const LintOptions& options);

}  // namespace amilint
