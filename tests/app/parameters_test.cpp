// CloudFormation parameter files through the real binary and the config parser:
// `--parameters FILE` (repeatable) and config `parameters` (top level and overrides),
// read and parsed before anything is linted; a file that is missing or not a
// parameter file is a usage or configuration error naming it, at its line and column.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "linter/app/config.h"
#include "linter/engine/engine.h"
#include "linter/load/parameter_file.h"
#include "tests/test_util.h"

using namespace amilint_test;

namespace {

// A template without AMIs: nothing to find, whatever its parameters are.
const char* kStack =
    "AWSTemplateFormatVersion: '2010-09-09'\n"
    "Parameters:\n"
    "  AmiId:\n"
    "    Type: String\n"
    "    Default: ''\n"
    "Resources:\n"
    "  Bucket:\n"
    "    Type: AWS::S3::Bucket\n";

const char* kForms =
    "; expected [{\"ParameterKey\": ..., \"ParameterValue\": ...}], {\"Name\": \"value\"} or {\"Parameters\": {...}}";

void write_params(const TempDir& t) {
  t.write("stack.yaml", kStack);
  t.write("params/prod.json", "[\n  {\"ParameterKey\": \"AmiId\", \"ParameterValue\": \"ami-0123456789abcdef0\"}\n]\n");
  t.write("params/dev.yaml", "AmiId: ami-0123456789abcdef0\nEnv: dev\n");
  t.write("params/pipeline.json", "{\"Parameters\": {\"AmiId\": \"ami-1\"}, \"Tags\": {\"team\": \"web\"}}\n");
  t.write("params/overrides.json", "[\"AmiId=ami-1\", \"Env=prod\"]\n");
  t.write("params/bad.json", "{\n  \"AmiId\": {\"us-east-1\": \"ami-1\"}\n}\n");
  t.write("params/broken.json", "{\"AmiId\": \"ami-1\",}\n");
}

}  // namespace

TEST_CASE("parameters option: good files of every form lint a clean template with exit 0", "[parameters][cli]") {
  TempDir t(true);
  write_params(t);
  for (const char* args : {"--parameters params/prod.json", "--parameters params/dev.yaml",
                           "--parameters params/pipeline.json", "--parameters ./params/overrides.json",
                           "--parameters params/prod.json --parameters params/dev.yaml --parameters params/prod.json"}) {
    Run r = run_amilint(std::string("--no-config ") + args + " stack.yaml", t.path, 60);
    INFO(args << "\n" << r.err);
    CHECK(r.code == 0);
    CHECK(r.out.empty());
    CHECK(r.err.find("amilint: error") == std::string::npos);
  }
  // Relative to the current directory.
  Run sub = run_amilint("--no-config --parameters ../params/prod.json ../stack.yaml", t.path / "params", 60);
  CHECK(sub.code == 0);
}

