// Tests for the YAML loader: exact token ranges (as byte offsets and line:column),
// CloudFormation short-form normalization, aliases, scalar types and errors.
#include <catch2/catch.hpp>

#include <chrono>
#include <string>

#include "linter/load/loaders.h"
#include "linter/load/node.h"
#include "linter/source/source.h"

using namespace amilint;

namespace {

// "line:column" of a byte offset in text.
std::string lc(const std::string& text, uint32_t offset) {
  Position p = LineIndex(text).position(offset);
  return std::to_string(p.line) + ":" + std::to_string(p.column);
}

// "begin-end" of a range as line:column pairs.
std::string span(const std::string& text, Range r) {
  return lc(text, r.begin) + "-" + lc(text, r.end);
}

std::string slice(const std::string& text, Range r) {
  REQUIRE(r.begin <= r.end);
  REQUIRE(r.end <= text.size());
  return text.substr(r.begin, r.end - r.begin);
}

Document load_ok(std::string_view text) {
  Document doc = load_yaml(text, "test.yaml");
  for (const ParseError& e : doc.errors) INFO("unexpected error: " << e.message);
  REQUIRE(doc.errors.empty());
  REQUIRE(doc.root != nullptr);
  return doc;
}

const Node& value(const Node& map, const char* key) {
  const Node* v = map.get(key);
  INFO("key " << key);
  REQUIRE(v != nullptr);
  return *v;
}

const MapEntry& entry(const Node& map, const char* key) {
  const MapEntry* e = map.entry(key);
  INFO("key " << key);
  REQUIRE(e != nullptr);
  return *e;
}

// The one entry of a short-form mapping.
const MapEntry& sole(const Node& map) {
  REQUIRE(map.is_map());
  REQUIRE(map.entries.size() == 1);
  REQUIRE(map.entries[0].value != nullptr);
  return map.entries[0];
}

}  // namespace

TEST_CASE("yaml: plain scalars and keys have exact ranges", "[yaml]") {
  const std::string text =
      "Name: web-server\n"
      "Spaced:   two words   # a comment\n"
      "  \n"
      "Last: x#y\n";
  Document doc = load_ok(text);
  const Node& root = *doc.root;
  REQUIRE(root.is_map());
  REQUIRE(root.entries.size() == 3);

  const MapEntry& name = entry(root, "Name");
  CHECK(name.key_range.begin == 0);
  CHECK(name.key_range.end == 4);
  CHECK(span(text, name.key_range) == "1:1-1:5");
  CHECK(name.value->range.begin == 6);
  CHECK(name.value->range.end == 16);
  CHECK(span(text, name.value->range) == "1:7-1:17");
  CHECK(name.value->text == "web-server");
  CHECK(name.value->type == ScalarType::String);

  const Node& spaced = value(root, "Spaced");
  CHECK(spaced.text == "two words");
  CHECK(span(text, spaced.range) == "2:11-2:20");
  CHECK(slice(text, spaced.range) == "two words");

  const MapEntry& last = entry(root, "Last");
  CHECK(span(text, last.key_range) == "4:1-4:5");
  CHECK(slice(text, last.value->range) == "x#y");
  CHECK(span(text, last.value->range) == "4:7-4:10");

  // the root mapping spans from the first key to the end of the last value
  CHECK(root.range.begin == 0);
  CHECK(span(text, root.range) == "1:1-4:10");
}

TEST_CASE("yaml: quoted scalars include their quotes", "[yaml]") {
  const std::string text =
      "Single: 'it''s'\n"
      "Double: \"say \\\"hi\\\"\"  # trailing\n"
      "Empty: ''\n"
      "Key with 'q': \"x\"\n"
      "\"quoted key\": 1\n";
  Document doc = load_ok(text);
  const Node& root = *doc.root;

  const Node& single = value(root, "Single");
  CHECK(single.text == "it's");
  CHECK(single.type == ScalarType::String);
  CHECK(slice(text, single.range) == "'it''s'");
  CHECK(span(text, single.range) == "1:9-1:16");

  const Node& dbl = value(root, "Double");
  CHECK(dbl.text == "say \"hi\"");
  CHECK(slice(text, dbl.range) == "\"say \\\"hi\\\"\"");
  CHECK(span(text, dbl.range) == "2:9-2:21");

  const Node& empty = value(root, "Empty");
  CHECK(empty.text.empty());
  CHECK(empty.type == ScalarType::String);
  CHECK(span(text, empty.range) == "3:8-3:10");

  const MapEntry& odd = entry(root, "Key with 'q'");
  CHECK(span(text, odd.key_range) == "4:1-4:13");

  const MapEntry& qk = entry(root, "quoted key");
  CHECK(slice(text, qk.key_range) == "\"quoted key\"");
  CHECK(span(text, qk.key_range) == "5:1-5:13");
  CHECK(span(text, qk.value->range) == "5:15-5:16");
}

