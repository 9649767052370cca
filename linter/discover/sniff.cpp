#include "linter/discover/sniff.h"

#include <cctype>
#include <cstring>

#include "linter/adapt/cfn.h"
#include "linter/eval/plan.h"
#include "linter/source/source.h"

namespace amilint {

namespace {

// Does the text look like a CloudFormation template, even if it cannot be parsed?
bool looks_like_cfn_text(std::string_view t) {
  if (t.find("AWSTemplateFormatVersion") != std::string_view::npos) return true;
  return t.find("Resources") != std::string_view::npos &&
         (t.find("AWS::") != std::string_view::npos || t.find("Custom::") != std::string_view::npos);
}

// UTF-16 or UTF-32 text (with a BOM) is still recognized: its ASCII characters are
// its non-NUL bytes.
bool looks_like_cfn(std::string_view t) {
  if (!foreign_bom_name(t)) return looks_like_cfn_text(t);
  std::string ascii;
  for (char c : t)
    if (c != '\0') ascii += c;
  return looks_like_cfn_text(ascii);
}

bool looks_like_plan(std::string_view t) {
  return t.find("\"format_version\"") != std::string_view::npos &&
         (t.find("\"planned_values\"") != std::string_view::npos || t.find("\"resource_changes\"") != std::string_view::npos);
}

// {"builders": [{"type": "amazon-ebs", ...}, ...], ...}
bool is_packer_legacy(const Node* root) {
  if (!root || !root->is_map()) return false;
  const Node* builders = root->get("builders");
  if (!builders || !builders->is_seq() || builders->items.empty()) return false;
  for (const Node* b : builders->items) {
    const Node* type = b && b->is_map() ? b->get("type") : nullptr;
    if (!type || !type->is_scalar()) return false;
  }
  return true;
}

}  // namespace

Format sniff_syntax(const std::string& path, std::string_view text) {
  if (ends_with(path, ".json")) return Format::CfnJson;
  if (ends_with(path, ".yaml") || ends_with(path, ".yml")) return Format::CfnYaml;
  size_t i = utf8_bom_length(text);
  while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) ++i;
  return i < text.size() && (text[i] == '{' || text[i] == '[') ? Format::CfnJson : Format::CfnYaml;
}

DocKind classify(const Node* root, bool parsed, Format syntax, std::string_view text) {
  if (is_cfn_template(root)) return DocKind::CfnTemplate;
  bool json = syntax == Format::CfnJson;
  if (json && (is_tf_plan(root) || (!root && looks_like_plan(text)))) return DocKind::TfPlan;
  if (json && is_packer_legacy(root)) return DocKind::PackerLegacy;
  if (!parsed && looks_like_cfn(text)) return DocKind::Broken;
  return DocKind::NotTemplate;
}

}  // namespace amilint
