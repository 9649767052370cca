#include "linter/model/finding.h"

#include "linter/report/report.h"

#include <cstdio>

namespace amilint {

const char* severity_name(Severity s) {
  switch (s) {
    case Severity::Info: return "info";
    case Severity::Warning: return "warning";
    case Severity::Error: return "error";
  }
  return "?";
}

std::optional<Severity> parse_severity(const std::string& s) {
  if (s == "info") return Severity::Info;
  if (s == "warning") return Severity::Warning;
  if (s == "error") return Severity::Error;
  return std::nullopt;
}

std::string repository_file_name(const std::string& file_as_given) {
  static const SourceRoot where = current_source_root();
  // Findings come file by file: each thread keeps the last name it worked out (outside
  // the root that takes a realpath of every directory on the way).
  thread_local std::string last_given, last_name;
  if (last_given.empty() || last_given != file_as_given) {
    last_name = ci_file_name(file_as_given, where);
    last_given = file_as_given;
  }
  return last_name;
}

std::string fingerprint_of(const std::string& rule, const std::string& file_as_given,
                           const std::string& path, const std::string& value) {
  // The file is named relative to the repository root, so the fingerprint does not
  // depend on the directory amilint runs in.
  const std::string file = repository_file_name(file_as_given);
  uint64_t h = 1469598103934665603ull;
  auto mix = [&](const std::string& s) {
    for (unsigned char c : s) { h ^= c; h *= 1099511628211ull; }
    h ^= 0xff; h *= 1099511628211ull;  // field separator
  };
  mix(rule); mix(file); mix(path); mix(value);
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
  return buf;
}

// A slot-identified finding hashes an empty value: its fingerprint does not change
// when the value does. A value-identified one hashes as it always has, so its
// fingerprint is the same in both schemes.
std::string fingerprint_for(const Finding& f, const std::string& suffix) {
  return fingerprint_of(f.rule, f.file, f.path, (f.identity == Identity::Slot ? std::string() : f.value) + suffix);
}

std::string legacy_fingerprint_for(const Finding& f, const std::string& suffix) {
  return fingerprint_of(f.rule, f.file, f.path, f.value + suffix);
}

void set_fingerprints(Finding& f) {
  f.fingerprint = fingerprint_for(f);
  f.legacy_fingerprint = legacy_fingerprint_for(f);
}

}  // namespace amilint
