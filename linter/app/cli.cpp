#include "linter/app/cli.h"

#include <CLI/CLI.hpp>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <thread>

#include "linter/filter/baseline.h"
#include "linter/app/config.h"
#include "linter/discover/discover.h"
#include "linter/engine/engine.h"
#include "linter/model/inventory.h"
#include "linter/model/regions.h"
#include "linter/report/report.h"
#include "linter/filter/suppress.h"
#include "rules/rule.h"

namespace amilint {

namespace {

std::vector<std::string> split_commas(const std::vector<std::string>& in) {
  std::vector<std::string> out;
  for (const auto& s : in) {
    std::stringstream ss(s);
    std::string item;
    while (std::getline(ss, item, ',')) {
      size_t b = item.find_first_not_of(" \t"), e = item.find_last_not_of(" \t");
      if (b != std::string::npos) out.push_back(item.substr(b, e - b + 1));
    }
  }
  return out;
}

std::string suggest_rule(const std::string& bad) {
  std::string best;
  size_t best_d = 4;
  for (const Rule* r : all_rules()) {
    for (const char* cand : {r->code, r->name}) {
      size_t d = edit_distance(bad, cand);
      if (d < best_d) { best_d = d; best = cand; }
    }
  }
  return best.empty() ? "" : " (did you mean '" + best + "'?)";
}

int usage_error(const std::string& msg) {
  std::cerr << "amilint: error: " << msg << "\n";
  return kExitUsage;
}

int cmd_explain(int argc, char** argv) {
  if (argc < 3) return usage_error("usage: amilint explain CODE|NAME");
  const Rule* r = find_rule(argv[2]);
  if (!r) return usage_error(std::string("unknown rule '") + argv[2] + "'" + suggest_rule(argv[2]));
  std::cout << "# " << r->code << " " << r->name << "\n\n"
            << "Default severity: " << severity_name(r->severity)
            << (r->enabled_by_default ? "" : " (off by default; turn it on with --enable " + std::string(r->code) + ")")
            << ". Formats: " << r->formats << ".\n\n"
            << r->summary << "\n\n"
            << r->doc << "\n";
  return kExitClean;
}

int cmd_rules(int argc, char** argv) {
  CLI::App app{"List the rules", "amilint rules"};
  std::string format = "text";
  app.add_option("--format", format, "text, json or markdown")->check(CLI::IsMember({"text", "json", "markdown"}));
  try {
    app.parse(argc - 1, argv + 1);
  } catch (const CLI::ParseError& e) {
    int rc = app.exit(e);
    return rc == 0 ? kExitClean : kExitUsage;
  }
  if (format == "json") {
    auto arr = nlohmann::ordered_json::array();
    for (const Rule* r : all_rules()) {
      nlohmann::ordered_json j;
      j["code"] = r->code;
      j["name"] = r->name;
      j["severity"] = severity_name(r->severity);
      j["enabled"] = r->enabled_by_default;
      j["formats"] = r->formats;
      j["summary"] = r->summary;
      arr.push_back(j);
    }
    std::cout << arr.dump(2) << "\n";
  } else if (format == "markdown") {
    std::cout << "| code | name | default severity | formats | what it reports |\n"
              << "|---|---|---|---|---|\n";
    for (const Rule* r : all_rules())
      std::cout << "| " << r->code << " | " << r->name << " | " << severity_name(r->severity)
                << (r->enabled_by_default ? "" : " (off by default)") << " | " << r->formats << " | "
                << r->summary << " |\n";
  } else {
    for (const Rule* r : all_rules()) {
      std::string name = r->name;
      name.resize(std::max<size_t>(name.size(), 36), ' ');
      std::string sev = severity_name(r->severity);
      sev.resize(8, ' ');
      std::cout << r->code << "  " << name << sev << (r->enabled_by_default ? "   " : "off") << "  "
                << r->summary << "\n";
    }
  }
  return kExitClean;
}

}  // namespace

int run_cli(int argc, char** argv) {
  if (argc >= 2 && std::string(argv[1]) == "explain") return cmd_explain(argc, argv);
  if (argc >= 2 && std::string(argv[1]) == "rules") return cmd_rules(argc, argv);

  CLI::App app{"amilint: a fast linter for AMI mistakes in CloudFormation and Terraform", "amilint"};
  app.footer(
      "Subcommands:\n  amilint explain CODE|NAME   print a rule's documentation\n"
      "  amilint rules [--format text|json|markdown]   list the rules\n\n"
      "Exit codes: 0 no finding at or above --fail-on, 1 findings, 2 usage or configuration error.");
  std::vector<std::string> paths;
  std::string format = "text", output, fail_on = "warning", now;
  std::vector<std::string> regions, dr_regions, select, ignore, enable, excludes;
  int jobs = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  bool verbose = false, version = false;
  app.add_option("paths", paths, "files and directories to lint (default: .)");
  app.add_option("--format", format, "text, json, sarif, junit or github")
      ->check(CLI::IsMember({"text", "json", "sarif", "junit", "github"}));
  app.add_option("-o,--output", output, "write the report to FILE");
  app.add_option("--region", regions, "deploy region of CloudFormation templates (repeatable)")
      ->allow_extra_args(false)->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  app.add_option("--dr-region", dr_regions, "disaster-recovery region (repeatable)")
      ->allow_extra_args(false)->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  app.add_option("--select", select, "run only these rules (codes or names, comma-separated)")
      ->allow_extra_args(false)->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  app.add_option("--ignore", ignore, "do not run these rules")
      ->allow_extra_args(false)->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  app.add_option("--enable", enable, "turn on rules that are off by default")
      ->allow_extra_args(false)->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  app.add_option("--fail-on", fail_on, "lowest severity that fails the run: error, warning, info, never")
      ->check(CLI::IsMember({"error", "warning", "info", "never"}));
  app.add_option("--exclude", excludes, "skip paths matching GLOB (repeatable)")
      ->allow_extra_args(false)->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  app.add_option("-j,--jobs", jobs, "files linted in parallel (default: number of cores)")->check(CLI::PositiveNumber);
  app.add_option("--now", now, "the current time (RFC 3339), for deprecation and expiry checks");
  std::string config_file, inventory_path;
  bool no_config = false;
  std::vector<std::string> trusted;
  auto* config_opt = app.add_option(
      "--config", config_file, "config file (default: the first .amilint.yaml or .amilint.yml from here up to the repository root)");
  app.add_flag("--no-config", no_config, "do not read any config file")->excludes(config_opt);
  app.add_option("--inventory", inventory_path,
                 "AMI inventory: a directory of <region>.json files (aws ec2 describe-images output) or one JSON file "
                 "keyed by region");
  app.add_option("--trusted-account", trusted, "an account ID you trust with your AMIs (repeatable; replaces the "
                                               "config's trusted_accounts)")
      ->allow_extra_args(false)->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  std::string baseline_file, write_baseline_file;
  bool list_suppressions = false;
  app.add_option("--baseline", baseline_file, "hide the findings listed in this baseline file");
  app.add_option("--write-baseline", write_baseline_file, "write the current findings to this baseline file");
  app.add_flag("--list-suppressions", list_suppressions,
               "list every suppression (file, line, rules, reason, expiry, used or unused) instead of findings");
  app.add_flag("-v,--verbose", verbose, "name skipped files and why");
  app.add_flag("-V,--version", version, "print the version");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int rc = app.exit(e);
    return rc == 0 ? kExitClean : kExitUsage;
  }
  if (version) {
    std::cout << "amilint " << AMILINT_VERSION << "\n";
    return kExitClean;
  }

