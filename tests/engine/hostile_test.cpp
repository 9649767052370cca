// Hostile input, through the real binary: each has one exact outcome (findings with
// their positions, a note, or a usage error), never a crash or a hang (every run is
// killed after a time limit, which fails the test).
#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "linter/discover/discover.h"
#include "linter/engine/engine.h"
#include "tests/test_util.h"

namespace fs = std::filesystem;
using amilint_test::Run;
using amilint_test::run_amilint;
using amilint_test::TempDir;

namespace {

const std::string kHeader = "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n";
// A template whose one finding is AMI001 at 6:16 ('ami-1234' is malformed).
const std::string kYaml = kHeader +
                          "  I:\n"
                          "    Type: AWS::EC2::Instance\n"
                          "    Properties:\n"
                          "      ImageId: ami-1234\n";
// The same in JSON: AMI001 at 5:33.
const std::string kJson =
    "{\n"
    "  \"Resources\": {\n"
    "    \"I\": {\n"
    "      \"Type\": \"AWS::EC2::Instance\",\n"
    "      \"Properties\": {\"ImageId\": \"ami-1234\"}\n"
    "    }\n"
    "  }\n"
    "}\n";
// The same in HCL: AMI001 at 6:9.
const std::string kTf =
    "provider \"aws\" {\n"
    "  region = \"us-east-1\"\n"
    "}\n"
    "\n"
    "resource \"aws_instance\" \"a\" {\n"
    "  ami = \"ami-1234\"\n"
    "}\n";

std::string replace_all(std::string s, const std::string& from, const std::string& to) {
  for (size_t i = s.find(from); i != std::string::npos; i = s.find(from, i + to.size())) s.replace(i, from.size(), to);
  return s;
}

// "FILE:LINE:COL CODE" of every finding of text output, in order.
std::vector<std::string> findings(const Run& r) {
  std::vector<std::string> out;
  size_t i = 0;
  while (i < r.out.size()) {
    size_t nl = r.out.find('\n', i);
    if (nl == std::string::npos) nl = r.out.size();
    std::string line = r.out.substr(i, nl - i);
    i = nl + 1;
    size_t sev = line.find(": error: ");
    if (sev == std::string::npos) sev = line.find(": warning: ");
    if (sev == std::string::npos) sev = line.find(": info: ");
    size_t code = line.rfind(" [");
    if (sev == std::string::npos || code == std::string::npos) continue;
    out.push_back(line.substr(0, sev) + " " + line.substr(code + 2, line.find(' ', code + 2) - code - 2));
  }
  return out;
}

using Lines = std::vector<std::string>;

bool contains(const std::string& hay, const std::string& needle) { return hay.find(needle) != std::string::npos; }

}  // namespace

TEST_CASE("hostile: a YAML alias bomb is AMI000 at the alias that crosses a million nodes", "[hostile]") {
  TempDir d;
  std::string s = kHeader +
                  "  I:\n    Type: AWS::EC2::Instance\n    Properties:\n      ImageId: ami-12345678\n"
                  "Metadata:\n  a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n";
  for (int i = 1; i < 10; ++i) {
    s += "  a" + std::to_string(i) + ": &a" + std::to_string(i) + " [";
    for (int k = 0; k < 10; ++k) s += (k ? ", *a" : "*a") + std::to_string(i - 1);
    s += "]\n";
  }
  d.write("bomb.yaml", s);
  Run r = run_amilint("--no-config bomb.yaml", d.path, 60);
  // a0..a4 expand to 11, 111, ..., 111111 nodes: the 8th alias of a5 (line 13) makes
  // the aliases' total pass 1,000,000
  CHECK(findings(r) == Lines{"bomb.yaml:6:16 AMI002", "bomb.yaml:13:47 AMI000"});
  CHECK(contains(r.out, "error: aliases expand to more than 1000000 nodes (a YAML alias bomb)"));
  CHECK(r.code == 1);
  // the audit table walks the same shared nodes once
  Run j = run_amilint("--no-config --format json bomb.yaml", d.path, 60);
  CHECK(j.code == 1);
}

