// The client's work grows as n log n with the writes waiting at once, not as n squared:
// a write held behind a long queue is resent after waits that double (sim/client/client.h), so
// each costs a few messages however long the queue. Proved by counting, not timing.
#include <doctest/doctest.h>

#include "helpers.h"

using namespace simtest;
using sim::Outcome;
using sim::Simulator;

namespace {

struct Work {
  std::uint64_t sends = 0;            // the client's requests, resends included
  std::uint64_t client_messages = 0;  // those, and the nodes' replies
  std::uint64_t events = 0;           // events fired from the queue
};

// `writes` writes at the same instant, before any leader: the work until every one is answered.
Work work_to_answer(int writes) {
  // A slow network (20-40ms a message) drains the queue slowly: a few seconds for
  // a few thousand writes, long enough for resends to dominate if they came every 100ms.
  sim::ClusterConfig config = cluster(5, 1);
  config.network.latency_min = 20 * kMs;
  config.network.latency_max = 40 * kMs;
  Simulator simulator(config);
  for (int i = 0; i < writes; ++i) simulator.write("k" + std::to_string(i) + "=" + std::to_string(i));
  const auto all_answered = [&] {
    for (const sim::ClientOperation& operation : simulator.history()) {
      if (operation.outcome == Outcome::Pending) return false;
    }
    return true;
  };
  REQUIRE(run_until(simulator, 30 * kSecond, all_answered));
  Work work;
  for (const sim::ClientOperation& operation : simulator.history()) work.sends += operation.attempts;
  work.client_messages = simulator.stats().client_messages_sent;
  work.events = simulator.stats().events;
  return work;
}

}  // namespace

TEST_CASE("client: doubling the writes waiting at once does not quadruple the work") {
  Work previous = work_to_answer(500);
  for (int writes = 1000; writes <= 4000; writes *= 2) {
    const Work work = work_to_answer(writes);
    MESSAGE(writes << " writes: " << work.sends << " sends, " << work.client_messages << " client messages, "
                   << work.events << " events");
    CAPTURE(writes);
    CHECK(work.sends < 3 * previous.sends);
    CHECK(work.client_messages < 3 * previous.client_messages);
    previous = work;
  }
}
