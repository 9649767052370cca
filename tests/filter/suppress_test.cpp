// Suppressions: the comment scanners (YAML, HCL), the amilint:ignore directive,
// CloudFormation Metadata, block-scoped suppressions handed over by adapters, the
// filter itself (lint_text), and `--list-suppressions` / summary counts end to end.
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>

#include "tests/test_util.h"
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "linter/engine/engine.h"
#include "linter/filter/suppress.h"
#include "rules/rule.h"

namespace fs = std::filesystem;
using namespace amilint;

namespace {

using amilint_test::Run;
using amilint_test::run_amilint;
using amilint_test::TempDir;

const char* kAmi = "ami-0abcdef1234567890";

// A template whose Web instance has a hard-coded AMI (AMI002) on line 6, with
// `above` inserted as line 6 (pushing the ImageId to line 7) and `trailing` after it.
std::string stack(const std::string& above, const std::string& trailing = "") {
  return "AWSTemplateFormatVersion: '2010-09-09'\n"
         "Resources:\n"
         "  Web:\n"
         "    Type: AWS::EC2::Instance\n"
         "    Properties:\n" +
         above + "      ImageId: " + kAmi + trailing + "\n";
}

FileReport lint(const std::string& text, int64_t now = 0, const std::string& display = "stack.yaml") {
  EngineOptions o;
  o.lint.now = now;
  return lint_text(text, display, o, active_rules(o));
}

int64_t day(const char* d) {
  int64_t t = 0;
  REQUIRE(parse_date(d, t));
  return t;
}

std::vector<int> comment_lines(const std::string& text, CommentSyntax syntax) {
  std::vector<int> out;
  for (const auto& c : scan_comments(text, syntax)) out.push_back(c.line);
  return out;
}

Finding finding(const std::string& rule, int line, const std::string& path = "", Range range = {}) {
  Finding f;
  f.rule = rule;
  f.line = line;
  f.path = path;
  f.range = range;
  f.message = "m";
  return f;
}

// ---- the real binary ----



}  // namespace

// ---- the directive ----

TEST_CASE("the amilint:ignore directive: codes, names, reason and until", "[suppress]") {
  Suppression s;
  REQUIRE(parse_ignore_directive(" amilint:ignore AMI002, ami-region-mismatch,AMI012 reason=\"pinned \\\"v1\\\"\" until=2027-01-31",
                                 s));
  CHECK(s.rules == std::vector<std::string>{"AMI002", "ami-region-mismatch", "AMI012"});
  CHECK(s.codes == std::vector<std::string>{"AMI002", "AMI010", "AMI012"});
  CHECK(s.reason == "pinned \"v1\"");
  CHECK(s.until == "2027-01-31");
  CHECK(s.until_end == day("2027-02-01"));
  CHECK(s.notes.empty());
  CHECK(s.problem.empty());

  Suppression single;
  REQUIRE(parse_ignore_directive("amilint:ignore hardcoded-ami-id reason='it''s ok' ", single));
  CHECK(single.codes == std::vector<std::string>{"AMI002"});
  CHECK(single.reason == "it");  // single quotes have no escapes: the value ends at the next quote

  Suppression bare;
  REQUIRE(parse_ignore_directive("amilint:ignore AMI002 reason=legacy", bare));
  CHECK(bare.reason == "legacy");
}

