#include "linter/engine/lint_unit.h"

#include <algorithm>
#include <map>
#include <optional>

#include "linter/adapt/cfn.h"
#include "linter/adapt/terraform.h"
#include "linter/discover/sniff.h"
#include "linter/eval/cfn.h"
#include "linter/eval/plan.h"
#include "linter/eval/terraform.h"
#include "linter/filter/baseline.h"
#include "linter/load/load.h"
#include "rules/rule.h"

namespace amilint {

// A unit loaded, evaluated and adapted: what check, locate and filter read.
struct Prepared {
  std::vector<std::shared_ptr<const SourceFile>> files;
  std::vector<std::vector<ParseError>> errors;     // per file: AMI000 (syntax and Terraform's own errors)
  std::vector<std::vector<Suppression>> written;   // per file: the suppressions written in it
  std::vector<bool> reported;                      // per file: its findings are reported
  Model model;
  bool has_model = false;
  std::vector<FileReport> reports;                 // one per candidate, without findings yet
};

namespace {

Severity severity_of(const Rule* r, const EngineOptions& o) {
  auto it = o.severity.find(r->code);
  return it == o.severity.end() ? r->severity : it->second;
}

// ---- prepare ----------------------------------------------------------------------

void prepare_template(const Unit& unit, const EngineOptions& options, Prepared& p) {
  const SourceFile& file = *unit.files[0];
  FileReport& rep = p.reports[0];
  rep.format = file.format;
  if (file.read_error()) {  // unreadable: one AMI000 at its start
    rep.is_template = true;
    p.errors[0] = load_file(file).errors();
    return;
  }
  LoadedFile loaded = load_file(file);
  const Document& doc = loaded.doc;
  DocKind kind = classify(doc.root, doc.errors.empty(), file.format, file.text());
  bool json = file.format == Format::CfnJson;
  if (kind == DocKind::NotTemplate) {
    rep.note = doc.errors.empty() ? "not a CloudFormation template"
                                  : "not a template (and not valid " + std::string(json ? "JSON" : "YAML") +
                                        ": " + doc.errors[0].message + ")";
    return;
  }
  rep.is_template = true;
  if (kind == DocKind::TfPlan) rep.format = Format::TfPlan;
  p.errors[0] = doc.errors;
  p.written[0] = written_suppressions(file.format, file.text(), nullptr);
  if ((kind == DocKind::CfnTemplate || kind == DocKind::TfPlan) && doc.root) {
    p.model = kind == DocKind::TfPlan ? adapt_terraform(plan_view(*doc.root, options.lint))
                                      : adapt_cfn(*doc.root, options.lint);
    p.has_model = true;
    rep.stacksets = p.model.stacksets;
    for (auto& s : p.model.suppressions) p.written[0].push_back(std::move(s));
    p.model.suppressions.clear();
  }
}

void prepare_module(const Unit& unit, const EngineOptions& options, Prepared& p) {
  std::vector<LoadedFile> loaded;
  loaded.reserve(unit.files.size());
  for (const auto& f : unit.files) loaded.push_back(load_file(*f));
  std::vector<const hcl::HclFile*> hcl;
  for (const auto& l : loaded) hcl.push_back(&l.hcl);
  TfEvaluation ev = evaluate_terraform(unit, hcl, options.lint);
  for (size_t i = 0; i < unit.files.size(); ++i) {
    p.errors[i] = loaded[i].hcl.errors;
    for (auto& e : ev.problems[i]) p.errors[i].push_back(std::move(e));
    p.written[i] = written_suppressions(unit.files[i]->format, unit.files[i]->text(), loaded[i].doc.root);
  }
  // Files named (pre-commit): the whole directory is read, only their findings reported.
  if (unit.named)
    for (uint32_t f : unit.dirs[0].config) p.reported[f] = unit.files[f]->named;
  p.model = adapt_terraform(ev.view);
  p.has_model = true;
  for (size_t i = 0; i < ev.notes.size(); ++i) p.reports[0].note += (i ? "\n" : "") + ev.notes[i];
}

std::unique_ptr<Prepared> prepare(const Unit& unit, const EngineOptions& options,
                                  const std::vector<std::string>& candidate_displays) {
  auto p = std::make_unique<Prepared>();
  p->files = unit.files;
  p->errors.resize(unit.files.size());
  p->written.resize(unit.files.size());
  p->reported.assign(unit.files.size(), true);
  for (const auto& d : candidate_displays) {
    FileReport r;
    r.display = d;
    r.is_template = unit.kind != UnitKind::Template;
    r.format = d.size() > 5 && d.compare(d.size() - 5, 5, ".json") == 0 ? Format::TfJson : Format::TfHcl;
    p->reports.push_back(std::move(r));
  }
  if (unit.kind == UnitKind::Template) prepare_template(unit, options, *p);
  else prepare_module(unit, options, *p);
  return p;
}

// ---- finish -----------------------------------------------------------------------

// AMI000: every error of every file, at the offending character.
void parse_findings(const Prepared& p, const Rule* rule, const EngineOptions& o, std::vector<Finding>& out) {
  for (size_t fid = 0; fid < p.errors.size(); ++fid) {
    const std::string& text = p.files[fid]->text();
    for (const auto& e : p.errors[fid]) {
      Finding f;
      f.rule = rule->code;
      f.name = rule->name;
      f.severity = severity_of(rule, o);
      uint32_t end = e.offset;
      if (end < text.size()) {
        ++end;
        while (end < text.size() && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) ++end;
      }
      f.range = {e.offset, end, static_cast<uint32_t>(fid)};
      f.message = e.message;
      f.value = e.message;
      out.push_back(std::move(f));
    }
  }
}

std::vector<Finding> check(const Prepared& p, const EngineOptions& o, const std::vector<const Rule*>& rules) {
  std::vector<Finding> out;
  for (const Rule* r : rules) {
    if (!r->check) {
      if (std::string(r->code) == "AMI000") parse_findings(p, r, o, out);
      continue;
    }
    if (!p.has_model) continue;
    size_t first = out.size();
    RuleContext ctx(*r, o.lint, out);
    r->check(p.model, ctx);
    for (size_t i = first; i < out.size(); ++i) out[i].severity = severity_of(r, o);
  }
  return out;
}

std::vector<FileReport> finish(const Prepared& p, const EngineOptions& o, const std::vector<const Rule*>& rules) {
  std::vector<FileReport> reports = p.reports;
  std::map<std::string, size_t> report_of;
  for (size_t i = 0; i < reports.size(); ++i) report_of.emplace(reports[i].display, i);
  auto report_for = [&](uint32_t fid) -> FileReport& {  // child modules, variable files: the first
    auto it = report_of.find(p.files[fid]->display);
    return reports[it == report_of.end() ? 0 : it->second];
  };
  std::vector<std::optional<LineIndex>> indexes(p.files.size());  // built when a file needs one
  auto index = [&](uint32_t fid) -> const LineIndex& {
    if (!indexes[fid]) indexes[fid].emplace(p.files[fid]->text());
    return *indexes[fid];
  };
  auto file_of = [&](const Range& r) { return r.file < p.files.size() ? r.file : 0; };
  // Findings by file, located.
  std::vector<std::vector<Finding>> by_file(p.files.size());
  for (auto& f : check(p, o, rules)) {
    uint32_t fid = file_of(f.range);
    locate(f, index(fid), p.files[fid]->display);
    by_file[fid].push_back(std::move(f));
  }
  if (o.audit && p.has_model)
    for (auto& a : ami_audit(p.model, o.lint)) {
      uint32_t fid = file_of(a.range);
      if (!p.reported[fid]) continue;
      Position pos = index(fid).position(a.range.begin);
      a.file = p.files[fid]->display;
      a.line = pos.line;
      a.column = pos.column;
      report_for(fid).amis.push_back(std::move(a));
    }
  // Filter: each file's suppressions apply to the findings in it.
  for (size_t fid = 0; fid < p.files.size(); ++fid) {
    if (!p.reported[fid]) continue;
    FileReport& rep = report_for(static_cast<uint32_t>(fid));
    std::vector<Suppression> sups = p.written[fid];
    for (auto& s : sups) {
      s.file = p.files[fid]->display;
      Position at = index(static_cast<uint32_t>(fid)).position(s.written.begin);
      if (s.line == 0) s.line = at.line;
      s.column = at.column;
    }
    std::vector<Finding>& mine = by_file[fid];
    make_fingerprints_unique(mine);
    apply_suppressions(mine, sups, o.lint.now, &rep.suppressed);
    for (auto& f : mine) rep.findings.push_back(std::move(f));
    for (auto& s : sups) rep.suppressions.push_back(std::move(s));
  }
  return reports;
}

// The names of the unit's candidate files, in the unit's order (a unit made in memory
// may leave them out: its root files then).
std::vector<std::string> candidate_displays(const Unit& unit) {
  if (!unit.candidate_displays.empty()) return unit.candidate_displays;
  std::vector<std::string> out;
  if (unit.kind == UnitKind::Template) {
    out.push_back(unit.files[0]->display);
    return out;
  }
  for (uint32_t f : unit.dirs[0].config) {
    const SourceFile& s = *unit.files[f];
    if (!unit.named || s.named) out.push_back(s.display);
  }
  return out;
}

}  // namespace

UnitResult lint_unit(const Unit& unit, const EngineOptions& options, const std::vector<const Rule*>& rules, bool keep) {
  UnitResult out;
  std::shared_ptr<Prepared> p = prepare(unit, options, candidate_displays(unit));
  out.reports = finish(*p, options, rules);
  // A StackSet can deploy a CloudFormation template to more regions: keep what they
  // would change (AMI slots, distributions, lifecycle policies).
  const Model& m = p->model;
  if (keep && unit.kind == UnitKind::Template && p->has_model && p->reports[0].format != Format::TfPlan &&
      (!m.uses.empty() || !m.distributions.empty() || !m.lifecycle_policies.empty()))
    out.prepared = std::move(p);
  return out;
}

FileReport relint(Prepared& p, const EngineOptions& options, const std::vector<const Rule*>& rules) {
  p.model.deploy_regions = options.lint.regions;
  bind_deploy_regions(p.model);
  return finish(p, options, rules)[0];
}

Model unit_model(const Unit& unit, const EngineOptions& options) {
  return std::move(prepare(unit, options, candidate_displays(unit))->model);
}

size_t kept_bytes(const Prepared& p) {
  // the text, and about three times as much for the Model and the rest
  size_t text = 0;
  for (const auto& f : p.files) text += f->text().size();
  return 4 * text + 1024;
}

}  // namespace amilint
