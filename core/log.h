// The replicated log: entries at indexes first_index()..last_index(). Everything before
// first_index() has been compacted into a snapshot (Raft paper 7; dissertation 5.1): the
// log keeps only the index and term of the last entry the snapshot replaced
// (lastIncludedIndex/Term), so that the consistency check and the up-to-date comparison
// work across the boundary. Without a snapshot, snapshot_index() is 0: index 0 is the
// empty prefix with term 0. The entries live in shared chunks, so copying a Log (a
// checkpoint of the node) copies no entries.
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
  // A log that begins after a snapshot through (snapshot_index, snapshot_term).
  Log(Index snapshot_index, Term snapshot_term, const std::vector<LogEntry>& entries)
      : snapshot_index_(snapshot_index), snapshot_term_(snapshot_term), entries_(entries) {}

  // lastIncludedIndex/Term of the snapshot that replaced the log's prefix (0/0: none).
  Index snapshot_index() const { return snapshot_index_; }
  Term snapshot_term() const { return snapshot_term_; }
  Index first_index() const { return snapshot_index_ + 1; }
  Index last_index() const { return snapshot_index_ + entries_.size(); }
  Term last_term() const { return term_at(last_index()); }
  // Whether the entry at `index` is still held (not compacted away, not beyond the end).
  bool holds(Index index) const { return index >= first_index() && index <= last_index(); }

  // Term of the entry at `index`; the snapshot's term at snapshot_index(). An index the
  // snapshot swallowed has no known term here: 0 (callers check snapshot_index() first).
  Term term_at(Index index) const {
    assert(index <= last_index());
    if (index < snapshot_index_ || index > last_index()) return 0;
    return index == snapshot_index_ ? snapshot_term_ : entries_[index - first_index()].term;
  }

  const LogEntry& at(Index index) const {
    assert(holds(index));
    return entries_[index - first_index()];
  }

  // True if we hold an entry at `index` whose term is `term` (the snapshot's last entry
  // counts; index 0 always matches). Below the snapshot we cannot say: false.
  bool matches(Index index, Term term) const {
    return index >= snapshot_index_ && index <= last_index() && term_at(index) == term;
  }

  // Figure 2, RequestVote receiver: the candidate's log is at least as up-to-date as
  // ours if its last term is higher, or equal with an index at least as large (5.4.1).
  bool is_up_to_date(Index candidate_last_index, Term candidate_last_term) const {
    if (candidate_last_term != last_term()) return candidate_last_term > last_term();
    return candidate_last_index >= last_index();
  }

  void append(LogEntry entry) { entries_.push_back(std::move(entry)); }
  // Overwrites one entry in place. Raft never does this (Bug::OverwriteInPlace does).
  void replace(Index index, LogEntry entry) {
    if (holds(index)) entries_.mutable_at(index - first_index()) = std::move(entry);
  }

  // Keeps entries up to keep_through and deletes everything after them.
  void truncate_after(Index keep_through) {
    assert(keep_through <= last_index());
    entries_.resize(std::max(keep_through, snapshot_index_) - snapshot_index_);
  }

  // Log compaction (dissertation 5.1): drops entries first_index()..through, remembering
  // the last one's index and term. Precondition: snapshot_index() <= through <= last_index().
  void compact_through(Index through) {
    assert(through >= snapshot_index_ && through <= last_index());
    const Term term = term_at(through);
    entries_ = LogEntries(slice(through + 1, last_index() - through));
    snapshot_index_ = through;
    snapshot_term_ = term;
  }
  // Discards the entire log in favour of a snapshot through (index, term) (Figure 13, 7).
  void reset_to_snapshot(Index index, Term term) {
    entries_.clear();
    snapshot_index_ = index;
    snapshot_term_ = term;
  }

  // Up to `max_count` entries starting at `first` (first_index() <= first <= last_index() + 1).
  std::vector<LogEntry> slice(Index first, std::size_t max_count) const {
    assert(first >= first_index() && first <= last_index() + 1);
    first = std::max(first, first_index());
    const Index end = std::min<Index>(last_index() + 1, first + max_count);
    return {entries_.begin() + static_cast<long>(first - first_index()),
            entries_.begin() + static_cast<long>(end - first_index())};
  }

  // Fast backtracking helpers: the first and last index holding `term` (0 if none); they
  // look no further back than the snapshot's last entry.
  Index first_index_of_term(Term term, Index at_or_before) const {
    Index index = std::min(at_or_before, last_index());
    if (index < snapshot_index_) return 0;
    while (index > snapshot_index_ && term_at(index) > term) --index;
    if (index == 0 || term_at(index) != term) return 0;
    while (index > std::max<Index>(snapshot_index_, 1) && term_at(index - 1) == term) --index;
    return index;
  }
  Index last_index_of_term(Term term) const {
    Index index = last_index();
    while (index > snapshot_index_ && term_at(index) > term) --index;
    return (index > 0 && term_at(index) == term) ? index : 0;
  }

  // The entries held, from first_index() on.
  const LogEntries& entries() const { return entries_; }

 private:
  Index snapshot_index_ = 0;
  Term snapshot_term_ = 0;
  LogEntries entries_;
};

}  // namespace raft
