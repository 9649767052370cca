// The AMI inventory: loading both forms, indexes, every error (in the library and
// through the real binary), the AMI placements the inventory rules judge, and
// sharing one inventory across worker threads.
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>

#include "tests/test_util.h"
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>

#include "linter/adapt/cfn.h"
#include "linter/app/inventory_files.h"
#include "linter/model/inventory.h"
#include "linter/load/loaders.h"

namespace fs = std::filesystem;
using namespace amilint;

namespace {

using amilint_test::Run;
using amilint_test::run_amilint;
struct TempDir : amilint_test::TempDir {
  TempDir() : amilint_test::TempDir(true) {}
};

const fs::path kFixtures = fs::path(AMILINT_SOURCE_DIR) / "fixtures";
const fs::path kMain = kFixtures / "inventory" / "main";



std::string parse_error(const std::string& text, const std::string& display, const std::string& region = "",
                        const std::vector<std::string>& extra = {}) {
  Inventory inv;
  std::string error;
  CHECK_FALSE(parse_inventory_text(text, display, region, extra, inv, error));
  return error;
}

std::string load_error(const std::string& path) {
  Inventory inv;
  std::string error;
  CHECK_FALSE(load_inventory(path, {}, inv, error));
  return error;
}

const char* kStack =
    "AWSTemplateFormatVersion: '2010-09-09'\n"
    "Resources:\n"
    "  Web:\n"
    "    Type: AWS::EC2::Instance\n"
    "    Properties:\n"
    "      ImageId: ami-0a1b2c3d4e5f60001\n";

}  // namespace

TEST_CASE("inventory: a directory of region files is indexed by ID and by name", "[inventory]") {
  Inventory inv;
  std::string error;
  REQUIRE(load_inventory(kMain.string(), {}, inv, error));
  CHECK(error.empty());
  CHECK(inv.regions() == std::vector<std::string>{"eu-west-1", "us-east-1", "us-west-2"});
  CHECK(inv.image_count() == 9);
  CHECK(inv.has_region("eu-west-1"));  // an empty inventory still says "nothing here"
  CHECK_FALSE(inv.has_region("ap-south-1"));
  const Image* web = inv.find("us-east-1", "ami-0a1b2c3d4e5f60001");
  REQUIRE(web);
  CHECK(web->name == "web-base-v1");
  CHECK(web->owner == "111122223333");
  CHECK(web->state == "available");
  CHECK_FALSE(web->is_public);
  CHECK_FALSE(web->deprecated);
  CHECK(web->region == "us-east-1");
  CHECK(inv.find("us-west-2", "ami-0a1b2c3d4e5f60001") == nullptr);
  CHECK(inv.regions_listing("ami-0a1b2c3d4e5f60001") == std::vector<std::string>{"us-east-1"});
  CHECK(inv.regions_listing("ami-0deadbeefdeadbeef").empty());
  CHECK(inv.find_any("ami-0b1b2c3d4e5f60001")->region == "us-west-2");
  auto copies = inv.by_name("us-west-2", "web-base-v1");
  REQUIRE(copies.size() == 1);
  CHECK(copies[0]->id == "ami-0b1b2c3d4e5f60001");
  CHECK(inv.by_name("us-west-2", "db-base-v1").empty());
  const Image* old = inv.find("us-east-1", "ami-0a1b2c3d4e5f60002");
  REQUIRE(old);
  CHECK(old->deprecated);
  CHECK(old->deprecation == "2025-01-01T00:00:00.000Z");
  CHECK(old->deprecation_at == 1735689600);
  const Image* pub = inv.find("us-east-1", "ami-0a1b2c3d4e5f60004");
  REQUIRE(pub);
  CHECK(pub->is_public);
  CHECK(pub->owner_alias == "amazon");
  CHECK(inv.find("us-east-1", "ami-0a1b2c3d4e5f60005")->state == "disabled");
}

TEST_CASE("inventory: one file keyed by region holds documents or Images arrays", "[inventory]") {
  Inventory inv;
  std::string error;
  REQUIRE(load_inventory((kFixtures / "inventory" / "keyed.json").string(), {}, inv, error));
  CHECK(inv.regions() == std::vector<std::string>{"eu-west-1", "us-east-1", "us-west-2"});
  CHECK(inv.image_count() == 9);
  CHECK(inv.find("us-west-2", "ami-0b1b2c3d4e5f60008"));  // given as a bare array
}

