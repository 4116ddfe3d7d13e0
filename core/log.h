// The replicated log: entries at indexes 1..last_index(). No snapshots, so the
// whole log is kept; index 0 is the empty prefix with term 0. The entries live in
// shared chunks, so copying a Log (a checkpoint of the node) copies no entries.
#pragma once

#include <algorithm>
#include <cassert>
#include <cstddef>
#include <vector>

#include "core/chunked_vector.h"
#include "core/types.h"

namespace raft {

using LogEntries = ChunkedVector<LogEntry>;

class Log {
 public:
  Log() = default;
  explicit Log(const std::vector<LogEntry>& entries) : entries_(entries) {}
  explicit Log(LogEntries entries) : entries_(std::move(entries)) {}

  Index last_index() const { return entries_.size(); }
  Term last_term() const { return term_at(last_index()); }

  // Term of the entry at `index`; 0 for index 0. Precondition: index <= last_index().
  Term term_at(Index index) const {
    assert(index <= last_index());
    return index == 0 ? 0 : entries_[index - 1].term;
  }

  const LogEntry& at(Index index) const {
    assert(index >= 1 && index <= last_index());
    return entries_[index - 1];
  }

  // True if we hold an entry at `index` whose term is `term` (index 0 always matches).
  bool matches(Index index, Term term) const {
    return index <= last_index() && term_at(index) == term;
  }

  // Figure 2, RequestVote receiver: the candidate's log is at least as up-to-date as
  // ours if its last term is higher, or equal with an index at least as large (5.4.1).
  bool is_up_to_date(Index candidate_last_index, Term candidate_last_term) const {
    if (candidate_last_term != last_term()) return candidate_last_term > last_term();
    return candidate_last_index >= last_index();
  }

  void append(LogEntry entry) { entries_.push_back(std::move(entry)); }
  // Overwrites one entry in place. Raft never does this (Bug::OverwriteInPlace does).
  void replace(Index index, LogEntry entry) { entries_.mutable_at(index - 1) = std::move(entry); }

  // Keeps entries 1..keep_through and deletes everything after them.
  void truncate_after(Index keep_through) {
    assert(keep_through <= last_index());
    entries_.resize(keep_through);
  }

  // Up to `max_count` entries starting at `first` (which may be last_index() + 1).
  std::vector<LogEntry> slice(Index first, std::size_t max_count) const {
    assert(first >= 1 && first <= last_index() + 1);
    const Index end = std::min<Index>(last_index() + 1, first + max_count);
    return {entries_.begin() + static_cast<long>(first - 1), entries_.begin() + static_cast<long>(end - 1)};
  }

  // Fast backtracking helpers: the first and last index holding `term` (0 if none).
  Index first_index_of_term(Term term, Index at_or_before) const {
    Index index = std::min(at_or_before, last_index());
    while (index > 0 && term_at(index) > term) --index;
    if (index == 0 || term_at(index) != term) return 0;
    while (index > 1 && term_at(index - 1) == term) --index;
    return index;
  }
  Index last_index_of_term(Term term) const {
    Index index = last_index();
    while (index > 0 && term_at(index) > term) --index;
    return (index > 0 && term_at(index) == term) ? index : 0;
  }

  const LogEntries& entries() const { return entries_; }

 private:
  LogEntries entries_;
};

}  // namespace raft
