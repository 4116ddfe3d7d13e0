// A record encoded for the GUI's time machine decodes to exactly the record it was:
// every event of every lesson, and numbers at the ends of their ranges.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <limits>
#include <string>
#include <vector>

#include "sim/record/record_codec.h"
#include "sim/scenario/player.h"
#include "sim/scenario/scenario.h"

namespace {

sim::Record round_trip(const sim::Record& record) {
  std::vector<std::uint8_t> body;
  sim::encode_record_body(record, body);
  return sim::decode_record(sim::head_of(record), body);
}

std::vector<std::string> lesson_files() {
  std::vector<std::string> files;
  for (const auto& entry : std::filesystem::directory_iterator(RAFTSIM_SCENARIOS)) {
    if (entry.path().extension() == ".scenario") files.push_back(entry.path().string());
  }
  std::sort(files.begin(), files.end());
  return files;
}

}  // namespace

TEST_CASE("record codec: every record of every scenario decodes to itself, in a few bytes") {
  const std::vector<std::string> files = lesson_files();
  REQUIRE(files.size() >= 10);
  std::size_t records = 0;
  std::size_t bytes = 0;
  for (const std::string& file : files) {
    CAPTURE(file);
    sim::ScenarioPlayer player(sim::load_scenario(file));
    player.simulator().set_recording(true);
    player.play_to_end();
    for (const sim::Record& record : player.simulator().take_records()) {
      std::vector<std::uint8_t> body;
      sim::encode_record_body(record, body);
      bytes += body.size() + sizeof(sim::RecordHead);
      ++records;
      const sim::Record decoded = sim::decode_record(sim::head_of(record), body);
      if (!(decoded == record)) FAIL_CHECK("record " << record.sequence << " changed in its round trip");
    }
  }
  REQUIRE(records > 10000);
  MESSAGE(records << " records, " << bytes / records << " bytes each with their heads, against "
                  << sizeof(sim::Record) << " for a Record alone");
  // The budget of an hour's lecture rests on this (tests/gui/history_memory_test.cpp).
  // 86 bytes before client sessions; each entry's stamp (client, sequence, floor, the
  // leader's clock: dissertation 6.3) adds about 18 on average.
  CHECK(bytes / records < 110);
}

TEST_CASE("record codec: numbers at the ends of their ranges, texts and every kind of message survive") {
  constexpr std::uint64_t kMost = std::numeric_limits<std::uint64_t>::max();
  constexpr sim::NodeId kHighest = std::numeric_limits<sim::NodeId>::max();
  raft::Reason reason{raft::Cause::TimerStartedAsFollower, raft::Role::Leader, raft::Rpc::AppendEntriesReply,
                      kHighest, 7, kMost, kMost - 1, {kMost, 0}, {1, kMost}, kMost};
  sim::Record record;
  record.sequence = kMost;
  record.time = std::numeric_limits<raft::Time>::max();
  record.kind = sim::RecordKind::Say;
  record.node = kHighest;
  record.message_id = kMost;
  record.reason = std::string("a line\nwith \0 a nul", 19);
  record.changes.push_back({3, {true, raft::Role::Candidate, kMost, 2, 1, kMost, 5}, {}, kMost, 1});
  record.decisions.push_back({kHighest, {reason, {1, 2, kHighest}}});
  record.decisions.push_back({1, {}});
  const std::vector<sim::Envelope> envelopes = {
      raft::Message{1, 2, raft::RequestVote{kMost, 3, kMost, 4}},
      raft::Message{1, 2, raft::RequestVote{kMost, 3, kMost, 4, true, true}},
      raft::Message{kHighest, 2, raft::TimeoutNow{kMost, kHighest}},
      raft::Message{1, 2, raft::RequestVoteReply{5, true, reason}},
      raft::Message{kHighest, 0, raft::AppendEntries{9, 1, 8, 7, {{1, "x=1"}, {kMost, ""}}, kMost}},
      raft::Message{2, 1, raft::AppendEntriesReply{9, false, 1, 2, 3, kMost, reason}},
      raft::Message{kHighest, 0, raft::AppendEntries{9, 1, 8, 7, {}, kMost, kMost}},
      raft::Message{2, 1, raft::AppendEntriesReply{9, true, 1, 2, 3, kMost, reason, kMost}},
      raft::Message{2, 1, raft::ReadIndex{kMost, kMost}},
      raft::Message{1, 2, raft::ReadIndexReply{kMost, 7, kMost}},
      sim::ClientRequest{kMost, "key=value", {7, kMost, 3, 123456789}, false, sim::ReadWay::Log},
      sim::ClientRequest{kMost, "key", {}, true, sim::ReadWay::Lease},
      sim::ClientReply{4, sim::ClientStatus::Failed, 3, kMost, 2, false, {}},
      sim::ClientReply{4, sim::ClientStatus::Transferring, 3, 0, 0, false, {}},
      sim::ClientReply{4, sim::ClientStatus::Ok, 3, 9, 2, true, std::string("v\0al", 5)},
  };
  CHECK(round_trip(record) == record);
  for (const sim::Envelope& envelope : envelopes) {
    record.message = envelope;
    CHECK(round_trip(record) == record);
  }
}

