// Tests for the JSON loader: exact byte ranges and line:column positions of
// values and keys, and exact error positions and messages.
#include <catch2/catch.hpp>

#include <random>
#include <string>
#include <string_view>

#include "linter/load/loaders.h"
#include "linter/source/source.h"

using namespace amilint;

namespace {

std::string_view slice(std::string_view text, Range r) { return text.substr(r.begin, r.end - r.begin); }

// "line:col" of a byte offset.
std::string at(std::string_view text, uint32_t offset) {
  Position p = LineIndex(text).position(offset);
  return std::to_string(p.line) + ":" + std::to_string(p.column);
}

// Checks the invariants every loaded tree must satisfy and returns the node count.
size_t check_tree(std::string_view text, const Node* n) {
  REQUIRE(n != nullptr);
  REQUIRE(n->range.begin <= n->range.end);
  REQUIRE(n->range.end <= text.size());
  std::string_view tok = slice(text, n->range);
  size_t count = 1;
  switch (n->kind) {
    case NodeKind::Scalar:
      switch (n->type) {
        case ScalarType::String:
          REQUIRE(tok.size() >= 2);
          CHECK(tok.front() == '"');
          CHECK(tok.back() == '"');
          break;
        case ScalarType::Number:
        case ScalarType::Bool:
        case ScalarType::Null:
          CHECK(tok == n->text);
          break;
      }
      break;
    case NodeKind::Mapping:
      CHECK(tok.front() == '{');
      CHECK(tok.back() == '}');
      for (const MapEntry& e : n->entries) {
        std::string_view k = slice(text, e.key_range);
        REQUIRE(k.size() >= 2);
        CHECK(k.front() == '"');
        CHECK(k.back() == '"');
        CHECK(e.key_range.begin > n->range.begin);
        REQUIRE(e.value != nullptr);
        CHECK(e.value->range.begin > e.key_range.end);
        CHECK(e.value->range.end < n->range.end);
        count += check_tree(text, e.value);
      }
      break;
    case NodeKind::Sequence:
      CHECK(tok.front() == '[');
      CHECK(tok.back() == ']');
      for (const Node* item : n->items) {
        REQUIRE(item != nullptr);
        CHECK(item->range.begin > n->range.begin);
        CHECK(item->range.end < n->range.end);
        count += check_tree(text, item);
      }
      break;
  }
  return count;
}

// Loads text that must be valid and returns the document.
Document load_ok(std::string_view text) {
  Document doc = load_json(text, "test.json");
  INFO(text);
  if (!doc.errors.empty()) INFO(doc.errors.front().message);
  REQUIRE(doc.errors.empty());
  REQUIRE(doc.root != nullptr);
  check_tree(text, doc.root);
  return doc;
}

// Loads text that must fail with exactly one error and returns it.
ParseError load_error(std::string_view text) {
  Document doc = load_json(text, "test.json");
  INFO(text);
  REQUIRE(doc.errors.size() == 1);
  CHECK(doc.errors[0].offset <= text.size());
  return doc.errors[0];
}

}  // namespace

TEST_CASE("json: scalars and keys have exact token ranges", "[json]") {
  const std::string text = R"({"s": "v", "i": 42, "t": true, "f": false, "n": null})";
  Document doc = load_ok(text);
  const Node* root = doc.root;
  REQUIRE(root->is_map());
  CHECK(root->range.begin == 0);
  CHECK(root->range.end == text.size());
  REQUIRE(root->entries.size() == 5);

  const MapEntry& s = root->entries[0];
  CHECK(s.key == "s");
  CHECK(s.key_range.begin == 1);
  CHECK(s.key_range.end == 4);
  CHECK(s.value->type == ScalarType::String);
  CHECK(s.value->text == "v");
  CHECK(s.value->range.begin == 6);
  CHECK(s.value->range.end == 9);

  const Node* i = root->get("i");
  REQUIRE(i != nullptr);
  CHECK(i->type == ScalarType::Number);
  CHECK(i->text == "42");
  CHECK(slice(text, i->range) == "42");
  CHECK(i->range.begin == 16);

  const Node* t = root->get("t");
  CHECK(t->type == ScalarType::Bool);
  CHECK(t->text == "true");
  CHECK(slice(text, t->range) == "true");
  CHECK(t->range.begin == 25);
  CHECK(at(text, t->range.begin) == "1:26");

  const Node* f = root->get("f");
  CHECK(f->type == ScalarType::Bool);
  CHECK(f->text == "false");
  CHECK(slice(text, f->range) == "false");

  const Node* n = root->get("n");
  CHECK(n->is_null());
  CHECK(n->text == "null");
  CHECK(slice(text, n->range) == "null");
  CHECK(n->range.end == text.size() - 1);
  CHECK(slice(text, root->entries[4].key_range) == "\"n\"");
}

