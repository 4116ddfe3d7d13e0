// A Record in a few bytes, and back, exactly.
//
// The GUI's time machine keeps every record of a class: a million in an hour. Whole, a
// Record holds about 400 bytes (its message is a variant sized for the largest RPC, a
// reply carries a 72-byte Reason, each event's decisions are a vector of their own), and
// an hour of them alone would break the lecture's 500 MB budget. Nearly every number in
// a record is small (ids, terms, indexes, causes), so the body of a record is written as
// LEB128 varints: a heartbeat's delivery with its reason and its decision takes about
// 50 bytes. decode_record(encode_record(r)) == r for every record (tests/sim/
// record_codec_test.cpp checks it on every event of every scenario).
//
// The fields a list scans (sequence, time, kind, node, from, to) are not in the body:
// the caller keeps them in a fixed-size head beside it (gui/model/record_store.h), and
// decode_record takes them back from there.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "sim/record/record.h"

namespace sim {

// The fields of a record that lists scan and filter on, kept whole (32 bytes).
struct RecordHead {
  std::uint64_t sequence = 0;
  Time time = 0;
  RecordKind kind = RecordKind::Deliver;
  NodeId node = 0;
  NodeId from = 0;
  NodeId to = 0;
  friend bool operator==(const RecordHead&, const RecordHead&) = default;
};

RecordHead head_of(const Record& record);

// Appends the body of `record` (everything but its head) to `out`.
void encode_record_body(const Record& record, std::vector<std::uint8_t>& out);

// The record with this head whose body encode_record_body wrote. The bytes must be
// exactly one such body (asserted).
Record decode_record(const RecordHead& head, std::span<const std::uint8_t> body);

}  // namespace sim
