// The bytes of the write-ahead log (docs/live.md, "The WAL"): a magic string, then
// records, each
//   u32 payload length | u32 CRC-32C of those 4 bytes | u32 CRC-32C of (type + payload)
//   | u8 type | payload
// with integers little-endian. The length has a checksum of its own, so a flipped bit
// in it reads as corruption instead of a record running past the end of the file. The first record names the cluster and the node; the
// others are what Ready asked to persist: a hard state (term, vote) or a log write
// (keep entries 1..k, then append). Replaying them in order rebuilds PersistentState.
//
// scan_wal reads a whole file's bytes and says where its valid prefix ends and why:
// a record cut short, failing its checksum at the very end, or zeros after the last
// record are a torn tail (a crash during the last write); a bad record with bytes after
// it is corruption.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/node.h"

namespace sim::live {

inline constexpr std::string_view kWalMagic = "RAFTWAL1";
inline constexpr std::size_t kWalRecordHeaderBytes = 13;
inline constexpr std::uint32_t kWalMaxPayloadBytes = 64u << 20;

// StampedLogWrite is LogWrite with each entry's client session stamp (dissertation 6.3);
// it is written only when an entry carries one, so a log without client sessions stays
// readable by versions before it (which report type 4 as "a record of unknown type").
enum class WalRecordType : std::uint8_t { Identity = 1, HardState = 2, LogWrite = 3, StampedLogWrite = 4 };

// Whose WAL this is: a restart must find its own, not another cluster's or node's.
struct WalIdentity {
  std::string cluster;
  raft::NodeId node = raft::kNobody;
  std::vector<raft::NodeId> members;
  friend bool operator==(const WalIdentity&, const WalIdentity&) = default;
};

void append_identity_record(std::string& out, const WalIdentity& identity);
void append_hard_state_record(std::string& out, const raft::HardState& hard_state);
void append_log_write_record(std::string& out, const raft::LogWrite& write);

enum class WalEnd {
  Clean,     // every byte belongs to a whole, valid record
  TornTail,  // the last record is cut short or fails its checksum: cut it
  Corrupt,   // a bad record with more after it, a bad magic, or a record that makes no sense
};

struct WalScan {
  std::optional<WalIdentity> identity;
  raft::PersistentState state;
  std::size_t records = 0;      // whole valid records, the identity included
  std::size_t valid_bytes = 0;  // the length of the valid prefix (magic included)
  WalEnd end = WalEnd::Clean;
  std::string problem;          // what is wrong at valid_bytes, if not Clean
};

WalScan scan_wal(std::string_view bytes);

}  // namespace sim::live
