// Shared chunks (core/chunked_vector.h): a copy is an independent value that shares
// what neither side has changed since.
#include <doctest/doctest.h>

#include <set>

#include "core/chunked_vector.h"

namespace raft::test {

namespace {

constexpr std::size_t kChunk = ChunkedVector<int>::kChunkSize;

ChunkedVector<int> counting_to(std::size_t count) {
  ChunkedVector<int> values;
  for (std::size_t i = 0; i < count; ++i) values.push_back(static_cast<int>(i));
  return values;
}

// Distinct chunks held by any of `copies`, each counted once.
std::size_t distinct_chunks(std::initializer_list<const ChunkedVector<int>*> copies) {
  std::set<const void*> seen;
  for (const auto* copy : copies) copy->visit_chunks([&](const void* chunk, std::size_t) { seen.insert(chunk); });
  return seen.size();
}

}  // namespace

TEST_CASE("chunked vector: a copy shares every chunk until one side writes") {
  const ChunkedVector<int> original = counting_to(3 * kChunk + 10);
  ChunkedVector<int> copy = original;
  CHECK(distinct_chunks({&original, &copy}) == 4);
  copy.push_back(-1);  // clones only the partly filled last chunk
  CHECK(distinct_chunks({&original, &copy}) == 5);
  CHECK(original.size() == 3 * kChunk + 10);
  CHECK(copy.size() == 3 * kChunk + 11);
  CHECK(copy.back() == -1);
  CHECK(original.back() == static_cast<int>(3 * kChunk + 9));
}

TEST_CASE("chunked vector: writing an element of a shared chunk leaves the other copy as it was") {
  const ChunkedVector<int> original = counting_to(2 * kChunk);
  ChunkedVector<int> copy = original;
  copy.mutable_at(5) = 500;
  CHECK(copy[5] == 500);
  CHECK(original[5] == 5);
  CHECK(distinct_chunks({&original, &copy}) == 3);  // the first chunk was cloned, the second is shared
}

TEST_CASE("chunked vector: shrinking keeps the prefix, and growing again does not reach the copy") {
  const ChunkedVector<int> original = counting_to(2 * kChunk + 3);
  ChunkedVector<int> copy = original;
  copy.resize(kChunk + 1);
  CHECK(copy.size() == kChunk + 1);
  CHECK(copy.back() == static_cast<int>(kChunk));
  copy.push_back(-7);
  CHECK(copy[kChunk + 1] == -7);
  CHECK(original[kChunk + 1] == static_cast<int>(kChunk + 1));
  copy.resize(kChunk + 4, 9);
  CHECK(copy.back() == 9);
  CHECK(original.size() == 2 * kChunk + 3);
}

TEST_CASE("chunked vector: iterates in order, compares by value, and converts to a vector") {
  const ChunkedVector<int> values = counting_to(kChunk + 2);
  std::vector<int> expected;
  for (std::size_t i = 0; i < kChunk + 2; ++i) expected.push_back(static_cast<int>(i));
  CHECK(values.to_vector() == expected);
  CHECK(values == expected);
  CHECK(std::vector<int>(values.rbegin(), values.rend()).front() == static_cast<int>(kChunk + 1));
  ChunkedVector<int> other = values;
  CHECK(other == values);
  other.mutable_at(0) = 1;
  CHECK_FALSE(other == values);
}

}  // namespace raft::test
