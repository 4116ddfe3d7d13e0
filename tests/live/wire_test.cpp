// The wire format: every RPC survives encode and decode exactly, and a malformed frame
// from a peer is an error with a reason, never a crash or a guess.
#include <doctest/doctest.h>

#include <fstream>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "sim/live/address.h"
#include "sim/live/wire.h"

namespace {

using namespace sim::live;

raft::Reason some_reason() {
  raft::Reason reason;
  reason.cause = raft::Cause::AppendRejectedMismatch;
  reason.role = raft::Role::Follower;
  reason.rpc = raft::Rpc::AppendEntries;
  reason.peer = 2;
  reason.term = 7;
  reason.their_term = 7;
  reason.theirs = {12, 6};
  reason.ours = {12, 5};
  reason.count = 3;
  return reason;
}

}  // namespace

TEST_CASE("every RPC (Figure 2, pre-vote, TimeoutNow, InstallSnapshot, ReadIndex) survives the wire exactly") {
  const std::vector<raft::Message> messages = {
      {1, 2, raft::RequestVote{5, 1, 9, 4}},
      {2, 1, raft::RequestVoteReply{5, true, some_reason()}},
      {1, 3, raft::AppendEntries{7, 1, 11, 6, {{6, "age=31"}, {7, "?age"}, {7, "name=\"caf\u00e9\"\n"}}, 10}},
      {1, 3, raft::AppendEntries{7, 1, 11, 6, {{7, "x=1", {7, 12, 10, 1765000000000000}}, {7, "read x"}}, 10}},
      {3, 1, raft::AppendEntriesReply{7, false, 0, 12, 9, 5, some_reason()}},
      {1, 2, raft::RequestVote{6, 1, 9, 4, /*pre_vote=*/true, /*forced=*/false}},
      {1, 2, raft::RequestVote{6, 1, 9, 4, /*pre_vote=*/false, /*forced=*/true}},
      {2, 1, raft::RequestVoteReply{6, false, some_reason(), /*pre_vote=*/true}},
      {1, 2, raft::TimeoutNow{7, 1}},
      {1, 3, raft::InstallSnapshot{7, 1, 40, 6, {.voters = {1, 2, 3}, .learners = {4}}, 64, std::string("k=v\0\xff\n", 6), true}},
      {3, 1, raft::InstallSnapshotReply{7, 40, 70, true, 40, some_reason()}},
      {1, 3, raft::AppendEntries{7, 1, 11, 6, {}, 10, /*read_round=*/42}},
      {3, 1, raft::AppendEntriesReply{7, true, 11, 11, 0, 0, some_reason(), /*read_round=*/42}},
      {3, 1, raft::ReadIndex{7, 99}},
      {1, 3, raft::ReadIndexReply{7, 99, 11}},
  };
  for (const raft::Message& message : messages) {
    Decoded<raft::Message> decoded = decode_message(encode_message(message));
    REQUIRE(decoded.value);
    CHECK(*decoded.value == message);
  }
  const Hello hello{2, "class-a", "127.0.0.1:8002"};
  CHECK(decode_hello(encode_hello(hello)).value == hello);
}

TEST_CASE("a frame is a big-endian length and the JSON") {
  const std::string framed = frame("{}");
  REQUIRE(framed.size() == 6);
  CHECK(frame_length(reinterpret_cast<const unsigned char*>(framed.data())) == 2);
  CHECK(framed.substr(4) == "{}");
}

TEST_CASE("malformed messages are refused with a reason") {
  CHECK(decode_message("{not json").error == "not valid JSON");
  CHECK(decode_message("[1,2]").error == "not a JSON object");
  CHECK(decode_message(R"({"from":1,"to":2})").error == "a message with no field 'type'");
  CHECK(decode_message(R"({"from":1,"to":2,"type":"Gossip"})").error == "a message with an unknown message type");
  CHECK(decode_message(R"({"from":1,"to":2,"type":"InstallSnapshot","term":1,"leader":1,"last_included_index":1,)"
                       R"("last_included_term":1,"configuration":{"voters":[1],"learners":[]},"offset":0,"data":"zz","done":true})")
            .error == "a message with field 'data' is not hex digits, two a byte");
  CHECK(decode_message(R"({"from":1,"to":2,"type":"InstallSnapshot","term":1,"leader":1,"last_included_index":1,)"
                       R"("last_included_term":1,"configuration":[1],"offset":0,"data":"","done":true})")
            .error == "a message with field 'configuration' is not {\"voters\":[ids],\"learners\":[ids]}");
  CHECK(decode_message(R"({"from":1,"to":2,"type":"InstallSnapshot","term":1,"leader":1,"last_included_index":1,)"
                       R"("last_included_term":1,"configuration":{"voters":[1],"learners":[-4]},"offset":0,"data":"","done":true})")
            .error == "a message with field 'configuration' is not {\"voters\":[ids],\"learners\":[ids]}");
  CHECK(decode_message(R"({"from":-1,"to":2,"type":"RequestVote"})").error ==
        "a message with field 'from' is not a whole number in range");
  CHECK(decode_message(R"({"from":1,"to":2,"type":"RequestVote","term":1,"candidate":1,"last_log_index":0})").error ==
        "a message with no field 'last_log_term'");
  CHECK(decode_message(R"({"from":1,"to":2,"type":"AppendEntries","term":1,"leader":1,"prev_log_index":0,)"
                       R"("prev_log_term":0,"entries":[[1]],"leader_commit":0})")
            .error == "a message with an entry is not [term, \"command\"] or [term, \"command\", client, sequence, first_unanswered, proposed_at]");
  CHECK(decode_message(R"({"from":1,"to":2,"type":"RequestVoteReply","term":1,"vote_granted":true,"pre_vote":false,)"
                       R"("why":[99,0,0,0,0,0,0,0,0,0,0,0,0]})")
            .error == "a message with field 'why' names an unknown cause, role, rpc or bug");
  CHECK(decode_hello(R"({"hello":"one"})").error == "a hello frame with field 'hello' is not a whole number in range");
}

