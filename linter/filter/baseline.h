// Baselines, the second half of the filter stage (check -> FILTER -> report).
//
// `--write-baseline FILE` writes the findings left after suppressions:
//   {"version": 2, "amilint": "<version>", "findings": [
//     {"rule", "file", "path", "fingerprint", "message"}, ...]}
// sorted by file, rule, path, fingerprint (never by line, so the file does not churn
// when lines move); files are named relative to the repository root. `--baseline
// FILE` hides the findings whose fingerprint is listed; entries that match no finding
// any more are "fixed".
//
// Version 1 fingerprints hashed the value of every finding; version 2 leaves it out
// for findings identified by their slot alone (Identity::Slot). A finding is matched
// by its fingerprint or by its legacy (version 1) one, so baselines of either version
// keep hiding what they hid.
#pragma once
#include <functional>
#include <string>
#include <vector>

#include "linter/model/finding.h"

namespace amilint {

constexpr int kBaselineVersion = 2;        // what --write-baseline writes
constexpr int kOldestBaselineVersion = 1;  // the oldest --baseline reads

struct BaselineEntry {
  std::string rule;
  std::string file;
  std::string path;
  std::string fingerprint;
  std::string message;
};

struct Baseline {
  int version = kBaselineVersion;
  std::vector<BaselineEntry> entries;
};

// Findings that share a fingerprint (same rule, file, path and, unless identified by
// the slot alone, value) get distinct ones: in order of position, the first keeps it
// and the k-th (k >= 2) gets one that also hashes k; the same for the legacy
// fingerprints. Deterministic, and still independent of line numbers.
void make_fingerprints_unique(std::vector<Finding>& findings);

// The baseline document for these findings.
std::string baseline_json(const std::vector<Finding>& findings);

// Parses a baseline document; false with a message saying what is wrong.
bool parse_baseline(const std::string& text, Baseline& out, std::string& error);
// Reads and parses FILE; false with a message naming the file.
bool load_baseline(const std::string& file, Baseline& out, std::string& error);

struct BaselineResult {
  int baselined = 0;                  // findings hidden
  int fixed = 0;                      // entries that match no finding
  std::vector<BaselineEntry> fixed_entries;
  std::vector<Finding> hidden;
};

// Moves the findings whose fingerprint (or else legacy fingerprint) is in the
// baseline out of findings (each entry hides at most one finding). An entry that
// matches nothing counts as fixed when in_scope(entry.file) says its file was looked
// at in this run (a run over a few files must not call the rest fixed); by default
// every entry is in scope.
BaselineResult apply_baseline(std::vector<Finding>& findings, const Baseline& baseline,
                              const std::function<bool(const std::string& file)>& in_scope = nullptr);

}  // namespace amilint
