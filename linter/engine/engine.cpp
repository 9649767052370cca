#include "linter/engine/engine.h"

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <thread>

#include "linter/filter/baseline.h"
#include "linter/adapt/cfn.h"
#include "linter/load/loaders.h"
#include "linter/adapt/terraform.h"
#include "linter/eval/plan.h"
#include "rules/rule.h"

namespace amilint {

namespace {

bool contains_code(const std::vector<std::string>& list, const Rule* r) {
  for (const auto& c : list)
    if (find_rule(c) == r) return true;
  return false;
}

bool ends_with(const std::string& s, const char* suffix) {
  size_t n = std::strlen(suffix);
  return s.size() >= n && s.compare(s.size() - n, n, suffix) == 0;
}

// Does the text look like a CloudFormation template, even if it cannot be parsed?
bool looks_like_cfn_text(const std::string& t) {
  if (t.find("AWSTemplateFormatVersion") != std::string::npos) return true;
  return t.find("Resources") != std::string::npos &&
         (t.find("AWS::") != std::string::npos || t.find("Custom::") != std::string::npos);
}

// UTF-16 or UTF-32 text (with a BOM) is still recognized: its ASCII characters are
// its non-NUL bytes.
bool looks_like_cfn(const std::string& t) {
  if (!foreign_bom_name(t)) return looks_like_cfn_text(t);
  std::string ascii;
  for (char c : t)
    if (c != '\0') ascii += c;
  return looks_like_cfn_text(ascii);
}

bool json_text(const std::string& text, const std::string& display) {
  if (ends_with(display, ".json")) return true;
  if (ends_with(display, ".yaml") || ends_with(display, ".yml")) return false;
  size_t i = utf8_bom_length(text);
  while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) ++i;
  return i < text.size() && (text[i] == '{' || text[i] == '[');
}

}  // namespace

void locate(Finding& f, const LineIndex& index, const std::string& display) {
  f.file = display;
  Position b = index.position(f.range.begin);
  Position e = index.position(std::max(f.range.end, f.range.begin));
  f.line = b.line;
  f.column = b.column;
  f.end_line = e.line;
  f.end_column = e.column;
  f.fingerprint = fingerprint_of(f.rule, f.file, f.path, f.value);
}

namespace {

std::vector<std::string> split_path(const std::string& p) {
  std::vector<std::string> out;
  size_t i = 0;
  while (i <= p.size()) {
    size_t j = p.find('/', i);
    if (j == std::string::npos) j = p.size();
    if (j > i) out.push_back(p.substr(i, j - i));
    i = j + 1;
  }
  return out;
}

}  // namespace

int match_template_url(const std::string& url, const std::vector<std::string>& displays) {
  std::string path = url.substr(0, url.find_first_of("?#"));
  size_t scheme = path.find("://");
  if (scheme != std::string::npos) {
    size_t slash = path.find('/', scheme + 3);
    path = slash == std::string::npos ? "" : path.substr(slash);
  }
  std::vector<std::string> want = split_path(path);
  if (want.empty() || want.back().find("${") != std::string::npos) return -1;
  int best = -1, best_len = 0;
  bool tie = false;
  for (size_t i = 0; i < displays.size(); ++i) {
    if (displays[i].empty()) continue;
    std::vector<std::string> have = split_path(displays[i]);
    int len = 0;
    while (len < static_cast<int>(want.size()) && len < static_cast<int>(have.size()) &&
           want[want.size() - 1 - len] == have[have.size() - 1 - len] &&
           want[want.size() - 1 - len].find("${") == std::string::npos)
      ++len;
    if (len == 0) continue;
    if (len > best_len) {
      best = static_cast<int>(i);
      best_len = len;
      tie = false;
    } else if (len == best_len) {
      tie = true;
    }
  }
  return tie ? -1 : best;
}

std::vector<const Rule*> active_rules(const EngineOptions& o) {
  std::vector<const Rule*> out;
  for (const Rule* r : all_rules()) {
    bool on = r->enabled_by_default;
    auto sw = o.rule_switch.find(r->code);
    if (sw != o.rule_switch.end()) on = sw->second;
    if (contains_code(o.enable, r)) on = true;
    if (!o.select.empty()) on = contains_code(o.select, r);
    if (contains_code(o.ignore, r)) on = false;
    if (on) out.push_back(r);
  }
  return out;
}

