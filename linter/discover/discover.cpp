#include "linter/discover/discover.h"
#include "linter/source/source.h"

#include <dirent.h>
#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <thread>
#include <utility>

namespace amilint {

namespace {

bool match_from(const char* p, const char* s) {
  while (*p) {
    if (p[0] == '*' && p[1] == '*') {
      const char* rest = p + 2;
      if (*rest == '/') {
        // "**/" matches zero or more directories
        if (match_from(rest + 1, s)) return true;
      }
      for (const char* t = s; *t; ++t)
        if (match_from(rest, t + 1) || (*rest == '/' && *t == '/' && match_from(rest + 1, t + 1))) return true;
      return match_from(rest, s + std::strlen(s));
    }
    if (*p == '*') {
      for (const char* t = s;; ++t) {
        if (match_from(p + 1, t)) return true;
        if (!*t || *t == '/') return false;
      }
    }
    if (!*s) return false;
    if (*p == '?') {
      if (*s == '/') return false;
    } else if (*p != *s) {
      return false;
    }
    ++p;
    ++s;
  }
  return *s == '\0';
}

std::string strip_dot_slash(std::string s) {
  while (s.size() > 2 && s[0] == '.' && s[1] == '/') s.erase(0, 2);
  return s;
}

bool excluded(const std::string& display, const std::vector<std::string>& excludes) {
  std::string p = strip_dot_slash(display);
  for (const auto& pat : excludes) {
    std::string q = strip_dot_slash(pat);
    if (!q.empty() && q.back() == '/') q += "**";
    if (glob_match(q, p)) return true;
  }
  return false;
}

const char* const kSkippedDirs[] = {".git", ".terraform", "node_modules"};

bool skipped_dir(const std::string& name) {
  return std::find(std::begin(kSkippedDirs), std::end(kSkippedDirs), name) != std::end(kSkippedDirs);
}

std::string child_display(const std::string& display, const std::string& name) {
  return display == "." ? name : (display.back() == '/' ? display + name : display + "/" + name);
}

std::string child_path(const std::string& path, const std::string& name) {
  return path == "/" ? "/" + name : path + "/" + name;
}

using DirKey = std::pair<dev_t, ino_t>;

// One entry of a directory, with what stat (following links) said of it.
struct Entry {
  std::string name;
  int err = 0;               // stat failed
  bool broken_link = false;  // ... because it is a link to nothing
  mode_t mode = 0;
  uint64_t size = 0;
  DirKey key{0, 0};
};

// A directory's entries by name, each stat'ed: the walk's system calls.
struct Listing {
  int err = 0;  // opendir failed
  std::vector<Entry> entries;
};

Listing read_listing(const std::string& path) {
  Listing l;
  DIR* d = opendir(path.c_str());
  if (!d) {
    l.err = errno;
    return l;
  }
  while (dirent* e = readdir(d)) {
    std::string n = e->d_name;
    if (n == "." || n == "..") continue;
    l.entries.push_back(Entry{std::move(n)});
  }
  closedir(d);
  std::sort(l.entries.begin(), l.entries.end(), [](const Entry& a, const Entry& b) { return a.name < b.name; });
  for (auto& e : l.entries) {
    struct stat cs;
    std::string child = child_path(path, e.name);
    if (stat(child.c_str(), &cs) != 0) {
      e.err = errno;
      struct stat ls;
      e.broken_link = lstat(child.c_str(), &ls) == 0 && S_ISLNK(ls.st_mode);
      continue;
    }
    e.mode = cs.st_mode;
    e.size = static_cast<uint64_t>(cs.st_size);
    e.key = {cs.st_dev, cs.st_ino};
  }
  return l;
}

// Whether the walk enters a subdirectory found as `display`.
bool entered(const Entry& e, const std::string& display, const std::vector<std::string>& excludes) {
  return !skipped_dir(e.name) && !excluded(display, excludes) && !excluded(display + "/", excludes);
}

constexpr int kMaxDepth = 256;

// The directories under the walked paths, listed by `jobs` threads ahead of the walk:
// each directory (device and inode) once, whichever way it was reached first. The walk
// then decides in its own order what it shows, so the result is the same for any jobs.
class Crawl {
 public:
  Crawl(const std::vector<std::string>& excludes, int jobs) : excludes_(excludes), jobs_(jobs) {}

  void add(const std::string& path, const std::string& display, DirKey key) {
    if (claimed_.insert(key).second) queue_.push_back({path, display, 0, key});
  }

  void run() {
    std::vector<std::thread> pool;
    for (int j = 1; j < jobs_; ++j) pool.emplace_back([this] { work(); });
    work();
    for (auto& t : pool) t.join();
  }

  const Listing* find(DirKey key) const {
    auto it = listings_.find(key);
    return it == listings_.end() ? nullptr : &it->second;
  }

 private:
  struct Item {
    std::string path, display;
    int depth;
    DirKey key;
  };
  const std::vector<std::string>& excludes_;
  int jobs_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<Item> queue_;
  int busy_ = 0;
  std::set<DirKey> claimed_;
  std::map<DirKey, Listing> listings_;