TEST_CASE("yaml: multi-line quoted scalars fold like YAML says", "[yaml]") {
  const std::string text =
      "A: 'one\n"
      "  two\n"
      "\n"
      "  three'\n"
      "B: 'x\n"
      "\n"
      "\n"
      "  '\n"
      "C: \"a\\\n"
      "   b\\tc\"\n";
  Document doc = load_ok(text);
  const Node& a = value(*doc.root, "A");
  CHECK(a.text == "one two\nthree");
  CHECK(span(text, a.range) == "1:4-4:9");
  // three line breaks before a blank last line: two newlines
  const Node& b = value(*doc.root, "B");
  CHECK(b.text == "x\n\n");
  CHECK(span(text, b.range) == "5:4-8:4");
  const Node& c = value(*doc.root, "C");
  CHECK(c.text == "ab\tc");
  CHECK(span(text, c.range) == "9:4-10:9");
}

TEST_CASE("yaml: nested block mappings and sequences", "[yaml]") {
  const std::string text =
      "Resources:\n"
      "  Instance:\n"
      "    Type: AWS::EC2::Instance\n"
      "    Properties:\n"
      "      ImageId: ami-12345678\n"
      "      Tags:\n"
      "        - Key: Name\n"
      "          Value: web\n"
      "        -   plain item\n"
      "Outputs: {}\n";
  Document doc = load_ok(text);
  const Node& resources = value(*doc.root, "Resources");
  REQUIRE(resources.is_map());
  CHECK(span(text, resources.range) == "2:3-9:23");
  const Node& instance = value(resources, "Instance");
  CHECK(span(text, instance.range) == "3:5-9:23");
  CHECK(span(text, entry(resources, "Instance").key_range) == "2:3-2:11");
  const Node& props = value(instance, "Properties");
  const Node& image = value(props, "ImageId");
  CHECK(image.text == "ami-12345678");
  CHECK(span(text, image.range) == "5:16-5:28");
  const Node& tags = value(props, "Tags");
  REQUIRE(tags.is_seq());
  REQUIRE(tags.items.size() == 2);
  CHECK(span(text, tags.range) == "7:9-9:23");
  const Node& tag0 = *tags.items[0];
  REQUIRE(tag0.is_map());
  CHECK(span(text, tag0.range) == "7:11-8:21");
  CHECK(span(text, entry(tag0, "Value").key_range) == "8:11-8:16");
  CHECK(tags.items[1]->text == "plain item");
  CHECK(span(text, tags.items[1]->range) == "9:13-9:23");
  const Node& outputs = value(*doc.root, "Outputs");
  CHECK(outputs.is_map());
  CHECK(outputs.entries.empty());
  CHECK(span(text, outputs.range) == "10:10-10:12");
}

TEST_CASE("yaml: flow collections span their brackets", "[yaml]") {
  const std::string text =
      "Map: { a: 1, 'b': [x, \"y\" ] , c: }\n"
      "Seq: [ one,two ,\n"
      "       three ]  # done\n"
      "Empty: [ ]\n";
  Document doc = load_ok(text);
  const Node& map = value(*doc.root, "Map");
  REQUIRE(map.is_map());
  CHECK(span(text, map.range) == "1:6-1:35");
  CHECK(slice(text, map.range) == "{ a: 1, 'b': [x, \"y\" ] , c: }");
  CHECK(span(text, entry(map, "a").key_range) == "1:8-1:9");
  CHECK(span(text, value(map, "a").range) == "1:11-1:12");
  CHECK(span(text, entry(map, "b").key_range) == "1:14-1:17");
  const Node& inner = value(map, "b");
  CHECK(span(text, inner.range) == "1:19-1:28");
  REQUIRE(inner.items.size() == 2);
  CHECK(span(text, inner.items[0]->range) == "1:20-1:21");
  CHECK(span(text, inner.items[1]->range) == "1:23-1:26");
  // an empty value in a flow mapping sits right after its colon
  const Node& c = value(map, "c");
  CHECK(c.is_null());
  CHECK(c.range.empty());
  CHECK(c.range.begin == 32);
  CHECK(lc(text, c.range.begin) == "1:33");

  const Node& seq = value(*doc.root, "Seq");
  REQUIRE(seq.items.size() == 3);
  CHECK(span(text, seq.range) == "2:6-3:15");
  CHECK(span(text, seq.items[1]->range) == "2:12-2:15");
  CHECK(span(text, seq.items[2]->range) == "3:8-3:13");
  CHECK(span(text, value(*doc.root, "Empty").range) == "4:8-4:11");
}

