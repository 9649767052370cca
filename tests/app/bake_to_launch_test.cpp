// From bake to launch: a run that holds both a Packer build and the Terraform that
// launches its image. The build's build region and ami_regions are where the image
// is; a lookup of your own images by a name the build gives (or an
// hcp_packer_artifact of its bucket) in a stack with DR regions is judged by them
// (AMI020 at the lookup, naming the Packer file and line), and the audit table says so.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <string>
#include <vector>

#include "linter/model/baked.h"
#include "tests/test_util.h"

using namespace amilint_test;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

// A golden-image build in the shape public repositories use: the name ends in a
// timestamp, the source is Amazon's AL2023 by filter, the image is copied to one
// other region.
std::string web_build(const std::string& ami_regions) {
  return "packer {\n"
         "  required_plugins {\n"
         "    amazon = {\n"
         "      version = \">= 1.2.0\"\n"
         "      source  = \"github.com/hashicorp/amazon\"\n"
         "    }\n"
         "  }\n"
         "}\n"
         "\n"
         "variable \"region\" {\n"
         "  type    = string\n"
         "  default = \"us-east-1\"\n"
         "}\n"
         "\n"
         "locals {\n"
         "  timestamp = regex_replace(timestamp(), \"[- TZ:]\", \"\")\n"
         "}\n"
         "\n"
         "source \"amazon-ebs\" \"web\" {\n"
         "  ami_name      = \"golden-web-${local.timestamp}\"\n"
         "  instance_type = \"t3.micro\"\n"
         "  region        = var.region\n"
         "  ami_regions   = " + ami_regions + "\n"  // line 23
         "  encrypt_boot  = true\n"
         "  kms_key_id    = \"alias/golden\"\n"
         "  region_kms_key_ids = {\n"
         "    \"eu-west-1\" = \"alias/golden\"\n"
         "    \"us-west-2\" = \"alias/golden\"\n"
         "  }\n"
         "  ami_users     = [\"111122223333\"]\n"
         "  source_ami_filter {\n"
         "    filters = {\n"
         "      name                = \"al2023-ami-2023.*-x86_64\"\n"
         "      root-device-type    = \"ebs\"\n"
         "      virtualization-type = \"hvm\"\n"
         "    }\n"
         "    most_recent = true\n"
         "    owners      = [\"amazon\"]\n"
         "  }\n"
         "  ssh_username = \"ec2-user\"\n"
         "}\n"
         "\n"
         "build {\n"
         "  sources = [\"source.amazon-ebs.web\"]\n"
         "}\n";
}

// The stack that launches it: in the primary region and in the DR region.
const char* kWebStack =
    "provider \"aws\" {\n"
    "  region = \"us-east-1\"\n"
    "}\n"
    "\n"
    "data \"aws_ami\" \"web\" {\n"
    "  most_recent = true\n"
    "  owners      = [\"self\"]\n"
    "\n"
    "  filter {\n"
    "    name   = \"name\"\n"
    "    values = [\"golden-web-*\"]\n"  // line 11, column 15
    "  }\n"
    "}\n"
    "\n"
    "resource \"aws_instance\" \"web\" {\n"
    "  ami           = data.aws_ami.web.id\n"
    "  instance_type = \"t3.micro\"\n"
    "}\n";

struct Found {
  std::string file, rule, message;
  int line = 0, column = 0;
};

std::vector<Found> findings(const Run& r) {
  std::vector<Found> out;
  json j = json::parse(r.out);
  for (const auto& f : j["findings"])
    out.push_back({f["file"].get<std::string>(), f["rule"].get<std::string>(), f["message"].get<std::string>(),
                   f["line"].get<int>(), f["column"].get<int>()});
  return out;
}

std::vector<Found> of_rule(const std::vector<Found>& all, const std::string& rule, const std::string& file) {
  std::vector<Found> out;
  for (const auto& f : all)
    if (f.rule == rule && f.file == file) out.push_back(f);
  return out;
}

}  // namespace

