// Packer manifests as inventory evidence: the parser (builds, accumulated runs, other
// builders, bad shapes), what a region known only from a manifest means to the
// Inventory, and manifests in an inventory directory and through the CLI.
#include <catch2/catch.hpp>
#include <filesystem>
#include <string>
#include <vector>

#include "linter/app/inventory_files.h"
#include "linter/model/inventory.h"
#include "tests/test_util.h"

namespace fs = std::filesystem;
using namespace amilint;

namespace {

using amilint_test::Run;
using amilint_test::run_amilint;
struct TempDir : amilint_test::TempDir {
  TempDir() : amilint_test::TempDir(true) {}
};

const fs::path kPacker = fs::path(AMILINT_SOURCE_DIR) / "fixtures" / "inventory" / "packer";

std::string build(const std::string& name, const std::string& type, const std::string& artifact,
                  const std::string& run) {
  return "{\"name\": \"" + name + "\", \"builder_type\": \"" + type +
         "\", \"build_time\": 1700000000, \"files\": null, \"artifact_id\": \"" + artifact +
         "\", \"packer_run_uuid\": \"" + run + "\", \"custom_data\": {}}";
}

std::string manifest(const std::vector<std::string>& builds) {
  std::string s = "{\"builds\": [";
  for (size_t i = 0; i < builds.size(); ++i) s += (i ? ", " : "") + builds[i];
  return s + "], \"last_run_uuid\": \"x\"}";
}

std::string manifest_error(const std::string& text, const std::string& display = "packer-manifest.json") {
  Inventory inv;
  std::string error;
  CHECK_FALSE(parse_inventory_text(text, display, "", {}, inv, error));
  return error;
}

}  // namespace

TEST_CASE("packer manifest: each region:ami pair of an amazon build is evidence", "[inventory][packer]") {
  Inventory inv;
  std::string error;
  std::string text = manifest({build("golden", "amazon-ebs",
                                     "eu-central-1:ami-0123456789abcdef0, us-east-1:ami-0456789abcdef0123",
                                     "3f1c9a2e-5b6d-4e7f-8a9b-0c1d2e3f4a5b")});
  REQUIRE(parse_inventory_text(text, "out/packer-manifest.json", "", {}, inv, error));
  CHECK(error.empty());
  CHECK(inv.regions().empty());  // a manifest is no region's inventory
  CHECK(inv.evidence_regions() == std::vector<std::string>{"eu-central-1", "us-east-1"});
  CHECK(inv.evidence_count() == 2);
  CHECK(inv.image_count() == 0);
  CHECK_FALSE(inv.has_region("us-east-1"));
  CHECK(inv.regions_listing("ami-0456789abcdef0123") == std::vector<std::string>{"us-east-1"});
  const Image* im = inv.find_any("ami-0123456789abcdef0");
  REQUIRE(im);
  CHECK(im->region == "eu-central-1");
  CHECK(im->name == "golden (run 3f1c9a2e)");
  CHECK(im->evidence == "packer-manifest.json");
  // The IDs of one build are copies of one image.
  auto copies = inv.copies("ami-0123456789abcdef0", "us-east-1");
  REQUIRE(copies.size() == 1);
  CHECK(copies[0]->id == "ami-0456789abcdef0123");
  CHECK(inv.copies("ami-0123456789abcdef0", "us-west-2").empty());
}

TEST_CASE("packer manifest: accumulated runs are separate images", "[inventory][packer]") {
  Inventory inv;
  std::string error;
  std::string text =
      manifest({build("golden", "amazon-ebs", "us-east-1:ami-00000000000000001,us-west-2:ami-00000000000000002",
                      "11111111-aaaa"),
                build("golden", "amazon-ebs", "us-east-1:ami-00000000000000011,eu-west-1:ami-00000000000000013",
                      "22222222-bbbb")});
  REQUIRE(parse_inventory_text(text, "packer-manifest.json", "", {}, inv, error));
  CHECK(inv.evidence_count() == 4);
  CHECK(inv.find_any("ami-00000000000000011")->name == "golden (run 22222222)");
  // The first run's image has a copy in us-west-2, the second's in eu-west-1 only.
  CHECK(inv.copies("ami-00000000000000001", "us-west-2").size() == 1);
  CHECK(inv.copies("ami-00000000000000001", "eu-west-1").empty());
  CHECK(inv.copies("ami-00000000000000011", "us-west-2").empty());
  CHECK(inv.copies("ami-00000000000000011", "eu-west-1")[0]->id == "ami-00000000000000013");
  CHECK(inv.by_name("us-east-1", "golden (run 11111111)").size() == 1);
}

TEST_CASE("packer manifest: other builders and other artifact IDs are skipped", "[inventory][packer]") {
  Inventory inv;
  std::string error;
  std::string text = manifest({build("app", "docker", "sha256:4f5e6d7c8b9a", "r"),
                               build("vol", "amazon-ebsvolume", "us-east-1:vol-0123456789abcdef0", "r"),
                               build("az", "azure-arm", "us-east-1:ami-0123456789abcdef0", "r"),
                               build("odd", "amazon-ebs", "ami-0123456789abcdef0", "r"),
                               "{\"name\": \"none\", \"builder_type\": \"amazon-ebs\", \"artifact_id\": null}"});
  REQUIRE(parse_inventory_text(text, "packer-manifest.json", "", {}, inv, error));
  CHECK(inv.evidence_count() == 0);
  CHECK(inv.regions_listing("ami-0123456789abcdef0").empty());
  // No run UUID: the build time tells the builds apart.
  Inventory timed;
  REQUIRE(parse_inventory_text(
      "{\"builds\": [{\"name\": \"g\", \"builder_type\": \"amazon-instance\", \"build_time\": 1700000000, "
      "\"artifact_id\": \"us-east-1:ami-0123456789abcdef0\"}]}",
      "m.json", "", {}, timed, error));
  CHECK(timed.find_any("ami-0123456789abcdef0")->name == "g (built 1700000000)");
}