TEST_CASE("yaml: block scalars run from the indicator to the end of the content", "[yaml]") {
  const std::string text =
      "UserData: |  # script\n"
      "  #!/bin/bash\n"
      "  echo hi\n"
      "\n"
      "Folded: >-\n"
      "    one\n"
      "    two\n"
      "Next: 1\n";
  Document doc = load_ok(text);
  const Node& ud = value(*doc.root, "UserData");
  CHECK(ud.text == "#!/bin/bash\necho hi\n");
  CHECK(ud.type == ScalarType::String);
  CHECK(ud.range.begin == 10);
  CHECK(span(text, ud.range) == "1:11-3:10");
  const Node& folded = value(*doc.root, "Folded");
  CHECK(folded.text == "one two");
  CHECK(span(text, folded.range) == "5:9-7:8");
  CHECK(span(text, entry(*doc.root, "Next").key_range) == "8:1-8:5");
}

TEST_CASE("yaml: multi-line plain scalars end at the last line's content", "[yaml]") {
  const std::string text =
      "Description: first line\n"
      "  second   line   \n"
      "Other: x\n";
  Document doc = load_ok(text);
  const Node& d = value(*doc.root, "Description");
  CHECK(d.text == "first line second   line");
  CHECK(span(text, d.range) == "1:14-2:16");
}

TEST_CASE("yaml: empty values are null at the end of their colon", "[yaml]") {
  const std::string text =
      "Empty:\n"
      "Spaced:    # comment\n"
      "List:\n"
      "  -\n"
      "  - x\n";
  Document doc = load_ok(text);
  const Node& empty = value(*doc.root, "Empty");
  CHECK(empty.is_null());
  CHECK(empty.text.empty());
  CHECK(empty.range.begin == 6);
  CHECK(empty.range.empty());
  const Node& spaced = value(*doc.root, "Spaced");
  CHECK(spaced.is_null());
  CHECK(lc(text, spaced.range.begin) == "2:8");
  CHECK(spaced.range.empty());
  const Node& list = value(*doc.root, "List");
  REQUIRE(list.items.size() == 2);
  CHECK(list.items[0]->is_null());
  CHECK(lc(text, list.items[0]->range.begin) == "4:4");
}

TEST_CASE("yaml: !Ref and !Condition become long-form mappings", "[yaml][cfn]") {
  const std::string text =
      "A: !Ref MyParam\n"
      "B: !Condition IsProd\n";
  Document doc = load_ok(text);
  const Node& a = value(*doc.root, "A");
  REQUIRE(a.is_map());
  CHECK(a.intrinsic() == "Ref");
  REQUIRE(a.entries.size() == 1);
  CHECK(sole(a).key == "Ref");
  CHECK(slice(text, sole(a).key_range) == "!Ref");
  CHECK(span(text, sole(a).key_range) == "1:4-1:8");
  CHECK(sole(a).value->text == "MyParam");
  CHECK(span(text, sole(a).value->range) == "1:9-1:16");
  CHECK(doc.tag(sole(a).value).empty());
  CHECK(span(text, a.range) == "1:4-1:16");

  const Node& b = value(*doc.root, "B");
  CHECK(b.intrinsic() == "Condition");
  CHECK(span(text, sole(b).key_range) == "2:4-2:14");
  CHECK(value(b, "Condition").text == "IsProd");
  CHECK(span(text, b.range) == "2:4-2:21");
}

TEST_CASE("yaml: !GetAtt splits its scalar at the first dot", "[yaml][cfn]") {
  const std::string text =
      "A: !GetAtt MyBucket.Arn\n"
      "B: !GetAtt \"Db.Endpoint.Address\"\n"
      "C: !GetAtt [Res, Attr]\n";
  Document doc = load_ok(text);
  const Node& a = value(*doc.root, "A");
  CHECK(a.intrinsic() == "Fn::GetAtt");
  CHECK(span(text, sole(a).key_range) == "1:4-1:11");
  CHECK(span(text, a.range) == "1:4-1:24");
  const Node& parts = value(a, "Fn::GetAtt");
  REQUIRE(parts.is_seq());
  REQUIRE(parts.items.size() == 2);
  CHECK(parts.items[0]->text == "MyBucket");
  CHECK(parts.items[0]->type == ScalarType::String);
  CHECK(span(text, parts.items[0]->range) == "1:12-1:20");
  CHECK(parts.items[1]->text == "Arn");
  CHECK(span(text, parts.items[1]->range) == "1:21-1:24");
  CHECK(span(text, parts.range) == "1:12-1:24");

  const Node& b = value(value(*doc.root, "B"), "Fn::GetAtt");
  REQUIRE(b.items.size() == 2);
  CHECK(b.items[0]->text == "Db");
  CHECK(span(text, b.items[0]->range) == "2:13-2:15");
  CHECK(b.items[1]->text == "Endpoint.Address");
  CHECK(slice(text, b.items[1]->range) == "Endpoint.Address");

  const Node& c = value(*doc.root, "C");
  CHECK(c.intrinsic() == "Fn::GetAtt");
  const Node& cseq = value(c, "Fn::GetAtt");
  REQUIRE(cseq.items.size() == 2);
  CHECK(span(text, cseq.range) == "3:12-3:23");
  CHECK(cseq.items[1]->text == "Attr");
  CHECK(span(text, c.range) == "3:4-3:23");
}