TEST_CASE("bake to launch: a DR region ami_regions leaves out is reported at the Terraform lookup", "[bake][cli]") {
  TempDir t(true);
  t.write("packer/web.pkr.hcl", web_build("[\"eu-west-1\"]"));
  t.write("terraform/main.tf", kWebStack);

  Run r = run_amilint("--no-config --dr-region us-west-2 --format json .", t.path, 60);
  INFO(r.out << r.err);
  REQUIRE(r.code == 1);
  auto all = findings(r);
  auto at_lookup = of_rule(all, "AMI020", "terraform/main.tf");
  REQUIRE(at_lookup.size() == 1);
  CHECK(at_lookup[0].line == 11);
  CHECK(at_lookup[0].column == 15);
  CHECK_THAT(at_lookup[0].message, Catch::Contains("data.aws_ami.web finds the image of source.amazon-ebs.web "
                                                   "(packer/web.pkr.hcl:23), not copied to DR region us-west-2"));
  CHECK_THAT(at_lookup[0].message, Catch::Contains("add it to ami_regions"));
  // The build itself is reported where its copies are decided.
  auto at_build = of_rule(all, "AMI020", "packer/web.pkr.hcl");
  REQUIRE(at_build.size() == 1);
  CHECK(at_build[0].line == 23);

  // The audit table: the lookup's DR availability comes from the build, and the
  // build's source slot carries what the build makes.
  json j = json::parse(r.out);
  bool lookup_row = false, build_row = false;
  for (const auto& a : j["amis"]) {
    if (a["file"] == "terraform/main.tf") {
      lookup_row = true;
      CHECK(a["dr"]["us-west-2"]["status"] == "missing");
      CHECK_THAT(a["dr"]["us-west-2"]["how"].get<std::string>(), Catch::Contains("packer/web.pkr.hcl:23"));
    }
    if (a["file"] == "packer/web.pkr.hcl") {
      build_row = true;
      CHECK(a["resource"] == "source.amazon-ebs.web");
      CHECK(a["build"]["ami_name"] == "golden-web-*");
      CHECK(a["build"]["region"] == "us-east-1");
      CHECK(a["build"]["ami_regions"] == json::array({"eu-west-1"}));
      CHECK(a["build"]["encrypt_boot"] == true);
      CHECK(a["build"]["kms_key_id"] == "alias/golden");
      CHECK(a["build"]["shared"]["ami_users"] == json::array({"111122223333"}));
      CHECK(a["dr"]["us-west-2"]["status"] == "missing");
    }
  }
  CHECK(lookup_row);
  CHECK(build_row);

  // Adding the region to ami_regions silences both.
  t.write("packer/web.pkr.hcl", web_build("[\"eu-west-1\", \"us-west-2\"]"));
  Run fixed = run_amilint("--no-config --dr-region us-west-2 --format json .", t.path, 60);
  INFO(fixed.out << fixed.err);
  CHECK(fixed.code == 0);
  CHECK(of_rule(findings(fixed), "AMI020", "terraform/main.tf").empty());
  json jf = json::parse(fixed.out);
  for (const auto& a : jf["amis"])
    if (a["file"] == "terraform/main.tf") {
      CHECK(a["dr"]["us-west-2"]["status"] == "available");
      CHECK_THAT(a["dr"]["us-west-2"]["how"].get<std::string>(), Catch::Contains("source.amazon-ebs.web"));
    }

  // Without the build in the run, the lookup is judged as before: a lookup of your
  // own images needs a copy.
  Run alone = run_amilint("--no-config --dr-region us-west-2 --format json terraform", t.path, 60);
  auto before = of_rule(findings(alone), "AMI020", "terraform/main.tf");
  REQUIRE(before.size() == 1);
  CHECK(before[0].line == 16);
  CHECK_THAT(before[0].message, Catch::Contains("add an aws_ami_copy"));
}

