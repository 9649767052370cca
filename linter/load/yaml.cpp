// YAML loader: yaml-cpp's event parser feeds a builder that creates the node tree
// directly in the document arena. yaml-cpp reports where a node starts (a byte
// offset, not counting a UTF-8 BOM) but not where it ends, so token extents are
// recovered by scanning the source text from those start offsets.
// The loader's parts are listed in yaml_builder.h; this file holds the entry point:
// checks before parsing, the parse of the first document, and the retry for
// yaml-cpp's tag bug.
#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/parser.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <exception>
#include <istream>
#include <limits>
#include <optional>
#include <streambuf>
#include <string>
#include <string_view>
#include <vector>

#include "linter/load/loaders.h"
#include "linter/load/node.h"
#include "linter/load/yaml_builder.h"
#include "linter/source/source.h"

namespace amilint {
namespace {

using detail::yaml::Builder;
using detail::yaml::TagSite;
using detail::yaml::is_break;
using detail::yaml::is_digit;
using detail::yaml::is_flow_indicator;
using detail::yaml::is_space;

// A read-only stream buffer over memory the caller owns: yaml-cpp reads from a
// std::istream, and this lets it read the text in place without a copy.
class MemoryBuffer : public std::streambuf {
 public:
  MemoryBuffer(const char* data, size_t size) {
    char* p = const_cast<char*>(data);  // the get area is never written to
    setg(p, p, p + size);
  }
};

// The first byte of a disallowed control character (YAML accepts tab, LF and CR
// only), if any. yaml-cpp would silently stop at some of them.
std::optional<uint32_t> find_control_char(std::string_view s) {
  for (size_t i = 0; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7F)
      return static_cast<uint32_t>(i);
  }
  return std::nullopt;
}

// Candidate sites: `!Name` (primary handle) at the start of a line's content,
// followed on the same line by a block scalar indicator or a plain scalar that
// is not a mapping key.
std::vector<TagSite> find_tag_sites(std::string_view s) {
  std::vector<TagSite> sites;
  const size_t n = s.size();
  size_t i = 0;
  while (i < n) {
    size_t line_end = i;
    while (line_end < n && !is_break(s[line_end])) ++line_end;
    size_t j = i;
    for (;;) {
      while (j < line_end && is_space(s[j])) ++j;
      if (j + 1 < line_end && (s[j] == '-' || s[j] == '?') && is_space(s[j + 1])) {
        ++j;
        continue;
      }
      break;
    }
    if (j + 1 < line_end && s[j] == '!' && s[j + 1] != '!' && s[j + 1] != '<' &&
        !is_space(s[j + 1])) {
      size_t te = j + 1;
      while (te < line_end && !is_space(s[te]) && s[te] != '!' && !is_flow_indicator(s[te]))
        ++te;
      size_t c = te;
      while (c < line_end && is_space(s[c])) ++c;
      bool ok = te < line_end && is_space(s[te]) && c < line_end;
      if (ok) {
        char first = s[c];
        if (first == '|' || first == '>') {
          // a block scalar header: indicators, then at most a comment
          size_t k = c + 1;
          while (k < line_end && (is_digit(s[k]) || s[k] == '+' || s[k] == '-')) ++k;
          while (k < line_end && is_space(s[k])) ++k;
          ok = k == line_end || s[k] == '#';
        } else if (std::strchr("\"'[]{},#&*!%@`", first) != nullptr) {
          ok = false;
        } else {
          // a plain scalar, unless the line is really `!Tag key: value`
          for (size_t k = c; k < line_end && ok; ++k) {
            if (s[k] == ':' && (k + 1 == line_end || is_space(s[k + 1]))) ok = false;
            if (s[k] == '#' && is_space(s[k - 1])) break;
          }
        }
      }
      if (ok) {
        TagSite site;
        site.begin = static_cast<uint32_t>(j);
        site.end = static_cast<uint32_t>(te);
        site.content = static_cast<uint32_t>(c);
        site.tag.assign(s.substr(j, te - j));
        sites.push_back(std::move(site));
      }
    }
    i = line_end;
    if (i < n && s[i] == '\r') ++i;
    if (i < n && s[i] == '\n') ++i;
  }
  return sites;
}

struct ParseResult {
  Document doc;
  bool syntax_error = false;  // yaml-cpp rejected the text
};

// Parses the first document of parse_text (what yaml-cpp reads; its offsets
// equal those of scan_text, from which token extents are read).
ParseResult parse_first_document(std::string_view original, std::string_view parse_text,
                                 std::string_view scan_text, uint32_t bom,
                                 std::vector<TagSite>* sites) {
  ParseResult result;
  Document& doc = result.doc;
  Builder builder(doc, original, scan_text, bom);
  builder.set_tag_sites(sites);
  MemoryBuffer buffer(parse_text.data() + bom, parse_text.size() - bom);
  std::istream in(&buffer);
  bool failed = false;
  try {
    YAML::Parser parser(in);
    parser.HandleNextDocument(builder);
  } catch (const YAML::DeepRecursion&) {
    if (!builder.finished()) {
      builder.deep_recursion_error();
      doc.root = nullptr;
    }
  } catch (const YAML::ParserException& e) {
    // problems in later documents of a stream do not concern the first one
    if (!builder.finished()) {
      builder.syntax_error(e);
      failed = true;
      result.syntax_error = true;
    }
  } catch (const std::exception& e) {
    if (!builder.finished()) {
      builder.error(0, std::string("YAML could not be read: ") + e.what());
      failed = true;
    }
  }
  if (failed) doc.root = nullptr;
  std::stable_sort(doc.errors.begin(), doc.errors.end(),
                   [](const ParseError& a, const ParseError& b) { return a.offset < b.offset; });
  return result;
}

}  // namespace

