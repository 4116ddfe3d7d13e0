// A growable sequence stored in fixed-size chunks that copies share.
//
// Copying one copies a pointer per chunk, not the elements: the GUI's time machine keeps
// hundreds of copies of every log (one per checkpoint), and with this each copy costs
// what changed since the last one. A chunk shared with a copy is never written: writing
// to it first clones it (copy-on-write), so a copy never sees a later change. In an
// append-only history only the last, partly filled chunk is ever cloned.
//
// Not thread-safe: copies may live in other threads only if none of them is written.
#pragma once

#include <algorithm>
#include <cassert>
#include <cstddef>
#include <iterator>
#include <memory>
#include <vector>

namespace raft {

// kChunk elements a chunk: a power of two, so that index math is shifts.
template <class T, std::size_t kChunk = 256>
class ChunkedVector {
 public:
  static constexpr std::size_t kChunkSize = kChunk;
  static_assert((kChunk & (kChunk - 1)) == 0, "a power of two");

  ChunkedVector() = default;
  explicit ChunkedVector(const std::vector<T>& values) {
    for (const T& value : values) push_back(value);
  }

  std::size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  const T& operator[](std::size_t index) const {
    assert(index < size_);
    return (*chunks_[index / kChunkSize])[index % kChunkSize];
  }
  const T& front() const { return (*this)[0]; }
  const T& back() const { return (*this)[size_ - 1]; }

  // The element at `index`, to change it; clones its chunk first if a copy shares it.
  T& mutable_at(std::size_t index) {
    assert(index < size_);
    return (*own(index / kChunkSize))[index % kChunkSize];
  }

  void push_back(T value) {
    if (size_ % kChunkSize == 0) chunks_.push_back(std::make_shared<Chunk>());
    own(chunks_.size() - 1)->push_back(std::move(value));
    ++size_;
  }

  // Grows with copies of `fill` or shrinks to `count` elements. Shrinking drops whole
  // chunks and clones at most the new last one.
  void resize(std::size_t count, const T& fill = T{}) {
    while (size_ < count) push_back(fill);
    if (count == size_) return;
    chunks_.resize((count + kChunkSize - 1) / kChunkSize);
    if (count % kChunkSize != 0) own(chunks_.size() - 1)->resize(count % kChunkSize);
    size_ = count;
  }
  void clear() {
    chunks_.clear();
    size_ = 0;
  }

  std::vector<T> to_vector() const { return {begin(), end()}; }

  // Memory held: calls visit(chunk address, bytes) once per chunk, so that a caller
  // walking several copies can count a shared chunk once. Returns the bytes of the
  // chunk table itself (owned by this copy alone).
  template <class Visit>
  std::size_t visit_chunks(Visit&& visit) const {
    for (const auto& chunk : chunks_) visit(static_cast<const void*>(chunk.get()), chunk->capacity() * sizeof(T));
    return chunks_.capacity() * sizeof(chunks_[0]);
  }

  class const_iterator {
   public:
    using iterator_category = std::random_access_iterator_tag;
    using value_type = T;
    using difference_type = std::ptrdiff_t;
    using pointer = const T*;
    using reference = const T&;

    const_iterator() = default;
    const_iterator(const ChunkedVector* owner, std::size_t index) : owner_(owner), index_(index) {}
    reference operator*() const { return (*owner_)[index_]; }
    pointer operator->() const { return &(*owner_)[index_]; }
    reference operator[](difference_type offset) const { return *(*this + offset); }
    const_iterator& operator++() { ++index_; return *this; }
    const_iterator operator++(int) { const_iterator was = *this; ++index_; return was; }
    const_iterator& operator--() { --index_; return *this; }
    const_iterator operator--(int) { const_iterator was = *this; --index_; return was; }
    const_iterator& operator+=(difference_type offset) { index_ += static_cast<std::size_t>(offset); return *this; }
    const_iterator& operator-=(difference_type offset) { index_ -= static_cast<std::size_t>(offset); return *this; }
    friend const_iterator operator+(const_iterator it, difference_type offset) { return it += offset; }
    friend const_iterator operator+(difference_type offset, const_iterator it) { return it += offset; }
    friend const_iterator operator-(const_iterator it, difference_type offset) { return it -= offset; }
    friend difference_type operator-(const const_iterator& a, const const_iterator& b) {
      return static_cast<difference_type>(a.index_) - static_cast<difference_type>(b.index_);
    }
    friend bool operator==(const const_iterator& a, const const_iterator& b) { return a.index_ == b.index_; }
    friend auto operator<=>(const const_iterator& a, const const_iterator& b) { return a.index_ <=> b.index_; }

   private:
    const ChunkedVector* owner_ = nullptr;
    std::size_t index_ = 0;
  };
  const_iterator begin() const { return {this, 0}; }
  const_iterator end() const { return {this, size_}; }
  std::reverse_iterator<const_iterator> rbegin() const { return std::reverse_iterator(end()); }
  std::reverse_iterator<const_iterator> rend() const { return std::reverse_iterator(begin()); }

  friend bool operator==(const ChunkedVector& a, const ChunkedVector& b) {
    if (a.size_ != b.size_) return false;
    for (std::size_t index = 0; index < a.size_; ++index) {
      if (!(a[index] == b[index])) return false;
    }
    return true;
  }
  friend bool operator==(const ChunkedVector& a, const std::vector<T>& b) {
    return a.size_ == b.size() && std::equal(b.begin(), b.end(), a.begin());
  }

 private:
  using Chunk = std::vector<T>;

  // The chunk at `chunk`, made ours alone (cloned if a copy shares it).
  Chunk* own(std::size_t chunk) {
    std::shared_ptr<Chunk>& slot = chunks_[chunk];
    // Cloned at its size, not kChunkSize: the copy that keeps the original wastes no
    // more than the chunk's own growth left free.
    if (slot.use_count() > 1) slot = std::make_shared<Chunk>(*slot);
    return slot.get();
  }

  std::vector<std::shared_ptr<Chunk>> chunks_;
  std::size_t size_ = 0;
};

}  // namespace raft
