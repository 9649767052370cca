// Terraform modules: the `.tf` files of one directory read together, with variables
// (defaults, terraform.tfvars, *.auto.tfvars), locals, providers (aliases and
// regions), per-resource regions and local module calls resolved, into the TfView
// the Terraform adapter reads.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "linter/model/finding.h"
#include "linter/load/hcl/hcl.h"
#include "linter/load/node.h"
#include "linter/eval/tf_view.h"

namespace amilint {

// One file of a module unit. Its index in TfModule::files is the `file` of every
// Range that points into it.
struct TfFile {
  std::string path;     // to open
  std::string display;  // to report
  hcl::HclFile hcl;     // parsed (hcl.text holds the text; for .tf.json too)
  bool json = false;    // Terraform JSON syntax (.tf.json): `doc` holds the tree
  Document doc;
  bool lint = true;     // a file of the root module (not a child module's or a tfvars file)
  // Errors of the module rather than the syntax: declarations made twice (Terraform
  // rejects a second resource "t" "n", variable, output, module, local value or
  // provider configuration of the same name). Offsets into hcl.text.
  std::vector<ParseError> problems;
};

struct TfModule {
  std::vector<std::unique_ptr<TfFile>> files;
  TfView view;
  std::vector<std::string> notes;  // remote module sources not fetched, and the like
  std::vector<std::string> child_dirs;  // local child modules it read
};

// Reads the module in `dir` (display name `display_dir`): every `*.tf` and `*.tf.json`
// file, the tfvars files, and local child modules (recursively). `tf_files` are the
// Terraform files of the directory, in order. In `.tf.json` files strings are
// templates (`"${var.x}"`), `"//"` keys are comments.
TfModule load_module(const std::string& dir, const std::string& display_dir,
                     const std::vector<std::string>& tf_files, const LintOptions& options);

// True when text has an HCL `module` block whose source is a local path ("./", "../").
std::vector<std::string> local_module_sources(const hcl::HclFile& file);

}  // namespace amilint
