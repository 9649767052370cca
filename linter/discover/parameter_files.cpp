#include "linter/discover/parameter_files.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <map>
#include <utility>

#include "linter/load/loaders.h"
#include "linter/source/source.h"

namespace amilint {

const char* const kParameterFileForms =
    "[{\"ParameterKey\": ..., \"ParameterValue\": ...}], {\"Name\": \"value\"} or {\"Parameters\": {...}}";

bool is_yaml_parameter_file(const std::string& path) { return ends_with(path, ".yaml") || ends_with(path, ".yml"); }

// File-local names in a namespace of their own (the core is compiled in unity batches).
namespace parameter_files_detail {
namespace {

struct Outcome {
  std::shared_ptr<const ParameterFile> file;
  std::string error;
};

Outcome parse_text(const ParameterFileRequest& r, std::shared_ptr<const FileText> text) {
  Outcome out;
  auto source = std::make_shared<SourceFile>();
  source->path = r.path;
  source->display = r.display;
  const bool yaml = is_yaml_parameter_file(r.path);
  source->format = yaml ? Format::CfnYaml : Format::CfnJson;
  source->content = std::move(text);
  auto file = std::make_shared<ParameterFile>();
  uint32_t offset = 0;
  std::string message;
  std::string_view t = source->text();
  if (!parse_parameter_file(t, yaml, file->values, offset, message)) {
    Position p = LineIndex(t).position(offset);
    out.error = std::to_string(p.line) + ":" + std::to_string(p.column) + ": " + message;
    // A file of another shape (not a syntax error) is told what the shapes are.
    Document doc = yaml ? load_yaml(t, r.display) : load_json(t, r.display);
    if (doc.errors.empty()) out.error += std::string("; expected ") + kParameterFileForms;
    return out;
  }
  file->file = std::move(source);
  out.file = std::move(file);
  return out;
}

}  // namespace
}  // namespace parameter_files_detail

std::vector<std::shared_ptr<const ParameterFile>> read_parameter_files(const std::vector<ParameterFileRequest>& requests,
                                                                       std::vector<std::string>& errors) {
  using parameter_files_detail::Outcome;
  std::vector<std::shared_ptr<const ParameterFile>> out(requests.size());
  errors.assign(requests.size(), "");
  std::map<std::pair<dev_t, ino_t>, Outcome> seen;  // one file reached by several paths is read once
  for (size_t i = 0; i < requests.size(); ++i) {
    const ParameterFileRequest& r = requests[i];
    int fd = ::open(r.path.c_str(), O_RDONLY | O_CLOEXEC);
    struct stat st;
    if (fd < 0 || ::fstat(fd, &st) != 0) {
      errors[i] = std::string("cannot read it (") + std::strerror(errno) + ")";
      if (fd >= 0) ::close(fd);
      continue;
    }
    auto [it, fresh] = seen.emplace(std::make_pair(st.st_dev, st.st_ino), Outcome{});
    if (fresh) {
      auto text = std::make_shared<FileText>();
      if (S_ISDIR(st.st_mode)) text->read_error = EISDIR;
      else if (!text->load(fd, st)) text->read_error = errno;
      if (text->read_error) it->second.error = std::string("cannot read it (") + std::strerror(text->read_error) + ")";
      else it->second = parameter_files_detail::parse_text(r, std::move(text));
    }
    ::close(fd);
    out[i] = it->second.file;
    errors[i] = it->second.error;
  }
  return out;
}

}  // namespace amilint
