// The command line through the real binary: usage errors, help, stdin, warnings and
// verbose notes.
#include <algorithm>
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "tests/test_util.h"

namespace {

using amilint_test::Run;
using amilint_test::run_amilint;
using amilint_test::TempDir;

const char* kBad =
    "AWSTemplateFormatVersion: '2010-09-09'\n"
    "Resources:\n"
    "  Web:\n"
    "    Type: AWS::EC2::Instance\n"
    "    Properties:\n"
    "      ImageId: ami-0abcdef1234567890\n";

// A usage error: exit 2, nothing on stdout, exactly one line `amilint: error: ...` on stderr.
void check_usage_error(const Run& r, const std::string& text) {
  INFO(r.err);
  CHECK(r.code == 2);
  CHECK(r.out.empty());
  CHECK(r.err.rfind("amilint: error: ", 0) == 0);
  CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);
  CHECK(r.err.find(text) != std::string::npos);
}

}  // namespace

TEST_CASE("the jobs option takes a number from 1 up, and says so", "[cli][polish]") {
  TempDir d;
  d.write("stack.yaml", kBad);
  for (std::string bad : {"0", "-1", "x", "2.5", "99999999999999999999"}) {
    Run r = run_amilint("--jobs " + bad + " stack.yaml", d.path);
    check_usage_error(r, "--jobs must be a number from 1 to 1024 (files linted in parallel), not '" + bad + "'");
    CHECK(r.err.size() < 200);
  }
  check_usage_error(run_amilint("-j0 stack.yaml", d.path), "--jobs must be a number from 1 to 1024");
  CHECK(run_amilint("--jobs 1 stack.yaml", d.path).code == 1);
  CHECK(run_amilint("-j 3 stack.yaml", d.path).code == 1);
}

TEST_CASE("help for every command, and amilint help", "[cli][polish]") {
  TempDir d;
  for (std::string args : {"explain --help", "explain -h", "help explain"}) {
    Run r = run_amilint(args, d.path);
    INFO(args);
    CHECK(r.code == 0);
    CHECK(r.out.find("Usage: amilint explain [OPTIONS] CODE|NAME") != std::string::npos);
    CHECK(r.err.empty());
  }
  for (std::string args : {"rules --help", "rules -h", "help rules"}) {
    Run r = run_amilint(args, d.path);
    INFO(args);
    CHECK(r.code == 0);
    CHECK(r.out.find("Usage: amilint rules [OPTIONS]") != std::string::npos);
    CHECK(r.out.find("--format text|json|markdown") != std::string::npos);
  }
  Run main_help = run_amilint("--help", d.path);
  Run help = run_amilint("help", d.path);
  CHECK(help.code == 0);
  CHECK(help.out == main_help.out);
  CHECK(help.out.find("Usage: amilint [OPTIONS] [PATH ...]") != std::string::npos);
  check_usage_error(run_amilint("help explian", d.path), "unknown command 'explian' (did you mean 'explain'?)");
  check_usage_error(run_amilint("explian AMI002", d.path),
                    "'explian' is neither a file nor a command (did you mean 'amilint explain'?)");
}

