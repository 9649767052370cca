// amilint_hcl2json: prints the JSON form of .tf files as amilint's HCL parser reads
// them, in the shape `@cdktf/hcl2json` produces, so the two can be compared
// (tests/tools/hcl_compare.js); or measures the parser's throughput.
//
//   amilint_hcl2json FILE...           the JSON of each file on its own line (with a
//                                      "==> FILE <==" header when there are several);
//                                      errors as FILE:LINE:COL: error: MESSAGE on stderr
//   amilint_hcl2json --jsonl FILE...   one JSON object per file and line:
//                                      {"file": F, "json": {...}} or
//                                      {"file": F, "error": {"kind": "syntax"|"convert",
//                                       "line": L, "column": C, "message": M}}
//   amilint_hcl2json --bench N FILE... parses every file N times and prints the
//                                      throughput of each run and their median (MB/s)
// Exit status: 0 when every file converted, 1 when some did not, 2 on usage errors.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include <time.h>

#include "linter/load/hcl/hcl.h"
#include "linter/source/source.h"
#include "tests/tools/hcl_render.h"

using namespace amilint;

namespace {

bool read_file(const std::string& path, std::string* out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::ostringstream ss;
  ss << in.rdbuf();
  *out = ss.str();
  return true;
}

void json_string(std::string& out, std::string_view s) {
  static const char* hex = "0123456789abcdef";
  out.push_back('"');
  for (unsigned char c : s) {
    if (c == '"') out += "\\\"";
    else if (c == '\\') out += "\\\\";
    else if (c < 0x20) {
      out += "\\u00";
      out.push_back(hex[c >> 4]);
      out.push_back(hex[c & 15]);
    } else out.push_back(static_cast<char>(c));
  }
  out.push_back('"');
}

int usage() {
  std::cerr << "usage: amilint_hcl2json [--jsonl | --bench N] FILE...\n";
  return 2;
}

int bench(int runs, const std::vector<std::string>& paths) {
  std::vector<std::string> texts;
  size_t bytes = 0;
  for (const auto& p : paths) {
    std::string t;
    if (!read_file(p, &t)) {
      std::cerr << p << ": cannot read the file\n";
      return 2;
    }
    bytes += t.size();
    texts.push_back(std::move(t));
  }
  // Wall time, and the CPU time of this process (steadier on a busy machine).
  auto cpu_now = [] {
    timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
  };
  std::vector<double> wall_rates, cpu_rates;
  size_t failed = 0;
  const double mb = static_cast<double>(bytes) / 1e6;
  for (int r = 0; r < runs; ++r) {
    failed = 0;
    auto t0 = std::chrono::steady_clock::now();
    double c0 = cpu_now();
    for (const auto& t : texts) {
      hcl::HclFile f = hcl::parse_hcl(t, "bench.tf");
      if (!f.ok()) ++failed;
    }
    double cpu = cpu_now() - c0;
    double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    wall_rates.push_back(mb / wall);
    cpu_rates.push_back(mb / cpu);
    std::printf("run %d: %.1f MB/s wall (%.3f s), %.1f MB/s CPU (%.3f s)\n", r + 1, mb / wall, wall, mb / cpu, cpu);
  }
  std::sort(wall_rates.begin(), wall_rates.end());
  std::sort(cpu_rates.begin(), cpu_rates.end());
  std::printf("%zu files, %.2f MB, %zu rejected; median of %d runs: %.1f MB/s wall, %.1f MB/s CPU\n", texts.size(), mb,
              failed, runs, wall_rates[wall_rates.size() / 2], cpu_rates[cpu_rates.size() / 2]);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  bool jsonl = false;
  int bench_runs = 0;
  std::vector<std::string> paths;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--jsonl") {
      jsonl = true;
    } else if (a == "--bench") {
      if (i + 1 >= argc) return usage();
      bench_runs = std::atoi(argv[++i]);
      if (bench_runs < 1) return usage();
    } else if (a == "-h" || a == "--help") {
      usage();
      return 0;
    } else if (!a.empty() && a[0] == '-' && a != "-") {
      return usage();
    } else {
      paths.push_back(a);
    }
  }
  if (paths.empty()) return usage();
  if (bench_runs) return bench(bench_runs, paths);

  int status = 0;
  std::string line;
  for (const auto& path : paths) {
    std::string text;
    line.clear();
    if (!read_file(path, &text)) {
      std::cerr << path << ": cannot read the file\n";
      status = 1;
      if (jsonl) {
        line = "{\"file\":";
        json_string(line, path);
        line += ",\"error\":{\"kind\":\"io\",\"line\":0,\"column\":0,\"message\":\"cannot read the file\"}}\n";
        std::fwrite(line.data(), 1, line.size(), stdout);
      }
      continue;
    }
    hcl::HclFile file = hcl::parse_hcl(text, path);
    std::string json;
    ParseError err;
    bool ok = hcl::render_hcl_json(file, &json, &err);
    if (!ok) {
      status = 1;
      Position pos = LineIndex(text).position(err.offset);
      const char* kind = file.ok() ? "convert" : "syntax";
      if (jsonl) {
        line = "{\"file\":";
        json_string(line, path);
        line += ",\"error\":{\"kind\":\"";
        line += kind;
        line += "\",\"line\":" + std::to_string(pos.line) + ",\"column\":" + std::to_string(pos.column) +
                ",\"message\":";
        json_string(line, err.message);
        line += "}}\n";
        std::fwrite(line.data(), 1, line.size(), stdout);
      } else {
        std::cerr << path << ":" << pos.line << ":" << pos.column << ": error: " << err.message << "\n";
      }
      continue;
    }
    if (jsonl) {
      line = "{\"file\":";
      json_string(line, path);
      line += ",\"json\":" + json + "}\n";
    } else {
      if (paths.size() > 1) line = "==> " + path + " <==\n";
      line += json + "\n";
    }
    std::fwrite(line.data(), 1, line.size(), stdout);
  }
  return status;
}