TEST_CASE("json: numbers keep their source text and the look-ahead stays out", "[json]") {
  const std::string text = "[0,-7,3.25,-0.5e-3,1E+9,1.50,1e3 ,18446744073709551615,-9223372036854775808,"
                           "123456789012345678901234567890\n]";
  Document doc = load_ok(text);
  const auto& items = doc.root->items;
  const char* expected[] = {"0", "-7", "3.25", "-0.5e-3", "1E+9", "1.50", "1e3",
                            "18446744073709551615", "-9223372036854775808",
                            "123456789012345678901234567890"};
  REQUIRE(items.size() == 10);
  for (size_t k = 0; k < items.size(); ++k) {
    INFO(k);
    CHECK(items[k]->type == ScalarType::Number);
    CHECK(items[k]->text == expected[k]);
    CHECK(slice(text, items[k]->range) == expected[k]);
  }
  CHECK(items[1]->range.begin == 3);
  CHECK(items[1]->range.end == 5);
  CHECK(items[6]->range.end == text.find(" ,"));  // space after 1e3 not included
  CHECK(items[9]->range.end == text.find('\n'));
  CHECK(doc.root->range.end == text.size());
}

TEST_CASE("json: a number that ends the text or precedes a bracket", "[json]") {
  Document a = load_ok("12.5");
  CHECK(a.root->range.begin == 0);
  CHECK(a.root->range.end == 4);
  CHECK(a.root->text == "12.5");

  Document b = load_ok("  -3  ");
  CHECK(b.root->range.begin == 2);
  CHECK(b.root->range.end == 4);

  const std::string text = R"({"a":[1],"b":{"c":2}})";
  Document c = load_ok(text);
  const Node* one = c.root->get("a")->items.at(0);
  CHECK(one->range.begin == 6);
  CHECK(one->range.end == 7);
  const Node* two = c.root->get("b")->get("c");
  CHECK(two->range.begin == 18);
  CHECK(two->range.end == 19);
  CHECK(c.root->get("b")->range.begin == 13);
  CHECK(c.root->get("b")->range.end == 20);
}

TEST_CASE("json: strings with escapes are unescaped and ranges include the quotes", "[json]") {
  const std::string text = R"({"q\"k": "a\"b", "bs": "c:\\", "e": "caf\u00e9", "x": "\\\"", "emoji": "\ud83d\ude00", "": ""})";
  Document doc = load_ok(text);
  const Node* root = doc.root;
  REQUIRE(root->entries.size() == 6);

  CHECK(root->entries[0].key == "q\"k");
  CHECK(slice(text, root->entries[0].key_range) == R"("q\"k")");
  CHECK(root->entries[0].value->text == "a\"b");
  CHECK(slice(text, root->entries[0].value->range) == R"("a\"b")");
  CHECK(root->entries[0].value->range.begin == 9);

  const Node* bs = root->get("bs");
  CHECK(bs->text == "c:\\");
  CHECK(slice(text, bs->range) == R"("c:\\")");

  const Node* e = root->get("e");
  CHECK(e->text == "caf\xC3\xA9");
  CHECK(slice(text, e->range) == R"("caf\u00e9")");

  const Node* x = root->get("x");
  CHECK(x->text == "\\\"");
  CHECK(slice(text, x->range) == R"("\\\"")");

  const Node* emoji = root->get("emoji");
  CHECK(emoji->text == "\xF0\x9F\x98\x80");
  CHECK(slice(text, emoji->range) == R"("\ud83d\ude00")");

  const MapEntry& empty = root->entries[5];
  CHECK(empty.key.empty());
  CHECK(slice(text, empty.key_range) == "\"\"");
  CHECK(empty.value->text.empty());
  CHECK(empty.value->range.end == text.size() - 1);
}