TEST_CASE("addresses and peer lists are checked, with the text quoted") {
  CHECK(parse_address("localhost:7001").value == Address{"127.0.0.1", 7001});
  CHECK(parse_address("[::1]:7001").value == Address{"::1", 7001});
  CHECK(parse_address("example.com:80").error.find("not an IP address") != std::string::npos);
  CHECK(parse_address("127.0.0.1:70000").error.find("not a number from 1 to 65535") != std::string::npos);
  CHECK(parse_address("127.0.0.1").error.find("not HOST:PORT") != std::string::npos);
  CHECK(parse_peers("1=127.0.0.1:1,2=127.0.0.1:2").value->size() == 2);
  CHECK(parse_peers("1=127.0.0.1:1,3=127.0.0.1:3").error == "--peers: node 2 is missing (members are numbered 1 to N)");
  CHECK(parse_peers("1=127.0.0.1:1,1=127.0.0.1:2").error == "--peers: node 1 is listed twice");
  CHECK(parse_peers("0=127.0.0.1:1").error == "--peers: '0' is not a node id from 1 to 15");
  CHECK(parse_peers("1:127.0.0.1:1").error.find("is not ID=HOST:PORT") != std::string::npos);
}

TEST_CASE("an entry is [term, command], or with its client's session stamp six fields; anything else is refused") {
  const std::string stamped = R"({"from":1,"to":2,"type":"AppendEntries","term":3,"leader":1,"prev_log_index":0,"prev_log_term":0,)"
                              R"("entries":[[3,"x=1",7,2,2,99]],"leader_commit":0,"read_round":0})";
  Decoded<raft::Message> decoded = decode_message(stamped);
  REQUIRE(decoded.value);
  CHECK(std::get<raft::AppendEntries>(decoded.value->payload).entries[0].stamp == raft::ClientStamp{7, 2, 2, 99});
  CHECK(decode_message(encode_message(*decoded.value)).value == decoded.value);
  const std::string three = R"({"from":1,"to":2,"type":"AppendEntries","term":3,"leader":1,"prev_log_index":0,"prev_log_term":0,)"
                            R"("entries":[[3,"x=1",7]],"leader_commit":0,"read_round":0})";
  CHECK(!decode_message(three).value);
  CHECK(decode_message(three).error.find("an entry is not [term, \"command\"]") != std::string::npos);
}

