#include "tests/fuzz/targets.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "linter/engine/engine.h"
#include "linter/engine/lint_unit.h"
#include "linter/load/hcl/hcl.h"
#include "linter/load/loaders.h"
#include "linter/report/report.h"
#include "rules/rule.h"
#include "tests/tools/hcl_render.h"

namespace amilint {
namespace fuzz {
namespace {

// A broken invariant is a finding: abort so that the fuzzer keeps the input.
void check(bool ok, const char* what) {
  if (!ok) {
    std::fprintf(stderr, "fuzz invariant broken: %s\n", what);
    std::abort();
  }
}

void check_range(const Range& r, size_t size, const char* what) { check(r.begin <= r.end && r.end <= size, what); }

// Visits every node once (aliases share nodes), checking ranges and asking what the
// rules ask: keys, intrinsics, lookups.
void walk(const Document& doc, size_t size) {
  for (const auto& e : doc.errors) check(e.offset <= size && !e.message.empty(), "error offset or message");
  if (!doc.root) return;
  std::unordered_set<const Node*> seen;
  std::vector<const Node*> stack{doc.root};
  while (!stack.empty()) {
    const Node* n = stack.back();
    stack.pop_back();
    if (!seen.insert(n).second) continue;
    check_range(n->range, size, "node range");
    (void)n->intrinsic();
    if (n->is_map()) {
      for (const auto& e : n->entries) {
        check_range(e.key_range, size, "key range");
        check(e.value != nullptr, "mapping value");
        check(n->get(e.key) != nullptr, "lookup of an existing key");
        stack.push_back(e.value);
      }
    } else if (n->is_seq()) {
      for (const Node* c : n->items) {
        check(c != nullptr, "sequence item");
        stack.push_back(c);
      }
    }
  }
}

std::string_view as_text(const uint8_t* data, size_t size) {
  return size ? std::string_view(reinterpret_cast<const char*>(data), size) : std::string_view();
}

void check_findings(const std::vector<Finding>& findings) {
  for (const auto& f : findings) {
    check(f.line >= 1 && f.column >= 1, "finding line/column 1-based");
    check(f.end_line > f.line || (f.end_line == f.line && f.end_column >= f.column), "finding end after start");
    check(!f.rule.empty() && !f.message.empty(), "finding rule and message");
  }
}

// Every output format over the findings of one report; the text format also with
// colors and the source lines of text, the report's file.
void render(const FileReport& rep, const std::vector<const Rule*>& rules, const std::string& text) {
  check_findings(rep.findings);
  Summary s = summarize(rep.findings, 1, rep.is_template ? 1 : 0);
  SourceRoot where{"/src", ""};
  std::string out = report_text(rep.findings) + summary_line(s);
  auto content = std::make_shared<FileText>(std::string(text));
  std::map<std::string, std::shared_ptr<const FileText>> sources{{rep.display, content}};
  out += report_text(rep.findings, TextStyle{true, true, &sources});
  out += report_json(rep.findings, s, &rep.amis);
  // the rules of the findings only: serializing every rule's documentation would take
  // most of the fuzzer's time and tests nothing the findings do not
  std::vector<const Rule*> used;
  for (const auto& f : rep.findings)
    if (const Rule* r = find_rule(f.rule); r && std::find(used.begin(), used.end(), r) == used.end()) used.push_back(r);
  out += report_sarif(rep.findings, used, SarifOptions{where});
  out += report_junit(rep.findings, {LintedTemplate{rep.display, rules}}, where);
  out += report_github(rep.findings, where);
  check(!out.empty(), "reports");
}

const EngineOptions& pipeline_options() {
  static const EngineOptions options = [] {
    EngineOptions o;
    o.lint.regions = {"us-east-1", "eu-west-1"};
    o.lint.dr_regions = {"us-west-2"};
    o.lint.trusted_accounts = {"123456789012"};
    o.lint.now = 1795000000;
    o.audit = true;
    for (const Rule* r : all_rules()) o.enable.push_back(r->code);
    return o;
  }();
  return options;
}

}  // namespace

void yaml(const uint8_t* data, size_t size) {
  std::string_view text = as_text(data, size);
  Document doc = load_yaml(text, "fuzz.yaml");
  walk(doc, text.size());
}

void json(const uint8_t* data, size_t size) {
  std::string_view text = as_text(data, size);
  Document doc = load_json(text, "fuzz.json");
  walk(doc, text.size());
}

void hcl(const uint8_t* data, size_t size) {
  std::string_view text = as_text(data, size);
  hcl::HclFile file = hcl::parse_hcl(text, "fuzz.tf");
  check(file.ok() || file.errors.size() == 1, "one error or a root");
  for (const auto& e : file.errors) check(e.offset <= file.text.size(), "error offset");
  if (!file.ok()) return;
  for (hcl::Id i = 0; i < file.exprs.size(); ++i) {
    check_range(file.exprs[i].range, file.text.size(), "expression range");
    (void)file.as_reference(i);
    (void)file.as_literal(i);
  }
  for (const auto& c : file.comments) check_range(c.range, file.text.size(), "comment range");
  std::string out;
  ParseError error;
  if (!hcl::render_hcl_json(file, &out, &error)) check(error.offset <= file.text.size(), "render error offset");
}

void pipeline(const uint8_t* data, size_t size) {
  if (size == 0) return;
  static const std::vector<const Rule*> rules = active_rules(pipeline_options());
  const EngineOptions& options = pipeline_options();
  std::string text(reinterpret_cast<const char*>(data) + 1, size - 1);
  switch (data[0] % 4) {
    case 0:
      render(lint_text(text, "template.yaml", options, rules), rules, text);
      return;
    case 1:
      render(lint_text(text, "template.json", options, rules), rules, text);
      return;
    default: {
      // A module of one file, as discover makes it (no disk access).
      Unit u;
      u.kind = UnitKind::TerraformModule;
      auto f = std::make_shared<SourceFile>();
      f->path = f->display = data[0] % 4 == 2 ? "main.tf" : "main.tf.json";
      f->format = data[0] % 4 == 2 ? Format::TfHcl : Format::TfJson;
      auto content = std::make_shared<FileText>(std::string(text));
      f->content = std::move(content);
      u.files.push_back(std::move(f));
      u.candidates = {0};
      u.dirs.push_back(ModuleDir{".", ".", ".", {0}, {}});
      for (const auto& rep : lint_unit(u, options, rules).reports) render(rep, rules, text);
      return;
    }
  }
}

Target target_named(const std::string& name) {
  if (name == "yaml") return yaml;
  if (name == "json") return json;
  if (name == "hcl") return hcl;
  if (name == "pipeline") return pipeline;
  return nullptr;
}

}  // namespace fuzz
}  // namespace amilint