TEST_CASE("json: nested collections across lines", "[json]") {
  const std::string text =
      "{\n"
      "  \"Resources\": {\n"
      "    \"Web\": {\n"
      "      \"Type\": \"AWS::EC2::Instance\",\n"
      "      \"Properties\": {\"ImageId\": \"ami-12345678\", \"Tags\": [ {\"Key\": \"a\"}, [ ] ]}\n"
      "    }\n"
      "  }\n"
      "}\n";
  Document doc = load_ok(text);
  const Node* res = doc.root->get("Resources");
  REQUIRE(res != nullptr);
  CHECK(at(text, doc.root->entries[0].key_range.begin) == "2:3");
  CHECK(at(text, res->range.begin) == "2:16");
  CHECK(at(text, res->range.end) == "7:4");
  const Node* web = res->get("Web");
  CHECK(at(text, res->entries[0].key_range.begin) == "3:5");
  CHECK(at(text, web->range.begin) == "3:12");
  CHECK(at(text, web->range.end - 1) == "6:5");
  const MapEntry* type = web->entry("Type");
  REQUIRE(type != nullptr);
  CHECK(at(text, type->key_range.begin) == "4:7");
  CHECK(at(text, type->key_range.end) == "4:13");
  CHECK(at(text, type->value->range.begin) == "4:15");
  CHECK(at(text, type->value->range.end) == "4:35");
  const Node* props = web->get("Properties");
  CHECK(at(text, props->range.begin) == "5:21");
  const MapEntry* image = props->entry("ImageId");
  CHECK(at(text, image->key_range.begin) == "5:22");
  CHECK(at(text, image->value->range.begin) == "5:33");
  CHECK(image->value->text == "ami-12345678");
  const Node* tags = props->get("Tags");
  REQUIRE(tags->is_seq());
  REQUIRE(tags->items.size() == 2);
  CHECK(at(text, tags->range.begin) == "5:57");
  CHECK(slice(text, tags->items[0]->range) == "{\"Key\": \"a\"}");
  CHECK(slice(text, tags->items[1]->range) == "[ ]");
  CHECK(tags->items[1]->items.empty());
  CHECK(slice(text, tags->range) == "[ {\"Key\": \"a\"}, [ ] ]");
  CHECK(slice(text, props->range).back() == '}');
  CHECK(doc.root->range.end == text.size() - 1);
}

TEST_CASE("json: columns count code points after multi-byte characters", "[json]") {
  // "é" is 2 bytes, "€" 3 bytes, "😀" 4 bytes.
  const std::string text = "{\"\xC3\xA9\": \"\xE2\x82\xAC\", \"k\": [\"\xF0\x9F\x98\x80\", 5]}";
  Document doc = load_ok(text);
  const MapEntry& e = doc.root->entries.at(0);
  CHECK(e.key == "\xC3\xA9");
  CHECK(e.key_range.begin == 1);
  CHECK(e.key_range.end == 5);
  CHECK(e.value->range.begin == 7);
  CHECK(e.value->range.end == 12);
  CHECK(at(text, e.value->range.begin) == "1:7");
  const MapEntry& k = doc.root->entries.at(1);
  CHECK(k.key_range.begin == 14);
  CHECK(at(text, k.key_range.begin) == "1:12");
  const Node* five = k.value->items.at(1);
  CHECK(five->text == "5");
  CHECK(five->range.begin == 28);
  CHECK(at(text, five->range.begin) == "1:23");
}

TEST_CASE("json: CRLF line endings", "[json]") {
  const std::string text = "{\r\n  \"a\": 1,\r\n  \"b\": [true,\r\n    null]\r\n}\r\n";
  Document doc = load_ok(text);
  const MapEntry& a = doc.root->entries.at(0);
  CHECK(at(text, a.key_range.begin) == "2:3");
  CHECK(at(text, a.value->range.begin) == "2:8");
  CHECK(a.value->range.end == a.value->range.begin + 1);
  const MapEntry& b = doc.root->entries.at(1);
  CHECK(at(text, b.key_range.begin) == "3:3");
  CHECK(at(text, b.value->range.begin) == "3:8");
  CHECK(at(text, b.value->items.at(1)->range.begin) == "4:5");
  CHECK(at(text, b.value->range.end) == "4:10");
  CHECK(at(text, doc.root->range.end - 1) == "5:1");
  CHECK(doc.root->range.end == text.size() - 2);

  ParseError err = load_error("{\r\n  \"a\": 1,\r\n}");
  CHECK(err.offset == 14);
  CHECK(at("{\r\n  \"a\": 1,\r\n}", err.offset) == "3:1");
}