TEST_CASE("inventory: one describe-images document named after its region", "[inventory]") {
  TempDir d;
  d.write("us-west-2.json", "{\"Images\": [{\"ImageId\": \"ami-12345678\", \"Name\": \"x\"}]}");
  Inventory inv;
  std::string error;
  REQUIRE(load_inventory((d.path / "us-west-2.json").string(), {}, inv, error));
  CHECK(inv.regions() == std::vector<std::string>{"us-west-2"});
  CHECK(inv.find("us-west-2", "ami-12345678"));
  // extra_regions name custom regions
  d.write("inv/us-test-1.json", "{\"Images\": []}");
  Inventory custom;
  REQUIRE(load_inventory((d.path / "inv").string(), {"us-test-1"}, custom, error));
  CHECK(custom.has_region("us-test-1"));
}

TEST_CASE("inventory: a directory ignores other files but needs region files", "[inventory]") {
  TempDir d;
  d.write("inv/us-east-1.json", "{\"Images\": []}");
  d.write("inv/README.md", "exported on Monday\n");
  d.write("inv/.gitkeep", "");
  d.write("inv/old/eu-west-1.json", "not even json");
  Inventory inv;
  std::string error;
  REQUIRE(load_inventory((d.path / "inv").string(), {}, inv, error));
  CHECK(inv.regions() == std::vector<std::string>{"us-east-1"});
  fs::create_directory(d.path / "empty");
  std::string e = load_error((d.path / "empty").string());
  CHECK(e.find("empty: the inventory directory holds no <region>.json files; make them with: for r in") !=
        std::string::npos);
}

TEST_CASE("inventory: errors say which file, where and what is wrong", "[inventory]") {
  TempDir d;
  d.write("typo/us-east-1.json", "{\"Images\": []}");
  d.write("typo/us-esat-1.json", "{\"Images\": []}");
  CHECK(load_error((d.path / "typo").string()) ==
        (d.path / "typo").string() +
            "/us-esat-1.json: 'us-esat-1' is not a known region (did you mean 'us-east-1'?); inventory files "
            "are named <region>.json");
  CHECK(load_error((d.path / "nope").string()) ==
        (d.path / "nope").string() +
            ": no such file or directory (--inventory takes a directory of <region>.json files or one JSON file "
            "keyed by region)");
  CHECK(parse_error("{\"Images\": [\n  {\"ImageId\": \"ami-12345678\",}\n]}", "inv/us-east-1.json", "us-east-1")
            .rfind("inv/us-east-1.json:2:", 0) == 0);
  CHECK(parse_error("Images:\n  - ImageId: ami-1\n", "inv/us-east-1.json", "us-east-1")
            .find("not valid JSON") != std::string::npos);
  CHECK(parse_error("{\"Reservations\": []}", "inv/us-east-1.json", "us-east-1") ==
        "inv/us-east-1.json:1:1: not a describe-images document: expected {\"Images\": [...]} (the output of aws ec2 "
        "describe-images --region us-east-1)");
  CHECK(parse_error("{\"Images\": {\"ImageId\": \"ami-12345678\"}}", "inv/us-east-1.json", "us-east-1") ==
        "inv/us-east-1.json:1:12: not a describe-images document: expected {\"Images\": [...]} or the Images array");
  CHECK(parse_error("{\"Images\": [{\"Name\": \"web\"}]}", "inv/us-east-1.json", "us-east-1") ==
        "inv/us-east-1.json:1:13: not a describe-images document: an image without a string ImageId");
  CHECK(parse_error("{\"Images\": [\"ami-12345678\"]}", "inv/us-east-1.json", "us-east-1") ==
        "inv/us-east-1.json:1:13: not a describe-images document: each image must be an object with an ImageId");
  CHECK(parse_error("{\"Images\": [{\"ImageId\": \"ami-12345678\", \"DeprecationTime\": \"soon\"}]}",
                    "inv/us-east-1.json", "us-east-1") ==
        "inv/us-east-1.json:1:60: DeprecationTime 'soon' of ami-12345678 is not an RFC 3339 time (e.g. "
        "2026-01-31T00:00:00.000Z)");
  // One file keyed by region.
  CHECK(parse_error("{\"us-east-1\": {\"Images\": []},\n \"eu-west\": {\"Images\": []}}", "inventory.json") ==
        "inventory.json:2:2: 'eu-west' is not a known region (did you mean 'eu-west-1'?); an inventory file is keyed "
        "by region: {\"us-east-1\": {\"Images\": [...]}}");
  CHECK(parse_error("{\"Images\": []}", "inventory.json") ==
        "inventory.json: a describe-images document, but the file name does not say its region: name it "
        "<region>.json (one per region, in a directory for --inventory DIR), or key it by region: "
        "{\"us-east-1\": {\"Images\": [...]}}");
  CHECK(parse_error("[]", "inventory.json") ==
        "inventory.json:1:1: not an inventory: expected a JSON object keyed by region, e.g. {\"us-east-1\": "
        "{\"Images\": [...]}}");
  CHECK(parse_error("{}", "inventory.json") == "inventory.json: the inventory lists no region");
  CHECK(parse_error("{\"us-east-1\": {\"Images\": []}, \"us-east-1\": []}", "inventory.json")
            .find("duplicate key") != std::string::npos);
}