TEST_CASE("what is not a directive, and directives with problems", "[suppress]") {
  Suppression s;
  CHECK_FALSE(parse_ignore_directive("just a comment", s));
  CHECK_FALSE(parse_ignore_directive("amilint:ignored AMI002 reason=x", s));
  CHECK_FALSE(parse_ignore_directive("see amilint:ignore AMI002 reason=x", s));

  Suppression none;
  REQUIRE(parse_ignore_directive("amilint:ignore reason=\"x\"", none));
  CHECK(none.problem == "no rule code");
  CHECK(suppression_state(none, 0) == SuppressionState::Invalid);

  Suppression typo;
  REQUIRE(parse_ignore_directive("amilint:ignore AMI002,AMI99 reson=\"x\"", typo));
  CHECK(typo.codes == std::vector<std::string>{"AMI002"});
  CHECK(typo.notes == std::vector<std::string>{"unknown option 'reson' (did you mean 'reason'?)",
                                                 "unknown rule 'AMI99' (did you mean 'AMI009'?)"});
  CHECK(suppression_state(typo, 0) == SuppressionState::NoReason);

  Suppression empty_reason;
  REQUIRE(parse_ignore_directive("amilint:ignore AMI002 reason=\"  \"", empty_reason));
  CHECK(suppression_state(empty_reason, 0) == SuppressionState::NoReason);

  Suppression bad_until;
  REQUIRE(parse_ignore_directive("amilint:ignore AMI002 reason=x until=2027-02-30", bad_until));
  CHECK(bad_until.until_invalid);
  CHECK(suppression_state(bad_until, 0) == SuppressionState::InvalidUntil);
}

TEST_CASE("dates are real calendar days in UTC", "[suppress]") {
  int64_t t = 0;
  CHECK(parse_date("1970-01-01", t));
  CHECK(t == 0);
  CHECK(parse_date("2024-02-29", t));
  CHECK(t == 1709164800);
  CHECK_FALSE(parse_date("2023-02-29", t));
  CHECK_FALSE(parse_date("2100-02-29", t));
  CHECK(parse_date("2000-02-29", t));
  CHECK_FALSE(parse_date("2027-13-01", t));
  CHECK_FALSE(parse_date("2027-1-31", t));
  CHECK_FALSE(parse_date("2027-01-31T00:00:00Z", t));
  CHECK_FALSE(parse_date("soon", t));
}

// ---- the comment scanners ----

TEST_CASE("YAML comments: a hash after whitespace, outside quoted scalars", "[suppress]") {
  std::string text =
      "a: http://example.com/#anchor\n"        // 1: no comment (no space before #)
      "b: \"x # not a comment\"  # real\n"      // 2: comment
      "c: 'it''s # inside' # real\n"            // 3: comment ('' is an escaped quote)
      "d: it's fine # real\n"                   // 4: comment (a quote inside a plain scalar)
      "e: !Sub \"${A} # not\"\n"                // 5: no comment (quoted after a tag)
      "f: [\"# not\", '# not'] # real\n"        // 6: comment
      "g: \"multi line\n"                       // 7
      "  # still the string\n"                  // 8: no comment
      "  end\"  # real\n"                       // 9: comment
      "#top\n"                                  // 10: comment
      "- \"x\" # real\n";                       // 11: comment
  CHECK(comment_lines(text, CommentSyntax::Yaml) == std::vector<int>{2, 3, 4, 6, 9, 10, 11});
  auto comments = scan_comments(text, CommentSyntax::Yaml);
  CHECK(comments[0].text == " real");
  CHECK_FALSE(comments[0].own_line);
  CHECK(comments[5].own_line);
  CHECK(comments[5].text == "top");
}

TEST_CASE("YAML comments: block scalars hold no comments", "[suppress]") {
  std::string text =
      "UserData: |\n"                // 1
      "  #!/bin/bash\n"              // 2: content
      "  # amilint:ignore AMI002\n"  // 3: content
      "\n"                           // 4
      "    # deeper: content\n"      // 5: content
      "# after the block\n"          // 6: comment
      "Script: >-  # header comment\n"  // 7: comment
      "  # folded content\n"         // 8: content
      "List:\n"                      // 9
      "- |\n"                        // 10
      "  # item content\n"           // 11: content
      "- key: |2\n"                  // 12
      "     # content\n"             // 13: content
      "  other: x # real\n"          // 14: comment (the block ended)
      "Empty: |\n"                   // 15
      "Next: 1 # real\n";            // 16: comment (the block scalar was empty)
  CHECK(comment_lines(text, CommentSyntax::Yaml) == std::vector<int>{6, 7, 14, 16});
}

