// Shared by the CI formats: repository root, relative names, URIs, UTF-8.
#include <filesystem>
#include <system_error>

#include "linter/report/report.h"

namespace amilint {

namespace fs = std::filesystem;

std::string find_repository_root(const std::string& dir) {
  fs::path p = fs::path(dir).lexically_normal();
  if (p.empty() || !p.is_absolute()) return "";
  if (p.filename().empty() && p != p.root_path()) p = p.parent_path();  // trailing '/'
  for (;;) {
    std::error_code ec;
    if (fs::exists(p / ".git", ec)) return p.string();
    if (p == p.root_path() || !p.has_parent_path()) return "";
    p = p.parent_path();
  }
}

SourceRoot current_source_root() {
  SourceRoot w;
  std::error_code ec;
  fs::path cwd = fs::current_path(ec);
  if (ec) return w;
  w.cwd = cwd.lexically_normal().string();
  w.root = find_repository_root(w.cwd);
  return w;
}

namespace {

// rel if abs lies inside base, else "".
std::string relative_inside(const fs::path& abs, const fs::path& base) {
  fs::path rel = abs.lexically_relative(base);
  if (rel.empty() || rel == ".") return "";
  if (*rel.begin() == "..") return "";
  return rel.generic_string();
}

}  // namespace

std::string base_relative(const std::string& file, const SourceRoot& where) {
  if (where.base().empty() || file.empty()) return "";
  fs::path base = fs::path(where.base()).lexically_normal();
  fs::path f(file);
  fs::path abs = (f.is_absolute() ? f : fs::path(where.cwd.empty() ? where.base() : where.cwd) / f).lexically_normal();
  std::string rel = relative_inside(abs, base);
  if (!rel.empty()) return rel;
  // Through a symbolic link, the file may still be inside the base.
  std::error_code ec1, ec2;
  fs::path real = fs::weakly_canonical(abs, ec1), real_base = fs::weakly_canonical(base, ec2);
  if (ec1 || ec2) return "";
  return relative_inside(real, real_base);
}

std::string ci_file_name(const std::string& file, const SourceRoot& where) {
  std::string rel = base_relative(file, where);
  return rel.empty() ? file : rel;
}

std::string uri_encode_path(std::string_view path) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : path) {
    bool keep = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
                c == '.' || c == '_' || c == '~' || c == '/';
    if (keep) {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

std::string directory_file_uri(const std::string& dir) {
  std::string p = fs::path(dir).lexically_normal().generic_string();
  if (p.empty() || p.back() != '/') p += '/';
  return "file://" + uri_encode_path(p);
}

size_t utf8_next(std::string_view s, size_t i, uint32_t& cp) {
  auto byte = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  unsigned char c = byte(i);
  size_t len;
  uint32_t v, min;
  if (c < 0x80) { cp = c; return 1; }
  if (c >= 0xC2 && c <= 0xDF) { len = 2; v = c & 0x1F; min = 0x80; }
  else if (c >= 0xE0 && c <= 0xEF) { len = 3; v = c & 0x0F; min = 0x800; }
  else if (c >= 0xF0 && c <= 0xF4) { len = 4; v = c & 0x07; min = 0x10000; }
  else { cp = 0xFFFD; return 1; }
  if (i + len > s.size()) { cp = 0xFFFD; return 1; }
  for (size_t k = 1; k < len; ++k) {
    unsigned char d = byte(i + k);
    if ((d & 0xC0) != 0x80) { cp = 0xFFFD; return 1; }
    v = (v << 6) | (d & 0x3F);
  }
  if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) { cp = 0xFFFD; return 1; }
  cp = v;
  return len;
}


std::string valid_utf8(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    uint32_t cp;
    size_t n = utf8_next(s, i, cp);
    if (cp == 0xFFFD && n == 1 && static_cast<unsigned char>(s[i]) >= 0x80)
      append_utf8(out, cp);
    else
      out.append(s.substr(i, n));
    i += n;
  }
  return out;
}

}  // namespace amilint
