// CloudFormation parameter files (load/parameter_file.h): every form, in JSON and
// YAML, with the exact bytes each name and value is at, and every error at the byte
// it is about.
#include <catch2/catch.hpp>

#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "linter/load/parameter_file.h"
#include "linter/source/source.h"

using namespace amilint;

namespace {

std::string_view slice(std::string_view text, Range r) { return text.substr(r.begin, r.end - r.begin); }

// "line:col" of a byte offset.
std::string at(std::string_view text, uint32_t offset) {
  Position p = LineIndex(text).position(offset);
  return std::to_string(p.line) + ":" + std::to_string(p.column);
}

struct Parsed {
  bool ok = false;
  std::vector<ParameterValue> values;
  uint32_t offset = 0;
  std::string error;
};

Parsed parse(std::string_view text, bool yaml) {
  Parsed p;
  p.ok = parse_parameter_file(text, yaml, p.values, p.offset, p.error);
  return p;
}

// name=value of every value, unknown ones as name=? (reason).
std::vector<std::string> pairs(const Parsed& p) {
  std::vector<std::string> out;
  for (const auto& v : p.values)
    out.push_back(v.name + "=" + (v.value.known() ? v.value.value : "? (" + v.value.reason + ")"));
  return out;
}

// What each name and value is written as (the bytes of their ranges).
std::vector<std::string> written(std::string_view text, const Parsed& p) {
  std::vector<std::string> out;
  for (const auto& v : p.values)
    out.push_back(std::string(slice(text, v.name_at.range)) + " -> " + std::string(slice(text, v.value.range)));
  return out;
}

// Every value: file 0, path Parameters/NAME on the value and the name.
void check_origins(const Parsed& p) {
  for (const auto& v : p.values) {
    INFO(v.name);
    CHECK(v.value.range.file == 0);
    CHECK(v.name_at.range.file == 0);
    CHECK(v.value.path == "Parameters/" + v.name);
    CHECK(v.name_at.path == "Parameters/" + v.name);
  }
}

using Lines = std::vector<std::string>;

}  // namespace

TEST_CASE("parameter file: the AWS CLI's list, JSON and YAML", "[load][parameters]") {
  const std::string json = R"([
  {"ParameterKey": "AmiId", "ParameterValue": "ami-0123456789abcdef0"},
  {"ParameterKey": "Count", "ParameterValue": 3},
  {"ParameterKey": "Public", "ParameterValue": false, "ResolvedValue": "ignored"},
  {"ParameterKey": "Subnets", "ParameterValue": "subnet-1,subnet-2"},
  {"ParameterKey": "Old", "UsePreviousValue": true},
  {"ParameterKey": "Kept", "UsePreviousValue": false, "ParameterValue": "v"}
]
)";
  Parsed p = parse(json, false);
  REQUIRE(p.ok);
  CHECK(pairs(p) == Lines{"AmiId=ami-0123456789abcdef0", "Count=3", "Public=false", "Subnets=subnet-1,subnet-2",
                          "Old=? (UsePreviousValue: the stack's current value)", "Kept=v"});
  CHECK(written(json, p) == Lines{R"("AmiId" -> "ami-0123456789abcdef0")", R"("Count" -> 3)", R"("Public" -> false)",
                                  R"("Subnets" -> "subnet-1,subnet-2")", R"("Old" -> true)", R"("Kept" -> "v")"});
  CHECK(at(json, p.values[0].value.range.begin) == "2:47");
  CHECK(p.values[4].value.unknown());
  check_origins(p);

  const std::string yaml =
      "# prod\n"
      "- ParameterKey: AmiId\n"
      "  ParameterValue: ami-0123456789abcdef0\n"
      "- ParameterKey: 'Env'\n"
      "  ParameterValue: \"prod\"\n"
      "- {ParameterKey: Old, UsePreviousValue: True}\n";
  Parsed y = parse(yaml, true);
  REQUIRE(y.ok);
  CHECK(pairs(y) == Lines{"AmiId=ami-0123456789abcdef0", "Env=prod", "Old=? (UsePreviousValue: the stack's current value)"});
  CHECK(written(yaml, y) == Lines{"AmiId -> ami-0123456789abcdef0", "'Env' -> \"prod\"", "Old -> True"});
  CHECK(at(yaml, y.values[0].value.range.begin) == "3:19");
  check_origins(y);
}

