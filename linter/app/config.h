// The config file `.amilint.yaml` / `.amilint.yml`: discovery, parsing and the
// per-file options it yields. CLI flags win over it (the CLI applies them after).
#pragma once
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "linter/model/finding.h"

namespace amilint {

struct EngineOptions;
struct SourceFile;
struct ParameterFile;  // load/parameter_file.h

// A `var_files` entry: a Terraform variable file applied as `-var-file` would.
struct ConfigVarFile {
  std::string written;  // as written in the config file
  std::string path;     // resolved against the config file's directory
  std::string where;    // `FILE:LINE:COL` of the entry, for messages
  std::shared_ptr<const SourceFile> file;  // read before the run (null until then)
};

// A `parameters` entry: a CloudFormation parameter file, the values templates are
// deployed with.
struct ConfigParameterFile {
  std::string written;  // as written in the config file
  std::string path;     // resolved against the config file's directory
  std::string where;    // `FILE:LINE:COL` of the entry, for messages
  std::shared_ptr<const ParameterFile> file;  // read before the run (null until then)
};

// `rules: {CODE: off|on|error|warning|info}`: a switch and/or a severity. A severity
// also turns the rule on.
struct RuleSetting {
  std::optional<bool> on;
  std::optional<Severity> severity;
};

// What one level of the file sets: the top level, or one `overrides` entry.
struct ConfigLayer {
  std::optional<std::vector<std::string>> regions;
  std::optional<std::vector<std::string>> dr_regions;
  std::optional<std::vector<std::string>> trusted_accounts;
  std::map<std::string, RuleSetting> rules;  // by rule code
  std::vector<ConfigVarFile> var_files;      // added after those of the layers before
  std::vector<ConfigParameterFile> parameters;  // added after those of the layers before
};

struct ConfigOverride {
  std::vector<std::string> paths;  // globs relative to the config file's directory
  ConfigLayer layer;
};

struct Config {
  std::string file;     // as shown in messages (empty: no config file)
  std::string dir;      // absolute, normalized directory of the file
  std::string display_dir;  // the directory as shown (relative to the current directory)
  ConfigLayer base;
  std::optional<std::string> inventory;  // resolved against the file's directory
  std::vector<std::string> extra_regions;
  std::optional<std::string> fail_on;    // error|warning|info|never
  std::vector<std::string> exclude;      // globs relative to the file's directory
  std::vector<ConfigOverride> overrides;
};

// The config file that applies in directory start: the first `.amilint.yaml` or
// `.amilint.yml` walking up from start to the repository root (the directory holding
// `.git`) or `/`. Returns an empty string when there is none.
std::string discover_config(const std::string& start);

// Parses a config file's text (no disk access). `file` is how messages name it, `dir`
// the directory relative paths are resolved against. On failure returns false and
// sets error to `file:line:col: message`, with a "did you mean" hint when one helps.
bool parse_config(const std::string& text, const std::string& file, const std::string& dir, Config& out,
                  std::string& error);

// Reads and parses the config file at path (shown as `file`).
bool load_config(const std::string& path, const std::string& file, Config& out, std::string& error);

// Applies one layer to options (regions, DR regions, trusted accounts, rule switches
// and severities); unset keys leave options as they are. Its variable files and
// parameter files (those read) are added after the ones options has.
void apply_layer(const ConfigLayer& layer, EngineOptions& options);

// The overrides that apply to a file (indexes into config.overrides, in order): those
// with a glob matching the file's path relative to the config file's directory, or
// one of its parent directories.
std::vector<size_t> matching_overrides(const Config& config, const std::string& file_path);

// True when a config `exclude` glob matches the file (relative to the config file).
bool config_excludes(const Config& config, const std::string& file_path);

}  // namespace amilint