TEST_CASE("HCL comments: hash, double slash, not in strings, heredocs or block comments", "[suppress]") {
  std::string text =
      "resource \"aws_instance\" \"web\" { # real\n"          // 1
      "  ami = \"ami-0abc#1\" // real\n"                       // 2
      "  tags = { Name = \"a // b # c\" }\n"                   // 3: none
      "  user_data = <<-EOF\n"                                 // 4
      "    # not a comment\n"                                  // 5
      "    // nor this\n"                                      // 6
      "  EOF\n"                                                // 7
      "  /* block # not\n"                                     // 8
      "     // not */ x = 1 # real\n"                          // 9
      "  y = \"${lookup(var.m, \"k # no\")} # no\" # real\n"   // 10
      "  z = \"$${literal} # no\"\n"                           // 11
      "  w = \"say \\\"# no\\\" // no\"\n"                       // 12: escaped quotes
      "#end\n";                                                // 13
  CHECK(comment_lines(text, CommentSyntax::Hcl) == std::vector<int>{1, 2, 9, 10, 13});
  auto c = scan_comments(text, CommentSyntax::Hcl);
  CHECK(c[1].text == " real");
  CHECK(c[3].text == " real");  // the one after the string with a nested template
  CHECK(c[4].own_line);
  CHECK_FALSE(c[3].own_line);
}

TEST_CASE("HCL amilint:ignore comments cover their line or the next one", "[suppress]") {
  std::string text =
      "resource \"aws_instance\" \"web\" {\n"                                 // 1
      "  # amilint:ignore AMI002 reason=\"pinned\"\n"                         // 2
      "  ami = \"ami-0abcdef1234567890\"\n"                                    // 3
      "  other = \"ami-0abcdef1234567890\" // amilint:ignore AMI001 reason=x\n"  // 4
      "}\n";
  auto sups = comment_suppressions(text, CommentSyntax::Hcl);
  REQUIRE(sups.size() == 2);
  CHECK(sups[0].line == 2);
  CHECK(sups[0].first_line == 3);
  CHECK(sups[0].last_line == 3);
  CHECK(sups[1].line == 4);
  CHECK(sups[1].first_line == 4);
  CHECK(sups[1].codes == std::vector<std::string>{"AMI001"});
}

// ---- comments in CloudFormation YAML, through the engine ----

TEST_CASE("amilint:ignore on the line above hides the finding and counts it", "[suppress]") {
  FileReport plain = lint(stack(""));
  REQUIRE(plain.findings.size() == 1);
  REQUIRE(plain.findings[0].rule == "AMI002");

  FileReport rep = lint(stack("      # amilint:ignore AMI002 reason=\"pinned for the 2024 audit\" until=2027-01-31\n"));
  CHECK(rep.findings.empty());
  REQUIRE(rep.suppressed.size() == 1);
  CHECK(rep.suppressed[0].line == 7);
  REQUIRE(rep.suppressions.size() == 1);
  CHECK(rep.suppressions[0].file == "stack.yaml");
  CHECK(rep.suppressions[0].line == 6);
  CHECK(rep.suppressions[0].hidden == 1);
  CHECK(rep.suppressions[0].matches == 1);
}

TEST_CASE("amilint:ignore on the same line hides the finding", "[suppress]") {
  FileReport rep = lint(stack("", "  # amilint:ignore AMI002 reason=\"legacy stack\""));
  CHECK(rep.findings.empty());
  CHECK(rep.suppressed.size() == 1);
}