  // The config file: --config, else discovered from here up; CLI flags win over it.
  Config config;
  if (!no_config) {
    std::string path = config_file.empty() ? discover_config(".") : config_file;
    if (!path.empty()) {
      std::string shown = config_file;
      if (shown.empty()) {
        std::error_code ec;
        shown = std::filesystem::path(path).lexically_relative(std::filesystem::current_path(ec)).string();
        if (shown.empty()) shown = path;
      }
      std::string why;
      if (!load_config(path, shown, config, why)) return usage_error(why);
      if (verbose) std::cerr << "amilint: config: " << shown << "\n";
    }
  }
  EngineOptions opts;
  opts.jobs = jobs;
  opts.audit = format == "json" && !list_suppressions;
  opts.lint.now = static_cast<int64_t>(std::time(nullptr));
  if (!now.empty() && !parse_rfc3339(now, opts.lint.now))
    return usage_error("--now '" + now + "' is not an RFC 3339 time (e.g. 2026-01-31T00:00:00Z)");
  opts.lint.extra_regions = config.extra_regions;
  for (auto* list : {&regions, &dr_regions}) {
    for (const auto& r : split_commas(*list)) {
      if (!is_known_region(r, config.extra_regions)) {
        std::string hint = closest_region(r, config.extra_regions);
        return usage_error("unknown region '" + r + "' in --" + (list == &regions ? "region" : "dr-region") +
                           (hint.empty() ? "" : " (did you mean '" + hint + "'?)"));
      }
    }
  }
  for (const auto& a : split_commas(trusted))
    if (!is_account_id(a)) return usage_error("--trusted-account '" + a + "' is not an AWS account ID (12 digits)");
  if (!app.count("--fail-on") && config.fail_on) fail_on = *config.fail_on;
  // The inventory: loaded once, shared read-only by every file and thread.
  if (inventory_path.empty() && config.inventory) inventory_path = *config.inventory;
  if (!inventory_path.empty()) {
    auto inv = std::make_shared<Inventory>();
    std::string why;
    if (!load_inventory(inventory_path, config.extra_regions, *inv, why)) return usage_error(why);
    if (verbose)
      std::cerr << "amilint: inventory: " << inv->image_count() << " images in " << join(inv->regions()) << "\n";
    opts.lint.inventory = std::move(inv);
  }
  // Per-file options: the config's top level, then its matching overrides, then the CLI.
  auto apply_cli = [&, cli_regions = split_commas(regions), cli_dr = split_commas(dr_regions),
                    cli_trusted = split_commas(trusted)](EngineOptions& o) {
    if (!cli_regions.empty()) o.lint.regions = cli_regions;
    if (!cli_dr.empty()) o.lint.dr_regions = cli_dr;
    if (!cli_trusted.empty()) o.lint.trusted_accounts = cli_trusted;
  };
  apply_layer(config.base, opts);
  struct { std::vector<std::string>* in; std::vector<std::string>* out; const char* flag; } lists[] = {
      {&select, &opts.select, "--select"}, {&ignore, &opts.ignore, "--ignore"}, {&enable, &opts.enable, "--enable"}};
  for (auto& l : lists) {
    for (const auto& c : split_commas(*l.in)) {
      if (!find_rule(c)) return usage_error("unknown rule '" + c + "' in " + l.flag + suggest_rule(c));
      l.out->push_back(c);
    }
  }
  EngineOptions config_opts = opts;  // before the CLI's regions: the base of every override
  apply_cli(opts);
  if (list_suppressions && format != "text" && format != "json")
    return usage_error("--list-suppressions prints text or json, not " + format);
  Baseline baseline;
  if (!baseline_file.empty()) {
    std::string why;
    if (!load_baseline(baseline_file, baseline, why)) return usage_error(why);
  }
  if (paths.empty()) paths.push_back(".");