TEST_CASE("json: a UTF-8 BOM is accepted and offsets count it", "[json]") {
  const std::string text = "\xEF\xBB\xBF{\"a\": 1}";
  Document doc = load_ok(text);
  CHECK(doc.root->range.begin == 3);
  CHECK(doc.root->range.end == text.size());
  CHECK(doc.root->entries.at(0).key_range.begin == 4);
  CHECK(doc.root->entries.at(0).value->range.begin == 9);
  CHECK(LineIndex(text).position(9).line == 1);

  Document scalar = load_ok("\xEF\xBB\xBF\"x\"");
  CHECK(scalar.root->range.begin == 3);
  CHECK(scalar.root->range.end == 6);

  ParseError err = load_error("\xEF\xBB\xBF[1,]");
  CHECK(err.offset == 6);
  ParseError twice = load_error("\xEF\xBB\xBF\xEF\xBB\xBF{}");
  CHECK(twice.offset == 3);
}

TEST_CASE("json: duplicate keys are reported at the second key", "[json]") {
  SECTION("top level") {
    const std::string text = "{\n  \"a\": 1,\n  \"b\": 2,\n  \"a\": 3\n}";
    Document doc = load_json(text, "t.json");
    REQUIRE(doc.errors.size() == 1);
    CHECK(doc.errors[0].message ==
          "duplicate key 'a' (first defined on line 2); CloudFormation rejects duplicate keys");
    CHECK(doc.errors[0].offset == text.rfind("\"a\""));
    CHECK(at(text, doc.errors[0].offset) == "4:3");
    REQUIRE(doc.root != nullptr);  // the tree is still complete
    CHECK(doc.root->entries.size() == 3);
    CHECK(doc.root->get("a")->text == "1");
  }
  SECTION("nested, and equal after unescaping") {
    const std::string text =
        "{\"Resources\": {\n"
        "  \"Web\": {\"Properties\": {\"ImageId\": \"ami-1\",\n"
        "                          \"Image\\u0049d\": \"ami-2\"}},\n"
        "  \"Web\": {}\n"
        "}, \"Web\": 1}";
    Document doc = load_json(text, "t.json");
    REQUIRE(doc.errors.size() == 2);
    CHECK(doc.errors[0].message ==
          "duplicate key 'ImageId' (first defined on line 2); CloudFormation rejects duplicate keys");
    CHECK(at(text, doc.errors[0].offset) == "3:27");
    CHECK(doc.errors[1].message ==
          "duplicate key 'Web' (first defined on line 2); CloudFormation rejects duplicate keys");
    CHECK(at(text, doc.errors[1].offset) == "4:3");
    // "Web" at the top level is a different mapping: not a duplicate.
  }
  SECTION("large mapping") {
    std::string text = "{";
    for (int k = 0; k < 100; ++k) text += "\"k" + std::to_string(k) + "\": " + std::to_string(k) + ",\n";
    text += "\"k57\": 0}";
    Document doc = load_json(text, "t.json");
    REQUIRE(doc.errors.size() == 1);
    CHECK(doc.errors[0].message ==
          "duplicate key 'k57' (first defined on line 58); CloudFormation rejects duplicate keys");
    CHECK(doc.errors[0].offset == text.rfind("\"k57\""));
    CHECK(doc.root->entries.size() == 101);
  }
  SECTION("large mapping repeating a key that was already repeated") {
    std::string text = "{\"a\": 0,\n\"a\": 1,\n";
    for (int k = 0; k < 40; ++k) text += "\"k" + std::to_string(k) + "\": " + std::to_string(k) + ",\n";
    text += "\"a\": 2}";
    Document doc = load_json(text, "t.json");
    REQUIRE(doc.errors.size() == 2);
    CHECK(doc.errors[0].offset == text.find("\"a\"", 2));
    CHECK(doc.errors[1].offset == text.rfind("\"a\""));
    CHECK(at(text, doc.errors[1].offset) == "43:1");
    for (const ParseError& e : doc.errors)
      CHECK(e.message == "duplicate key 'a' (first defined on line 1); CloudFormation rejects duplicate keys");
  }
  SECTION("same key in sibling mappings is fine") {
    load_ok(R"([{"a": 1}, {"a": 2}, {"b": {"a": 3}}])");
  }
}