  void work() {
    std::unique_lock<std::mutex> lock(mu_);
    for (;;) {
      cv_.wait(lock, [&] { return !queue_.empty() || busy_ == 0; });
      if (queue_.empty()) return;  // and nobody will add more
      Item item = std::move(queue_.front());
      queue_.pop_front();
      ++busy_;
      lock.unlock();
      Listing l = read_listing(item.path);
      std::vector<Item> children;
      if (item.depth < kMaxDepth)
        for (const auto& e : l.entries) {
          if (e.err || !S_ISDIR(e.mode)) continue;
          std::string d = child_display(item.display, e.name);
          if (entered(e, d, excludes_)) children.push_back({child_path(item.path, e.name), std::move(d), item.depth + 1, e.key});
        }
      lock.lock();
      listings_.emplace(item.key, std::move(l));
      for (auto& c : children)
        if (claimed_.insert(c.key).second) queue_.push_back(std::move(c));
      --busy_;
      cv_.notify_all();
    }
  }
};

struct Walker {
  const std::vector<std::string>& excludes;
  DiscoverResult& out;
  const Crawl* crawl = nullptr;  // listings read ahead, if any
  std::set<DirKey> visited;

  void walk_dir(const std::string& path, const std::string& display, int depth, DirKey key) {
    if (!visited.insert(key).second) {
      out.notes.push_back(display + ": skipped (directory already visited: a symlink loop)");
      return;
    }
    if (depth > kMaxDepth) {
      out.notes.push_back(display + ": skipped (too deep)");
      return;
    }
    const Listing* ahead = crawl ? crawl->find(key) : nullptr;
    Listing here;
    if (!ahead) here = read_listing(path);
    const Listing& l = ahead ? *ahead : here;
    if (l.err) {
      out.errors.push_back(display + ": cannot read directory: " + std::strerror(l.err));
      return;
    }
    for (const auto& e : l.entries) {
      std::string cdisp = child_display(display, e.name);
      if (e.err) {
        if (e.broken_link) out.notes.push_back(cdisp + ": skipped (broken symlink)");
        else if (has_template_extension(e.name)) out.errors.push_back(cdisp + ": " + std::strerror(e.err));
        continue;
      }
      if (S_ISDIR(e.mode)) {
        if (skipped_dir(e.name)) continue;
        if (!entered(e, cdisp, excludes)) {
          out.notes.push_back(cdisp + ": excluded");
          continue;
        }
        walk_dir(child_path(path, e.name), cdisp, depth + 1, e.key);
      } else if (S_ISREG(e.mode)) {
        if (!has_template_extension(e.name)) continue;
        if (excluded(cdisp, excludes)) {
          out.notes.push_back(cdisp + ": excluded");
          continue;
        }
        out.files.push_back({child_path(path, e.name), cdisp, false, e.size, nullptr});
      }
    }
  }
};

}  // namespace

bool has_template_extension(const std::string& name) {
  return ends_with(name, ".yaml") || ends_with(name, ".yml") || ends_with(name, ".json") ||
         ends_with(name, ".template") || ends_with(name, ".tf") || ends_with(name, ".pkr.hcl") ||
         ends_with(name, ".pkrvars.hcl");
}

bool glob_match(const std::string& pattern, const std::string& path) {
  if (match_from(pattern.c_str(), path.c_str())) return true;
  if (pattern.find('/') == std::string::npos) {
    size_t slash = path.rfind('/');
    if (slash != std::string::npos) return match_from(pattern.c_str(), path.c_str() + slash + 1);
  }
  return false;
}

DiscoverResult discover(const std::vector<std::string>& paths, const std::vector<std::string>& excludes, int jobs) {
  DiscoverResult out;
  std::vector<std::optional<struct stat>> top(paths.size());
  std::vector<int> top_err(paths.size(), 0);
  for (size_t i = 0; i < paths.size(); ++i) {
    struct stat st;
    if (stat(paths[i].c_str(), &st) == 0) top[i] = st;
    else top_err[i] = errno;
  }
  std::unique_ptr<Crawl> crawl;
  if (jobs > 1) {
    crawl = std::make_unique<Crawl>(excludes, jobs);
    for (size_t i = 0; i < paths.size(); ++i)
      if (top[i] && S_ISDIR(top[i]->st_mode)) crawl->add(paths[i], paths[i], {top[i]->st_dev, top[i]->st_ino});
    crawl->run();
  }
  Walker w{excludes, out, crawl.get(), {}};
  for (size_t i = 0; i < paths.size(); ++i) {
    const std::string& p = paths[i];
    if (!top[i]) {
      out.errors.push_back(p + ": " + std::strerror(top_err[i]));
      continue;
    }
    const struct stat& st = *top[i];
    if (S_ISDIR(st.st_mode)) {
      w.walk_dir(p, p, 0, {st.st_dev, st.st_ino});
    } else if (S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode) || S_ISSOCK(st.st_mode)) {
      // a device never ends (/dev/zero) or is not a template; pipes (`<(...)`) are read
      out.errors.push_back(p + ": not a file or directory (a device or socket)");
    } else {
      if (excluded(p, excludes)) {
        out.notes.push_back(p + ": excluded");
        continue;
      }
      out.files.push_back({p, p, true, static_cast<uint64_t>(st.st_size), nullptr});
    }
  }
  return out;
}

}  // namespace amilint
