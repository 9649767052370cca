#include "linter/app/config.h"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "linter/discover/discover.h"
#include "linter/discover/units.h"
#include "linter/engine/engine.h"
#include "linter/load/loaders.h"
#include "linter/model/regions.h"
#include "rules/rule.h"

namespace fs = std::filesystem;

namespace amilint {

namespace {

const std::vector<std::string> kTopKeys = {"regions", "dr_regions", "trusted_accounts", "inventory", "extra_regions",
                                           "var_files", "parameters", "fail_on", "exclude", "rules", "overrides"};
const std::vector<std::string> kOverrideKeys = {"paths", "regions", "dr_regions", "trusted_accounts",
                                                "var_files", "parameters", "rules"};
const std::vector<std::string> kRuleValues = {"off", "on", "error", "warning", "info"};
const std::vector<std::string> kFailOn = {"error", "warning", "info", "never"};

std::string normalize_key(const std::string& s) {
  std::string out;
  for (char c : s) out += c == '-' ? '_' : static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// The closest candidate, or empty when none is close.
std::string closest(const std::string& bad, const std::vector<std::string>& candidates) {
  std::string best;
  size_t best_d = static_cast<size_t>(-1);
  std::string norm = normalize_key(bad);
  if (norm.size() >= 3)  // an abbreviation: warn -> warning
    for (const auto& c : candidates)
      if (c.compare(0, norm.size(), norm) == 0) return c;
  for (const auto& c : candidates) {
    size_t d = norm == c ? 0 : std::min(edit_distance(bad, c), edit_distance(norm, c));
    if (d < best_d) {
      best_d = d;
      best = c;
    }
  }
  if (best_d > 3 || best_d * 2 > std::max<size_t>(bad.size(), 2)) return "";
  return best;
}

std::string hint(const std::string& suggestion) {
  return suggestion.empty() ? "" : " (did you mean '" + suggestion + "'?)";
}

// The closest rule code or name (ties: the first in code order, as the CLI does).
std::string rule_hint(const std::string& bad) {
  std::string best;
  size_t best_d = 4;
  std::string upper = bad;
  for (auto& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  for (const Rule* r : all_rules())
    for (const char* cand : {r->code, r->name}) {
      size_t d = std::min(edit_distance(bad, cand), edit_distance(upper, cand));
      if (d < best_d) {
        best_d = d;
        best = cand;
      }
    }
  return hint(best);
}

std::string list_of(const std::vector<std::string>& v) {
  std::string out;
  for (size_t i = 0; i < v.size(); ++i) out += (i ? (i + 1 == v.size() ? " or " : ", ") : "") + v[i];
  return out;
}

struct Item {
  std::string text;
  uint32_t offset;
};

class Parser {
 public:
  Parser(const std::string& text, const std::string& file, const std::string& dir, Config& out, std::string& error)
      : text_(text), file_(file), dir_(dir), out_(out), error_(error), index_(text) {}

  bool run() {
    Document doc = load_yaml(text_, file_);
    if (!doc.errors.empty()) return fail(doc.errors[0].offset, doc.errors[0].message);
    out_.file = file_;
    std::error_code ec;
    out_.dir = fs::absolute(dir_.empty() ? "." : dir_, ec).lexically_normal().string();
    while (out_.dir.size() > 1 && out_.dir.back() == '/') out_.dir.pop_back();
    out_.display_dir = dir_;
    const Node* root = doc.root;
    if (!root || root->is_null()) return true;  // an empty file sets nothing
    if (!root->is_map())
      return fail(root->range.begin, "the config file must be a mapping of settings (" + list_of(kTopKeys) + ")");
    // extra_regions first: the other region lists are checked against it.
    if (const MapEntry* e = root->entry("extra_regions")) {
      std::vector<Item> items;
      if (!strings(e, items, "a list of region names, e.g. [us-test-1]")) return false;
      for (const auto& i : items) {
        if (!looks_like_region(i.text))
          return fail(i.offset, "'" + i.text + "' in extra_regions does not look like a region name (e.g. us-test-1)");
        out_.extra_regions.push_back(i.text);
      }
    }
    for (const auto& e : root->entries) {
      const std::string& k = e.key;
      if (k == "extra_regions") continue;
      if (k == "regions" || k == "dr_regions" || k == "trusted_accounts" || k == "rules" || k == "var_files" ||
          k == "parameters") {
        if (!layer_key(e, out_.base)) return false;
      } else if (k == "inventory") {
        if (!e.value || !e.value->is_scalar() || e.value->is_null() || e.value->text.empty())
          return fail(value_offset(e), "inventory must be a path (a directory of <region>.json files or one JSON file)");
        const std::string& v = e.value->text;
        out_.inventory = fs::path(v).is_absolute() || dir_.empty() ? v : (fs::path(dir_) / v).string();
      } else if (k == "fail_on") {
        if (!e.value || !e.value->is_scalar() || e.value->is_null())
          return fail(value_offset(e), "fail_on must be one of " + list_of(kFailOn));
        const std::string& v = e.value->text;
        if (std::find(kFailOn.begin(), kFailOn.end(), v) == kFailOn.end())
          return fail(e.value->range.begin,
                      "bad fail_on '" + v + "': expected " + list_of(kFailOn) + hint(closest(v, kFailOn)));
        out_.fail_on = v;
      } else if (k == "exclude") {
        std::vector<Item> items;
        if (!strings(&e, items, "a list of globs, e.g. [\"legacy/**\"]")) return false;
        for (const auto& i : items) out_.exclude.push_back(i.text);
      } else if (k == "overrides") {
        if (!overrides(e)) return false;
      } else if (k == "paths") {
        return fail(e.key_range.begin, "'paths' belongs in an overrides entry: overrides: [{paths: [\"stacks/eu/**\"], "
                                       "regions: [eu-west-1]}]");
      } else {
        return fail(e.key_range.begin, "unknown key '" + k + "'" + hint(closest(k, kTopKeys)) +
                                           "; the keys are " + list_of(kTopKeys));
      }
    }
    return true;
  }

 private:
  bool fail(uint32_t offset, const std::string& msg) {
    error_ = where(offset) + ": " + msg;
    return false;
  }

  std::string where(uint32_t offset) const {
    Position p = index_.position(offset);
    return file_ + ":" + std::to_string(p.line) + ":" + std::to_string(p.column);
  }

  static uint32_t value_offset(const MapEntry& e) {
    return e.value && !(e.value->is_null() && e.value->range.empty()) ? e.value->range.begin : e.key_range.begin;
  }

  // A list of strings (a single string is a list of one).
  bool strings(const MapEntry* e, std::vector<Item>& out, const std::string& expected) {
    const Node* v = e->value;
    if (!v || v->is_null()) return fail(value_offset(*e), e->key + " must be " + expected);
    if (v->is_scalar()) {
      out.push_back({v->text, v->range.begin});
      return true;
    }
    if (!v->is_seq()) return fail(v->range.begin, e->key + " must be " + expected);
    for (const Node* i : v->items) {
      if (!i || !i->is_scalar() || i->is_null() || i->text.empty())
        return fail(i ? i->range.begin : v->range.begin, "each item of " + e->key + " must be a string; " + e->key +
                                                             " must be " + expected);
      out.push_back({i->text, i->range.begin});
    }
    return true;
  }

  bool regions(const MapEntry& e, std::optional<std::vector<std::string>>& out) {
    std::vector<Item> items;
    if (!strings(&e, items, "a list of regions, e.g. [us-east-1]")) return false;
    std::vector<std::string> list;
    for (const auto& i : items) {
      if (!is_known_region(i.text, out_.extra_regions))
        return fail(i.offset, "unknown region '" + i.text + "' in " + e.key + hint(closest_region(i.text, out_.extra_regions)) +
                                  (looks_like_region(i.text) ? "; add it to extra_regions if it is real" : ""));
      if (std::find(list.begin(), list.end(), i.text) == list.end()) list.push_back(i.text);
    }
    out = std::move(list);
    return true;
  }

  // Terraform variable files, relative to the config file's directory (read later).
  bool var_files(const MapEntry& e, std::vector<ConfigVarFile>& out) {
    std::vector<Item> items;
    if (!strings(&e, items, "a list of Terraform variable files relative to the config file, e.g. [env/prod.tfvars]"))
      return false;
    for (const auto& i : items) {
      if (!is_tfvars_file(i.text))
        return fail(i.offset, "'" + i.text + "' in var_files is not a Terraform variable file (.tfvars or .tfvars.json)");
      std::string path = i.text[0] == '/' ? join_path("", i.text) : join_path(dir_, i.text);
      out.push_back({i.text, path, where(i.offset), nullptr});
    }
    return true;
  }

  // CloudFormation parameter files, relative to the config file's directory (read later).
  bool parameters(const MapEntry& e, std::vector<ConfigParameterFile>& out) {
    std::vector<Item> items;
    if (!strings(&e, items, "a list of CloudFormation parameter files relative to the config file, e.g. "
                            "[params/prod.json]"))
      return false;
    for (const auto& i : items) {
      std::string path = i.text[0] == '/' ? join_path("", i.text) : join_path(dir_, i.text);
      out.push_back({i.text, path, where(i.offset), nullptr});
    }
    return true;
  }

  bool layer_key(const MapEntry& e, ConfigLayer& layer) {
    const std::string& k = e.key;
    if (k == "var_files") return var_files(e, layer.var_files);
    if (k == "parameters") return parameters(e, layer.parameters);
    if (k == "regions") return regions(e, layer.regions);
    if (k == "dr_regions") return regions(e, layer.dr_regions);
    if (k == "trusted_accounts") {
      std::vector<Item> items;
      if (!strings(&e, items, "a list of 12-digit account IDs, e.g. [\"111122223333\"]")) return false;
      std::vector<std::string> list;
      for (const auto& i : items) {
        if (!is_account_id(i.text))
          return fail(i.offset, "'" + i.text + "' in trusted_accounts is not an AWS account ID (12 digits; quote "
                                "IDs that start with 0)");
        list.push_back(i.text);
      }
      layer.trusted_accounts = std::move(list);
      return true;
    }
    if (k == "rules") {
      const Node* v = e.value;
      if (!v || !v->is_map())
        return fail(value_offset(e), "rules must be a mapping of rule codes to off, on, error, warning or info, "
                                     "e.g. {AMI002: off}");
      for (const auto& r : v->entries) {
        const Rule* rule = find_rule(r.key);
        if (!rule) return fail(r.key_range.begin, "unknown rule '" + r.key + "'" + rule_hint(r.key));
        if (!r.value || !r.value->is_scalar() || r.value->is_null())
          return fail(value_offset(r), "the setting of " + std::string(rule->code) + " must be " + list_of(kRuleValues));
        std::string val = r.value->text;
        RuleSetting& s = layer.rules[rule->code];
        if (val == "off") s.on = false;
        else if (val == "on") s.on = true;
        else if (auto sev = parse_severity(val)) {
          s.on = true;
          s.severity = *sev;
        } else {
          std::string sugg = val == "false" || val == "no" || val == "disabled" ? "off"
                             : val == "true" || val == "yes" || val == "enabled" ? "on"
                                                                                  : closest(val, kRuleValues);
          return fail(r.value->range.begin, "bad setting '" + val + "' for " + rule->code + ": expected " +
                                                list_of(kRuleValues) + hint(sugg));
        }
      }
      return true;
    }
    return false;
  }

  bool overrides(const MapEntry& e) {
    const Node* v = e.value;
    if (!v || !v->is_seq())
      return fail(value_offset(e), "overrides must be a list of {paths: [globs], regions: ..., rules: ...} entries");
    for (const Node* item : v->items) {
      if (!item || !item->is_map())
        return fail(item ? item->range.begin : v->range.begin,
                    "each overrides entry must be a mapping with paths and the settings it changes");
      ConfigOverride o;
      bool has_paths = false;
      for (const auto& f : item->entries) {
        if (f.key == "paths") {
          std::vector<Item> items;
          if (!strings(&f, items, "a list of globs relative to the config file, e.g. [\"stacks/eu/**\"]")) return false;
          for (const auto& i : items) o.paths.push_back(i.text);
          has_paths = !o.paths.empty();
          if (!has_paths) return fail(value_offset(f), "paths of an overrides entry must not be empty");
        } else if (std::find(kOverrideKeys.begin(), kOverrideKeys.end(), f.key) != kOverrideKeys.end()) {
          if (!layer_key(f, o.layer)) return false;
        } else if (std::find(kTopKeys.begin(), kTopKeys.end(), f.key) != kTopKeys.end()) {
          return fail(f.key_range.begin, "'" + f.key + "' cannot be set per path; an overrides entry takes " +
                                             list_of(kOverrideKeys));
        } else {
          return fail(f.key_range.begin, "unknown key '" + f.key + "' in an overrides entry" +
                                             hint(closest(f.key.str(), kOverrideKeys)) + "; it takes " +
                                             list_of(kOverrideKeys));
        }
      }
      if (!has_paths)
        return fail(item->range.begin, "an overrides entry needs paths: [globs relative to the config file]");
      out_.overrides.push_back(std::move(o));
    }
    return true;
  }

  const std::string& text_;
  const std::string& file_;
  const std::string& dir_;
  Config& out_;
  std::string& error_;
  LineIndex index_;
};

bool is_file(const fs::path& p) {
  std::error_code ec;
  return fs::is_regular_file(p, ec);
}

std::string normalize_glob(std::string g) {
  while (g.size() > 2 && g[0] == '.' && g[1] == '/') g.erase(0, 2);
  if (!g.empty() && g.back() == '/') g += "**";
  return g;
}

// The file's path relative to the config file's directory, or empty when it lies
// outside it.
std::string relative_to_config(const Config& c, const std::string& file_path) {
  std::error_code ec;
  fs::path abs = fs::absolute(file_path, ec).lexically_normal();
  fs::path rel = abs.lexically_relative(c.dir);
  std::string s = rel.string();
  if (s.empty() || s == "." || s.rfind("..", 0) == 0) return "";
  return s;
}

bool glob_matches_path(const std::string& glob, const std::string& rel) {
  std::string g = normalize_glob(glob);
  if (g.empty()) return false;
  if (glob_match(g, rel)) return true;
  for (size_t i = rel.find('/'); i != std::string::npos; i = rel.find('/', i + 1))
    if (glob_match(g, rel.substr(0, i))) return true;  // a parent directory
  return false;
}

}  // namespace

std::string discover_config(const std::string& start) {
  std::error_code ec;
  fs::path p = fs::absolute(start, ec).lexically_normal();
  if (!p.has_filename() && p != p.root_path()) p = p.parent_path();
  for (;;) {
    for (const char* name : {".amilint.yaml", ".amilint.yml"})
      if (is_file(p / name)) return (p / name).string();
    if (fs::exists(p / ".git", ec) || p == p.root_path() || !p.has_parent_path()) break;
    p = p.parent_path();
  }
  return "";
}

bool parse_config(const std::string& text, const std::string& file, const std::string& dir, Config& out,
                  std::string& error) {
  return Parser(text, file, dir, out, error).run();
}

bool load_config(const std::string& path, const std::string& file, Config& out, std::string& error) {
  std::error_code ec;
  std::string text;
  if (fs::is_directory(path, ec) || !read_file(path, text)) {
    error = file + ": cannot read config file: " + (fs::is_directory(path, ec) ? "is a directory" : std::strerror(errno));
    return false;
  }
  std::string dir = fs::path(file).parent_path().string();
  return parse_config(text, file, dir, out, error);
}

void apply_layer(const ConfigLayer& layer, EngineOptions& o) {
  if (layer.regions) o.lint.regions = *layer.regions;
  if (layer.dr_regions) o.lint.dr_regions = *layer.dr_regions;
  if (layer.trusted_accounts) o.lint.trusted_accounts = *layer.trusted_accounts;
  for (const auto& [code, s] : layer.rules) {
    if (s.on) o.rule_switch[code] = *s.on;
    if (s.severity) o.severity[code] = *s.severity;
  }
  for (const auto& v : layer.var_files)
    if (v.file) o.var_files.push_back(v.file);
  for (const auto& p : layer.parameters)
    if (p.file) o.parameter_files.push_back(p.file);
}

std::vector<size_t> matching_overrides(const Config& config, const std::string& file_path) {
  std::vector<size_t> out;
  if (config.overrides.empty()) return out;
  std::string rel = relative_to_config(config, file_path);
  if (rel.empty()) return out;
  for (size_t i = 0; i < config.overrides.size(); ++i)
    for (const auto& g : config.overrides[i].paths)
      if (glob_matches_path(g, rel)) {
        out.push_back(i);
        break;
      }
  return out;
}

bool config_excludes(const Config& config, const std::string& file_path) {
  if (config.exclude.empty()) return false;
  std::string rel = relative_to_config(config, file_path);
  if (rel.empty()) return false;
  for (const auto& g : config.exclude)
    if (glob_matches_path(g, rel)) return true;
  return false;
}

}  // namespace amilint