TEST_CASE("hostile: nesting 100000 levels deep in YAML, JSON and HCL", "[hostile]") {
  TempDir d;
  const int n = 100000;
  std::string open_seq(n, '['), close_seq(n, ']');
  d.write("seq.yaml", kHeader + "  X: " + open_seq + close_seq + "\n");
  std::string maps;
  for (int i = 0; i < n; ++i) maps += "{a: ";
  d.write("map.yaml", kHeader + "  X: " + maps + "1" + std::string(n, '}') + "\n");
  d.write("seq.json", "{\"AWSTemplateFormatVersion\": \"2010-09-09\", \"Resources\": {\"X\": " + open_seq + close_seq + "}}");
  std::string objs;
  for (int i = 0; i < n; ++i) objs += "{\"a\":";
  d.write("obj.json", "{\"AWSTemplateFormatVersion\": \"2010-09-09\", \"Resources\": {\"X\": " + objs + "1" +
                          std::string(n, '}') + "}}");
  d.write("expr/main.tf", "locals {\n  x = " + open_seq + close_seq + "\n}\n");
  std::string blocks;
  for (int i = 0; i < n; ++i) blocks += "a {\n";
  for (int i = 0; i < n; ++i) blocks += "}\n";
  d.write("blocks/main.tf", blocks);
  std::string jsonobjs;
  for (int i = 0; i < n; ++i) jsonobjs += "{\"a\":";
  d.write("tfjson/main.tf.json", "{\"locals\": " + jsonobjs + "1" + std::string(n, '}') + "}");
  Run r = run_amilint("--no-config seq.yaml map.yaml seq.json obj.json expr blocks tfjson", d.path, 120);
  // yaml-cpp stops at about 500 levels; the JSON and HCL loaders at 512
  // JSON: the 511th bracket of X is the 513th level (the document and Resources are
  // two); its column is the 62 characters before X's value plus 511 (seq.json) or
  // 5 per `{"a":` (obj.json); .tf.json: 11 before the 512th.
  CHECK(findings(r) == Lines{"blocks/main.tf:513:1 AMI000", "expr/main.tf:2:518 AMI000", "map.yaml:3:1991 AMI000",
                             "obj.json:1:2613 AMI000", "seq.json:1:573 AMI000", "seq.yaml:3:503 AMI000",
                             "tfjson/main.tf.json:1:2567 AMI000"});
  CHECK(contains(r.out, "seq.yaml:3:503: error: nesting deeper than the YAML parser's limit of about 500 levels"));
  CHECK(contains(r.out, "seq.json:1:573: error: nesting deeper than 512 levels"));
  CHECK(contains(r.out, "blocks/main.tf:513:1: error: nesting deeper than 512 levels"));
  CHECK(r.code == 1);
}

TEST_CASE("hostile: for_each multiplied through nested modules, and locals read by many paths, end", "[hostile]") {
  TempDir d;
  // Eight levels of modules, each called once per element of a 200-element set: 200^8
  // instances if nothing bounded them. Each level also launches an AMI.
  std::string keys = "[";
  for (int i = 0; i < 200; ++i) keys += (i ? ", \"k" : "\"k") + std::to_string(i) + "\"";
  keys += "]";
  for (int level = 0; level < 8; ++level) {
    std::string dir = "root";
    for (int k = 0; k < level; ++k) dir += "/m";
    std::string text = "resource \"aws_instance\" \"i\" {\n  ami = \"ami-1234\"\n}\n";
    if (level < 7) text += "module \"m\" {\n  source   = \"./m\"\n  for_each = toset(" + keys + ")\n}\n";
    if (level == 0) text = "provider \"aws\" {\n  region = \"us-east-1\"\n}\n" + text;
    d.write(dir + "/main.tf", text);
  }
  // Locals that each read the one before twice: 2^30 paths to l0.
  std::string locals = "locals {\n  l0 = \"ami-5678\"\n";
  for (int i = 1; i <= 30; ++i)
    locals += "  l" + std::to_string(i) + " = coalesce(local.l" + std::to_string(i - 1) + ", local.l" +
              std::to_string(i - 1) + ")\n";
  locals += "}\nresource \"aws_instance\" \"x\" {\n  ami = local.l30\n}\n";
  d.write("chain/main.tf", "provider \"aws\" {\n  region = \"us-east-1\"\n}\n" + locals);
  Run r = run_amilint("--no-config -v root chain", d.path, 120);
  INFO(r.err);
  // The literal of each level is one finding however many instances launch it; the
  // chain's value is where l0 is written.
  CHECK(findings(r) == Lines{"chain/main.tf:5:8 AMI001", "root/m/m/m/m/m/m/m/main.tf:2:9 AMI001",
                             "root/m/m/m/m/m/m/main.tf:2:9 AMI001", "root/m/m/m/m/m/main.tf:2:9 AMI001",
                             "root/m/m/m/m/main.tf:2:9 AMI001", "root/m/m/m/main.tf:2:9 AMI001",
                             "root/m/m/main.tf:2:9 AMI001", "root/m/main.tf:2:9 AMI001", "root/main.tf:5:9 AMI001"});
  CHECK(contains(r.err, "more than 2000 module instances; the rest are not linted"));
  CHECK(r.code == 1);
}