TEST_CASE("inventory: bad inventories stop the CLI with exit 2 before linting", "[inventory]") {
  TempDir d;
  d.write("stack.yaml", kStack);
  d.write("typo/us-esat-1.json", "{\"Images\": []}");
  d.write("text/us-east-1.json", "IMAGES  x86_64  2024-03-01T10:00:00.000Z  ami-0a1b2c3d4e5f60001\n");
  d.write("keyed.json", "{\"us-east-1\": {\"Images\": []}, \"moon-base-1\": []}");
  struct Case {
    const char* args;
    const char* message;
  } cases[] = {
      {"--inventory typo stack.yaml",
       "amilint: error: typo/us-esat-1.json: 'us-esat-1' is not a known region (did you mean 'us-east-1'?)"},
      {"--inventory text stack.yaml", "amilint: error: text/us-east-1.json:1:1: not valid JSON: "},
      {"--inventory keyed.json stack.yaml", "amilint: error: keyed.json:1:31: 'moon-base-1' is not a known region"},
      {"--inventory missing stack.yaml", "amilint: error: missing: no such file or directory"},
  };
  for (const auto& c : cases) {
    Run r = run_amilint(c.args, d.path);
    INFO(c.args << "\nstderr: " << r.err);
    CHECK(r.code == 2);
    CHECK(r.out.empty());
    CHECK(r.err.find(c.message) != std::string::npos);
  }
  Run text = run_amilint("--inventory text stack.yaml", d.path);
  CHECK(text.err.find("aws ec2 describe-images --output json") != std::string::npos);
}

TEST_CASE("inventory: the CLI reads it once and the rules use it", "[inventory]") {
  TempDir d;
  fs::copy(kMain, d.path / "inventory", fs::copy_options::recursive);
  for (int i = 0; i < 12; ++i) {
    std::string s = kStack;
    if (i % 3 == 1) s.replace(s.find("ami-0a1b2c3d4e5f60001"), 21, "ami-0a1b2c3d4e5f60002");  // deprecated
    if (i % 3 == 2) s.replace(s.find("ami-0a1b2c3d4e5f60001"), 21, "ami-0deadbeefdeadbeef");  // not found
    d.write("stacks/s" + std::to_string(10 + i) + ".yaml", s);
  }
  std::string args = "--format json --region us-west-2 --inventory inventory --now 2026-01-01T00:00:00Z stacks";
  Run one = run_amilint("--jobs 1 " + args, d.path);
  Run many = run_amilint("--jobs 4 " + args, d.path);
  CHECK(one.code == 1);
  CHECK(one.out == many.out);
  auto j = nlohmann::json::parse(one.out);
  std::multiset<std::string> rules;
  for (const auto& f : j["findings"]) rules.insert(f["rule"].get<std::string>());
  CHECK(rules.count("AMI010") == 8);  // the us-east-1 images used in us-west-2
  CHECK(rules.count("AMI061") == 4);
  CHECK(rules.count("AMI060") == 4);
  Run v = run_amilint("--verbose --region us-west-2 --inventory inventory stacks/s10.yaml", d.path);
  CHECK(v.err.find("amilint: inventory: 9 images in eu-west-1, us-east-1, us-west-2") != std::string::npos);
  // Without the inventory none of this is known.
  Run without = run_amilint("--format json --region us-west-2 stacks", d.path);
  CHECK(nlohmann::json::parse(without.out)["findings"].empty());
}

