// The YAML loader's tree builder, internal to the YAML loader: yaml-cpp's events
// become Nodes in the document arena; token extents come from the source scanner
// (yaml_source.h). The loader is defined in these files:
//   yaml.cpp          load_yaml: checks before parsing, the parse, and the retry for
//                     yaml-cpp's tag bug (TagSite)
//   yaml_schema.cpp   CloudFormation short-form tags and the core schema's plain scalars
//   yaml_source.cpp   the source scanner: ranges of properties and scalars
//   yaml_scalars.cpp  the builder's scalar, null and alias events
//   yaml_tree.cpp     the builder's collections, anchors and short-form wrappers
//   yaml_errors.cpp   the builder's duplicate-key and syntax-error messages
#pragma once
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/mark.h>

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "linter/load/node.h"
#include "linter/load/yaml_source.h"
#include "linter/source/source.h"

namespace amilint {
namespace detail {
namespace yaml {

// ----- short-form tags and the core schema (yaml_schema.cpp) -------------------
// CloudFormation short-form tags and the long-form keys they stand for.
struct ShortForm {
  std::string_view tag;
  std::string_view key;
};

// The long-form key for a CloudFormation short-form tag, or nullptr.
const ShortForm* short_form(const std::string& tag);

constexpr std::string_view kCoreTagPrefix = "tag:yaml.org,2002:";

bool is_null_word(std::string_view s);
// The type a plain scalar resolves to.
ScalarType resolve_plain(std::string_view s);

// ----- the retry for yaml-cpp's tag bug (yaml.cpp) ------------------------------
// yaml-cpp 0.7 mis-scans a tag that is the first token of a line or follows a
// "- " or "? " indicator when the node's content continues on later lines at or
// left of the tag's column (`- !Sub |` followed by its text two columns in, or
// `!Sub text` continued on the next line): it treats the tag as the start of a
// possible mapping key and ends the node early. Such a template is valid YAML, so
// when parsing fails, the loader retries with those tags blanked out (same
// length, so offsets hold) and puts them back itself.
struct TagSite {
  uint32_t begin = 0;    // the tag token
  uint32_t end = 0;
  uint32_t content = 0;  // where the node's content starts on the same line
  std::string tag;
  bool consumed = false;  // seen by the parser as the property of a node
};

enum class Role { Root, Key, Value, Item };

// yaml-cpp's event handler: builds the first document's tree.
class Builder final : public YAML::EventHandler, private SourceScanner {
 public:
  // original: the caller's text (for line numbers); src: the same bytes with lone
  // CRs turned into LFs, from which token extents are read; base: how many
  // leading bytes the parser does not see (a UTF-8 BOM).
  Builder(Document& doc, std::string_view original, std::string_view src, uint32_t base)
      : SourceScanner(src), doc_(doc), original_(original), base_(base) {
    frames_.reserve(64);
    anchors_.reserve(16);
    last_end_ = base;
  }

  // Tags blanked out of the text the parser reads (see TagSite).
  void set_tag_sites(std::vector<TagSite>* sites) { sites_ = sites; }
  bool finished() const { return finished_; }

  // Error reporting for exceptions caught around the parser.
  void syntax_error(const YAML::ParserException& e);
  void deep_recursion_error();
  void error(uint32_t offset, std::string message) {
    doc_.errors.push_back(ParseError{offset, std::move(message)});
  }
  uint32_t line_of(uint32_t offset) {
    if (!lines_) lines_.emplace(original_);
    return static_cast<uint32_t>(lines_->position(offset).line);
  }

  void OnDocumentStart(const YAML::Mark&) override {}
  void OnDocumentEnd() override { finished_ = true; }
  void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override;
  void OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) override;
  void OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                const std::string& value) override;
  enum class ScalarStyle { Plain, Single, Double, Block };
  Range scalar_range(ScalarStyle style, uint32_t content, uint32_t props_end, const std::string& value);
  void OnSequenceStart(const YAML::Mark& mark, const std::string& tag,
                       YAML::anchor_t anchor, YAML::EmitterStyle::value) override {
    start_collection(mark, tag, anchor, NodeKind::Sequence);
  }
  void OnSequenceEnd() override { end_collection(); }
  void OnMapStart(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                  YAML::EmitterStyle::value) override {
    start_collection(mark, tag, anchor, NodeKind::Mapping);
  }
  void OnMapEnd() override { end_collection(); }
  void OnAnchor(const YAML::Mark&, const std::string& name) override {
    pending_anchor_name_ = name;
  }