TEST_CASE("a suppression covers only its own line or the line just below", "[suppress]") {
  // A blank line between the comment and the finding.
  FileReport gap = lint(stack("      # amilint:ignore AMI002 reason=\"x\"\n\n"));
  CHECK(gap.findings.size() == 1);
  CHECK(gap.suppressions.at(0).matches == 0);
  // A trailing comment on the line above belongs to that line.
  FileReport trailing = lint(
      "AWSTemplateFormatVersion: '2010-09-09'\n"
      "Resources:\n"
      "  Web:\n"
      "    Type: AWS::EC2::Instance\n"
      "    Properties:  # amilint:ignore AMI002 reason=\"x\"\n"
      "      ImageId: ami-0abcdef1234567890\n");
  CHECK(trailing.findings.size() == 1);
  // Another rule's code does not cover it.
  CHECK(lint(stack("      # amilint:ignore AMI001 reason=\"x\"\n")).findings.size() == 1);
}

TEST_CASE("stacked comment lines above a finding all reach it", "[suppress]") {
  FileReport rep = lint(stack(
      "      # amilint:ignore AMI010 reason=\"other rule\"\n"
      "      # pinned on purpose, see the ticket\n"
      "      # amilint:ignore AMI002 reason=\"x\"\n"));
  CHECK(rep.findings.empty());
  REQUIRE(rep.suppressions.size() == 2);
  CHECK(rep.suppressions[0].matches == 0);
  CHECK(rep.suppressions[1].hidden == 1);
}

TEST_CASE("codes by name and comma separated lists are accepted", "[suppress]") {
  CHECK(lint(stack("      # amilint:ignore hardcoded-ami-id reason=\"x\"\n")).findings.empty());
  CHECK(lint(stack("      # amilint:ignore AMI001,AMI002 reason=\"x\"\n")).findings.empty());
  CHECK(lint(stack("      # amilint:ignore AMI001, hardcoded-ami-id reason=\"x\"\n")).findings.empty());
  CHECK(lint(stack("      # amilint:ignore ami002 reason=\"x\"\n")).findings.empty());
}

TEST_CASE("a suppression without a reason does not apply and the finding says so", "[suppress]") {
  FileReport rep = lint(stack("      # amilint:ignore AMI002\n"));
  REQUIRE(rep.findings.size() == 1);
  CHECK(rep.suppressed.empty());
  std::string msg = rep.findings[0].message;
  CHECK(msg.find("(amilint:ignore on line 6 has no reason=\"...\", so it does not apply)") != std::string::npos);
  CHECK(msg.rfind("hard-coded AMI ID", 0) == 0);
  FileReport empty = lint(stack("", " # amilint:ignore AMI002 reason=\"\""));
  REQUIRE(empty.findings.size() == 1);
  CHECK(empty.findings[0].message.find("(amilint:ignore on line 6 has no reason=") != std::string::npos);
}

TEST_CASE("until is inclusive and compared with now", "[suppress]") {
  std::string text = stack("      # amilint:ignore AMI002 reason=\"x\" until=2027-01-31\n");
  CHECK(lint(text, day("2026-06-01")).findings.empty());
  CHECK(lint(text, day("2027-01-31") + 86399).findings.empty());
  FileReport after = lint(text, day("2027-02-01"));
  REQUIRE(after.findings.size() == 1);
  CHECK(after.findings[0].message.find("(suppression on line 6 expired on 2027-01-31)") != std::string::npos);
  CHECK(after.suppressions[0].matches == 1);
  CHECK(after.suppressions[0].hidden == 0);
  FileReport invalid = lint(stack("      # amilint:ignore AMI002 reason=\"x\" until=someday\n"));
  REQUIRE(invalid.findings.size() == 1);
  CHECK(invalid.findings[0].message.find("has an invalid until=someday (expected YYYY-MM-DD)") != std::string::npos);
}