TEST_CASE("command-line mistakes are one amilint: error line with a suggestion", "[cli][polish]") {
  TempDir d;
  d.write("stack.yaml", kBad);
  struct Case {
    const char* args;
    const char* message;
  } cases[] = {
      {"--selct AMI002 stack.yaml", "amilint: error: unknown option '--selct' (did you mean '--select'?); see 'amilint --help'"},
      {"--regoin us-east-1 stack.yaml", "unknown option '--regoin' (did you mean '--region'?)"},
      {"--dr-regions=us-east-1 stack.yaml", "unknown option '--dr-regions' (did you mean '--dr-region'?)"},
      {"--frobnicate stack.yaml", "unknown option '--frobnicate'; see 'amilint --help'"},
      {"--format xml stack.yaml", "--format must be text, json, sarif, junit or github, not 'xml'; see"},
      {"--format sarf stack.yaml", "--format must be text, json, sarif, junit or github, not 'sarf' (did you mean 'sarif'?)"},
      {"--fail-on warn stack.yaml", "--fail-on must be error, warning, info or never, not 'warn' (did you mean 'warning'?)"},
      {"stack.yaml --region", "--region needs a value (REGION[,REGION...]); see 'amilint --help'"},
      {"stack.yaml --output", "--output needs a value (FILE)"},
      {"--config x --no-config stack.yaml", "--config and --no-config cannot be used together"},
      {"explain", "amilint: error: missing CODE|NAME; see 'amilint explain --help'"},
      {"explain AMI002 AMI010", "unexpected argument 'AMI010'; see 'amilint explain --help'"},
      {"explain --format json AMI002", "unknown option '--format'; see 'amilint explain --help'"},
      {"rules extra", "unexpected argument 'extra'; see 'amilint rules --help'"},
      {"rules --format mardown", "--format must be text, json or markdown, not 'mardown' (did you mean 'markdown'?)"},
      {"rules --fromat json", "unknown option '--fromat' (did you mean '--format'?); see 'amilint rules --help'"},
      {"help rules extra", "unexpected argument 'extra'"},
  };
  for (const auto& c : cases) {
    INFO(c.args);
    check_usage_error(run_amilint(c.args, d.path), c.message);
  }
}

TEST_CASE("the help shows placeholders and groups", "[cli][polish]") {
  TempDir d;
  std::string help = run_amilint("--help", d.path).out;
  for (const char* s : {"--region REGION[,REGION...]", "--dr-region REGION[,REGION...]",
                        "--trusted-account ACCOUNT[,ACCOUNT...]", "--select CODES", "--exclude GLOB",
                        "-j,--jobs N", "--now RFC3339", "--config FILE", "-o,--output FILE", "--baseline FILE",
                        "--format text|json|sarif|junit|github", "--fail-on error|warning|info|never",
                        "\nInput:\n", "\nRegions and AMIs:\n", "\nRules:\n", "\nOutput:\n", "(repeatable)"}) {
    INFO(s);
    CHECK(help.find(s) != std::string::npos);
  }
  CHECK(help.find("TEXT") == std::string::npos);
  CHECK(help.find("INT:") == std::string::npos);
  CHECK(help.find("Excludes:") == std::string::npos);
  CHECK(help.find("--region REGION[,REGION...] ...") == std::string::npos);
  CHECK(help.find("Input:") < help.find("Output:"));
}

TEST_CASE("a path without templates warns and exits 0", "[cli][polish]") {
  TempDir d;
  d.write("docs/package.json", "{\"name\": \"x\"}\n");
  d.write("empty/README.md", "nothing here\n");
  Run r = run_amilint("docs", d.path);
  CHECK(r.code == 0);
  CHECK(r.out.empty());
  CHECK(r.err.find("amilint: warning: no templates found in docs (1 file was read; none is a CloudFormation "
                   "template, Terraform module or plan)\n") != std::string::npos);
  Run e = run_amilint("empty", d.path);
  CHECK(e.code == 0);
  CHECK(e.err.find("amilint: warning: no templates found in empty (no YAML, JSON, template or Terraform files)\n") !=
        std::string::npos);
  d.write("stacks/web.yaml", kBad);
  Run ok = run_amilint("stacks docs", d.path);
  CHECK(ok.code == 1);
  CHECK(ok.err.find("no templates found") == std::string::npos);
}

