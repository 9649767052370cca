#include "linter/app/cli.h"

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cctype>
#include <filesystem>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "linter/model/regions.h"
#include "rules/rule.h"

namespace amilint {

namespace {

// What `--help` shows for an option: its placeholder and its group. Options not listed
// here get VALUE (or their choices) and the group "Options".
struct OptionHelp {
  const char* name;
  const char* text;
  const char* group;
};
const OptionHelp kOptionHelp[] = {
    {"paths", "PATH ...", ""},
    {"rule", "CODE|NAME", ""},
    {"command", "COMMAND", ""},
    {"--config", "FILE", "Input"},
    {"--no-config", "", "Input"},
    {"--exclude", "GLOB", "Input"},
    {"--stdin-filename", "NAME", "Input"},
    {"--var-file", "FILE", "Input"},
    {"--parameters", "FILE", "Input"},
    {"--region", "REGION[,REGION...]", "Regions and AMIs"},
    {"--dr-region", "REGION[,REGION...]", "Regions and AMIs"},
    {"--trusted-account", "ACCOUNT[,ACCOUNT...]", "Regions and AMIs"},
    {"--inventory", "PATH", "Regions and AMIs"},
    {"--now", "RFC3339", "Regions and AMIs"},
    {"--select", "CODES", "Rules"},
    {"--ignore", "CODES", "Rules"},
    {"--enable", "CODES", "Rules"},
    {"--fail-on", "", "Rules"},
    {"--format", "", "Output"},
    {"--output", "FILE", "Output"},
    {"--color", "", "Output"},
    {"--show-source", "", "Output"},
    {"--statistics", "", "Output"},
    {"--quiet", "", "Output"},
    {"--verbose", "", "Output"},
    {"--list-suppressions", "", "Output"},
    {"--baseline", "FILE", "Baseline"},
    {"--write-baseline", "FILE", "Baseline"},
    {"--jobs", "N", "Other"},
    {"--help", "", "Other"},
    {"--version", "", "Other"},
};
const char* const kGroupOrder[] = {"Input", "Regions and AMIs", "Rules", "Output", "Baseline", "Options", "Other"};
constexpr int kMaxJobs = 1024;

const OptionHelp* option_help(const std::string& name) {
  for (const auto& h : kOptionHelp)
    if (name == h.name) return &h;
  return nullptr;
}

size_t group_rank(const std::string& g) {
  size_t n = sizeof kGroupOrder / sizeof kGroupOrder[0];
  for (size_t i = 0; i < n; ++i)
    if (g == kGroupOrder[i]) return i;
  return n;
}

// CLI11's layout with our placeholders, an "Arguments" section and groups in a fixed order.
class HelpFormatter : public CLI::Formatter {
 public:
  std::string make_usage(const CLI::App* app, std::string name) const override {
    std::string out = "Usage: " + name;
    if (!app->get_options([](const CLI::Option* o) { return o->nonpositional(); }).empty()) out += " [OPTIONS]";
    for (const CLI::Option* o : app->get_options([](const CLI::Option* o) { return o->get_positional(); }))
      out += " " + make_option_usage(o);
    return out + "\n";
  }
  std::string make_option_usage(const CLI::Option* o) const override {
    std::string t = o->get_option_text().empty() ? o->get_name(true, false) : o->get_option_text();
    return o->get_required() ? t : "[" + t + "]";
  }
  std::string make_option_name(const CLI::Option* o, bool positional) const override {
    if (positional && !o->get_option_text().empty()) return o->get_option_text();
    return CLI::Formatter::make_option_name(o, positional);
  }
  std::string make_option_opts(const CLI::Option* o) const override {
    return o->get_positional() || o->get_option_text().empty() ? "" : " " + o->get_option_text();
  }
  std::string make_positionals(const CLI::App* app) const override {
    auto opts = app->get_options([](const CLI::Option* o) { return o->get_positional(); });
    return opts.empty() ? "" : make_group("Arguments", true, opts);
  }
  std::string make_help(const CLI::App* app, std::string name, CLI::AppFormatMode) const override {
    std::string out = make_description(app) + make_usage(app, name) + make_positionals(app);
    std::vector<std::string> groups = app->get_groups();
    std::stable_sort(groups.begin(), groups.end(),
                     [](const std::string& a, const std::string& b) { return group_rank(a) < group_rank(b); });
    for (const auto& g : groups) {
      auto opts = app->get_options([&](const CLI::Option* o) { return o->get_group() == g && o->nonpositional(); });
      if (!g.empty() && !opts.empty()) out += make_group(g, false, opts);
    }
    return out + "\n" + make_footer(app);
  }
};

std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::string or_list(const std::vector<std::string>& v) {
  std::string out;
  for (size_t i = 0; i < v.size(); ++i) out += (i == 0 ? "" : i + 1 == v.size() ? " or " : ", ") + v[i];
  return out;
}

std::string did_you_mean(const std::string& bad, const std::vector<std::string>& candidates) {
  std::string best = closest(bad, candidates);
  return best.empty() ? "" : " (did you mean '" + best + "'?)";
}

// A check of one of the choices, with a "did you mean" (replaces CLI11's IsMember).
CLI::Validator choice_check(std::vector<std::string> choices) {
  return CLI::Validator(
      [choices](std::string& v) -> std::string {
        if (std::find(choices.begin(), choices.end(), v) != choices.end()) return "";
        return "must be " + or_list(choices) + ", not '" + v + "'" + did_you_mean(v, choices);
      },
      "", "CHOICE");
}

CLI::Validator jobs_check() {
  return CLI::Validator(
      [](std::string& v) -> std::string {
        bool digits = !v.empty() && v.size() <= 5 &&
                      std::all_of(v.begin(), v.end(), [](char c) { return c >= '0' && c <= '9'; });
        if (digits && std::stoi(v) >= 1 && std::stoi(v) <= kMaxJobs) return "";
        return "must be a number from 1 to " + std::to_string(kMaxJobs) + " (files linted in parallel), not '" + v + "'";
      },
      "", "JOBS");
}

// How many validators an option has. CLI11 tells only by throwing when asked for one
// past the last, and every run would pay for that (an exception per option, about as
// long as linting a small template); a member pointer formed through a derived class
// reads the list itself.
struct OptionValidators : CLI::Option {
  static int count(const CLI::Option& o) { return static_cast<int>((o.*(&OptionValidators::validators_)).size()); }
};
int validator_count(const CLI::Option& o) { return OptionValidators::count(o); }

// Placeholders, groups and checks for the help and the errors (see parse_command_line).
void polish(CLI::App& app) {
  app.formatter(std::make_shared<HelpFormatter>());
  app.get_formatter()->column_width(34);
  app.set_help_flag("-h,--help", "print this help");
  for (CLI::Option* o : app.get_options()) {
    std::string name = o->get_name();
    std::vector<std::string> choices;
    for (int i = 0; i < validator_count(*o); ++i) {  // CLI11's IsMember describes its set as {a,b,c}
      CLI::Validator* v = o->get_validator(i);
      std::string d = v->get_description();
      if (d.size() > 2 && d.front() == '{' && d.back() == '}') {
        choices = split_commas({d.substr(1, d.size() - 2)});
        v->active(false);
      } else if (name == "--jobs") {
        v->active(false);
      }
    }
    if (!choices.empty()) {
      o->check(choice_check(choices));
      std::string text;
      for (const auto& c : choices) text += (text.empty() ? "" : "|") + c;
      o->option_text(text);
    }
    if (name == "--jobs") o->check(jobs_check());
    const OptionHelp* h = option_help(name);
    if (h && *h->text) o->option_text(h->text);
    else if (!h && choices.empty() && o->get_type_size() != 0) o->option_text("VALUE");
    if (!o->get_positional()) o->group(h ? h->group : "Options");
    if (!o->get_positional() && o->get_multi_option_policy() == CLI::MultiOptionPolicy::TakeAll &&
        o->get_description().find("repeatable") == std::string::npos)
    {
      std::string d = o->get_description();
      o->description(!d.empty() && d.back() == ')' ? d.substr(0, d.size() - 1) + "; repeatable)" : d + " (repeatable)");
    }
  }
}

bool option_like(const std::string& a) {
  return a.size() > 1 && a[0] == '-' && !(a[1] >= '0' && a[1] <= '9');
}

std::string quoted_list(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& x : v) out += (out.empty() ? "'" : ", '") + x + "'";
  return out;
}

// CLI11's error in amilint's words.
std::string describe(CLI::App& app, const CLI::ParseError& e) {
  std::string what = e.what();
  std::string name = what.substr(0, what.find(':'));
  CLI::Option* opt = name.empty() ? nullptr : app.get_option_no_throw(name);
  if (dynamic_cast<const CLI::ExtrasError*>(&e)) {
    std::vector<std::string> extra = app.remaining();
    for (const auto& x : extra) {
      if (!option_like(x)) continue;
      std::string key = x.substr(0, x.find('='));
      std::vector<std::string> names;
      for (const CLI::Option* o : app.get_options()) {
        for (const auto& l : o->get_lnames()) names.push_back("--" + l);
        for (const auto& s : o->get_snames()) names.push_back("-" + s);
      }
      return "unknown option '" + key + "'" + did_you_mean(key, names);
    }
    if (!extra.empty())
      return std::string(extra.size() == 1 ? "unexpected argument " : "unexpected arguments ") + quoted_list(extra);
  }
  if (dynamic_cast<const CLI::ArgumentMismatch*>(&e) && opt && opt->get_type_size() != 0)
    return name + " needs a value" + (opt->get_option_text().empty() ? "" : " (" + opt->get_option_text() + ")");
  if (dynamic_cast<const CLI::ArgumentMismatch*>(&e) && opt)
    return name + " takes no value";
  if (dynamic_cast<const CLI::ValidationError*>(&e) && opt && what.compare(name.size(), 7, ": must ") == 0)
    return name + what.substr(name.size() + 1);
  if (auto* ex = dynamic_cast<const CLI::ExcludesError*>(&e)) {
    (void)ex;
    size_t at = what.find(" excludes ");
    if (at != std::string::npos) return what.substr(0, at) + " and " + what.substr(at + 10) + " cannot be used together";
  }
  if (dynamic_cast<const CLI::RequiredError*>(&e)) {
    size_t at = what.find(" is required");
    const CLI::Option* req = at == std::string::npos ? nullptr : app.get_option_no_throw(what.substr(0, at));
    if (req && req->get_positional()) return "missing " + (req->get_option_text().empty() ? req->get_name() : req->get_option_text());
  }
  if (!what.empty()) what[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(what[0])));
  return what;
}

