#include "sim/live/wal_codec.h"

#include <algorithm>

#include "sim/live/crc32c.h"

namespace sim::live {
namespace {

void put_u32(std::string& out, std::uint32_t value) {
  for (int shift = 0; shift < 32; shift += 8) out.push_back(static_cast<char>((value >> shift) & 0xFF));
}
void put_u64(std::string& out, std::uint64_t value) {
  for (int shift = 0; shift < 64; shift += 8) out.push_back(static_cast<char>((value >> shift) & 0xFF));
}
void put_bytes(std::string& out, std::string_view bytes) {
  put_u32(out, static_cast<std::uint32_t>(bytes.size()));
  out.append(bytes);
}

// Frames `payload` as one record: length, checksum, type, payload.
void append_record(std::string& out, WalRecordType type, const std::string& payload) {
  std::string checked(1, static_cast<char>(type));
  checked += payload;
  std::string length;
  put_u32(length, static_cast<std::uint32_t>(payload.size()));
  out += length;
  put_u32(out, crc32c(length));
  put_u32(out, crc32c(checked));
  out += checked;
}

// Reads little-endian fields from a payload; any read past its end marks it bad.
class Reader {
 public:
  explicit Reader(std::string_view bytes) : bytes_(bytes) {}
  std::uint64_t number(int width) {
    if (bytes_.size() - position_ < static_cast<std::size_t>(width) || !ok_) return fail();
    std::uint64_t value = 0;
    for (int i = 0; i < width; ++i) value |= std::uint64_t{static_cast<unsigned char>(bytes_[position_ + i])} << (8 * i);
    position_ += width;
    return value;
  }
  std::string bytes() {
    const std::uint64_t size = number(4);
    if (!ok_ || bytes_.size() - position_ < size) return fail(), std::string();
    std::string value(bytes_.substr(position_, size));
    position_ += size;
    return value;
  }
  bool ok() const { return ok_; }
  bool at_end() const { return position_ == bytes_.size(); }