FileReport lint_text(const std::string& text, const std::string& display, const EngineOptions& options,
                     const std::vector<const Rule*>& rules) {
  FileReport rep;
  rep.display = display;
  bool json = json_text(text, display);
  rep.format = json ? Format::CfnJson : Format::CfnYaml;
  Document doc = json ? load_json(text, display) : load_yaml(text, display);
  bool is_template = is_cfn_template(doc.root);
  // Terraform plan JSON (`terraform show -json`): adapted through the Terraform view.
  bool plan = json && !is_template &&
              (is_tf_plan(doc.root) || (!doc.root && text.find("\"format_version\"") != std::string::npos &&
                                        (text.find("\"planned_values\"") != std::string::npos ||
                                         text.find("\"resource_changes\"") != std::string::npos)));
  if (plan) rep.format = Format::TfPlan;
  if (!is_template && !plan && !(doc.errors.size() && looks_like_cfn(text))) {
    rep.note = doc.errors.empty() ? "not a CloudFormation template"
                                  : "not a template (and not valid " + std::string(json ? "JSON" : "YAML") +
                                        ": " + doc.errors[0].message + ")";
    return rep;
  }
  rep.is_template = true;
  LineIndex index(text);
  auto severity_of = [&](const Rule* r) {
    auto it = options.severity.find(r->code);
    return it == options.severity.end() ? r->severity : it->second;
  };
  const Rule* parse_rule = find_rule("AMI000");
  bool parse_on = std::find(rules.begin(), rules.end(), parse_rule) != rules.end();
  if (parse_on) {
    for (const auto& e : doc.errors) {
      Finding f;
      f.rule = parse_rule->code;
      f.name = parse_rule->name;
      f.severity = severity_of(parse_rule);
      uint32_t end = e.offset;
      if (end < text.size()) {
        ++end;
        while (end < text.size() && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) ++end;
      }
      f.range = {e.offset, end};
      f.message = e.message;
      f.path = "";
      f.value = e.message;
      locate(f, index, display);
      rep.findings.push_back(std::move(f));
    }
  }
  if (!json) rep.suppressions = comment_suppressions(text, CommentSyntax::Yaml);
  if ((is_template || plan) && doc.root) {
    Model model = plan ? adapt_terraform(plan_view(*doc.root, options.lint))
                       : adapt_cfn(*doc.root, options.lint);
    rep.stacksets = model.stacksets;
    if (options.audit)
      for (auto& a : ami_audit(model, options.lint)) {
        Position p = index.position(a.range.begin);
        a.file = display;
        a.line = p.line;
        a.column = p.column;
        rep.amis.push_back(std::move(a));
      }
    for (auto& s : model.suppressions) rep.suppressions.push_back(std::move(s));
    for (const Rule* r : rules) {
      if (!r->check) continue;
      size_t first = rep.findings.size();
      RuleContext ctx(*r, options.lint, rep.findings);
      r->check(model, ctx);
      for (size_t i = first; i < rep.findings.size(); ++i) {
        rep.findings[i].severity = severity_of(r);
        locate(rep.findings[i], index, display);
      }
    }
  }
  // Filter: suppressions written in this file.
  make_fingerprints_unique(rep.findings);
  for (auto& s : rep.suppressions) {
    if (s.file.empty()) s.file = display;
    if (s.line == 0) s.line = index.position(s.written.begin).line;
  }
  apply_suppressions(rep.findings, rep.suppressions, options.lint.now, &rep.suppressed);
  return rep;
}

FileReport lint_file(const Candidate& file, const EngineOptions& options, const std::vector<const Rule*>& rules) {
  std::string text;
  if (!read_file(file.path, text)) {
    int err = errno;
    FileReport rep;
    rep.display = file.display;
    rep.is_template = true;
    Finding fi;
    fi.rule = "AMI000";
    fi.name = "parse-error";
    fi.severity = Severity::Error;
    fi.file = file.display;
    fi.line = fi.column = fi.end_line = fi.end_column = 1;
    fi.message = cannot_read_message(err);
    fi.value = fi.message;
    fi.fingerprint = fingerprint_of(fi.rule, fi.file, "", fi.value);
    rep.findings.push_back(std::move(fi));
    return rep;
  }
  return lint_text(text, file.display, options, rules);
}

RunResult run(const std::vector<Candidate>& files, const EngineOptions& options) {
  return run(files, std::vector<EngineOptions>{options}, std::vector<size_t>(files.size(), 0));
}

