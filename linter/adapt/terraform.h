// Terraform adapter: the evaluated view of a module or a plan (eval/tf_view.h) becomes
// the provider-neutral Model the rules read.
#pragma once
#include "linter/eval/tf_view.h"
#include "linter/model/model.h"

namespace amilint {

Model adapt_terraform(const TfView& view);

}  // namespace amilint
