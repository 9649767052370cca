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
#pragma once
#include <vector>

#include "linter/discover/discover.h"
#include "linter/source/unit.h"

namespace amilint {

std::vector<Unit> make_units(const std::vector<Candidate>& files, int jobs);

// Reads the files of a unit that make_units left unread (templates). Idempotent.
void read_unit(Unit& unit);

// `.tf` and `.tf.json` files.
bool is_tf_file(const std::string& path);

// Terraform variable files: `.tfvars` and `.tfvars.json`.
bool is_tfvars_file(const std::string& path);

// The local module sources (`source = "./..."` or "../...") a Terraform file's text
// may call: every such string written after `source =` (HCL, outside comments) or
// `"source":` (JSON), so that no local child module is missed.
std::vector<std::string> local_sources(std::string_view text, bool json = false);

// "a/b" + "../c" -> "a/c": joined and normalized textually (no disk access).
std::string join_path(const std::string& dir, const std::string& rel);

}  // namespace amilint