TEST_CASE("yaml: every other short form becomes Fn::<Name>", "[yaml][cfn]") {
  const char* names[] = {"Sub",    "FindInMap", "If",          "Select", "Join",  "Base64",
                         "Equals", "Not",       "And",         "Or",     "ImportValue",
                         "GetAZs", "Split",     "Cidr",        "Transform", "Length",
                         "ToJsonString", "ForEach"};
  for (const char* name : names) {
    const std::string tag = std::string("!") + name;
    const std::string text = "K: " + tag + " value\n";
    Document doc = load_ok(text);
    const Node& k = value(*doc.root, "K");
    INFO(tag);
    REQUIRE(k.is_map());
    REQUIRE(k.entries.size() == 1);
    CHECK(sole(k).key == std::string("Fn::") + name);
    CHECK(sole(k).key_range.begin == 3);
    CHECK(sole(k).key_range.end == 3 + tag.size());
    CHECK(sole(k).value->text == "value");
    CHECK(sole(k).value->range.begin == 4 + tag.size());
    CHECK(k.range.begin == 3);
    CHECK(k.range.end == text.size() - 1);
  }
}

TEST_CASE("yaml: short forms wrap sequences and mappings", "[yaml][cfn]") {
  const std::string text =
      "Cond: !If\n"
      "  - IsProd\n"
      "  - !Ref ProdAmi\n"
      "  - !FindInMap [Amis, !Ref 'AWS::Region', Id]\n"
      "Joined: !Join ['', [a, b]]\n"
      "Sub: !Sub\n"
      "  - '${X}'\n"
      "  - X: !Ref Y\n"
      "Mapped: !Transform {Name: Inc}\n";
  Document doc = load_ok(text);
  const Node& cond = value(*doc.root, "Cond");
  CHECK(cond.intrinsic() == "Fn::If");
  CHECK(span(text, sole(cond).key_range) == "1:7-1:10");
  CHECK(span(text, cond.range) == "1:7-4:46");
  const Node& args = value(cond, "Fn::If");
  REQUIRE(args.is_seq());
  REQUIRE(args.items.size() == 3);
  CHECK(span(text, args.range) == "2:3-4:46");
  CHECK(args.items[1]->intrinsic() == "Ref");
  CHECK(span(text, args.items[1]->range) == "3:5-3:17");
  const Node& fim = *args.items[2];
  CHECK(fim.intrinsic() == "Fn::FindInMap");
  const Node& fim_args = value(fim, "Fn::FindInMap");
  REQUIRE(fim_args.items.size() == 3);
  CHECK(span(text, fim_args.range) == "4:16-4:46");
  const Node& region = *fim_args.items[1];
  CHECK(region.intrinsic() == "Ref");
  CHECK(value(region, "Ref").text == "AWS::Region");
  CHECK(span(text, value(region, "Ref").range) == "4:28-4:41");
  CHECK(span(text, region.range) == "4:23-4:41");

  const Node& joined = value(*doc.root, "Joined");
  CHECK(joined.intrinsic() == "Fn::Join");
  CHECK(span(text, joined.range) == "5:9-5:27");

  const Node& sub = value(*doc.root, "Sub");
  const Node& sub_args = value(sub, "Fn::Sub");
  REQUIRE(sub_args.items.size() == 2);
  CHECK(value(*sub_args.items[1], "X").intrinsic() == "Ref");

  const Node& mapped = value(*doc.root, "Mapped");
  CHECK(mapped.intrinsic() == "Fn::Transform");
  CHECK(value(value(mapped, "Fn::Transform"), "Name").text == "Inc");
  CHECK(span(text, mapped.range) == "9:9-9:31");
}

TEST_CASE("yaml: a short form with no value wraps an empty null", "[yaml][cfn]") {
  const std::string text = "A: !Ref\nB: 1\n";
  Document doc = load_ok(text);
  const Node& a = value(*doc.root, "A");
  CHECK(a.intrinsic() == "Ref");
  const Node& inner = value(a, "Ref");
  CHECK(inner.is_null());
  CHECK(inner.range.begin == 7);
  CHECK(inner.range.empty());
  CHECK(span(text, a.range) == "1:4-1:8");
}

