// CloudFormation stacks as discover finds them (discover/stacks.h): CDK cloud assembly
// manifests, the nested stacks a template deploys from local files, and the units
// make_units builds from them.
#include <catch2/catch.hpp>
#include <algorithm>
#include <string>
#include <vector>

#include "linter/discover/discover.h"
#include "linter/discover/stacks.h"
#include "linter/discover/units.h"
#include "linter/load/loaders.h"
#include "tests/test_util.h"

using namespace amilint;
using amilint_test::InDir;
using amilint_test::TempDir;

namespace {

std::vector<NestedReference> refs_of(const std::string& yaml) {
  Document doc = load_yaml(yaml, "t.yaml");
  REQUIRE(doc.errors.empty());
  return nested_references(doc.root);
}

const Unit* unit_for(const std::vector<Unit>& units, const std::vector<Candidate>& files, const std::string& display) {
  for (const auto& u : units)
    for (size_t c : u.candidates)
      if (files[c].display == display) return &u;
  return nullptr;
}

}  // namespace

TEST_CASE("stacks: an environment names its region unless it is agnostic", "[discover][stacks]") {
  CHECK(environment_region("aws://111122223333/eu-west-1") == "eu-west-1");
  CHECK(environment_region("aws://unknown-account/us-east-2") == "us-east-2");
  CHECK(environment_region("aws://111122223333/unknown-region").empty());
  CHECK(environment_region("aws://${Token[AWS.AccountId.1]}/${Token[AWS.Region.2]}").empty());
  CHECK(environment_region("").empty());
  CHECK(environment_region("eu-west-1").empty());
}

TEST_CASE("stacks: a cloud assembly manifest lists its stacks with their environments and constructs",
          "[discover][stacks]") {
  const char* manifest = R"({
  "version": "40.0.0",
  "artifacts": {
    "assembly-Prod": {"type": "cdk:cloud-assembly", "properties": {"directoryName": "assembly-Prod", "displayName": "Prod"}},
    "WebStack.assets": {"type": "cdk:asset-manifest", "properties": {"file": "WebStack.assets.json"}},
    "WebStack": {
      "type": "aws:cloudformation:stack",
      "environment": "aws://111122223333/us-west-2",
      "properties": {"templateFile": "WebStack.template.json"},
      "metadata": {
        "/WebStack/Web/Resource": [{"type": "aws:cdk:logicalId", "data": "Web3C8945DB"}],
        "/WebStack/Web": [{"type": "aws:cdk:warning", "data": "not a logical ID"}]
      },
      "displayName": "WebStack"
    },
    "Shared": {
      "type": "aws:cloudformation:stack",
      "environment": "aws://unknown-account/unknown-region",
      "properties": {"templateFile": "Shared.template.json"},
      "additionalMetadataFile": "Shared.metadata.json"
    },
    "Broken": {"type": "aws:cloudformation:stack", "properties": {}},
    "Tree": {"type": "cdk:tree", "properties": {"file": "tree.json"}}
  }
})";
  CloudAssembly a = parse_cloud_assembly(manifest, "cdk.out/manifest.json");
  REQUIRE(a.valid);
  REQUIRE(a.stacks.size() == 2);
  const AssemblyStack& web = *a.stacks.at("WebStack.template.json");
  CHECK(web.id == "WebStack");
  CHECK(web.name == "WebStack");
  CHECK(web.region == "us-west-2");
  CHECK(web.manifest == "cdk.out/manifest.json");
  CHECK(web.construct_paths == std::map<std::string, std::string>{{"Web3C8945DB", "WebStack/Web/Resource"}});
  AssemblyStack& shared = *a.stacks.at("Shared.template.json");
  CHECK(shared.name == "Shared");  // no displayName: the artifact ID
  CHECK(shared.region.empty());
  CHECK(a.metadata_files == std::map<std::string, std::string>{{"Shared.template.json", "Shared.metadata.json"}});
  REQUIRE(add_construct_paths(shared, R"({"/Shared/Bastion": [{"type": "aws:cdk:logicalId", "data": "Bastion"}]})"));
  CHECK(shared.construct_paths.at("Bastion") == "Shared/Bastion");
  CHECK_FALSE(add_construct_paths(shared, "[1, 2]"));

  CHECK_FALSE(parse_cloud_assembly("{", "m").valid);
  CHECK_FALSE(parse_cloud_assembly(R"({"Modules": []})", "m").valid);
  CHECK_FALSE(parse_cloud_assembly(R"({"artifacts": []})", "m").valid);
  CHECK(parse_cloud_assembly(R"({"artifacts": {"x": 1, "y": {"type": "aws:cloudformation:stack", "properties": 3}}})", "m")
            .stacks.empty());
}

