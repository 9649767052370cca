// `amilint [OPTIONS] [PATH ...]`: options and config file -> per-file engine options,
// discover, run, then the second half of the filter (baseline) and the report.
#include <CLI/CLI.hpp>
#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <iostream>
#include <set>
#include <thread>
#include <tuple>
#include <unistd.h>

#include "linter/app/cli.h"
#include "linter/source/source.h"
#include "linter/app/config.h"
#include "linter/app/inventory_files.h"
#include "linter/discover/discover.h"
#include "linter/discover/parameter_files.h"
#include "linter/discover/units.h"
#include "linter/engine/engine.h"
#include "linter/filter/baseline.h"
#include "linter/filter/suppress.h"
#include "linter/model/inventory.h"
#include "linter/model/regions.h"
#include "linter/report/report.h"
#include "linter/source/unit.h"
#include "rules/rule.h"

namespace amilint {

namespace {

constexpr int kContinue = -1;  // a step's "go on" (any other value is the exit code)

struct LintArgs {
  std::vector<std::string> paths;
  std::string format = "text", output, fail_on = "warning", now;
  std::vector<std::string> regions, dr_regions, select, ignore, enable, excludes, trusted;
  int jobs = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  bool verbose = false, version = false, no_config = false, list_suppressions = false, fail_on_given = false;
  std::string config_file, inventory_path, baseline_file, write_baseline_file;
  std::string stdin_filename;  // `-` reads stdin as if it were this file
  std::vector<std::string> var_files;  // --var-file, as given
  std::vector<std::shared_ptr<const SourceFile>> var_file_texts;  // the same, read
  std::vector<std::string> parameters;  // --parameters, as given
  std::vector<std::shared_ptr<const ParameterFile>> parameter_files;  // the same, read
  std::string color = "auto";  // the terminal: --color, --show-source, --statistics, --quiet
  bool show_source = false, statistics = false, quiet = false;
};

std::vector<std::string> format_names() {
  std::vector<std::string> out;
  for (const auto& r : reporters()) out.push_back(r.format);
  return out;
}

void add_list(CLI::App& app, const char* name, std::vector<std::string>& out, const char* help) {
  app.add_option(name, out, help)->allow_extra_args(false)->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
}

int parse_args(int argc, char** argv, LintArgs& a) {
  CLI::App app{"amilint: a fast linter for AMI mistakes in CloudFormation and Terraform", "amilint"};
  app.footer(
      "Commands:\n  amilint explain CODE|NAME   print a rule's documentation\n"
      "  amilint rules [--format text|json|markdown]   list the rules\n"
      "  amilint help [COMMAND]      print this help, or a command's\n\n"
      "Exit codes: 0 no finding at or above --fail-on, 1 findings, 2 usage or configuration error.");
  app.add_option("paths", a.paths, "files and directories to lint (default: .)");
  app.add_option("--format", a.format, "text, json, sarif, junit or github")->check(CLI::IsMember(format_names()));
  app.add_option("-o,--output", a.output, "write the report to FILE");
  add_list(app, "--region", a.regions, "deploy region of CloudFormation templates (repeatable)");
  add_list(app, "--dr-region", a.dr_regions, "disaster-recovery region (repeatable)");
  add_list(app, "--select", a.select, "run only these rules (codes or names, comma-separated)");
  add_list(app, "--ignore", a.ignore, "do not run these rules");
  add_list(app, "--enable", a.enable, "turn on rules that are off by default");
  app.add_option("--fail-on", a.fail_on, "lowest severity that fails the run: error, warning, info, never")
      ->check(CLI::IsMember({"error", "warning", "info", "never"}));
  add_list(app, "--exclude", a.excludes, "skip paths matching GLOB (repeatable)");
  app.add_option("-j,--jobs", a.jobs, "files linted in parallel (default: number of cores)")->check(CLI::PositiveNumber);
  app.add_option("--now", a.now, "the current time (RFC 3339), for deprecation and expiry checks");
  auto* config_opt = app.add_option(
      "--config", a.config_file, "config file (default: the first .amilint.yaml or .amilint.yml from here up to the repository root)");
  app.add_flag("--no-config", a.no_config, "do not read any config file")->excludes(config_opt);
  app.add_option("--inventory", a.inventory_path,
                 "AMI inventory: a directory of <region>.json files (aws ec2 describe-images output) or one JSON file "
                 "keyed by region");
  add_list(app, "--var-file", a.var_files,
           "a Terraform variable file (.tfvars, .tfvars.json) applied to every root module after terraform.tfvars "
           "and *.auto.tfvars, as terraform -var-file (repeatable; a later file wins)");
  add_list(app, "--parameters", a.parameters,
           "a CloudFormation parameter file (JSON or YAML: [{\"ParameterKey\": ..., \"ParameterValue\": ...}], "
           "{\"Name\": \"value\"} or {\"Parameters\": {...}}), the values the templates are deployed with "
           "(repeatable; a later file wins)");
  add_list(app, "--trusted-account", a.trusted,
           "an account ID you trust with your AMIs (repeatable; replaces the config's trusted_accounts)");
  app.add_option("--baseline", a.baseline_file, "hide the findings listed in this baseline file");
  app.add_option("--write-baseline", a.write_baseline_file, "write the current findings to this baseline file");
  app.add_flag("--list-suppressions", a.list_suppressions,
               "list every suppression (file, line, rules, reason, expiry, used or unused) instead of findings");
  app.add_option("--stdin-filename", a.stdin_filename, "the file name of the text read from stdin (path '-')");
  auto* verbose_opt = app.add_flag("-v,--verbose", a.verbose, "name skipped files and why");
  // The terminal.
  app.add_option("--color", a.color, "color the text output: auto (on a terminal, unless NO_COLOR is set), always, never")
      ->check(CLI::IsMember({"auto", "always", "never"}));
  app.add_flag("--show-source", a.show_source, "print the source line under each text finding, the value underlined");
  app.add_flag("--statistics", a.statistics, "print a count per rule instead of the findings (text or json)");
  app.add_flag("-q,--quiet", a.quiet, "print findings only: no summary, notes or warnings (errors still)")->excludes(verbose_opt);
  app.add_flag("-V,--version", a.version, "print the version");
  if (int rc = parse_command_line(app, argc, argv, "amilint"); rc != kContinue) return rc;
  a.fail_on_given = app.count("--fail-on") > 0;
  return kContinue;
}

// The config file: --config, else discovered from here up.
int read_config(const LintArgs& a, Config& config) {
  if (a.no_config) return kContinue;
  std::string path = a.config_file.empty() ? discover_config(".") : a.config_file;
  if (path.empty()) return kContinue;
  std::string shown = a.config_file;
  if (shown.empty()) {
    std::error_code ec;
    shown = std::filesystem::path(path).lexically_relative(std::filesystem::current_path(ec)).string();
    if (shown.empty()) shown = path;
  }
  std::string why;
  if (!load_config(path, shown, config, why)) return usage_error(why);
  if (a.verbose) std::cerr << "amilint: config: " << shown << "\n";
  return kContinue;
}

int check_regions_and_accounts(const LintArgs& a, const Config& config) {
  for (auto* list : {&a.regions, &a.dr_regions})
    for (const auto& r : split_commas(*list)) {
      if (is_known_region(r, config.extra_regions)) continue;
      std::string hint = closest_region(r, config.extra_regions);
      return usage_error("unknown region '" + r + "' in --" + (list == &a.regions ? "region" : "dr-region") +
                         (hint.empty() ? "" : " (did you mean '" + hint + "'?)"));
    }
  for (const auto& acct : split_commas(a.trusted))
    if (!is_account_id(acct)) return usage_error("--trusted-account '" + acct + "' is not an AWS account ID (12 digits)");
  return kContinue;
}

// The inventory: loaded once, shared read-only by every file and thread.
int read_inventory(LintArgs& a, const Config& config, EngineOptions& opts) {
  if (a.inventory_path.empty() && config.inventory) a.inventory_path = *config.inventory;
  if (a.inventory_path.empty()) return kContinue;
  auto inv = std::make_shared<Inventory>();
  std::string why;
  if (!load_inventory(a.inventory_path, config.extra_regions, *inv, why)) return usage_error(why);
  if (a.verbose) {
    std::cerr << "amilint: inventory: " << inv->image_count() << " images in " << join(inv->regions());
    if (inv->evidence_count() > 0)
      std::cerr << "; Packer manifests: " << inv->evidence_count() << " AMI IDs"
                << (inv->evidence_regions().empty() ? "" : " (only evidence in " + join(inv->evidence_regions()) + ")");
    std::cerr << "\n";
  }
  opts.lint.inventory = std::move(inv);
  return kContinue;
}

// What to say after `FLAG path` that cannot be read: a file next to it of the kind
// `wanted` accepts with a close name, or where relative paths start. `path_wanted`:
// only when path itself is of that kind (else the error already says what it is not).
std::string missing_file_hint(const std::string& path, const std::string& flag, bool (*wanted)(const std::string&),
                              bool path_wanted) {
  namespace fs = std::filesystem;
  fs::path p(path);
  std::error_code ec;
  if ((path_wanted && !wanted(path)) || fs::exists(p, ec) || ec) return "; see 'amilint --help'";
  std::vector<std::string> names;
  for (fs::directory_iterator it(p.has_parent_path() ? p.parent_path() : ".", ec), end; !ec && it != end; it.increment(ec)) {
    std::string name = it->path().filename().string();
    std::error_code type_ec;
    if (wanted(name) && it->is_regular_file(type_ec)) names.push_back(name);
  }
  std::sort(names.begin(), names.end());
  std::string near = closest(p.filename().string(), names);
  if (near.empty()) return "; " + flag + " paths are relative to the current directory";
  return " (did you mean '" + (p.parent_path() / near).string() + "'?)";
}

std::string var_file_hint(const std::string& path) { return missing_file_hint(path, "--var-file", is_tfvars_file, true); }

bool json_or_yaml(const std::string& name) {
  return ends_with(name, ".json") || ends_with(name, ".yaml") || ends_with(name, ".yml");
}

// The Terraform -var-file files, the config's (every layer) and --var-file's, read
// once: a file that is not there or not a variable file is an error, nothing is linted.
int load_var_files(LintArgs& a, Config& config) {
  std::vector<VarFileRequest> requests;
  std::vector<ConfigVarFile*> entries;  // the config's, then --var-file's
  std::vector<ConfigLayer*> layers{&config.base};
  for (auto& o : config.overrides) layers.push_back(&o.layer);
  for (ConfigLayer* l : layers)
    for (auto& v : l->var_files) {
      requests.push_back({v.path, v.path});
      entries.push_back(&v);
    }
  for (const auto& p : a.var_files) {
    std::string shown = p;
    while (shown.rfind("./", 0) == 0 && shown.size() > 2) shown = shown.substr(2);
    requests.push_back({p, shown});
  }
  std::vector<std::string> why;
  std::vector<std::shared_ptr<const SourceFile>> read = read_var_files(requests, why);
  for (size_t i = 0; i < read.size(); ++i) {
    std::error_code ec;
    if (i < entries.size() && !read[i])
      return usage_error(entries[i]->where + ": var_files entry '" + entries[i]->written + "': " + why[i] +
                         (std::filesystem::exists(entries[i]->path, ec)
                              ? ""
                              : "; var_files paths are relative to the config file's directory"));
    if (!read[i]) {
      const std::string& p = a.var_files[i - entries.size()];
      return usage_error("--var-file " + p + ": " + why[i] + var_file_hint(p));
    }
    if (i < entries.size()) entries[i]->file = read[i];
    else a.var_file_texts.push_back(read[i]);
  }
  return kContinue;
}

// The CloudFormation parameter files, the config's (every layer) and --parameters',
// read and parsed once: a file that is not there or not a parameter file is an error,
// nothing is linted. A parse error names the file, line and column.
int load_parameter_files(LintArgs& a, Config& config) {
  std::vector<ParameterFileRequest> requests;
  std::vector<ConfigParameterFile*> entries;  // the config's, then --parameters'
  std::vector<ConfigLayer*> layers{&config.base};
  for (auto& o : config.overrides) layers.push_back(&o.layer);
  for (ConfigLayer* l : layers)
    for (auto& p : l->parameters) {
      requests.push_back({p.path, p.path});
      entries.push_back(&p);
    }
  for (const auto& p : a.parameters) {
    std::string shown = p;
    while (shown.rfind("./", 0) == 0 && shown.size() > 2) shown = shown.substr(2);
    requests.push_back({p, shown});
  }
  std::vector<std::string> why;
  std::vector<std::shared_ptr<const ParameterFile>> read = read_parameter_files(requests, why);
  for (size_t i = 0; i < read.size(); ++i) {
    // A parse error is `LINE:COL: message`: the file's name goes before it.
    bool parsed = !why[i].empty() && std::isdigit(static_cast<unsigned char>(why[i][0]));
    std::string reason = parsed ? requests[i].display + ":" + why[i] : why[i];
    std::error_code ec;
    if (i < entries.size() && !read[i])
      return usage_error(entries[i]->where + ": parameters entry '" + entries[i]->written + "': " + reason +
                         (parsed || std::filesystem::exists(entries[i]->path, ec)
                              ? ""
                              : "; parameters paths are relative to the config file's directory"));
    if (!read[i]) {
      const std::string& p = a.parameters[i - entries.size()];
      return usage_error("--parameters " + p + ": " + reason + (parsed ? "" : missing_file_hint(p, "--parameters", json_or_yaml, false)));
    }
    if (i < entries.size()) entries[i]->file = read[i];
    else a.parameter_files.push_back(read[i]);
  }
  return kContinue;
}

int add_rule_lists(const LintArgs& a, EngineOptions& opts) {
  struct { const std::vector<std::string>* in; std::vector<std::string>* out; const char* flag; } lists[] = {
      {&a.select, &opts.select, "--select"}, {&a.ignore, &opts.ignore, "--ignore"}, {&a.enable, &opts.enable, "--enable"}};
  for (auto& l : lists)
    for (const auto& c : split_commas(*l.in)) {
      if (!find_rule(c)) return usage_error("unknown rule '" + c + "' in " + l.flag + suggest_rule(c));
      l.out->push_back(c);
    }
  return kContinue;
}

// The CLI's regions, DR regions and trusted accounts win over every config layer; its
// variable files and parameter files come after the config's.
void apply_cli(const LintArgs& a, EngineOptions& o) {
  if (auto r = split_commas(a.regions); !r.empty()) o.lint.regions = r;
  if (auto r = split_commas(a.dr_regions); !r.empty()) o.lint.dr_regions = r;
  if (auto t = split_commas(a.trusted); !t.empty()) o.lint.trusted_accounts = t;
  o.var_files.insert(o.var_files.end(), a.var_file_texts.begin(), a.var_file_texts.end());
  o.parameter_files.insert(o.parameter_files.end(), a.parameter_files.begin(), a.parameter_files.end());
}

// Engine options: the config's top level, then the CLI. `base` is the options before
// the CLI's regions: what every config override starts from.
int engine_options(LintArgs& a, Config& config, EngineOptions& opts, EngineOptions& base) {
  opts.jobs = a.jobs;
  opts.audit = a.format == "json" && !a.list_suppressions && !a.statistics;
  opts.keep_sources = a.show_source && a.format == "text" && !a.statistics;
  opts.lint.now = static_cast<int64_t>(std::time(nullptr));
  if (!a.now.empty() && !parse_rfc3339(a.now, opts.lint.now))
    return usage_error("--now '" + a.now + "' is not an RFC 3339 time (e.g. 2026-01-31T00:00:00Z)");
  opts.lint.extra_regions = config.extra_regions;
  int rc = check_regions_and_accounts(a, config);
  if (rc == kContinue && !a.fail_on_given && config.fail_on) a.fail_on = *config.fail_on;
  if (rc == kContinue) rc = read_inventory(a, config, opts);
  if (rc == kContinue) rc = load_var_files(a, config);
  if (rc == kContinue) rc = load_parameter_files(a, config);
  if (rc != kContinue) return rc;
  apply_layer(config.base, opts);
  if ((rc = add_rule_lists(a, opts)) != kContinue) return rc;
  base = opts;
  apply_cli(a, opts);
  if (a.list_suppressions && a.format != "text" && a.format != "json")
    return usage_error("--list-suppressions prints text or json, not " + a.format);
  if (a.statistics && (a.list_suppressions || (a.format != "text" && a.format != "json")))
    return usage_error(a.list_suppressions ? "--statistics and --list-suppressions cannot be combined"
                                           : "--statistics prints text or json, not " + a.format);
  return kContinue;
}

// `-` among the paths: one file read from stdin, named --stdin-filename (or `-`): its
// name decides its format, config overrides and excludes; a `.tf` name makes it that
// file of its directory's module.
int stdin_candidate(const LintArgs& a, std::vector<std::string>& paths, DiscoverResult& found) {
  auto dash = std::count(paths.begin(), paths.end(), "-");
  if (dash == 0 && a.stdin_filename.empty()) return kContinue;
  if (dash == 0 && !a.paths.empty())
    return usage_error("--stdin-filename names the text read from stdin: add '-' to the paths; see 'amilint --help'");
  if (dash > 1) return usage_error("'-' (stdin) is given " + std::to_string(dash) + " times; stdin can be read once");
  paths.erase(std::remove(paths.begin(), paths.end(), "-"), paths.end());
  Candidate c;
  c.path = c.display = a.stdin_filename.empty() ? "-" : a.stdin_filename;
  c.named = true;
  while (c.display.rfind("./", 0) == 0) c.display = c.display.substr(2);
  for (const auto& g : a.excludes)
    if (glob_match(g, c.display)) {
      found.notes.push_back(c.display + ": excluded");
      return kContinue;
    }
  std::string input(std::istreambuf_iterator<char>(std::cin), {});
  if (std::cin.bad()) return usage_error("cannot read stdin");
  auto text = std::make_shared<FileText>(std::move(input));
  c.size = text->text().size();
  c.given = std::move(text);
  found.files.push_back(std::move(c));
  return kContinue;
}

int discover_files(const LintArgs& a, const Config& config, DiscoverResult& found) {
  std::vector<std::string> paths = a.paths.empty() ? std::vector<std::string>{"."} : a.paths;
  if (a.paths.empty() && !a.stdin_filename.empty()) paths = {"-"};
  DiscoverResult from_stdin;
  if (int rc = stdin_candidate(a, paths, from_stdin); rc != kContinue) return rc;
  if (!paths.empty()) found = discover(paths, a.excludes, a.jobs);
  for (auto& c : from_stdin.files) found.files.push_back(std::move(c));
  for (auto& n : from_stdin.notes) found.notes.push_back(std::move(n));
  if (!config.exclude.empty()) {  // config globs are relative to the config file
    std::vector<Candidate> kept;
    for (auto& c : found.files) {
      if (config_excludes(config, c.path)) found.notes.push_back(c.display + ": excluded (config exclude)");
      else kept.push_back(std::move(c));
    }
    found.files = std::move(kept);
  }
  for (const auto& e : found.errors) {
    bool top = std::find(paths.begin(), paths.end(), e.substr(0, e.rfind(':'))) != paths.end();
    if (top) return usage_error(e);
    if (!a.quiet) std::cerr << "amilint: warning: " << e << "\n";
  }
  if (a.verbose)
    for (const auto& n : found.notes) std::cerr << "amilint: " << n << "\n";
  return kContinue;
}

// One set of options per distinct chain of config overrides.
void option_sets(const LintArgs& a, const Config& config, const EngineOptions& opts, const EngineOptions& base,
                 const std::vector<Candidate>& files, std::vector<EngineOptions>& sets, std::vector<size_t>& set_of_file) {
  sets = {opts};
  set_of_file.assign(files.size(), 0);
  std::map<std::vector<size_t>, size_t> set_of_chain;
  for (size_t i = 0; i < files.size() && !config.overrides.empty(); ++i) {
    std::vector<size_t> chain = matching_overrides(config, files[i].path);
    if (chain.empty()) continue;
    auto it = set_of_chain.find(chain);
    if (it == set_of_chain.end()) {
      EngineOptions o = base;
      for (size_t k : chain) apply_layer(config.overrides[k].layer, o);
      apply_cli(a, o);
      sets.push_back(std::move(o));
      it = set_of_chain.emplace(chain, sets.size() - 1).first;
    }
    set_of_file[i] = it->second;
  }
}

// A linted file's notes, one per line `amilint: FILE: note`; a Terraform module's notes
// name the file of the module they are about.
void print_note_lines(const FileReport& fr) {
  size_t b = 0;
  while (b < fr.note.size()) {
    size_t e = std::min(fr.note.find('\n', b), fr.note.size());
    std::string line = fr.note.substr(b, e - b);
    b = e + 1;
    std::string first = line.substr(0, line.find(": "));
    bool named = line.find(": ") != std::string::npos && first.find(' ') == std::string::npos &&
                 (ends_with(first, ".tf") || ends_with(first, ".tf.json"));
    if (!line.empty()) std::cerr << "amilint: " << (named ? "" : fr.display + ": ") << line << "\n";
  }
}

// No template in the paths: nothing was linted, which is rarely what was meant.
void warn_if_empty(const LintArgs& a, const DiscoverResult& found, const RunResult& res) {
  if (res.templates > 0) return;
  std::string paths;
  for (const auto& p : a.paths.empty() ? std::vector<std::string>{"."} : a.paths) paths += (paths.empty() ? "" : ", ") + p;
  size_t n = found.files.size();
  std::cerr << "amilint: warning: no templates found in " << paths << " ("
            << (n == 0 ? std::string("no YAML, JSON, template or Terraform files")
                       : std::to_string(n) + (n == 1 ? " file was" : " files were") + " read; none is a CloudFormation template, Terraform module or plan")
            << ")\n";
}

// Suppressions written wrong (misspelled, unknown rules, dates that do not exist):
// `FILE:LINE:COL: warning: ...` on stderr; the exit code does not change.
void warn_suppressions(const RunResult& res) {
  std::vector<const Suppression*> sorted;
  for (const auto& s : res.suppressions) sorted.push_back(&s);
  std::stable_sort(sorted.begin(), sorted.end(), [](const Suppression* x, const Suppression* y) {
    return std::tie(x->file, x->line, x->column) < std::tie(y->file, y->line, y->column);
  });
  for (const Suppression* s : sorted)
    for (const auto& w : suppression_warnings(*s))
      std::cerr << s->file << ":" << s->line << ":" << s->column << ": warning: " << w << "\n";
}

void print_notes(const LintArgs& a, const DiscoverResult& found, const RunResult& res) {
  for (size_t i = 0; i < res.files.size(); ++i) {
    const auto& fr = res.files[i];
    if (a.verbose && !fr.stackset_regions.empty())
      std::cerr << "amilint: " << fr.display << ": deployed by a StackSet to " << join(fr.stackset_regions) << "\n";
    if (a.verbose && fr.is_template) print_note_lines(fr);
    if (!fr.is_template && (a.verbose || found.files[i].named))
      std::cerr << "amilint: note: " << fr.display << ": skipped (" << fr.note << ")\n";
  }
}

int write_out(const LintArgs& a, const std::string& body) {
  if (a.output.empty()) {
    std::cout << body;
    return kContinue;
  }
  std::ofstream f(a.output, std::ios::binary);
  if (!f) return usage_error("cannot write --output " + a.output);
  f << body;
  return kContinue;
}

int read_baseline(const LintArgs& a, Baseline& baseline) {
  std::string why;
  if (!a.baseline_file.empty() && !load_baseline(a.baseline_file, baseline, why)) return usage_error(why);
  return kContinue;
}

// Filter, second half: the baseline (the engine applied the suppressions per file).
int baseline_step(const LintArgs& a, const DiscoverResult& found, RunResult& res, Baseline& baseline,
                  BaselineResult& based) {
  if (!a.write_baseline_file.empty()) {
    std::ofstream f(a.write_baseline_file, std::ios::binary);
    if (!f || !(f << baseline_json(res.findings)) || !f.flush())
      return usage_error("cannot write --write-baseline " + a.write_baseline_file);
    if (!a.quiet)
      std::cerr << "amilint: wrote " << res.findings.size() << " finding" << (res.findings.size() == 1 ? "" : "s")
                << " to baseline " << a.write_baseline_file << "\n";
    if (a.baseline_file.empty()) {  // the findings just written are accepted
      std::string why;
      parse_baseline(baseline_json(res.findings), baseline, why);
    }
  }
  if (a.baseline_file.empty() && a.write_baseline_file.empty()) return kContinue;
  // "Fixed" counts only entries of files this run looked at. Baselines name files
  // relative to the repository root, the run names them relative to the current
  // directory: both are compared relative to the root. An entry whose file no longer
  // exists counts when the file lay under a path this run linted.
  namespace fs = std::filesystem;
  std::set<std::string> looked_at;
  for (const auto& c : found.files) looked_at.insert(repository_file_name(c.display));
  for (const auto& f : res.findings) looked_at.insert(repository_file_name(f.file));  // child modules too
  const SourceRoot where = current_source_root();
  std::vector<fs::path> linted;
  for (const auto& p : a.paths.empty() ? std::vector<std::string>{"."} : a.paths)
  {
    fs::path d = (fs::path(where.cwd) / p).lexically_normal();
    linted.push_back(d.filename().empty() && d.has_parent_path() ? d.parent_path() : d);  // "dir/." -> "dir"
  }
  auto under = [](const fs::path& file, const fs::path& dir) {
    fs::path rel = file.lexically_relative(dir);
    return !rel.empty() && *rel.begin() != "..";
  };
  based = apply_baseline(res.findings, baseline, [&](const std::string& file) {
    if (looked_at.count(file)) return true;
    fs::path abs = (fs::path(where.base()) / file).lexically_normal();  // an absolute file stays itself
    std::error_code ec;
    if (fs::exists(abs, ec) || ec) return false;
    return std::any_of(linted.begin(), linted.end(), [&](const fs::path& d) { return under(abs, d); });
  });
  if (a.verbose)
    for (const auto& e : based.fixed_entries)
      std::cerr << "amilint: baseline entry fixed: " << e.file << ": " << e.rule << " " << e.path << "\n";
  return kContinue;
}

// GitHub Actions: the job summary, appended to $GITHUB_STEP_SUMMARY when it is set.
void github_summary(const RunResult& res, const Summary& sum, const SourceRoot& where, bool quiet) {
  const char* step_summary = std::getenv("GITHUB_STEP_SUMMARY");
  if (!step_summary || !*step_summary) return;
  std::ofstream md(step_summary, std::ios::binary | std::ios::app);
  if (md) md << github_step_summary(res.findings, sum, where);
  if (!md && !quiet) std::cerr << "amilint: warning: cannot append the job summary to " << step_summary << "\n";
}

// The linted templates, each with the rules that ran on it and can report on it (its
// options' active rules that read its format and have what they need).
std::vector<LintedTemplate> linted_templates(const RunResult& res, const std::vector<EngineOptions>& sets,
                                             const std::vector<size_t>& set_of_file) {
  std::vector<std::vector<const Rule*>> active(sets.size());
  for (size_t k = 0; k < sets.size(); ++k) active[k] = active_rules(sets[k]);
  std::vector<LintedTemplate> out;
  for (size_t i = 0; i < res.files.size(); ++i) {
    const FileReport& fr = res.files[i];
    if (!fr.is_template) continue;
    size_t k = i < set_of_file.size() ? set_of_file[i] : 0;
    LintedTemplate t{fr.display, {}};
    for (const Rule* r : active[k])
      if (rule_applies(*r, fr.format, sets[k].lint)) t.rules.push_back(r);
    out.push_back(std::move(t));
  }
  return out;
}

int report(const LintArgs& a, const DiscoverResult& found, const RunResult& res, const BaselineResult& based,
           const std::vector<EngineOptions>& sets, const std::vector<size_t>& set_of_file) {
  Summary sum = summarize(res.findings, static_cast<int>(found.files.size()), res.templates);
  sum.suppressed = res.suppressed;
  sum.baselined = based.baselined;
  sum.fixed = based.fixed;
  std::vector<LintedTemplate> templates;
  if (a.format == "junit") templates = linted_templates(res, sets, set_of_file);
  SourceRoot where = a.format == "text" || a.format == "json" ? SourceRoot{} : current_source_root();
  // Colors: the findings on stdout (a file only with --color always), the summary on stderr.
  bool color = a.output.empty() ? use_color(a.color, STDOUT_FILENO) : a.color == "always";
  ReportInput in{res.findings, sum, &res.amis, templates, where, TextStyle{color, a.show_source, &res.sources}};
  std::string body = !a.statistics         ? find_reporter(a.format)->render(in)
                     : a.format == "json" ? report_statistics_json(res.findings)
                                          : report_statistics_text(res.findings, color);
  int rc = write_out(a, body);
  if (rc != kContinue) return rc;
  if (a.format == "github") github_summary(res, sum, where, a.quiet);
  if (a.format == "text" && !a.quiet) std::cerr << summary_line(sum, use_color(a.color, STDERR_FILENO)) << "\n";
  return kContinue;
}

int exit_code(const std::string& fail_on, const std::vector<Finding>& findings) {
  if (fail_on == "never") return kExitClean;
  Severity threshold = *parse_severity(fail_on);
  for (const auto& f : findings)
    if (f.severity >= threshold) return kExitFindings;
  return kExitClean;
}

}  // namespace

int lint_command(int argc, char** argv) {
  LintArgs a;
  if (int rc = parse_args(argc, argv, a); rc != kContinue) return rc;
  if (a.version) {
    std::cout << "amilint " << AMILINT_VERSION << "\n";
    return kExitClean;
  }
  Config config;
  EngineOptions opts, base;
  if (int rc = read_config(a, config); rc != kContinue) return rc;
  if (int rc = engine_options(a, config, opts, base); rc != kContinue) return rc;
  Baseline baseline;
  if (int rc = read_baseline(a, baseline); rc != kContinue) return rc;
  DiscoverResult found;
  if (int rc = discover_files(a, config, found); rc != kContinue) return rc;
  std::vector<EngineOptions> sets;
  std::vector<size_t> set_of_file;
  option_sets(a, config, opts, base, found.files, sets, set_of_file);
  RunResult res = run(found.files, sets, set_of_file);
  if (!a.quiet) {
    print_notes(a, found, res);
    warn_if_empty(a, found, res);
    if (!a.list_suppressions) warn_suppressions(res);
  }
  if (a.list_suppressions) {
    std::string list = a.format == "json" ? list_suppressions_json(res.suppressions, opts.lint.now)
                                          : list_suppressions_text(res.suppressions, opts.lint.now);
    int rc = write_out(a, list);
    return rc == kContinue ? kExitClean : rc;
  }
  BaselineResult based;
  if (int rc = baseline_step(a, found, res, baseline, based); rc != kContinue) return rc;
  if (int rc = report(a, found, res, based, sets, set_of_file); rc != kContinue) return rc;
  return exit_code(a.fail_on, res.findings);
}

}  // namespace amilint
