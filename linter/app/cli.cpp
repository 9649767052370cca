#include "linter/app/cli.h"

#include <CLI/CLI.hpp>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "linter/model/regions.h"
#include "rules/rule.h"

namespace amilint {

int run_cli(int argc, char** argv) {
  std::string sub = argc >= 2 ? argv[1] : "";
  if (sub == "explain") return explain_command(argc, argv);
  if (sub == "rules") return rules_command(argc, argv);
  return lint_command(argc, argv);
}

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

int explain_command(int argc, char** argv) {
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

int rules_command(int argc, char** argv) {
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

}  // namespace amilint
