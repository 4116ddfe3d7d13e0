// A record encoded for the GUI's time machine decodes to exactly the record it was:
// every event of every lesson, and numbers at the ends of their ranges.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <limits>
#include <string>
#include <vector>

#include "sim/player.h"
#include "sim/record_codec.h"
#include "sim/scenario.h"

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