TEST_CASE("a directive inside a string or a block scalar is not a comment", "[suppress]") {
  FileReport quoted = lint(
      "AWSTemplateFormatVersion: '2010-09-09'\n"
      "Resources:\n"
      "  Web:\n"
      "    Type: AWS::EC2::Instance\n"
      "    Properties:\n"
      "      Tags: [{Key: a, Value: \"b # amilint:ignore AMI002 reason=x\"}]\n"
      "      ImageId: ami-0abcdef1234567890\n");
  CHECK(quoted.findings.size() == 1);
  CHECK(quoted.suppressions.empty());
  FileReport block = lint(
      "AWSTemplateFormatVersion: '2010-09-09'\n"
      "Resources:\n"
      "  Web:\n"
      "    Type: AWS::EC2::Instance\n"
      "    Properties:\n"
      "      UserData: |\n"
      "        #!/bin/bash\n"
      "        # amilint:ignore AMI002 reason=\"not a comment\"\n"
      "      ImageId: ami-0abcdef1234567890\n");
  CHECK(block.findings.size() == 1);
  CHECK(block.suppressions.empty());
  FileReport same_line = lint(stack("", " # note: \"# amilint:ignore AMI002 reason=x\""));
  CHECK(same_line.findings.size() == 1);  // the directive must start the comment
}

TEST_CASE("CloudFormation JSON text is never scanned for comments", "[suppress]") {
  // JSON has no comments: a hash where YAML would see one is a parse error, and does
  // not suppress it.
  std::string broken =
      "{\"AWSTemplateFormatVersion\": \"2010-09-09\",  # amilint:ignore AMI000 reason=\"x\"\n"
      " \"Resources\": {}}\n";
  FileReport parse = lint(broken, 0, "stack.json");
  REQUIRE(parse.findings.size() == 1);
  CHECK(parse.findings[0].rule == "AMI000");
  CHECK(parse.findings[0].line == 1);
  CHECK(parse.suppressions.empty());
  std::string text =
      "{\"Resources\": {\"Web\": {\"Type\": \"AWS::EC2::Instance\", \"Properties\": {\n"
      "  \"Description\": \" # amilint:ignore AMI002 reason=x\",\n"
      "  \"ImageId\": \"ami-0abcdef1234567890\"}}}}\n";
  FileReport rep = lint(text, 0, "stack.json");
  CHECK(rep.findings.size() == 1);
  CHECK(rep.suppressions.empty());
}

// ---- CloudFormation Metadata ----

namespace {

const char* kTwoResourcesYaml =
    "AWSTemplateFormatVersion: '2010-09-09'\n"   // 1
    "Resources:\n"                               // 2
    "  Web:\n"                                   // 3
    "    Type: AWS::EC2::Instance\n"             // 4
    "    Metadata:\n"                            // 5
    "      amilint:\n"                           // 6
    "        ignore:\n"                          // 7
    "          - rule: hardcoded-ami-id\n"       // 8
    "            reason: pinned for the audit\n" // 9
    "            until: 2027-01-31\n"            // 10
    "    Properties:\n"                          // 11
    "      ImageId: ami-0abcdef1234567890\n"     // 12
    "  WebServer:\n"                             // 13
    "    Type: AWS::EC2::Instance\n"             // 14
    "    Properties:\n"                          // 15
    "      ImageId: ami-0abcdef1234567891\n";    // 16

}  // namespace

TEST_CASE("resource Metadata in YAML covers that resource only", "[suppress]") {
  FileReport rep = lint(kTwoResourcesYaml, day("2026-01-01"));
  REQUIRE(rep.findings.size() == 1);
  CHECK(rep.findings[0].path == "Resources/WebServer/Properties/ImageId");  // not a prefix match on "Web"
  REQUIRE(rep.suppressed.size() == 1);
  CHECK(rep.suppressed[0].path == "Resources/Web/Properties/ImageId");
  REQUIRE(rep.suppressions.size() == 1);
  CHECK(rep.suppressions[0].origin == SuppressionOrigin::Metadata);
  CHECK(rep.suppressions[0].line == 8);
  CHECK(rep.suppressions[0].path_prefix == "Resources/Web");

  FileReport expired = lint(kTwoResourcesYaml, day("2027-03-01"));
  REQUIRE(expired.findings.size() == 2);
  CHECK(expired.findings[0].message.find("(suppression on line 8 expired on 2027-01-31)") != std::string::npos);
}