  DiscoverResult found = discover(paths, excludes);
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
    std::cerr << "amilint: warning: " << e << "\n";
  }
  if (verbose)
    for (const auto& n : found.notes) std::cerr << "amilint: " << n << "\n";

  std::vector<EngineOptions> sets{opts};
  std::vector<size_t> set_of_file(found.files.size(), 0);
  std::map<std::vector<size_t>, size_t> set_of_chain;
  for (size_t i = 0; i < found.files.size() && !config.overrides.empty(); ++i) {
    std::vector<size_t> chain = matching_overrides(config, found.files[i].path);
    if (chain.empty()) continue;
    auto it = set_of_chain.find(chain);
    if (it == set_of_chain.end()) {
      EngineOptions o = config_opts;
      for (size_t k : chain) apply_layer(config.overrides[k].layer, o);
      apply_cli(o);
      sets.push_back(std::move(o));
      it = set_of_chain.emplace(chain, sets.size() - 1).first;
    }
    set_of_file[i] = it->second;
  }
  RunResult res = run(found.files, sets, set_of_file);
  for (size_t i = 0; i < res.files.size(); ++i) {
    const auto& fr = res.files[i];
    if (verbose && !fr.stackset_regions.empty())
      std::cerr << "amilint: " << fr.display << ": deployed by a StackSet to " << join(fr.stackset_regions) << "\n";
    if (verbose && fr.is_template && !fr.note.empty()) std::cerr << "amilint: " << fr.display << ": " << fr.note << "\n";
    if (!fr.is_template && (verbose || found.files[i].named))
      std::cerr << "amilint: note: " << fr.display << ": skipped (" << fr.note << ")\n";
  }
  // Filter, second half: the baseline (suppressions were applied per file by the engine).
  if (list_suppressions) {
    std::string list = format == "json" ? list_suppressions_json(res.suppressions, opts.lint.now)
                                        : list_suppressions_text(res.suppressions, opts.lint.now);
    if (output.empty()) {
      std::cout << list;
    } else {
      std::ofstream f(output, std::ios::binary);
      if (!f) return usage_error("cannot write --output " + output);
      f << list;
    }
    return kExitClean;
  }
  if (!write_baseline_file.empty()) {
    std::ofstream f(write_baseline_file, std::ios::binary);
    if (!f || !(f << baseline_json(res.findings)) || !f.flush())
      return usage_error("cannot write --write-baseline " + write_baseline_file);
    std::cerr << "amilint: wrote " << res.findings.size() << " finding" << (res.findings.size() == 1 ? "" : "s")
              << " to baseline " << write_baseline_file << "\n";
    if (baseline_file.empty()) {  // the findings just written are accepted
      std::string why;
      parse_baseline(baseline_json(res.findings), baseline, why);
    }
  }
  BaselineResult based;
  if (!baseline_file.empty() || !write_baseline_file.empty()) {
    std::set<std::string> looked_at;
    for (const auto& c : found.files) looked_at.insert(c.display);
    based = apply_baseline(res.findings, baseline, [&](const std::string& file) {
      std::error_code ec;
      return looked_at.count(file) > 0 || !std::filesystem::exists(file, ec);
    });
    if (verbose)
      for (const auto& e : based.fixed_entries)
        std::cerr << "amilint: baseline entry fixed: " << e.file << ": " << e.rule << " " << e.path << "\n";
  }
  Summary sum = summarize(res.findings, static_cast<int>(found.files.size()), res.templates);
  sum.suppressed = res.suppressed;
  sum.baselined = based.baselined;
  sum.fixed = based.fixed;
  std::string body;
  if (format == "json") {
    body = report_json(res.findings, sum, &res.amis);
  } else if (format == "sarif" || format == "junit" || format == "github") {
    SourceRoot where = current_source_root();
    if (format == "sarif") {
      body = report_sarif(res.findings, all_rules(), SarifOptions{where});
    } else if (format == "junit") {
      std::vector<std::string> templates;
      for (const auto& fr : res.files)
        if (fr.is_template) templates.push_back(fr.display);
      body = report_junit(res.findings, templates, active_rules(opts), where);
    } else {
      body = report_github(res.findings, where);
      const char* step_summary = std::getenv("GITHUB_STEP_SUMMARY");
      if (step_summary && *step_summary) {
        std::ofstream md(step_summary, std::ios::binary | std::ios::app);
        if (md) md << github_step_summary(res.findings, sum, where);
        if (!md) std::cerr << "amilint: warning: cannot append the job summary to " << step_summary << "\n";
      }
    }
  } else {
    body = report_text(res.findings);
  }
  if (!output.empty()) {
    std::ofstream f(output, std::ios::binary);
    if (!f) return usage_error("cannot write --output " + output);
    f << body;
  } else {
    std::cout << body;
  }
  if (format == "text") std::cerr << summary_line(sum) << "\n";

  if (fail_on == "never") return kExitClean;
  Severity threshold = *parse_severity(fail_on);
  for (const auto& f : res.findings)
    if (f.severity >= threshold) return kExitFindings;
  return kExitClean;
}

}  // namespace amilint
