// What a live server's answers promise (docs/live.md, "What an answer promises"): 503
// only when the request provably took no effect, 504 when it may still, and live-check's
// clients read the statuses so. The pending requests of a leader, the forward to a
// leader, and live-check's reading of an answer, each without a running cluster.
#include <doctest/doctest.h>

#include <chrono>
#include <thread>
#include <vector>

#include "sim/live/client_session.h"
#include "sim/live/forward.h"
#include "sim/live/live_workload.h"
#include "sim/live/pending_requests.h"
#include "test_sockets.h"

namespace {

using namespace sim::live;
using live_test::Listener;
using live_test::Socket;

raft::CommittedEntry committed(raft::Index index, raft::Term term, const std::string& command) {
  return raft::CommittedEntry{index, raft::LogEntry{term, command, {}}};
}

struct Answers {
  std::vector<Outcome> given;
  PendingRequests::Answer recorder() {
    return [this](Outcome outcome) { given.push_back(std::move(outcome)); };
  }
};

std::chrono::steady_clock::time_point in_seconds(int seconds) {
  return std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
}

}  // namespace

TEST_CASE("a leader that reuses an index it lost keeps both requests waiting; the committed one is applied, the other 503") {
  KvStore kv;
  PendingRequests pending;
  Answers first, second;
  pending.add(7, 2, KvRequest{KvRequest::Kind::Put, "x", "1", {}}, first.recorder());
  // Deposed before index 7 committed, then leader again in term 4 with a shorter log.
  pending.add(7, 4, KvRequest{KvRequest::Kind::Put, "x", "2", {}}, second.recorder());
  CHECK(first.given.empty());  // another node may still hold (7, term 2) and commit it
  CHECK(second.given.empty());
  CHECK(pending.size() == 2);

  kv.apply("x=1");  // it did: a leader that held it committed (7, term 2)
  pending.applied(committed(7, 2, "x=1"), sim::SessionDecision::Apply, kv);
  REQUIRE(first.given.size() == 1);
  CHECK(first.given[0].status == 200);
  REQUIRE(second.given.size() == 1);
  CHECK(second.given[0].status == kStatusNotApplied);  // at most one entry commits at an index
  CHECK(pending.size() == 0);
}

TEST_CASE("a pending read is answered with the value at its place in the log; a failed disk answers 504") {
  KvStore kv;
  PendingRequests pending;
  Answers read, write;
  kv.apply("k=v");
  pending.add(3, 1, KvRequest{KvRequest::Kind::Read, "k", "", {}}, read.recorder());
  pending.add(4, 1, KvRequest{KvRequest::Kind::Put, "k", "w", {}}, write.recorder());
  pending.applied(committed(3, 1, read_command("k")), sim::SessionDecision::Apply, kv);
  REQUIRE(read.given.size() == 1);
  CHECK(read.given[0].status == 200);
  CHECK(read.given[0].body == "v");
  // Entry 4 may be on a peer's disk already: what becomes of it is unknown.
  pending.abandon_all("the disk failed\n");
  REQUIRE(write.given.size() == 1);
  CHECK(write.given[0].status == kStatusUnknown);
}

