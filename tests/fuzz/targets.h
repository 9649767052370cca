// The fuzz targets' bodies, shared by the libFuzzer programs (tests/fuzz/fuzz_*.cpp,
// built with clang by tests/fuzz/run.sh) and the regression test that replays every
// kept input (tests/fuzz_regression_test.cpp) in the normal and sanitizer builds.
// Each returns normally for every input: crashes, sanitizer reports, leaks and hangs
// are the findings.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>

namespace amilint {
namespace fuzz {

// load_yaml, then every query a rule makes of the tree.
void yaml(const uint8_t* data, size_t size);
// load_json, the same.
void json(const uint8_t* data, size_t size);
// parse_hcl, then the hcl2json rendering and the reference/literal views.
void hcl(const uint8_t* data, size_t size);
// One file through the whole pipeline (load, adapt, every rule, suppressions,
// locations, every report format). The first byte picks the file's kind: CloudFormation
// YAML, CloudFormation/plan JSON, Terraform HCL or Terraform JSON; the rest is the file.
// Terraform files are written to a private temporary directory (modules are read
// from disk).
void pipeline(const uint8_t* data, size_t size);

// The target of a name ("yaml", "json", "hcl", "pipeline"); nullptr for others.
using Target = void (*)(const uint8_t*, size_t);
Target target_named(const std::string& name);

}  // namespace fuzz
}  // namespace amilint