TEST_CASE("verbose notes are one per line and name their file once", "[cli][polish]") {
  TempDir d;
  d.write("mod/main.tf",
          "module \"a\" {\n  source = \"git::https://example.com/a.git\"\n}\n"
          "module \"b\" {\n  source = \"terraform-aws-modules/ec2-instance/aws\"\n}\n");
  d.write("mod/child/main.tf", "module \"c\" {\n  source = \"./missing\"\n}\n");
  d.write("mod/child/missing/README.md", "x\n");
  d.write("mod/calls.tf", "module \"child\" {\n  source = \"./child\"\n}\n");
  Run r = run_amilint("-v mod", d.path);
  INFO(r.err);
  CHECK(r.err.find("amilint: mod/main.tf: module 'a' has the remote source 'git::https://example.com/a.git', which is "
                   "not installed (no .terraform/modules/modules.json): run 'terraform init'; its "
                   "resources are not linted\n") != std::string::npos);
  CHECK(r.err.find("amilint: mod/main.tf: module 'b' has the remote source") != std::string::npos);
  CHECK(r.err.find("amilint: mod/child/main.tf: module 'c': no .tf files in mod/child/missing\n") != std::string::npos);
  std::istringstream lines(r.err);
  for (std::string line; std::getline(lines, line);) {
    INFO(line);
    CHECK(line.rfind("amilint: ", 0) == 0);
    CHECK(line.find(".tf: ", line.find(".tf: ") + 1) == std::string::npos);  // one file name per note
    CHECK(line.find("; mod/") == std::string::npos);                        // one note per line
  }
}

TEST_CASE("an until date that does not exist says why", "[cli][polish]") {
  TempDir d;
  std::string t = std::string(kBad).substr(0, std::string(kBad).rfind("      ImageId"));
  d.write("feb.yaml", t + "      # amilint:ignore AMI002 reason=\"x\" until=2030-02-30\n      ImageId: ami-0abcdef1234567890\n");
  d.write("leap.yaml", t + "      # amilint:ignore AMI002 reason=\"x\" until=2028-02-30\n      ImageId: ami-0abcdef1234567890\n");
  d.write("month.yaml", t + "      # amilint:ignore AMI002 reason=\"x\" until=2030-13-01\n      ImageId: ami-0abcdef1234567890\n");
  d.write("text.yaml", t + "      # amilint:ignore AMI002 reason=\"x\" until=soon\n      ImageId: ami-0abcdef1234567890\n");
  Run r = run_amilint("--now 2026-01-01T00:00:00Z feb.yaml leap.yaml month.yaml text.yaml", d.path);
  INFO(r.out << r.err);
  CHECK(r.code == 1);
  CHECK(r.out.find("(amilint:ignore on line 6 has an invalid until=2030-02-30 (February 2030 has 28 days), so it does "
                   "not apply)") != std::string::npos);
  CHECK(r.out.find("until=2028-02-30 (February 2028 has 29 days)") != std::string::npos);
  CHECK(r.out.find("until=2030-13-01 (there is no month 13)") != std::string::npos);
  CHECK(r.out.find("until=soon (expected YYYY-MM-DD)") != std::string::npos);
  CHECK(r.err.find("feb.yaml:6:9: warning: amilint:ignore: until=2030-02-30 is not a date (February 2030 has 28 "
                   "days), so it does not apply\n") != std::string::npos);
  Run list = run_amilint("--list-suppressions feb.yaml", d.path);
  CHECK(list.out.find("does not apply: until is not a date (February 2030 has 28 days)") != std::string::npos);
}