int print_help(CLI::App& app) {
  std::cout << app.help();
  return kExitClean;
}

}  // namespace

int parse_command_line(CLI::App& app, int argc, char** argv, const std::string& command) {
  polish(app);
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp&) {
    return print_help(app);
  } catch (const CLI::CallForAllHelp&) {
    return print_help(app);
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == 0) return print_help(app);
    return usage_error(describe(app, e) + "; see '" + command + " --help'");
  }
  return -1;
}

std::string closest(const std::string& bad, const std::vector<std::string>& candidates) {
  std::string b = lower(bad);
  std::string prefixed;
  int prefixes = 0;
  for (const auto& c : candidates) {
    std::string lc = lower(c);
    if (lc == b) return c;
    if (b.size() >= 2 && lc.compare(0, b.size(), b) == 0 && b.find_first_not_of('-') != std::string::npos) {
      prefixed = c;
      ++prefixes;
    }
  }
  if (prefixes == 1) return prefixed;
  std::string best;
  size_t limit = b.size() >= 5 ? 2 : b.size() >= 3 ? 1 : 0, best_d = limit + 1;
  for (const auto& c : candidates) {
    size_t d = edit_distance(b, lower(c));
    if (d < best_d) {
      best_d = d;
      best = c;
    }
  }
  return best;
}