TEST_CASE("hostile: a 200 MB template is linted to its last line", "[hostile]") {
  TempDir d;
  {
    std::ofstream f(d.path / "big.json", std::ios::binary);
    f << "{\"AWSTemplateFormatVersion\": \"2010-09-09\", \"Resources\": {\n";
    size_t size = 0, n = 0;
    while (size < 200u * 1024 * 1024) {
      std::string line = "  \"Bucket" + std::to_string(n) + "\": {\"Type\": \"AWS::S3::Bucket\", \"Properties\": " +
                         "{\"BucketName\": \"bucket-" + std::to_string(n) +
                         "\", \"Tags\": [{\"Key\": \"team\", \"Value\": \"platform\"}]}},\n";
      f << line;
      size += line.size();
      ++n;
    }
    f << "  \"Web\": {\"Type\": \"AWS::EC2::Instance\", \"Properties\": {\"ImageId\": \"ami-1234\"}}\n}}\n";
    // line 1 is the header, then n bucket lines: Web is on line n + 2
    d.write("line.txt", std::to_string(n + 2));
  }
  REQUIRE(fs::file_size(d.path / "big.json") > 200u * 1024 * 1024);
  Run r = run_amilint("--no-config big.json", d.path, 900);
  CHECK(findings(r) == Lines{"big.json:" + d.read("line.txt") + ":67 AMI001"});
  CHECK(r.code == 1);
}

TEST_CASE("hostile: a binary file named .yaml is not a template", "[hostile]") {
  TempDir d;
  std::string bin;
  uint32_t x = 12345;
  for (int i = 0; i < 4096; ++i) {
    x = x * 1103515245u + 12345u;
    bin += static_cast<char>(x >> 24);
  }
  d.write("dir/blob.yaml", bin);
  d.write("dir/ok.yaml", kYaml);
  Run walk = run_amilint("--no-config dir", d.path, 60);
  CHECK(findings(walk) == Lines{"dir/ok.yaml:6:16 AMI001"});
  CHECK(contains(walk.err, "in 1 template (2 files checked)"));
  Run named = run_amilint("--no-config dir/blob.yaml", d.path, 60);
  CHECK(named.out.empty());
  CHECK(named.code == 0);
  CHECK(contains(named.err, "amilint: note: dir/blob.yaml: skipped (not a template (and not valid YAML: invalid UTF-8"));
}

