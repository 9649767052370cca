// The formats amilint reads, as discover sniffs them.
#pragma once

namespace amilint {

enum class Format { CfnYaml, CfnJson, TfHcl, TfJson, TfPlan };
const char* format_name(Format f);
inline bool is_cfn(Format f) { return f == Format::CfnYaml || f == Format::CfnJson; }

}  // namespace amilint
