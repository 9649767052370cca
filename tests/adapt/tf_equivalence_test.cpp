// The same intent written in HCL, in Terraform JSON syntax and as a plan gives the
// same findings: one adapter and one set of rules serve all three.
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <string>

namespace fs = std::filesystem;

namespace {

const char* kHcl = R"TF(provider "aws" {
  region = "us-east-1"
}

provider "aws" {
  alias  = "west"
  region = "us-west-2"
}

data "aws_ami" "golden" {
  owners      = ["self"]
  most_recent = true
}

data "aws_ami" "ubuntu" {
  most_recent = true
  filter {
    name   = "name"
    values = ["ubuntu/images/*"]
  }
}

resource "aws_instance" "dr" {
  provider      = aws.west
  ami           = data.aws_ami.golden.id
  instance_type = "t3.micro"
}

resource "aws_ami_copy" "c" {
  name              = "copy"
  source_ami_id     = "ami-0abcdef1234567890"
  source_ami_region = "us-east-1"
}
)TF";

const char* kJson = R"TF({
  "provider": {"aws": [{"region": "us-east-1"}, {"alias": "west", "region": "us-west-2"}]},
  "data": {
    "aws_ami": {
      "golden": {"owners": ["self"], "most_recent": true},
      "ubuntu": {"most_recent": true, "filter": [{"name": "name", "values": ["ubuntu/images/*"]}]}
    }
  },
  "resource": {
    "aws_instance": {"dr": {"provider": "aws.west", "ami": "${data.aws_ami.golden.id}", "instance_type": "t3.micro"}},
    "aws_ami_copy": {"c": {"name": "copy", "source_ami_id": "ami-0abcdef1234567890", "source_ami_region": "us-east-1"}}
  }
}
)TF";

const char* kPlan = R"TF({
  "format_version": "1.2",
  "terraform_version": "1.9.8",
  "planned_values": {
    "root_module": {
      "resources": [
        {"address": "aws_instance.dr", "mode": "managed", "type": "aws_instance", "name": "dr",
         "provider_name": "registry.terraform.io/hashicorp/aws", "schema_version": 1,
         "values": {"ami": "ami-0123456789abcdef0", "instance_type": "t3.micro"}, "sensitive_values": {}},
        {"address": "aws_ami_copy.c", "mode": "managed", "type": "aws_ami_copy", "name": "c",
         "provider_name": "registry.terraform.io/hashicorp/aws", "schema_version": 0,
         "values": {"name": "copy", "source_ami_id": "ami-0abcdef1234567890", "source_ami_region": "us-east-1",
                    "encrypted": false, "kms_key_id": null}, "sensitive_values": {}}
      ]
    }
  },
  "resource_changes": [],
  "prior_state": {
    "format_version": "1.0",
    "values": {
      "root_module": {
        "resources": [
          {"address": "data.aws_ami.golden", "mode": "data", "type": "aws_ami", "name": "golden",
           "provider_name": "registry.terraform.io/hashicorp/aws", "schema_version": 0,
           "values": {"id": "ami-0123456789abcdef0", "owners": ["self"], "most_recent": true, "filter": []}},
          {"address": "data.aws_ami.ubuntu", "mode": "data", "type": "aws_ami", "name": "ubuntu",
           "provider_name": "registry.terraform.io/hashicorp/aws", "schema_version": 0,
           "values": {"id": "ami-0fedcba9876543210", "owners": null, "most_recent": true,
                      "filter": [{"name": "name", "values": ["ubuntu/images/*"]}]}}
        ]
      }
    }
  },
  "configuration": {
    "provider_config": {
      "aws": {"name": "aws", "full_name": "registry.terraform.io/hashicorp/aws",
              "expressions": {"region": {"constant_value": "us-east-1"}}},
      "aws.west": {"name": "aws", "full_name": "registry.terraform.io/hashicorp/aws", "alias": "west",
                   "expressions": {"region": {"constant_value": "us-west-2"}}}
    },
    "root_module": {
      "resources": [
        {"address": "aws_instance.dr", "mode": "managed", "type": "aws_instance", "name": "dr",
         "provider_config_key": "aws.west",
         "expressions": {"ami": {"references": ["data.aws_ami.golden.id", "data.aws_ami.golden"]},
                         "instance_type": {"constant_value": "t3.micro"}}, "schema_version": 1},
        {"address": "aws_ami_copy.c", "mode": "managed", "type": "aws_ami_copy", "name": "c",
         "provider_config_key": "aws",
         "expressions": {"name": {"constant_value": "copy"}, "source_ami_id": {"constant_value": "ami-0abcdef1234567890"},
                         "source_ami_region": {"constant_value": "us-east-1"}}, "schema_version": 0},
        {"address": "data.aws_ami.golden", "mode": "data", "type": "aws_ami", "name": "golden",
         "provider_config_key": "aws",
         "expressions": {"owners": {"constant_value": ["self"]}, "most_recent": {"constant_value": true}}, "schema_version": 0},
        {"address": "data.aws_ami.ubuntu", "mode": "data", "type": "aws_ami", "name": "ubuntu",
         "provider_config_key": "aws",
         "expressions": {"most_recent": {"constant_value": true},
                         "filter": [{"name": {"constant_value": "name"}, "values": {"constant_value": ["ubuntu/images/*"]}}]},
         "schema_version": 0}
      ]
    }
  }
}
)TF";

// rule + the resource address a finding is about
std::multiset<std::string> findings_of(const fs::path& dir, const std::string& file, const char* text) {
  fs::create_directories(dir);
  std::ofstream(dir / file) << text;
  std::string cmd = std::string("'") + AMILINT_BINARY + "' --format json '" + dir.string() + "' 2>/dev/null";
  FILE* p = popen(cmd.c_str(), "r");
  REQUIRE(p);
  std::string out;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
  int status = pclose(p);
  INFO("amilint output: " << out);
  CHECK(WEXITSTATUS(status) == 1);
  std::multiset<std::string> got;
  auto doc = nlohmann::json::parse(out);
  for (const auto& f : doc["findings"]) {
    std::string path = f["path"];
    if (path.rfind("resource.", 0) == 0) path = path.substr(9);
    // keep "type.name" or "data.type.name"
    size_t parts = path.rfind("data.", 0) == 0 ? 3 : 2, pos = 0;
    for (size_t i = 0; i < parts && pos != std::string::npos; ++i) pos = path.find('.', pos + (i ? 1 : 0));
    if (pos != std::string::npos) path = path.substr(0, pos);
    got.insert(f["rule"].get<std::string>() + " " + path);
  }
  return got;
}

}  // namespace

TEST_CASE("tf: HCL, Terraform JSON and plan JSON give the same findings", "[tf]") {
  char tmpl[] = "/tmp/amilint-eq-XXXXXX";
  fs::path root = mkdtemp(tmpl);
  auto hcl = findings_of(root / "hcl", "main.tf", kHcl);
  auto json = findings_of(root / "json", "main.tf.json", kJson);
  auto plan = findings_of(root / "plan", "plan.json", kPlan);
  fs::remove_all(root);
  std::multiset<std::string> want = {"AMI011 aws_instance.dr", "AMI021 aws_ami_copy.c", "AMI022 aws_ami_copy.c",
                                     "AMI040 data.aws_ami.ubuntu"};
  INFO("in " << root.string());
  CHECK(hcl == want);
  CHECK(json == want);
  CHECK(plan == want);
}