TEST_CASE("hostile: invalid UTF-8 is AMI000 at the offending byte", "[hostile]") {
  TempDir d;
  d.write("bad.yaml", replace_all(kYaml, "ami-1234", "\xff\xfe-x"));
  d.write("bad.json", replace_all(kJson, "ami-1234", "ami-\xc3\x28"));
  d.write("tf/main.tf", replace_all(kTf, "ami-1234", "ami-\xe2\x82"));
  Run r = run_amilint("--no-config bad.yaml bad.json tf", d.path, 60);
  // the first byte of the bad sequence: \xc3 (col 38), \xe2 (col 14)
  CHECK(findings(r) == Lines{"bad.json:5:38 AMI000", "bad.yaml:6:16 AMI000", "tf/main.tf:6:14 AMI000"});
  CHECK(contains(r.out, "bad.yaml:6:16: error: invalid UTF-8 byte sequence; save the file as UTF-8"));
  CHECK(r.code == 1);
}

TEST_CASE("hostile: UTF-16 and UTF-32 with a BOM are AMI000 at 1:1", "[hostile]") {
  TempDir d;
  auto utf16le = [](const std::string& s) {
    std::string out = "\xff\xfe";
    for (char c : s) out += std::string{c, '\0'};
    return out;
  };
  auto utf16be = [](const std::string& s) {
    std::string out = "\xfe\xff";
    for (char c : s) out += std::string{'\0', c};
    return out;
  };
  auto utf32le = [](const std::string& s) {
    std::string out("\xff\xfe\0\0", 4);
    for (char c : s) out += std::string{c, '\0', '\0', '\0'};
    return out;
  };
  d.write("le.yaml", utf16le(kYaml));
  d.write("be.json", utf16be(kJson));
  d.write("le32.yaml", utf32le(kYaml));
  d.write("tf/main.tf", utf16le(kTf));
  d.write("notcfn.yaml", utf16le("name: a helm chart\n"));
  Run r = run_amilint("--no-config le.yaml be.json le32.yaml tf notcfn.yaml", d.path, 60);
  CHECK(findings(r) == Lines{"be.json:1:1 AMI000", "le.yaml:1:1 AMI000", "le32.yaml:1:1 AMI000", "tf/main.tf:1:1 AMI000"});
  CHECK(contains(r.out, "le.yaml:1:1: error: file is UTF-16LE; amilint reads UTF-8 templates: convert it with iconv"));
  CHECK(contains(r.out, "be.json:1:1: error: file is UTF-16BE;"));
  CHECK(contains(r.out, "le32.yaml:1:1: error: file is UTF-32LE;"));
  CHECK(contains(r.err, "notcfn.yaml: skipped"));
  CHECK(r.code == 1);
}

TEST_CASE("hostile: CRLF and lone CR line endings keep positions right", "[hostile]") {
  TempDir d;
  d.write("crlf.yaml", replace_all(kYaml, "\n", "\r\n"));
  d.write("cr.yaml", replace_all(kYaml, "\n", "\r"));
  d.write("crlf.json", replace_all(kJson, "\n", "\r\n"));
  d.write("cr.json", replace_all(kJson, "\n", "\r"));
  d.write("crlf/main.tf", replace_all(kTf, "\n", "\r\n"));
  // Terraform does not read a lone CR as a line break: the file is rejected
  d.write("cr/main.tf", replace_all(kTf, "\n", "\r"));
  Run r = run_amilint("--no-config crlf.yaml cr.yaml crlf.json cr.json crlf cr", d.path, 60);
  CHECK(findings(r) == Lines{"cr.json:5:33 AMI001", "cr.yaml:6:16 AMI001", "cr/main.tf:1:17 AMI000",
                             "crlf.json:5:33 AMI001", "crlf.yaml:6:16 AMI001", "crlf/main.tf:6:9 AMI001"});
  CHECK(contains(r.out, "cr/main.tf:1:17: error: a carriage return that is not followed by a line feed"));
  // end positions too: the JSON output's end column of the CRLF YAML finding
  Run j = run_amilint("--no-config --format json crlf.yaml", d.path, 60);
  CHECK(contains(j.out, "\"line\": 6"));
  CHECK(contains(j.out, "\"end_column\": 24"));
}