TEST_CASE("parameters option: a file that is missing or not a parameter file is a usage error", "[parameters][cli]") {
  TempDir t(true);
  write_params(t);
  fs::create_directories(t.path / "dir.json");
  struct Case {
    const char* args;
    std::string error;
  } cases[] = {
      {"--parameters params/nope.json stack.yaml",
       "amilint: error: --parameters params/nope.json: cannot read it (No such file or directory); --parameters paths "
       "are relative to the current directory\n"},
      {"--parameters params/prdo.json stack.yaml",
       "amilint: error: --parameters params/prdo.json: cannot read it (No such file or directory) (did you mean "
       "'params/prod.json'?)\n"},
      {"--parameters params/dev.yml stack.yaml",
       "amilint: error: --parameters params/dev.yml: cannot read it (No such file or directory) (did you mean "
       "'params/dev.yaml'?)\n"},
      {"--parameters dir.json stack.yaml",
       "amilint: error: --parameters dir.json: cannot read it (Is a directory); see 'amilint --help'\n"},
      {"--parameters params/bad.json stack.yaml",
       std::string("amilint: error: --parameters params/bad.json: params/bad.json:2:12: parameter 'AmiId' is a "
                   "mapping; a value is a string, a number, a boolean or a list of them") +
           kForms + "\n"},
      {"--parameters ./params/broken.json stack.yaml",
       "amilint: error: --parameters ./params/broken.json: params/broken.json:1:19: JSON syntax error: unexpected '}'; "
       "expected a quoted key (remove the trailing comma before it)\n"},
      {"--parameters stack.yaml stack.yaml",
       std::string("amilint: error: --parameters stack.yaml: stack.yaml:1:1: this is a CloudFormation template, not a "
                   "parameter file") +
           kForms + "\n"},
      {"--parameters params/prod.json --parameters gone.yaml stack.yaml",
       "amilint: error: --parameters gone.yaml: cannot read it (No such file or directory); --parameters paths are "
       "relative to the current directory\n"},
      {"stack.yaml --parameters", "amilint: error: --parameters needs a value (FILE); see 'amilint --help'\n"},
  };
  for (const auto& c : cases) {
    Run r = run_amilint(std::string("--no-config ") + c.args, t.path, 60);
    INFO(c.args);
    CHECK(r.code == 2);
    CHECK(r.out.empty());
    CHECK(r.err == c.error);
  }
}

TEST_CASE("parameters option: listed in --help with the input options", "[parameters][cli]") {
  TempDir t;
  Run help = run_amilint("--help", t.path, 60);
  CHECK(help.code == 0);
  size_t input = help.out.find("\nInput:\n");
  size_t option = help.out.find("\n  --parameters FILE ");
  size_t next = help.out.find("\nRegions and AMIs:\n");
  CHECK(input != std::string::npos);
  CHECK(option != std::string::npos);
  CHECK(input < option);
  CHECK(option < next);
}

TEST_CASE("config parameters: relative to the config file, at the top level and in overrides", "[parameters][config]") {
  TempDir t(true);
  write_params(t);
  t.write("infra/stacks/web.yaml", kStack);
  t.write("infra/params/prod.json", "{\"AmiId\": \"ami-1\"}\n");
  t.write("infra/.amilint.yaml",
          "parameters: [params/prod.json]\n"
          "overrides:\n"
          "  - paths: ['stacks/**']\n"
          "    parameters: ../params/dev.yaml\n");
  // From the config's directory, from below it, and with --config from above it.
  CHECK(run_amilint("stacks", t.path / "infra", 60).code == 0);
  CHECK(run_amilint("web.yaml", t.path / "infra/stacks", 60).code == 0);
  CHECK(run_amilint("--config infra/.amilint.yaml --parameters params/prod.json infra/stacks", t.path, 60).code == 0);
}

TEST_CASE("config parameters: a file that is missing or not a parameter file is a configuration error at its entry",
          "[parameters][config]") {
  TempDir t(true);
  write_params(t);
  t.write("cfg/.amilint.yaml",
          "parameters:\n"
          "  - ../params/prod.json\n"
          "overrides:\n"
          "  - paths: [nothing]\n"
          "    parameters: [../params/gone.json]\n");
  Run r = run_amilint("--config cfg/.amilint.yaml stack.yaml", t.path, 60);
  CHECK(r.code == 2);
  CHECK(r.out.empty());
  CHECK(r.err == "amilint: error: cfg/.amilint.yaml:5:18: parameters entry '../params/gone.json': cannot read it (No "
                 "such file or directory); parameters paths are relative to the config file's directory\n");
  t.write("cfg/.amilint.yaml", "parameters: [../params/prod.json, ../params/bad.json]\n");
  Run bad = run_amilint("--config cfg/.amilint.yaml stack.yaml", t.path, 60);
  CHECK(bad.code == 2);
  CHECK(bad.err == std::string("amilint: error: cfg/.amilint.yaml:1:35: parameters entry '../params/bad.json': "
                               "params/bad.json:2:12: parameter 'AmiId' is a mapping; a value is a string, a number, "
                               "a boolean or a list of them") +
                       kForms + "\n");
  // Before --parameters' files: the config's error is the one reported.
  Run both = run_amilint("--config cfg/.amilint.yaml --parameters params/nope.json stack.yaml", t.path, 60);
  CHECK(both.err.find("cfg/.amilint.yaml:1:35: parameters entry") != std::string::npos);
  t.write(".amilint.yaml", "parameters: [params/broken.json]\n");
  Run broken = run_amilint("stack.yaml", t.path, 60);
  CHECK(broken.code == 2);
  CHECK(broken.err == "amilint: error: .amilint.yaml:1:14: parameters entry 'params/broken.json': "
                      "params/broken.json:1:19: JSON syntax error: unexpected '}'; expected a quoted key (remove the "
                      "trailing comma before it)\n");
}