TEST_CASE("inventory: AMI placements are literals, parameter defaults and region-map cells", "[inventory]") {
  const char* text =
      "AWSTemplateFormatVersion: '2010-09-09'\n"
      "Parameters:\n"
      "  Ami: {Type: 'AWS::EC2::Image::Id', Default: ami-0a1b2c3d4e5f60002}\n"
      "Mappings:\n"
      "  Amis:\n"
      "    us-east-1: {Web: ami-0a1b2c3d4e5f60001}\n"
      "    us-west-2: {Web: ami-0b1b2c3d4e5f60001}\n"
      "    AMI: {Web: not-a-region-row}\n"
      "Resources:\n"
      "  A: {Type: 'AWS::EC2::Instance', Properties: {ImageId: ami-0a1b2c3d4e5f60003}}\n"
      "  B: {Type: 'AWS::EC2::Instance', Properties: {ImageId: !Ref Ami}}\n"
      "  C: {Type: 'AWS::EC2::Instance', Properties: {ImageId: !Ref Ami}}\n"
      "  D: {Type: 'AWS::EC2::Instance', Properties: {ImageId: !FindInMap [Amis, !Ref 'AWS::Region', Web]}}\n"
      "  E: {Type: 'AWS::EC2::Instance', Properties: {ImageId: !FindInMap [Amis, us-west-2, Web]}}\n";
  Document doc = load_yaml(text, "t.yaml");
  REQUIRE(doc.root);
  auto placements = [&](const std::vector<std::string>& regions) {
    LintOptions o;
    o.regions = regions;
    Model m = adapt_cfn(*doc.root, o);
    std::set<std::string> out;
    for (const auto& p : ami_placements(m, {})) {
      std::string s = p.id + " " + p.path + " [" + (p.regions.empty() ? "" : p.regions[0]) + "] " + p.how;
      out.insert(s);
    }
    return out;
  };
  // Region-portable: the literals launch "somewhere", the map cells in their row's region.
  CHECK(placements({}) ==
        std::set<std::string>{
            "ami-0a1b2c3d4e5f60003 Resources/A/Properties/ImageId [] launched by A",
            "ami-0a1b2c3d4e5f60002 Parameters/Ami/Default [] the default of parameter 'Ami', launched by B",
            "ami-0a1b2c3d4e5f60001 Mappings/Amis/us-east-1/Web [us-east-1] region map 'Amis' entry for us-east-1, "
            "launched by D",
            "ami-0b1b2c3d4e5f60001 Mappings/Amis/us-west-2/Web [us-west-2] region map 'Amis' entry for us-west-2, "
            "launched by D",
            "ami-0b1b2c3d4e5f60001 Resources/E/Properties/ImageId [] Fn::FindInMap with fixed keys, launched by E",
        });
  // Pinned: only the rows of the deploy regions.
  std::set<std::string> pinned = placements({"us-west-2"});
  CHECK(pinned.size() == 4);
  CHECK(pinned.count("ami-0a1b2c3d4e5f60003 Resources/A/Properties/ImageId [us-west-2] launched by A"));
  CHECK(pinned.count("ami-0b1b2c3d4e5f60001 Mappings/Amis/us-west-2/Web [us-west-2] region map 'Amis' entry for "
                     "us-west-2, launched by D"));
}

