// The module manifest `terraform init` writes in a root module,
// .terraform/modules/modules.json, parsed:
//   {"Modules": [{"Key": "", "Source": "", "Dir": "."},
//                {"Key": "web", "Source": "registry.terraform.io/terraform-aws-modules/ec2-instance/aws",
//                 "Version": "5.6.0", "Dir": ".terraform/modules/web"}]}
// Keys of nested calls are joined with dots ("web.db"); Dir is relative to the root
// module, with forward slashes (a git source's `//sub` already applied). Units
// (units.cpp) follow the entries into Unit::dirs.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "linter/source/unit.h"

namespace amilint {

// The entries read at most (the rest are counted in a problem): a hostile manifest
// costs bounded work.
constexpr size_t kMaxManifestEntries = 10000;

// Keys of at most this many names: as deep as discover and the evaluator follow
// nested module calls.
constexpr size_t kMaxModuleDepth = 8;

struct ManifestEntry {
  std::string key;      // "web", "web.db" (never empty: the root's own entry is left out)
  std::string source;   // as Terraform recorded it: "registry.terraform.io/o/n/aws", "git::https://...", "./sub"
  std::string version;  // registry modules; else empty
  std::string dir;      // where it was installed, relative to the root module

  // A local source ("./..." or "../..."): its directory is the caller's directory and
  // the source path, which discover follows from the calls themselves.
  bool local() const;
  size_t depth() const;  // the number of names in the key: 1 for "web", 2 for "web.db"
};

struct ParsedManifest {
  ModuleManifest::State state = ModuleManifest::State::Read;  // Read or Invalid
  std::string error;          // Invalid: why
  int64_t error_offset = -1;  // Invalid JSON: the byte offset of the syntax error
  std::vector<ManifestEntry> entries;  // the well-formed entries, in the file's order
  std::vector<std::string> problems;   // entries skipped and why ("module 'x': ...")
};

// Never throws; any text gives Read or Invalid.
ParsedManifest parse_module_manifest(std::string_view text);

}  // namespace amilint
