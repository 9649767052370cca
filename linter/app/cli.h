// The command line: `amilint [OPTIONS] [PATH ...]`, `amilint explain CODE`,
// `amilint rules`. Returns the process exit code.
#pragma once

namespace amilint {

enum ExitCode { kExitClean = 0, kExitFindings = 1, kExitUsage = 2 };

int run_cli(int argc, char** argv);

}  // namespace amilint