TEST_CASE("inventory: RFC 3339 times", "[inventory]") {
  int64_t t = 0;
  CHECK(parse_rfc3339("2025-01-01T00:00:00.000Z", t));
  CHECK(t == 1735689600);
  CHECK(parse_rfc3339("2025-01-01T02:00:00+02:00", t));
  CHECK(t == 1735689600);
  CHECK(parse_rfc3339("2025-01-01", t));
  CHECK(t == 1735689600);
  CHECK(format_rfc3339(1735689600) == "2025-01-01T00:00:00Z");
  CHECK_FALSE(parse_rfc3339("2025-13-01T00:00:00Z", t));
  CHECK_FALSE(parse_rfc3339("soon", t));
  CHECK_FALSE(parse_rfc3339("2025-01-01T00:00:00 UTC", t));
}

TEST_CASE("inventory: json output has the amis audit table of every AMI use", "[inventory]") {
  TempDir d;
  fs::copy(kMain, d.path / "inventory", fs::copy_options::recursive);
  d.write("stack.yaml",
          "AWSTemplateFormatVersion: '2010-09-09'\n"
          "Parameters:\n"
          "  Ami: {Type: 'AWS::EC2::Image::Id'}\n"
          "Mappings:\n"
          "  Amis:\n"
          "    us-east-1: {Web: ami-0a1b2c3d4e5f60001}\n"
          "Resources:\n"
          "  Web: {Type: 'AWS::EC2::Instance', Properties: {ImageId: ami-0a1b2c3d4e5f60001}}\n"
          "  Db: {Type: 'AWS::EC2::Instance', Properties: {ImageId: ami-0a1b2c3d4e5f60007}}\n"
          "  Map: {Type: 'AWS::EC2::Instance', Properties: {ImageId: !FindInMap [Amis, !Ref 'AWS::Region', Web]}}\n"
          "  Ssm:\n"
          "    Type: AWS::EC2::Instance\n"
          "    Properties:\n"
          "      ImageId: '{{resolve:ssm:/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64}}'\n"
          "  Param: {Type: 'AWS::EC2::Instance', Properties: {ImageId: !Ref Ami}}\n");
  Run r = run_amilint("--format json --fail-on never --region us-east-1 --dr-region us-west-2 --inventory inventory "
                      "stack.yaml",
                      d.path);
  REQUIRE(r.code == 0);
  CHECK(r.out.find("\"findings\"") < r.out.find("\"amis\""));
  CHECK(r.out.find("\"amis\"") < r.out.find("\"summary\""));
  auto amis = nlohmann::json::parse(r.out)["amis"];
  REQUIRE(amis.size() == 5);
  std::map<std::string, nlohmann::json> by;
  for (const auto& a : amis) by[a["resource"].get<std::string>()] = a;
  auto web = by["Web"];
  CHECK(web["file"] == "stack.yaml");
  CHECK(web["line"] == 8);
  CHECK(web["column"] == 59);
  CHECK(web["resource_type"] == "AWS::EC2::Instance");
  CHECK(web["slot"] == "Resources/Web/Properties/ImageId");
  CHECK(web["source"] == "literal");
  CHECK(web["value"] == "ami-0a1b2c3d4e5f60001");
  CHECK(web["regions"] == nlohmann::json::array({"us-east-1"}));
  CHECK(web["image"]["name"] == "web-base-v1");
  CHECK(web["dr"]["us-west-2"]["status"] == "available");
  CHECK(web["dr"]["us-west-2"]["how"] ==
        "the inventory of us-west-2 has image 'web-base-v1' as ami-0b1b2c3d4e5f60001");
  CHECK(by["Db"]["dr"]["us-west-2"]["status"] == "missing");
  CHECK(by["Map"]["source"] == "region-map");
  CHECK(by["Map"]["by_region"] == nlohmann::json::object({{"us-east-1", nlohmann::json::array({"ami-0a1b2c3d4e5f60001"})}}));
  CHECK(by["Map"]["dr"]["us-west-2"]["status"] == "missing");
  CHECK(by["Map"]["dr"]["us-west-2"]["how"] == "region map 'Amis' has no entry for us-west-2");
  CHECK(by["Ssm"]["source"] == "ssm-parameter");
  CHECK(by["Ssm"]["dr"]["us-west-2"]["status"] == "available");
  CHECK(by["Param"]["source"] == "parameter");
  CHECK(by["Param"]["value"].is_null());
  CHECK(by["Param"]["dr"]["us-west-2"]["status"] == "unknown");
  // Without DR regions the table is still there, with an empty dr object.
  auto plain = nlohmann::json::parse(run_amilint("--format json --fail-on never stack.yaml", d.path).out);
  CHECK(plain["amis"].size() == 5);
  CHECK(plain["amis"][0]["dr"].empty());
  CHECK(plain["amis"][0]["regions"].empty());
}

