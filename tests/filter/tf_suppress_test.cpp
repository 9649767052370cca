// Suppressions in Terraform: `# amilint:ignore` comments in HCL (line or line above),
// and `"//"` strings in Terraform JSON blocks.
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

namespace fs = std::filesystem;

namespace {

nlohmann::json lint_dir(const fs::path& dir, const std::string& args = "") {
  std::string cmd = std::string("cd '") + dir.string() + "' && '" + AMILINT_BINARY + "' --format json " + args +
                    " . 2>/dev/null";
  FILE* p = popen(cmd.c_str(), "r");
  REQUIRE(p);
  std::string out;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
  pclose(p);
  return nlohmann::json::parse(out);
}

fs::path temp_dir() {
  char tmpl[] = "/tmp/amilint-tfsup-XXXXXX";
  return mkdtemp(tmpl);
}

}  // namespace

TEST_CASE("tf: amilint:ignore comments in HCL, on the line or the line above", "[tf]") {
  fs::path d = temp_dir();
  std::ofstream(d / "main.tf") << R"(resource "aws_instance" "a" {
  # amilint:ignore AMI002 reason="pinned for the 2024 audit"
  ami = "ami-0abcdef1234567890"
}

resource "aws_instance" "b" {
  ami = "ami-0abcdef1234567891" // amilint:ignore hardcoded-ami-id reason="legacy" until=2020-01-01
}

resource "aws_instance" "c" {
  ami = "ami-0abcdef1234567892"
}
)";
  auto j = lint_dir(d, "--now 2026-11-22T00:00:00Z");
  fs::remove_all(d);
  REQUIRE(j["findings"].size() == 2);
  CHECK(j["findings"][0]["line"] == 7);
  CHECK(j["findings"][0]["message"].get<std::string>().find("expired") != std::string::npos);
  CHECK(j["findings"][1]["line"] == 11);
  CHECK(j["summary"]["suppressed"] == 1);
}

TEST_CASE("tf: a // string in a Terraform JSON block suppresses findings in that block", "[tf]") {
  fs::path d = temp_dir();
  std::ofstream(d / "main.tf.json") << R"({
  "resource": {
    "aws_instance": {
      "a": {
        "//": "amilint:ignore AMI002 reason=\"pinned for the 2024 audit\"",
        "ami": "ami-0abcdef1234567890"
      },
      "b": {
        "//": "amilint:ignore AMI002",
        "ami": "ami-0abcdef1234567891"
      },
      "c": {"ami": "ami-0abcdef1234567892"}
    }
  }
}
)";
  auto j = lint_dir(d);
  fs::remove_all(d);
  REQUIRE(j["findings"].size() == 2);
  CHECK(j["findings"][0]["line"] == 10);
  CHECK(j["findings"][0]["message"].get<std::string>().find("has no reason") != std::string::npos);
  CHECK(j["findings"][1]["line"] == 12);
  CHECK(j["summary"]["suppressed"] == 1);
}

TEST_CASE("tf: named .tf files read their whole module and report only their own findings", "[tf]") {
  fs::path d = temp_dir();
  std::ofstream(d / "providers.tf") << R"(provider "aws" {
  region = var.region
}

provider "aws" {
  alias  = "west"
  region = "us-west-2"
}
)";
  std::ofstream(d / "variables.tf") << R"(variable "region" {
  default = "us-east-1"
}
)";
  std::ofstream(d / "main.tf") << R"(data "aws_ami" "golden" {
  owners      = ["self"]
  most_recent = true
}

resource "aws_instance" "dr" {
  provider = aws.west
  ami      = data.aws_ami.golden.id
}
)";
  auto run = [&](const std::string& files) {
    std::string cmd = std::string("cd '") + d.string() + "' && '" + AMILINT_BINARY + "' --format json " + files +
                      " 2>/dev/null";
    FILE* p = popen(cmd.c_str(), "r");
    std::string out;
    char buf[4096];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
    pclose(p);
    return nlohmann::json::parse(out);
  };
  // main.tf alone still sees the providers and the variable default of its module.
  auto one = run("main.tf");
  REQUIRE(one["findings"].size() == 1);
  CHECK(one["findings"][0]["rule"] == "AMI011");
  CHECK(one["findings"][0]["file"] == "main.tf");
  // Another file of the module alone: the module is read, main.tf's finding is not reported.
  CHECK(run("variables.tf")["findings"].empty());
  // Named as typed, with the directory: reported under that name.
  auto dotted = run("./main.tf");
  REQUIRE(dotted["findings"].size() == 1);
  CHECK(dotted["findings"][0]["file"] == "./main.tf");
  auto from_parent = run("../" + d.filename().string() + "/main.tf");
  REQUIRE(from_parent["findings"].size() == 1);
  CHECK(from_parent["findings"][0]["file"] == "../" + d.filename().string() + "/main.tf");
  fs::remove_all(d);
}