TEST_CASE("misspelled suppressions are warned about on every run", "[cli][polish]") {
  TempDir d;
  d.write("a.yaml",
          "AWSTemplateFormatVersion: '2010-09-09'\n"
          "# amilint checks this file; amilint ignores prose like this\n"
          "Resources:\n"
          "  Web:\n"
          "    Type: AWS::EC2::Instance\n"
          "    Metadata:\n"
          "      amilint:\n"
          "        ignore:\n"
          "          - rule: AMI02\n"
          "            reasn: vendor image\n"
          "    Properties:\n"
          "      # amilint:ignore hardcoded-ami reason=\"typo\"\n"
          "      ImageId: ami-0abcdef1234567890  # amilint: ignore AMI002 reason=x\n"
          "      # amilint-ignore AMI002 reason=x\n"
          "      # amilint ignore AMI002 reason=x\n"
          "      #amilint:ignroe AMI002 reason=x\n"
          "      # amilint ignore this line, it is prose\n"
          "      # amilint:ignore AMI002 reson=x\n"
          "  Db:\n"
          "    Type: AWS::EC2::Instance\n"
          "    Metadata:\n"
          "      amilint-ignore: [AMI002]\n"
          "    Properties:\n"
          "      ImageId: ami-0abcdef1234567891\n");
  d.write("b.tf.json",
          "{\"resource\": {\"aws_instance\": {\"web\": {\"//\": \"amilint-ignore AMI002 reason=x\", \"ami\": "
          "\"ami-0abcdef1234567890\"}}}}\n");
  Run r = run_amilint("a.yaml b.tf.json", d.path);
  INFO(r.err);
  CHECK(r.code == 1);  // the findings stay, warnings do not change the exit code
  const char* expected[] = {
      "a.yaml:9:13: warning: Metadata amilint: unknown key 'reasn' (did you mean 'reason'?)\n",
      "a.yaml:9:13: warning: Metadata amilint: unknown rule 'AMI02' (did you mean 'AMI002'?)\n",
      "a.yaml:12:9: warning: amilint:ignore: unknown rule 'hardcoded-ami' (did you mean 'hardcoded-ami-id'?)\n",
      "a.yaml:13:41: warning: 'amilint: ignore' is not a suppression (did you mean 'amilint:ignore'?); it hides nothing\n",
      "a.yaml:14:9: warning: 'amilint-ignore' is not a suppression (did you mean 'amilint:ignore'?)",
      "a.yaml:15:9: warning: 'amilint ignore' is not a suppression (did you mean 'amilint:ignore'?)",
      "a.yaml:16:8: warning: 'amilint:ignroe' is not a suppression (did you mean 'amilint:ignore'?)",
      "a.yaml:18:9: warning: amilint:ignore: unknown option 'reson' (did you mean 'reason'?)\n",
      "a.yaml:22:7: warning: unknown Metadata key 'amilint-ignore' (did you mean 'amilint'?); it hides nothing\n",
      "b.tf.json:1:",
      ": warning: 'amilint-ignore' is not a suppression (did you mean 'amilint:ignore'?)",
  };
  for (const char* e : expected) {
    INFO(e);
    CHECK(r.err.find(e) != std::string::npos);
  }
  CHECK(r.err.find("a.yaml:2:") == std::string::npos);   // prose
  CHECK(r.err.find("a.yaml:17:") == std::string::npos);  // `amilint ignore` without a rule: prose
  CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 11);  // 10 warnings and the summary
  CHECK(run_amilint("--format json a.yaml", d.path).err.find("a.yaml:14:9: warning:") != std::string::npos);
  Run clean = run_amilint("--select AMI010 a.yaml", d.path);
  CHECK(clean.code == 0);
  CHECK(clean.err.find("a.yaml:14:9: warning:") != std::string::npos);
}

