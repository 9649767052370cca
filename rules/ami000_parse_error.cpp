#include "rules/rule.h"

namespace amilint {

// Parse errors are produced by the loaders; the engine reports them under this rule.
extern const Rule kAmi000 = {
    "AMI000", "parse-error", Severity::Error, true, "all",
    "The file cannot be read as the template it claims to be.",
    R"(## What it does
Reports a file that looks like an infrastructure template but cannot be parsed:
YAML, JSON or HCL syntax errors, duplicate mapping keys, invalid UTF-8, a file in
UTF-16, or nesting deeper than 512 levels. The finding points at the offending
position. The other files are still linted.

## Why is this bad?
CloudFormation and Terraform reject the file. Duplicate keys are worse: YAML and
JSON parsers silently keep one of the values, so what you review is not what
deploys, and CloudFormation itself rejects the template. Terraform rejects a module
that declares the same resource, data source, variable, output, local value or
provider alias twice, in any of its files; the finding points at the second
declaration and names the first.

## Example
```yaml
Resources:
  Web:
    Type: AWS::EC2::Instance
  Web:                      # duplicate key
    Type: AWS::EC2::Instance
```

## Use instead
Fix the syntax at the reported position; give every key one definition; remove or
rename one of two Terraform declarations with the same name. Save files as UTF-8.)",
    nullptr, kAnyFormat, Needs::Nothing, Identity::SlotAndValue};

}  // namespace amilint