namespace {

// One message of every kind, every field a value of its own (so a field read or written
// in another's place shows), for the golden JSON and errors below.
std::vector<raft::Message> one_message_of_each_kind() {
  const raft::Reason reason{raft::Cause::VoteGranted, raft::Role::Candidate, raft::Rpc::PreVote, 11, 12, 13, 14,
                            {15, 16}, {17, 18}, 300, raft::Bug::VoteByLogLength};
  return {
      {1, 2, raft::RequestVote{51, 52, 53, 54, true, false}},
      {3, 4, raft::RequestVoteReply{55, true, reason, true}},
      {5, 6, raft::AppendEntries{56, 57, 58, 59, {{60, "a=1"}, {61, "b\n\"c\""}}, 62, 63}},
      {7, 8, raft::AppendEntriesReply{64, true, 65, 66, 67, 68, reason, 69}},
      {9, 10, raft::TimeoutNow{70, 71}},
      {11, 12, raft::InstallSnapshot{72, 73, 74, 75, {.voters = {76, 77}, .learners = {78}}, 79, std::string("k=v\0\xff", 5), true}},
      {13, 14, raft::InstallSnapshotReply{80, 81, 82, true, 83, reason}},
      {15, 16, raft::ReadIndex{84, 85}},
      {17, 18, raft::ReadIndexReply{86, 87, 88}},
  };
}

// Each way a peer may spoil one field (or two) of a good frame, and the error it gets.
std::vector<std::pair<std::string, nlohmann::json>> spoiled(const nlohmann::json& good) {
  std::vector<std::pair<std::string, nlohmann::json>> frames;
  const std::vector<std::pair<std::string, nlohmann::json>> values = {
      {"\"x\"", "x"}, {"-1", -1}, {"2^32", 4294967296ull}, {"true", true}, {"[]", nlohmann::json::array()}};
  for (const auto& [key, value] : good.items()) {
    nlohmann::json without = good;
    without.erase(key);
    frames.push_back({"without " + key, without});
    for (const auto& [label, bad] : values) {
      nlohmann::json changed = good;
      changed[key] = bad;
      frames.push_back({key + "=" + label, changed});
    }
    for (const auto& [other, unused] : good.items()) {
      if (other <= key) continue;
      nlohmann::json without_both = without;
      without_both.erase(other);
      frames.push_back({"without " + key + " and " + other, without_both});
    }
  }
  return frames;
}

std::vector<std::string> golden_lines(const std::string& path) {
  std::ifstream in(path);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

}  // namespace

TEST_CASE("the JSON of one message of every kind, and of a hello, is the JSON the wire has always carried") {
  // Written by the wire before its fields became tables (sim/record/message_fields.h): a change
  // here is a change of protocol, and servers of two versions would not understand each other.
  const std::vector<std::string> golden = {
      R"({"candidate":52,"forced":false,"from":1,"last_log_index":53,"last_log_term":54,"pre_vote":true,"term":51,"to":2,"type":"RequestVote"})",
      R"({"from":3,"pre_vote":true,"term":55,"to":4,"type":"RequestVoteReply","vote_granted":true,"why":[1,1,5,11,12,13,14,15,16,17,18,300,1]})",
      R"({"entries":[[60,"a=1"],[61,"b\n\"c\""]],"from":5,"leader":57,"leader_commit":62,"prev_log_index":58,"prev_log_term":59,"read_round":63,"term":56,"to":6,"type":"AppendEntries"})",
      R"({"conflict_index":67,"conflict_term":68,"from":7,"match_index":65,"read_round":69,"rejected_prev_index":66,"success":true,"term":64,"to":8,"type":"AppendEntriesReply","why":[1,1,5,11,12,13,14,15,16,17,18,300,1]})",
      R"({"from":9,"leader":71,"term":70,"to":10,"type":"TimeoutNow"})",
      R"({"configuration":{"learners":[78],"voters":[76,77]},"data":"6b3d7600ff","done":true,"from":11,"last_included_index":74,"last_included_term":75,"leader":73,"offset":79,"term":72,"to":12,"type":"InstallSnapshot"})",
      R"({"from":13,"installed":true,"last_included_index":81,"match_index":83,"next_offset":82,"term":80,"to":14,"type":"InstallSnapshotReply","why":[1,1,5,11,12,13,14,15,16,17,18,300,1]})",
      R"({"context":85,"from":15,"term":84,"to":16,"type":"ReadIndex"})",
      R"({"context":87,"from":17,"index":88,"term":86,"to":18,"type":"ReadIndexReply"})",
  };
  const std::vector<raft::Message> messages = one_message_of_each_kind();
  REQUIRE(messages.size() == golden.size());
  for (std::size_t i = 0; i < messages.size(); ++i) {
    CHECK(encode_message(messages[i]) == golden[i]);
    CHECK(decode_message(golden[i]).value == messages[i]);
  }
  const Hello hello{2, "class-a", "127.0.0.1:8002"};
  CHECK(encode_hello(hello) == R"({"cluster":"class-a","hello":2,"http":"127.0.0.1:8002"})");
}

TEST_CASE("every field of every message and of a hello, spoiled, gets the error it has always got") {
  // tests/live/wire_errors.golden: written by the wire before its fields became tables.
  const std::vector<std::string> golden = golden_lines(RAFTSIM_WIRE_ERRORS);
  std::vector<std::string> actual;
  for (const raft::Message& message : one_message_of_each_kind()) {
    const nlohmann::json good = nlohmann::json::parse(encode_message(message));
    for (const auto& [label, frame] : spoiled(good)) {
      actual.push_back(good["type"].get<std::string>() + " " + label + ": " + decode_message(frame.dump()).error);
    }
  }
  const nlohmann::json hello = nlohmann::json::parse(encode_hello({2, "class-a", "127.0.0.1:8002"}));
  for (const auto& [label, frame] : spoiled(hello)) actual.push_back("hello " + label + ": " + decode_hello(frame.dump()).error);
  REQUIRE(actual.size() == golden.size());
  for (std::size_t i = 0; i < actual.size(); ++i) CHECK(actual[i] == golden[i]);
}