Document load_yaml(std::string_view text, const std::string& display_name) {
  (void)display_name;  // reports name the file; positions are all a loader gives
  Document doc;  // for problems found before parsing
  if (const char* bom = foreign_bom_name(text)) {
    doc.errors.push_back(ParseError{
        0, std::string("file is ") + bom +
               "; amilint reads UTF-8 templates: convert it with iconv"});
    return doc;
  }
  if (text.size() >= static_cast<size_t>(std::numeric_limits<int>::max())) {
    doc.errors.push_back(ParseError{0, "file is too large to load (2 GiB or more)"});
    return doc;
  }
  if (std::optional<uint32_t> bad = find_invalid_utf8(text)) {
    doc.errors.push_back(
        ParseError{*bad, "invalid UTF-8 byte sequence; save the file as UTF-8"});
    return doc;
  }
  if (std::optional<uint32_t> ctl = find_control_char(text)) {
    static const char* hex = "0123456789ABCDEF";
    unsigned char c = static_cast<unsigned char>(text[*ctl]);
    std::string cp = "U+00";
    cp += hex[c >> 4];
    cp += hex[c & 15];
    doc.errors.push_back(ParseError{
        *ctl, "control character " + cp + " is not allowed in YAML; remove it"});
    return doc;
  }

  // yaml-cpp only knows "\n" and "\r\n" as line breaks; a lone "\r" becomes "\n"
  // in a same-length copy so that offsets are unchanged.
  std::string converted;
  std::string_view src = text;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\r' && (i + 1 >= text.size() || text[i + 1] != '\n')) {
      converted.assign(text.data(), text.size());
      for (size_t j = i; j < converted.size(); ++j)
        if (converted[j] == '\r' && (j + 1 >= converted.size() || converted[j + 1] != '\n'))
          converted[j] = '\n';
      src = converted;
      break;
    }
  }

  const uint32_t bom = static_cast<uint32_t>(utf8_bom_length(text));
  ParseResult first = parse_first_document(text, src, src, bom, nullptr);
  if (!first.syntax_error) return std::move(first.doc);

  // The parser failed. If it may have tripped over a tag it mis-scans, retry
  // with such tags blanked; a site that turns out not to be a node's tag (it was
  // inside a string) is left alone in the next round.
  std::vector<TagSite> sites = find_tag_sites(src);
  for (int round = 0; round < 3 && !sites.empty(); ++round) {
    std::string blanked(src);
    for (const TagSite& site : sites)
      std::fill(blanked.begin() + site.begin, blanked.begin() + site.end, ' ');
    ParseResult retry = parse_first_document(text, blanked, src, bom, &sites);
    if (retry.syntax_error) break;
    size_t before = sites.size();
    sites.erase(std::remove_if(sites.begin(), sites.end(),
                               [](const TagSite& s) { return !s.consumed; }),
                sites.end());
    if (sites.size() == before) return std::move(retry.doc);
    for (TagSite& site : sites) site.consumed = false;
  }
  return std::move(first.doc);
}

}  // namespace amilint
