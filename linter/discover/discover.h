// Discovery: walk the paths the user gave, skip what must be skipped, and name
// the candidate files. Which candidates are templates is decided by content later.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace amilint {

struct FileText;

struct Candidate {
  std::string path;      // what to open
  std::string display;   // as given, or relative to the current directory
  bool named = false;    // named explicitly on the command line
  uint64_t size = 0;     // bytes when discovered (schedules the largest work first)
  std::shared_ptr<const FileText> given;  // its text read from stdin, which stands in for path
};

struct DiscoverResult {
  std::vector<Candidate> files;
  std::vector<std::string> notes;   // skipped paths and why (shown with --verbose)
  std::vector<std::string> errors;  // paths that do not exist or cannot be read
};

// Extensions that may hold a template: .yaml .yml .json .template .tf .pkr.hcl .pkrvars.hcl
bool has_template_extension(const std::string& name);

// Glob match with `*` (not across '/'), `**` (across '/'), `?`. A pattern without
// '/' also matches the last path component.
bool glob_match(const std::string& pattern, const std::string& path);

// With jobs > 1 the directories are listed by that many threads; the result is the
// same for any jobs.
DiscoverResult discover(const std::vector<std::string>& paths, const std::vector<std::string>& excludes,
                        int jobs = 1);

}  // namespace amilint