TEST_CASE("json: syntax errors point at the offending token", "[json]") {
  SECTION("trailing comma in an object") {
    const std::string text = "{\n  \"a\": 1,\n}";
    ParseError e = load_error(text);
    CHECK(e.offset == text.size() - 1);
    CHECK(at(text, e.offset) == "3:1");
    CHECK(e.message ==
          "JSON syntax error: unexpected '}'; expected a quoted key (remove the trailing comma before it)");
  }
  SECTION("trailing comma in an array") {
    ParseError e = load_error("[1, 2, ]");
    CHECK(e.offset == 7);
    CHECK(e.message == "JSON syntax error: unexpected ']'; expected a value (remove the trailing comma before it)");
  }
  SECTION("missing comma between members") {
    const std::string text = "{\n  \"a\": \"x\"\n  \"b\": 2\n}";
    ParseError e = load_error(text);
    CHECK(at(text, e.offset) == "3:3");
    CHECK(e.message ==
          "JSON syntax error: unexpected string literal; expected ',' or '}' "
          "(check for a missing comma after the previous value)");
  }
  SECTION("missing comma between numbers") {
    ParseError e = load_error("[10 20]");
    CHECK(e.offset == 4);
    CHECK(e.message ==
          "JSON syntax error: unexpected number literal; expected ',' or ']' "
          "(check for a missing comma after the previous value)");
  }
  SECTION("unterminated string at the end of the file") {
    const std::string text = "{\"a\": \"abc";
    ParseError e = load_error(text);
    CHECK(e.offset == 6);
    CHECK(e.message == "JSON syntax error: string is never closed (check for a missing closing quote)");
  }
  SECTION("missing closing quote before a line break") {
    const std::string text = "{\"a\": \"abc,\n \"b\": 1}";
    ParseError e = load_error(text);
    CHECK(e.offset == text.find('\n'));
    CHECK(e.message ==
          "JSON syntax error: invalid string: control character U+000A (LF) must be escaped to "
          "\\u000A or \\n (check for a missing closing quote)");
  }
  SECTION("garbage after the document") {
    const std::string text = "{\"a\": 1}\n}";
    ParseError e = load_error(text);
    CHECK(e.offset == 9);
    CHECK(at(text, e.offset) == "2:1");
    CHECK(e.message ==
          "JSON syntax error: unexpected content after the end of the document "
          "(check for an extra closing bracket or a missing opening one)");
    ParseError word = load_error("[] xyz");
    CHECK(word.offset == 3);
    CHECK(word.message == e.message);
  }
  SECTION("missing colon") {
    ParseError e = load_error("{\"a\" 1}");
    CHECK(e.offset == 5);
    CHECK(e.message ==
          "JSON syntax error: unexpected number literal; expected ':' (put a ':' between a key and its value)");
  }
  SECTION("single quotes") {
    ParseError e = load_error("{\"a\": 'b'}");
    CHECK(e.offset == 6);
    CHECK(e.message ==
          "JSON syntax error: single quotes are not allowed; JSON strings and keys use double quotes");
  }
  SECTION("comments") {
    const std::string text = "{\n  // the AMI\n  \"a\": 1}";
    ParseError e = load_error(text);
    CHECK(at(text, e.offset) == "2:3");
    CHECK(e.message == "JSON syntax error: comments are not allowed in JSON");
  }
  SECTION("unquoted key and bad literals") {
    ParseError key = load_error("{\"a\": 1, b: 2}");
    CHECK(key.offset == 9);
    CHECK(key.message ==
          "JSON syntax error: invalid literal 'b'; expected a quoted key "
          "(put strings and keys in double quotes; true, false and null are lowercase)");
    ParseError word = load_error("{\"a\": True}");
    CHECK(word.offset == 6);
    CHECK(word.message ==
          "JSON syntax error: invalid literal 'True' "
          "(put strings and keys in double quotes; true, false and null are lowercase)");
    ParseError member = load_error("{\"a\": 1, 2}");
    CHECK(member.offset == 9);
    CHECK(member.message ==
          "JSON syntax error: unexpected number literal; expected a quoted key "
          "(members of an object are \"key\": value pairs)");
    ParseError wide = load_error("\xEF\xBD\x9B\"a\": 1}");  // a fullwidth '{' is not a BOM
    CHECK(wide.offset == 0);
    CHECK(wide.message ==
          "JSON syntax error: invalid literal '\xEF\xBD\x9B' "
          "(put strings and keys in double quotes; true, false and null are lowercase)");
    ParseError cut = load_error("[tru ]");
    CHECK(cut.offset == 1);
  }
  SECTION("end of file inside a collection") {
    ParseError e = load_error("{\"a\": [1, 2");
    CHECK(e.offset == 11);
    CHECK(e.message ==
          "JSON syntax error: unexpected end of file; expected ',' or ']' (check for a missing ']')");
    ParseError o = load_error("{\"a\": {}\n");
    CHECK(o.offset == 9);
    CHECK(o.message == "JSON syntax error: unexpected end of file; expected ',' or '}' (check for a missing '}')");
  }
  SECTION("mismatched brackets") {
    ParseError e = load_error("{\"a\": [1}");
    CHECK(e.offset == 8);
    CHECK(e.message ==
          "JSON syntax error: unexpected '}'; expected ',' or ']' (check for a missing or mismatched bracket)");
  }
  SECTION("missing value") {
    ParseError e = load_error("{\"a\": }");
    CHECK(e.offset == 6);
    CHECK(e.message == "JSON syntax error: unexpected '}'; expected a value (a key needs a value)");
    ParseError comma = load_error("[1,,2]");
    CHECK(comma.offset == 3);
    CHECK(comma.message ==
          "JSON syntax error: unexpected ','; expected a value (check for an extra separator or a missing value)");
  }
  SECTION("bad escapes and numbers point at the bad byte") {
    ParseError esc = load_error("[\"ab\\x\"]");
    CHECK(esc.offset == 5);
    CHECK(esc.message == "JSON syntax error: invalid string: forbidden character after backslash");
    ParseError num = load_error("[1.]");
    CHECK(num.offset == 3);
    CHECK(num.message == "JSON syntax error: invalid number; expected digit after '.'");
    ParseError big = load_error("[1, 1e999]");
    CHECK(big.offset == 4);
    CHECK(big.message == "JSON number out of range: 1e999");
  }
  SECTION("NUL bytes") {
    const std::string after("{}\0x", 4);
    ParseError e = load_error(after);
    CHECK(e.offset == 2);
    CHECK(e.message == "JSON syntax error: unexpected NUL byte after the document (is the file binary or UTF-16?)");
    const std::string inside("{\"a\": 1\0}", 9);
    ParseError i = load_error(inside);
    CHECK(i.offset == 7);
    CHECK(i.message == "JSON syntax error: unexpected NUL byte (is the file binary or UTF-16?)");
  }
  SECTION("the tree is dropped on a syntax error") {
    Document doc = load_json("{\"a\": [1, 2,]}", "t.json");
    CHECK(doc.root == nullptr);
    REQUIRE(doc.errors.size() == 1);
  }
}

