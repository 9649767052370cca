// CloudFormation parameter files the user gives (`--parameters`, config `parameters`):
// read and parsed before the run, like the Terraform variable files (units.h
// read_var_files), so that a file that is missing or not a parameter file stops the
// run before anything is linted.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "linter/load/parameter_file.h"

namespace amilint {

// A parameter file as `--parameters FILE` or a config entry names it.
struct ParameterFileRequest {
  std::string path;     // what to open
  std::string display;  // how findings name it
};

// What the forms of a parameter file are, for messages: `[{"ParameterKey": ...,
// "ParameterValue": ...}], {"Name": "value"} or {"Parameters": {...}}`.
extern const char* const kParameterFileForms;

// Whether a file's name says it is YAML (.yaml, .yml); any other is read as JSON.
bool is_yaml_parameter_file(const std::string& path);

// Reads and parses the requested parameter files, each file once however many
// requests name it (they then share one ParameterFile, named by the first of them).
// The file's format is CfnYaml for a .yaml or .yml file, else CfnJson. out[i] is
// requests[i], or null when it cannot be read or parsed; errors[i] then says why:
// "cannot read it (No such file or directory)", or "LINE:COL: message" (1-based) for
// a syntax error or a file of another shape (whose message ends with "; expected "
// and kParameterFileForms).
std::vector<std::shared_ptr<const ParameterFile>> read_parameter_files(const std::vector<ParameterFileRequest>& requests,
                                                                       std::vector<std::string>& errors);

}  // namespace amilint