TEST_CASE("packer manifest: bad shapes are errors that name the file", "[inventory][packer]") {
  CHECK(manifest_error("{\"builds\": {}}") ==
        "packer-manifest.json:1:12: not a Packer manifest: expected {\"builds\": [...]} (the manifest "
        "post-processor's output)");
  CHECK(manifest_error("{\"builds\": [1]}") ==
        "packer-manifest.json:1:13: not a Packer manifest: each entry of \"builds\" must be an object");
  CHECK(manifest_error(manifest({build("g", "amazon-ebs", "us-esat-1:ami-0123456789abcdef0", "r")}))
            .find("packer-manifest.json:1:") == 0);
  CHECK(manifest_error(manifest({build("g", "amazon-ebs", "us-esat-1:ami-0123456789abcdef0", "r")}))
            .find("'us-esat-1' in artifact_id of build 'g' is not a known region (did you mean 'us-east-1'?)") !=
        std::string::npos);
  // Not JSON in a directory: the manifest's own error, not a region-name complaint.
  TempDir d;
  d.write("inv/us-east-1.json", "{\"Images\": []}");
  d.write("inv/packer-manifest.json", "{\"builds\": [");
  Inventory inv;
  std::string error;
  CHECK_FALSE(load_inventory((d.path / "inv").string(), {}, inv, error));
  CHECK(error.find("inv/packer-manifest.json:1:") != std::string::npos);
  CHECK(error.find("not valid JSON") != std::string::npos);
  // A JSON file that is neither is still a bad file name.
  d.write("inv2/us-east-1.json", "{\"Images\": []}");
  d.write("inv2/notes.json", "{\"owner\": \"platform\"}");
  CHECK_FALSE(load_inventory((d.path / "inv2").string(), {}, inv, error));
  CHECK(error.find("'notes' is not a known region") != std::string::npos);
}

TEST_CASE("packer manifest: an inventory wins in its region, evidence counts elsewhere", "[inventory][packer]") {
  Inventory inv;
  std::string error;
  REQUIRE(load_inventory(kPacker.string(), {}, inv, error));
  INFO(error);
  CHECK(inv.regions() == std::vector<std::string>{"us-east-1"});
  CHECK(inv.evidence_regions() == std::vector<std::string>{"eu-west-1", "us-west-2"});
  // The first run's us-east-1 image is gone from us-east-1's inventory: its
  // manifest entry does not bring it back.
  CHECK(inv.regions_listing("ami-0c1b2c3d4e5f60001").empty());
  CHECK(inv.find("us-east-1", "ami-0c1b2c3d4e5f60001") == nullptr);
  // Its copy in us-west-2 (no inventory there) is still evidence.
  CHECK(inv.regions_listing("ami-0c1b2c3d4e5f60002") == std::vector<std::string>{"us-west-2"});
  // The inventory's image keeps its Name; the manifest ties it to its copies.
  const Image* im = inv.find_any("ami-0c1b2c3d4e5f60011");
  REQUIRE(im);
  CHECK(im->name == "golden-1700500000");
  CHECK(im->evidence.empty());
  CHECK(inv.copies("ami-0c1b2c3d4e5f60011", "us-west-2")[0]->id == "ami-0c1b2c3d4e5f60012");
  CHECK(inv.copies("ami-0c1b2c3d4e5f60011", "eu-west-1")[0]->id == "ami-0c1b2c3d4e5f60013");
  // The docker build is not evidence.
  CHECK(inv.evidence_count() == 6);
}

TEST_CASE("packer manifest: the CLI reads it as --inventory FILE", "[inventory][packer]") {
  TempDir d;
  fs::copy(kPacker / "packer-manifest.json", d.path / "packer-manifest.json");
  d.write("web.yaml",
          "AWSTemplateFormatVersion: '2010-09-09'\n"
          "Resources:\n"
          "  Web:\n"
          "    Type: AWS::EC2::Instance\n"
          "    Properties:\n"
          "      ImageId: ami-0c1b2c3d4e5f60011\n"
          "  Other:\n"
          "    Type: AWS::EC2::Instance\n"
          "    Properties:\n"
          "      ImageId: ami-0deadbeefdeadbeef\n");
  Run r = run_amilint("--region us-west-2 --inventory packer-manifest.json --select AMI010,AMI060 web.yaml", d.path);
  INFO(r.out << r.err);
  CHECK(r.code == 1);
  CHECK(r.out.find("only in us-east-1 (packer-manifest.json); use its copy ami-0c1b2c3d4e5f60012 in us-west-2") !=
        std::string::npos);
  CHECK(r.out.find("AMI060") == std::string::npos);  // absent from a manifest is not absent
  d.write("bad.json", "{\"builds\": \"none\"}");
  Run bad = run_amilint("--inventory bad.json web.yaml", d.path);
  CHECK(bad.code == 2);
  CHECK(bad.err.find("amilint: error: bad.json:1:12: not a Packer manifest") != std::string::npos);
}
