// Every record of a branch, compactly: the time machine keeps a whole class of them.
//
// A record's head (sequence, time, kind, the nodes involved) is kept whole, so that the
// event log can filter a million records a frame and the time slider can find the
// records up to a moment by binary search; the rest is encoded (sim/record/record_codec.h) and
// decoded only for the records someone reads: the few rows on screen, the newest
// caption. Both columns are copy-on-write chunks (core/chunked_vector.h): a branch
// shares its parent's records as before. About 90 bytes a record instead of 400.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>

#include "core/chunked_vector.h"
#include "sim/record/record_codec.h"

namespace gui {

class RecordStore {
 public:
  std::size_t size() const { return entries_.size(); }
  bool empty() const { return entries_.empty(); }
  const sim::RecordHead& head(std::size_t index) const { return entries_[index].head; }
  // The whole record, decoded: a value, not a reference into the store.
  sim::Record operator[](std::size_t index) const;
  sim::Record back() const { return (*this)[size() - 1]; }

  void push_back(const sim::Record& record);
  // Keeps the first `count` records (count <= size()).
  void shrink_to(std::size_t count);

  // How many records have a sequence number <= `sequence` (records are in sequence order).
  std::size_t count_through(std::uint64_t sequence) const;
  // Where the `say` records are (their indexes, ascending): the caption is the newest,
  // found without scanning the hour of records since.
  const raft::ChunkedVector<std::size_t>& says() const { return says_; }
  // The index of the first record of `kind`, size() if there is none (has a node crashed
  // by the moment shown? first_of(Crash) < visible records; the legend asks).
  std::size_t first_of(sim::RecordKind kind) const;
  // How many of record `index`'s decisions `node` made (all of them for node 0), without
  // decoding it unless several nodes decided.
  std::size_t decisions_by(std::size_t index, sim::NodeId node) const;

  // Memory held, as ChunkedVector::visit_chunks counts it.
  template <class Visit>
  std::size_t visit_chunks(Visit&& visit) const {
    return entries_.visit_chunks(visit) + bytes_.visit_chunks(visit) + says_.visit_chunks(visit);
  }

 private:
  struct Entry {
    sim::RecordHead head;
    std::uint64_t body = 0;       // where its encoded body begins in bytes_
    std::uint32_t decisions = 0;  // how many decisions it carries
    sim::NodeId decider = 0;      // the node that made them all (0: none, or several)
  };
  std::uint64_t body_end(std::size_t index) const;

  raft::ChunkedVector<Entry> entries_;
  raft::ChunkedVector<std::uint8_t, 4096> bytes_;
  raft::ChunkedVector<std::size_t> says_;
  // Per RecordKind: 1 + the index of its first record (0: none yet).
  std::array<std::size_t, static_cast<std::size_t>(sim::RecordKind::Membership) + 1> first_after_{};
};

}  // namespace gui
