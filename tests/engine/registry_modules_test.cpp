// Registry modules end to end, through the real binary: a root module after
// `terraform init` (tests/registry_tree.h) passes an AMI ID to the registry module
// terraform-aws-modules/ec2-instance (copied from the corpus at test time). The
// module's instance launches it in the root's region, while the root's own
// aws_ami_copy says the ID lives in us-east-1.
#include <nlohmann/json.hpp>

#include <algorithm>
#include <string>

#include "tests/registry_tree.h"
#include "tests/test_util.h"

using namespace amilint_test;

namespace {

const char* const kRootMain = R"(provider "aws" {
  region = "eu-central-1"
}

resource "aws_ami_copy" "golden" {
  name              = "web-golden"
  source_ami_id     = "ami-0abcdef1234567890"
  source_ami_region = "us-east-1"
  encrypted         = true
}

module "ec2" {
  source        = "terraform-aws-modules/ec2-instance/aws"
  version       = "6.0.0"
  ami           = "ami-0abcdef1234567890"
  instance_type = "t3.micro"
}
)";

}  // namespace

TEST_CASE("registry modules end to end: an AMI passed to an installed registry module is checked in the root's region",
          "[registry-e2e]") {
  REQUIRE(fs::is_directory(ec2_instance_corpus()));
  TempDir t;
  write_registry_tree(t, "live", kRootMain);
  // Where the literal passed as the module's `ami` is: line 15, column 19.
  const std::string main = t.read("live/main.tf");
  const std::string call_ami = "  ami           = \"ami-0abcdef1234567890\"";
  REQUIRE(main.find(call_ami) != std::string::npos);
  REQUIRE(std::count(main.begin(), main.begin() + static_cast<long>(main.find(call_ami)), '\n') == 14);

  Run r = run_amilint("--no-config --format json .", t.path / "live", 120);
  INFO(r.out << r.err);
  CHECK(r.code == 1);
  auto j = nlohmann::json::parse(r.out);
  int ami010 = 0;
  for (const auto& f : j["findings"]) {
    if (f["rule"] != "AMI010") continue;
    ++ami010;
    INFO(f.dump());
    CHECK(f["name"] == "ami-region-mismatch");
    CHECK(f["file"] == "main.tf");
    CHECK(f["line"] == 15);
    CHECK(f["column"] == 19);
    CHECK(f["end_line"] == 15);
    CHECK(f["end_column"] == 42);
    std::string path = f["path"];
    CHECK(path.rfind("module.ec2.resource.aws_instance.this[0]", 0) == 0);
    std::string message = f["message"];
    CHECK(message.find("'ami-0abcdef1234567890' is used in eu-central-1") != std::string::npos);
    CHECK(message.find("us-east-1") != std::string::npos);
  }
  CHECK(ami010 == 1);
  // The ID reached the module's instance, in the root's region.
  bool launched = false;
  for (const auto& a : j["amis"])
    if (a["resource"] == "module.ec2.aws_instance.this[0]") {
      launched = true;
      CHECK(a["value"] == "ami-0abcdef1234567890");
      CHECK(a["regions"] == nlohmann::json::array({"eu-central-1"}));
    }
  CHECK(launched);
}
