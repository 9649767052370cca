#include "linter/discover/discover.h"

#include <dirent.h>
#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <set>
#include <utility>

namespace amilint {

namespace {

bool ends_with(const std::string& s, const char* suffix) {
  size_t n = std::strlen(suffix);
  return s.size() >= n && s.compare(s.size() - n, n, suffix) == 0;
}

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

struct Walker {
  const std::vector<std::string>& excludes;
  DiscoverResult& out;
  std::set<std::pair<dev_t, ino_t>> visited;

  void walk_dir(const std::string& path, const std::string& display, int depth) {
    struct stat st;
    if (stat(path.c_str(), &st) != 0) {
      out.errors.push_back(display + ": " + std::strerror(errno));
      return;
    }
    if (!visited.insert({st.st_dev, st.st_ino}).second) {
      out.notes.push_back(display + ": skipped (directory already visited: a symlink loop)");
      return;
    }
    if (depth > 256) {
      out.notes.push_back(display + ": skipped (too deep)");
      return;
    }
    DIR* d = opendir(path.c_str());
    if (!d) {
      out.errors.push_back(display + ": cannot read directory: " + std::strerror(errno));
      return;
    }
    std::vector<std::string> names;
    while (dirent* e = readdir(d)) {
      std::string n = e->d_name;
      if (n == "." || n == "..") continue;
      names.push_back(std::move(n));
    }
    closedir(d);
    std::sort(names.begin(), names.end());
    for (const auto& n : names) {
      std::string child = path == "/" ? "/" + n : path + "/" + n;
      std::string cdisp = display == "." ? n : (display.back() == '/' ? display + n : display + "/" + n);
      struct stat cs;
      if (stat(child.c_str(), &cs) != 0) {
        struct stat ls;
        if (lstat(child.c_str(), &ls) == 0 && S_ISLNK(ls.st_mode)) {
          out.notes.push_back(cdisp + ": skipped (broken symlink)");
        } else if (has_template_extension(n)) {
          out.errors.push_back(cdisp + ": " + std::strerror(errno));
        }
        continue;
      }
      if (S_ISDIR(cs.st_mode)) {
        if (std::find(std::begin(kSkippedDirs), std::end(kSkippedDirs), n) != std::end(kSkippedDirs)) continue;
        if (excluded(cdisp, excludes) || excluded(cdisp + "/", excludes)) {
          out.notes.push_back(cdisp + ": excluded");
          continue;
        }
        walk_dir(child, cdisp, depth + 1);
      } else if (S_ISREG(cs.st_mode)) {
        if (!has_template_extension(n)) continue;
        if (excluded(cdisp, excludes)) {
          out.notes.push_back(cdisp + ": excluded");
          continue;
        }
        out.files.push_back({child, cdisp, false, static_cast<uint64_t>(cs.st_size)});
      }
    }
  }
};

}  // namespace

bool has_template_extension(const std::string& name) {
  return ends_with(name, ".yaml") || ends_with(name, ".yml") || ends_with(name, ".json") ||
         ends_with(name, ".template") || ends_with(name, ".tf");
}

bool glob_match(const std::string& pattern, const std::string& path) {
  if (match_from(pattern.c_str(), path.c_str())) return true;
  if (pattern.find('/') == std::string::npos) {
    size_t slash = path.rfind('/');
    if (slash != std::string::npos) return match_from(pattern.c_str(), path.c_str() + slash + 1);
  }
  return false;
}

DiscoverResult discover(const std::vector<std::string>& paths, const std::vector<std::string>& excludes) {
  DiscoverResult out;
  Walker w{excludes, out, {}};
  for (const auto& p : paths) {
    struct stat st;
    if (stat(p.c_str(), &st) != 0) {
      out.errors.push_back(p + ": " + std::strerror(errno));
      continue;
    }
    if (S_ISDIR(st.st_mode)) {
      w.walk_dir(p, p, 0);
    } else if (S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode) || S_ISSOCK(st.st_mode)) {
      // a device never ends (/dev/zero) or is not a template; pipes (`<(...)`) are read
      out.errors.push_back(p + ": not a file or directory (a device or socket)");
    } else {
      if (excluded(p, excludes)) {
        out.notes.push_back(p + ": excluded");
        continue;
      }
      out.files.push_back({p, p, true, static_cast<uint64_t>(st.st_size)});
    }
  }
  return out;
}

}  // namespace amilint