TEST_CASE("hostile: tabs count as one column, and a tab indenting YAML is AMI000 at the tab", "[hostile]") {
  TempDir d;
  d.write("value.yaml", replace_all(kYaml, "ImageId: ami-1234", "ImageId:\tami-1234\t# a comment"));
  d.write("indent.yaml", replace_all(kYaml, "      ImageId", "\tImageId"));
  d.write("tf/main.tf", replace_all(kTf, "  ami = ", "\tami\t=\t"));
  d.write("tab.json", replace_all(kJson, "{\"ImageId\": ", "{\t\"ImageId\":\t"));
  Run r = run_amilint("--no-config value.yaml indent.yaml tf tab.json", d.path, 60);
  CHECK(findings(r) == Lines{"indent.yaml:6:1 AMI000", "tab.json:5:34 AMI001", "tf/main.tf:6:8 AMI001",
                             "value.yaml:6:16 AMI001"});
  CHECK(contains(r.out, "indent.yaml:6:1: error: a tab indents this line; YAML indents with spaces only"));
}

TEST_CASE("hostile: a file removed between discovery and reading is AMI000, the others are linted", "[hostile]") {
  TempDir d;
  d.write("a.yaml", kYaml);
  d.write("b.yaml", kYaml);
  d.write("tf/main.tf", kTf);
  d.write("tf/vars.tf", "variable \"x\" {}\n");
  amilint::DiscoverResult found = amilint::discover({d.path.string()}, {});
  REQUIRE(found.files.size() == 4);
  fs::remove(d.path / "a.yaml");
  fs::remove(d.path / "tf" / "vars.tf");
  amilint::EngineOptions options;
  amilint::RunResult res = amilint::run(found.files, options);
  std::vector<std::string> got;
  for (const auto& f : res.findings) {
    got.push_back(fs::path(f.file).filename().string() + ":" + std::to_string(f.line) + ":" +
                  std::to_string(f.column) + " " + f.rule + " " + f.message);
  }
  CHECK(got == Lines{"a.yaml:1:1 AMI000 cannot read file: No such file or directory (it was removed or renamed while amilint ran)",
                     "b.yaml:6:16 AMI001 'ami-1234' is not an AMI ID (4 characters after 'ami-'): need 8 or 17 lowercase hex digits",
                     "main.tf:6:9 AMI001 'ami-1234' is not an AMI ID (4 characters after 'ami-'): need 8 or 17 lowercase hex digits",
                     "vars.tf:1:1 AMI000 cannot read file: No such file or directory (it was removed or renamed while amilint ran)"});
}

TEST_CASE("a file that cannot be read follows --ignore AMI000 and the configured AMI000 severity, in every format",
          "[hostile]") {
  TempDir d;
  d.write("a.yaml", kYaml);
  d.write("tf/main.tf", kTf);
  amilint::DiscoverResult found = amilint::discover({d.path.string()}, {});
  REQUIRE(found.files.size() == 2);
  fs::remove(d.path / "a.yaml");
  fs::remove(d.path / "tf" / "main.tf");
  auto rules_of = [&](const amilint::EngineOptions& options) {
    std::vector<std::string> got;
    for (const auto& f : amilint::run(found.files, options).findings)
      got.push_back(fs::path(f.file).filename().string() + " " + f.rule + " " + amilint::severity_name(f.severity));
    return got;
  };
  amilint::EngineOptions plain;
  CHECK(rules_of(plain) == Lines{"a.yaml AMI000 error", "main.tf AMI000 error"});
  amilint::EngineOptions ignored;
  ignored.ignore = {"AMI000"};
  CHECK(rules_of(ignored).empty());
  amilint::EngineOptions warning;
  warning.severity["AMI000"] = amilint::Severity::Warning;
  CHECK(rules_of(warning) == Lines{"a.yaml AMI000 warning", "main.tf AMI000 warning"});
  // Through the command line and a config file, as users meet it (root reads
  // everything: run as nobody, with a copy of the binary nobody may run).
  TempDir e;
  fs::permissions(e.path, fs::perms::all);
  e.write("b.yaml", kYaml);
  e.write("c.yaml", kYaml);
  e.write("warn.yaml", "rules: {AMI000: warning}\n");
  fs::permissions(e.path / "c.yaml", fs::perms::none);
  std::string prefix, bin = AMILINT_BINARY;
  if (geteuid() == 0) {
    fs::copy_file(AMILINT_BINARY, e.path / "amilint");
    fs::permissions(e.path / "amilint", fs::perms::owner_all | fs::perms::group_exec | fs::perms::others_exec |
                                            fs::perms::group_read | fs::perms::others_read);
    prefix = "setpriv --reuid=65534 --regid=65534 --clear-groups ";
    bin = (e.path / "amilint").string();
  }
  Run r = run_amilint("--no-config b.yaml c.yaml", e.path, 60, bin, prefix);
  CHECK(findings(r) == Lines{"b.yaml:6:16 AMI001", "c.yaml:1:1 AMI000"});
  Run ignored_cli = run_amilint("--no-config --ignore AMI000 b.yaml c.yaml", e.path, 60, bin, prefix);
  CHECK(findings(ignored_cli) == Lines{"b.yaml:6:16 AMI001"});
  Run configured = run_amilint("--config warn.yaml c.yaml", e.path, 60, bin, prefix);
  CHECK(contains(configured.out, "c.yaml:1:1: warning: cannot read file: Permission denied"));
}