TEST_CASE("stacks: nested stacks deployed from local files", "[discover][stacks]") {
  auto refs = refs_of(R"(
Resources:
  Packaged:
    Type: AWS::CloudFormation::Stack
    Properties: {TemplateURL: nested/app.yaml}
  Cdk:
    Type: AWS::CloudFormation::Stack
    Properties:
      TemplateURL: !Join ["", ["https://s3.", !Ref "AWS::Region", ".amazonaws.com/bucket/abc.json"]]
    Metadata: {aws:asset:path: StackCdkABC.nested.template.json, aws:asset:property: TemplateURL}
  Remote:
    Type: AWS::CloudFormation::Stack
    Properties: {TemplateURL: "https://s3.amazonaws.com/bucket/child.yaml"}
  S3:
    Type: AWS::CloudFormation::Stack
    Properties: {TemplateURL: "s3://bucket/child.yaml"}
  Built:
    Type: AWS::CloudFormation::Stack
    Properties: {TemplateURL: !Sub "https://${Bucket}.s3.amazonaws.com/child.yaml"}
  Sam:
    Type: AWS::Serverless::Application
    Properties: {Location: ../apps/batch.yaml}
  Repo:
    Type: AWS::Serverless::Application
    Properties:
      Location: {ApplicationId: "arn:aws:serverlessrepo:us-east-1:123456789012:applications/x", SemanticVersion: 1.0.0}
  Dynamic:
    Type: AWS::CloudFormation::Stack
    Properties: {TemplateURL: "{{resolve:ssm:/templates/app:1}}"}
  NotAFile:
    Type: AWS::CloudFormation::Stack
    Properties: {TemplateURL: String}
  Queue:
    Type: AWS::SQS::Queue
    Properties: {QueueName: nested/app.yaml}
)");
  REQUIRE(refs.size() == 3);
  CHECK(refs[0].resource == "Packaged");
  CHECK(refs[0].path == "nested/app.yaml");
  CHECK(refs[1].resource == "Cdk");
  CHECK(refs[1].path == "StackCdkABC.nested.template.json");
  CHECK(refs[2].resource == "Sam");
  CHECK(refs[2].path == "../apps/batch.yaml");
  CHECK(nested_references(nullptr).empty());
  CHECK(may_nest_stacks("Type: AWS::CloudFormation::Stack\nProperties: {TemplateURL: nested/app.yaml}"));
  CHECK(may_nest_stacks("\"Type\": \"AWS::CloudFormation::Stack\", \"Properties\": {\"TemplateURL\": \"./child.json\"}"));
  CHECK(may_nest_stacks("Type: AWS::Serverless::Application\n  Properties:\n    Location: '../apps/batch.yml'"));
  CHECK(may_nest_stacks("Type: AWS::CloudFormation::Stack\nMetadata: {aws:asset:path: S.nested.template.json}"));
  // Only URLs or no template at all: not parsed a second time.
  CHECK_FALSE(may_nest_stacks("Type: AWS::CloudFormation::Stack\nProperties: {TemplateURL: https://s3.amazonaws.com/b/child.yaml}"));
  CHECK_FALSE(may_nest_stacks("Type: AWS::CloudFormation::Stack\nTemplateURL: !Sub 'https://${Bucket}.s3.amazonaws.com/c.yaml'"));
  CHECK_FALSE(may_nest_stacks("Type: AWS::CloudFormation::StackSet\nProperties: {StackSetName: x}"));
  CHECK_FALSE(may_nest_stacks("Type: AWS::EC2::Instance\nProperties: {TemplateURL: nested/app.yaml}"));
}

TEST_CASE("units: a nested template is read with the template that deploys it", "[discover][units][stacks]") {
  TempDir d;
  d.write("parent.yaml",
          "Resources:\n  Child:\n    Type: AWS::CloudFormation::Stack\n    Properties:\n      TemplateURL: nested/child.yaml\n"
          "  Gone:\n    Type: AWS::CloudFormation::Stack\n    Properties:\n      TemplateURL: nested/missing.yaml\n");
  d.write("nested/child.yaml",
          "Resources:\n  Grandchild:\n    Type: AWS::CloudFormation::Stack\n    Properties:\n      TemplateURL: ../deep.yaml\n");
  d.write("deep.yaml", "Resources:\n  Web:\n    Type: AWS::EC2::Instance\n    Properties: {ImageId: ami-12345678}\n");
  d.write("alone.yaml", "Resources:\n  Web:\n    Type: AWS::EC2::Instance\n    Properties: {ImageId: ami-12345678}\n");
  InDir in(d.path);
  auto files = discover({"."}, {}).files;
  std::vector<Unit> units = make_units(files, 2);
  REQUIRE(units.size() == 4);
  const Unit* parent = unit_for(units, files, "parent.yaml");
  REQUIRE(parent);
  CHECK(parent->kind == UnitKind::Template);
  REQUIRE(parent->files.size() == 3);
  CHECK(parent->files[1]->display == "nested/child.yaml");
  CHECK(parent->files[2]->display == "deep.yaml");
  for (const auto& f : parent->files) CHECK(f->content);  // read with it
  REQUIRE(parent->nested.size() == 2);
  CHECK((parent->nested[0].parent == 0 && parent->nested[0].resource == "Child" && parent->nested[0].file == 1));
  CHECK((parent->nested[1].parent == 1 && parent->nested[1].resource == "Grandchild" && parent->nested[1].file == 2));
  REQUIRE(parent->notes.size() == 1);
  CHECK(parent->notes[0] == "nested stack 'Gone': nested/missing.yaml does not exist; its template is not linted with this stack");
  for (const char* nested : {"nested/child.yaml", "deep.yaml"}) {
    const Unit* u = unit_for(units, files, nested);
    REQUIRE(u);
    CHECK(u->kind == UnitKind::NestedTemplate);
    CHECK(u->parent_display == (std::string(nested) == "deep.yaml" ? "nested/child.yaml" : "parent.yaml"));
  }
  const Unit* alone = unit_for(units, files, "alone.yaml");
  REQUIRE(alone);
  CHECK(alone->kind == UnitKind::Template);
  CHECK(alone->nested.empty());
  CHECK_FALSE(alone->files[0]->content);  // not nesting: read when linted
}