RunResult run(const std::vector<Candidate>& files, const std::vector<EngineOptions>& sets,
              const std::vector<size_t>& set_of_file) {
  RunResult res;
  std::vector<std::vector<const Rule*>> set_rules;
  for (const auto& o : sets) set_rules.push_back(active_rules(o));
  auto set_of = [&](size_t i) { return i < set_of_file.size() && set_of_file[i] < sets.size() ? set_of_file[i] : 0; };
  res.files.resize(files.size());
  // Terraform: the .tf files of one directory are one module, linted as a unit by
  // the worker that takes its first file.
  std::vector<std::vector<size_t>> modules = terraform_modules(files);
  std::vector<int> module_of(files.size(), -1);
  for (size_t m = 0; m < modules.size(); ++m)
    for (size_t i : modules[m]) module_of[i] = static_cast<int>(m);
  int jobs = std::max(1, std::min<int>(sets.empty() ? 1 : sets[0].jobs, static_cast<int>(files.size())));
  std::vector<bool> child = called_as_child(files, modules, jobs);
  // Units of work (a file, or a module linted with its first file), largest first, so
  // that no thread is left with one big module at the end while the others idle.
  std::vector<size_t> order;
  std::vector<uint64_t> weight(files.size(), 0);
  for (size_t i = 0; i < files.size(); ++i) {
    if (module_of[i] < 0) {
      order.push_back(i);
      weight[i] = files[i].size;
    } else {
      const auto& members = modules[static_cast<size_t>(module_of[i])];
      if (members[0] != i) continue;
      order.push_back(i);
      for (size_t k : members) weight[i] += files[k].size;
    }
  }
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return weight[a] > weight[b]; });
  std::atomic<size_t> next{0};
  auto worker = [&] {
    for (size_t n; (n = next.fetch_add(1)) < order.size();) {
      size_t i = order[n];
      if (module_of[i] < 0) {
        res.files[i] = lint_file(files[i], sets[set_of(i)], set_rules[set_of(i)]);
        continue;
      }
      const auto& members = modules[static_cast<size_t>(module_of[i])];
      if (child[static_cast<size_t>(module_of[i])]) {
        for (size_t k : members) {
          res.files[k].display = files[k].display;
          res.files[k].is_template = true;
          res.files[k].format = Format::TfHcl;
          res.files[k].note = "linted as a child module of the modules that call it";
        }
        continue;
      }
      std::vector<Candidate> tf;
      for (size_t k : members) tf.push_back(files[k]);
      std::vector<FileReport> reps = lint_terraform_module(tf, sets[set_of(i)], set_rules[set_of(i)]);
      for (size_t k = 0; k < members.size(); ++k) res.files[members[k]] = std::move(reps[k]);
    }
  };
  std::vector<std::thread> pool;
  for (int j = 1; j < jobs; ++j) pool.emplace_back(worker);
  worker();
  for (auto& t : pool) t.join();
  // Link pass: a template that a StackSet deploys also runs in the StackSet's
  // regions. Such files are linted again with those regions added.
  std::vector<std::string> displays;
  for (const auto& fr : res.files) displays.push_back(fr.is_template ? fr.display : std::string());
  std::map<size_t, std::vector<std::string>> extra;
  for (const auto& fr : res.files)
    for (const auto& ss : fr.stacksets) {
      int target = match_template_url(ss.template_url, displays);
      if (target < 0) continue;
      auto& regs = extra[static_cast<size_t>(target)];
      for (const auto& r : ss.regions)
        if (std::find(regs.begin(), regs.end(), r) == regs.end()) regs.push_back(r);
    }
  for (auto& [i, regs] : extra) {
    EngineOptions o = sets[set_of(i)];
    for (const auto& r : regs)
      if (std::find(o.lint.regions.begin(), o.lint.regions.end(), r) == o.lint.regions.end())
        o.lint.regions.push_back(r);
    res.files[i] = lint_file(files[i], o, set_rules[set_of(i)]);
    res.files[i].stackset_regions = regs;
  }
  for (auto& fr : res.files) {
    if (fr.is_template) ++res.templates;
    for (auto& f : fr.findings) res.findings.push_back(f);
    for (auto& s : fr.suppressions) res.suppressions.push_back(s);
    res.suppressed += static_cast<int>(fr.suppressed.size());
    for (auto& a : fr.amis) res.amis.push_back(a);
  }
  std::stable_sort(res.amis.begin(), res.amis.end(), [](const AmiAuditEntry& a, const AmiAuditEntry& b) {
    if (a.file != b.file) return a.file < b.file;
    if (a.line != b.line) return a.line < b.line;
    return a.column < b.column;
  });
  std::stable_sort(res.findings.begin(), res.findings.end(), [](const Finding& a, const Finding& b) {
    if (a.file != b.file) return a.file < b.file;
    if (a.line != b.line) return a.line < b.line;
    if (a.column != b.column) return a.column < b.column;
    return a.rule < b.rule;
  });
  return res;
}

}  // namespace amilint
