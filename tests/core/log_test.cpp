// The log (core/log.h): the index arithmetic the rules of Figure 2 rely on.
#include <doctest/doctest.h>

#include "harness.h"

namespace raft::test {

TEST_CASE("log: index 0 is the empty prefix, with term 0, and always matches") {
  const Log empty;
  CHECK(empty.last_index() == 0);
  CHECK(empty.last_term() == 0);
  CHECK(empty.matches(0, 0));
  CHECK_FALSE(empty.matches(1, 0));
  const Log log(log_of_terms({1, 1, 2}));
  CHECK(log.matches(0, 0));
  CHECK(log.matches(3, 2));
  CHECK_FALSE(log.matches(3, 1));
  CHECK_FALSE(log.matches(4, 2));
  CHECK(log.last_index() == 3);
  CHECK(log.last_term() == 2);
}

TEST_CASE("log: truncate_after keeps entries 1..keep_through; slice returns at most max_count entries") {
  Log log(log_of_terms({1, 1, 2, 3, 3}));
  CHECK(terms_of(log.slice(2, 2)) == std::vector<Term>{1, 2});
  CHECK(terms_of(log.slice(4, 100)) == std::vector<Term>{3, 3});
  CHECK(log.slice(6, 10).empty());
  CHECK(log.slice(1, 0).empty());
  log.truncate_after(2);
  CHECK(terms_of(log.entries()) == std::vector<Term>{1, 1});
  log.truncate_after(0);
  CHECK(log.last_index() == 0);
}

TEST_CASE("log: first and last index of a term, for fast backtracking") {
  const Log log(log_of_terms({1, 1, 1, 4, 4, 5, 5, 6, 6, 6}));
  CHECK(log.first_index_of_term(4, 10) == 4);
  CHECK(log.first_index_of_term(4, 5) == 4);
  CHECK(log.first_index_of_term(6, 9) == 8);
  CHECK(log.first_index_of_term(1, 3) == 1);
  CHECK(log.first_index_of_term(2, 10) == 0);  // no such term
  CHECK(log.first_index_of_term(6, 5) == 0);   // not at or before index 5
  CHECK(log.first_index_of_term(6, 99) == 8);  // clamps to the last index
  CHECK(log.last_index_of_term(1) == 3);
  CHECK(log.last_index_of_term(5) == 7);
  CHECK(log.last_index_of_term(6) == 10);
  CHECK(log.last_index_of_term(3) == 0);
  CHECK(log.last_index_of_term(7) == 0);
}

}  // namespace raft::test