TEST_CASE("units: templates that only nest each other are each linted, each file once per tree",
          "[discover][units][stacks]") {
  TempDir d;
  d.write("a.yaml", "Resources:\n  B:\n    Type: AWS::CloudFormation::Stack\n    Properties: {TemplateURL: b.yaml}\n");
  d.write("b.yaml", "Resources:\n  A:\n    Type: AWS::CloudFormation::Stack\n    Properties: {TemplateURL: ./a.yaml}\n");
  InDir in(d.path);
  auto files = discover({"."}, {}).files;
  std::vector<Unit> units = make_units(files, 1);
  REQUIRE(units.size() == 2);
  for (const auto& u : units) {
    CHECK(u.kind == UnitKind::Template);
    CHECK(u.files.size() == 2);  // itself and the other, not itself again
    CHECK(u.nested.size() == 1);
  }
}

TEST_CASE("units: a named nested template alone is linted on its own", "[discover][units][stacks]") {
  TempDir d;
  d.write("parent.yaml", "Resources:\n  C:\n    Type: AWS::CloudFormation::Stack\n    Properties: {TemplateURL: child.yaml}\n");
  d.write("child.yaml", "Resources:\n  Web:\n    Type: AWS::EC2::Instance\n    Properties: {ImageId: ami-12345678}\n");
  InDir in(d.path);
  std::vector<Candidate> files{{"child.yaml", "child.yaml", true, 10}};
  std::vector<Unit> units = make_units(files, 1);
  REQUIRE(units.size() == 1);
  CHECK(units[0].kind == UnitKind::Template);
}

TEST_CASE("units: a CDK stack's template knows its stack, and a stage's manifest is its own", "[discover][units][stacks]") {
  TempDir d;
  d.write("cdk.out/manifest.json",
          R"({"version": "40.0.0", "artifacts": {"Web": {"type": "aws:cloudformation:stack", "environment": "aws://1/eu-west-1",
              "properties": {"templateFile": "Web.template.json"}, "additionalMetadataFile": "Web.metadata.json"}}})");
  d.write("cdk.out/Web.metadata.json", R"({"/Web/Host/Resource": [{"type": "aws:cdk:logicalId", "data": "HostABC"}]})");
  d.write("cdk.out/Web.template.json", R"({"Resources": {"HostABC": {"Type": "AWS::EC2::Instance"}}})");
  d.write("cdk.out/assembly-Prod/manifest.json",
          R"({"version": "40.0.0", "artifacts": {"ProdDb1": {"type": "aws:cloudformation:stack", "environment": "aws://1/unknown-region",
              "displayName": "Prod/Db", "properties": {"templateFile": "ProdDb1.template.json"}}}})");
  d.write("cdk.out/assembly-Prod/ProdDb1.template.json", R"({"Resources": {"Db": {"Type": "AWS::EC2::Instance"}}})");
  d.write("other/Web.template.json", R"({"Resources": {"HostABC": {"Type": "AWS::EC2::Instance"}}})");
  InDir in(d.path);
  auto files = discover({"."}, {}).files;
  std::vector<Unit> units = make_units(files, 2);
  const Unit* web = unit_for(units, files, "cdk.out/Web.template.json");
  REQUIRE(web);
  REQUIRE(web->stack);
  CHECK(web->stack->region == "eu-west-1");
  CHECK(web->stack->construct_paths.at("HostABC") == "Web/Host/Resource");
  const Unit* db = unit_for(units, files, "cdk.out/assembly-Prod/ProdDb1.template.json");
  REQUIRE(db);
  REQUIRE(db->stack);
  CHECK(db->stack->name == "Prod/Db");
  CHECK(db->stack->region.empty());
  CHECK(db->stack->manifest == "cdk.out/assembly-Prod/manifest.json");
  const Unit* other = unit_for(units, files, "other/Web.template.json");
  REQUIRE(other);
  CHECK_FALSE(other->stack);
}