TEST_CASE("config parameters: parsed at the top level and per path, each entry where it is written",
          "[parameters][config]") {
  using namespace amilint;
  Config c;
  std::string error;
  REQUIRE(parse_config("parameters: [params/a.json, /abs/b.yaml]\n"
                       "overrides:\n"
                       "  - paths: ['eu/**']\n"
                       "    parameters: ../shared/eu.json\n",
                       "cfg/.amilint.yaml", "cfg", c, error));
  CHECK(error.empty());
  REQUIRE(c.base.parameters.size() == 2);
  CHECK(c.base.parameters[0].written == "params/a.json");
  CHECK(c.base.parameters[0].path == "cfg/params/a.json");
  CHECK(c.base.parameters[0].where == "cfg/.amilint.yaml:1:14");
  CHECK_FALSE(c.base.parameters[0].file);
  CHECK(c.base.parameters[1].path == "/abs/b.yaml");
  CHECK(c.base.parameters[1].where == "cfg/.amilint.yaml:1:29");
  REQUIRE(c.overrides.size() == 1);
  REQUIRE(c.overrides[0].layer.parameters.size() == 1);
  CHECK(c.overrides[0].layer.parameters[0].path == "shared/eu.json");
  CHECK(c.overrides[0].layer.parameters[0].where == "cfg/.amilint.yaml:4:17");
  Config none;
  REQUIRE(parse_config("regions: [us-east-1]\n", ".amilint.yaml", "", none, error));
  CHECK(none.base.parameters.empty());

  struct Case {
    const char* text;
    const char* message;
  } cases[] = {
      {"parameter: [a.json]\n", ".amilint.yaml:1:1: unknown key 'parameter' (did you mean 'parameters'?)"},
      {"parameters: {a: b.json}\n",
       ".amilint.yaml:1:13: parameters must be a list of CloudFormation parameter files relative to the config file, "
       "e.g. [params/prod.json]"},
      {"parameters:\n", ".amilint.yaml:1:1: parameters must be a list of CloudFormation parameter files"},
      {"parameters: [a.json, [b.json]]\n", ".amilint.yaml:1:22: each item of parameters must be a string"},
      {"parameters: [a.json, '']\n", ".amilint.yaml:1:22: each item of parameters must be a string"},
      {"overrides:\n  - paths: ['a/**']\n    Parameters: [a.json]\n",
       ".amilint.yaml:3:5: unknown key 'Parameters' in an overrides entry (did you mean 'parameters'?); it takes "
       "paths, regions, dr_regions, trusted_accounts, var_files, parameters or rules"},
      {"overrides:\n  - paths: ['a/**']\n    parameters: 3\n", nullptr},  // a scalar is one path
  };
  for (const auto& k : cases) {
    INFO(k.text);
    Config out;
    std::string why;
    bool ok = parse_config(k.text, ".amilint.yaml", "", out, why);
    if (!k.message) {
      CHECK(ok);
      continue;
    }
    CHECK_FALSE(ok);
    CHECK(why.rfind(k.message, 0) == 0);
  }
}

