// The command line: `amilint [OPTIONS] [PATH ...]` (app/lint_command.cpp),
// `amilint explain CODE`, `amilint rules` (app/cli.cpp). Returns the process exit code.
#pragma once
#include <string>
#include <vector>

namespace amilint {

enum ExitCode { kExitClean = 0, kExitFindings = 1, kExitUsage = 2 };

int run_cli(int argc, char** argv);

// The subcommands.
int lint_command(int argc, char** argv);
int explain_command(int argc, char** argv);
int rules_command(int argc, char** argv);

// Shared by them: `amilint: error: MESSAGE` on stderr, and the usage exit code.
int usage_error(const std::string& message);
// " (did you mean 'X'?)" for a misspelled rule code or name, or "".
std::string suggest_rule(const std::string& bad);
// Comma-separated values of repeated options, trimmed, as one list.
std::vector<std::string> split_commas(const std::vector<std::string>& in);

}  // namespace amilint
