// SARIF 2.1.0 (OASIS), shaped for GitHub code scanning: every rule of the registry
// with its documentation, repository-relative URIs under %SRCROOT%, exact regions,
// logical locations and partial fingerprints.
#include <map>
#include <nlohmann/json.hpp>

#include "linter/report/report.h"
#include "rules/rule.h"

namespace amilint {

namespace {

using ojson = nlohmann::ordered_json;

const char* kSrcRoot = "%SRCROOT%";

const char* sarif_level(Severity s) {
  switch (s) {
    case Severity::Error: return "error";
    case Severity::Warning: return "warning";
    case Severity::Info: return "note";
  }
  return "warning";
}

ojson message(const std::string& text) {
  ojson m;
  m["text"] = text;
  return m;
}

ojson multiformat(const std::string& markdown) {
  ojson m;
  m["text"] = markdown_to_text(markdown);
  m["markdown"] = markdown;
  return m;
}

ojson descriptor(const Rule& r) {
  ojson d;
  d["id"] = r.code;
  d["name"] = r.name;
  d["shortDescription"] = message(r.summary);
  d["fullDescription"] = multiformat(r.doc);
  d["help"] = multiformat(r.doc);
  ojson conf;
  conf["enabled"] = r.enabled_by_default;
  conf["level"] = sarif_level(r.severity);
  d["defaultConfiguration"] = std::move(conf);
  ojson props;
  props["formats"] = r.formats;
  d["properties"] = std::move(props);
  return d;
}

}  // namespace

std::string markdown_to_text(std::string_view markdown) {
  std::string out;
  bool fence = false;
  size_t i = 0;
  while (i <= markdown.size()) {
    size_t e = markdown.find('\n', i);
    if (e == std::string_view::npos) e = markdown.size();
    std::string_view line = markdown.substr(i, e - i);
    bool last = e == markdown.size();
    if (line.substr(0, 3) == "```") {
      fence = !fence;
    } else {
      if (!fence) {
        size_t h = 0;
        while (h < line.size() && h < 6 && line[h] == '#') ++h;
        if (h > 0 && h < line.size() && line[h] == ' ') line.remove_prefix(h + 1);
      }
      for (char c : line)
        if (fence || c != '`') out += c;
      if (!last) out += '\n';
    }
    if (last) break;
    i = e + 1;
  }
  while (!out.empty() && out.back() == '\n') out.pop_back();
  return out;
}

namespace {

ojson artifact_location(const Finding& f, const SourceRoot& where) {
  ojson artifact;
  std::string rel = base_relative(f.file, where);
  if (!rel.empty()) {
    artifact["uri"] = uri_encode_path(rel);
    artifact["uriBaseId"] = kSrcRoot;
  } else if (!f.file.empty() && (f.file[0] == '/' || !where.cwd.empty())) {
    // Outside the repository: only an absolute URI names it.
    std::string abs = f.file[0] == '/' ? f.file : where.cwd + "/" + f.file;
    std::string uri = directory_file_uri(abs);
    artifact["uri"] = uri.substr(0, uri.size() - 1);  // a file, not a directory
  } else {
    artifact["uri"] = uri_encode_path(f.file);
  }
  return artifact;
}

ojson location(const Finding& f, const SourceRoot& where) {
  ojson physical;
  physical["artifactLocation"] = artifact_location(f, where);
  if (f.line > 0) {
    ojson region;
    region["startLine"] = f.line;
    if (f.column > 0) region["startColumn"] = f.column;
    bool end_ok = f.end_line > f.line || (f.end_line == f.line && f.end_column >= f.column);
    if (end_ok && f.end_line > 0) {
      region["endLine"] = f.end_line;
      if (f.column > 0 && f.end_column > 0) region["endColumn"] = f.end_column;
    }
    physical["region"] = std::move(region);
  }
  ojson loc;
  loc["physicalLocation"] = std::move(physical);
  ojson logicals = ojson::array();
  if (!f.path.empty()) {
    ojson logical;
    logical["fullyQualifiedName"] = f.path;
    logicals.push_back(std::move(logical));
  }
  if (!f.construct_path.empty()) {  // the AWS CDK construct that wrote it
    ojson construct;
    construct["name"] = f.construct_path.substr(f.construct_path.rfind('/') + 1);
    construct["fullyQualifiedName"] = f.construct_path;
    construct["kind"] = "resource";
    logicals.push_back(std::move(construct));
  }
  if (!logicals.empty()) loc["logicalLocations"] = std::move(logicals);
  return loc;
}

ojson result(const Finding& f, const std::map<std::string, size_t>& index, const SourceRoot& where) {
  ojson res;
  res["ruleId"] = f.rule;
  auto it = index.find(f.rule);
  if (it != index.end()) res["ruleIndex"] = it->second;
  res["level"] = sarif_level(f.severity);
  res["message"] = message(f.message);
  res["locations"] = ojson::array({location(f, where)});
  if (!f.fingerprint.empty()) {
    ojson fp;
    fp["amilint/v1"] = f.fingerprint;
    res["partialFingerprints"] = std::move(fp);
  }
  return res;
}

}  // namespace

std::string report_sarif(const std::vector<Finding>& findings, const std::vector<const Rule*>& rules,
                         const SarifOptions& options) {
  std::map<std::string, size_t> index;
  ojson rule_array = ojson::array();
  for (const Rule* r : rules) {
    if (!r || index.count(r->code)) continue;
    index[r->code] = rule_array.size();
    rule_array.push_back(descriptor(*r));
  }
  ojson driver;
  driver["name"] = "amilint";
  if (!options.tool_version.empty()) {
    driver["version"] = options.tool_version;
    driver["semanticVersion"] = options.tool_version;
  }
  driver["rules"] = std::move(rule_array);

  const SourceRoot& where = options.where;
  ojson results = ojson::array();
  for (const auto& f : findings) results.push_back(result(f, index, where));

  ojson run;
  ojson tool;
  tool["driver"] = std::move(driver);
  run["tool"] = std::move(tool);
  if (!where.base().empty()) {
    ojson base;
    base["uri"] = directory_file_uri(where.base());
    base["description"] = message(where.root.empty() ? "The directory amilint ran in."
                                                      : "The repository root (the directory holding .git).");
    ojson ids;
    ids[kSrcRoot] = std::move(base);
    run["originalUriBaseIds"] = std::move(ids);
  }
  run["results"] = std::move(results);
  run["columnKind"] = "unicodeCodePoints";

  ojson doc;
  doc["$schema"] = "https://json.schemastore.org/sarif-2.1.0.json";
  doc["version"] = "2.1.0";
  doc["runs"] = ojson::array({std::move(run)});
  return doc.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

}  // namespace amilint