TEST_CASE("config parameters: apply_layer adds a layer's files after the ones the options have",
          "[parameters][config]") {
  using namespace amilint;
  auto a = std::make_shared<ParameterFile>();
  auto b = std::make_shared<ParameterFile>();
  auto c = std::make_shared<ParameterFile>();
  ConfigLayer top, over;
  top.parameters.push_back({"a.json", "a.json", ".amilint.yaml:1:14", a});
  top.parameters.push_back({"unread.json", "unread.json", ".amilint.yaml:1:22", nullptr});  // not read: nothing
  over.parameters.push_back({"b.json", "b.json", ".amilint.yaml:4:19", b});
  over.parameters.push_back({"a.json", "a.json", ".amilint.yaml:4:27", a});
  EngineOptions o;
  o.parameter_files.push_back(c);
  apply_layer(top, o);
  apply_layer(over, o);
  REQUIRE(o.parameter_files.size() == 4);
  CHECK(o.parameter_files[0] == c);
  CHECK(o.parameter_files[1] == a);
  CHECK(o.parameter_files[2] == b);
  CHECK(o.parameter_files[3] == a);
}

// The values are what the stack is deployed with: a finding on one points into the
// file that gives it, and config overrides scope a file to the stacks under its paths.
TEST_CASE("parameters: values are judged as deployed, findings point into the file, overrides scope them",
          "[parameters][config][cli]") {
  TempDir t(true);
  const char* stack =
      "AWSTemplateFormatVersion: '2010-09-09'\n"
      "Parameters:\n"
      "  AmiId:\n"
      "    Type: AWS::EC2::Image::Id\n"
      "Resources:\n"
      "  Web:\n"
      "    Type: AWS::EC2::Instance\n"
      "    Properties:\n"
      "      ImageId: !Ref AmiId\n";
  t.write("stacks/us/web.yaml", stack);
  t.write("stacks/eu/web.yaml", stack);
  t.write("params/us.json", "[{\"ParameterKey\": \"AmiId\", \"ParameterValue\": \"ami-1234\"}]\n");
  t.write("params/eu.json", "{\"AmiId\": \"ami-0123456789abcdef0\"}\n");
  t.write("params/eu-fixed.json", "{\"AmiId\": \"ami-0123456789abcdef1\"}\n");
  t.write(".amilint.yaml",
          "parameters: [params/us.json]\n"
          "overrides:\n"
          "  - paths: [\"stacks/eu/**\"]\n"
          "    regions: [eu-west-1]\n"
          "    parameters: [params/eu.json]\n");
  // A region map elsewhere in the eu stack's unit would be evidence; here the value
  // from params/us.json is malformed (AMI001) in both stacks, and the eu override's
  // file comes after it and wins there.
  Run r = run_amilint("--format json .", t.path, 60);
  INFO(r.out << r.err);
  REQUIRE(r.code == 1);
  auto has = [&](const std::string& s) { return r.out.find(s) != std::string::npos; };
  CHECK(has("\"file\": \"params/us.json\""));
  CHECK(has("'ami-1234' is not an AMI ID"));
  size_t n = 0;
  for (size_t p = r.out.find("\"rule\": \"AMI001\""); p != std::string::npos; p = r.out.find("\"rule\": \"AMI001\"", p + 1)) ++n;
  CHECK(n == 1);  // the us stack only: in the eu stack, params/eu.json's value wins
  CHECK(has("\"line\": 1,\n      \"column\": 46"));
  // The command line's file comes last and wins over the config's.
  Run fixed = run_amilint("--format json --parameters params/eu-fixed.json stacks/us", t.path, 60);
  INFO(fixed.out << fixed.err);
  CHECK(fixed.code == 0);
}
