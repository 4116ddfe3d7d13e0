#include "sim/cluster/storage.h"

#include <cassert>

namespace sim {

std::uint64_t chain_hash(std::uint64_t previous, const raft::LogEntry& entry) {
  // FNV-1a over the previous hash, the term and the command.
  std::uint64_t hash = 0xCBF29CE484222325ULL ^ previous;
  auto mix = [&hash](std::uint64_t byte) { hash = (hash ^ byte) * 0x100000001B3ULL; };
  for (int shift = 0; shift < 64; shift += 8) mix((previous >> shift) & 0xFF);
  for (int shift = 0; shift < 64; shift += 8) mix((entry.term >> shift) & 0xFF);
  for (unsigned char c : entry.command) mix(c);
  return hash;
}

void Storage::save_snapshot(const raft::SharedSnapshot& snapshot, const Storage* ghost_source) {
  const raft::Index index = snapshot->metadata.last_included_index;
  const raft::Term term = snapshot->metadata.last_included_term;
  const bool holds = index >= snapshot_index() && index <= last_index() && term_at(index) == term;
  if (holds) {
    // Keep the entries after it (the ghost keeps every index).
    raft::LogEntries kept;
    for (raft::Index at = index + 1; at <= last_index(); ++at) kept.push_back(entry(at));
    log_ = std::move(kept);
  } else {
    // Discard the entire log; the ghost of the prefix is the sender's.
    log_.clear();
    if (ghost_source != nullptr && ghost_source->last_index() >= index) {
      prefix_hash_ = ghost_source->prefix_hash_;
      term_ = ghost_source->term_;
    }
    prefix_hash_.resize(index);
    term_.resize(index);
    if (index > 0) term_.mutable_at(index - 1) = term;
  }
  snapshot_ = snapshot;
  // Configuration entries the snapshot replaced (its metadata records the one in force),
  // or that went with a discarded log, are no longer in the durable log.
  const raft::Index first = first_index();
  const raft::Index last = last_index();
  std::erase_if(configuration_indexes_, [first, last](raft::Index at) { return at < first || at > last; });
}

void Storage::write(const raft::LogWrite& write) {
  assert(write.keep_through >= snapshot_index() && write.keep_through <= last_index());
  log_.resize(write.keep_through - snapshot_index());
  prefix_hash_.resize(write.keep_through);
  term_.resize(write.keep_through);
  while (!configuration_indexes_.empty() && configuration_indexes_.back() > write.keep_through) {
    configuration_indexes_.pop_back();
  }
  for (const raft::LogEntry& entry : write.entries) {
    prefix_hash_.push_back(chain_hash(prefix_hash(last_index()), entry));
    term_.push_back(entry.term);
    log_.push_back(entry);
    if (raft::is_configuration(entry)) configuration_indexes_.push_back(last_index());
  }
}

}  // namespace sim