TEST_CASE("bake to launch: legacy JSON builds, name_regex, HCP Packer artifacts and lookups that do not match",
          "[bake][cli]") {
  TempDir t(true);
  // A legacy JSON template, read beside the stacks (its kind is known only once read).
  t.write("images/web.json",
          "{\n"
          "  \"variables\": {\"region\": \"us-east-1\", \"prefix\": \"golden-web\"},\n"
          "  \"builders\": [\n"
          "    {\n"
          "      \"type\": \"amazon-ebs\",\n"
          "      \"name\": \"web\",\n"
          "      \"region\": \"{{user `region`}}\",\n"
          "      \"source_ami\": \"ami-0a1b2c3d4e5f60001\",\n"
          "      \"instance_type\": \"t3.micro\",\n"
          "      \"ssh_username\": \"ec2-user\",\n"
          "      \"ami_name\": \"{{user `prefix`}}-{{timestamp}}\",\n"
          "      \"ami_regions\": [\"eu-west-1\"]\n"  // line 12
          "    }\n"
          "  ]\n"
          "}\n");
  // An HCL2 build that publishes to HCP Packer (bucket: the build's name).
  t.write("images/api.pkr.hcl",
          "source \"amazon-ebs\" \"api\" {\n"
          "  ami_name      = \"api-${formatdate(\"YYYYMMDD\", timestamp())}\"\n"
          "  instance_type = \"t3.micro\"\n"
          "  region        = \"us-east-1\"\n"
          "  ami_regions   = [\"eu-west-1\"]\n"  // line 5
          "  source_ami    = \"ami-0a1b2c3d4e5f60001\"\n"
          "  ssh_username  = \"ec2-user\"\n"
          "}\n"
          "\n"
          "build {\n"
          "  name = \"api\"\n"
          "  hcp_packer_registry {\n"
          "    description = \"API golden image\"\n"
          "  }\n"
          "  sources = [\"source.amazon-ebs.api\"]\n"
          "}\n");
  t.write("stacks/main.tf",
          "provider \"aws\" {\n"
          "  region = \"us-east-1\"\n"
          "}\n"
          "\n"
          "provider \"aws\" {\n"
          "  alias  = \"dr\"\n"
          "  region = \"us-west-2\"\n"
          "}\n"
          "\n"
          "data \"aws_ami\" \"web_dr\" {\n"
          "  provider    = aws.dr\n"
          "  most_recent = true\n"
          "  owners      = [\"self\"]\n"
          "  name_regex  = \"^golden-web-\\\\d+$\"\n"  // line 14, column 17
          "}\n"
          "\n"
          "resource \"aws_instance\" \"web_dr\" {\n"
          "  provider      = aws.dr\n"
          "  ami           = data.aws_ami.web_dr.id\n"
          "  instance_type = \"t3.micro\"\n"
          "}\n"
          "\n"
          "data \"hcp_packer_artifact\" \"api\" {\n"
          "  bucket_name  = \"api\"\n"
          "  channel_name = \"production\"\n"
          "  platform     = \"aws\"\n"
          "  region       = \"us-east-1\"\n"
          "}\n"
          "\n"
          "resource \"aws_instance\" \"api\" {\n"
          "  ami           = data.hcp_packer_artifact.api.external_identifier\n"  // line 31, column 19
          "  instance_type = \"t3.micro\"\n"
          "}\n"
          "\n"
          "# Another team's images: a name no build of the run gives.\n"
          "data \"aws_ami\" \"batch\" {\n"
          "  most_recent = true\n"
          "  owners      = [\"self\"]\n"
          "  filter {\n"
          "    name   = \"name\"\n"
          "    values = [\"batch-*\"]\n"
          "  }\n"
          "}\n"
          "\n"
          "resource \"aws_instance\" \"batch\" {\n"
          "  ami           = data.aws_ami.batch.id\n"  // line 46
          "  instance_type = \"t3.micro\"\n"
          "}\n"
          "\n"
          "# Amazon's images by a name that happens to overlap: not the build's.\n"
          "data \"aws_ami\" \"al2023\" {\n"
          "  most_recent = true\n"
          "  owners      = [\"amazon\"]\n"
          "  filter {\n"
          "    name   = \"name\"\n"
          "    values = [\"golden-*\"]\n"
          "  }\n"
          "}\n"
          "\n"
          "resource \"aws_instance\" \"tools\" {\n"
          "  ami           = data.aws_ami.al2023.id\n"
          "  instance_type = \"t3.micro\"\n"
          "}\n");

  Run r = run_amilint("--no-config --dr-region us-west-2 --format json .", t.path, 60);
  INFO(r.out << r.err);
  auto at_stack = of_rule(findings(r), "AMI020", "stacks/main.tf");
  REQUIRE(at_stack.size() == 3);
  // The legacy build: found by name_regex, in the DR region itself.
  CHECK(at_stack[0].line == 14);
  CHECK(at_stack[0].column == 17);
  CHECK_THAT(at_stack[0].message,
             Catch::Contains("data.aws_ami.web_dr finds the image of web (images/web.json:12), not copied to DR "
                             "region us-west-2"));
  // The HCP Packer artifact of the api build.
  CHECK(at_stack[1].line == 31);
  CHECK(at_stack[1].column == 19);
  CHECK_THAT(at_stack[1].message,
             Catch::Contains("data.hcp_packer_artifact.api reads the image of source.amazon-ebs.api "
                             "(images/api.pkr.hcl:5), not copied to DR region us-west-2"));
  // A lookup no build matches: judged as before.
  CHECK(at_stack[2].line == 46);
  CHECK_THAT(at_stack[2].message, Catch::Contains("add an aws_ami_copy"));

  // The DR region added to both builds: the stack is silent.
  std::string web = t.read("images/web.json");
  web.replace(web.find("[\"eu-west-1\"]"), 13, "[\"eu-west-1\", \"us-west-2\"]");
  t.write("images/web.json", web);
  std::string api = t.read("images/api.pkr.hcl");
  api.replace(api.find("[\"eu-west-1\"]"), 13, "[\"us-west-2\"]");
  t.write("images/api.pkr.hcl", api);
  Run fixed = run_amilint("--no-config --dr-region us-west-2 --format json .", t.path, 60);
  INFO(fixed.out << fixed.err);
  auto left = of_rule(findings(fixed), "AMI020", "stacks/main.tf");
  REQUIRE(left.size() == 1);
  CHECK(left[0].line == 46);
}

