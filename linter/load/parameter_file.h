// CloudFormation parameter files (`--parameters FILE`, config `parameters`): the
// values a stack is deployed with, in the forms users keep them in:
//
//   the AWS CLI's           [{"ParameterKey": "AmiId", "ParameterValue": "ami-..."}, ...]
//                           (an entry with "UsePreviousValue": true has no value here)
//   a plain object          {"AmiId": "ami-...", "Env": "prod"}
//   CodePipeline's template configuration   {"Parameters": {"AmiId": "ami-..."}, "Tags": {...}}
//   `deploy --parameter-overrides` strings  ["AmiId=ami-...", "Env=prod"]
//
// JSON or YAML. Numbers and booleans are their text; a list of scalars is a
// CommaDelimitedList ("a,b"). Each value keeps the range it is written at, so that a
// finding about it points into the parameter file.
#pragma once
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "linter/model/value.h"
#include "linter/source/unit.h"

namespace amilint {

struct ParameterValue {
  std::string name;
  Origin name_at;  // the name as written (ParameterKey's value, the object key)
  // Known, with the range of the value's token (a list: the whole list); Unknown with
  // the reason when the file gives no value ("UsePreviousValue"). Path:
  // "Parameters/NAME" (the template parameter it sets).
  Str value;
};

// A parameter file, read and parsed before the run. Ranges have file index 0; a unit
// that applies the file relocates them to the file's index in that unit.
struct ParameterFile {
  std::shared_ptr<const SourceFile> file;
  std::vector<ParameterValue> values;  // in file order; a later entry for a name wins
};

// Parses a parameter file's text (yaml: read as YAML, else JSON). False when it is
// not one of the forms above, with the byte offset of the offending value and a
// message that says what was expected.
bool parse_parameter_file(std::string_view text, bool yaml, std::vector<ParameterValue>& out, uint32_t& error_offset,
                          std::string& error);

}  // namespace amilint
