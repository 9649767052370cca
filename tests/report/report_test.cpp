// The CI reporters (SARIF, JUnit, GitHub): snapshots of each on fixed findings,
// their escaping helpers, and runs of the real binary checked by the tools that
// consume the formats: Microsoft's SARIF validator (tests/tools, `npm ci`), a
// strict XML reader for JUnit, and the GitHub caps and job summary.
//
// Snapshots live in tests/report/snapshots/. After an intended change of a format,
// regenerate them with AMILINT_UPDATE_SNAPSHOTS=1 and review the diff.
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdio>
#include <cctype>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "linter/report/report.h"
#include "rules/rule.h"

namespace fs = std::filesystem;
using namespace amilint;
using nlohmann::json;

namespace {

// ---------------------------------------------------------------------------
// Helpers

std::string slurp(const fs::path& p) {
  std::ifstream f(p, std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

void spit(const fs::path& p, const std::string& text) {
  fs::create_directories(p.parent_path());
  std::ofstream(p, std::ios::binary) << text;
}

struct Proc {
  int code = -1;
  std::string out;
};

// Runs a shell command, capturing stdout (and stderr when the command says 2>&1).
Proc sh(const std::string& cmd) {
  Proc r;
  FILE* p = popen(cmd.c_str(), "r");
  REQUIRE(p);
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) r.out.append(buf, n);
  int status = pclose(p);
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

struct TempDir {
  fs::path path;
  TempDir() {
    char tmpl[] = "/tmp/amilint-report-XXXXXX";
    path = mkdtemp(tmpl);
  }
  ~TempDir() { fs::remove_all(path); }
  void write(const std::string& rel, const std::string& text) const { spit(path / rel, text); }
};

// Runs amilint in dir with args; `env` is a prefix of VAR=value words. The
// caller's GITHUB_STEP_SUMMARY never leaks into the run (CI may set it).
Proc run_amilint(const std::string& args, const fs::path& dir, const std::string& env = "") {
  return sh("cd '" + dir.string() + "' && env -u GITHUB_STEP_SUMMARY " + env + " '" + AMILINT_BINARY + "' " +
            args + " 2>/dev/null");
}

std::vector<std::string> lines_of(const std::string& s) {
  std::vector<std::string> out;
  std::istringstream in(s);
  for (std::string l; std::getline(in, l);) out.push_back(l);
  return out;
}

size_t count_of(const std::string& hay, const std::string& needle) {
  size_t n = 0;
  for (size_t p = hay.find(needle); p != std::string::npos; p = hay.find(needle, p + needle.size())) ++n;
  return n;
}

// Compares output with tests/report/snapshots/NAME, naming the first differing line.
void check_snapshot(const std::string& name, const std::string& actual) {
  fs::path file = fs::path(AMILINT_SOURCE_DIR) / "tests" / "report" / "snapshots" / name;
  if (std::getenv("AMILINT_UPDATE_SNAPSHOTS")) {
    spit(file, actual);
    WARN("updated snapshot " << file);
  }
  INFO("snapshot " << file.string()
                   << " (regenerate with AMILINT_UPDATE_SNAPSHOTS=1 after an intended change, and review the diff)");
  REQUIRE(fs::exists(file));
  std::string expected = slurp(file);
  if (expected == actual) {
    SUCCEED();
    return;
  }
  auto e = lines_of(expected), a = lines_of(actual);
  size_t i = 0;
  while (i < e.size() && i < a.size() && e[i] == a[i]) ++i;
  fs::path got = fs::temp_directory_path() / ("amilint-snapshot-" + name);
  spit(got, actual);
  FAIL("differs at line " << i + 1 << "\n  expected: " << (i < e.size() ? e[i] : "<end>")
                          << "\n  actual:   " << (i < a.size() ? a[i] : "<end>") << "\nfull output: " << got);
}

// ---------------------------------------------------------------------------
// A strict XML 1.0 reader (no DTDs, no namespaces needed): enough to prove a JUnit
// report is well-formed and to read it back. Throws std::runtime_error on any
// well-formedness error.
struct XmlNode {
  std::string name;
  std::map<std::string, std::string> attrs;
  std::vector<XmlNode> children;
  std::string text;
  std::vector<const XmlNode*> all(const std::string& n) const {
    std::vector<const XmlNode*> v;
    for (const auto& c : children)
      if (c.name == n) v.push_back(&c);
    return v;
  }
};

class XmlReader {
 public:
  explicit XmlReader(const std::string& s) : s_(s) {}
  XmlNode document() {
    check_chars();
    if (s_.compare(0, 5, "<?xml") == 0) skip_past("?>");
    misc();
    XmlNode root = element();
    misc();
    if (i_ != s_.size()) fail("content after the root element");
    return root;
  }

 private:
  const std::string& s_;
  size_t i_ = 0;

  [[noreturn]] void fail(const std::string& what) const {
    throw std::runtime_error("XML error at byte " + std::to_string(i_) + ": " + what);
  }
  static bool allowed(uint32_t c) {
    return c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD) ||
           (c >= 0x10000 && c <= 0x10FFFF);
  }
  void check_chars() {
    for (size_t k = 0; k < s_.size();) {
      uint32_t cp;
      size_t n = utf8_next(s_, k, cp);
      bool bad = (cp == 0xFFFD && n == 1 && static_cast<unsigned char>(s_[k]) >= 0x80) || !allowed(cp);
      if (bad) {
        i_ = k;
        fail("a character XML does not allow");
      }
      k += n;
    }
  }
  void skip_past(const char* end) {
    size_t e = s_.find(end, i_);
    if (e == std::string::npos) fail(std::string("missing ") + end);
    i_ = e + std::strlen(end);
  }
  void ws() {
    while (i_ < s_.size() && (s_[i_] == ' ' || s_[i_] == '\n' || s_[i_] == '\r' || s_[i_] == '\t')) ++i_;
  }
  void misc() {
    for (;;) {
      ws();
      if (s_.compare(i_, 4, "<!--") == 0) skip_past("-->");
      else if (s_.compare(i_, 2, "<?") == 0) skip_past("?>");
      else return;
    }
  }
  std::string name() {
    size_t b = i_;
    auto ok = [](char c, bool first) {
      return std::isalpha(static_cast<unsigned char>(c)) || c == '_' || c == ':' || (c & 0x80) ||
             (!first && (std::isdigit(static_cast<unsigned char>(c)) || c == '-' || c == '.'));
    };
    while (i_ < s_.size() && ok(s_[i_], i_ == b)) ++i_;
    if (i_ == b) fail("expected a name");
    return s_.substr(b, i_ - b);
  }
  std::string reference() {  // at '&'
    size_t e = s_.find(';', i_);
    if (e == std::string::npos || e - i_ > 12) fail("unterminated reference");
    std::string ref = s_.substr(i_ + 1, e - i_ - 1);
    i_ = e + 1;
    static const std::map<std::string, std::string> named = {
        {"amp", "&"}, {"lt", "<"}, {"gt", ">"}, {"quot", "\""}, {"apos", "'"}};
    auto it = named.find(ref);
    if (it != named.end()) return it->second;
    if (ref.size() > 1 && ref[0] == '#') {
      bool hex = ref[1] == 'x';
      std::string digits = ref.substr(hex ? 2 : 1);
      if (digits.empty() || digits.find_first_not_of(hex ? "0123456789abcdefABCDEF" : "0123456789") != std::string::npos)
        fail("bad character reference &" + ref + ";");
      uint32_t cp = static_cast<uint32_t>(std::stoul(digits, nullptr, hex ? 16 : 10));
      if (!allowed(cp)) fail("reference to a character XML does not allow");
      std::string out;
      append_utf8(out, cp);
      return out;
    }
    fail("unknown entity &" + ref + ";");
  }
  XmlNode element() {
    if (i_ >= s_.size() || s_[i_] != '<') fail("expected an element");
    ++i_;
    XmlNode n;
    n.name = name();
    for (;;) {
      size_t before = i_;
      ws();
      if (s_.compare(i_, 2, "/>") == 0) {
        i_ += 2;
        return n;
      }
      if (i_ < s_.size() && s_[i_] == '>') {
        ++i_;
        break;
      }
      if (i_ == before) fail("expected whitespace before an attribute");
      std::string key = name();
      ws();
      if (i_ >= s_.size() || s_[i_] != '=') fail("expected '='");
      ++i_;
      ws();
      if (i_ >= s_.size() || (s_[i_] != '"' && s_[i_] != '\'')) fail("unquoted attribute value");
      char q = s_[i_++];
      std::string v;
      while (i_ < s_.size() && s_[i_] != q) {
        if (s_[i_] == '<') fail("'<' in an attribute value");
        if (s_[i_] == '&') v += reference();
        else v += s_[i_++];
      }
      if (i_ >= s_.size()) fail("unterminated attribute value");
      ++i_;
      if (!n.attrs.emplace(key, v).second) fail("duplicate attribute " + key);
    }
    for (;;) {
      if (i_ >= s_.size()) fail("missing </" + n.name + ">");
      if (s_.compare(i_, 2, "</") == 0) {
        i_ += 2;
        if (name() != n.name) fail("mismatched end tag for " + n.name);
        ws();
        if (i_ >= s_.size() || s_[i_] != '>') fail("expected '>'");
        ++i_;
        return n;
      }
      if (s_.compare(i_, 4, "<!--") == 0) skip_past("-->");
      else if (s_.compare(i_, 9, "<![CDATA[") == 0) {
        size_t e = s_.find("]]>", i_);
        if (e == std::string::npos) fail("unterminated CDATA");
        n.text += s_.substr(i_ + 9, e - i_ - 9);
        i_ = e + 3;
      } else if (s_[i_] == '<') n.children.push_back(element());
      else if (s_[i_] == '&') n.text += reference();
      else {
        if (s_.compare(i_, 3, "]]>") == 0) fail("']]>' in text");
        n.text += s_[i_++];
      }
    }
  }
};

XmlNode parse_xml(const std::string& s) { return XmlReader(s).document(); }

// ---------------------------------------------------------------------------
// Fixed input for the snapshots.

const Rule kFirst = {"TST001", "first-rule", Severity::Error, true, "all", "A first rule.",
                     "## What it does\nFinds `things`.\n\n## Example\n```yaml\n# not a heading\nKey: `value`\n```\n",
                     nullptr, kAnyFormat, Needs::Nothing, Identity::SlotAndValue};
const Rule kSecond = {"TST002", "second-rule", Severity::Warning, true, "CFN", "A second rule.", "Plain doc.",
                      nullptr, kCloudFormation, Needs::Nothing, Identity::SlotAndValue};
const Rule kThird = {"TST003", "third-rule", Severity::Info, false, "TF", "A third rule, off by default.",
                     "## Heading\nText with <html> & \"quotes\".", nullptr, kTerraform, Needs::Nothing,
                     Identity::Slot};

Finding finding(const char* rule, const char* name, Severity sev, const char* file, int line, int col, int eline,
                int ecol, const std::string& message, const char* path, const char* fp) {
  Finding f;
  f.rule = rule;
  f.name = name;
  f.severity = sev;
  f.file = file;
  f.line = line;
  f.column = col;
  f.end_line = eline;
  f.end_column = ecol;
  f.message = message;
  f.path = path;
  f.fingerprint = fp;
  return f;
}

// Sorted by file, line, column as the engine sorts them.
std::vector<Finding> fixed_findings() {
  return {
      finding("TST001", "first-rule", Severity::Error, "../other dir/\xC3\xBCn\xC3\xAF" "code.yaml", 3, 5, 4, 2,
              "line one\nline two\r\nwith : colon, comma and <xml> & \"quotes\" at 50%", "Resources/A",
              "0123456789abcdef"),
      finding("TST003", "third-rule", Severity::Info, "/elsewhere/plan.json", 1, 1, 1, 1,
              "pipe | star * underscore _ backtick ` link [x](y) control \x01 invalid \xFF end", "", ""),
      finding("TST000", "parse-error", Severity::Error, "broken.yaml", 2, 3, 2, 4, "expected ':' here",
              "", "fedcba9876543210"),
      finding("TST002", "second-rule", Severity::Warning, "stacks/web.yaml", 6, 16, 6, 37,
              "hard-coded AMI ID 'ami-0abcdef1234567890'", "Resources/Web/Properties/ImageId", "00d3bd2e29bd8cd4"),
      finding("TST001", "first-rule", Severity::Error, "stacks/web.yaml", 10, 16, 10, 25, "'ami-12345' is malformed",
              "Resources/Bad/Properties/ImageId", "89daf7e73b9b791d"),
      finding("TST002", "second-rule", Severity::Warning, "stacks/web.yaml", 12, 16, 12, 37,
              "hard-coded AMI ID 'ami-0123456789abcdef0'", "Resources/Db/Properties/ImageId", "1111222233334444"),
  };
}

SourceRoot fixed_root() {
  SourceRoot w;
  w.root = "/nonexistent-amilint/repo";
  w.cwd = "/nonexistent-amilint/repo/sub";
  return w;
}

// The linted templates, each with the active rules (TST001, TST002) that apply to its
// format: a Terraform file gets no testcase for the CloudFormation-only TST002.
std::vector<LintedTemplate> fixed_templates() {
  std::vector<LintedTemplate> out;
  LintOptions o;
  for (auto [file, format] : {std::pair<const char*, Format>{"../other dir/\xC3\xBCn\xC3\xAF" "code.yaml", Format::CfnYaml},
                              {"clean.yaml", Format::CfnYaml},
                              {"modules/net/main.tf", Format::TfHcl},
                              {"stacks/web.yaml", Format::CfnYaml}}) {
    LintedTemplate t{file, {}};
    for (const Rule* r : {&kFirst, &kSecond})
      if (rule_applies(*r, format, o)) t.rules.push_back(r);
    out.push_back(std::move(t));
  }
  return out;
}

// ---------------------------------------------------------------------------
// The SARIF validator.

const fs::path kToolsDir = fs::path(AMILINT_SOURCE_DIR) / "tests" / "tools";
const fs::path kMultitool = kToolsDir / "node_modules" / ".bin" / "sarif-multitool";
const fs::path kSarifSchema = kToolsDir / "node_modules" / "@microsoft" / "sarif-multitool-linux" / "sarif-2.1.0.json";

// amilint leaves out tool.driver.informationUri on purpose (it has no website).
// SARIF makes it optional; the validator's own policy switch says so.
const char* kPolicy =
    "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
    "<Properties>\n"
    "  <Properties Key=\"SARIF2005.ProvideToolProperties.Options\">\n"
    "    <Property Key=\"InformationUriRequired\" Value=\"False\" />\n"
    "  </Properties>\n"
    "</Properties>\n";

struct Validation {
  int code = -1;
  std::string raw;
  std::vector<std::string> diagnostics;  // every line that is not the tool's banner
};

// `sarif-multitool validate` prints a fixed banner around one line per finding:
//   Analyzing... / THREADS: N / FILE(LINE,COL): error|warning ID: text / Done. 1 files
//   scanned. / Analysis completed successfully.
// (notes are not printed at its default level). Anything but the banner is a
// diagnostic. Its exit code is 0 whatever it finds, so the output is the verdict.
Validation validate_sarif(const fs::path& file, const std::string& extra_args) {
  if (!fs::exists(kMultitool))
    FAIL("the SARIF validator is not installed (" << kMultitool.string()
                                                  << "): run ./setup.sh --test-tools (or: cd tests/tools && npm ci)");
  Proc p = sh("'" + kMultitool.string() + "' validate " + extra_args + " '" + file.string() + "' 2>&1");
  Validation v;
  v.code = p.code;
  v.raw = p.out;
  static const std::regex banner(R"(^(Analyzing\.\.\.|THREADS: \d+|Done\. 1 files scanned\.|Analysis completed successfully\.|\s*)$)");
  for (const auto& l : lines_of(p.out))
    if (!std::regex_match(l, banner)) v.diagnostics.push_back(l);
  INFO("validator output:\n" << p.out);
  if (p.out.find("Analysis completed successfully.") == std::string::npos || p.code != 0)
    FAIL("the SARIF validator did not run to completion (exit " << p.code
                                                               << "); if it is missing or not executable, run "
                                                                  "./setup.sh --test-tools");
  return v;
}

// A template with one AMI002 warning (line 6) and one AMI001 error (line 10).
const char* kStack =
    "AWSTemplateFormatVersion: '2010-09-09'\n"
    "Resources:\n"
    "  Web:\n"
    "    Type: AWS::EC2::Instance\n"
    "    Properties:\n"
    "      ImageId: ami-0abcdef1234567890\n"
    "  Bad:\n"
    "    Type: AWS::EC2::Instance\n"
    "    Properties:\n"
    "      ImageId: ami-12345\n";

const char* kClean =
    "AWSTemplateFormatVersion: '2010-09-09'\n"
    "Resources:\n"
    "  Web:\n"
    "    Type: AWS::EC2::Instance\n"
    "    Properties:\n"
    "      ImageId: '{{resolve:ssm:/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64}}'\n";

// n resources with malformed AMI IDs (AMI001, errors) and m with distinct
// hard-coded ones (AMI002, warnings).
std::string many_findings(int errors, int warnings) {
  std::string t = "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n";
  char buf[64];
  for (int i = 0; i < errors; ++i) {
    std::snprintf(buf, sizeof buf, "ami-%05d", i);
    t += "  Bad" + std::to_string(i) + ":\n    Type: AWS::EC2::Instance\n    Properties:\n      ImageId: " + buf + "\n";
  }
  for (int i = 0; i < warnings; ++i) {
    std::snprintf(buf, sizeof buf, "ami-%017x", 0xabc000 + i);
    t += "  Web" + std::to_string(i) + ":\n    Type: AWS::EC2::Instance\n    Properties:\n      ImageId: " + buf + "\n";
  }
  return t;
}

}  // namespace

// ===========================================================================
// Snapshots

TEST_CASE("sarif snapshot on fixed findings", "[report][sarif]") {
  SarifOptions o;
  o.where = fixed_root();
  o.tool_version = "9.8.7";
  check_snapshot("report.sarif", report_sarif(fixed_findings(), {&kFirst, &kSecond, &kThird}, o));
}

TEST_CASE("junit snapshot on fixed findings", "[report][junit]") {
  check_snapshot("report.junit.xml",
                 report_junit(fixed_findings(), fixed_templates(), fixed_root()));
}

TEST_CASE("github annotations snapshot on fixed findings", "[report][github]") {
  check_snapshot("report.github.txt", report_github(fixed_findings(), fixed_root()));
}

TEST_CASE("github step summary snapshot on fixed findings", "[report][github]") {
  Summary s = summarize(fixed_findings(), 5, 4);
  s.suppressed = 2;
  check_snapshot("report.step-summary.md", github_step_summary(fixed_findings(), s, fixed_root()));
}

// ===========================================================================
// Pieces

TEST_CASE("github workflow command escaping", "[report][github]") {
  CHECK(github_escape_data("50% done\r\nnext: a, b") == "50%25 done%0D%0Anext: a, b");
  CHECK(github_escape_property("a:b,c%d\ne\rf") == "a%3Ab%2Cc%25d%0Ae%0Df");
  CHECK(github_escape_property("AMI002 hardcoded-ami-id") == "AMI002 hardcoded-ami-id");
  CHECK(github_escape_data("bad \xFF byte") == "bad \xEF\xBF\xBD byte");
  CHECK(github_escape_data("bell\x07 tab\t") == "bell\xEF\xBF\xBD tab\t");
}

TEST_CASE("xml escaping keeps only characters XML can hold", "[report][junit]") {
  CHECK(xml_escape("a<b>&\"c\"'d'", false) == "a&lt;b&gt;&amp;\"c\"'d'");
  CHECK(xml_escape("a<b>&\"c\"'d'", true) == "a&lt;b&gt;&amp;&quot;c&quot;'d'");
  CHECK(xml_escape("l1\nl2\r\tx", true) == "l1&#10;l2&#13;&#9;x");
  CHECK(xml_escape("l1\nl2\r\tx", false) == "l1\nl2&#13;\tx");
  CHECK(xml_escape(std::string("nul\0bell\x07 ff\xFF", 13), false) == "nul\xEF\xBF\xBD" "bell\xEF\xBF\xBD ff\xEF\xBF\xBD");
  CHECK(xml_escape("\xEF\xBF\xBE", false) == "\xEF\xBF\xBD");  // U+FFFE
  CHECK(xml_escape("\xC3\xBC \xF0\x9F\x98\x80", false) == "\xC3\xBC \xF0\x9F\x98\x80");
  // Whatever goes in, what comes out reads back as the same text.
  std::string nasty = "<tag a=\"1\">&amp; ]]> \t\r\n done";
  XmlNode n = parse_xml("<x a=\"" + xml_escape(nasty, true) + "\">" + xml_escape(nasty, false) + "</x>");
  CHECK(n.attrs["a"] == nasty);
  CHECK(n.text == nasty);
}

TEST_CASE("the test's XML reader rejects what is not well-formed", "[report][junit]") {
  for (const char* bad : {"<a>", "<a></b>", "<a x=1/>", "<a x=\"<\"/>", "<a>&nbsp;</a>", "<a>\x01</a>",
                          "<a/><b/>", "<a x=\"1\" x=\"2\"/>", "<a>]]></a>", "<a>&#0;</a>", "<a>\xFF</a>"}) {
    INFO(bad);
    CHECK_THROWS(parse_xml(bad));
  }
  CHECK_NOTHROW(parse_xml("<?xml version=\"1.0\"?>\n<a x='1'><!-- c --><b/>t&#x41;</a>\n"));
}

TEST_CASE("uris are percent-encoded and the root is a file uri ending in a slash", "[report][sarif]") {
  CHECK(uri_encode_path("stacks/web.yaml") == "stacks/web.yaml");
  CHECK(uri_encode_path("a b/\xC3\xBC#1?x%:y") == "a%20b/%C3%BC%231%3Fx%25%3Ay");
  CHECK(directory_file_uri("/home/me/my repo") == "file:///home/me/my%20repo/");
  CHECK(directory_file_uri("/home/me/repo/") == "file:///home/me/repo/");
  CHECK(directory_file_uri("/") == "file:///");
}

TEST_CASE("files are named relative to the repository root", "[report]") {
  SourceRoot w = fixed_root();
  CHECK(base_relative("stacks/web.yaml", w) == "sub/stacks/web.yaml");
  CHECK(base_relative("./stacks/../web.yaml", w) == "sub/web.yaml");
  CHECK(base_relative("../top.yaml", w) == "top.yaml");
  CHECK(base_relative("/nonexistent-amilint/repo/x/y.tf", w) == "x/y.tf");
  CHECK(base_relative("../../outside.yaml", w).empty());
  CHECK(base_relative("/elsewhere/plan.json", w).empty());
  CHECK(ci_file_name("/elsewhere/plan.json", w) == "/elsewhere/plan.json");
  CHECK(ci_file_name("stacks/web.yaml", w) == "sub/stacks/web.yaml");
  SourceRoot none;
  none.cwd = "/nonexistent-amilint/plain";
  CHECK(base_relative("a/b.yaml", none) == "a/b.yaml");  // no repository: the current directory
}

TEST_CASE("the repository root is the nearest directory holding .git", "[report]") {
  TempDir d;
  fs::create_directories(d.path / "repo" / ".git");
  fs::create_directories(d.path / "repo" / "a" / "b");
  fs::create_directories(d.path / "repo" / "mod");
  d.write("repo/mod/.git", "gitdir: ../.git/modules/mod\n");  // a submodule's .git is a file
  std::string repo = (d.path / "repo").string();
  CHECK(find_repository_root(repo + "/a/b") == repo);
  CHECK(find_repository_root(repo + "/a/b/") == repo);
  CHECK(find_repository_root(repo) == repo);
  CHECK(find_repository_root(repo + "/mod") == repo + "/mod");
  CHECK(find_repository_root(d.path.string()) != d.path.string());
  CHECK(find_repository_root("relative/dir").empty());
}

TEST_CASE("rule documentation as plain text", "[report][sarif]") {
  CHECK(markdown_to_text("## What it does\nFinds `x`.\n\n```yaml\n# comment\nKey: `v`\n```\nEnd.\n") ==
        "What it does\nFinds x.\n\n# comment\nKey: `v`\nEnd.");
  CHECK(markdown_to_text("#hashtag and # not at start") == "#hashtag and # not at start");
}

TEST_CASE("sarif describes every registry rule with its documentation", "[report][sarif]") {
  SarifOptions o;
  o.where = fixed_root();
  auto doc = json::parse(report_sarif({}, all_rules(), o));
  auto rules = doc["runs"][0]["tool"]["driver"]["rules"];
  REQUIRE(rules.size() == all_rules().size());
  for (size_t i = 0; i < rules.size(); ++i) {
    const Rule* r = all_rules()[i];
    INFO(r->code);
    CHECK(rules[i]["id"] == r->code);
    CHECK(rules[i]["name"] == r->name);
    CHECK(rules[i]["shortDescription"]["text"] == r->summary);
    CHECK(rules[i]["fullDescription"]["markdown"] == r->doc);
    CHECK(rules[i]["help"]["markdown"] == r->doc);
    CHECK(rules[i]["help"]["text"] == markdown_to_text(r->doc));
    CHECK(rules[i]["defaultConfiguration"]["enabled"] == r->enabled_by_default);
    const char* level = r->severity == Severity::Error ? "error" : r->severity == Severity::Warning ? "warning" : "note";
    CHECK(rules[i]["defaultConfiguration"]["level"] == level);
    CHECK_FALSE(rules[i].contains("helpUri"));
  }
  auto driver = doc["runs"][0]["tool"]["driver"];
  CHECK(driver["name"] == "amilint");
  CHECK(driver["version"] == AMILINT_VERSION);
  CHECK_FALSE(driver.contains("informationUri"));
  CHECK(doc["runs"][0]["results"].is_array());
}

TEST_CASE("github annotations keep within the caps, most severe first", "[report][github]") {
  std::vector<Finding> fs_;
  // In report order (by file and line), severities interleaved.
  for (int i = 0; i < 40; ++i) {
    Severity s = i % 3 == 0 ? Severity::Info : i % 3 == 1 ? Severity::Warning : Severity::Error;
    if (i >= 30 && s == Severity::Info) s = Severity::Error;  // 17 errors, 13 warnings, 10 infos
    fs_.push_back(finding("TST001", "first-rule", s, "a.yaml", i + 1, 1, i + 1, 2, "m" + std::to_string(i), "", ""));
  }
  int errors = 0, warnings = 0, infos = 0;
  for (const auto& f : fs_) (f.severity == Severity::Error ? errors : f.severity == Severity::Warning ? warnings : infos)++;
  REQUIRE(errors == 17);
  REQUIRE(warnings == 13);
  REQUIRE(infos == 10);
  auto out = lines_of(report_github(fs_, fixed_root()));
  REQUIRE(out.size() == 31);
  for (size_t i = 0; i < 30; ++i) {
    const char* want = i < 10 ? "::error " : i < 20 ? "::warning " : "::notice ";
    INFO(out[i]);
    CHECK(out[i].rfind(want, 0) == 0);
  }
  // Within a severity, report order: the first errors are lines 3, 6, 9, ...
  CHECK(out[0].find("line=3,") != std::string::npos);
  CHECK(out[1].find("line=6,") != std::string::npos);
  CHECK(out[30] ==
        "amilint: 10 more findings not annotated (GitHub shows at most 10 errors, 10 warnings and 10 notices per "
        "step): 7 errors, 3 warnings");
  CHECK(out[30].rfind("::", 0) != 0);
  // Nothing left out: no summary line.
  fs_.resize(5);
  CHECK(lines_of(report_github(fs_, fixed_root())).size() == 5);
  CHECK(report_github({}, fixed_root()).empty());
}

TEST_CASE("github step summary table is capped with a note", "[report][github]") {
  std::vector<Finding> fs_;
  for (int i = 0; i < 130; ++i)
    fs_.push_back(finding("TST002", "second-rule", Severity::Warning, "a.yaml", i + 1, 1, i + 1, 2, "m|" + std::to_string(i),
                          "", ""));
  fs_.push_back(finding("TST001", "first-rule", Severity::Error, "z.yaml", 1, 1, 1, 2, "worst", "", ""));
  Summary s = summarize(fs_, 2, 2);
  std::string md = github_step_summary(fs_, s, fixed_root());
  CHECK(count_of(md, "| TST002 second-rule | warning |") == 99);
  CHECK(count_of(md, "| sub/z.yaml:1 | TST001 first-rule | error | worst |") == 1);
  CHECK(md.find("| sub/z.yaml:1 |") < md.find("| sub/a.yaml:1 |"));  // most severe first
  CHECK(md.find("m\\|0 |") != std::string::npos);                   // a pipe does not split the cell
  CHECK(md.find("Showing the first 100 of 131 findings (most severe first)") != std::string::npos);
  CHECK(md.find("| warning | 130 |") != std::string::npos);
  CHECK(md.find("| error | 1 |") != std::string::npos);
  std::string small = github_step_summary(fs_, s, fixed_root(), 5);
  CHECK(count_of(small, "\n| sub/") == 5);
  CHECK(small.find("Showing the first 5 of 131 findings") != std::string::npos);
  CHECK(github_step_summary({}, summarize({}, 3, 1), fixed_root()).find("No findings.") != std::string::npos);
}

TEST_CASE("junit counts agree with its testcases", "[report][junit]") {
  XmlNode root = parse_xml(report_junit(fixed_findings(), fixed_templates(), fixed_root()));
  REQUIRE(root.name == "testsuites");
  auto suites = root.all("testsuite");
  // four templates, plus the two files that have findings but were not listed
  REQUIRE(suites.size() == 6);
  size_t tests = 0, failures = 0;
  std::map<std::string, std::pair<size_t, size_t>> per_file;
  for (const XmlNode* s : suites) {
    auto cases = s->all("testcase");
    size_t failed = 0;
    for (const XmlNode* c : cases) {
      auto f = c->all("failure");
      CHECK(f.size() <= 1);
      if (!f.empty()) {
        ++failed;
        CHECK_FALSE(f[0]->text.empty());  // GitLab shows the text, not the attribute
        CHECK(f[0]->attrs.count("message"));
      }
      CHECK(c->attrs.at("file") == s->attrs.at("file"));
      CHECK(c->attrs.count("classname"));
      CHECK(c->attrs.count("time"));
    }
    CHECK(s->attrs.at("tests") == std::to_string(cases.size()));
    CHECK(s->attrs.at("failures") == std::to_string(failed));
    per_file[s->attrs.at("name")] = {cases.size(), failed};
    tests += cases.size();
    failures += failed;
  }
  CHECK(root.attrs.at("tests") == std::to_string(tests));
  CHECK(root.attrs.at("failures") == std::to_string(failures));
  using P = std::pair<size_t, size_t>;
  CHECK(per_file["sub/stacks/web.yaml"] == P{2, 2});
  CHECK(per_file["sub/clean.yaml"] == P{2, 0});
  CHECK(per_file["other dir/\xC3\xBCn\xC3\xAF" "code.yaml"] == P{2, 1});
  CHECK(per_file["sub/modules/net/main.tf"] == P{1, 0});  // TST002 reads CloudFormation only
  CHECK(per_file["sub/broken.yaml"] == P{1, 1});        // not listed: the rule that reported only
  CHECK(per_file["/elsewhere/plan.json"] == P{1, 1});   // the off-by-default rule that reported
  // The failure of the web template's TST002 lists both findings with file:line:col.
  for (const XmlNode* s : suites) {
    if (s->attrs.at("name") != "sub/stacks/web.yaml") continue;
    for (const XmlNode* c : s->all("testcase")) {
      if (c->attrs.at("name") != "TST002 second-rule") continue;
      const XmlNode* f = c->all("failure").at(0);
      CHECK(f->text ==
            "sub/stacks/web.yaml:6:16: warning: hard-coded AMI ID 'ami-0abcdef1234567890' [TST002 second-rule]\n"
            "sub/stacks/web.yaml:12:16: warning: hard-coded AMI ID 'ami-0123456789abcdef0' [TST002 second-rule]\n");
      CHECK(f->attrs.at("message") ==
            "sub/stacks/web.yaml:6:16: hard-coded AMI ID 'ami-0abcdef1234567890' (and 1 more finding)");
      CHECK(f->attrs.at("type") == "warning");
    }
  }
}

// ===========================================================================
// The real binary

TEST_CASE("the format option accepts the CI formats and rejects others", "[report][cli]") {
  TempDir d;
  d.write("stack.yaml", kStack);
  for (const char* f : {"sarif", "junit", "github"}) {
    INFO(f);
    Proc r = run_amilint(std::string("--format ") + f + " stack.yaml", d.path);
    CHECK(r.code == 1);
    CHECK_FALSE(r.out.empty());
  }
  CHECK(run_amilint("--format xml stack.yaml", d.path).code == 2);
}

TEST_CASE("sarif from a real run passes Microsoft's SARIF validator", "[report][sarif][validator]") {
  TempDir d;
  fs::create_directories(d.path / ".git");
  d.write("stacks/web.yaml", kStack);
  d.write("stacks/clean.yaml", kClean);
  // Run from a subdirectory: URIs are still relative to the repository root.
  Proc r = run_amilint("--format sarif --output ../report.sarif .", d.path / "stacks");
  REQUIRE(r.code == 1);
  fs::path report = d.path / "report.sarif";
  auto doc = json::parse(slurp(report));

  // The parts code scanning relies on.
  auto run = doc["runs"][0];
  CHECK(doc["version"] == "2.1.0");
  CHECK(run["originalUriBaseIds"]["%SRCROOT%"]["uri"] == "file://" + d.path.string() + "/");
  auto rules = run["tool"]["driver"]["rules"];
  auto registry = json::parse(run_amilint("rules --format json", d.path).out);
  REQUIRE(rules.size() == registry.size());
  for (size_t i = 0; i < rules.size(); ++i) CHECK(rules[i]["id"] == registry[i]["code"]);
  REQUIRE(run["results"].size() == 2);
  auto res = run["results"][0];
  CHECK(res["ruleId"] == "AMI002");
  CHECK(rules[res["ruleIndex"].get<size_t>()]["id"] == "AMI002");
  CHECK(res["level"] == "warning");
  auto loc = res["locations"][0]["physicalLocation"];
  CHECK(loc["artifactLocation"]["uri"] == "stacks/web.yaml");
  CHECK(loc["artifactLocation"]["uriBaseId"] == "%SRCROOT%");
  CHECK(loc["region"] == json::parse(R"({"startLine": 6, "startColumn": 16, "endLine": 6, "endColumn": 37})"));
  CHECK(res["locations"][0]["logicalLocations"][0]["fullyQualifiedName"] == "Resources/Web/Properties/ImageId");
  CHECK(res["partialFingerprints"]["amilint/v1"].get<std::string>().size() == 16);
  auto res2 = run["results"][1];
  CHECK(res2["ruleId"] == "AMI001");
  CHECK(res2["level"] == "error");
  CHECK(res2["locations"][0]["physicalLocation"]["region"]["startLine"] == 10);
  CHECK(slurp(report).find(d.path.string() + "/stacks") == std::string::npos);  // no absolute paths

  fs::path policy = d.path / "policy.xml";
  spit(policy, kPolicy);
  SECTION("no errors and no warnings under the SARIF rules") {
    Validation v = validate_sarif(report, "-c '" + policy.string() + "'");
    INFO(v.raw);
    CHECK(v.diagnostics.empty());
  }
  SECTION("no errors and no warnings under GitHub's ingestion rules") {
    Validation v = validate_sarif(report, "--rule-kind Gh -c '" + policy.string() + "'");
    INFO(v.raw);
    CHECK(v.diagnostics.empty());
  }
  SECTION("without the policy, the only remark is the informationUri amilint leaves out") {
    Validation v = validate_sarif(report, "");
    INFO(v.raw);
    REQUIRE(v.diagnostics.size() == 1);
    CHECK(std::regex_search(v.diagnostics[0],
                            std::regex(R"(: warning SARIF2005: runs\[0\]\.tool\.driver: The tool 'amilint' does not provide 'informationUri')")));
  }
  SECTION("the validator's verdict is read correctly: a broken log fails") {
    doc["runs"][0]["tool"]["driver"].erase("name");
    fs::path broken = d.path / "broken.sarif";
    spit(broken, doc.dump(2));
    Validation v = validate_sarif(broken, "-c '" + policy.string() + "'");
    INFO(v.raw);
    REQUIRE(v.diagnostics.size() == 1);
    CHECK(std::regex_search(v.diagnostics[0], std::regex(R"(: error JSON1002: runs\[0\]\.tool\.driver: The required property 'name' is missing)")));
  }
  SECTION("the schema shipped with the validator accepts it (python3 jsonschema, when installed)") {
    if (!fs::exists(kSarifSchema)) FAIL("no SARIF schema at " << kSarifSchema << ": run ./setup.sh --test-tools");
    if (sh("python3 -c 'import jsonschema' >/dev/null 2>&1").code != 0) {
      WARN("python3 with jsonschema is not installed: skipping the JSON Schema check (the validator above is the reference)");
      return;
    }
    fs::path script = d.path / "check.py";
    spit(script,
         "import json, sys, jsonschema\n"
         "schema = json.load(open(sys.argv[1]))\n"
         "cls = jsonschema.validators.validator_for(schema)\n"
         "cls.check_schema(schema)\n"
         "v = cls(schema, format_checker=cls.FORMAT_CHECKER)\n"
         "errors = list(v.iter_errors(json.load(open(sys.argv[2]))))\n"
         "for e in errors: print('/'.join(map(str, e.path)), e.message)\n"
         "print('errors:', len(errors))\n");
    Proc ok = sh("python3 '" + script.string() + "' '" + kSarifSchema.string() + "' '" + report.string() + "' 2>&1");
    CHECK(ok.out == "errors: 0\n");
    // and the check can fail: an unknown level is a schema error
    auto bad = doc;
    bad["runs"][0]["results"][0]["level"] = "fatal";
    spit(d.path / "bad.sarif", bad.dump());
    Proc ko = sh("python3 '" + script.string() + "' '" + kSarifSchema.string() + "' '" + (d.path / "bad.sarif").string() +
                 "' 2>&1");
    CHECK(ko.out.find("runs/0/results/0/level 'fatal' is not one of") != std::string::npos);
  }
}

// A CDK cloud assembly (fixtures/AMI010/cfn/cdk_assembly): JSON names the construct of
// each finding, SARIF gives it as a second logical location and stays valid.
TEST_CASE("json and sarif carry the CDK construct path", "[report][sarif][json][cdk]") {
  TempDir d;
  fs::create_directories(d.path / ".git");
  fs::path src = fs::path(AMILINT_SOURCE_DIR) / "fixtures";
  fs::copy(src / "AMI010" / "cfn" / "cdk_assembly" / "cdk.out", d.path / "cdk.out", fs::copy_options::recursive);
  fs::copy(src / "inventory" / "main", d.path / "inventory", fs::copy_options::recursive);
  Proc r = run_amilint("--format json --inventory inventory cdk.out", d.path);
  REQUIRE(r.code == 1);
  auto doc = json::parse(r.out);
  std::map<std::string, std::string> construct;  // "FILE:LINE RULE" -> construct_path
  for (const auto& f : doc["findings"])
    construct[f["file"].get<std::string>() + ":" + std::to_string(f["line"].get<int>()) + " " + f["rule"].get<std::string>()] =
        f.value("construct_path", "");
  CHECK(construct == std::map<std::string, std::string>{
                         {"cdk.out/WebStack.template.json:72 AMI010", "WebStack/Web/Resource"},
                         {"cdk.out/WebStack.template.json:104 AMI010", "WebStack/Workers.NestedStack/Workers.NestedStackResource"},
                         {"cdk.out/WebStackWorkersFDD2B774.nested.template.json:4 AMI003", ""},
                         {"cdk.out/SharedStack.template.json:6 AMI002", "SharedStack/Bastion"},
                         {"cdk.out/assembly-Prod/ProdDbStackAD2551C6.template.json:72 AMI010", "Prod/DbStack/Db/Resource"}});
  // The nested template's own finding is at a parameter: no construct path there.

  Proc s = run_amilint("--format sarif --output report.sarif --inventory inventory cdk.out", d.path);
  REQUIRE(s.code == 1);
  auto sarif = json::parse(slurp(d.path / "report.sarif"));
  bool seen = false;
  for (const auto& res : sarif["runs"][0]["results"]) {
    auto logical = res["locations"][0]["logicalLocations"];
    if (res["locations"][0]["physicalLocation"]["region"]["startLine"] != 72 ||
        res["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] != "cdk.out/WebStack.template.json")
      continue;
    seen = true;
    REQUIRE(logical.size() == 2);
    CHECK(logical[0]["fullyQualifiedName"] == "Resources/Web3C8945DB/Properties/ImageId");
    CHECK(logical[1] == json::parse(R"({"name": "Resource", "fullyQualifiedName": "WebStack/Web/Resource", "kind": "resource"})"));
  }
  CHECK(seen);
  fs::path policy = d.path / "policy.xml";
  spit(policy, kPolicy);
  Validation v = validate_sarif(d.path / "report.sarif", "-c '" + policy.string() + "'");
  INFO(v.raw);
  CHECK(v.diagnostics.empty());
}

TEST_CASE("each rule's formats and needs agree with its documentation and fixtures", "[report][junit]") {
  for (const Rule* r : all_rules()) {
    INFO(r->code << " formats '" << r->formats << "'");
    std::string words = r->formats;
    unsigned said = 0;
    if (words.rfind("all", 0) == 0) said = kAnyFormat;
    if (words.find("CFN") != std::string::npos) said |= kCloudFormation;
    if (words.find("TF") != std::string::npos) said |= kTerraform;
    if (words.find("plan") != std::string::npos) said |= kPlan;
    if (words.find("Packer") != std::string::npos) said |= kPacker;
    CHECK(r->applies_to == said);
    CHECK((r->needs == Needs::Inventory) == (words.find("needs inventory") != std::string::npos));
    // A rule with fixtures that fire in a format reads that format.
    fs::path fixtures = fs::path(AMILINT_SOURCE_DIR) / "fixtures" / r->code;
    for (auto [dir, family] : {std::pair<const char*, unsigned>{"cfn", kCloudFormation}, {"tf", kTerraform},
                               {"plan", kPlan}, {"packer", kPacker}})
      if (fs::exists(fixtures / dir)) CHECK((r->applies_to & family) != 0);
  }
  CHECK(find_rule("AMI020")->needs == Needs::DrRegions);
  LintOptions none, dr;
  dr.dr_regions = {"us-west-2"};
  CHECK_FALSE(rule_applies(*find_rule("AMI020"), Format::CfnYaml, none));
  CHECK(rule_applies(*find_rule("AMI020"), Format::CfnYaml, dr));
  CHECK_FALSE(rule_applies(*find_rule("AMI060"), Format::TfHcl, dr));
  CHECK_FALSE(rule_applies(*find_rule("AMI003"), Format::TfPlan, none));
  CHECK(rule_applies(*find_rule("AMI041"), Format::TfVars, none));
  CHECK_FALSE(rule_applies(*find_rule("AMI041"), Format::CfnJson, none));
  CHECK(rule_applies(*find_rule("AMI041"), Format::PkrHcl, none));
  CHECK(rule_applies(*find_rule("AMI033"), Format::PkrJson, none));
  CHECK_FALSE(rule_applies(*find_rule("AMI033"), Format::TfHcl, none));
  CHECK(rule_applies(*find_rule("AMI040"), Format::PkrHcl, none));
}

// The testcase names of each suite, by suite name.
std::map<std::string, std::vector<std::string>> junit_cases(const XmlNode& root) {
  std::map<std::string, std::vector<std::string>> out;
  for (const XmlNode* s : root.all("testsuite")) {
    auto& names = out[s->attrs.at("name")];
    for (const XmlNode* c : s->all("testcase")) names.push_back(c->attrs.at("name").substr(0, 6));
  }
  return out;
}

std::vector<std::string> codes(std::initializer_list<const char*> base, std::initializer_list<const char*> more = {}) {
  std::set<std::string> all(base.begin(), base.end());
  all.insert(more.begin(), more.end());
  return {all.begin(), all.end()};
}

TEST_CASE("junit from a real run reads back with one testcase per template and rule that applies", "[report][junit]") {
  TempDir d;
  fs::create_directories(d.path / ".git");
  d.write("stacks/web.yaml", kStack);
  d.write("stacks/clean.yaml", kClean);
  d.write("tf/main.tf", "variable \"ami\" {}\nresource \"aws_instance\" \"web\" {\n  ami = var.ami\n}\n");
  d.write("notes.yaml", "not: a template\n");
  d.write("inventory/us-east-1.json", "{\"Images\": []}\n");
  Proc r = run_amilint("--format junit .", d.path);
  REQUIRE(r.code == 1);
  XmlNode root = parse_xml(r.out);
  REQUIRE(root.name == "testsuites");
  auto suites = root.all("testsuite");
  REQUIRE(suites.size() == 3);  // the three templates, not notes.yaml
  CHECK(suites[0]->attrs.at("name") == "stacks/clean.yaml");
  CHECK(suites[1]->attrs.at("name") == "stacks/web.yaml");
  CHECK(suites[2]->attrs.at("name") == "tf/main.tf");
  // The rules on by default that read the file's format; not AMI020 (no DR regions),
  // AMI060 and AMI061 (no inventory), AMI009 (off by default).
  const auto cfn = {"AMI000", "AMI001", "AMI002", "AMI003", "AMI010", "AMI012", "AMI013", "AMI014",
                    "AMI022", "AMI023", "AMI024", "AMI025", "AMI030", "AMI031", "AMI032", "AMI043", "AMI050"};
  const auto tf = {"AMI000", "AMI001", "AMI002", "AMI010", "AMI011", "AMI012", "AMI013", "AMI014", "AMI021",
                   "AMI022", "AMI023", "AMI024", "AMI025", "AMI030", "AMI031", "AMI032", "AMI040", "AMI041",
                   "AMI042", "AMI043", "AMI050"};
  auto cases = junit_cases(root);
  CHECK(cases["stacks/clean.yaml"] == codes(cfn));
  CHECK(cases["stacks/web.yaml"] == codes(cfn));
  CHECK(cases["tf/main.tf"] == codes(tf));
  size_t total = 0;
  for (const XmlNode* s : suites) {
    CHECK(s->attrs.at("tests") == std::to_string(s->all("testcase").size()));
    total += s->all("testcase").size();
  }
  CHECK(total == 17 + 17 + 21);
  CHECK(root.attrs.at("tests") == std::to_string(total));
  CHECK(suites[0]->attrs.at("failures") == "0");
  CHECK(suites[1]->attrs.at("failures") == "2");
  CHECK(root.attrs.at("failures") == "2");
  std::map<std::string, std::string> failed;
  for (const XmlNode* c : suites[1]->all("testcase"))
    if (!c->all("failure").empty()) failed[c->attrs.at("name")] = c->all("failure")[0]->text;
  REQUIRE(failed.size() == 2);
  CHECK(failed["AMI001 malformed-ami-id"].rfind("stacks/web.yaml:10:16: error: 'ami-12345' is not an AMI ID", 0) == 0);
  CHECK(failed["AMI002 hardcoded-ami-id"].rfind("stacks/web.yaml:6:16: warning: hard-coded AMI ID", 0) == 0);
  // --select narrows the testcases to the rules that ran
  XmlNode one = parse_xml(run_amilint("--format junit --select AMI002 .", d.path).out);
  CHECK(one.all("testsuite")[1]->all("testcase").size() == 1);
  // DR regions bring AMI020, an inventory AMI060 and AMI061, --enable AMI009.
  auto more = junit_cases(parse_xml(
      run_amilint("--format junit --dr-region us-west-2 --inventory inventory --enable AMI009 .", d.path).out));
  CHECK(more["stacks/web.yaml"] == codes(cfn, {"AMI009", "AMI020", "AMI060", "AMI061"}));
  CHECK(more["tf/main.tf"] == codes(tf, {"AMI009", "AMI020", "AMI060", "AMI061"}));
  // Options per file: a config override that gives one template DR regions.
  d.write("cfg.yaml", "overrides:\n  - paths: [\"stacks/web.yaml\"]\n    dr_regions: [us-west-2]\n");
  auto per_file = junit_cases(parse_xml(run_amilint("--format junit --config cfg.yaml .", d.path).out));
  CHECK(per_file["stacks/web.yaml"] == codes(cfn, {"AMI020"}));
  CHECK(per_file["stacks/clean.yaml"] == codes(cfn));
  // A second, independent XML parser agrees, when there is one.
  if (sh("python3 -c 'import xml.etree.ElementTree' >/dev/null 2>&1").code == 0) {
    spit(d.path / "report.xml", r.out);
    Proc py = sh("python3 -c \"import sys, xml.etree.ElementTree as E; t = E.parse(sys.argv[1]).getroot(); "
                 "print(len(t.findall('testsuite')), len(t.findall('testsuite/testcase')), "
                 "len(t.findall('testsuite/testcase/failure')))\" '" + (d.path / "report.xml").string() + "' 2>&1");
    CHECK(py.out == "3 " + std::to_string(total) + " 2\n");
  } else {
    WARN("python3 is not installed: the JUnit report was read by the test's own XML reader only");
  }
}

TEST_CASE("github output from a real run is capped and appends the job summary", "[report][github]") {
  TempDir d;
  fs::create_directories(d.path / ".git");
  d.write("stacks/many.yaml", many_findings(12, 13));
  fs::path summary = d.path / "step-summary.md";
  spit(summary, "# earlier step\n\n");
  Proc r = run_amilint("--format github stacks", d.path, "GITHUB_STEP_SUMMARY='" + summary.string() + "'");
  CHECK(r.code == 1);
  auto out = lines_of(r.out);
  REQUIRE(out.size() == 21);
  for (size_t i = 0; i < 20; ++i) {
    INFO(out[i]);
    CHECK(out[i].rfind(i < 10 ? "::error file=stacks/many.yaml,line=" : "::warning file=stacks/many.yaml,line=", 0) == 0);
  }
  CHECK(out[0] ==
        "::error file=stacks/many.yaml,line=6,col=16,endLine=6,endColumn=25,title=AMI001 malformed-ami-id::'ami-00000' "
        "is not an AMI ID (5 characters after 'ami-'): need 8 or 17 lowercase hex digits");
  CHECK(out[20] ==
        "amilint: 5 more findings not annotated (GitHub shows at most 10 errors, 10 warnings and 10 notices per step): "
        "2 errors, 3 warnings");
  std::string md = slurp(summary);
  CHECK(md.rfind("# earlier step\n\n### amilint\n", 0) == 0);  // appended, not replaced
  CHECK(md.find("| error | 12 |") != std::string::npos);
  CHECK(md.find("| warning | 13 |") != std::string::npos);
  CHECK(count_of(md, "\n| stacks/many.yaml:") == 25);
  CHECK(md.find("| stacks/many.yaml:6 | AMI001 malformed\\-ami\\-id |") == std::string::npos);  // '-' is not escaped
  CHECK(md.find("| stacks/many.yaml:6 | AMI001 malformed-ami-id | error | ") != std::string::npos);

  // A second run appends a second summary.
  run_amilint("--format github stacks", d.path, "GITHUB_STEP_SUMMARY='" + summary.string() + "'");
  CHECK(count_of(slurp(summary), "### amilint\n") == 2);
  // Other formats leave the job summary alone.
  run_amilint("--format text stacks", d.path, "GITHUB_STEP_SUMMARY='" + summary.string() + "'");
  run_amilint("--format sarif stacks", d.path, "GITHUB_STEP_SUMMARY='" + summary.string() + "'");
  CHECK(count_of(slurp(summary), "### amilint\n") == 2);
  // An unwritable summary file is a warning, not a failure of the lint.
  Proc bad = run_amilint("--format github stacks", d.path, "GITHUB_STEP_SUMMARY=/nonexistent-amilint/dir/summary.md");
  CHECK(bad.code == 1);
  CHECK(lines_of(bad.out).size() == 21);
}
