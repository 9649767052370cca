#include "linter/discover/units.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <climits>
#include <cstdlib>
#include <cstring>
#include <map>
#include <functional>
#include <future>
#include <mutex>
#include <set>
#include <thread>
#include <unordered_map>

#include <re2/re2.h>

#include "linter/discover/manifest.h"
#include "linter/discover/sniff.h"
#include "linter/discover/stacks.h"
#include "linter/load/loaders.h"
#include "linter/source/comments.h"
#include "linter/source/source.h"

namespace amilint {

namespace {

std::string dir_of(const std::string& path) {
  size_t slash = path.rfind('/');
  return slash == std::string::npos ? "." : (slash == 0 ? "/" : path.substr(0, slash));
}

std::string base_of(const std::string& path) {
  size_t slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

// A directory's identity (device and inode): one stat, where realpath reads every link
// on the way; {0, 0} when it does not exist.
std::pair<dev_t, ino_t> dir_id(const std::string& p) {
  struct stat st;
  if (::stat(p.c_str(), &st) != 0) return {0, 0};
  return {st.st_dev, st.st_ino};
}

std::string identity_of(const std::string& p) {
  auto [dev, ino] = dir_id(p);
  if (dev == 0 && ino == 0) return p;
  return std::to_string(dev) + ":" + std::to_string(ino);
}

std::vector<std::string> list_dir(const std::string& dir) {
  std::vector<std::string> names;
  if (DIR* d = opendir(dir.c_str())) {
    while (dirent* e = readdir(d)) names.push_back(e->d_name);
    closedir(d);
  }
  std::sort(names.begin(), names.end());
  return names;
}

// A file named display_dir/name (or name alone in the current directory).
std::string display_of(const std::string& display_dir, const std::string& path) {
  std::string name = base_of(path);
  return display_dir == "." || display_dir.empty() ? name : display_dir + "/" + name;
}

// A directory inside a `.terraform/modules` directory: installed by `terraform init`
// for the root module above it, and linted only through that module.
bool installed_module(const std::string& dir) {
  std::string p = "/" + dir + "/";
  return p.find("/.terraform/modules/") != std::string::npos;
}

bool is_directory(const std::string& p) {
  struct stat st;
  return ::stat(p.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

bool is_var_file(const std::string& n) {
  return n == "terraform.tfvars" || n == "terraform.tfvars.json" || ends_with(n, ".auto.tfvars") ||
         ends_with(n, ".auto.tfvars.json");
}

// Packer's variable files it reads itself, by name after the templates.
bool is_packer_auto_vars(const std::string& n) {
  return ends_with(n, ".auto.pkrvars.hcl") || ends_with(n, ".auto.pkrvars.json");
}

Format tf_format(const std::string& name) {
  if (ends_with(name, ".pkr.hcl")) return Format::PkrHcl;
  if (ends_with(name, ".pkr.json")) return Format::PkrJson;
  if (ends_with(name, ".pkrvars.hcl")) return Format::PkrVars;
  if (ends_with(name, ".pkrvars.json")) return Format::PkrVarsJson;
  if (ends_with(name, ".tfvars")) return Format::TfVars;
  if (ends_with(name, ".tfvars.json")) return Format::TfVarsJson;
  return ends_with(name, ".json") ? Format::TfJson : Format::TfHcl;
}

// Files read so far, by device and inode: a file reached by several paths (or by two
// threads at once) is read once.
class Reader {
 public:
  std::shared_ptr<const FileText> read(const std::string& path) {
    if (auto g = given_.find(path); g != given_.end()) return g->second;  // stdin stands in for it
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    struct stat st;
    if (fd < 0 || ::fstat(fd, &st) != 0) {
      auto t = std::make_shared<FileText>();
      t->read_error = errno;
      if (fd >= 0) ::close(fd);
      return t;
    }
    std::promise<std::shared_ptr<const FileText>> mine;
    std::shared_future<std::shared_ptr<const FileText>> text;
    {
      std::lock_guard<std::mutex> lock(mu_);
      auto [it, fresh] = texts_.emplace(std::make_pair(st.st_dev, st.st_ino), mine.get_future().share());
      text = it->second;
      if (!fresh) {
        ::close(fd);
        return text.get();  // read by another path or thread
      }
    }
    auto t = std::make_shared<FileText>();
    if (!t->load(fd, st)) t->read_error = errno;
    ::close(fd);
    mine.set_value(std::move(t));
    return text.get();
  }

  // A file read before (a variable file the user gave): path gets its text.
  void seed(const std::string& path, std::shared_ptr<const FileText> text) {
    struct stat st;
    if (!text || ::stat(path.c_str(), &st) != 0) return;
    std::promise<std::shared_ptr<const FileText>> ready;
    ready.set_value(std::move(text));
    std::lock_guard<std::mutex> lock(mu_);
    texts_.emplace(std::make_pair(st.st_dev, st.st_ino), ready.get_future().share());
  }

 private:
  std::mutex mu_;
  std::map<std::pair<dev_t, ino_t>, std::shared_future<std::shared_ptr<const FileText>>> texts_;

 public:
  std::map<std::string, std::shared_ptr<const FileText>> given_;  // set before any read
};

std::shared_ptr<SourceFile> tf_source(Reader& reader, const std::string& path, const std::string& display, bool named) {
  auto f = std::make_shared<SourceFile>();
  f->path = path;
  f->display = display;
  f->format = tf_format(path);
  f->named = named;
  f->content = reader.read(path);
  return f;
}

// Adds a file to a unit; its index.
uint32_t add(Unit& u, std::shared_ptr<const SourceFile> f) {
  u.files.push_back(std::move(f));
  return static_cast<uint32_t>(u.files.size() - 1);
}

// Runs fn(i) for i in [0, n) on `jobs` threads.
template <class Fn>
void parallel_for(size_t n, int jobs, Fn fn) {
  std::atomic<size_t> next{0};
  auto worker = [&] {
    for (size_t i; (i = next.fetch_add(1)) < n;) fn(i);
  };
  std::vector<std::thread> pool;
  for (int j = 1; j < std::min<int>(jobs, static_cast<int>(n)); ++j) pool.emplace_back(worker);
  worker();
  for (auto& t : pool) t.join();
}

// One directory of .tf candidates, as the walk found them, and the variable files
// named in it.
struct ModuleGroup {
  bool packer = false;  // a Packer build's directory: .pkr.hcl and .pkr.json files, *.pkrvars.* files
  std::vector<size_t> members;  // candidate indices: .tf/.tf.json files and named variable files Terraform reads
  std::vector<size_t> var_files;  // named variable files Terraform reads only with -var-file
  bool named = false;
  bool has_config = false;  // the directory holds .tf or .tf.json files
  std::string dir, display_dir;
  std::vector<std::string> names;  // the directory's entries
  std::vector<std::shared_ptr<SourceFile>> config, vars;
  std::vector<std::shared_ptr<SourceFile>> extra_vars;  // var_files read, in the same order
};

class UnitMaker {
 public:
  UnitMaker(const std::vector<Candidate>& files, int jobs, const std::vector<std::shared_ptr<const SourceFile>>& var_files)
      : files_(files), jobs_(std::max(1, jobs)) {
    for (const auto& c : files)
      if (c.given) reader_.given_[c.path] = c.given;
    for (const auto& f : var_files) reader_.seed(f->path, f->content);
  }

  std::vector<Unit> run() {
    group_modules();
    read_modules();
    scan_stacks();
    std::set<std::pair<dev_t, ino_t>> called = called_dirs();
    std::vector<Unit> units;
    struct Pending {
      size_t unit;
      const ModuleGroup* group;
      int var_file;  // -1: the group's module; else the index of a -var-file it is linted with
    };
    std::vector<Pending> modules;
    std::vector<bool> done(files_.size(), false);
    for (size_t i = 0; i < files_.size(); ++i) {
      if (done[i]) continue;
      auto g = group_of_.find(i);
      if (g == group_of_.end()) {
        if (variable_file(i)) units.push_back(variable_unit(i));
        else if (auto p = nested_in_.find(i); p != nested_in_.end()) units.push_back(nested_unit(i, p->second));
        else units.push_back(template_unit(i));
        continue;
      }
      ModuleGroup& m = groups_[g->second];
      for (size_t k : m.members) done[k] = true;
      for (size_t k : m.var_files) done[k] = true;
      if (!m.has_config) {  // variable files named where there is no module
        for (size_t k : m.members) units.push_back(no_module_unit(m, k));
        for (size_t k : m.var_files) units.push_back(no_module_unit(m, k));
        continue;
      }
      if (!m.members.empty()) {
        bool child = !m.packer && (installed_module(m.dir) || (!m.named && called.count(dir_id(m.dir))));
        if (!child) modules.push_back({units.size(), &m, -1});
        units.push_back(child ? child_unit(m) : Unit{});
      }
      // Each variable file Terraform reads only when given (-var-file) is one more
      // linting of the module, with it applied.
      for (size_t j = 0; j < m.var_files.size(); ++j) {
        modules.push_back({units.size(), &m, static_cast<int>(j)});
        units.push_back(Unit{});
      }
    }
    // The modules with their children, by jobs_ threads.
    parallel_for(modules.size(), jobs_, [&](size_t k) {
      units[modules[k].unit] = module_unit(*modules[k].group, modules[k].var_file);
    });
    return units;
  }

 private:
  const std::vector<Candidate>& files_;
  int jobs_;
  Reader reader_;
  std::vector<ModuleGroup> groups_;
  std::map<size_t, size_t> group_of_;  // candidate -> group
  std::mutex sources_mu_;
  std::map<const FileText*, std::vector<std::string>> sources_;  // local module sources, by file read

  // The local module sources of a configuration file, scanned once.
  std::vector<std::string> sources_of(const SourceFile& f) {
    {
      std::lock_guard<std::mutex> lock(sources_mu_);
      auto it = sources_.find(f.content.get());
      if (it != sources_.end()) return it->second;
    }
    std::vector<std::string> found = local_sources(f.text(), f.format == Format::TfJson);
    std::lock_guard<std::mutex> lock(sources_mu_);
    return sources_.emplace(f.content.get(), std::move(found)).first->second;
  }

  // The .tf and .tf.json candidates by directory, with the variable files named on the
  // command line (which lint the module of their directory).
  void group_modules() {
    std::map<std::pair<bool, std::string>, size_t> by_dir;
    for (size_t i = 0; i < files_.size(); ++i) {
      const std::string& path = files_[i].path;
      bool packer = is_packer_file(path) || is_pkrvars_file(path);
      bool config = is_tf_file(path) || is_packer_file(path);
      bool vars = !config && ((files_[i].named && (is_tfvars_file(path) || is_pkrvars_file(path))) ||
                              is_packer_auto_vars(base_of(path)));
      if (!config && !vars) continue;
      std::string d = dir_of(path);
      auto it = by_dir.emplace(std::make_pair(packer, d), groups_.size()).first;
      if (it->second == groups_.size()) {
        groups_.emplace_back();
        groups_.back().packer = packer;
        groups_.back().dir = d;
        groups_.back().display_dir = dir_of(files_[i].display);
      }
      bool read_anyway = packer ? is_packer_auto_vars(base_of(path)) : is_var_file(base_of(path));
      if (vars && !read_anyway) groups_[it->second].var_files.push_back(i);
      else groups_[it->second].members.push_back(i);
      groups_[it->second].named |= files_[i].named;
      group_of_[i] = it->second;
    }
  }

  // A file of the group's directory the walk found (the walk lists every template of
  // a directory it enters, so a file it left out was excluded).
  bool walked(const ModuleGroup& g, const std::string& name) const {
    for (size_t k : g.members)
      if (base_of(files_[k].path) == name) return true;
    return false;
  }

  // Every group's configuration (named files: their whole directory) and variable
  // files, read by jobs_ threads.
  void read_modules() {
    struct Job {
      ModuleGroup* group;
      std::string path;
      bool vars;
    };
    std::vector<Job> jobs;
    parallel_for(groups_.size(), jobs_, [&](size_t i) { groups_[i].names = list_dir(groups_[i].dir); });
    for (auto& g : groups_) {
      const std::vector<std::string>& names = g.names;
      auto is_config = [&](const std::string& n) { return g.packer ? is_packer_file(n) : is_tf_file(n); };
      for (size_t k : g.members) g.has_config |= is_config(files_[k].path);  // even if removed since
      for (const auto& n : names) g.has_config |= is_config(n);
      if (!g.has_config) continue;  // named variable files alone: nothing to lint
      if (g.packer) {  // the build's templates and the variable files Packer reads, by name
        for (const auto& n : names)
          if (is_packer_file(n) && (g.named || walked(g, n))) jobs.push_back({&g, join_path(g.dir, n), false});
        for (size_t k : g.members)  // a file read from stdin that is not (yet) on disk
          if (files_[k].given && is_packer_file(files_[k].path) &&
              !std::binary_search(names.begin(), names.end(), base_of(files_[k].path)))
            jobs.push_back({&g, files_[k].path, false});
        for (const auto& n : names)
          if (is_packer_auto_vars(n)) jobs.push_back({&g, join_path(g.dir, n), true});
        continue;
      }
      if (g.named) {
        for (const auto& n : names)
          if (is_tf_file(n)) jobs.push_back({&g, g.dir == "." ? n : g.dir + "/" + n, false});
        for (size_t k : g.members)  // a file read from stdin that is not (yet) on disk
          if (files_[k].given && !std::binary_search(names.begin(), names.end(), base_of(files_[k].path)))
            jobs.push_back({&g, files_[k].path, false});
      } else {
        for (size_t k : g.members) jobs.push_back({&g, files_[k].path, false});
      }
      std::vector<std::string> vars;
      for (const auto& n : names)
        if (is_var_file(n)) vars.push_back(n);
      // terraform.tfvars, terraform.tfvars.json, then *.auto.tfvars(.json) by name.
      auto rank = [](const std::string& n) { return n == "terraform.tfvars" ? 0 : n == "terraform.tfvars.json" ? 1 : 2; };
      std::stable_sort(vars.begin(), vars.end(), [&](const std::string& a, const std::string& b) { return rank(a) < rank(b); });
      for (const auto& n : vars) jobs.push_back({&g, join_path(g.dir, n), true});
    }
    // The variable files named that Terraform reads only with -var-file, as named.
    size_t first_extra = jobs.size();
    for (auto& g : groups_)
      if (g.has_config)
        for (size_t k : g.var_files) jobs.push_back({&g, files_[k].path, true});
    std::vector<std::shared_ptr<SourceFile>> read(jobs.size());
    std::vector<std::vector<std::string>> sources(jobs.size());
    parallel_for(jobs.size(), jobs_, [&](size_t i) {
      read[i] = tf_source(reader_, jobs[i].path, display_of(jobs[i].group->display_dir, jobs[i].path), false);
      if (!jobs[i].vars && !jobs[i].group->packer)
        sources[i] = local_sources(read[i]->text(), read[i]->format == Format::TfJson);
    });
    for (size_t i = 0; i < jobs.size(); ++i)
      if (!jobs[i].vars) sources_.emplace(read[i]->content.get(), std::move(sources[i]));
    for (size_t i = 0; i < first_extra; ++i) (jobs[i].vars ? jobs[i].group->vars : jobs[i].group->config).push_back(read[i]);
    for (size_t i = first_extra; i < jobs.size(); ++i) jobs[i].group->extra_vars.push_back(read[i]);
    // The files walked or named keep the name they were found by.
    for (auto& g : groups_) {
      for (size_t k : g.members)
        for (auto* list : {&g.config, &g.vars})
          for (auto& f : *list)
            if (base_of(f->path) == base_of(files_[k].path)) {
              f->display = files_[k].display;
              f->named = files_[k].named;
            }
      for (size_t j = 0; j < g.extra_vars.size(); ++j) {
        g.extra_vars[j]->display = files_[g.var_files[j]].display;
        g.extra_vars[j]->named = true;
      }
    }
  }

  // The directories that modules of the run call as local children (named files
  // are linted as given, and not scanned).
  std::set<std::pair<dev_t, ino_t>> called_dirs() {
    std::set<std::pair<dev_t, ino_t>> called;
    for (const auto& g : groups_) {
      if (g.named || g.packer) continue;
      for (const auto& f : g.config)
        for (const auto& src : sources_of(*f)) called.insert(dir_id(dir_of(f->path) + "/" + src));
    }
    return called;
  }

  Unit template_unit(size_t i) {
    Unit u;
    u.kind = UnitKind::Template;
    auto f = std::make_shared<SourceFile>();
    f->path = files_[i].path;
    f->display = files_[i].display;
    f->named = files_[i].named;
    if (files_[i].given) {  // read from stdin: its text now, its syntax by its name or content
      f->content = files_[i].given;
      f->format = sniff_syntax(files_[i].path, f->content->text());
    }
    auto scan = scans_.find(i);
    if (!f->content && scan != scans_.end() && scan->second.text) {  // read for its nested stacks: kept
      f->content = scan->second.text;
      f->format = sniff_syntax(f->path, f->content->text());
    }
    u.files.push_back(std::move(f));
    u.candidates = {i};
    u.candidate_displays = {files_[i].display};
    u.named = files_[i].named;
    u.weight = files_[i].size;
    u.stack = assembly_stack(files_[i].path, files_[i].display);
    if (scan != scans_.end() && !scan->second.refs.empty()) {
      std::set<std::string> in_tree{join_path(".", files_[i].path)};
      add_nested(u, 0, scan->second.refs, 1, in_tree);
    }
    return u;
  }

  // ---- CloudFormation stacks (discover/stacks.h) ----

  // A template candidate read for its nested stacks: the stacks it deploys from local
  // files, and its text when there are any (its unit keeps it).
  struct StackScan {
    std::vector<NestedReference> refs;
    std::shared_ptr<const FileText> text;
  };
  std::map<size_t, StackScan> scans_;             // template candidates that nest stacks
  std::map<size_t, std::string> nested_in_;       // candidate -> the display of the template that deploys it
  std::mutex assemblies_mu_;
  std::map<std::string, std::shared_ptr<const CloudAssembly>> assemblies_;  // directory -> its manifest.json
  // CloudFormation caps a template at 1 MB (from S3); a larger file is no parent.
  static constexpr uint64_t kMaxNestingTemplate = 4u << 20;
  static constexpr size_t kMaxNestingDepth = 16;

  static std::shared_ptr<const FileText> read_text(const std::string& path) {
    auto t = std::make_shared<FileText>();
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    struct stat st;
    if (fd < 0 || ::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || !t->load(fd, st)) t->read_error = errno ? errno : EISDIR;
    if (fd >= 0) ::close(fd);
    return t;
  }

  // The nested stacks a template's text deploys from local files.
  static std::vector<NestedReference> references_in(const std::string& path, std::string_view text) {
    if (!may_nest_stacks(text)) return {};
    Format f = sniff_syntax(path, text);
    Document doc = f == Format::CfnYaml ? load_yaml(text, path) : load_json(text, path);
    return nested_references(doc.root);
  }

  // Which template candidates nest stacks, and which are nested by another candidate:
  // those are linted through the template that deploys them (NestedTemplate units).
  void scan_stacks() {
    std::vector<size_t> templates;
    for (size_t i = 0; i < files_.size(); ++i)
      if (!group_of_.count(i) && !is_tfvars_file(files_[i].path) && files_[i].size <= kMaxNestingTemplate)
        templates.push_back(i);
    std::vector<StackScan> found(templates.size());
    parallel_for(templates.size(), jobs_, [&](size_t k) {
      const Candidate& c = files_[templates[k]];
      std::shared_ptr<const FileText> text = c.given ? c.given : read_text(c.path);
      if (text->read_error) return;
      found[k].refs = references_in(c.path, text->text());
      if (!found[k].refs.empty()) found[k].text = std::move(text);
    });
    std::map<std::string, size_t> by_path;  // normalized path -> candidate
    for (size_t i : templates) by_path.emplace(join_path(".", files_[i].path), i);
    std::map<size_t, std::vector<size_t>> children;
    for (size_t k = 0; k < templates.size(); ++k) {
      if (found[k].refs.empty()) continue;
      size_t i = templates[k];
      for (const auto& r : found[k].refs) {
        auto c = by_path.find(join_path(dir_of(files_[i].path), r.path));
        if (c != by_path.end() && c->second != i) children[i].push_back(c->second);
      }
      scans_.emplace(i, std::move(found[k]));
    }
    // The candidates a root (a parent no candidate nests) reaches are nested; a cycle
    // of templates that only nest each other is linted from each of them.
    std::set<size_t> nested;
    for (const auto& [parent, kids] : children) nested.insert(kids.begin(), kids.end());
    std::function<void(size_t, size_t)> reach = [&](size_t parent, size_t depth) {
      auto it = children.find(parent);
      if (it == children.end() || depth > kMaxNestingDepth) return;
      for (size_t c : it->second)
        if (nested_in_.emplace(c, files_[parent].display).second) reach(c, depth + 1);
    };
    for (const auto& [parent, kids] : children)
      if (!nested.count(parent)) reach(parent, 1);
  }

  // Adds the templates `refs` name (relative to files[parent]) to the unit, with the
  // stacks they nest in turn; each file once per tree.
  void add_nested(Unit& u, uint32_t parent, const std::vector<NestedReference>& refs, size_t depth,
                  std::set<std::string>& in_tree) {
    const SourceFile& pf = *u.files[parent];
    std::string where = parent == 0 ? "" : pf.display + ": ";  // notes are shown under the unit's template
    for (const auto& r : refs) {
      std::string path = join_path(dir_of(pf.path), r.path);
      std::string display = join_path(dir_of(pf.display), r.path);
      if (depth > kMaxNestingDepth) {
        u.notes.push_back(where + "nested stack '" + r.resource + "' (" + r.path + ") is deeper than " +
                          std::to_string(kMaxNestingDepth) + " levels; not followed");
        continue;
      }
      if (!in_tree.insert(path).second) continue;  // a cycle, or a template nested twice: once
      auto text = read_text(path);
      if (text->read_error) {
        u.notes.push_back(where + "nested stack '" + r.resource + "': " + display + " " +
                          (text->read_error == ENOENT ? std::string("does not exist") : std::strerror(text->read_error)) +
                          "; its template is not linted with this stack");
        continue;
      }
      auto f = std::make_shared<SourceFile>();
      f->path = path;
      f->display = display;
      f->content = text;
      f->format = sniff_syntax(path, text->text());
      for (size_t k = 0; k < files_.size(); ++k)  // a walked file keeps the name it was found by
        if (join_path(".", files_[k].path) == path) f->display = files_[k].display;
      uint32_t id = add(u, f);
      u.nested.push_back({parent, r.resource, id});
      u.weight += text->text().size();
      auto more = references_in(path, text->text());
      if (!more.empty()) add_nested(u, id, more, depth + 1, in_tree);
    }
  }

  // The stack a CDK cloud assembly says a template is: the manifest.json beside it.
  std::shared_ptr<const AssemblyStack> assembly_stack(const std::string& path, const std::string& display) {
    std::string dir = dir_of(path);
    std::shared_ptr<const CloudAssembly> a;
    {
      std::lock_guard<std::mutex> lock(assemblies_mu_);
      auto it = assemblies_.find(dir);
      if (it != assemblies_.end()) a = it->second;
    }
    if (!a) {
      auto read = std::make_shared<CloudAssembly>();
      std::string manifest = join_path(dir, "manifest.json");
      struct stat st;
      if (::stat(manifest.c_str(), &st) == 0 && S_ISREG(st.st_mode) && st.st_size < (off_t{64} << 20)) {
        auto text = read_text(manifest);
        if (!text->read_error) *read = parse_cloud_assembly(text->text(), join_path(dir_of(display), "manifest.json"));
        for (const auto& [file, extra] : read->metadata_files) {  // recent CDK versions: Stack.metadata.json
          auto s = read->stacks.find(file);
          auto md = read_text(join_path(dir, extra));
          if (s != read->stacks.end() && !md->read_error) add_construct_paths(*s->second, md->text());
        }
      }
      std::lock_guard<std::mutex> lock(assemblies_mu_);
      a = assemblies_.emplace(dir, std::move(read)).first->second;
    }
    auto s = a->stacks.find(base_of(path));
    return s == a->stacks.end() ? nullptr : s->second;
  }

  Unit nested_unit(size_t i, const std::string& parent) {
    Unit u;
    u.kind = UnitKind::NestedTemplate;
    u.candidates = {i};
    u.candidate_displays = {files_[i].display};
    u.parent_display = parent;
    return u;
  }

  // A variable file in a directory of Terraform files: read with its module.
  bool variable_file(size_t i) const {
    if (!is_var_file(base_of(files_[i].path))) return false;
    std::string d = dir_of(files_[i].path);
    for (const auto& g : groups_)
      if (g.dir == d) return true;
    return false;
  }

  Unit variable_unit(size_t i) {
    Unit u;
    u.kind = UnitKind::VariableFile;
    u.candidates = {i};
    return u;
  }

  Unit child_unit(const ModuleGroup& m) {
    Unit u;
    u.kind = UnitKind::ChildModule;
    u.candidates = m.members;
    return u;
  }

  // A variable file named in a directory without .tf or .tf.json files: a module unit
  // without configuration, which lint_unit skips with a note.
  Unit no_module_unit(const ModuleGroup& m, size_t k) {
    Unit u;
    u.kind = m.packer ? UnitKind::PackerBuild : UnitKind::TerraformModule;
    u.candidates = {k};
    u.candidate_displays = {files_[k].display};
    u.named = true;
    ModuleDir root;
    root.dir = m.dir;
    root.display = m.display_dir;
    root.identity = identity_of(m.dir);
    u.dirs.push_back(std::move(root));
    return u;
  }

  // The group's module (var_file < 0), or the module with the named variable file
  // var_files[var_file] applied after the ones Terraform reads itself, as -var-file
  // would; then only that file is marked named.
  Unit module_unit(const ModuleGroup& m, int var_file) {  // thread-safe: reads through reader_ and sources_of
    Unit u;
    u.kind = m.packer ? UnitKind::PackerBuild : UnitKind::TerraformModule;
    u.candidates = var_file < 0 ? m.members : std::vector<size_t>{m.var_files[static_cast<size_t>(var_file)]};
    for (size_t k : u.candidates) u.candidate_displays.push_back(files_[k].display);
    u.named = m.named;
    for (size_t k : u.candidates) u.weight += files_[k].size;
    ModuleDir root;
    root.dir = m.dir;
    root.display = m.display_dir;
    root.identity = identity_of(m.dir);
    auto unnamed = [&](const std::shared_ptr<SourceFile>& f) -> std::shared_ptr<const SourceFile> {
      if (var_file < 0 || !f->named) return f;
      auto copy = std::make_shared<SourceFile>(*f);  // the same text
      copy->named = false;
      return copy;
    };
    for (const auto& f : m.config) root.config.push_back(add(u, unnamed(f)));
    for (const auto& f : m.vars) root.vars.push_back(add(u, unnamed(f)));
    if (var_file >= 0) root.vars.push_back(add(u, m.extra_vars[static_cast<size_t>(var_file)]));
    u.dirs.push_back(std::move(root));
    if (m.packer) return u;  // a build has no modules
    DirIndex index{{u.dirs[0].dir, 0}};
    add_children(u, index, 0, 0);
    add_installed(u, index);
    return u;
  }

  using DirIndex = std::unordered_map<std::string, size_t>;  // ModuleDir::dir -> index into Unit::dirs

  // A child module's directory with its .tf and .tf.json files read, added to the unit.
  size_t add_dir(Unit& u, DirIndex& index, const std::string& dir, const std::string& display) {
    ModuleDir child;
    child.dir = dir;
    child.display = display;
    child.identity = identity_of(dir);
    for (const auto& n : list_dir(dir))
      if (is_tf_file(n)) child.config.push_back(add(u, tf_source(reader_, join_path(dir, n), display_of(display, n), false)));
    u.dirs.push_back(std::move(child));
    index.emplace(dir, u.dirs.size() - 1);
    return u.dirs.size() - 1;
  }

  // The local child modules the files of dirs[d] may call, read recursively (to the
  // evaluator's nesting limit); each directory once.
  void add_children(Unit& u, DirIndex& index, size_t d, size_t depth) {
    if (depth >= kMaxModuleDepth) return;
    std::vector<std::string> sources;
    for (uint32_t f : u.dirs[d].config)
      for (const auto& s : sources_of(*u.files[f])) sources.push_back(s);
    for (const auto& src : sources) {
      std::string dir = join_path(u.dirs[d].dir, src);
      if (index.count(dir)) continue;
      size_t child = add_dir(u, index, dir, join_path(u.dirs[d].display, src));
      add_children(u, index, child, depth + 1);
    }
  }

  // The root module's notes on its manifest, at most kMaxNotes of them and a count of
  // the rest.
  struct ManifestNotes {
    ModuleManifest& m;
    size_t more = 0;
    static constexpr size_t kMaxNotes = 20;
    void add(const std::string& text) {
      if (m.notes.size() < kMaxNotes) m.notes.push_back(m.display + ": " + text);
      else ++more;
    }
    ~ManifestNotes() {
      if (more) m.notes.push_back(m.display + ": " + std::to_string(more) + " more entries not followed");
    }
  };

  // The modules `terraform init` installed for the root module dirs[0], from its
  // .terraform/modules/modules.json: each directory listed that the calls have not
  // reached already, with the local modules it calls, and every key followed in
  // u.manifest.dirs.
  void add_installed(Unit& u, DirIndex& index) {
    const std::string rel = ".terraform/modules/modules.json";
    u.manifest.display = join_path(u.dirs[0].display, rel);
    ParsedManifest parsed = read_manifest(join_path(u.dirs[0].dir, rel));
    u.manifest.state = parsed.state;
    u.manifest.error = parsed.error;
    u.manifest.error_offset = parsed.error_offset;
    ManifestNotes notes{u.manifest};
    if (parsed.state == ModuleManifest::State::Invalid) {
      u.manifest.notes.push_back(u.manifest.display + ": not a module manifest Terraform can read (" + parsed.error +
                                 "); the registry and git modules it lists are not linted; run `terraform init` to rewrite it");
      return;
    }
    for (const auto& p : parsed.problems) notes.add(p);
    for (const auto& e : parsed.entries) install(u, index, e, notes);
  }

  // modules.json as parse_module_manifest reads it; Absent when there is none.
  ParsedManifest read_manifest(const std::string& path) {
    static constexpr off_t kMaxBytes = off_t{64} << 20;
    ParsedManifest out;
    auto invalid = [&](std::string why) {
      out.state = ModuleManifest::State::Invalid;
      out.error = std::move(why);
      return out;
    };
    struct stat st;
    if (::stat(path.c_str(), &st) != 0) {
      if (errno == ENOENT || errno == ENOTDIR) out.state = ModuleManifest::State::Absent;
      else return invalid(std::strerror(errno));
      return out;
    }
    if (!S_ISREG(st.st_mode)) return invalid("not a regular file");
    if (st.st_size > kMaxBytes) return invalid("larger than 64 MB");
    auto text = reader_.read(path);
    if (text->read_error) return invalid(std::strerror(text->read_error));
    return parse_module_manifest(text->text());
  }

  // One manifest entry: the directory it names joins the unit (once), found by its key.
  // A remote module's directory must be inside the root module; one missing is not
  // installed. A local module's entry only names a directory the calls reach, or one
  // inside the root module.
  void install(Unit& u, DirIndex& index, const ManifestEntry& e, ManifestNotes& notes) {
    std::string dir = join_path(u.dirs[0].dir, e.dir);
    std::string display = join_path(u.dirs[0].display, e.dir);
    std::string rel = join_path(".", e.dir);
    bool outside = e.dir[0] == '/' || rel == "." || rel == ".." || rel.rfind("../", 0) == 0;
    if (outside && !e.local()) return notes.add("module '" + e.key + "': its Dir '" + e.dir +
                                                "' is not inside the root module; not followed");
    if (auto known = index.find(dir); known != index.end()) return name_dir(u, known->second, e.key);
    bool exists = is_directory(dir);
    if (e.local() && (outside || !exists)) return;  // a call no longer written: nothing to follow
    if (!exists) return notes.add("module '" + e.key + "' is not installed: " + display +
                                  " does not exist; run `terraform init` to install it");
    size_t d = add_dir(u, index, dir, display);
    name_dir(u, d, e.key);
    add_children(u, index, d, e.depth());
  }

  static void name_dir(Unit& u, size_t d, const std::string& key) {
    u.manifest.dirs.emplace(key, static_cast<uint32_t>(d));
    if (d != 0 && u.dirs[d].key.empty()) u.dirs[d].key = key;
  }
};

}  // namespace

bool is_packer_file(const std::string& path) {
  return ends_with(path, ".pkr.hcl") || ends_with(path, ".pkr.json");
}

bool is_pkrvars_file(const std::string& path) {
  return ends_with(path, ".pkrvars.hcl") || ends_with(path, ".pkrvars.json");
}

bool is_tfvars_file(const std::string& path) {
  return ends_with(path, ".tfvars") || ends_with(path, ".tfvars.json");
}

bool is_tf_file(const std::string& path) {
  auto ends = [&](const char* s) {
    size_t n = std::strlen(s);
    return path.size() > n && path.compare(path.size() - n, n, s) == 0;
  };
  return ends(".tf") || ends(".tf.json");
}

std::vector<std::string> local_sources(std::string_view text, bool json) {
  static const re2::RE2 source_re(R"re((?:\bsource\s*=|"source"\s*:)\s*"(\.\.?/[^"]*)")re");
  std::vector<std::string> out;
  if (text.find("source") == std::string_view::npos) return out;
  auto scan = [&](std::string_view code) {
    re2::StringPiece input(code);
    std::string src;
    while (re2::RE2::FindAndConsume(&input, source_re, &src)) out.push_back(src);
  };
  scan(text);
  if (json || out.empty()) return out;
  out.clear();  // HCL with a match: `# source = "./old"` calls nothing
  scan(without_comments(text, CommentSyntax::Hcl));
  return out;
}

std::string join_path(const std::string& dir, const std::string& rel) {
  std::string p = dir.empty() || dir == "." ? rel : dir + "/" + rel;
  std::vector<std::string> parts;
  bool absolute = !p.empty() && p[0] == '/';
  for (size_t i = 0; i <= p.size();) {
    size_t j = p.find('/', i);
    if (j == std::string::npos) j = p.size();
    std::string seg = p.substr(i, j - i);
    if (seg == "..") {
      if (!parts.empty() && parts.back() != "..") parts.pop_back();
      else if (!absolute) parts.push_back(seg);
    } else if (!seg.empty() && seg != ".") {
      parts.push_back(seg);
    }
    i = j + 1;
  }
  std::string out = absolute ? "/" : "";
  for (size_t k = 0; k < parts.size(); ++k) out += (k ? "/" : "") + parts[k];
  return out.empty() ? "." : out;
}

std::vector<Unit> make_units(const std::vector<Candidate>& files, int jobs,
                             const std::vector<std::shared_ptr<const SourceFile>>& var_files) {
  return UnitMaker(files, jobs, var_files).run();
}

std::vector<std::shared_ptr<const SourceFile>> read_var_files(const std::vector<VarFileRequest>& requests,
                                                              std::vector<std::string>& errors) {
  Reader reader;
  std::vector<std::shared_ptr<const SourceFile>> out(requests.size());
  errors.assign(requests.size(), "");
  for (size_t i = 0; i < requests.size(); ++i) {
    const VarFileRequest& r = requests[i];
    if (!is_tfvars_file(r.path)) {
      errors[i] = "not a Terraform variable file (.tfvars or .tfvars.json)";
      continue;
    }
    auto f = tf_source(reader, r.path, r.display, false);
    if (f->read_error()) errors[i] = std::string("cannot read it (") + std::strerror(f->read_error()) + ")";
    else out[i] = std::move(f);
  }
  return out;
}

void apply_var_files(Unit& unit, const std::vector<std::shared_ptr<const SourceFile>>& var_files) {
  if (var_files.empty() || unit.kind != UnitKind::TerraformModule || unit.dirs.empty() || unit.dirs[0].config.empty())
    return;
  std::vector<uint32_t>& vars = unit.dirs[0].vars;
  // The unit's own variable files by text: a given file the unit already reads keeps
  // the unit's name for it (a walked or named file's).
  std::map<const FileText*, uint32_t> own;
  for (uint32_t f : vars) own.emplace(unit.files[f]->content.get(), f);
  // Terraform's own files (terraform.tfvars, *.auto.tfvars), the given ones, then a
  // variable file named on the command line.
  size_t auto_end = 0;
  while (auto_end < vars.size() && is_var_file(base_of(unit.files[vars[auto_end]]->path))) ++auto_end;
  std::vector<std::shared_ptr<const SourceFile>> order;
  for (size_t i = 0; i < auto_end; ++i) order.push_back(unit.files[vars[i]]);
  order.insert(order.end(), var_files.begin(), var_files.end());
  for (size_t i = auto_end; i < vars.size(); ++i) order.push_back(unit.files[vars[i]]);
  // Applying a file again overrides what it set before: only its last place counts.
  std::set<const FileText*> seen;
  std::vector<uint32_t> applied;
  for (auto it = order.rbegin(); it != order.rend(); ++it) {
    const FileText* text = (*it)->content.get();
    if (!seen.insert(text).second) continue;
    auto mine = own.find(text);
    applied.push_back(mine != own.end() ? mine->second : add(unit, *it));
  }
  vars.assign(applied.rbegin(), applied.rend());
}

void read_unit(Unit& unit) {
  for (auto& f : unit.files) {
    if (f->content) continue;
    auto read = std::make_shared<SourceFile>(*f);
    auto t = std::make_shared<FileText>();
    int fd = ::open(read->path.c_str(), O_RDONLY | O_CLOEXEC);
    struct stat st;
    if (fd < 0 || ::fstat(fd, &st) != 0 || !t->load(fd, st)) t->read_error = errno;
    if (fd >= 0) ::close(fd);
    read->content = std::move(t);
    read->format = sniff_syntax(read->path, read->text());
    f = std::move(read);
  }
}

}  // namespace amilint