TEST_CASE("yaml: tagged block scalars and tagged multi-line scalars in sequences", "[yaml][cfn]") {
  // yaml-cpp on its own rejects these valid forms
  const std::string text =
      "Lines:\n"
      "  - !Sub |\n"
      "    echo ${AWS::Region}\n"
      "  - !Sub >\n"
      "    two\n"
      "    words\n"
      "Description:\n"
      "  !Sub Stack for\n"
      "  ${Env}\n";
  Document doc = load_ok(text);
  const Node& lines = value(*doc.root, "Lines");
  REQUIRE(lines.items.size() == 2);
  const Node& first = *lines.items[0];
  CHECK(first.intrinsic() == "Fn::Sub");
  CHECK(span(text, sole(first).key_range) == "2:5-2:9");
  const Node& script = value(first, "Fn::Sub");
  CHECK(script.text == "echo ${AWS::Region}\n");
  CHECK(span(text, script.range) == "2:10-3:24");
  CHECK(value(*lines.items[1], "Fn::Sub").text == "two words\n");
  const Node& desc = value(*doc.root, "Description");
  CHECK(desc.intrinsic() == "Fn::Sub");
  CHECK(span(text, sole(desc).key_range) == "8:3-8:7");
  CHECK(value(desc, "Fn::Sub").text == "Stack for ${Env}");
  CHECK(span(text, value(desc, "Fn::Sub").range) == "8:8-9:9");
}

TEST_CASE("yaml: other tags", "[yaml]") {
  const std::string text =
      "Str: !!str 5\n"
      "Int: !!int \"7\"\n"
      "Bang: ! 123\n"
      "Custom: !Foo bar\n"
      "CustomMap: !Foo {a: 1}\n"
      "Seq: !!seq [1]\n";
  Document doc = load_ok(text);
  const Node& s = value(*doc.root, "Str");
  CHECK(s.type == ScalarType::String);
  CHECK(doc.tag(&s).empty());
  CHECK(span(text, s.range) == "1:12-1:13");
  CHECK(value(*doc.root, "Int").type == ScalarType::Number);
  const Node& bang = value(*doc.root, "Bang");
  CHECK(bang.type == ScalarType::String);
  CHECK(bang.text == "123");
  CHECK(span(text, bang.range) == "3:9-3:12");
  const Node& custom = value(*doc.root, "Custom");
  CHECK(custom.is_scalar());
  CHECK(doc.tag(&custom) == "!Foo");
  CHECK(custom.text == "bar");
  CHECK(span(text, custom.range) == "4:14-4:17");
  const Node& custom_map = value(*doc.root, "CustomMap");
  CHECK(custom_map.is_map());
  CHECK(doc.tag(&custom_map) == "!Foo");
  CHECK(span(text, custom_map.range) == "5:17-5:23");
  CHECK(doc.tag(&value(*doc.root, "Seq")).empty());
}

TEST_CASE("yaml: scalar types follow the YAML 1.2 core schema", "[yaml]") {
  const std::string text =
      "n1: null\nn2: Null\nn3: NULL\nn4: ~\nn5:\n"
      "b1: true\nb2: False\nb3: TRUE\n"
      "i1: 12\ni2: -3\ni3: 0x1F\ni4: 0o17\nf1: 1.5\nf2: -.5e3\nf3: .inf\nf4: -.Inf\nf5: .nan\n"
      "s1: \"123\"\ns2: '~'\ns3: nULL\ns4: yes\ns5: 1.2.3\ns6: ami-0abc\ns7: 0x\ns8: |\n  true\n";
  Document doc = load_ok(text);
  const Node& root = *doc.root;
  for (const char* k : {"n1", "n2", "n3", "n4", "n5"}) {
    INFO(k);
    CHECK(value(root, k).type == ScalarType::Null);
  }
  CHECK(value(root, "n1").text == "null");
  CHECK(value(root, "n4").text == "~");
  CHECK(span(text, value(root, "n4").range) == "4:5-4:6");
  CHECK(value(root, "n5").text.empty());
  for (const char* k : {"b1", "b2", "b3"}) {
    INFO(k);
    CHECK(value(root, k).type == ScalarType::Bool);
  }
  for (const char* k : {"i1", "i2", "i3", "i4", "f1", "f2", "f3", "f4", "f5"}) {
    INFO(k);
    CHECK(value(root, k).type == ScalarType::Number);
  }
  for (const char* k : {"s1", "s2", "s3", "s4", "s5", "s6", "s7", "s8"}) {
    INFO(k);
    CHECK(value(root, k).type == ScalarType::String);
  }
  CHECK(value(root, "s1").text == "123");
}