TEST_CASE("hostile: unreadable files are AMI000 and unreadable directories a warning, the rest is linted", "[hostile]") {
  TempDir d;
  fs::permissions(d.path, fs::perms::all);
  d.write("t/ok.yaml", kYaml);
  d.write("t/secret.yaml", kYaml);
  d.write("t/locked/inner.yaml", kYaml);
  fs::permissions(d.path / "t" / "secret.yaml", fs::perms::none);
  fs::permissions(d.path / "t" / "locked", fs::perms::none);
  // root reads everything: run as nobody, with a copy of the binary nobody may run
  std::string prefix;
  if (geteuid() == 0) {
    fs::copy_file(AMILINT_BINARY, d.path / "amilint");
    fs::permissions(d.path / "amilint", fs::perms::owner_all | fs::perms::group_exec | fs::perms::others_exec |
                                            fs::perms::group_read | fs::perms::others_read);
    fs::permissions(d.path / "t", fs::perms::all);
    prefix = "setpriv --reuid=65534 --regid=65534 --clear-groups ";
  }
  std::string bin = geteuid() == 0 ? (d.path / "amilint").string() : std::string(AMILINT_BINARY);
  Run r = run_amilint("--no-config t", d.path, 60, bin, prefix);
  fs::permissions(d.path / "t" / "locked", fs::perms::all);
  CHECK(findings(r) == Lines{"t/ok.yaml:6:16 AMI001", "t/secret.yaml:1:1 AMI000"});
  CHECK(contains(r.out, "t/secret.yaml:1:1: error: cannot read file: Permission denied (check its permissions)"));
  CHECK(contains(r.err, "amilint: warning: t/locked: cannot read directory: Permission denied"));
  CHECK(r.code == 1);
}

TEST_CASE("hostile: symlink loops end and each template is linted once", "[hostile]") {
  TempDir d;
  d.write("repo/real.yaml", kYaml);
  d.write("repo/sub/x.txt", "");
  fs::create_directory_symlink(".", d.path / "repo" / "self");
  fs::create_directory_symlink("..", d.path / "repo" / "sub" / "up");
  fs::create_symlink("b.yaml", d.path / "repo" / "a.yaml");
  fs::create_symlink("a.yaml", d.path / "repo" / "b.yaml");
  Run r = run_amilint("--no-config repo", d.path, 60);
  CHECK(findings(r) == Lines{"repo/real.yaml:6:16 AMI001"});
  CHECK(contains(r.err, "in 1 template (1 file checked)"));
  CHECK(r.code == 1);
  Run v = run_amilint("--no-config --verbose repo", d.path, 60);
  CHECK(contains(v.err, "repo/self: skipped (directory already visited: a symlink loop)"));
  CHECK(contains(v.err, "repo/sub/up: skipped (directory already visited: a symlink loop)"));
  CHECK(contains(v.err, "repo/a.yaml: skipped (broken symlink)"));
  // named on the command line, a looping link is a usage error
  Run named = run_amilint("--no-config repo/a.yaml", d.path, 60);
  CHECK(named.code == 2);
  CHECK(contains(named.err, "repo/a.yaml: Too many levels of symbolic links"));
}

