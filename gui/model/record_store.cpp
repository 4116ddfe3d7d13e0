#include "gui/model/record_store.h"

#include <algorithm>
#include <cassert>
#include <vector>

namespace gui {

namespace {

// The node that made every decision of `record`; 0 if none did, or several nodes did.
sim::NodeId sole_decider(const sim::Record& record) {
  if (record.decisions.empty()) return 0;
  const sim::NodeId first = record.decisions.front().node;
  const bool alone = std::all_of(record.decisions.begin(), record.decisions.end(),
                                 [first](const sim::NodeDecision& made) { return made.node == first; });
  return alone ? first : 0;
}

}  // namespace

std::uint64_t RecordStore::body_end(std::size_t index) const {
  return index + 1 < entries_.size() ? entries_[index + 1].body : bytes_.size();
}

sim::Record RecordStore::operator[](std::size_t index) const {
  const Entry& entry = entries_[index];
  std::vector<std::uint8_t> body;
  body.reserve(body_end(index) - entry.body);
  for (std::uint64_t at = entry.body; at < body_end(index); ++at) body.push_back(bytes_[at]);
  return sim::decode_record(entry.head, body);
}

void RecordStore::push_back(const sim::Record& record) {
  assert(empty() || entries_.back().head.sequence < record.sequence);
  std::vector<std::uint8_t> body;
  sim::encode_record_body(record, body);
  entries_.push_back(Entry{sim::head_of(record), bytes_.size(), static_cast<std::uint32_t>(record.decisions.size()),
                           sole_decider(record)});
  for (const std::uint8_t byte : body) bytes_.push_back(byte);
  if (record.kind == sim::RecordKind::Say) says_.push_back(entries_.size() - 1);
  std::size_t& first = first_after_[static_cast<std::size_t>(record.kind)];
  if (first == 0) first = entries_.size();
}

void RecordStore::shrink_to(std::size_t count) {
  assert(count <= size());
  if (count == size()) return;
  bytes_.resize(entries_[count].body);
  entries_.resize(count);
  says_.resize(static_cast<std::size_t>(std::lower_bound(says_.begin(), says_.end(), count) - says_.begin()));
  for (std::size_t& first : first_after_) {
    if (first > count) first = 0;  // its first record is gone
  }
}

std::size_t RecordStore::first_of(sim::RecordKind kind) const {
  const std::size_t first = first_after_[static_cast<std::size_t>(kind)];
  return first == 0 ? size() : first - 1;
}

std::size_t RecordStore::count_through(std::uint64_t sequence) const {
  const auto after = std::upper_bound(entries_.begin(), entries_.end(), sequence,
                                      [](std::uint64_t s, const Entry& entry) { return s < entry.head.sequence; });
  return static_cast<std::size_t>(after - entries_.begin());
}

std::size_t RecordStore::decisions_by(std::size_t index, sim::NodeId node) const {
  const Entry& entry = entries_[index];
  if (node == 0 || entry.decisions == 0) return entry.decisions;
  if (entry.decider != 0) return entry.decider == node ? entry.decisions : 0;
  const sim::Record record = (*this)[index];
  return static_cast<std::size_t>(std::count_if(record.decisions.begin(), record.decisions.end(),
                                                [node](const sim::NodeDecision& made) { return made.node == node; }));
}

}  // namespace gui