TEST_CASE("bake to launch: a Terraform plan's lookup is judged by the build as a module's is", "[bake][cli]") {
  TempDir t(true);
  // A plan whose data.aws_ami.app (owners self, name app-*) feeds aws_instance.app.
  fs::copy(fs::path(AMILINT_SOURCE_DIR) / "fixtures" / "AMI020" / "plan" / "fire.json", t.path / "plan.json");
  t.write("packer/app.pkr.hcl",
          "source \"amazon-ebs\" \"app\" {\n"
          "  ami_name      = \"app-${formatdate(\"YYYYMMDDhhmm\", timestamp())}\"\n"
          "  instance_type = \"t3.micro\"\n"
          "  region        = \"us-east-1\"\n"
          "  ami_regions   = [\"eu-west-1\"]\n"
          "  source_ami    = \"ami-0a1b2c3d4e5f60001\"\n"
          "  ssh_username  = \"ec2-user\"\n"
          "}\n"
          "\n"
          "build {\n"
          "  sources = [\"source.amazon-ebs.app\"]\n"
          "}\n");
  Run r = run_amilint("--no-config --dr-region us-west-2 --format json .", t.path, 60);
  INFO(r.out << r.err);
  auto in_plan = of_rule(findings(r), "AMI020", "plan.json");
  REQUIRE(in_plan.size() == 2);
  CHECK(in_plan[0].line == 24);  // a literal: as before
  CHECK(in_plan[1].line == 77);  // the lookup's name filter in prior_state
  CHECK_THAT(in_plan[1].message, Catch::Contains("data.aws_ami.app finds the image of source.amazon-ebs.app "
                                                 "(packer/app.pkr.hcl:5), not copied to DR region us-west-2"));
  std::string build = t.read("packer/app.pkr.hcl");
  build.replace(build.find("[\"eu-west-1\"]"), 13, "[\"eu-west-1\", \"us-west-2\"]");
  t.write("packer/app.pkr.hcl", build);
  Run fixed = run_amilint("--no-config --dr-region us-west-2 --format json .", t.path, 60);
  auto left = of_rule(findings(fixed), "AMI020", "plan.json");
  REQUIRE(left.size() == 1);
  CHECK(left[0].line == 24);
}

TEST_CASE("globs_overlap: two name patterns that admit a common name", "[bake]") {
  using amilint::globs_overlap;
  CHECK(globs_overlap("golden-web-*", "golden-web-*"));
  CHECK(globs_overlap("golden-web-*", "golden-web-20261207"));
  CHECK(globs_overlap("golden-*", "golden-web-*"));
  CHECK(globs_overlap("*-web-*", "golden-web-*"));
  CHECK(globs_overlap("golden-web-?", "golden-web-*"));
  CHECK(globs_overlap("*", "anything"));
  CHECK(globs_overlap("web-*-x86_64", "web-*-x86_64"));
  CHECK(globs_overlap("web-2026*", "web-*-x86_64"));
  CHECK_FALSE(globs_overlap("golden-api-*", "golden-web-*"));
  CHECK_FALSE(globs_overlap("golden-web-?", "golden-web-12"));
  CHECK_FALSE(globs_overlap("web-*-arm64", "web-*-x86_64"));
  CHECK_FALSE(globs_overlap("batch-*", "golden-web-*"));
  CHECK_FALSE(globs_overlap("", "a*b"));
  CHECK(globs_overlap("", "*"));
}