TEST_CASE("template Metadata in YAML covers the whole template", "[suppress]") {
  std::string text = std::string(kTwoResourcesYaml) +
                     "Metadata:\n"
                     "  amilint:\n"
                     "    ignore:\n"
                     "      - {rule: AMI002, reason: \"legacy account, images pinned\"}\n";
  FileReport rep = lint(text, day("2026-01-01"));
  CHECK(rep.findings.empty());
  CHECK(rep.suppressed.size() == 2);
  REQUIRE(rep.suppressions.size() == 2);
  CHECK(rep.suppressions[0].scope == SuppressionScope::File);
  CHECK(rep.suppressions[0].line == 20);
  CHECK(rep.suppressions[0].hidden == 2);
}

TEST_CASE("Metadata in JSON at resource and template level", "[suppress]") {
  std::string resource_level =
      "{\"Resources\": {\n"
      "  \"Web\": {\"Type\": \"AWS::EC2::Instance\",\n"
      "    \"Metadata\": {\"amilint\": {\"ignore\": [\n"
      "      {\"rule\": \"AMI002\", \"reason\": \"pinned\"}]}},\n"
      "    \"Properties\": {\"ImageId\": \"ami-0abcdef1234567890\"}},\n"
      "  \"Db\": {\"Type\": \"AWS::EC2::Instance\",\n"
      "    \"Properties\": {\"ImageId\": \"ami-0abcdef1234567891\"}}}}\n";
  FileReport rep = lint(resource_level, 0, "stack.json");
  REQUIRE(rep.findings.size() == 1);
  CHECK(rep.findings[0].path == "Resources/Db/Properties/ImageId");
  REQUIRE(rep.suppressions.size() == 1);
  CHECK(rep.suppressions[0].line == 4);

  std::string template_level =
      "{\"Metadata\": {\"amilint\": {\"ignore\": [{\"rule\": [\"AMI001\", \"AMI002\"], \"reason\": \"legacy\"}]}},\n"
      " \"Resources\": {\n"
      "  \"Web\": {\"Type\": \"AWS::EC2::Instance\", \"Properties\": {\"ImageId\": \"ami-0abcdef1234567890\"}},\n"
      "  \"Db\": {\"Type\": \"AWS::EC2::Instance\", \"Properties\": {\"ImageId\": \"ami-12\"}}}}\n";
  FileReport all = lint(template_level, 0, "stack.json");
  CHECK(all.findings.empty());
  CHECK(all.suppressed.size() == 2);
}

TEST_CASE("Metadata suppressions need a reason too", "[suppress]") {
  std::string text =
      "AWSTemplateFormatVersion: '2010-09-09'\n"
      "Resources:\n"
      "  Web:\n"
      "    Type: AWS::EC2::Instance\n"
      "    Metadata:\n"
      "      amilint:\n"
      "        ignore: [AMI002]\n"
      "    Properties:\n"
      "      ImageId: ami-0abcdef1234567890\n";
  FileReport rep = lint(text);
  REQUIRE(rep.findings.size() == 1);
  CHECK(rep.findings[0].message.find("(the Metadata suppression on line 7 has no reason, so it does not apply)") !=
        std::string::npos);
}

// ---- block-scoped suppressions from adapters (Terraform JSON "//") ----