TEST_CASE("hostile: directories named x.tf and x.yaml are walked, not read", "[hostile]") {
  TempDir d;
  d.write("x.tf/main.tf", kTf);
  d.write("x.yaml/t.yaml", kYaml);
  Run r = run_amilint("--no-config .", d.path, 60);
  CHECK(findings(r) == Lines{"x.tf/main.tf:6:9 AMI001", "x.yaml/t.yaml:6:16 AMI001"});
  Run named = run_amilint("--no-config x.tf", d.path, 60);
  CHECK(findings(named) == Lines{"x.tf/main.tf:6:9 AMI001"});
}

TEST_CASE("hostile: empty files", "[hostile]") {
  TempDir d;
  for (const char* n : {"e.yaml", "e.yml", "e.json", "e.template", "tf/main.tf", "tfjson/main.tf.json"}) d.write(n, "");
  Run r = run_amilint("--no-config .", d.path, 60);
  // an empty .tf is a valid empty module; an empty .tf.json is not JSON (Terraform rejects it)
  CHECK(findings(r) == Lines{"tfjson/main.tf.json:1:1 AMI000"});
  CHECK(contains(r.out, "tfjson/main.tf.json:1:1: error: empty file: expected a JSON value"));
  CHECK(contains(r.err, "in 2 templates (6 files checked)"));
  CHECK(r.code == 1);
  Run named = run_amilint("--no-config e.yaml", d.path, 60);
  CHECK(named.code == 0);
  CHECK(contains(named.err, "amilint: note: e.yaml: skipped (not a CloudFormation template)"));
}

TEST_CASE("hostile: very long lines keep exact columns", "[hostile]") {
  TempDir d;
  std::string pad(5000000, 'x');
  d.write("long.json", "{\"Resources\": {\"I\": {\"Type\": \"AWS::EC2::Instance\", \"Properties\": {\"Tags\": [{\"Key\": \"k\", \"Value\": \"" +
                           pad + "\"}], \"ImageId\": \"ami-1234\"}}}}");
  d.write("long.yaml", kHeader + "  I: {Type: AWS::EC2::Instance, Properties: {Tags: [{Key: k, Value: " + pad +
                           "}], ImageId: ami-1234}}\n");
  d.write("tf/main.tf", "resource \"aws_instance\" \"a\" {\n  tags = { k = \"" + pad + "\" }, ami = \"ami-1234\"\n}\n");
  d.write("tf2/main.tf", "resource \"aws_instance\" \"a\" {\n  tags = { k = \"" + pad + "\" }\n  ami = \"ami-1234\"\n}\n");
  Run r = run_amilint("--no-config long.json long.yaml tf tf2", d.path, 120);
  // `{"Resources": … "Value": "` is 98 columns, the pad, then `"}], "ImageId": ` (16)
  CHECK(findings(r) == Lines{"long.json:1:5000115 AMI001", "long.yaml:3:5000082 AMI001", "tf/main.tf:2:5000020 AMI000",
                             "tf2/main.tf:3:9 AMI001"});
  CHECK(r.code == 1);
}

