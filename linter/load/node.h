// The format-neutral document tree every loader produces: mappings, sequences and
// scalars, each carrying its source range; every mapping key carries its own range.
#pragma once
#include <algorithm>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "linter/source/source.h"

namespace amilint {

enum class NodeKind : uint8_t { Scalar, Sequence, Mapping };

// What a scalar is. YAML plain scalars are resolved by the YAML core schema
// (null, true/false, numbers); quoted ones are strings; JSON says what it is.
enum class ScalarType : uint8_t { String, Number, Bool, Null };

struct Node;

struct MapEntry {
  std::string key;
  Range key_range;
  const Node* value = nullptr;
};

struct Node {
  NodeKind kind = NodeKind::Scalar;
  ScalarType type = ScalarType::Null;
  Range range;                    // scalar token (quotes included), or the whole collection
  std::string text;               // scalar value (unescaped)
  std::string tag;                // a YAML tag that was not normalized away (e.g. "!Foo")
  std::vector<MapEntry> entries;  // Mapping
  std::vector<const Node*> items; // Sequence

  bool is_map() const { return kind == NodeKind::Mapping; }
  bool is_seq() const { return kind == NodeKind::Sequence; }
  bool is_scalar() const { return kind == NodeKind::Scalar; }
  bool is_null() const { return kind == NodeKind::Scalar && type == ScalarType::Null; }
  // The value of key in a mapping, or nullptr (also when this is not a mapping).
  const Node* get(std::string_view key) const;
  const MapEntry* entry(std::string_view key) const;
  // A one-entry mapping whose key is an intrinsic function ("Ref", "Fn::...",
  // "Condition"): returns that key, else empty.
  std::string_view intrinsic() const;
};

struct ParseError {
  uint32_t offset = 0;  // where the problem is
  std::string message;  // what is wrong, then a hint
};

// The nodes of one document, allocated in chunks that grow (16 nodes, then twice as
// many each time, up to 1024): few allocations for a large document, little memory
// for a small one. A node's address never changes.
class NodeArena {
 public:
  Node* make() {
    if (used_ == capacity_) {
      capacity_ = capacity_ ? std::min<size_t>(capacity_ * 2, 1024) : 16;
      chunks_.emplace_back(new Node[capacity_]);
      used_ = 0;
    }
    ++size_;
    return &chunks_.back()[used_++];
  }
  size_t size() const { return size_; }

 private:
  std::vector<std::unique_ptr<Node[]>> chunks_;
  size_t used_ = 0, capacity_ = 0, size_ = 0;
};

// One loaded file: owns its nodes.
struct Document {
  const Node* root = nullptr;  // nullptr when the text could not be parsed at all
  std::vector<ParseError> errors;
  NodeArena arena;

  Node* make(NodeKind kind) {
    Node* n = arena.make();
    n->kind = kind;
    return n;
  }
};

}  // namespace amilint
