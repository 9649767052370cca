// Terraform adapter: the evaluated view of a module or a plan (eval/tf_view.h) becomes
// the provider-neutral Model the rules read.
#pragma once
#include <string_view>

#include "linter/eval/tf_view.h"
#include "linter/model/model.h"

namespace amilint {

Model adapt_terraform(const TfView& view);

// Whether the adapter reads a block's top-level attribute of this name (in some block
// type). A plan keeps only these of each resource, and those its reader traces AMI IDs
// by (load/loaders.h PlanPruning, eval/plan.h): an attribute the adapter starts to
// read must be added here, or plans lose it (tests/eval/plan_pruning_test.cpp compares
// every plan fixture with and without pruning).
bool tf_adapter_reads(std::string_view attribute);
// Of those, whether a resource of this type needs it (some are read of one type only,
// and other types have attributes of the same name: aws_instance's ebs_block_device).
bool tf_adapter_reads_of(std::string_view type, std::string_view attribute);

}  // namespace amilint