TEST_CASE("parameter file: a plain object, numbers and booleans as written, lists joined", "[load][parameters]") {
  const std::string json = "{\n  \"AmiId\": \"ami-1\",\n  \"Port\": 8080,\n  \"Ratio\": 1.50e3,\n  \"On\": true,\n"
                           "  \"Zones\": [\"a\", \"b\", 3],\n  \"None\": []\n}";
  Parsed p = parse(json, false);
  REQUIRE(p.ok);
  CHECK(pairs(p) == Lines{"AmiId=ami-1", "Port=8080", "Ratio=1.50e3", "On=true", "Zones=a,b,3", "None="});
  CHECK(written(json, p) == Lines{R"("AmiId" -> "ami-1")", R"("Port" -> 8080)", R"("Ratio" -> 1.50e3)",
                                  R"("On" -> true)", R"("Zones" -> ["a", "b", 3])", R"("None" -> [])"});
  check_origins(p);

  const std::string yaml = "AmiId: ami-1\nPort: 0x1F\nZones:\n  - a\n  - 'b'\nEmpty: ''\n";
  Parsed y = parse(yaml, true);
  REQUIRE(y.ok);
  CHECK(pairs(y) == Lines{"AmiId=ami-1", "Port=0x1F", "Zones=a,b", "Empty="});
  CHECK(written(yaml, y)[0] == "AmiId -> ami-1");
  CHECK(written(yaml, y)[1] == "Port -> 0x1F");
  CHECK(slice(yaml, y.values[2].value.range).substr(0, 3) == "- a");  // the whole list
  CHECK(written(yaml, y)[3] == "Empty -> ''");
}

TEST_CASE("parameter file: CodePipeline's template configuration", "[load][parameters]") {
  const std::string json = R"({
  "Parameters": {"AmiId": "ami-1", "Env": "prod"},
  "Tags": {"team": "web"},
  "StackPolicy": {"Statement": [{"Effect": "Allow", "Action": "Update:*", "Principal": "*", "Resource": "*"}]}
})";
  Parsed p = parse(json, false);
  REQUIRE(p.ok);
  CHECK(pairs(p) == Lines{"AmiId=ami-1", "Env=prod"});
  CHECK(written(json, p) == Lines{R"("AmiId" -> "ami-1")", R"("Env" -> "prod")"});
  check_origins(p);
  // Tags alone: a configuration that sets no parameter.
  CHECK(parse(R"({"Tags": {"team": "web"}})", false).ok);
  CHECK(parse(R"({"Tags": {"team": "web"}})", false).values.empty());
  Parsed y = parse("Parameters:\n  AmiId: ami-1\nTags:\n  team: web\n", true);
  REQUIRE(y.ok);
  CHECK(pairs(y) == Lines{"AmiId=ami-1"});
}

TEST_CASE("parameter file: Name=value strings, the value after the first '='", "[load][parameters]") {
  const std::string json = R"(["AmiId=ami-1", "Query=a=b", "Empty=", "Esc\u0041pe=x\ty"])";
  Parsed p = parse(json, false);
  REQUIRE(p.ok);
  CHECK(pairs(p) == Lines{"AmiId=ami-1", "Query=a=b", "Empty=", "EscApe=x\ty"});
  // The name before '=', the value after it, quotes left out; an escape keeps the
  // '=' written in the token.
  CHECK(written(json, p) == Lines{"AmiId -> ami-1", "Query -> a=b", "Empty -> ", "Esc\\u0041pe -> x\\ty"});
  CHECK(p.values[2].value.range.empty());
  check_origins(p);

  const std::string yaml = "- AmiId=ami-1\n- 'Env=prod'\n- \"Url=http://x?a=1\"\n";
  Parsed y = parse(yaml, true);
  REQUIRE(y.ok);
  CHECK(pairs(y) == Lines{"AmiId=ami-1", "Env=prod", "Url=http://x?a=1"});
  CHECK(written(yaml, y) == Lines{"AmiId -> ami-1", "Env -> prod", "Url -> http://x?a=1"});
  CHECK(at(yaml, y.values[1].value.range.begin) == "2:8");
}

TEST_CASE("parameter file: a later entry for a name is kept after the earlier one", "[load][parameters]") {
  Parsed p = parse(R"(["AmiId=ami-1", "AmiId=ami-2"])", false);
  REQUIRE(p.ok);
  CHECK(pairs(p) == Lines{"AmiId=ami-1", "AmiId=ami-2"});
}

