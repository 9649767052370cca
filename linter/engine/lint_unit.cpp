#include "linter/engine/lint_unit.h"
#include "linter/source/source.h"

#include <algorithm>
#include <cstring>
#include <map>
#include <optional>
#include <set>
#include <tuple>

#include "linter/adapt/cfn.h"
#include "linter/adapt/packer.h"
#include "linter/adapt/terraform.h"
#include "linter/discover/sniff.h"
#include "linter/eval/cfn.h"
#include "linter/eval/packer.h"
#include "linter/eval/plan.h"
#include "linter/eval/terraform.h"
#include "linter/filter/baseline.h"
#include "linter/load/load.h"
#include "linter/load/parameter_file.h"
#include "linter/model/baked.h"
#include "rules/rule.h"

namespace amilint {

// A finding as check makes it (before it is located): what says that two lintings of
// one unit found the same thing.
using FindingKey = std::tuple<std::string, uint32_t, uint32_t, uint32_t, std::string, std::string>;

static FindingKey key_of(const Finding& f) {
  return {f.rule, f.range.file, f.range.begin, f.range.end, f.path, f.message};
}

// A unit loaded, evaluated and adapted: what check, locate and filter read.
struct Prepared {
  std::vector<std::shared_ptr<const SourceFile>> files;
  std::vector<std::vector<ParseError>> errors;     // per file: AMI000 (syntax and Terraform's own errors)
  std::vector<std::vector<Suppression>> written;   // per file: the suppressions written in it
  std::vector<bool> reported;                      // per file: its findings are reported
  Model model;
  bool has_model = false;
  std::vector<FileReport> reports;                 // one per candidate, without findings yet
  // Variable files named (pre-commit): the findings the unit has without them. A
  // finding in a file that is not reported is reported when it is not among these:
  // it rests on a named variable file.
  std::optional<std::multiset<FindingKey>> without_named_vars;
  std::shared_ptr<const AssemblyStack> stack;  // a CDK cloud assembly's stack: its construct paths
};

namespace {

Severity severity_of(const Rule* r, const EngineOptions& o) {
  auto it = o.severity.find(r->code);
  return it == o.severity.end() ? r->severity : it->second;
}

// ---- prepare ----------------------------------------------------------------------

// Packer templates and variable files that reach prepare_template: discover makes
// the templates of a directory a PackerBuild unit, so these are variable files Packer
// reads only when given (`-var-file`).
bool packer_file(const std::string& path) {
  return ends_with(path, ".pkr.hcl") || ends_with(path, ".pkr.json") || ends_with(path, ".pkrvars.hcl") ||
         ends_with(path, ".pkrvars.json");
}

// A CloudFormation template with the nested stacks it deploys from local files and the
// parameter files it is deployed with: each nested template is loaded as the unit's
// file of its index (its syntax errors are AMI000 there), each parameter file joins
// the unit's files, so that findings point into it.
void adapt_stack(const Unit& unit, const EngineOptions& options, const Node& root, Prepared& p) {
  CfnStackTree tree;
  tree.roots.assign(p.files.size(), nullptr);
  tree.roots[0] = &root;
  tree.nested = unit.nested;
  std::vector<LoadedFile> loaded(p.files.size());
  for (const auto& n : unit.nested) {
    uint32_t k = n.file;
    if (k == 0 || k >= p.files.size() || tree.roots[k]) continue;
    const SourceFile& f = *p.files[k];
    loaded[k] = load_file(f);
    set_file_index(loaded[k].doc, k);
    const Document& doc = loaded[k].doc;
    p.errors[k] = doc.errors;
    p.written[k] = written_suppressions(f.format, f.text(), nullptr);
    DocKind kind = classify(doc.root, doc.errors.empty(), f.format, f.text());
    if (kind == DocKind::CfnTemplate && doc.root) tree.roots[k] = doc.root;
    else if (kind == DocKind::NotTemplate)
      p.reports[0].note += std::string(p.reports[0].note.empty() ? "" : "\n") + f.display + ": the template of nested stack '" +
                           n.resource + "' is not a CloudFormation template; not linted with this stack";
  }
  for (const auto& pf : options.parameter_files) {
    if (!pf || !pf->file) continue;
    uint32_t k = static_cast<uint32_t>(p.files.size());
    p.files.push_back(pf->file);
    p.errors.emplace_back();
    p.written.emplace_back();
    p.reported.push_back(true);
    for (ParameterValue v : pf->values) {
      v.value.range.file = k;
      v.name_at.range.file = k;
      tree.given.push_back(std::move(v));
    }
  }
  p.model = adapt_cfn(tree, options.lint);
}

void prepare_template(const Unit& unit, const EngineOptions& options, Prepared& p) {
  const SourceFile& file = *unit.files[0];
  FileReport& rep = p.reports[0];
  rep.format = file.format;
  if (packer_file(file.path)) {
    rep.note = "a Packer variable file: Packer reads it only when given (-var-file); name it to lint its build with it";
    return;
  }
  if (file.read_error()) {  // unreadable: one AMI000 at its start
    rep.is_template = true;
    p.errors[0] = load_file(file).errors();
    return;
  }
  const PlanPruning pruning{[](std::string_view a) { return tf_adapter_reads(a) || plan_traces_attribute(a); },
                            tf_adapter_reads, tf_adapter_reads_of};
  LoadedFile loaded = load_file(file, options.prune_plans ? &pruning : nullptr);
  const Document& doc = loaded.doc;
  DocKind kind = classify(doc.root, doc.errors.empty(), file.format, file.text());
  bool json = file.format == Format::CfnJson;
  if (kind == DocKind::NotTemplate && doc.root && doc.root->is_map() && doc.root->get("artifacts") &&
      ends_with(file.path, "manifest.json")) {
    rep.note = "the manifest of a CDK cloud assembly: its stacks' templates are linted in their environments";
    return;
  }
  if (kind == DocKind::NotTemplate) {
    rep.note = doc.errors.empty() ? "not a CloudFormation template"
                                  : "not a template (and not valid " + std::string(json ? "JSON" : "YAML") +
                                        ": " + doc.errors[0].message + ")";
    return;
  }
  rep.is_template = true;
  if (kind == DocKind::PackerLegacy) {  // a legacy JSON Packer template: a build of its own
    rep.format = Format::PkrJson;
    p.errors[0] = doc.errors;
    p.written[0] = written_suppressions(file.format, file.text(), nullptr);
    if (doc.root) {
      PackerView view = packer_legacy_view(*doc.root, options.lint);
      p.model = adapt_packer(view, options.lint);
      p.has_model = true;
      for (size_t i = 0; i < view.notes.size(); ++i) rep.note += (i ? "\n" : "") + view.notes[i];
    }
    return;
  }
  if (kind == DocKind::TfPlan) rep.format = Format::TfPlan;
  p.errors[0] = doc.errors;
  p.written[0] = written_suppressions(file.format, file.text(), nullptr);
  if (kind == DocKind::TfPlan && doc.root) {
    p.has_model = true;
    // The plan's tree is let go before the adapter runs: a big plan holds its tree
    // and its view at once, never its tree, view and Model.
    TfView view = plan_view(*doc.root, options.lint, options.prune_plans ? tf_adapter_reads : nullptr, options.jobs);
    loaded = LoadedFile();
    p.model = adapt_terraform(view);
  } else if (kind == DocKind::CfnTemplate && doc.root) {
    p.has_model = true;
    if (unit.nested.empty() && options.parameter_files.empty()) p.model = adapt_cfn(*doc.root, options.lint);
    else adapt_stack(unit, options, *doc.root, p);
  }
  if (unit.stack)
    rep.note += std::string(rep.note.empty() ? "" : "\n") + "stack '" + unit.stack->name + "' of the CDK cloud assembly " +
                unit.stack->manifest + " (" + (unit.stack->region.empty() ? "environment-agnostic" : unit.stack->environment) + ")";
  for (const auto& n : unit.notes) rep.note += (rep.note.empty() ? "" : "\n") + n;
  if (p.has_model) {
    rep.stacksets = p.model.stacksets;
    for (auto& s : p.model.suppressions)  // a nested template's Metadata: in its own file
      p.written[s.written.file < p.written.size() ? s.written.file : 0].push_back(std::move(s));
    p.model.suppressions.clear();
  }
}

std::vector<Finding> check(const Prepared& p, const EngineOptions& o, const std::vector<const Rule*>& rules);
std::unique_ptr<Prepared> prepare(const Unit& unit, const EngineOptions& options,
                                  const std::vector<std::string>& candidate_displays);

// The root module's variable files named on the command line.
bool has_named_vars(const Unit& unit) {
  if (!unit.named || unit.dirs.empty()) return false;
  for (uint32_t f : unit.dirs[0].vars)
    if (unit.files[f]->named) return true;
  return false;
}

// A Terraform module's or Packer build's files, each loaded.
std::vector<LoadedFile> load_files(const Unit& unit) {
  std::vector<LoadedFile> loaded;
  loaded.reserve(unit.files.size());
  for (const auto& f : unit.files) loaded.push_back(load_file(*f));
  return loaded;
}

std::vector<const hcl::HclFile*> hcl_of(const std::vector<LoadedFile>& loaded) {
  std::vector<const hcl::HclFile*> hcl;
  for (const auto& l : loaded) hcl.push_back(&l.hcl);
  return hcl;
}

// Files named (pre-commit) in a directory unit (a Terraform module, a Packer build):
// the whole directory is read, only their findings reported. A named configuration
// file reports its own findings and those of the other files it does not name (child
// modules, variable files); a named variable file (alone) reports the findings
// located in it and, through without_named_vars, those elsewhere that rest on it.
void report_named_files(const Unit& unit, Prepared& p) {
  if (!unit.named) return;
  bool config_named = false;
  for (uint32_t f : unit.dirs[0].config) {
    p.reported[f] = unit.files[f]->named;
    config_named |= unit.files[f]->named;
  }
  if (config_named) return;
  std::fill(p.reported.begin(), p.reported.end(), false);
  for (uint32_t f : unit.dirs[0].vars) p.reported[f] = unit.files[f]->named;
}

// A Packer build (its templates and variable files): loaded, evaluated and adapted,
// its syntax errors AMI000.
void prepare_packer(const Unit& unit, const EngineOptions& options, Prepared& p) {
  if (unit.dirs.empty() || unit.dirs[0].config.empty()) {  // variable files named where there is no build
    for (auto& r : p.reports) {
      r.is_template = false;
      r.note = "no Packer build here: no .pkr.hcl or .pkr.json file in its directory";
    }
    return;
  }
  std::vector<LoadedFile> loaded = load_files(unit);
  PackerView view = evaluate_packer(unit, hcl_of(loaded), options.lint);
  for (size_t i = 0; i < unit.files.size(); ++i) {
    p.errors[i] = loaded[i].hcl.errors;
    p.written[i] = written_suppressions(unit.files[i]->format, unit.files[i]->text(), loaded[i].doc.root);
  }
  report_named_files(unit, p);  // as for a module
  p.model = adapt_packer(view, options.lint);
  p.has_model = true;
  for (size_t i = 0; i < view.notes.size(); ++i) p.reports[0].note += (i ? "\n" : "") + view.notes[i];
}

void prepare_module(const Unit& unit, const EngineOptions& options, Prepared& p) {
  if (unit.dirs.empty() || unit.dirs[0].config.empty()) {  // variable files named where there is no module
    for (auto& r : p.reports) {
      r.is_template = false;
      r.note = "no Terraform module here: no .tf or .tf.json file in its directory";
    }
    return;
  }
  std::vector<LoadedFile> loaded = load_files(unit);
  TfEvaluation ev = evaluate_terraform(unit, hcl_of(loaded), options.lint);
  for (size_t i = 0; i < unit.files.size(); ++i) {
    p.errors[i] = loaded[i].hcl.errors;
    for (auto& e : ev.problems[i]) p.errors[i].push_back(std::move(e));
    p.written[i] = written_suppressions(unit.files[i]->format, unit.files[i]->text(), loaded[i].doc.root);
  }
  report_named_files(unit, p);
  p.model = adapt_terraform(ev.view);
  p.has_model = true;
  // What could not be taken from the module manifest, then what the evaluator did not follow.
  std::vector<std::string> notes = unit.manifest.notes;
  notes.insert(notes.end(), ev.notes.begin(), ev.notes.end());
  for (size_t i = 0; i < notes.size(); ++i) p.reports[0].note += (i ? "\n" : "") + notes[i];
}

std::unique_ptr<Prepared> prepare(const Unit& unit, const EngineOptions& options,
                                  const std::vector<std::string>& candidate_displays) {
  auto p = std::make_unique<Prepared>();
  p->files = unit.files;
  p->errors.resize(unit.files.size());
  p->written.resize(unit.files.size());
  p->reported.assign(unit.files.size(), true);
  p->stack = unit.stack;
  for (const auto& d : candidate_displays) {
    FileReport r;
    r.display = d;
    r.is_template = unit.kind != UnitKind::Template;
    r.format = d.size() > 5 && d.compare(d.size() - 5, 5, ".json") == 0 ? Format::TfJson : Format::TfHcl;
    p->reports.push_back(std::move(r));
  }
  if (unit.kind == UnitKind::Template) {
    prepare_template(unit, options, *p);
  } else if (unit.kind == UnitKind::PackerBuild) {
    for (size_t i = 0; i < p->reports.size(); ++i) {
      const std::string& d = p->reports[i].display;
      p->reports[i].format = ends_with(d, ".pkrvars.hcl")    ? Format::PkrVars
                             : ends_with(d, ".pkrvars.json") ? Format::PkrVarsJson
                             : ends_with(d, ".json")         ? Format::PkrJson
                                                             : Format::PkrHcl;
    }
    prepare_packer(unit, options, *p);
  } else {
    for (size_t i = 0; i < p->reports.size() && i < unit.candidates.size(); ++i) {
      const std::string& d = p->reports[i].display;
      if (ends_with(d, ".tfvars")) p->reports[i].format = Format::TfVars;
      else if (ends_with(d, ".tfvars.json")) p->reports[i].format = Format::TfVarsJson;
    }
    prepare_module(unit, options, *p);
  }
  return p;
}

// The findings of the unit linted again without its named variable files.
std::multiset<FindingKey> findings_without_named_vars(const Unit& unit, const EngineOptions& options,
                                                      const std::vector<const Rule*>& rules) {
  Unit without = unit;
  auto& vars = without.dirs[0].vars;
  vars.erase(std::remove_if(vars.begin(), vars.end(), [&](uint32_t f) { return unit.files[f]->named; }), vars.end());
  without.named = false;
  std::unique_ptr<Prepared> q = prepare(without, options, {std::string()});
  std::multiset<FindingKey> keys;
  for (const auto& f : check(*q, options, rules)) keys.insert(key_of(f));
  return keys;
}

// ---- finish -----------------------------------------------------------------------

// AMI000: every error of every file, at the offending character.
void parse_findings(const Prepared& p, const Rule* rule, const EngineOptions& o, std::vector<Finding>& out) {
  for (size_t fid = 0; fid < p.errors.size(); ++fid) {
    const std::string_view text = p.files[fid]->text();
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

// CloudFormation from the AWS CDK: the construct that wrote the element a finding is
// in (Resources/X, Mappings/X, Parameters/X), from the template's `aws:cdk:path`
// metadata or the cloud assembly's logical ID metadata, named in the message.
void name_construct(const Prepared& p, uint32_t fid, Finding& f) {
  if (p.model.construct_paths.empty() && !p.stack) return;
  size_t a = f.path.find('/');
  if (a == std::string::npos || a == 0) return;
  size_t b = f.path.find('/', a + 1);
  std::string element = f.path.substr(a + 1, b == std::string::npos ? std::string::npos : b - a - 1);
  auto it = p.model.construct_paths.find({fid, element});
  if (it != p.model.construct_paths.end()) {
    f.construct_path = it->second;
  } else if (fid == 0 && p.stack) {
    auto c = p.stack->construct_paths.find(element);
    if (c != p.stack->construct_paths.end()) f.construct_path = c->second;
  }
  if (!f.construct_path.empty()) f.message += " (construct " + f.construct_path + ")";
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
  // Findings by file, located; in a file that is not reported, only those that rest on
  // a named variable file.
  std::vector<std::vector<Finding>> by_file(p.files.size());
  std::multiset<FindingKey> without = p.without_named_vars ? *p.without_named_vars : std::multiset<FindingKey>{};
  for (auto& f : check(p, o, rules)) {
    uint32_t fid = file_of(f.range);
    name_construct(p, fid, f);
    if (!p.reported[fid]) {
      if (!p.without_named_vars) continue;
      auto same = without.find(key_of(f));
      if (same != without.end()) {
        without.erase(same);
        continue;
      }
    }
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
    if (!p.reported[fid] && by_file[fid].empty()) continue;
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
    if (p.reported[fid])
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
  if (unit.dirs.empty()) return out;
  for (const auto* list : {&unit.dirs[0].config, &unit.dirs[0].vars})
    for (uint32_t f : *list) {
      const SourceFile& s = *unit.files[f];
      if (list == &unit.dirs[0].config ? !unit.named || s.named : unit.named && s.named) out.push_back(s.display);
    }
  return out;
}

// A Packer build's images whose regions are all known: evidence for the stacks of the
// same run that launch them (LintOptions::baked).
std::vector<BakedImage> baked_images(const Prepared& p) {
  std::vector<BakedImage> out;
  for (const auto& b : p.model.builds) {
    if (!b.region_known || !b.copies_known || (b.name_pattern.empty() && b.hcp_bucket.empty())) continue;
    BakedImage img;
    img.build = b.address;
    img.name_pattern = b.name_pattern;
    img.hcp_bucket = b.hcp_bucket;
    img.regions = b.regions;
    for (const auto& r : b.copy_regions)
      if (std::find(img.regions.begin(), img.regions.end(), r) == img.regions.end()) img.regions.push_back(r);
    uint32_t fid = b.copies_at.range.file < p.files.size() ? b.copies_at.range.file : 0;
    img.file = p.files[fid]->display;
    Position at = LineIndex(p.files[fid]->text()).position(b.copies_at.range.begin);
    img.line = at.line;
    img.column = at.column;
    out.push_back(std::move(img));
  }
  return out;
}

}  // namespace

UnitResult lint_unit(const Unit& unit, const EngineOptions& options, const std::vector<const Rule*>& rules, bool keep) {
  UnitResult out;
  std::shared_ptr<Prepared> p = prepare(unit, options, candidate_displays(unit));
  if (p->has_model && !p->files.empty()) {
    if (!p->model.builds.empty()) out.baked = baked_images(*p);
    out.launches_baked = may_launch_baked(p->model);
  }
  if (p->has_model && has_named_vars(unit)) p->without_named_vars = findings_without_named_vars(unit, options, rules);
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
