// The Syntax each adapter gives its Models (model/syntax.h).
#pragma once
#include "linter/model/syntax.h"

namespace amilint {

const Syntax& cfn_syntax();
const Syntax& terraform_syntax();
const Syntax& packer_syntax();

}  // namespace amilint