 private:
  std::uint64_t fail() {
    ok_ = false;
    return 0;
  }
  std::string_view bytes_;
  std::size_t position_ = 0;
  bool ok_ = true;
};

// A session stamp: client (u32), sequence, first unanswered (u64), proposed at (i64).
void put_stamp(std::string& out, const raft::ClientStamp& stamp) {
  put_u32(out, stamp.client);
  put_u64(out, stamp.sequence);
  put_u64(out, stamp.first_unanswered);
  put_u64(out, static_cast<std::uint64_t>(stamp.proposed_at));
}
raft::ClientStamp read_stamp(Reader& reader) {
  raft::ClientStamp stamp;
  stamp.client = static_cast<std::uint32_t>(reader.number(4));
  stamp.sequence = reader.number(8);
  stamp.first_unanswered = reader.number(8);
  stamp.proposed_at = static_cast<raft::Time>(reader.number(8));
  return stamp;
}

std::uint32_t read_u32(std::string_view bytes, std::size_t at) {
  std::uint32_t value = 0;
  for (int i = 0; i < 4; ++i) value |= std::uint32_t{static_cast<unsigned char>(bytes[at + i])} << (8 * i);
  return value;
}

// Applies one checksummed record to the scan; false (and a problem) if it makes no sense.
bool apply_record(WalScan& scan, WalRecordType type, std::string_view payload) {
  Reader reader(payload);
  if (type == WalRecordType::Identity) {
    if (scan.identity) return scan.problem = "a second identity record", false;
    WalIdentity identity;
    identity.cluster = reader.bytes();
    identity.node = static_cast<raft::NodeId>(reader.number(4));
    const std::uint64_t members = reader.number(4);
    for (std::uint64_t i = 0; reader.ok() && i < members; ++i) identity.members.push_back(static_cast<raft::NodeId>(reader.number(4)));
    if (!reader.ok() || !reader.at_end()) return scan.problem = "a malformed identity record", false;
    scan.identity = identity;
    return true;
  }
  if (!scan.identity) return scan.problem = "a record before the identity record", false;
  if (type == WalRecordType::HardState) {
    scan.state.hard_state.current_term = reader.number(8);
    scan.state.hard_state.voted_for = static_cast<raft::NodeId>(reader.number(4));
    if (!reader.ok() || !reader.at_end()) return scan.problem = "a malformed hard-state record", false;
    return true;
  }
  if (type == WalRecordType::LogWrite || type == WalRecordType::StampedLogWrite) {
    const std::uint64_t keep_through = reader.number(8);
    const std::uint64_t count = reader.number(4);
    if (!reader.ok() || keep_through > scan.state.log.size())
      return scan.problem = "a log write keeping entries the log does not have", false;
    scan.state.log.resize(keep_through);
    for (std::uint64_t i = 0; reader.ok() && i < count; ++i) {
      raft::LogEntry entry;
      entry.term = reader.number(8);
      entry.command = reader.bytes();
      if (type == WalRecordType::StampedLogWrite) entry.stamp = read_stamp(reader);
      scan.state.log.push_back(std::move(entry));
    }
    if (!reader.ok() || !reader.at_end()) return scan.problem = "a malformed log-write record", false;
    return true;
  }
  return scan.problem = "a record of unknown type " + std::to_string(static_cast<int>(type)), false;
}

WalScan stop(WalScan scan, WalEnd end, std::string problem) {
  scan.end = end;
  if (!problem.empty()) scan.problem = std::move(problem);
  return scan;
}

}  // namespace

void append_identity_record(std::string& out, const WalIdentity& identity) {
  std::string payload;
  put_bytes(payload, identity.cluster);
  put_u32(payload, identity.node);
  put_u32(payload, static_cast<std::uint32_t>(identity.members.size()));
  for (raft::NodeId member : identity.members) put_u32(payload, member);
  append_record(out, WalRecordType::Identity, payload);
}

void append_hard_state_record(std::string& out, const raft::HardState& hard_state) {
  std::string payload;
  put_u64(payload, hard_state.current_term);
  put_u32(payload, hard_state.voted_for);
  append_record(out, WalRecordType::HardState, payload);
}

void append_log_write_record(std::string& out, const raft::LogWrite& write) {
  const bool stamped = std::any_of(write.entries.begin(), write.entries.end(),
                                   [](const raft::LogEntry& entry) { return entry.stamp != raft::ClientStamp{}; });
  std::string payload;
  put_u64(payload, write.keep_through);
  put_u32(payload, static_cast<std::uint32_t>(write.entries.size()));
  for (const raft::LogEntry& entry : write.entries) {
    put_u64(payload, entry.term);
    put_bytes(payload, entry.command);
    if (stamped) put_stamp(payload, entry.stamp);
  }
  append_record(out, stamped ? WalRecordType::StampedLogWrite : WalRecordType::LogWrite, payload);
}

WalScan scan_wal(std::string_view bytes) {
  WalScan scan;
  if (bytes.size() < kWalMagic.size()) {
    // A crash while the file was being created: nothing was ever acknowledged from it.
    if (kWalMagic.starts_with(bytes)) return stop(scan, WalEnd::TornTail, "the file ends inside its magic string");
    return stop(scan, WalEnd::Corrupt, "the file does not start with " + std::string(kWalMagic));
  }
  if (!bytes.starts_with(kWalMagic)) return stop(scan, WalEnd::Corrupt, "the file does not start with " + std::string(kWalMagic));
  scan.valid_bytes = kWalMagic.size();
  while (scan.valid_bytes < bytes.size()) {
    const std::size_t at = scan.valid_bytes;
    const std::size_t left = bytes.size() - at;
    if (bytes.find_first_not_of('\0', at) == std::string_view::npos)
      return stop(scan, WalEnd::TornTail, "zeros after the last record");
    if (left < 8) return stop(scan, WalEnd::TornTail, "a record header cut short");
    const std::uint32_t length = read_u32(bytes, at);
    if (crc32c(bytes.substr(at, 4)) != read_u32(bytes, at + 4))
      return stop(scan, WalEnd::Corrupt, "a record's length fails its checksum");
    if (left < kWalRecordHeaderBytes || length > left - kWalRecordHeaderBytes)
      return stop(scan, WalEnd::TornTail, "a record cut short");
    const std::uint32_t checksum = read_u32(bytes, at + 8);
    const std::string_view checked = bytes.substr(at + 12, 1 + std::size_t{length});
    const bool last = length == left - kWalRecordHeaderBytes;
    if (crc32c(checked) != checksum) {
      return last ? stop(scan, WalEnd::TornTail, "the last record fails its checksum")
                  : stop(scan, WalEnd::Corrupt, "a record fails its checksum and more bytes follow it");
    }
    if (length > kWalMaxPayloadBytes) return stop(scan, WalEnd::Corrupt, "a record larger than 64 MiB");
    if (!apply_record(scan, static_cast<WalRecordType>(checked[0]), checked.substr(1))) return stop(scan, WalEnd::Corrupt, "");
    scan.valid_bytes = at + kWalRecordHeaderBytes + length;
    ++scan.records;
  }
  if (!scan.identity) return stop(scan, WalEnd::TornTail, "no identity record (a crash while the file was created)");
  return scan;
}

}  // namespace sim::live