TEST_CASE("yaml: aliases share the anchored node", "[yaml]") {
  const std::string text =
      "Base: &base\n"
      "  ImageId: ami-1\n"
      "Copy: *base\n"
      "List: [&x 5, *x, *base]\n"
      "Ref: &r !Ref Param\n"
      "Again: *r\n"
      "<<: *base\n";
  Document doc = load_ok(text);
  const Node* base = doc.root->get("Base");
  REQUIRE(base != nullptr);
  CHECK(base->is_map());
  CHECK(span(text, base->range) == "2:3-2:17");
  CHECK(doc.root->get("Copy") == base);
  const Node& list = value(*doc.root, "List");
  REQUIRE(list.items.size() == 3);
  CHECK(list.items[0] == list.items[1]);
  CHECK(list.items[2] == base);
  CHECK(span(text, list.items[0]->range) == "4:11-4:12");
  const Node* ref = doc.root->get("Ref");
  CHECK(ref->intrinsic() == "Ref");
  CHECK(doc.root->get("Again") == ref);
  // merge keys stay a plain entry
  const MapEntry& merge = entry(*doc.root, "<<");
  CHECK(merge.value == base);
  CHECK(span(text, merge.key_range) == "7:1-7:3");
}

TEST_CASE("yaml: an alias bomb is an error at the alias past a million nodes, and nothing is copied", "[yaml]") {
  auto laughs = [](int levels) {
    std::string text = "l0: &l0 [x, x, x, x, x, x, x, x, x, x]\n";
    for (int i = 1; i < levels; ++i) {
      std::string prev = "*l" + std::to_string(i - 1);
      text += "l" + std::to_string(i) + ": &l" + std::to_string(i) + " [";
      for (int j = 0; j < 10; ++j) text += (j ? ", " : "") + prev;
      text += "]\n";
    }
    return text;
  };
  // 5 levels: aliases stand for 123,440 nodes, fine
  load_ok(laughs(5));
  std::string text = laughs(10);
  Document doc = load_yaml(text, "t.yaml");
  REQUIRE(doc.errors.size() == 1);
  // l1..l4 aliases stand for 123,440 nodes, each alias of l5 for 111,111 more: the 8th
  CHECK(lc(text, doc.errors[0].offset) == "6:45");  // "l5: &l5 [" then 5 columns per alias
  CHECK(doc.errors[0].message ==
        "aliases expand to more than 1000000 nodes (a YAML alias bomb); write the values out or use fewer, smaller anchors");
  // 10 sequences + 10 scalars: nothing was copied
  CHECK(doc.node_count() <= 40);
  const Node& top = value(*doc.root, "l9");
  REQUIRE(top.items.size() == 10);
  CHECK(top.items[0] == doc.root->get("l8"));
  CHECK(top.items[9] == top.items[0]);
}

TEST_CASE("yaml: alias errors", "[yaml][errors]") {
  SECTION("unknown alias") {
    const std::string text = "A: 1\nB: *nowhere\n";
    Document doc = load_yaml(text, "t.yaml");
    REQUIRE(doc.errors.size() == 1);
    CHECK(doc.errors[0].offset == 8);
    CHECK(lc(text, doc.errors[0].offset) == "2:4");
    CHECK(doc.errors[0].message ==
          "unknown alias '*nowhere': define the anchor '&nowhere' before it is used");
  }
  SECTION("alias inside its own anchor") {
    const std::string text = "A: &a [1, *a]\n";
    Document doc = load_yaml(text, "t.yaml");
    REQUIRE(doc.errors.size() == 1);
    CHECK(lc(text, doc.errors[0].offset) == "1:11");
    CHECK(doc.errors[0].message.find("alias '*a' refers to a node that contains it") == 0);
  }
}

TEST_CASE("yaml: duplicate keys are errors at every level", "[yaml][errors]") {
  const std::string text =
      "Resources:\n"
      "  A:\n"
      "    Type: x\n"
      "    Type: y\n"
      "  B: 1\n"
      "Resources: 2\n";
  Document doc = load_yaml(text, "t.yaml");
  REQUIRE(doc.errors.size() == 2);
  CHECK(lc(text, doc.errors[0].offset) == "4:5");
  CHECK(doc.errors[0].offset == 32);
  CHECK(doc.errors[0].message ==
        "duplicate key 'Type' (first defined on line 3); CloudFormation rejects duplicate keys");
  CHECK(lc(text, doc.errors[1].offset) == "6:1");
  CHECK(doc.errors[1].message ==
        "duplicate key 'Resources' (first defined on line 1); CloudFormation rejects duplicate "
        "keys");
}

TEST_CASE("yaml: duplicate keys in a large mapping", "[yaml][errors]") {
  std::string text;
  for (int i = 0; i < 40; ++i) text += "K" + std::to_string(i) + ": v\n";
  text += "{K7: 1}: x\n";  // a complex key is not compared
  text += "K13: again\n";
  Document doc = load_yaml(text, "t.yaml");
  REQUIRE(doc.errors.size() == 1);
  CHECK(lc(text, doc.errors[0].offset) == "42:1");
  CHECK(doc.errors[0].message ==
        "duplicate key 'K13' (first defined on line 14); CloudFormation rejects duplicate keys");
}