TEST_CASE("a forward that reached no leader is 503; one lost after it was sent is 504") {
  const ForwardRequest put{"PUT", "/kv/x", "1", {}};
  SUBCASE("nothing listens: the request was never sent") {
    const Relayed relayed = forward_to_leader(put, 2, "127.0.0.1:" + std::to_string(live_test::closed_port()), 1, in_seconds(10));
    CHECK(relayed.status == kStatusNotApplied);
    CHECK(relayed.body.find("was not sent") != std::string::npos);
  }
  SUBCASE("the leader read the request and closed without answering: it may have applied it") {
    Listener leader;
    std::string seen;
    std::thread fake([&] {
      Socket connection = leader.accept_one();
      seen = connection.receive_until("\r\n\r\n1");
    });  // and closes, answering nothing
    const Relayed relayed = forward_to_leader(put, 2, "127.0.0.1:" + std::to_string(leader.port), 1, in_seconds(10));
    fake.join();
    CHECK(seen.find("PUT /kv/x") == 0);
    CHECK(relayed.status == kStatusUnknown);
    CHECK(relayed.body.find("may or may not have been applied") != std::string::npos);
  }
  SUBCASE("the leader answers: its status and body are relayed") {
    Listener leader;
    std::thread fake([&] {
      Socket connection = leader.accept_one();
      connection.receive_until("\r\n\r\n1");
      connection.send_text("HTTP/1.1 503 Service Unavailable\r\nRetry-After: 1\r\nContent-Length: 3\r\nConnection: close\r\n\r\nno\n");
    });
    const Relayed relayed = forward_to_leader(put, 2, "127.0.0.1:" + std::to_string(leader.port), 1, in_seconds(10));
    fake.join();
    CHECK(relayed.status == 503);
    CHECK(relayed.body == "no\n");
  }
}

TEST_CASE("live-check reads 503 as failed and 504 as unknown, whatever the body says") {
  CHECK(outcome_of(false, HttpAnswer{503, "a new leader committed another entry at this request's index 7\n", ""}) ==
        LiveOutcome::Failed);
  CHECK(outcome_of(false, HttpAnswer{504, "lost the request forwarded to the leader (Read)\n", ""}) == LiveOutcome::Unknown);
  CHECK(outcome_of(true, HttpAnswer{404, "no such key\n", ""}) == LiveOutcome::Ok);
  CHECK(outcome_of(false, HttpAnswer{0, "", "Connection"}) == LiveOutcome::Failed);  // never sent
  CHECK(outcome_of(false, HttpAnswer{0, "", "Read"}) == LiveOutcome::Unknown);       // sent, then lost
}

TEST_CASE("a retried write its session already applied answers OK; an expired session answers 410") {
  KvStore kv;
  PendingRequests pending;
  Answers retry, late;
  KvRequest write{KvRequest::Kind::Put, "x", "1", raft::ClientStamp{7, 1, 1, 0}};
  pending.add(9, 3, write, retry.recorder());
  pending.applied(committed(9, 3, "x=1"), sim::SessionDecision::Duplicate, kv);
  REQUIRE(retry.given.size() == 1);
  CHECK(retry.given[0].status == 200);
  CHECK(retry.given[0].body == "OK (applied before: a retry)\n");
  pending.add(10, 3, write, late.recorder());
  pending.applied(committed(10, 3, "x=1"), sim::SessionDecision::Expired, kv);
  REQUIRE(late.given.size() == 1);
  CHECK(late.given[0].status == kStatusSessionExpired);
  CHECK(outcome_of(false, HttpAnswer{kStatusSessionExpired, late.given[0].body, ""}) == LiveOutcome::Unknown);
}

TEST_CASE("a client's session headers: a number from 1 each, the first unanswered at most the sequence") {
  raft::ClientStamp stamp;
  CHECK(parse_session("", "", "", stamp) == "");
  CHECK(stamp == raft::ClientStamp{});
  CHECK(parse_session("7", "12", "", stamp) == "");
  CHECK(stamp == raft::ClientStamp{7, 12, 12, 0});
  CHECK(parse_session("7", "12", "10", stamp) == "");
  CHECK(stamp == raft::ClientStamp{7, 12, 10, 0});
  CHECK(parse_session("0", "1", "", stamp).find("X-Raftsim-Client") == 0);
  CHECK(parse_session("4294967296", "1", "", stamp).find("X-Raftsim-Client") == 0);
  CHECK(parse_session("7", "", "", stamp).find("X-Raftsim-Sequence") == 0);
  CHECK(parse_session("7", "1x", "", stamp).find("X-Raftsim-Sequence") == 0);
  CHECK(parse_session("7", "3", "4", stamp).find("X-Raftsim-First-Unanswered") == 0);
  CHECK(parse_session("", "3", "", stamp).find("X-Raftsim-Client") == 0);
}