TEST_CASE("inventory: json output has the amis audit table of a Terraform module", "[inventory]") {
  TempDir d;
  fs::copy(kMain, d.path / "inventory", fs::copy_options::recursive);
  d.write("mod/main.tf",
          "provider \"aws\" {\n"
          "  region = \"us-east-1\"\n"
          "}\n"
          "\n"
          "resource \"aws_instance\" \"web\" {\n"
          "  ami           = \"ami-0a1b2c3d4e5f60001\"\n"
          "  instance_type = \"t3.micro\"\n"
          "}\n");
  d.write("mod/lookup.tf",
          "data \"aws_ami\" \"al\" {\n"
          "  owners      = [\"amazon\"]\n"
          "  most_recent = true\n"
          "  filter {\n"
          "    name   = \"name\"\n"
          "    values = [\"al2023-ami-*\"]\n"
          "  }\n"
          "}\n"
          "\n"
          "resource \"aws_instance\" \"db\" {\n"
          "  ami           = data.aws_ami.al.id\n"
          "  instance_type = \"t3.micro\"\n"
          "}\n");
  d.write("mod/extra.tf.json",
          "{\n"
          "  \"resource\": {\n"
          "    \"aws_instance\": {\n"
          "      \"batch\": {\"ami\": \"ami-0a1b2c3d4e5f60007\", \"instance_type\": \"t3.micro\"}\n"
          "    }\n"
          "  }\n"
          "}\n");
  Run r = run_amilint("--format json --fail-on never --dr-region us-west-2 --inventory inventory mod", d.path);
  REQUIRE(r.code == 0);
  auto amis = nlohmann::json::parse(r.out)["amis"];
  REQUIRE(amis.size() == 3);
  std::map<std::string, nlohmann::json> by;
  for (const auto& a : amis) by[a["resource"].get<std::string>()] = a;
  auto web = by["aws_instance.web"];
  CHECK(web["file"] == "mod/main.tf");
  CHECK(web["line"] == 6);
  CHECK(web["column"] == 19);
  CHECK(web["resource_type"] == "aws_instance");
  CHECK(web["slot"] == "resource.aws_instance.web.ami");
  CHECK(web["source"] == "literal");
  CHECK(web["value"] == "ami-0a1b2c3d4e5f60001");
  CHECK(web["regions"] == nlohmann::json::array({"us-east-1"}));
  CHECK(web["image"]["name"] == "web-base-v1");
  CHECK(web["dr"]["us-west-2"]["status"] == "available");
  auto db = by["aws_instance.db"];
  CHECK(db["file"] == "mod/lookup.tf");
  CHECK(db["line"] == 11);
  CHECK(db["column"] == 19);
  CHECK(db["source"] == "lookup");
  CHECK(db["value"] == "data.aws_ami.al");
  CHECK(db["dr"]["us-west-2"]["status"] == "available");
  auto batch = by["aws_instance.batch"];
  CHECK(batch["file"] == "mod/extra.tf.json");
  CHECK(batch["line"] == 4);
  CHECK(batch["column"] == 24);
  CHECK(batch["image"]["name"] == "db-base-v1");
  CHECK(batch["dr"]["us-west-2"]["status"] == "missing");
  // Sorted by file, line, column like the CFN table.
  CHECK(amis[0]["file"] == "mod/extra.tf.json");
  CHECK(amis[2]["file"] == "mod/main.tf");
  // Files named on the command line: only their entries.
  auto named = nlohmann::json::parse(run_amilint("--format json --fail-on never mod/main.tf", d.path).out);
  REQUIRE(named["amis"].size() == 1);
  CHECK(named["amis"][0]["resource"] == "aws_instance.web");
}