TEST_CASE("json: encoding errors", "[json]") {
  SECTION("invalid UTF-8 in a string") {
    const std::string text = "{\"a\": \"x\xC3\x28\"}";
    ParseError e = load_error(text);
    CHECK(e.offset == 8);
    CHECK(e.message == "invalid UTF-8 byte sequence; save the file as UTF-8");
  }
  SECTION("Latin-1 byte on a later line") {
    const std::string text = "{\n  \"a\": \"caf\xE9\"\n}";
    ParseError e = load_error(text);
    CHECK(at(text, e.offset) == "2:12");
    CHECK(e.message == "invalid UTF-8 byte sequence; save the file as UTF-8");
  }
  SECTION("after valid multi-byte characters and a long ASCII run") {
    ParseError e = load_error("{\"\xC3\xA9\": \"\xE9\"}");
    CHECK(e.offset == 8);
    const std::string text = "{\"abcdefghijklmnopqrstuvwxyz\": [\"\xC3\xA9\", \"\xE2\x82\"]}";
    ParseError cut = load_error(text);
    CHECK(cut.offset == text.find("\xE2"));
    ParseError lone = load_error("[\"0123456789abc\x80\"]");
    CHECK(lone.offset == 15);
  }
  SECTION("UTF-16 and UTF-32 byte order marks") {
    const std::string le("\xFF\xFE{\0}\0", 6);
    ParseError e = load_error(le);
    CHECK(e.offset == 0);
    CHECK(e.message == "file is UTF-16LE; amilint reads UTF-8 templates: convert it with iconv");
    ParseError be = load_error(std::string("\xFE\xFF\0{\0}", 6));
    CHECK(be.message == "file is UTF-16BE; amilint reads UTF-8 templates: convert it with iconv");
    ParseError le32 = load_error(std::string("\xFF\xFE\0\0{\0\0\0", 8));
    CHECK(le32.message == "file is UTF-32LE; amilint reads UTF-8 templates: convert it with iconv");
  }
}