namespace {

const char* const kCommands[] = {"explain", "rules", "help"};

// `amilint help [COMMAND]`: the help of the lint command or of COMMAND.
int help_command(int argc, char** argv) {
  if (argc > 3) return usage_error("unexpected argument '" + std::string(argv[3]) + "'; see 'amilint help --help'");
  std::string topic = argc == 3 ? argv[2] : "";
  if (topic == "--help" || topic == "-h" || topic == "help") {
    std::cout << "Usage: amilint help [COMMAND]\n\nPrints the help of amilint, or of COMMAND (explain, rules).\n";
    return kExitClean;
  }
  char help[] = "--help";
  if (topic.empty() || topic == "lint") {
    char* args[] = {argv[0], help, nullptr};
    return lint_command(2, args);
  }
  char* args[] = {argv[0], argv[2], help, nullptr};
  if (topic == "explain") return explain_command(3, args);
  if (topic == "rules") return rules_command(3, args);
  return usage_error("unknown command '" + topic + "'" + did_you_mean(topic, {"explain", "rules"}) +
                     "; the commands are explain and rules; see 'amilint --help'");
}

}  // namespace

int run_cli(int argc, char** argv) {
  std::string sub = argc >= 2 ? argv[1] : "";
  if (sub == "explain") return explain_command(argc, argv);
  if (sub == "rules") return rules_command(argc, argv);
  if (sub == "help") return help_command(argc, argv);
  // A misspelled command is not a missing path.
  std::error_code ec;
  if (!sub.empty() && sub[0] != '-' && !std::filesystem::exists(sub, ec)) {
    std::vector<std::string> commands(std::begin(kCommands), std::end(kCommands));
    std::string near = closest(sub, commands);
    if (!near.empty())
      return usage_error("'" + sub + "' is neither a file nor a command (did you mean 'amilint " + near +
                         "'?); see 'amilint --help'");
  }
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
  CLI::App app{"Print the documentation of a rule.", "amilint explain"};
  std::string code;
  app.add_option("rule", code, "a rule code (AMI002) or name (hardcoded-ami-id)")->required();
  if (int rc = parse_command_line(app, argc - 1, argv + 1, "amilint explain"); rc >= 0) return rc;
  const Rule* r = find_rule(code);
  if (!r) return usage_error("unknown rule '" + code + "'" + suggest_rule(code) + "; see 'amilint rules' for the list");
  std::cout << "# " << r->code << " " << r->name << "\n\n"
            << "Default severity: " << severity_name(r->severity)
            << (r->enabled_by_default ? "" : " (off by default; turn it on with --enable " + std::string(r->code) + ")")
            << ". Formats: " << r->formats << ".\n\n"
            << r->summary << "\n\n"
            << r->doc << "\n";
  return kExitClean;
}

int rules_command(int argc, char** argv) {
  CLI::App app{"List the rules: code, name, default severity, on or off by default, summary.", "amilint rules"};
  std::string format = "text";
  app.add_option("--format", format, "text, json or markdown")->check(CLI::IsMember({"text", "json", "markdown"}));
  if (int rc = parse_command_line(app, argc - 1, argv + 1, "amilint rules"); rc >= 0) return rc;
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
