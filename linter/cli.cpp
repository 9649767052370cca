#include "linter/cli.h"

#include <CLI/CLI.hpp>
#include <ctime>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

#include "linter/discover.h"
#include "linter/engine.h"
#include "linter/regions.h"
#include "linter/report.h"
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

// RFC 3339 (or a plain date) to seconds since the epoch.
bool parse_time(const std::string& s, int64_t& out) {
  int Y, M, D, h = 0, m = 0, sec = 0;
  char tz[16] = {0};
  int n = std::sscanf(s.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d%15s", &Y, &M, &D, &h, &m, &sec, tz);
  if (n != 3 && n < 6) return false;
  if (n == 3 && s.size() != 10) return false;
  std::tm t{};
  t.tm_year = Y - 1900;
  t.tm_mon = M - 1;
  t.tm_mday = D;
  t.tm_hour = h;
  t.tm_min = m;
  t.tm_sec = sec;
  int64_t v = static_cast<int64_t>(timegm(&t));
  std::string z = tz;
  if (!z.empty() && z[0] == '.') {  // fractional seconds
    size_t k = 1;
    while (k < z.size() && std::isdigit(static_cast<unsigned char>(z[k]))) ++k;
    z = z.substr(k);
  }
  if (z == "Z" || z == "z" || z.empty()) {
  } else if ((z[0] == '+' || z[0] == '-') && z.size() == 6 && z[3] == ':') {
    int oh = std::atoi(z.substr(1, 2).c_str()), om = std::atoi(z.substr(4, 2).c_str());
    int64_t off = (oh * 60 + om) * 60;
    v -= z[0] == '+' ? off : -off;
  } else {
    return false;
  }
  out = v;
  return true;
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
  app.add_option("--format", format, "text, json")->check(CLI::IsMember({"text", "json"}));
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

  EngineOptions opts;
  opts.jobs = jobs;
  opts.lint.now = static_cast<int64_t>(std::time(nullptr));
  if (!now.empty() && !parse_time(now, opts.lint.now))
    return usage_error("--now '" + now + "' is not an RFC 3339 time (e.g. 2026-01-31T00:00:00Z)");
  for (auto* list : {&regions, &dr_regions}) {
    for (const auto& r : split_commas(*list)) {
      if (!is_known_region(r)) {
        std::string hint = closest_region(r);
        return usage_error("unknown region '" + r + "' in --" + (list == &regions ? "region" : "dr-region") +
                           (hint.empty() ? "" : " (did you mean '" + hint + "'?)"));
      }
    }
  }
  opts.lint.regions = split_commas(regions);
  opts.lint.dr_regions = split_commas(dr_regions);
  struct { std::vector<std::string>* in; std::vector<std::string>* out; const char* flag; } lists[] = {
      {&select, &opts.select, "--select"}, {&ignore, &opts.ignore, "--ignore"}, {&enable, &opts.enable, "--enable"}};
  for (auto& l : lists) {
    for (const auto& c : split_commas(*l.in)) {
      if (!find_rule(c)) return usage_error("unknown rule '" + c + "' in " + l.flag + suggest_rule(c));
      l.out->push_back(c);
    }
  }
  if (paths.empty()) paths.push_back(".");

  DiscoverResult found = discover(paths, excludes);
  for (const auto& e : found.errors) {
    bool top = std::find(paths.begin(), paths.end(), e.substr(0, e.rfind(':'))) != paths.end();
    if (top) return usage_error(e);
    std::cerr << "amilint: warning: " << e << "\n";
  }
  if (verbose)
    for (const auto& n : found.notes) std::cerr << "amilint: " << n << "\n";

  RunResult res = run(found.files, opts);
  for (size_t i = 0; i < res.files.size(); ++i) {
    const auto& fr = res.files[i];
    if (verbose && !fr.stackset_regions.empty())
      std::cerr << "amilint: " << fr.display << ": deployed by a StackSet to " << join(fr.stackset_regions) << "\n";
    if (!fr.is_template && (verbose || found.files[i].named))
      std::cerr << "amilint: note: " << fr.display << ": skipped (" << fr.note << ")\n";
  }
  Summary sum = summarize(res.findings, static_cast<int>(found.files.size()), res.templates);
  std::string body = format == "json" ? report_json(res.findings, sum) : report_text(res.findings);
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