 private:
  struct Frame {
    Node* node;               // the collection being filled
    Node* wrapper;            // its short-form tag mapping, or nullptr
    YAML::anchor_t anchor;    // anchor to bind when complete (0: none)
    int depth;                // tree depth of node (root collection: 1)
    bool bracketed;           // opened by '{' or '['
    bool expect_key;          // mapping: the next child is a key
    bool has_complex_key;     // mapping: some key is not a scalar
    uint64_t expanded = 1;    // nodes in it so far with every alias expanded
    uint32_t first = 0;       // its first child on entries_ or items_
  };
  struct Anchor {
    std::string name;
    const Node* node = nullptr;  // set once the anchored node is complete
    uint64_t expanded = 1;       // its size with every alias in it expanded
  };
  static uint64_t saturating_add(uint64_t a, uint64_t b) { return a > UINT64_MAX - b ? UINT64_MAX : a + b; }

  uint32_t offset(const YAML::Mark& m) const {
    if (m.pos < 0) return last_end_;
    uint64_t o = static_cast<uint64_t>(m.pos) + base_;
    return o > src_.size() ? size() : static_cast<uint32_t>(o);
  }

  void ignore(const YAML::Mark& mark) {
    if (mark.pos >= 0) last_end_ = std::max(last_end_, offset(mark));
  }

  // ----- scalars (yaml_scalars.cpp) ---------------------------------------------
  uint32_t empty_node_offset(Role r) const;

  // ----- the tree (yaml_tree.cpp) -----------------------------------------------
  const std::string* blanked_tag(uint32_t& p);
  Role role() const {
    if (frames_.empty()) return Role::Root;
    const Frame& f = frames_.back();
    if (f.node->kind == NodeKind::Sequence) return Role::Item;
    return f.expect_key ? Role::Key : Role::Value;
  }
  Node* make_scalar(ScalarType type, Range r);
  // value, as a view of the text where the token at r spells it verbatim, else a copy
  // in the arena.
  std::string_view keep(std::string_view value, Range r);
  // Tree depth a new collection would have, counting synthetic wrappers.
  int parent_depth() const { return frames_.empty() ? 0 : frames_.back().depth; }
  bool depth_exceeded(int depth, uint32_t at_offset);
  Node* wrap(const ShortForm& sf, Range tag, const Node* value);
  const Node* split_getatt(const Node* s);
  void bind_anchor(YAML::anchor_t anchor, const Node* node);
  void declare_anchor(YAML::anchor_t anchor);
  void attach(const Node* n, Range r);
  void attach_key_text(std::string_view text, Range r);
  void start_collection(const YAML::Mark& mark, const std::string& tag,
                        YAML::anchor_t anchor, NodeKind kind);
  void end_collection();

  // ----- errors (yaml_errors.cpp) -----------------------------------------------
  void check_duplicates(const Frame& f);

  Document& doc_;
  std::string_view original_;
  uint32_t base_;
  uint32_t last_end_ = 0;  // end of the last token consumed
  std::vector<Frame> frames_;
  // The children of the open collections, innermost last; a collection's are moved
  // to the arena when it ends.
  std::vector<MapEntry> entries_;
  std::vector<const Node*> items_;
  std::vector<Anchor> anchors_;  // by yaml-cpp anchor id
  std::string pending_anchor_name_;
  std::vector<uint32_t> order_;  // scratch for duplicate detection
  std::optional<LineIndex> lines_;
  std::vector<TagSite>* sites_ = nullptr;
  uint64_t next_weight_ = 1;     // expanded size of the node attach() hands on next
  uint64_t aliased_ = 0;         // nodes reached through aliases, expanded
  int skip_ = 0;                 // >0 while inside a subtree cut off for depth
  uint32_t skip_begin_ = 0;
  bool depth_reported_ = false;
  bool root_done_ = false;
  bool finished_ = false;
};

}  // namespace yaml
}  // namespace detail
}  // namespace amilint
