#include "linter/discover/stacks.h"

#include <nlohmann/json.hpp>
#include <re2/re2.h>

namespace amilint {

namespace {

using Json = nlohmann::json;

std::string string_at(const Json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

bool has_prefix(std::string_view s, std::string_view p) { return s.size() >= p.size() && s.substr(0, p.size()) == p; }

// A template path written as a local file: not a URL, not a token, not empty.
bool local_path(const std::string& p) {
  if (p.empty() || p.find("://") != std::string::npos || p.find("${") != std::string::npos ||
      p.find("{{") != std::string::npos)
    return false;
  if (has_prefix(p, "s3:") || has_prefix(p, "http:") || has_prefix(p, "https:")) return false;
  // A template file: what `aws cloudformation package` and `sam build` read.
  for (const char* ext : {".yaml", ".yml", ".json", ".template"}) {
    std::string_view e(ext);
    if (p.size() > e.size() && p.compare(p.size() - e.size(), e.size(), e) == 0) return true;
  }
  return false;
}

std::string scalar_text(const Node* n) {
  return n && n->is_scalar() && !n->is_null() ? std::string(n->text) : std::string();
}

void add_paths(AssemblyStack& stack, const Json& md) {
  if (!md.is_object()) return;
  for (const auto& [path, entries] : md.items()) {
    if (!entries.is_array()) continue;
    for (const auto& e : entries)
      if (e.is_object() && string_at(e, "type") == "aws:cdk:logicalId") {
        std::string logical = string_at(e, "data");
        if (!logical.empty())
          stack.construct_paths.emplace(logical, path.size() > 1 && path[0] == '/' ? path.substr(1) : path);
      }
  }
}

}  // namespace

bool add_construct_paths(AssemblyStack& stack, std::string_view metadata_json) {
  Json doc = Json::parse(metadata_json.begin(), metadata_json.end(), nullptr, false);
  if (doc.is_discarded() || !doc.is_object()) return false;
  add_paths(stack, doc);
  return true;
}

std::string environment_region(const std::string& environment) {
  const std::string scheme = "aws://";
  if (!has_prefix(environment, scheme)) return {};
  size_t slash = environment.find('/', scheme.size());
  if (slash == std::string::npos) return {};
  std::string region = environment.substr(slash + 1);
  if (region.empty() || region == "unknown-region" || region.find_first_of("${}/") != std::string::npos) return {};
  return region;
}

CloudAssembly parse_cloud_assembly(std::string_view text, const std::string& display) {
  CloudAssembly out;
  Json doc = Json::parse(text.begin(), text.end(), nullptr, false);
  if (doc.is_discarded()) {
    out.error = "not valid JSON";
    return out;
  }
  if (!doc.is_object() || !doc.contains("artifacts") || !doc["artifacts"].is_object()) {
    out.error = "no \"artifacts\" object";
    return out;
  }
  out.valid = true;
  for (const auto& [id, art] : doc["artifacts"].items()) {
    if (!art.is_object() || string_at(art, "type") != "aws:cloudformation:stack") continue;
    auto props = art.find("properties");
    if (props == art.end() || !props->is_object()) continue;
    std::string file = string_at(*props, "templateFile");
    if (file.empty()) continue;
    auto stack = std::make_shared<AssemblyStack>();
    stack->id = id;
    stack->name = string_at(art, "displayName");
    if (stack->name.empty()) stack->name = id;
    stack->environment = string_at(art, "environment");
    stack->region = environment_region(stack->environment);
    stack->manifest = display;
    if (auto md = art.find("metadata"); md != art.end()) add_paths(*stack, *md);
    if (std::string extra = string_at(art, "additionalMetadataFile"); !extra.empty()) out.metadata_files.emplace(file, extra);
    out.stacks.emplace(file, std::move(stack));
  }
  return out;
}

bool may_nest_stacks(std::string_view text) {
  if (text.find("AWS::CloudFormation::Stack") == std::string_view::npos &&
      text.find("AWS::Serverless::Application") == std::string_view::npos)
    return false;
  if (text.find("aws:asset:path") != std::string_view::npos) return true;
  // A TemplateURL or Location written as a template file name: most nested stacks
  // name an S3 URL, and their templates need not be parsed twice.
  static const re2::RE2 local_file(
      R"re((?:TemplateURL|Location)["']?\s*:\s*["']?[^"'\s{}\[\],:]+\.(?:ya?ml|json|template)\b)re");
  return re2::RE2::PartialMatch(re2::StringPiece(text.data(), text.size()), local_file);
}

std::vector<NestedReference> nested_references(const Node* root) {
  std::vector<NestedReference> out;
  const Node* res = root ? root->get("Resources") : nullptr;
  if (!res || !res->is_map()) return out;
  for (const auto& e : res->entries) {
    const Node* r = e.value;
    if (!r || !r->is_map()) continue;
    std::string type = scalar_text(r->get("Type"));
    const Node* props = r->get("Properties");
    std::string path;
    if (type == "AWS::CloudFormation::Stack") {
      const Node* md = r->get("Metadata");
      // CDK: the nested template is an asset beside the parent's.
      std::string asset = md && md->is_map() ? scalar_text(md->get("aws:asset:path")) : std::string();
      std::string property = md && md->is_map() ? scalar_text(md->get("aws:asset:property")) : std::string();
      if (!asset.empty() && (property.empty() || property == "TemplateURL")) path = asset;
      else if (props && props->is_map()) path = scalar_text(props->get("TemplateURL"));
    } else if (type == "AWS::Serverless::Application" && props && props->is_map()) {
      path = scalar_text(props->get("Location"));  // a mapping names a serverless repository application
    } else {
      continue;
    }
    if (local_path(path)) out.push_back({std::string(e.key), path});
  }
  return out;
}

}  // namespace amilint
