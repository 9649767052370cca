// The text format on a terminal, through the real binary: --color (on a pseudo-
// terminal and through pipes), --show-source, --statistics and --quiet.
#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstring>
#include <map>
#include <set>
#include <nlohmann/json.hpp>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "linter/report/report.h"
#include "tests/test_util.h"

namespace fs = std::filesystem;
using amilint_test::run_amilint;
using amilint_test::TempDir;

namespace {

struct PtyRun {
  int code = -1;
  std::string out, err;
};

// Runs amilint args in dir with stdout and/or stderr on a pseudo-terminal (in raw
// mode, so the bytes are as written) and the other stream in a file. The color
// variables are unset and TERM is xterm unless env sets them ("NAME=value").
PtyRun run_on_pty(const std::vector<std::string>& args, const fs::path& dir, bool out_tty, bool err_tty,
                  const std::vector<std::string>& env = {}) {
  struct termios raw;
  cfmakeraw(&raw);
  int master = -1, slave = -1;
  REQUIRE(openpty(&master, &slave, nullptr, &raw, nullptr) == 0);
  fs::path out_file = dir / ".pty-stdout", err_file = dir / ".pty-stderr";
  pid_t pid = fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    setsid();
    int devnull = open("/dev/null", O_RDONLY);
    int out = out_tty ? slave : open(out_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    int err = err_tty ? slave : open(err_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    dup2(devnull, 0);
    dup2(out, 1);
    dup2(err, 2);
    close(master);
    if (chdir(dir.c_str()) != 0) _exit(126);
    for (const char* v : {"NO_COLOR", "FORCE_COLOR", "CLICOLOR_FORCE"}) unsetenv(v);
    setenv("TERM", "xterm", 1);
    for (const auto& kv : env) {
      size_t eq = kv.find('=');
      setenv(kv.substr(0, eq).c_str(), kv.substr(eq + 1).c_str(), 1);
    }
    std::vector<char*> argv{const_cast<char*>(AMILINT_BINARY)};
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    execv(AMILINT_BINARY, argv.data());
    _exit(127);
  }
  close(slave);
  PtyRun r;
  std::string tty;
  char buf[4096];
  for (;;) {  // until the child closes the terminal (read fails with EIO), at most 60 s
    struct pollfd p{master, POLLIN, 0};
    if (poll(&p, 1, 60000) <= 0) {
      kill(pid, SIGKILL);
      break;
    }
    ssize_t n = read(master, buf, sizeof buf);
    if (n <= 0) break;
    tty.append(buf, static_cast<size_t>(n));
  }
  close(master);
  int status = 0;
  waitpid(pid, &status, 0);
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  auto slurp = [](const fs::path& p) {
    std::ifstream f(p, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(f), {});
  };
  r.out = out_tty ? tty : slurp(out_file);
  r.err = err_tty ? (out_tty ? std::string() : tty) : slurp(err_file);
  fs::remove(out_file);
  fs::remove(err_file);
  return r;
}

bool has_escape(const std::string& s) { return s.find("\x1b[") != std::string::npos; }

std::string strip_escapes(const std::string& s) { return std::regex_replace(s, std::regex("\x1b\\[[0-9;]*m"), ""); }

const char* kTemplate =
    "AWSTemplateFormatVersion: '2010-09-09'\n"
    "Resources:\n"
    "  Web:\n"
    "    Type: AWS::EC2::Instance\n"
    "    Properties:\n"
    "      ImageId: ami-0ABCDEF1234567890\n"
    "  Api:\n"
    "    Type: AWS::EC2::Instance\n"
    "    Properties:\n"
    "      ImageId: ami-0abcdef1234567890\n";

}  // namespace

TEST_CASE("color auto colors a terminal, each stream on its own", "[terminal]") {
  TempDir d;
  d.write("t.yaml", kTemplate);
  PtyRun both = run_on_pty({"t.yaml"}, d.path, true, true);
  CHECK(both.code == 1);
  CHECK(has_escape(both.out));
  // the location bold, the error red, the rule dim; the summary (after it) in red
  CHECK(both.out.find("\x1b[1mt.yaml:6:16:\x1b[0m \x1b[1;31merror:\x1b[0m ") != std::string::npos);
  CHECK(both.out.find("\x1b[2m[AMI001 malformed-ami-id]\x1b[0m\n") != std::string::npos);
  CHECK(both.out.find("\x1b[1;33mwarning:\x1b[0m ") != std::string::npos);
  CHECK(both.out.find("\x1b[1;31mamilint: 1 error, 1 warning") != std::string::npos);

  PtyRun out_only = run_on_pty({"t.yaml"}, d.path, true, false);
  CHECK(has_escape(out_only.out));
  CHECK_FALSE(has_escape(out_only.err));
  CHECK(out_only.err.rfind("amilint: 1 error, 1 warning", 0) == 0);

  PtyRun err_only = run_on_pty({"t.yaml"}, d.path, false, true);
  CHECK_FALSE(has_escape(err_only.out));
  CHECK(err_only.out.rfind("t.yaml:6:16: error: ", 0) == 0);
  CHECK(err_only.err.rfind("\x1b[1;31mamilint: 1 error", 0) == 0);

  // Without findings the summary is green.
  d.write("t.yaml", "AWSTemplateFormatVersion: '2010-09-09'\nResources: {}\n");
  PtyRun clean = run_on_pty({"t.yaml"}, d.path, true, true);
  CHECK(clean.code == 0);
  CHECK(clean.out.find("\x1b[1;32mamilint: 0 errors") != std::string::npos);
}

TEST_CASE("NO_COLOR, TERM=dumb and --color never keep a terminal plain, --color always and FORCE_COLOR color a pipe",
          "[terminal]") {
  TempDir d;
  d.write("t.yaml", kTemplate);
  PtyRun no_color = run_on_pty({"t.yaml"}, d.path, true, true, {"NO_COLOR=1"});
  CHECK(no_color.code == 1);
  CHECK(no_color.out.find("t.yaml:6:16: error:") != std::string::npos);
  CHECK_FALSE(has_escape(no_color.out));
  // NO_COLOR set but empty does not count (no-color.org)
  CHECK(has_escape(run_on_pty({"t.yaml"}, d.path, true, true, {"NO_COLOR="}).out));
  CHECK_FALSE(has_escape(run_on_pty({"t.yaml"}, d.path, true, true, {"TERM=dumb"}).out));
  PtyRun never = run_on_pty({"--color", "never", "t.yaml"}, d.path, true, true, {"FORCE_COLOR=1"});
  CHECK(never.out.find("t.yaml:6:16: error:") != std::string::npos);
  CHECK_FALSE(has_escape(never.out));
  // an explicit --color always wins over NO_COLOR
  CHECK(has_escape(run_on_pty({"--color", "always", "t.yaml"}, d.path, true, true, {"NO_COLOR=1"}).out));

  auto plain = run_amilint("t.yaml", d.path);
  CHECK_FALSE(has_escape(plain.out));
  CHECK_FALSE(has_escape(plain.err));
  auto always = run_amilint("--color always t.yaml", d.path);
  CHECK(always.code == plain.code);
  CHECK(has_escape(always.out));
  CHECK(has_escape(always.err));
  // without its colors the text is byte for byte the plain text
  CHECK(strip_escapes(always.out) == plain.out);
  CHECK(strip_escapes(always.err) == plain.err);
  CHECK(has_escape(run_amilint("t.yaml", d.path, 600, AMILINT_BINARY, "env FORCE_COLOR=1 ").out));
  CHECK(has_escape(run_amilint("t.yaml", d.path, 600, AMILINT_BINARY, "env CLICOLOR_FORCE=1 ").out));
  CHECK_FALSE(has_escape(run_amilint("t.yaml", d.path, 600, AMILINT_BINARY, "env FORCE_COLOR=0 ").out));
  CHECK_FALSE(has_escape(run_amilint("t.yaml", d.path, 600, AMILINT_BINARY, "env NO_COLOR=1 FORCE_COLOR=1 ").out));
  // colors only in the text format
  CHECK_FALSE(has_escape(run_amilint("--color always --format json t.yaml", d.path).out));
  CHECK_FALSE(has_escape(run_amilint("--color always --format github t.yaml", d.path).out));
  CHECK(run_amilint("--color sometimes t.yaml", d.path).code == 2);
}

TEST_CASE("an output file is colored only with --color always", "[terminal]") {
  TempDir d;
  d.write("t.yaml", kTemplate);
  PtyRun run = run_on_pty({"--output", "report.txt", "t.yaml"}, d.path, true, true);
  CHECK(run.code == 1);
  std::string report = d.read("report.txt");
  CHECK(report.rfind("t.yaml:6:16: error: ", 0) == 0);
  CHECK_FALSE(has_escape(report));
  CHECK(has_escape(run.out));  // the summary, on the terminal
  run_on_pty({"--output", "report.txt", "--color", "always", "t.yaml"}, d.path, true, true);
  CHECK(has_escape(d.read("report.txt")));
}

TEST_CASE("the text form without color is unchanged", "[terminal]") {
  TempDir d;
  d.write("t.yaml", kTemplate);
  auto r = run_amilint("--select AMI001 t.yaml", d.path);
  CHECK(r.code == 1);
  CHECK(r.out ==
        "t.yaml:6:16: error: 'ami-0ABCDEF1234567890' is not an AMI ID (uppercase hex digits): write "
        "'ami-0abcdef1234567890' [AMI001 malformed-ami-id]\n");
  CHECK(r.err == "amilint: 1 error, 0 warnings, 0 infos in 1 template (1 file checked)\n");
}

TEST_CASE("show-source underlines the exact value: plain, tab-indented and multi-byte lines", "[terminal]") {
  TempDir d;
  d.write("plain.yaml", kTemplate);
  auto plain = run_amilint("--select AMI001 --show-source plain.yaml", d.path);
  CHECK(plain.code == 1);
  std::string first = plain.out.substr(0, plain.out.find('\n') + 1);
  CHECK(first.rfind("plain.yaml:6:16: error: ", 0) == 0);
  CHECK(plain.out == first +
                         "  6 |       ImageId: ami-0ABCDEF1234567890\n"
                         "    |                ^^^^^^^^^^^^^^^^^^^^^\n");

  // Tabs: four indenting the key and one after it (to the next 4-column stop),
  // expanded alike in the line and the underline.
  d.write("tabs.json",
          "{\n\t\"Resources\": {\n\t\t\"Web\": {\n\t\t\t\"Type\": \"AWS::EC2::Instance\",\n"
          "\t\t\t\"Properties\": {\n\t\t\t\t\"ImageId\":\t\"ami-0ABCDEF1234567890\"\n\t\t\t}\n\t\t}\n\t}\n}\n");
  auto tabs = run_amilint("--select AMI001 --show-source tabs.json", d.path);
  CHECK(tabs.out.rfind("tabs.json:6:16: error: ", 0) == 0);
  CHECK(tabs.out.substr(tabs.out.find('\n') + 1) ==
        "  6 |                 \"ImageId\":  \"ami-0ABCDEF1234567890\"\n"
        "    |                             ^^^^^^^^^^^^^^^^^^^^^^^\n");

  // Multi-byte UTF-8 before the value: columns count code points (ï is 2 bytes, 日 and
  // 本 3 bytes and two terminal columns each), the underline counts terminal columns.
  d.write("utf8.yaml",
          "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  Web:\n    Type: AWS::EC2::Instance\n"
          "    Properties: {UserData: \"na\xC3\xAFve \xE6\x97\xA5\xE6\x9C\xAC\", ImageId: ami-0ABCDEF1234567890}\n");
  auto utf8 = run_amilint("--select AMI001 --show-source utf8.yaml", d.path);
  CHECK(utf8.out.rfind("utf8.yaml:5:49: error: ", 0) == 0);
  CHECK(utf8.out.substr(utf8.out.find('\n') + 1) ==
        "  5 |     Properties: {UserData: \"na\xC3\xAFve \xE6\x97\xA5\xE6\x9C\xAC\", ImageId: ami-0ABCDEF1234567890}\n"
        "    |" + std::string(1 + 50, ' ') + std::string(21, '^') + "\n");
}

TEST_CASE("show-source: ranges over several lines, long lines, line numbers, colors", "[terminal]") {
  TempDir d;
  // AMI000 at the line break inside an unclosed string: one caret after the text.
  d.write("broken.json",
          "{\n  \"AWSTemplateFormatVersion\": \"2010-09-09\",\n  \"Resources\": {\"Web\": {\"Type\": \"AWS::EC2::Instance\", "
          "\"Properties\": {\"InstanceType\": \"t3.micro\n\"}}}\n}\n");
  auto broken = run_amilint("--show-source broken.json", d.path);
  CHECK(broken.out.rfind("broken.json:3:95: error: JSON syntax error", 0) == 0);
  CHECK(broken.out.find("\n    |" + std::string(1 + 94, ' ') + "^\n") != std::string::npos);

  // A range that goes on past its first line: underlined to the line's end, then `...`.
  d.write("policy.tf",
          "resource \"aws_ec2_image_block_public_access\" \"this\" {\n  state = \"unblocked\"\n}\n"
          "resource \"aws_organizations_policy\" \"p\" {\n  name = \"p\"\n  type = \"DECLARATIVE_POLICY_EC2\"\n"
          "  content = <<-EOT\n    {\"ec2_attributes\": {\"image_block_public_access\":\n"
          "      {\"state\": {\"@@assign\": \"unblocked\"}}}}\n  EOT\n}\n");
  auto multi = run_amilint("--format json policy.tf", d.path);
  auto doc = nlohmann::json::parse(multi.out);
  bool spans = false;
  for (const auto& f : doc["findings"]) spans = spans || f["end_line"] != f["line"];
  REQUIRE(spans);
  auto shown = run_amilint("--show-source policy.tf", d.path);
  CHECK(shown.out.find("  7 |   content = <<-EOT\n    |             ^^^^^^\n    | ...\n") != std::string::npos);

  // A long line is cut around the range, which stays underlined exactly.
  std::string pad(300, 'x');
  d.write("long.json", "{\"Description\": \"" + pad + "\", \"Resources\": {\"Web\": {\"Type\": \"AWS::EC2::Instance\", "
                       "\"Properties\": {\"ImageId\": \"ami-0ABCDEF1234567890\"}}}, \"Outputs\": {\"O\": {\"Value\": \"" +
                       pad + "\"}}}\n");
  auto cut = run_amilint("--select AMI001 --show-source long.json", d.path);
  std::istringstream lines(cut.out);
  std::string head, line, under;
  std::getline(lines, head);
  std::getline(lines, line);
  std::getline(lines, under);
  CHECK(head.rfind("long.json:1:", 0) == 0);
  REQUIRE(line.rfind("  1 | ...", 0) == 0);
  CHECK(line.size() > 100);
  CHECK(line.size() < 140);
  CHECK(line.compare(line.size() - 3, 3, "...") == 0);
  size_t value = line.find("\"ami-0ABCDEF1234567890\"");
  REQUIRE(value != std::string::npos);
  CHECK(under == "    |" + std::string(value - 5, ' ') + std::string(23, '^'));

  // Line numbers of any width keep the gutter aligned; colors paint the gutter and carets.
  std::string many;
  for (int i = 0; i < 120; ++i) many += "# line\n";
  d.write("deep.yaml", many + kTemplate);
  auto deep = run_amilint("--select AMI001 --show-source deep.yaml", d.path);
  CHECK(deep.out.find("\n  126 |       ImageId: ami-0ABCDEF1234567890\n      |                ^^^^^") !=
        std::string::npos);
  auto colored = run_amilint("--select AMI001 --show-source --color always deep.yaml", d.path);
  CHECK(colored.out.find("\x1b[1;31m^^^^^^^^^^^^^^^^^^^^^\x1b[0m") != std::string::npos);
  CHECK(strip_escapes(colored.out) == deep.out);
}

TEST_CASE("show-source for plan JSON, tfvars and .tf.json findings", "[terminal]") {
  fs::path fixtures = fs::path(AMILINT_SOURCE_DIR) / "fixtures";
  TempDir d;
  // Every finding of these fixtures gets its line, from the text that was linted, with
  // the underline at its column (the fixtures' lines are ASCII without tabs).
  std::set<std::string> files;
  for (const char* dir : {"AMI002/plan", "AMI010/tf", "AMI002/tf", "AMI013/tf"}) {
    INFO(dir);
    std::string where = "--fail-on never '" + (fixtures / dir).string() + "'";
    auto doc = nlohmann::json::parse(run_amilint("--format json " + where, d.path).out);
    auto text = run_amilint("--show-source " + where, d.path);
    std::istringstream lines(text.out);
    std::string head, line, under;
    REQUIRE(doc["findings"].size() > 0);
    for (const auto& f : doc["findings"]) {
      std::string file = f["file"], number = std::to_string(f["line"].get<int>());
      std::getline(lines, head);
      std::getline(lines, line);
      std::getline(lines, under);
      REQUIRE(head.rfind(file + ":" + number + ":" + std::to_string(f["column"].get<int>()) + ":", 0) == 0);
      std::string gutter = "  " + number + " | ";
      REQUIRE(line.rfind(gutter, 0) == 0);
      CHECK(under.find('^') == gutter.size() + f["column"].get<size_t>() - 1);
      if (f["end_line"] != f["line"]) {
        std::getline(lines, head);
        CHECK(head == "  " + std::string(number.size(), ' ') + " | ...");
      }
      files.insert(file);
    }
    std::string rest;
    CHECK_FALSE(std::getline(lines, rest));
  }
  auto any = [&](const char* ending) {
    for (const auto& f : files)
      if (f.size() >= std::strlen(ending) && f.compare(f.size() - std::strlen(ending), std::string::npos, ending) == 0)
        return true;
    return false;
  };
  CHECK(any("plan/fire.json"));
  CHECK(any(".tf.json"));
  CHECK(any(".tfvars"));
  CHECK(any(".tfvars.json"));
}

TEST_CASE("show-source for a finding only a StackSet's regions bring", "[terminal]") {
  TempDir d;
  d.write("stacks/web.yaml",
          "AWSTemplateFormatVersion: '2010-09-09'\nMappings:\n  AmiMap:\n    us-east-1: {Ami: ami-0abcdef1234567890}\n"
          "Resources:\n  Web:\n    Type: AWS::EC2::Instance\n    Properties:\n"
          "      ImageId: !FindInMap [AmiMap, !Ref 'AWS::Region', Ami]\n");
  d.write("deploy/stackset.yaml",
          "Resources:\n  Web:\n    Type: AWS::CloudFormation::StackSet\n    Properties:\n      StackSetName: web\n"
          "      PermissionModel: SELF_MANAGED\n      TemplateURL: https://bucket.s3.amazonaws.com/stacks/web.yaml\n"
          "      StackInstancesGroup:\n        - DeploymentTargets: {Accounts: ['111122223333']}\n"
          "          Regions: [eu-west-1]\n");
  auto expect = [&](const std::string& args) {
    auto r = run_amilint("--show-source " + args, d.path);
    std::istringstream lines(r.out);
    std::string head, line, under, rest;
    std::getline(lines, head);
    std::getline(lines, line);
    std::getline(lines, under);
    CHECK(head.rfind("stacks/web.yaml:", 0) == 0);
    CHECK(head.find("[AMI014 ") != std::string::npos);
    int number = std::stoi(head.substr(16));
    std::vector<std::string> file = {"", "AWSTemplateFormatVersion: '2010-09-09'", "Mappings:", "  AmiMap:",
                                     "    us-east-1: {Ami: ami-0abcdef1234567890}", "Resources:", "  Web:",
                                     "    Type: AWS::EC2::Instance", "    Properties:",
                                     "      ImageId: !FindInMap [AmiMap, !Ref 'AWS::Region', Ami]"};
    REQUIRE(number < static_cast<int>(file.size()));
    CHECK(line == "  " + std::to_string(number) + " | " + file[static_cast<size_t>(number)]);
    CHECK(under.find('^') != std::string::npos);
    CHECK_FALSE(std::getline(lines, rest));
  };
  expect(".");
  // a large template fills what the run keeps first: the StackSet's target is read again
  std::string big = "Resources:\n";
  for (int i = 0; i < 12000; ++i)
    big += "  Topic" + std::to_string(i) + ":\n    Type: AWS::SNS::Topic\n    Properties: {TopicName: topic-" +
           std::to_string(i) + "}\n";
  d.write("big/large.yaml", big);
  expect("--jobs 1 .");
}

TEST_CASE("statistics count findings per rule", "[terminal]") {
  fs::path fixtures = fs::path(AMILINT_SOURCE_DIR) / "fixtures";
  TempDir d;
  std::string where = "'" + fixtures.string() + "'";
  auto json = run_amilint("--format json " + where, d.path);
  auto doc = nlohmann::json::parse(json.out);
  std::map<std::pair<std::string, std::string>, int> want;
  for (const auto& f : doc["findings"]) ++want[{f["rule"].get<std::string>(), f["severity"].get<std::string>()}];
  REQUIRE(want.size() > 5);

  auto stats_json = run_amilint("--statistics --format json " + where, d.path);
  CHECK(stats_json.code == json.code);
  auto stats = nlohmann::json::parse(stats_json.out);
  REQUIRE(stats.is_array());
  std::map<std::pair<std::string, std::string>, int> got;
  int previous = 1 << 30;
  std::string previous_code;
  for (const auto& s : stats) {
    REQUIRE(s.size() == 4);
    got[{s["code"].get<std::string>(), s["severity"].get<std::string>()}] = s["count"].get<int>();
    int count = s["count"].get<int>();
    CHECK((count < previous || (count == previous && s["code"].get<std::string>() >= previous_code)));
    previous = count;
    previous_code = s["code"].get<std::string>();
  }
  CHECK(got == want);

  auto stats_text = run_amilint("--statistics " + where, d.path);
  CHECK(stats_text.code == json.code);
  CHECK(stats_text.err.rfind("amilint: ", 0) == 0);
  std::istringstream lines(stats_text.out);
  std::string line;
  size_t i = 0;
  while (std::getline(lines, line)) {
    REQUIRE(i < stats.size());
    std::istringstream words(line);
    int count;
    std::string code, name, severity;
    words >> count >> code >> name >> severity;
    CHECK(count == stats[i]["count"].get<int>());
    CHECK(code == stats[i]["code"].get<std::string>());
    CHECK(name == stats[i]["name"].get<std::string>());
    CHECK(severity == stats[i]["severity"].get<std::string>());
    ++i;
  }
  CHECK(i == stats.size());

  // the exit code is still the findings'
  TempDir t;
  t.write("t.yaml", std::string(kTemplate) +
                        "  Db:\n    Type: AWS::EC2::Instance\n    Properties:\n      ImageId: ami-0abcdef1234567891\n");
  auto one = run_amilint("--statistics t.yaml", t.path);
  CHECK(one.code == 1);
  CHECK(one.out == "2  AMI002  hardcoded-ami-id  warning\n1  AMI001  malformed-ami-id  error\n");
  CHECK(run_amilint("--statistics --fail-on never t.yaml", t.path).code == 0);
  CHECK(run_amilint("--statistics --format sarif t.yaml", t.path).code == 2);
  CHECK(run_amilint("--statistics --list-suppressions t.yaml", t.path).code == 2);
}

TEST_CASE("quiet prints findings only", "[terminal]") {
  TempDir d;
  d.write("t.yaml", kTemplate);
  d.write("notes.yaml", "just: a config\n");
  auto loud = run_amilint("t.yaml notes.yaml", d.path);
  CHECK(loud.err.find("amilint: note: notes.yaml: skipped") != std::string::npos);
  CHECK(loud.err.find("amilint: 1 error") != std::string::npos);
  for (const char* flag : {"--quiet", "-q"}) {
    auto quiet = run_amilint(std::string(flag) + " t.yaml notes.yaml", d.path);
    CHECK(quiet.code == loud.code);
    CHECK(quiet.out == loud.out);
    CHECK(quiet.err.empty());
  }
  auto written = run_amilint("-q --write-baseline base.json t.yaml", d.path);
  CHECK(written.err.empty());
  CHECK(written.out.empty());  // every finding is in the baseline it just wrote
  CHECK(written.code == 0);
  // errors are still printed
  auto missing = run_amilint("-q nothere.yaml", d.path);
  CHECK(missing.code == 2);
  CHECK(missing.err.find("amilint: error: ") != std::string::npos);
  CHECK(run_amilint("-q -v t.yaml", d.path).code == 2);
  // a quiet run on a terminal: only the findings
  PtyRun pty = run_on_pty({"-q", "--color", "never", "t.yaml"}, d.path, true, true);
  CHECK(pty.code == 1);
  CHECK(pty.out == loud.out);
}

TEST_CASE("source_excerpt: edge positions and any bytes", "[terminal]") {
  using amilint::Finding;
  auto excerpt = [](std::string_view text, uint32_t b, uint32_t e, int line) {
    Finding f;
    f.range = {b, e, 0};
    f.line = line;
    return amilint::source_excerpt(f, text, false);
  };
  // CRLF and a lone CR end lines; a BOM is not shown; a range at the end of the text
  CHECK(excerpt("a: 1\r\nb: 2\rc: 3", 9, 10, 2) == "  2 | b: 2\n    |    ^\n");
  CHECK(excerpt("\xEF\xBB\xBFkey: v", 8, 9, 1) == "  1 | key: v\n    |      ^\n");
  CHECK(excerpt("x: 1\n", 5, 5, 2) == "  2 | \n    | ^\n");
  CHECK(excerpt("", 0, 0, 1) == "  1 | \n    | ^\n");
  // a range only over the line break is not "more lines"; one past it is
  CHECK(excerpt("ab\ncd\n", 1, 3, 1) == "  1 | ab\n    |  ^\n");
  CHECK(excerpt("ab\ncd\n", 1, 4, 1) == "  1 | ab\n    |  ^\n    | ...\n");
  // controls and bidirectional overrides are not written to the terminal
  CHECK(excerpt("a\x1b[31mb \xE2\x80\xAE" "c", 11, 12, 1) ==
        "  1 | a\xEF\xBF\xBD[31mb \xEF\xBF\xBD" "c\n    |" + std::string(1 + 9, ' ') + "^\n");
  // a combining mark takes no column, invalid UTF-8 one
  CHECK(excerpt("e\xCC\x81 \xFFx", 5, 6, 1) == "  1 | e\xCC\x81 \xEF\xBF\xBDx\n    |" + std::string(1 + 3, ' ') + "^\n");
  // a wide character that does not fit the end of a cut line is left out, and said so
  std::string wide = std::string(197, 'a') + "\xE6\x97\xA5";  // 日 takes columns 198 and 199 of 120 shown from 79
  std::string cut = excerpt(wide, 118, 119, 1);
  CHECK(cut == "  1 | ..." + std::string(119, 'a') + "...\n    |" + std::string(1 + 3 + 40, ' ') + "^\n");
  // any text, any range: no crash, a line and an underline
  std::string alphabet[] = {"a", " ", "\t", "\n", "\r", "\xC3\xA9", "\xE6\x97\xA5", "\xFF", "\xF0\x9F\x98\x80", "xxxxxxxxxx"};
  uint32_t seed = 12345;
  auto next = [&] { return seed = seed * 1103515245u + 12345u, (seed >> 8); };
  for (int round = 0; round < 3000; ++round) {
    std::string text;
    for (uint32_t k = next() % 80; k > 0; --k) text += alphabet[next() % 10];
    if (round % 10 == 0) text += std::string(next() % 3000, 'z');
    uint32_t b = next() % (text.size() + 2), e = b + next() % 400;
    std::string out = excerpt(text, b, e, 7);
    if (out.empty()) continue;  // b inside a character
    CHECK(out.rfind("  7 | ", 0) == 0);
    CHECK(out.find("\n    | ") != std::string::npos);
    CHECK(out.find('^') != std::string::npos);
    CHECK(out.back() == '\n');
  }
}