TEST_CASE("the path - reads one file from stdin, named by --stdin-filename", "[cli][polish]") {
  TempDir d(true);
  d.write("t.yaml", kBad);
  d.write("t.json", "{\"AWSTemplateFormatVersion\": \"2010-09-09\", \"Resources\": {\"Web\": {\"Type\": "
                    "\"AWS::EC2::Instance\", \"Properties\": {\"ImageId\": \"ami-0abcdef1234567890\"}}}}\n");
  Run plain = run_amilint("- < t.yaml", d.path);
  CHECK(plain.code == 1);
  CHECK(plain.out.rfind("-:6:16: warning: hard-coded AMI ID", 0) == 0);
  Run json = run_amilint("- < t.json", d.path);  // sniffed as JSON
  CHECK(json.code == 1);
  CHECK(json.out.rfind("-:1:", 0) == 0);
  CHECK(json.out.find("[AMI002 hardcoded-ami-id]") != std::string::npos);
  Run named = run_amilint("--stdin-filename stacks/web.yaml - < t.yaml", d.path);
  CHECK(named.out.rfind("stacks/web.yaml:6:16: warning:", 0) == 0);
  CHECK(run_amilint("--stdin-filename ./stacks/web.yaml < t.yaml", d.path).out.rfind("stacks/web.yaml:6:16:", 0) == 0);
  // config overrides and excludes follow the name
  d.write(".amilint.yaml", "exclude: [\"legacy/**\"]\noverrides:\n  - paths: [\"quiet/**\"]\n    rules: {AMI002: off}\n");
  Run quiet = run_amilint("--stdin-filename quiet/web.yaml - < t.yaml", d.path);
  CHECK(quiet.code == 0);
  CHECK(quiet.out.empty());
  Run legacy = run_amilint("--stdin-filename legacy/web.yaml - < t.yaml", d.path);
  CHECK(legacy.code == 0);
  CHECK(legacy.out.empty());
  CHECK(run_amilint("--exclude 'x/*' --stdin-filename x/web.yaml - < t.yaml", d.path).out.empty());
  CHECK(run_amilint("--stdin-filename loud/web.yaml - < t.yaml", d.path).code == 1);
  check_usage_error(run_amilint("- - < t.yaml", d.path), "'-' (stdin) is given 2 times; stdin can be read once");
  check_usage_error(run_amilint("--stdin-filename a.yaml t.yaml < t.yaml", d.path),
                    "--stdin-filename names the text read from stdin: add '-' to the paths");
}

TEST_CASE("a .tf name read from stdin stands in for that file of its directory's module", "[cli][polish]") {
  TempDir d;
  d.write("m/vars.tf", "variable \"ami\" {\n  type = string\n}\n");
  d.write("m/web.tf", "resource \"aws_instance\" \"w\" {\n  ami = \"ami-0abcdef1234567890\"\n}\n");
  d.write("dup.tf", "variable \"ami\" {\n  type = string\n}\n");
  d.write("clean.tf", "# nothing\n");
  // its text replaces the file on disk
  Run clean = run_amilint("--stdin-filename m/web.tf - < clean.tf", d.path);
  CHECK(clean.code == 0);
  CHECK(clean.out.empty());
  CHECK(run_amilint("m/web.tf", d.path).code == 1);
  // the other files of the directory are the module it is linted in (a second declaration)
  Run dup = run_amilint("--stdin-filename m/z.tf - < dup.tf", d.path);
  INFO(dup.out << dup.err);
  CHECK(dup.code == 1);
  CHECK(dup.out.rfind("m/z.tf:1:1: error: duplicate variable \"ami\" (first declared at m/vars.tf:1:1)", 0) == 0);
  CHECK(dup.out.find("m/web.tf") == std::string::npos);  // only the stdin file's findings
  // a directory that does not exist: a module of one file
  Run alone = run_amilint("--stdin-filename nowhere/web.tf - < m/web.tf", d.path);
  CHECK(alone.code == 1);
  CHECK(alone.out.rfind("nowhere/web.tf:2:9: warning: hard-coded AMI ID", 0) == 0);
}

TEST_CASE("the binary's messages on the bundled examples are one short line", "[cli][polish][messages]") {
  // The examples hold most kinds of mistake; the fixtures test bounds every rule's text.
  std::vector<size_t> lengths;
  for (const char* options : {"", "--region us-east-1 --dr-region us-west-2,eu-west-1",
                              "--enable AMI009 --trusted-account 111122223333"}) {
    Run r = run_amilint(std::string("--no-config --format json --fail-on never ") + options + " fixtures/examples",
                    AMILINT_SOURCE_DIR);
    REQUIRE(r.code == 0);
    nlohmann::json doc = nlohmann::json::parse(r.out);
    for (const auto& f : doc["findings"]) {
      std::string m = f["message"];
      INFO(m);
      CHECK(m.find('\n') == std::string::npos);
      CHECK(m.size() <= 200);
      lengths.push_back(m.size());
    }
  }
  REQUIRE(lengths.size() >= 20);
  std::sort(lengths.begin(), lengths.end());
  CHECK(lengths[lengths.size() / 2] <= 130);
}
