// A root module as `terraform init` leaves it, for the tests of registry and git
// modules (tests/discover/manifest_test.cpp, tests/engine/registry_modules_test.cpp).
// The registry module ec2-instance is copied at test time from the corpus beside the
// repository (../shared/corpus), never kept in the repository.
#pragma once
#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include "tests/test_util.h"

namespace amilint_test {

inline fs::path ec2_instance_corpus() {
  return fs::path(AMILINT_SOURCE_DIR).parent_path() / "shared" / "corpus" / "terraform-aws-modules__terraform-aws-ec2-instance";
}

// The top-level .tf files of the corpus module, by name.
inline std::vector<std::string> ec2_instance_files() {
  std::vector<std::string> names;
  for (const auto& e : fs::directory_iterator(ec2_instance_corpus()))
    if (e.is_regular_file() && e.path().extension() == ".tf") names.push_back(e.path().filename().string());
  std::sort(names.begin(), names.end());
  return names;
}

// The calls of the root module's main.tf that the manifest below records.
inline const char* const kRegistryCalls = R"(module "vpc" {
  source  = "example-org/vpc/aws"
  version = "1.2.0"
}

module "net" {
  source = "git::https://example.com/net.git//modules/subnet?ref=v1"
}

module "app" {
  source = "./app"
}
)";

inline const char* const kRegistryManifest = R"({"Modules":[
  {"Key":"","Source":"","Dir":"."},
  {"Key":"app","Source":"./app","Dir":"app"},
  {"Key":"ec2","Source":"registry.terraform.io/terraform-aws-modules/ec2-instance/aws","Version":"6.0.0","Dir":".terraform/modules/ec2"},
  {"Key":"net","Source":"git::https://example.com/net.git//modules/subnet?ref=v1","Dir":".terraform/modules/net/modules/subnet"},
  {"Key":"vpc","Source":"registry.terraform.io/example-org/vpc/aws","Version":"1.2.0","Dir":".terraform/modules/vpc"},
  {"Key":"vpc.flow","Source":"registry.terraform.io/example-org/flow-logs/aws","Version":"2.0.0","Dir":".terraform/modules/vpc.flow"},
  {"Key":"vpc.sub","Source":"./modules/sub","Dir":".terraform/modules/vpc/modules/sub"}
]}
)";

// Under `root` (relative to t): main.tf (root_main, then kRegistryCalls), the local
// module app, and what `terraform init` installed: ec2 (the corpus module), vpc with
// its nested registry module vpc.flow and its local module vpc.sub, and the git module
// net, whose clone holds more than the subdirectory the source names.
inline void write_registry_tree(const TempDir& t, const std::string& root, const std::string& root_main) {
  t.write(root + "/main.tf", root_main + "\n" + kRegistryCalls);
  t.write(root + "/app/main.tf", "output \"name\" {\n  value = \"app\"\n}\n");
  const std::string mods = root + "/.terraform/modules/";
  t.write(mods + "modules.json", kRegistryManifest);
  fs::create_directories(t.path / (mods + "ec2"));
  for (const auto& n : ec2_instance_files()) fs::copy_file(ec2_instance_corpus() / n, t.path / (mods + "ec2/" + n));
  t.write(mods + "vpc/main.tf", R"(module "flow" {
  source  = "example-org/flow-logs/aws"
  version = "2.0.0"
}

module "sub" {
  source = "./modules/sub"
}
)");
  t.write(mods + "vpc/modules/sub/main.tf", "variable \"x\" {\n  default = 1\n}\n");
  t.write(mods + "vpc.flow/main.tf", "resource \"aws_flow_log\" \"this\" {\n  traffic_type = \"ALL\"\n}\n");
  t.write(mods + "net/main.tf", "# the repository's root module: not the one the source names\n");
  t.write(mods + "net/modules/subnet/main.tf", "resource \"aws_subnet\" \"this\" {\n  cidr_block = \"10.0.1.0/24\"\n}\n");
  t.write(mods + "net/modules/subnet/variables.tf.json", "{\"variable\": {\"vpc_id\": {}}}\n");
}

}  // namespace amilint_test
