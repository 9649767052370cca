// The engine: discover's units (discover/units.h) linted by one driver, lint_unit
// (engine/lint_unit.h), in a pool of threads, largest first; then one cheap pass for
// what crosses units (the regions a StackSet deploys a template to), over the Models
// already built.
#pragma once
#include <map>
#include <string>
#include <vector>

#include "linter/discover/discover.h"
#include "linter/model/finding.h"
#include "linter/model/audit.h"
#include "linter/model/model.h"
#include "linter/source/format.h"
#include "linter/filter/suppress.h"

namespace amilint {

struct Rule;
struct FileText;    // source/unit.h
struct SourceFile;  // source/unit.h
struct ParameterFile;  // load/parameter_file.h

struct EngineOptions {
  LintOptions lint;
  std::vector<std::string> select;  // codes; empty: the defaults
  std::vector<std::string> ignore;
  std::vector<std::string> enable;
  std::map<std::string, Severity> severity;  // per-rule override
  std::map<std::string, bool> rule_switch;   // per-rule on/off (config)
  // Terraform `-var-file` files (`--var-file`, config `var_files`), read by discover
  // (discover/units.h read_var_files): applied in this order to every Terraform root
  // module linted with these options, after the variable files Terraform reads itself.
  std::vector<std::shared_ptr<const SourceFile>> var_files;
  // CloudFormation parameter files (`--parameters`, config `parameters`), read before
  // the run: applied in this order to every CloudFormation template linted with these
  // options (a later file's value for a name wins), as the values it is deployed with.
  std::vector<std::shared_ptr<const ParameterFile>> parameter_files;
  int jobs = 1;
  bool audit = false;  // collect the AMI audit table (FileReport::amis; `amis` in JSON output)
  // Keep the text of every file that has a finding (RunResult::sources), for
  // `--show-source`. Read from the first set of options, as `jobs` is.
  bool keep_sources = false;
  // Load only what the plan reader reads of a Terraform plan (load/loaders.h
  // PlanPruning); off only in tests that compare the two.
  bool prune_plans = true;
};

struct FileReport {
  std::string display;
  bool is_template = false;
  Format format = Format::CfnYaml;
  std::vector<Finding> findings;     // after suppressions
  std::vector<Suppression> suppressions;  // every suppression written in the file
  std::vector<Finding> suppressed;   // the findings they hid
  std::vector<AmiAuditEntry> amis;  // the audit table, when EngineOptions::audit
  std::string note;  // why a file was skipped
  std::vector<StackSetRef> stacksets;  // StackSets this template declares
  std::vector<std::string> stackset_regions;  // regions a StackSet deploys this template to
};

// The index of the file a StackSet's TemplateURL names: the one whose path shares
// the longest tail of path components with the URL's path (at least the file
// name), or -1 when none or several do.
int match_template_url(const std::string& url, const std::vector<std::string>& displays);

struct RunResult {
  std::vector<FileReport> files;  // in discovery order
  std::vector<Finding> findings;  // all, sorted by file, line, column, rule
  std::vector<Suppression> suppressions;  // of every file, in discovery order
  int suppressed = 0;             // findings hidden by suppressions
  int templates = 0;
  std::vector<AmiAuditEntry> amis;  // the audit table of every file, sorted by file, line, column
  // With EngineOptions::keep_sources: the text that was linted, by file name (a
  // finding's `file`), for every file that has a finding.
  std::map<std::string, std::shared_ptr<const FileText>> sources;
};

// Sets a finding's file, line, column, end and fingerprint from its range.
void locate(Finding& f, const LineIndex& index, const std::string& display);

// The rules that run, after select/ignore/enable and config switches.
std::vector<const Rule*> active_rules(const EngineOptions& options);

// Lints text as if read from display (a template, or anything else that is not
// Terraform configuration): no disk access.
FileReport lint_text(const std::string& text, const std::string& display, const EngineOptions& options,
                     const std::vector<const Rule*>& rules);

RunResult run(const std::vector<Candidate>& files, const EngineOptions& options);
// Lints files[i] with sets[set_of_file[i]] (per-file options from config overrides;
// a unit takes its first file's), in one thread pool of sets[0].jobs threads. sets
// must not be empty.
RunResult run(const std::vector<Candidate>& files, const std::vector<EngineOptions>& sets,
              const std::vector<size_t>& set_of_file);

}  // namespace amilint
