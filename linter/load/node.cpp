#include "linter/load/node.h"

#include <sys/mman.h>

#include <cstdint>
#include <new>

namespace amilint {

const MapEntry* Node::entry(std::string_view key) const {
  if (kind != NodeKind::Mapping) return nullptr;
  for (const auto& e : entries)
    if (e.key == key) return &e;
  return nullptr;
}

const Node* Node::get(std::string_view key) const {
  const MapEntry* e = entry(key);
  return e ? e->value : nullptr;
}

namespace {

// Chunks this big (a big document's) are mapped in huge pages where the system allows
// it: a 4 KB page costs a page fault, which on a virtual machine costs as much as
// parsing several kilobytes of JSON.
constexpr size_t kHugePage = 2 << 20;

}  // namespace

char* Arena::chunk(size_t bytes) {
  if (bytes >= kHugePage && bytes % kHugePage == 0) {
    void* m = ::mmap(nullptr, bytes + kHugePage, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (m != MAP_FAILED) {
      char* base = static_cast<char*>(m);
      char* p = base + (kHugePage - reinterpret_cast<uintptr_t>(base) % kHugePage) % kHugePage;
      ::madvise(p, bytes, MADV_HUGEPAGE);  // advice: ignored where huge pages are off
      chunks_.push_back(Chunk{p, bytes, base, bytes + kHugePage});
      return p;
    }
  }
  chunks_.push_back(Chunk{static_cast<char*>(::operator new(bytes)), bytes, nullptr, 0});
  return chunks_.back().start;
}

void Arena::trim() {
  if (chunks_.empty() || !chunks_.back().mapped || chunks_.back().start + chunks_.back().size != at_ + left_) return;
  const uintptr_t from = (reinterpret_cast<uintptr_t>(at_) + 4095) / 4096 * 4096;
  const uintptr_t to = reinterpret_cast<uintptr_t>(at_ + left_);
  if (to > from) ::madvise(reinterpret_cast<void*>(from), to - from, MADV_DONTNEED);
}

void Arena::release() {
  for (auto& c : chunks_) {
    if (c.mapped) ::munmap(c.mapped, c.mapped_size);
    else ::operator delete(c.start);
  }
  chunks_.clear();
  at_ = nullptr;
  left_ = 0;
}

Arena& Arena::operator=(Arena&& o) noexcept {
  if (this != &o) {
    release();
    chunks_ = std::move(o.chunks_);
    at_ = o.at_;
    left_ = o.left_;
    next_ = o.next_;
    o.chunks_.clear();
    o.at_ = nullptr;
    o.left_ = 0;
    o.next_ = 4096;
  }
  return *this;
}

void* Arena::allocate(size_t bytes, size_t align) {
  size_t pad = (align - reinterpret_cast<uintptr_t>(at_) % align) % align;
  if (pad + bytes > left_) {
    constexpr size_t kMaxChunk = 2 * kHugePage;
    if (bytes + align > kMaxChunk / 4) {  // large: a chunk of its own, the current one kept
      char* p = chunk(bytes + align);
      return p + (align - reinterpret_cast<uintptr_t>(p) % align) % align;
    }
    while (next_ < bytes + align) next_ *= 2;  // below kMaxChunk / 4
    at_ = chunk(next_);
    left_ = next_;
    next_ = std::min(next_ * 2, kMaxChunk);
    pad = (align - reinterpret_cast<uintptr_t>(at_) % align) % align;
  }
  char* p = at_ + pad;
  at_ = p + bytes;
  left_ -= pad + bytes;
  return p;
}

std::string_view Node::intrinsic() const {
  if (kind != NodeKind::Mapping || entries.size() != 1) return {};
  std::string_view k = entries[0].key;
  if (k == "Ref" || k == "Condition" || k.substr(0, 4) == "Fn::") return k;
  return {};
}

}  // namespace amilint