TEST_CASE("parameter file: empty files, lists and objects give no value", "[load][parameters]") {
  for (bool yaml : {false, true})
    for (const char* text : {"", "  \n", "\xEF\xBB\xBF\n", "[]", "{}", "{\"Parameters\": {}}"}) {
      INFO((yaml ? "yaml: " : "json: ") << text);
      Parsed p = parse(text, yaml);
      CHECK(p.ok);
      CHECK(p.values.empty());
      CHECK(p.error.empty());
    }
  Parsed comments = parse("# nothing yet\n", true);
  CHECK(comments.ok);
  CHECK(comments.values.empty());
}

TEST_CASE("parameter file: syntax errors are the loader's, at its offset", "[load][parameters]") {
  Parsed j = parse("{\"AmiId\": \"ami-1\",}", false);
  CHECK_FALSE(j.ok);
  CHECK(j.offset == 18);
  CHECK(j.error.find("JSON syntax error") == 0);
  CHECK(j.values.empty());
  Parsed dup = parse("{\"AmiId\": \"a\", \"AmiId\": \"b\"}", false);
  CHECK_FALSE(dup.ok);
  CHECK(dup.error.find("duplicate key 'AmiId'") == 0);
  CHECK(dup.offset == 15);
  CHECK(dup.values.empty());
  Parsed y = parse("AmiId: [ami-1\n", true);
  CHECK_FALSE(y.ok);
  CHECK(y.error.find("YAML syntax error") == 0);
}

TEST_CASE("parameter file: each shape error is at the node it is about", "[load][parameters]") {
  struct Case {
    const char* text;
    bool yaml;
    const char* at;       // the bytes the offset starts
    const char* message;  // the start of the message
  } cases[] = {
      {"\"ami-1\"", false, "\"ami-1\"", "a parameter file is a list or a mapping, not a string"},
      {"42", false, "42", "a parameter file is a list or a mapping, not a number"},
      {"null", false, "null", "a parameter file is a list or a mapping, not null"},
      // the AWS CLI's list
      {R"([{"ParameterKey": "A", "ParameterValue": "x", "ParamterValue": "y"}])", false, "\"ParamterValue\"",
       "unknown key 'ParamterValue' in a parameter entry (did you mean 'ParameterValue'?); an entry takes "
       "ParameterKey, ParameterValue, UsePreviousValue and ResolvedValue"},
      {R"([{"Key": "A", "Value": "x"}])", false, "\"Key\"", "unknown key 'Key' in a parameter entry; an entry takes"},
      {R"([{"ParameterValue": "x"}])", false, "{\"ParameterValue\"", "a parameter entry needs a ParameterKey"},
      {R"([{"ParameterKey": "", "ParameterValue": "x"}])", false, "\"\"", "ParameterKey must not be empty"},
      {R"([{"ParameterKey": null, "ParameterValue": "x"}])", false, "null", "ParameterKey must be the parameter's name"},
      {R"([{"ParameterKey": ["A"], "ParameterValue": "x"}])", false, "[\"A\"]",
       "ParameterKey must be the parameter's name"},
      {R"([{"ParameterKey": "A"}])", false, "{\"ParameterKey\"",
       "parameter entry 'A' needs a ParameterValue (or UsePreviousValue: true)"},
      {R"([{"ParameterKey": "A", "UsePreviousValue": false}])", false, "{\"ParameterKey\"",
       "parameter entry 'A' needs a ParameterValue"},
      {R"([{"ParameterKey": "A", "UsePreviousValue": "yes"}])", false, "\"yes\"",
       "UsePreviousValue must be true or false"},
      {R"([{"ParameterKey": "A", "ParameterValue": "x", "UsePreviousValue": true}])", false, "\"ParameterValue\"",
       "parameter 'A' has both ParameterValue and UsePreviousValue: true; give one"},
      {R"([{"ParameterKey": "A", "ParameterValue": null}])", false, "null",
       "parameter 'A' is null; give a string, a number, a boolean or a list of them"},
      {R"([{"ParameterKey": "A", "ParameterValue": {"v": 1}}])", false, "{\"v\"",
       "parameter 'A' is a mapping; a value is a string, a number, a boolean or a list of them"},
      {"- ParameterKey: A\n  ParameterValue:\n", true, "ParameterValue:",
       "parameter 'A' has no value; give a string, a number, a boolean or a list of them"},
      {R"([{"ParameterKey": "A", "ParameterValue": "x"}, 5])", false, "5]",
       "an item of a parameter list is {\"ParameterKey\": ..., \"ParameterValue\": ...} or \"Name=value\", not a "
       "number"},
      {R"([["A", "x"]])", false, "[\"A\"", "an item of a parameter list is"},
      // Name=value
      {R"(["AmiId=ami-1", "Env"])", false, "\"Env\"", "'Env' is not Name=value"},
      {R"(["=ami-1"])", false, "\"=ami-1\"", "'=ami-1' has no name before '='"},
      // a plain object
      {"{\"AmiId\": null}", false, "null", "parameter 'AmiId' is null"},
      {"AmiId:\nEnv: prod\n", true, "AmiId:", "parameter 'AmiId' has no value"},
      {"AmiId: ~\n", true, "~", "parameter 'AmiId' is null"},
      {"{\"\": \"x\"}", false, "\"\":", "a parameter name must not be empty"},
      {"{\"AmiId\": {\"us-east-1\": \"ami-1\"}}", false, "{\"us-east-1\"", "parameter 'AmiId' is a mapping"},
      {"AmiId: !Ref Other\n", true, "!Ref", "parameter 'AmiId' is Ref: a parameter file gives values, not intrinsic functions"},
      {"{\"Zones\": [\"a\", {\"b\": 1}]}", false, "{\"b\"",
       "item 2 of parameter 'Zones' is a mapping; a list value (CommaDelimitedList) holds strings, numbers or "
       "booleans"},
      {"{\"Zones\": [\"a\", null]}", false, "null]", "item 2 of parameter 'Zones' is null"},
      // CodePipeline's template configuration
      {"{\"Parameters\": {\"A\": \"x\"}, \"Tag\": {}}", false, "\"Tag\"",
       "unknown key 'Tag' in a template configuration file (did you mean 'Tags'?); it takes Parameters, Tags and "
       "StackPolicy"},
      {"{\"Tags\": {}, \"Parameters\": [\"A=x\"]}", false, "[\"A=x\"]",
       "Parameters must be a mapping of parameter names to values"},
      {"{\"Parameters\": {\"A\": {\"Type\": \"String\"}}}", false, "{\"Type\"", "parameter 'A' is a mapping"},
      // a template given by mistake
      {"AWSTemplateFormatVersion: '2010-09-09'\nParameters:\n  A:\n    Type: String\n", true,
       "AWSTemplateFormatVersion", "this is a CloudFormation template, not a parameter file"},
      {"Resources:\n  B:\n    Type: AWS::S3::Bucket\n", true, "Resources:",
       "this is a CloudFormation template, not a parameter file"},
  };
  for (const auto& c : cases) {
    INFO(c.text);
    Parsed p = parse(c.text, c.yaml);
    CHECK_FALSE(p.ok);
    CHECK(p.values.empty());
    CHECK(p.error.rfind(c.message, 0) == 0);
    std::string_view text(c.text);
    REQUIRE(p.offset <= text.size());
    CHECK(text.substr(p.offset).rfind(c.at, 0) == 0);
  }
}

