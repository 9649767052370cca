// A Model as text, without what only says where or how a format wrote it (ranges,
// logical paths, resource names and types, the Syntax, region mentions): the AMI
// facts rules judge. The same intent written in any format gives the same dump
// (tests/adapt/equivalence_test.cpp).
#pragma once
#include <string>

#include "linter/model/model.h"

namespace amilint {

std::string dump_model(const Model& m);

}  // namespace amilint
