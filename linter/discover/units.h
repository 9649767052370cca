// Grouping the discovered files into units (source/unit.h), and reading them.
//
// - A file that is not Terraform configuration is a Template unit of its own, read
//   by read_unit when a worker takes it, so that a run over many templates holds only
//   the ones being linted.
// - The `.tf` and `.tf.json` files of one directory are one Terraform module. Its
//   files, its variable files and the local child modules it calls (`source =
//   "./..."`, followed recursively) are read here, by `jobs` threads, each file once:
//   the child modules' directories are found by scanning the files for local module
//   sources. A module that another module of the run calls is a ChildModule unit: it
//   is linted through its callers. When files are named (pre-commit), their whole
//   directory is read and only their findings are reported.
// - A root module where `terraform init` ran also gets the registry, git and local
//   modules its manifest (.terraform/modules/modules.json, manifest.h) lists, each
//   directory once with its key (Unit::module_by_key), and their local children; the
//   manifest's problems are notes on the unit (Unit::manifest), never findings. The
//   `.terraform` directory is not walked; a module inside `.terraform/modules` that is
//   named or walked anyway is a ChildModule unit, linted only through its root.
// - A variable file named on the command line (`.tfvars`, `.tfvars.json`) lints the
//   module of its directory: one Terraform reads (terraform.tfvars, *.auto.tfvars)
//   with that module's unit, any other with a unit of its own that applies it after
//   them, as `terraform -var-file` would. In a directory without .tf files it is a
//   module unit without configuration (skipped with a note).
// - The `.pkr.hcl` and `.pkr.json` files of one directory are one Packer build
//   (PackerBuild), read here with the variable files Packer reads itself
//   (`*.auto.pkrvars.hcl`, `*.auto.pkrvars.json`, by name). A named `.pkrvars.hcl` or
//   `.pkrvars.json` file lints its directory's build with it applied after them, as
//   `packer build -var-file` would; a walked one is a template unit of its own (a
//   note: Packer reads it only when given).
// - The variable files the user gives (`--var-file`, config `var_files`) are read
//   before the run (read_var_files); make_units shares their text with the files it
//   reads, and the engine adds them to each root module's unit (apply_var_files).
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "linter/discover/discover.h"
#include "linter/source/unit.h"

namespace amilint {

// var_files: the variable files the run applies (read_var_files); a file among them
// that a module also reads (terraform.tfvars, a named variable file) is one text.
std::vector<Unit> make_units(const std::vector<Candidate>& files, int jobs,
                             const std::vector<std::shared_ptr<const SourceFile>>& var_files = {});

// A Terraform variable file given as `terraform -var-file` takes one.
struct VarFileRequest {
  std::string path;     // what to open
  std::string display;  // how findings name it
};

// Reads the requested variable files, each file once however many requests name it
// (they then share one text). out[i] is requests[i], or null when it is not a
// `.tfvars` or `.tfvars.json` file or cannot be read; errors[i] then says why ("not a
// Terraform variable file (.tfvars or .tfvars.json)", "cannot read it (No such file
// or directory)").
std::vector<std::shared_ptr<const SourceFile>> read_var_files(const std::vector<VarFileRequest>& requests,
                                                              std::vector<std::string>& errors);

// Applies var_files to a Terraform root module's unit (not to templates, plans or
// modules without configuration): after the files Terraform reads itself, in order,
// and before a variable file named on the command line, as `-var-file` would. A file
// applied twice counts at its last place, once, under the name the unit knows it by.
void apply_var_files(Unit& unit, const std::vector<std::shared_ptr<const SourceFile>>& var_files);

// Reads the files of a unit that make_units left unread (templates). Idempotent.
void read_unit(Unit& unit);

// `.tf` and `.tf.json` files.
bool is_tf_file(const std::string& path);

// Packer HCL2 templates: `.pkr.hcl` and `.pkr.json`.
bool is_packer_file(const std::string& path);

// Packer variable files: `.pkrvars.hcl` and `.pkrvars.json`.
bool is_pkrvars_file(const std::string& path);

// Terraform variable files: `.tfvars` and `.tfvars.json`.
bool is_tfvars_file(const std::string& path);

// The local module sources (`source = "./..."` or "../...") a Terraform file's text
// may call: every such string written after `source =` (HCL, outside comments) or
// `"source":` (JSON), so that no local child module is missed.
std::vector<std::string> local_sources(std::string_view text, bool json = false);

// "a/b" + "../c" -> "a/c": joined and normalized textually (no disk access).
std::string join_path(const std::string& dir, const std::string& rel);

}  // namespace amilint