TEST_CASE("parameter file: any text gives values or an error, with ranges in it", "[load][parameters]") {
  const std::string seeds[] = {
      R"([{"ParameterKey": "AmiId", "ParameterValue": "ami-1"}, {"ParameterKey": "O", "UsePreviousValue": true}])",
      R"({"Parameters": {"A": "x", "B": [1, 2]}, "Tags": {"t": "v"}})",
      R"(["A=x", "B=y=z", "C=\u0041"])",
      "- ParameterKey: A\n  ParameterValue: x\n- B=y\n",
      "A: x\nB: [1, 'two']\nParameters:\n  C: d\n",
  };
  std::mt19937 rng(7);
  for (const auto& seed : seeds)
    for (int round = 0; round < 400; ++round) {
      std::string text = seed;
      int edits = 1 + static_cast<int>(rng() % 4);
      for (int k = 0; k < edits && !text.empty(); ++k) {
        size_t i = rng() % text.size();
        switch (rng() % 3) {
          case 0: text.erase(i, 1); break;
          case 1: text.insert(i, 1, "\"'=[]{}:,-\n x"[rng() % 14]); break;
          default: text[i] = "\"'=[]{}:,-\n x"[rng() % 14]; break;
        }
      }
      for (bool yaml : {false, true}) {
        INFO(text);
        Parsed p = parse(text, yaml);
        if (!p.ok) {
          CHECK(p.offset <= text.size());
          CHECK_FALSE(p.error.empty());
          CHECK(p.values.empty());
          continue;
        }
        for (const auto& v : p.values) {
          CHECK(v.value.range.begin <= v.value.range.end);
          CHECK(v.value.range.end <= text.size());
          CHECK(v.name_at.range.begin <= v.name_at.range.end);
          CHECK(v.name_at.range.end <= text.size());
          CHECK_FALSE(v.name.empty());
        }
      }
    }
}
