// The format-neutral document tree every loader produces: mappings, sequences and
// scalars, each carrying its source range; every mapping key carries its own range.
#pragma once
#include <algorithm>
#include <cstring>
#include <new>
#include <stdexcept>
#include <type_traits>
#include <utility>
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

// A node's text or a key: a view (of the file's text, or of its Document's arena)
// that converts to std::string where one is needed and concatenates like one.
class Text : public std::string_view {
 public:
  constexpr Text() = default;
  constexpr Text(std::string_view s) : std::string_view(s) {}
  constexpr Text(const char* s) : std::string_view(s) {}
  operator std::string() const { return std::string(data(), size()); }
  std::string str() const { return std::string(data(), size()); }

  friend std::string operator+(std::string a, const Text& b) { return a.append(b.data(), b.size()); }
  friend std::string operator+(const char* a, const Text& b) { return std::string(a).append(b.data(), b.size()); }
  friend std::string operator+(const Text& a, const std::string& b) { return a.str() + b; }
  friend std::string operator+(const Text& a, const char* b) { return a.str() + b; }
  friend std::string operator+(const Text& a, char b) { return a.str() + b; }
  friend std::string operator+(const Text& a, const Text& b) { return a.str().append(b.data(), b.size()); }
};

// A node's children, contiguous in its Document's arena: set once, when the loader
// has read the whole collection (no slack, no allocation per collection).
template <class T>
class Children {
 public:
  using value_type = T;
  using const_iterator = const T*;
  const T* begin() const { return data_; }
  const T* end() const { return data_ + size_; }
  size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  const T& operator[](size_t i) const { return data_[i]; }
  const T& front() const { return data_[0]; }
  const T& back() const { return data_[size_ - 1]; }
  const T& at(size_t i) const {
    if (i >= size_) throw std::out_of_range("Children::at");
    return data_[i];
  }
  // For loaders: the children, already in the Document's arena.
  void set(T* data, size_t size) {
    data_ = data;
    size_ = static_cast<uint32_t>(size);
  }

 private:
  T* data_ = nullptr;
  uint32_t size_ = 0;
};

struct MapEntry {
  Text key;  // in the file's text or the Document's arena
  Range key_range;
  const Node* value = nullptr;
};

// 64 bytes: strings are views (into the file's text when the value is written there
// verbatim, else into the Document's arena), children are arrays in the arena.
// A Document therefore lives no longer than the text it was loaded from.
struct Node {
  NodeKind kind = NodeKind::Scalar;
  ScalarType type = ScalarType::Null;
  Range range;                     // scalar token (quotes included), or the whole collection
  Text text;                       // scalar value (unescaped)
  Children<MapEntry> entries;      // Mapping
  Children<const Node*> items;     // Sequence

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

static_assert(sizeof(void*) != 8 || sizeof(Node) == 64, "a Node is 64 bytes on 64-bit machines");

struct ParseError {
  uint32_t offset = 0;  // where the problem is
  std::string message;  // what is wrong, then a hint
};

// Memory for one document's nodes, children arrays and strings, in chunks that grow
// (4 KB, then twice as much each time, up to 4 MB; a larger request gets a chunk of
// its own): few allocations for a large document, little memory for a small one.
// Chunks of 2 MB and more are in huge pages where the system has them. Nothing in it is
// ever moved or freed before the Document.
class Arena {
 public:
  Arena() = default;
  Arena(Arena&& o) noexcept { *this = std::move(o); }
  Arena& operator=(Arena&& o) noexcept;
  Arena(const Arena&) = delete;
  Arena& operator=(const Arena&) = delete;
  ~Arena() { release(); }
  void* allocate(size_t bytes, size_t align);
  // Gives the unused end of the current huge-page chunk back to the system (a loader
  // calls it when the document is complete; allocating there again still works).
  void trim();
  template <class T>
  T* copy(const T* from, size_t n) {
    if (n == 0) return nullptr;
    T* to = static_cast<T*>(allocate(n * sizeof(T), alignof(T)));
    std::uninitialized_copy(from, from + n, to);
    return to;
  }
  // Where allocation stands; rewind(m) takes back everything allocated since mark()
  // returned m, unless a chunk was added since (then it keeps it: never wrong, only
  // less thrifty).
  struct Mark {
    size_t chunks = 0;
    char* at = nullptr;
    size_t left = 0;
  };
  Mark mark() const { return Mark{chunks_.size(), at_, left_}; }
  void rewind(const Mark& m) {
    if (m.chunks != chunks_.size() || !m.at) return;
    at_ = m.at;
    left_ = m.left;
  }
  std::string_view save(std::string_view s) {
    if (s.empty()) return {};
    char* to = static_cast<char*>(allocate(s.size(), 1));
    std::memcpy(to, s.data(), s.size());
    return std::string_view(to, s.size());
  }

 private:
  char* chunk(size_t bytes);
  void release();
  struct Chunk {
    char* start;
    size_t size;
    char* mapped;  // the mapping it is in (huge pages), or null: from operator new
    size_t mapped_size;
  };
  std::vector<Chunk> chunks_;
  char* at_ = nullptr;
  size_t left_ = 0;
  size_t next_ = 4096;
};

// One loaded file: owns its nodes (which may view the text it was loaded from).
struct Document {
  const Node* root = nullptr;  // nullptr when the text could not be parsed at all
  std::vector<ParseError> errors;
  Arena arena;
  // YAML tags that were not normalized away (e.g. "!Foo"), by node.
  std::vector<std::pair<const Node*, std::string_view>> tags;

  Node* make(NodeKind kind) {
    static_assert(std::is_trivially_destructible_v<Node>, "nodes are never destroyed");
    Node* n = new (arena.allocate(sizeof(Node), alignof(Node))) Node();
    n->kind = kind;
    ++nodes_;
    return n;
  }
  size_t node_count() const { return nodes_; }  // made (some may have been left out since)
  // The tag of n, or empty.
  std::string_view tag(const Node* n) const {
    for (const auto& t : tags)
      if (t.first == n) return t.second;
    return {};
  }

 private:
  size_t nodes_ = 0;
};

}  // namespace amilint