TEST_CASE("json: nesting limit", "[json]") {
  SECTION("100000 open arrays give one error at the first level too deep") {
    const std::string text(100000, '[');
    Document doc = load_json(text, "deep.json");
    REQUIRE(doc.errors.size() == 1);
    CHECK(doc.errors[0].offset == static_cast<uint32_t>(kMaxNestingDepth));
    CHECK(doc.errors[0].message == "nesting deeper than 512 levels");
    CHECK(doc.root == nullptr);
    CHECK(doc.node_count() == static_cast<size_t>(kMaxNestingDepth));
  }
  SECTION("100000 nested objects") {
    std::string text;
    for (int k = 0; k < 100000; ++k) text += "{\"a\":";
    Document doc = load_json(text, "deep.json");
    REQUIRE(doc.errors.size() == 1);
    CHECK(doc.errors[0].offset == 5u * kMaxNestingDepth);
    CHECK(doc.errors[0].message == "nesting deeper than 512 levels");
  }
  SECTION("exactly the limit is fine") {
    std::string text = std::string(kMaxNestingDepth, '[') + std::string(kMaxNestingDepth, ']');
    Document doc = load_ok(text);
    CHECK(doc.node_count() == static_cast<size_t>(kMaxNestingDepth));
    std::string over = "[" + text + "]";
    ParseError e = load_error(over);
    CHECK(e.offset == static_cast<uint32_t>(kMaxNestingDepth));
  }
}

TEST_CASE("json: empty input", "[json]") {
  for (std::string text : {std::string(), std::string(" \n\t\r\n"), std::string("\xEF\xBB\xBF"),
                           std::string("\xEF\xBB\xBF  \n")}) {
    INFO(text.size());
    ParseError e = load_error(text);
    CHECK(e.offset == 0);
    CHECK(e.message == "empty file: expected a JSON value");
  }
}

TEST_CASE("json: mangled input never throws and keeps offsets in range", "[json]") {
  const std::string base =
      "{\"AWSTemplateFormatVersion\": \"2010-09-09\", \"Resources\": {\"I\": {\"Type\": "
      "\"AWS::EC2::Instance\", \"Properties\": {\"ImageId\": {\"Fn::FindInMap\": [\"M\", "
      "{\"Ref\": \"AWS::Region\"}, \"AMI\"]}, \"N\": [1, -2.5e3, true, false, null, \"\\u00e9\\n\"]}}}}";
  load_ok(base);
  std::mt19937 rng(12345);
  const char alphabet[] = "{}[]:,\"\\ \n0-.e1tfnu\x80\xC3\xA9'/";
  size_t errors = 0;
  for (int round = 0; round < 3000; ++round) {
    std::string text = base;
    int edits = 1 + static_cast<int>(rng() % 3);
    for (int k = 0; k < edits; ++k) {
      size_t pos = rng() % (text.size() + 1);
      switch (rng() % 3) {
        case 0: text.insert(pos, 1, alphabet[rng() % (sizeof(alphabet) - 1)]); break;
        case 1: if (pos < text.size()) text.erase(pos, 1); break;
        case 2: text.resize(pos); break;
      }
    }
    INFO(text);
    Document doc;
    REQUIRE_NOTHROW(doc = load_json(text, "fuzz.json"));
    if (doc.errors.empty()) {
      check_tree(text, doc.root);
    } else {
      ++errors;
      for (const ParseError& e : doc.errors) {
        CHECK(e.offset <= text.size());
        CHECK(!e.message.empty());
      }
    }
  }
  CHECK(errors > 1000);  // the edits really broke most documents
}
