// CloudFormation stacks as teams ship them, found before linting:
//
// - AWS CDK cloud assemblies: a directory whose `manifest.json` lists
//   `aws:cloudformation:stack` artifacts. Each artifact names its template
//   (`properties.templateFile`), the environment it deploys to
//   (`aws://ACCOUNT/REGION`, `unknown-region` when environment-agnostic) and, in its
//   `aws:cdk:logicalId` metadata, the construct path of each logical ID. A stage
//   (`cdk:cloud-assembly`) is a subdirectory with a manifest of its own.
// - Nested stacks deployed from local files: an AWS::CloudFormation::Stack whose
//   Metadata `aws:asset:path` (CDK) or TemplateURL (as `aws cloudformation package`
//   takes it) names a file beside the template, and an AWS::Serverless::Application
//   whose Location does.
#pragma once
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "linter/load/node.h"
#include "linter/source/unit.h"

namespace amilint {

struct CloudAssembly {
  bool valid = false;    // a cloud assembly manifest: {"artifacts": {...}} with a version
  std::string error;     // not valid: why (JSON syntax, shape)
  // By template file name as the manifest writes it (relative to the manifest's
  // directory, normally a plain file name).
  std::map<std::string, std::shared_ptr<AssemblyStack>> stacks;
  // Template file name -> the stack's `additionalMetadataFile` (recent CDK versions
  // write the metadata there, `Stack.metadata.json`), relative to the manifest.
  std::map<std::string, std::string> metadata_files;
};

// Adds the construct paths of a metadata file (the shape of an artifact's `metadata`:
// construct path -> [{"type": "aws:cdk:logicalId", "data": ID}, ...]) to a stack;
// false when it is not that shape.
bool add_construct_paths(AssemblyStack& stack, std::string_view metadata_json);

// Parses a manifest.json. Never throws. `display` names the manifest in stacks.
CloudAssembly parse_cloud_assembly(std::string_view text, const std::string& display);

// The region of an environment "aws://ACCOUNT/REGION", or "" (unknown-region, a
// token, or not that shape).
std::string environment_region(const std::string& environment);

struct NestedReference {
  std::string resource;  // the logical ID of the stack (or application) resource
  std::string path;      // the nested template, relative to the parent template's directory
};

// The nested stacks a loaded template deploys from local files, in template order.
// A TemplateURL or Location that is a URL (https://, s3://), a token or a
// serverless repository application is not local.
std::vector<NestedReference> nested_references(const Node* root);

// The text may declare a nested stack deployed from a local file (a cheap test before
// parsing: a stack or application type, and a local-looking template name or the CDK's
// asset path).
bool may_nest_stacks(std::string_view text);

}  // namespace amilint