namespace {

// One record of every kind of envelope and message, every field a value of its own (so a
// field written in another's place shows), for the golden bytes below.
std::vector<sim::Record> one_record_of_each_kind() {
  const raft::Reason reason{raft::Cause::VoteGranted, raft::Role::Candidate, raft::Rpc::PreVote, 11, 12, 13, 14,
                            {15, 16}, {17, 18}, 300, raft::Bug::VoteByLogLength};
  const raft::ClientStamp stamp{21, 22, 23, 24};
  sim::Record record;
  record.sequence = 1;  // the head is not in the body
  record.message_id = 31;
  record.reason = "why";
  record.changes.push_back({32, {true, raft::Role::Leader, 33, 34, 35, 36, 37}, {false, raft::Role::PreCandidate, 38, 39, 40, 41, 42}, 43, 44});
  record.decisions.push_back({45, {reason, {46, 47}}});
  const std::vector<sim::Envelope> envelopes = {
      raft::Message{1, 2, raft::RequestVote{51, 52, 53, 54, true, false}},
      raft::Message{3, 4, raft::RequestVoteReply{55, true, reason, true}},
      raft::Message{5, 6, raft::AppendEntries{56, 57, 58, 59, {{60, "a=1", stamp}, {61, "b", {}}}, 62, 63}},
      raft::Message{7, 8, raft::AppendEntriesReply{64, true, 65, 66, 67, 68, reason, 69}},
      raft::Message{9, 10, raft::TimeoutNow{70, 71}},
      raft::Message{11, 12, raft::InstallSnapshot{72, 73, 74, 75, {.voters = {76, 77}, .learners = {78}}, 79, "k=v", true}},
      raft::Message{13, 14, raft::InstallSnapshotReply{80, 81, 82, true, 83, reason}},
      raft::Message{15, 16, raft::ReadIndex{84, 85}},
      raft::Message{17, 18, raft::ReadIndexReply{86, 87, 88}},
      sim::ClientRequest{89, "c=3", stamp, true, sim::ReadWay::Lease},
      sim::ClientReply{90, sim::ClientStatus::Transferring, 91, 92, 93, true, "v"},
  };
  std::vector<sim::Record> records = {record};
  for (const sim::Envelope& envelope : envelopes) {
    record.message = envelope;
    records.push_back(record);
  }
  return records;
}

std::string hex_of(const std::vector<std::uint8_t>& bytes) {
  constexpr char kDigits[] = "0123456789abcdef";
  std::string hex;
  for (const std::uint8_t byte : bytes) hex += {kDigits[byte >> 4], kDigits[byte & 0xF]};
  return hex;
}

}  // namespace

TEST_CASE("record codec: the bytes of one record of every kind are the bytes the codec has always written") {
  // Written by the codec before its fields became tables (sim/record/message_fields.h): a change
  // here changes what the GUI's time machine holds.
  const std::vector<std::string> golden = {
      "1f03776879000120010221222324250003262728292a2b2c012d0101050b0c0d0e0f101112ac02022e2f",
      "1f03776879010102003334353601000120010221222324250003262728292a2b2c012d0101050b0c0d0e0f101112ac02022e2f",
      "1f03776879010304013701010101050b0c0d0e0f101112ac020120010221222324250003262728292a2b2c012d0101050b0c0d0e0f101112ac02022e2f",
      "1f037768790105060238393a3b023c03613d31151617183d0162003e3f0120010221222324250003262728292a2b2c012d0101050b0c0d0e0f101112ac02022e2f",
      "1f03776879010708034001414243440101050b0c0d0e0f101112ac02450120010221222324250003262728292a2b2c012d0101050b0c0d0e0f101112ac02022e2f",
      "1f0377687901090a0446470120010221222324250003262728292a2b2c012d0101050b0c0d0e0f101112ac02022e2f",
      "1f03776879010b0c0548494a4b024c4d014e4f036b3d76010120010221222324250003262728292a2b2c012d0101050b0c0d0e0f101112ac02022e2f",
      "1f03776879010d0e0650515201530101050b0c0d0e0f101112ac020120010221222324250003262728292a2b2c012d0101050b0c0d0e0f101112ac02022e2f",
      "1f03776879010f100754550120010221222324250003262728292a2b2c012d0101050b0c0d0e0f101112ac02022e2f",
      "1f03776879011112085657580120010221222324250003262728292a2b2c012d0101050b0c0d0e0f101112ac02022e2f",
      "1f03776879025903633d331516171801020120010221222324250003262728292a2b2c012d0101050b0c0d0e0f101112ac02022e2f",
      "1f03776879035a035b5c5d0101760120010221222324250003262728292a2b2c012d0101050b0c0d0e0f101112ac02022e2f",
  };
  const std::vector<sim::Record> records = one_record_of_each_kind();
  REQUIRE(records.size() == golden.size());
  for (std::size_t i = 0; i < records.size(); ++i) {
    CAPTURE(i);
    std::vector<std::uint8_t> body;
    sim::encode_record_body(records[i], body);
    CHECK(hex_of(body) == golden[i]);
  }
}