TEST_CASE("block suppressions from an adapter: byte range and path prefix", "[suppress]") {
  Suppression by_range;
  REQUIRE(json_comment_suppression("amilint:ignore AMI002 reason=\"pinned\" until=2027-01-31", {40, 60}, {10, 200},
                                   "", by_range));
  by_range.file = "main.tf.json";
  by_range.line = 3;
  CHECK(by_range.origin == SuppressionOrigin::JsonComment);
  CHECK(by_range.scope == SuppressionScope::Block);

  Suppression by_path;
  REQUIRE(json_comment_suppression("amilint:ignore AMI001 reason=\"x\"", {300, 320}, {}, "resource.aws_instance.web",
                                   by_path));
  by_path.file = "main.tf.json";
  by_path.line = 9;

  Suppression not_one;
  CHECK_FALSE(json_comment_suppression("a plain note for humans", {}, {}, "x", not_one));

  auto in_file = [](Finding f) {
    f.file = "main.tf.json";
    return f;
  };
  std::vector<Finding> fs = {
      in_file(finding("AMI002", 4, "resource.aws_instance.web.ami", {50, 70})),     // in range: hidden
      in_file(finding("AMI002", 20, "resource.aws_instance.db.ami", {250, 270})),   // outside: kept
      in_file(finding("AMI001", 4, "resource.aws_instance.web.ami", {50, 70})),     // path: hidden
      in_file(finding("AMI001", 30, "resource.aws_instance.web2.ami", {400, 420})), // web2 is not web: kept
      in_file(finding("AMI001", 31, "resource.aws_instance.web[0].ami", {430, 440})),  // web[0]: hidden
      finding("AMI002", 4, "resource.aws_instance.web.ami", {50, 70}),             // another file: kept
  };
  std::vector<Suppression> sups = {by_range, by_path};
  std::vector<Finding> hidden;
  int n = apply_suppressions(fs, sups, day("2026-01-01"), &hidden);
  CHECK(n == 3);
  CHECK(hidden.size() == 3);
  REQUIRE(fs.size() == 3);
  CHECK(fs[0].path == "resource.aws_instance.db.ami");
  CHECK(fs[1].path == "resource.aws_instance.web2.ami");
  CHECK(fs[2].file.empty());
  CHECK(sups[0].hidden == 1);
  CHECK(sups[1].hidden == 2);

  // After until, the same inputs say it expired, at the finding.
  std::vector<Finding> late = {in_file(finding("AMI002", 4, "resource.aws_instance.web.ami", {50, 70}))};
  std::vector<Suppression> again = {by_range};
  CHECK(apply_suppressions(late, again, day("2027-02-01")) == 0);
  REQUIRE(late.size() == 1);
  CHECK(late[0].message == "m (suppression on line 3 expired on 2027-01-31)");
  CHECK(again[0].matches == 1);
}

TEST_CASE("an applying suppression wins over one that does not apply", "[suppress]") {
  Suppression good, bad;
  REQUIRE(parse_ignore_directive("amilint:ignore AMI002 reason=x", good));
  REQUIRE(parse_ignore_directive("amilint:ignore AMI002", bad));
  for (auto* s : {&good, &bad}) {
    s->scope = SuppressionScope::File;
    s->line = 1;
  }
  std::vector<Finding> fs = {finding("AMI002", 5)};
  std::vector<Suppression> sups = {bad, good};
  CHECK(apply_suppressions(fs, sups, 0) == 1);
  CHECK(fs.empty());
  CHECK(sups[0].matches == 1);
  CHECK(sups[0].hidden == 0);
  CHECK(sups[1].hidden == 1);
}

// ---- the command line ----

TEST_CASE("suppressed findings are counted in the summary, not printed, and do not fail the run", "[suppress][cli]") {
  TempDir d;
  d.write("stack.yaml", stack("      # amilint:ignore AMI002 reason=\"pinned\"\n"));
  Run r = run_amilint("stack.yaml", d.path);
  CHECK(r.code == 0);
  CHECK(r.out.empty());
  CHECK(r.err.find("0 errors, 0 warnings, 0 infos in 1 template (1 file checked, 1 suppressed)") != std::string::npos);
  Run j = run_amilint("--format json stack.yaml", d.path);
  auto doc = nlohmann::json::parse(j.out);
  CHECK(doc["findings"].empty());
  CHECK(doc["summary"]["suppressed"] == 1);
  CHECK(doc["summary"]["warnings"] == 0);
}

