// The command line: `amilint [OPTIONS] [PATH ...]` (app/lint_command.cpp),
// `amilint explain CODE`, `amilint rules` (app/cli.cpp). Returns the process exit code.
#pragma once
#include <string>
#include <vector>

namespace CLI {
class App;
}

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
// Parses the command line of one amilint command (`command`: "amilint", "amilint
// rules", ...) with app. First it gives the help meaningful placeholders
// (`--region REGION[,REGION...]`), groups and order, replaces CLI11's checks of
// choices and of --jobs with ones that explain themselves; then it parses. --help
// prints the help. Every mistake is one line `amilint: error: ...; see 'COMMAND
// --help'` (a misspelled option or choice with a "did you mean"). Returns -1 to go
// on, else the exit code.
int parse_command_line(CLI::App& app, int argc, char** argv, const std::string& command);
// The closest candidate within a small edit distance (case ignored), or "".
std::string closest(const std::string& bad, const std::vector<std::string>& candidates);
// Comma-separated values of repeated options, trimmed, as one list.
std::vector<std::string> split_commas(const std::vector<std::string>& in);

}  // namespace amilint