TEST_CASE("yaml: syntax errors carry the parser's position and a hint", "[yaml][errors]") {
  const std::string text =
      "Resources:\n"
      "  A: b\n"
      "    c: d\n";
  Document doc = load_yaml(text, "t.yaml");
  REQUIRE(doc.errors.size() == 1);
  CHECK(doc.errors[0].offset == 23);
  CHECK(lc(text, doc.errors[0].offset) == "3:6");
  CHECK(doc.errors[0].message ==
        "YAML syntax error: illegal map value (check indentation and quoting)");
  CHECK(doc.root == nullptr);
}

TEST_CASE("yaml: an unclosed quote is an error", "[yaml][errors]") {
  const std::string text = "A: 1\nB: \"open\nC: 2\n";
  Document doc = load_yaml(text, "t.yaml");
  REQUIRE(!doc.errors.empty());
  CHECK(lc(text, doc.errors[0].offset) == "2:4");
  CHECK(doc.errors[0].message ==
        "YAML syntax error: double-quoted scalar has no closing quote (check quoting)");
}

TEST_CASE("yaml: invalid UTF-8 is reported at the first bad byte", "[yaml][errors]") {
  const std::string text = "A: caf\xC3\xA9\nB: \xE2\x82 broken\n";
  Document doc = load_yaml(text, "t.yaml");
  REQUIRE(doc.errors.size() == 1);
  CHECK(doc.errors[0].offset == 12);
  CHECK(lc(text, doc.errors[0].offset) == "2:4");
  CHECK(doc.errors[0].message == "invalid UTF-8 byte sequence; save the file as UTF-8");
  CHECK(doc.root == nullptr);
}

TEST_CASE("yaml: control characters are errors", "[yaml][errors]") {
  const std::string text = std::string("A: x\nB: y\x04z\n");
  Document doc = load_yaml(text, "t.yaml");
  REQUIRE(doc.errors.size() == 1);
  CHECK(doc.errors[0].offset == 9);
  CHECK(doc.errors[0].message == "control character U+0004 is not allowed in YAML; remove it");
}

TEST_CASE("yaml: a UTF-8 BOM is accepted and counted in offsets", "[yaml]") {
  const std::string text = "\xEF\xBB\xBFKey: value\nNext: [a]\n";
  Document doc = load_ok(text);
  const MapEntry& key = entry(*doc.root, "Key");
  CHECK(key.key_range.begin == 3);
  CHECK(key.key_range.end == 6);
  CHECK(span(text, key.key_range) == "1:1-1:4");  // the BOM takes no column
  CHECK(value(*doc.root, "Key").range.begin == 8);
  CHECK(slice(text, value(*doc.root, "Key").range) == "value");
  const Node& next = value(*doc.root, "Next");
  CHECK(next.range.begin == 20);
  CHECK(span(text, next.range) == "2:7-2:10");
}

TEST_CASE("yaml: UTF-16 and UTF-32 files are rejected", "[yaml][errors]") {
  const std::string le("\xFF\xFE" "A\0:\0", 6);
  Document doc = load_yaml(le, "t.yaml");
  REQUIRE(doc.errors.size() == 1);
  CHECK(doc.errors[0].offset == 0);
  CHECK(doc.errors[0].message ==
        "file is UTF-16LE; amilint reads UTF-8 templates: convert it with iconv");
  CHECK(doc.root == nullptr);
  const std::string be32("\0\0\xFE\xFF\0\0\0A", 8);
  Document doc32 = load_yaml(be32, "t.yaml");
  REQUIRE(doc32.errors.size() == 1);
  CHECK(doc32.errors[0].message.find("file is UTF-32BE;") == 0);
}

TEST_CASE("yaml: CRLF line endings keep byte offsets", "[yaml]") {
  const std::string text = "A: one\r\nB:\r\n  - 'x'\r\n  - |\r\n    text\r\nC: 3\r\n";
  Document doc = load_ok(text);
  const Node& a = value(*doc.root, "A");
  CHECK(span(text, a.range) == "1:4-1:7");
  const MapEntry& b = entry(*doc.root, "B");
  CHECK(b.key_range.begin == 8);
  const Node& list = *b.value;
  REQUIRE(list.items.size() == 2);
  CHECK(list.items[0]->range.begin == 16);
  CHECK(span(text, list.items[0]->range) == "3:5-3:8");
  CHECK(list.items[1]->text == "text\n");
  CHECK(span(text, list.items[1]->range) == "4:5-5:9");
  CHECK(span(text, entry(*doc.root, "C").key_range) == "6:1-6:2");
}

