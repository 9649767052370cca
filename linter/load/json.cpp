// JSON loader: nlohmann_json's SAX parser feeds a tree builder (json_builder.h) that
// records the byte range of every value and key. This file holds the entry point:
// the checks before parsing (size, byte order mark, UTF-8, empty text).
#include <nlohmann/json.hpp>

#include <cstdint>
#include <cstring>
#include <exception>
#include <optional>
#include <string>
#include <string_view>

#include "linter/load/json_builder.h"
#include "linter/load/loaders.h"

namespace amilint {
namespace {

using detail::json::TreeBuilder;
using detail::json::is_space;

// Length of the leading run of ASCII bytes, eight at a time.
size_t ascii_prefix(std::string_view t) {
  size_t i = 0;
  for (; i + 8 <= t.size(); i += 8) {
    uint64_t word;
    std::memcpy(&word, t.data() + i, 8);
    if (word & 0x8080808080808080ULL) break;
  }
  while (i < t.size() && static_cast<unsigned char>(t[i]) < 0x80) ++i;
  return i;
}

// Offset of the first invalid UTF-8 sequence; the ASCII prefix needs no check.
std::optional<uint32_t> first_invalid_utf8(std::string_view t) {
  size_t skip = ascii_prefix(t);
  if (skip == t.size()) return std::nullopt;
  auto bad = find_invalid_utf8(t.substr(skip));
  if (!bad) return std::nullopt;
  return static_cast<uint32_t>(skip + *bad);
}

}  // namespace

Document load_json(std::string_view text, const std::string& display_name, const PlanPruning* pruning) {
  // messages carry no file name (the reporter adds it); it says whose rules apply
  auto ends = [&](std::string_view suffix) {
    return display_name.size() >= suffix.size() &&
           display_name.compare(display_name.size() - suffix.size(), suffix.size(), suffix) == 0;
  };
  const char* rejecter = ends(".tf.json") || ends(".tfvars.json") ? "Terraform" : "CloudFormation";
  Document doc;
  try {
    if (text.size() >= UINT32_MAX) {
      doc.errors.push_back(ParseError{0, "file is too large (4 GiB or more)"});
      return doc;
    }
    if (const char* bom = foreign_bom_name(text)) {
      doc.errors.push_back(ParseError{
          0, std::string("file is ") + bom + "; amilint reads UTF-8 templates: convert it with iconv"});
      return doc;
    }
    if (auto bad = first_invalid_utf8(text)) {
      doc.errors.push_back(ParseError{*bad, "invalid UTF-8 byte sequence; save the file as UTF-8"});
      return doc;
    }
    const uint32_t start = static_cast<uint32_t>(utf8_bom_length(text));
    uint32_t i = start;
    while (i < text.size() && is_space(text[i])) ++i;
    if (i == text.size()) {
      doc.errors.push_back(ParseError{0, "empty file: expected a JSON value"});
      return doc;
    }
    TreeBuilder builder(text, doc, start, rejecter, pruning);
    builder.run();
    doc.arena.trim();
  } catch (const std::exception& e) {
    doc.root = nullptr;
    doc.errors.push_back(ParseError{0, std::string("could not load the JSON file: ") + e.what()});
  } catch (...) {
    doc.root = nullptr;
    doc.errors.push_back(ParseError{0, "could not load the JSON file"});
  }
  return doc;
}

}  // namespace amilint
