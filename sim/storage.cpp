#include "sim/storage.h"

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

void Storage::write(const raft::LogWrite& write) {
  assert(write.keep_through <= log_.size());
  log_.resize(write.keep_through);
  prefix_hash_.resize(write.keep_through);
  while (!configuration_indexes_.empty() && configuration_indexes_.back() > write.keep_through) {
    configuration_indexes_.pop_back();
  }
  for (const raft::LogEntry& entry : write.entries) {
    prefix_hash_.push_back(chain_hash(prefix_hash(log_.size()), entry));
    log_.push_back(entry);
    if (raft::is_configuration(entry)) configuration_indexes_.push_back(log_.size());
  }
}

}  // namespace sim