TEST_CASE("yaml: lone CR line endings keep byte offsets", "[yaml]") {
  const std::string text = "A: one\rB: two\r  three\rC: 'q'\r";
  Document doc = load_ok(text);
  REQUIRE(doc.root->entries.size() == 3);
  const Node& b = value(*doc.root, "B");
  CHECK(b.text == "two three");
  CHECK(b.range.begin == 10);
  CHECK(span(text, b.range) == "2:4-3:8");
  const Node& c = value(*doc.root, "C");
  CHECK(c.range.begin == 25);
  CHECK(span(text, c.range) == "4:4-4:7");
}

TEST_CASE("yaml: multi-byte characters count as one column", "[yaml]") {
  const std::string text = "Desc: \"h\xC3\xA9llo \xE2\x82\xAC\"\n\xC3\xA9t\xC3\xA9: v\n";
  Document doc = load_ok(text);
  const Node& desc = value(*doc.root, "Desc");
  CHECK(desc.range.begin == 6);
  CHECK(desc.range.end == 18);
  CHECK(span(text, desc.range) == "1:7-1:16");
  const MapEntry& ete = entry(*doc.root, "\xC3\xA9t\xC3\xA9");
  CHECK(span(text, ete.key_range) == "2:1-2:4");
  CHECK(ete.value->range.begin == 26);
  CHECK(lc(text, ete.value->range.begin) == "2:6");
}

TEST_CASE("yaml: deep nesting is an error, not a crash", "[yaml][errors]") {
  SECTION("1000 nested flow sequences") {
    std::string text = "A: " + std::string(1000, '[') + std::string(1000, ']') + "\n";
    Document doc = load_yaml(text, "t.yaml");
    REQUIRE(doc.errors.size() == 1);
    CHECK(doc.errors[0].message.find("nesting deeper than") == 0);
    CHECK(doc.errors[0].offset > 400);
    CHECK(doc.errors[0].offset < 1003);
    CHECK(text[doc.errors[0].offset] == '[');
  }
  SECTION("1000 nested block mappings") {
    std::string text;
    for (int i = 0; i < 1000; ++i) text += std::string(static_cast<size_t>(i), ' ') + "k:\n";
    Document doc = load_yaml(text, "t.yaml");
    REQUIRE(doc.errors.size() == 1);
    CHECK(doc.errors[0].message.find("nesting deeper than") == 0);
  }
  SECTION("short forms count toward the tree depth") {
    // each `!Not [` adds two levels to the tree: the 256th goes past 512
    std::string text = "A: ";
    for (int i = 0; i < 300; ++i) text += "!Not [";
    text += "x" + std::string(300, ']') + "\n";
    Document doc = load_yaml(text, "t.yaml");
    REQUIRE(doc.errors.size() == 1);
    CHECK(doc.errors[0].message == "nesting deeper than 512 levels; simplify the template");
    CHECK(doc.errors[0].offset == 3 + 255 * 6);
  }
}

TEST_CASE("yaml: empty documents have no root and no errors", "[yaml]") {
  for (const char* text : {"", "# only a comment\n", "---\n", "\n\n   \n"}) {
    INFO('"' << text << '"');
    Document doc = load_yaml(text, "t.yaml");
    CHECK(doc.errors.empty());
    CHECK(doc.root == nullptr);
  }
}

TEST_CASE("yaml: a root that is not a mapping is fine", "[yaml]") {
  Document seq = load_ok("- a\n- b\n");
  CHECK(seq.root->is_seq());
  Document scalar = load_ok("just text\n");
  CHECK(scalar.root->is_scalar());
  CHECK(scalar.root->text == "just text");
  CHECK(scalar.root->range.end == 9);
}

TEST_CASE("yaml: only the first document is used", "[yaml]") {
  const std::string text = "A: 1\n---\nB: [unclosed\n";
  Document doc = load_ok(text);
  REQUIRE(doc.root->entries.size() == 1);
  CHECK(doc.root->entries[0].key == "A");
}

TEST_CASE("yaml: complex keys have empty text", "[yaml]") {
  const std::string text = "? [a, b]\n: v\nk: w\n";
  Document doc = load_ok(text);
  REQUIRE(doc.root->entries.size() == 2);
  CHECK(doc.root->entries[0].key.empty());
  CHECK(span(text, doc.root->entries[0].key_range) == "1:3-1:9");
  CHECK(doc.root->entries[0].value->text == "v");
}

TEST_CASE("yaml: a tab before a comment is accepted", "[yaml]") {
  const std::string text = "Encrypted: True\t# note\nNext: 1\n";
  Document doc = load_ok(text);
  const Node& e = value(*doc.root, "Encrypted");
  CHECK(e.type == ScalarType::Bool);
  CHECK(span(text, e.range) == "1:12-1:16");
}