TEST_CASE("now decides whether a suppression has expired", "[suppress][cli]") {
  TempDir d;
  d.write("stack.yaml", stack("      # amilint:ignore AMI002 reason=\"pinned\" until=2027-01-31\n"));
  Run before = run_amilint("stack.yaml --now 2027-01-31T23:00:00Z", d.path);
  CHECK(before.code == 0);
  CHECK(before.out.empty());
  Run after = run_amilint("stack.yaml --now 2027-02-01T00:00:00Z", d.path);
  CHECK(after.code == 1);
  CHECK(after.out.find("stack.yaml:7:16: warning: hard-coded AMI ID") == 0);
  CHECK(after.out.find("(suppression on line 6 expired on 2027-01-31) [AMI002 hardcoded-ami-id]") != std::string::npos);
}

TEST_CASE("list suppressions prints used and unused ones, as text and json", "[suppress][cli]") {
  TempDir d;
  d.write("a.yaml", stack("      # amilint:ignore AMI002 reason=\"pinned for the 2024 audit\" until=2027-01-31\n"));
  d.write("b.yaml", stack("      # amilint:ignore AMI010,AMI99 reason=\"never fires\"\n"));
  d.write("c.yaml", stack("", " # amilint:ignore hardcoded-ami-id"));
  d.write("d.yaml", kTwoResourcesYaml);
  Run r = run_amilint("--list-suppressions --now 2026-01-01T00:00:00Z .", d.path);
  CHECK(r.code == 0);
  CHECK(r.out ==
        "a.yaml:6: AMI002 reason=\"pinned for the 2024 audit\" until=2027-01-31: used (1 finding)\n"
        "b.yaml:6: AMI010,AMI99 reason=\"never fires\" until=never: unused; unknown rule 'AMI99' (did you mean 'AMI009'?)\n"
        "c.yaml:6: hardcoded-ami-id no reason until=never: does not apply: no reason (matches 1 finding)\n"
        "d.yaml:8: hardcoded-ami-id reason=\"pinned for the audit\" until=2027-01-31: used (1 finding)\n");
  Run later = run_amilint("--list-suppressions --now 2027-06-01T00:00:00Z a.yaml", d.path);
  CHECK(later.out == "a.yaml:6: AMI002 reason=\"pinned for the 2024 audit\" until=2027-01-31: expired on 2027-01-31 "
                     "(matches 1 finding)\n");
  CHECK(later.code == 0);

  Run j = run_amilint("--list-suppressions --format json --now 2026-01-01T00:00:00Z .", d.path);
  CHECK(j.code == 0);
  auto arr = nlohmann::json::parse(j.out);
  REQUIRE(arr.is_array());
  REQUIRE(arr.size() == 4);
  CHECK(arr[0]["file"] == "a.yaml");
  CHECK(arr[0]["line"] == 6);
  CHECK(arr[0]["origin"] == "comment");
  CHECK(arr[0]["rules"] == nlohmann::json::array({"AMI002"}));
  CHECK(arr[0]["reason"] == "pinned for the 2024 audit");
  CHECK(arr[0]["until"] == "2027-01-31");
  CHECK(arr[0]["status"] == "used");
  CHECK(arr[1]["status"] == "unused");
  CHECK(arr[1]["notes"] == nlohmann::json::array({"unknown rule 'AMI99' (did you mean 'AMI009'?)"}));
  CHECK(arr[2]["status"] == "no-reason");
  CHECK(arr[2]["reason"].is_null());
  CHECK(arr[2]["matches"] == 1);
  CHECK(arr[3]["origin"] == "metadata");

  CHECK(run_amilint("--list-suppressions missing-dir", d.path).code == 2);
  CHECK(run_amilint("--list-suppressions --format yaml .", d.path).code == 2);
}
