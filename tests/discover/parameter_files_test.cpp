// The CloudFormation parameter files the user gives (--parameters, config
// parameters): read and parsed before the run, each file once, and why one cannot be.
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "linter/discover/parameter_files.h"
#include "tests/test_util.h"

using namespace amilint;
using amilint_test::InDir;
using amilint_test::TempDir;
namespace fs = std::filesystem;

TEST_CASE("read_parameter_files: each file read once, however many requests name it", "[discover][parameters]") {
  TempDir t;
  t.write("params/prod.json", "[{\"ParameterKey\": \"AmiId\", \"ParameterValue\": \"ami-1\"}]\n");
  t.write("params/dev.yaml", "# dev\nAmiId: ami-2\nEnv: dev\n");
  t.write("params/ci.yml", "- Env=ci\n");
  t.write("params/plain", "{\"Env\": \"x\"}");
  InDir in(t.path);
  std::vector<std::string> errors;
  auto read = read_parameter_files({{"params/prod.json", "params/prod.json"},
                                    {"./params/../params/prod.json", "again.json"},
                                    {"params/dev.yaml", "params/dev.yaml"},
                                    {"params/ci.yml", "params/ci.yml"},
                                    {"params/plain", "params/plain"}},
                                   errors);
  REQUIRE(read.size() == 5);
  REQUIRE(errors.size() == 5);
  for (size_t i = 0; i < read.size(); ++i) {
    INFO(i);
    REQUIRE(read[i]);
    CHECK(errors[i].empty());
    REQUIRE(read[i]->file);
    CHECK_FALSE(read[i]->file->named);
  }
  // One file by two paths: one ParameterFile, named by the first request.
  CHECK(read[0] == read[1]);
  CHECK(read[0]->file->display == "params/prod.json");
  CHECK(read[0]->file->path == "params/prod.json");
  CHECK(read[0]->file->format == Format::CfnJson);
  REQUIRE(read[0]->values.size() == 1);
  CHECK(read[0]->values[0].name == "AmiId");
  CHECK(read[0]->values[0].value.value == "ami-1");
  std::string_view text = read[0]->file->text();
  Range r = read[0]->values[0].value.range;
  CHECK(text.substr(r.begin, r.end - r.begin) == "\"ami-1\"");
  // YAML by its extension, JSON otherwise.
  CHECK(read[2]->file->format == Format::CfnYaml);
  REQUIRE(read[2]->values.size() == 2);
  CHECK(read[2]->values[1].name == "Env");
  CHECK(read[2]->values[1].value.value == "dev");
  CHECK(read[3]->file->format == Format::CfnYaml);
  REQUIRE(read[3]->values.size() == 1);
  CHECK(read[3]->values[0].value.value == "ci");
  CHECK(read[4]->file->format == Format::CfnJson);
  CHECK(read[4]->values.size() == 1);
}

TEST_CASE("read_parameter_files: a file that cannot be read or parsed says why, at LINE:COL",
          "[discover][parameters]") {
  TempDir t;
  t.write("ok.json", "{\"Env\": \"prod\"}");
  t.write("shape.json", "{\n  \"AmiId\": {\"us-east-1\": \"ami-1\"}\n}\n");
  t.write("syntax.json", "{\"AmiId\": \"ami-1\",}");
  t.write("shape.yaml", "- ParameterKey: A\n  ParamterValue: x\n");
  t.write("json.yaml", "{\"A\": \"x\"}");  // YAML reads JSON too
  t.write("yaml.json", "A: x\n");           // JSON does not read YAML
  fs::create_directories(t.path / "dir.json");
  InDir in(t.path);
  std::vector<std::string> errors;
  auto read = read_parameter_files({{"missing.json", "missing.json"},
                                    {"dir.json", "dir.json"},
                                    {"shape.json", "shape.json"},
                                    {"syntax.json", "syntax.json"},
                                    {"shape.yaml", "shape.yaml"},
                                    {"ok.json", "ok.json"},
                                    {"shape.json", "again.json"},
                                    {"json.yaml", "json.yaml"},
                                    {"yaml.json", "yaml.json"}},
                                   errors);
  REQUIRE(read.size() == 9);
  const std::string forms = std::string("; expected ") + kParameterFileForms;
  CHECK(forms ==
        "; expected [{\"ParameterKey\": ..., \"ParameterValue\": ...}], {\"Name\": \"value\"} or {\"Parameters\": {...}}");
  CHECK_FALSE(read[0]);
  CHECK(errors[0] == "cannot read it (No such file or directory)");
  CHECK_FALSE(read[1]);
  CHECK(errors[1] == "cannot read it (Is a directory)");
  CHECK_FALSE(read[2]);
  CHECK(errors[2] == "2:12: parameter 'AmiId' is a mapping; a value is a string, a number, a boolean or a list of them" +
                         forms);
  CHECK_FALSE(read[3]);
  CHECK(errors[3].rfind("1:19: JSON syntax error: unexpected '}'", 0) == 0);
  CHECK(errors[3].find("; expected [{") == std::string::npos);  // a syntax error is not told the shapes
  CHECK_FALSE(read[4]);
  CHECK(errors[4].rfind("2:3: unknown key 'ParamterValue' in a parameter entry (did you mean 'ParameterValue'?)", 0) ==
        0);
  REQUIRE(read[5]);
  CHECK(errors[5].empty());
  CHECK_FALSE(read[6]);  // the same file again: the same error
  CHECK(errors[6] == errors[2]);
  REQUIRE(read[7]);
  CHECK(read[7]->values.size() == 1);
  CHECK_FALSE(read[8]);
  CHECK(errors[8].rfind("1:1: JSON syntax error", 0) == 0);
}

TEST_CASE("read_parameter_files: no request, no file", "[discover][parameters]") {
  std::vector<std::string> errors{"stale"};
  CHECK(read_parameter_files({}, errors).empty());
  CHECK(errors.empty());
}

TEST_CASE("is_yaml_parameter_file: .yaml and .yml", "[discover][parameters]") {
  CHECK(is_yaml_parameter_file("p/prod.yaml"));
  CHECK(is_yaml_parameter_file("prod.yml"));
  CHECK_FALSE(is_yaml_parameter_file("prod.json"));
  CHECK_FALSE(is_yaml_parameter_file("prod.yaml.json"));
  CHECK_FALSE(is_yaml_parameter_file("yaml"));
}