TEST_CASE("hostile: duplicate keys at every level are AMI000 at the second key", "[hostile]") {
  TempDir d;
  d.write("top.yaml", kYaml + "Resources:\n  J:\n    Type: AWS::EC2::Instance\n");
  d.write("resource.yaml", replace_all(kYaml, "    Properties:", "    Type: AWS::S3::Bucket\n    Properties:"));
  d.write("property.yaml", kYaml + "      ImageId: ami-12345678\n");
  d.write("deep.yaml", kYaml + "      Tags:\n        - Key: a\n          Key: b\n" +
                           "Mappings:\n  M:\n    us-east-1:\n      AMI: ami-12345678\n      AMI: ami-87654321\n");
  d.write("top.json", "{\"Resources\": {}, \"Resources\": {\"I\": {\"Type\": \"AWS::EC2::Instance\"}}}");
  d.write("deep.json", "{\"Resources\": {\"I\": {\"Type\": \"AWS::EC2::Instance\", \"Properties\": {\"Tags\": [{\"Key\": \"a\", \"Key\": \"b\"}]}}}}");
  d.write("attr/main.tf", "resource \"aws_instance\" \"a\" {\n  ami = \"ami-12345678\"\n  ami = \"ami-87654321\"\n}\n");
  d.write("nested/main.tf", "resource \"aws_launch_template\" \"a\" {\n  image_id = \"ami-12345678\"\n  monitoring {\n"
                            "    enabled = true\n    enabled = false\n  }\n}\n");
  d.write("json/main.tf.json", "{\"resource\": {\"aws_instance\": {\"a\": {\"ami\": \"ami-12345678\", \"ami\": \"x\"}}}}");
  d.write("module/a.tf", "resource \"aws_instance\" \"a\" {\n  ami = \"ami-12345678\"\n}\nlocals {\n  x = 1\n}\n");
  d.write("module/b.tf", "resource \"aws_instance\" \"a\" {\n  ami = \"ami-12345678\"\n}\nlocals {\n  x = 2\n}\n"
                         "variable \"v\" {}\nvariable \"v\" {}\n");
  // an override file merges into what others declare: not a duplicate
  d.write("module/c_override.tf", "resource \"aws_instance\" \"a\" {\n  ami = \"ami-12345678\"\n}\n");
  Run r = run_amilint("--no-config --region us-east-1 --select AMI000 .", d.path, 60);
  CHECK(findings(r) == Lines{"attr/main.tf:3:3 AMI000",        "deep.json:1:89 AMI000",         "deep.yaml:9:11 AMI000",
                             "deep.yaml:14:7 AMI000",         "json/main.tf.json:1:61 AMI000", "module/b.tf:1:1 AMI000",
                             "module/b.tf:5:3 AMI000",        "module/b.tf:8:1 AMI000",        "nested/main.tf:5:5 AMI000",
                             "property.yaml:7:7 AMI000",      "resource.yaml:5:5 AMI000",      "top.json:1:19 AMI000",
                             "top.yaml:7:1 AMI000"});
  CHECK(contains(r.out, "top.yaml:7:1: error: duplicate key 'Resources' (first defined on line 2); CloudFormation rejects duplicate keys"));
  CHECK(contains(r.out, "json/main.tf.json:1:61: error: duplicate key 'ami' (first defined on line 1); Terraform rejects duplicate keys"));
  CHECK(contains(r.out, "module/b.tf:1:1: error: duplicate resource \"aws_instance\" \"a\" (first declared at module/a.tf:1:1)"));
  CHECK(contains(r.out, "module/b.tf:5:3: error: duplicate local value \"x\" (first declared at module/a.tf:5:3)"));
  CHECK(contains(r.out, "module/b.tf:8:1: error: duplicate variable \"v\" (first declared at module/b.tf:7:1)"));
  CHECK(r.code == 1);
}

TEST_CASE("hostile: a device named on the command line is a usage error, a pipe is read", "[hostile]") {
  TempDir d;
  Run r = run_amilint("--no-config /dev/zero", d.path, 60);
  CHECK(r.code == 2);
  CHECK(contains(r.err, "/dev/zero: not a file or directory (a device or socket)"));
  // a pipe (as `<(cat t.yaml)` hands over) is read like a file
  d.write("t.yaml", kYaml);
  REQUIRE(mkfifo((d.path / "p.yaml").c_str(), 0600) == 0);
  std::string writer = "cd '" + d.path.string() + "' && (timeout 60 sh -c 'cat t.yaml > p.yaml' &)";
  REQUIRE(std::system(writer.c_str()) == 0);
  Run p = run_amilint("--no-config p.yaml", d.path, 60);
  CHECK(findings(p) == Lines{"p.yaml:6:16 AMI001"});
}
