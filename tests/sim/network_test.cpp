// sim/cluster/network.*: reachability (partitions, isolation, one-way cuts, heal) and the
// simulated links (latency, loss, duplication), seen through the Simulator: messages in
// flight, their fate in the records, and the counters in Stats.
#include <doctest/doctest.h>

#include <algorithm>

#include "helpers.h"
#include "sim/cluster/network.h"

using namespace simtest;
using sim::kClient;
using sim::kMillion;
using sim::RecordKind;
using sim::Simulator;
using sim::Topology;

// ---- Topology -------------------------------------------------------------------------

TEST_CASE("topology: a fresh cluster is one group; everybody reaches everybody") {
  const Topology topology(5);
  CHECK(topology.size() == 5);
  CHECK_FALSE(topology.is_partitioned());
  for (NodeId from = 1; from <= 5; ++from) {
    for (NodeId to = 1; to <= 5; ++to) CHECK(topology.can_reach(from, to));
  }
}

TEST_CASE("topology: partition groups; the nodes not named form one more group") {
  Topology topology(5);
  topology.partition({{1, 2}, {3}});
  CHECK(topology.is_partitioned());
  CHECK(topology.can_reach(1, 2));
  CHECK(topology.can_reach(2, 1));
  CHECK_FALSE(topology.can_reach(1, 3));
  CHECK_FALSE(topology.can_reach(3, 1));
  CHECK_FALSE(topology.can_reach(2, 4));
  CHECK(topology.can_reach(4, 5));  // not named: together
  CHECK_FALSE(topology.can_reach(3, 4));
  CHECK(topology.group_of(4) == topology.group_of(5));
  CHECK(topology.group_of(1) != topology.group_of(3));
  // A new partition replaces the old one.
  topology.partition({{1, 3}});
  CHECK(topology.can_reach(1, 3));
  CHECK_FALSE(topology.can_reach(1, 2));
  CHECK(topology.can_reach(2, 4));
}

TEST_CASE("topology: the client reaches every node, across any partition or cut") {
  Topology topology(3);
  topology.partition({{1}, {2}, {3}});
  topology.cut(1, 2);
  for (NodeId node = 1; node <= 3; ++node) {
    CHECK(topology.can_reach(kClient, node));
    CHECK(topology.can_reach(node, kClient));
  }
}

TEST_CASE("topology: isolate puts one node alone; the others keep their groups") {
  Topology topology(5);
  topology.partition({{1, 2}});  // {1,2} | {3,4,5}
  topology.isolate(4);
  CHECK_FALSE(topology.can_reach(4, 3));
  CHECK_FALSE(topology.can_reach(3, 4));
  CHECK_FALSE(topology.can_reach(4, 1));
  CHECK(topology.can_reach(3, 5));
  CHECK(topology.can_reach(1, 2));
  CHECK_FALSE(topology.can_reach(1, 3));
  topology.isolate(5);
  CHECK_FALSE(topology.can_reach(4, 5));  // two isolated nodes are not together
  CHECK_FALSE(topology.can_reach(5, 3));
}

TEST_CASE("topology: a cut is one-way; heal removes cuts and partitions") {
  Topology topology(3);
  topology.cut(1, 2);
  CHECK(topology.is_partitioned());
  CHECK_FALSE(topology.can_reach(1, 2));
  CHECK(topology.can_reach(2, 1));
  CHECK(topology.can_reach(1, 3));
  CHECK(topology.cuts().size() == 1);
  topology.partition({{3}});
  topology.heal();
  CHECK_FALSE(topology.is_partitioned());
  CHECK(topology.cuts().empty());
  CHECK(topology.can_reach(1, 2));
  CHECK(topology.can_reach(1, 3));
}

// ---- Latency ---------------------------------------------------------------------------

TEST_CASE("network: every message takes a latency within [min, max], and the range is used") {
  sim::ClusterConfig config = cluster(5, 3);
  config.network.latency_min = 3 * kMs;
  config.network.latency_max = 7 * kMs;
  Simulator simulator(config);
  Time shortest = 1'000'000'000, longest = 0;
  std::uint64_t seen = 0;
  std::uint64_t last_id = 0;
  simulator.write("x=1");
  while (simulator.now() < 3 * kSecond && simulator.step()) {
    for (const sim::InFlightMessage* message : simulator.in_flight()) {
      if (message->id <= last_id) continue;
      last_id = message->id;
      const Time latency = message->deliver_at - message->sent_at;
      REQUIRE(latency >= 3 * kMs);
      REQUIRE(latency <= 7 * kMs);
      shortest = std::min(shortest, latency);
      longest = std::max(longest, latency);
      ++seen;
    }
  }
  CHECK(seen > 100);
  CHECK(shortest < 3 * kMs + 500);  // uniform over 4000 us: both ends are reached
  CHECK(longest > 7 * kMs - 500);
}

TEST_CASE("network: a fixed latency delivers exactly that much later; set_latency changes it mid-run") {
  sim::ClusterConfig config = cluster(3, 1);
  config.network.latency_min = config.network.latency_max = 4 * kMs;
  Simulator simulator(config);
  simulator.set_recording(true);
  simulator.run_until(100 * kMs);
  simulator.campaign(2);
  for (const sim::InFlightMessage* message : simulator.in_flight()) {
    CHECK(message->deliver_at - message->sent_at == 4 * kMs);
  }
  simulator.set_latency(20 * kMs, 20 * kMs);
  CHECK(simulator.network().latency_min == 20 * kMs);
  simulator.campaign(3);
  std::uint64_t fresh = 0;
  for (const sim::InFlightMessage* message : simulator.in_flight()) {
    if (message->from == 3) {
      CHECK(message->deliver_at == simulator.now() + 20 * kMs);
      ++fresh;
    } else {
      CHECK(message->deliver_at - message->sent_at == 4 * kMs);  // sent before the change
    }
  }
  CHECK(fresh == 2);
  // And they arrive exactly then.
  const std::uint64_t id = in_flight_ids(simulator, 3, 1).front();
  simulator.take_records();
  simulator.run_until(simulator.now() + 20 * kMs);
  const auto fate = fate_of(simulator.take_records(), id);
  REQUIRE(fate);
  CHECK(fate->time == 120 * kMs);
}

// ---- Loss ------------------------------------------------------------------------------

TEST_CASE("network: 100% loss drops every message, counted in messages_dropped, and no leader emerges") {
  sim::ClusterConfig config = cluster(5, 9);
  config.network.loss_ppm = kMillion;
  Simulator simulator(config);
  simulator.set_recording(true);
  simulator.run_until(3 * kSecond);
  const sim::Stats& stats = simulator.stats();
  CHECK(stats.elections_started > 0);
  CHECK(stats.raft_messages_sent > 0);
  CHECK(stats.messages_delivered == 0);
  CHECK(stats.messages_dropped == stats.raft_messages_sent - simulator.in_flight().size());
  CHECK(simulator.leaders().empty());
  const auto records = simulator.take_records();
  CHECK(of_kind(records, RecordKind::Deliver).empty());
  const auto drops = of_kind(records, RecordKind::Drop);
  CHECK(drops.size() == stats.messages_dropped);
  for (const sim::Record& drop : drops) CHECK(drop.reason == "lost");
}

TEST_CASE("network: 0% loss drops nothing; every message sent is delivered or still in flight") {
  for (std::uint64_t seed = 1; seed <= 5; ++seed) {
    CAPTURE(seed);
    Simulator simulator(cluster(5, seed));
    for (int i = 0; i < 10; ++i) simulator.schedule_write(i * 100 * kMs, "k=" + std::to_string(i));
    simulator.run_until(3 * kSecond);
    const sim::Stats& stats = simulator.stats();
    CHECK(stats.messages_dropped == 0);
    CHECK(stats.messages_delivered + simulator.in_flight().size() ==
          stats.raft_messages_sent + stats.client_messages_sent);
    CHECK(simulator.leader().has_value());
  }
}

TEST_CASE("network: loss changed mid-run; 100% stops all deliveries after those in flight, 0% restores them") {
  Simulator simulator(cluster(5, 4));
  REQUIRE(run_until_leader(simulator));
  simulator.set_loss(kMillion);
  CHECK(simulator.network().loss_ppm == kMillion);
  simulator.run_until(simulator.now() + 20 * kMs);  // longer than the longest latency
  const std::uint64_t delivered = simulator.stats().messages_delivered;
  const std::uint64_t dropped = simulator.stats().messages_dropped;
  const NodeId old_leader = *simulator.leader();
  const raft::Term old_term = simulator.node(old_leader).current_term();
  simulator.run_until(simulator.now() + 2 * kSecond);
  CHECK(simulator.stats().messages_delivered == delivered);
  CHECK(simulator.stats().messages_dropped > dropped);
  // The followers timed out and campaign in vain; the old leader, hearing nothing, still
  // believes it leads its old term.
  CHECK(simulator.leaders() == std::vector<NodeId>{old_leader});
  for (NodeId node = 1; node <= 5; ++node) {
    if (node != old_leader) CHECK(simulator.node(node).current_term() > old_term);
  }
  simulator.set_loss(0);
  REQUIRE(run_until(simulator, 3 * kSecond, [&] {
    const auto leaders = simulator.leaders();
    return leaders.size() == 1 && simulator.node(leaders[0]).current_term() > old_term;
  }));
  CHECK(simulator.stats().messages_delivered > delivered);
}

TEST_CASE("network: connecting a node parts it from the group it shared, and what is on those links is lost") {
  Simulator simulator(cluster(5, 4));
  REQUIRE(run_until_leader(simulator));
  simulator.partition({{1, 2}, {3, 4, 5}});
  simulator.set_latency(50 * kMs, 50 * kMs);
  simulator.campaign(1);  // RequestVotes from n1 to n2 in flight, on a link that is open now
  auto live_to_n2 = [&] {
    const auto messages = simulator.in_flight();
    return std::count_if(messages.begin(), messages.end(),
                         [](const sim::InFlightMessage* m) { return m->from == 1 && m->to == 2 && m->doomed == nullptr; });
  };
  REQUIRE(live_to_n2() > 0);
  simulator.connect(1);  // n1 joins the main group: n2 stays behind in its own
  CHECK_FALSE(simulator.topology().can_reach(1, 2));
  CHECK(live_to_n2() == 0);
  simulator.run_until(simulator.now() + 100 * kMs);  // delivering them must not cross the new cut
}

TEST_CASE("network: partial loss drops some messages, in proportion") {
  sim::ClusterConfig config = cluster(5, 11);
  config.network.loss_ppm = 200'000;  // 20%
  Simulator simulator(config);
  simulator.run_until(20 * kSecond);
  const sim::Stats& stats = simulator.stats();
  const double ratio = static_cast<double>(stats.messages_dropped) / static_cast<double>(stats.raft_messages_sent);
  CAPTURE(stats.raft_messages_sent);
  CHECK(stats.raft_messages_sent > 1000);
  CHECK(ratio > 0.15);
  CHECK(ratio < 0.25);
}

// ---- Duplication -----------------------------------------------------------------------

TEST_CASE("network: 100% duplication delivers two copies of every message") {
  sim::ClusterConfig config = cluster(5, 2);
  config.network.duplicate_ppm = kMillion;
  Simulator simulator(config);
  simulator.set_recording(true);
  simulator.campaign(1);
  CHECK(simulator.stats().raft_messages_sent == 4);
  CHECK(simulator.stats().messages_duplicated == 4);
  REQUIRE(simulator.in_flight().size() == 8);
  for (NodeId peer = 2; peer <= 5; ++peer) {
    const auto ids = in_flight_ids(simulator, 1, peer);
    REQUIRE(ids.size() == 2);
    CHECK(ids[0] != ids[1]);
    CHECK(sim::describe(simulator.find_message(ids[0])->envelope) ==
          sim::describe(simulator.find_message(ids[1])->envelope));
  }
  simulator.take_records();
  simulator.run_until(20 * kMs);
  // Each node saw the RequestVote twice.
  const auto delivered = of_kind(simulator.take_records(), RecordKind::Deliver);
  for (NodeId peer = 2; peer <= 5; ++peer) {
    CHECK(std::count_if(delivered.begin(), delivered.end(), [&](const sim::Record& r) {
            return r.from == 1 && r.to == peer && sim::envelope_kind(*r.message) == std::string("RequestVote");
          }) == 2);
  }
  // Duplicates are harmless: a leader is still elected, and the invariants hold.
  REQUIRE(run_until_leader(simulator));
  CHECK(simulator.leaders().size() == 1);
  CHECK(simulator.stats().messages_duplicated == simulator.stats().raft_messages_sent);
}

TEST_CASE("network: no duplication without it; duplication switched on mid-run copies what is sent after") {
  Simulator simulator(cluster(5, 5));
  REQUIRE(run_until_leader(simulator));
  CHECK(simulator.stats().messages_duplicated == 0);
  const std::uint64_t sent = simulator.stats().raft_messages_sent;
  simulator.set_duplication(kMillion);
  simulator.run_until(simulator.now() + 1 * kSecond);
  CHECK(simulator.stats().messages_duplicated == simulator.stats().raft_messages_sent - sent);
  simulator.set_duplication(0);
  const std::uint64_t duplicated = simulator.stats().messages_duplicated;
  simulator.run_until(simulator.now() + 1 * kSecond);
  CHECK(simulator.stats().messages_duplicated == duplicated);
}

// ---- Partitions ------------------------------------------------------------------------

TEST_CASE("network: a partition drops messages between groups and delivers those within one") {
  Simulator simulator(cluster(5, 1));
  simulator.set_recording(true);
  simulator.partition({{1, 2}, {3, 4, 5}});
  CHECK(simulator.topology().is_partitioned());
  simulator.campaign(1);
  const auto to_2 = in_flight_ids(simulator, 1, 2);
  const auto to_4 = in_flight_ids(simulator, 1, 4);
  REQUIRE(to_2.size() == 1);
  REQUIRE(to_4.size() == 1);
  simulator.run_until(20 * kMs);
  const auto records = simulator.take_records();
  const auto fate_2 = fate_of(records, to_2[0]);
  const auto fate_4 = fate_of(records, to_4[0]);
  REQUIRE(fate_2);
  REQUIRE(fate_4);
  CHECK(fate_2->kind == RecordKind::Deliver);
  CHECK(fate_4->kind == RecordKind::Drop);
  CHECK(fate_4->reason == "partition");
  // The minority cannot elect; the majority can.
  const auto leader = run_until_leader(simulator);
  REQUIRE(leader);
  CHECK(*leader >= 3);
  CHECK(simulator.is_up(1));
  CHECK(simulator.node(1).role() != raft::Role::Leader);
}

TEST_CASE("network: an isolated node's messages vanish both ways; heal restores them") {
  Simulator simulator(cluster(5, 6));
  simulator.set_recording(true);
  simulator.isolate(3);
  simulator.campaign(3);
  simulator.run_until(20 * kMs);
  auto records = simulator.take_records();
  for (const sim::Record& record : records) {
    if (record.from == 3 || record.to == 3) {
      if (record.kind == RecordKind::Deliver || record.kind == RecordKind::Drop) CHECK(record.kind == RecordKind::Drop);
    }
  }
  CHECK(simulator.node(3).current_term() == 1);
  for (NodeId node : {1u, 2u, 4u, 5u}) CHECK(simulator.node(node).current_term() == 0);
  simulator.heal();
  CHECK_FALSE(simulator.topology().is_partitioned());
  simulator.campaign(3);
  const auto id = in_flight_ids(simulator, 3, 1).back();
  simulator.run_until(simulator.now() + 20 * kMs);
  const auto fate = fate_of(simulator.take_records(), id);
  REQUIRE(fate);
  CHECK(fate->kind == RecordKind::Deliver);
  CHECK(simulator.node(1).current_term() == 2);
}

TEST_CASE("network: a one-way cut loses a->b and keeps b->a") {
  Simulator simulator(cluster(3, 1));
  simulator.set_recording(true);
  simulator.cut(1, 2);
  simulator.campaign(2);  // 2 -> 1 works; 1's reply 1 -> 2 is lost
  const auto request = in_flight_ids(simulator, 2, 1);
  REQUIRE(request.size() == 1);
  simulator.run_until(20 * kMs);
  const auto records = simulator.take_records();
  const auto request_fate = fate_of(records, request[0]);
  REQUIRE(request_fate);
  CHECK(request_fate->kind == RecordKind::Deliver);
  CHECK(simulator.node(1).voted_for() == 2);  // it heard the RequestVote
  bool reply_lost = false;
  for (const sim::Record& record : records) {
    if (record.from == 1 && record.to == 2) {
      CHECK(record.kind == RecordKind::Drop);
      CHECK(record.reason == "link cut");
      reply_lost = true;
    }
  }
  CHECK(reply_lost);
  // heal: 1 -> 2 works again.
  simulator.heal();
  simulator.run_until(simulator.now() + 200 * kMs);
  simulator.take_records();
  simulator.campaign(1);
  const auto id = in_flight_ids(simulator, 1, 2).back();
  simulator.run_until(simulator.now() + 20 * kMs);
  const auto fate = fate_of(simulator.take_records(), id);
  REQUIRE(fate);
  CHECK(fate->kind == RecordKind::Deliver);
}

TEST_CASE("network: a message already in flight across a link cut before it arrives is lost") {
  SUBCASE("a cut") {
    Simulator simulator(cluster(3, 1));
    simulator.set_recording(true);
    simulator.campaign(1);
    const auto id = in_flight_ids(simulator, 1, 2).front();
    simulator.cut(1, 2);
    simulator.run_until(20 * kMs);
    const auto fate = fate_of(simulator.take_records(), id);
    REQUIRE(fate);
    CHECK(fate->kind == RecordKind::Drop);
    CHECK(fate->reason == "link cut");
    CHECK(simulator.node(2).current_term() == 0);
  }
  SUBCASE("a partition") {
    Simulator simulator(cluster(3, 1));
    simulator.set_recording(true);
    simulator.campaign(1);
    const auto id = in_flight_ids(simulator, 1, 3).front();
    simulator.partition({{1, 2}});
    simulator.run_until(20 * kMs);
    const auto fate = fate_of(simulator.take_records(), id);
    REQUIRE(fate);
    CHECK(fate->kind == RecordKind::Drop);
    CHECK(fate->reason == "partition");
    CHECK(simulator.node(3).current_term() == 0);
  }
}

TEST_CASE("network: cutting a link dooms the messages on it at that moment, with the reason; a heal does not revive them") {
  Simulator simulator(cluster(3, 1));
  simulator.set_recording(true);
  simulator.campaign(1);
  const auto cut_id = in_flight_ids(simulator, 1, 2).front();
  const auto open_id = in_flight_ids(simulator, 1, 3).front();
  const Time arrives =
      std::max(simulator.find_message(cut_id)->deliver_at, simulator.find_message(open_id)->deliver_at);
  CHECK(simulator.find_message(cut_id)->doomed == nullptr);
  simulator.cut(1, 2);
  // Marked at once, before it would arrive: the GUI can cross it out from now on.
  REQUIRE(simulator.find_message(cut_id)->doomed != nullptr);
  CHECK(std::string(simulator.find_message(cut_id)->doomed) == "link cut");
  CHECK(simulator.find_message(open_id)->doomed == nullptr);  // another link: untouched
  simulator.heal();
  CHECK(simulator.find_message(cut_id)->doomed != nullptr);  // healing comes too late for it
  simulator.run_until(arrives);
  const auto records = simulator.take_records();
  const auto fate = fate_of(records, cut_id);
  REQUIRE(fate);
  CHECK(fate->kind == RecordKind::Drop);
  CHECK(fate->reason == "link cut");
  const auto other = fate_of(records, open_id);
  REQUIRE(other);
  CHECK(other->kind == RecordKind::Deliver);
  CHECK(simulator.node(2).current_term() == 0);
  CHECK(simulator.node(3).current_term() == 1);
}

TEST_CASE("network: a partition dooms the messages crossing it and spares those within a group") {
  Simulator simulator(cluster(5, 1));
  simulator.campaign(1);
  simulator.partition({{1, 2}, {3, 4, 5}});
  CHECK(simulator.find_message(in_flight_ids(simulator, 1, 2).front())->doomed == nullptr);
  for (NodeId to : {3u, 4u, 5u}) {
    const sim::InFlightMessage* message = simulator.find_message(in_flight_ids(simulator, 1, to).front());
    REQUIRE(message->doomed != nullptr);
    CHECK(std::string(message->doomed) == "partition");
  }
}

// ---- Crashes and messages ----------------------------------------------------------------

TEST_CASE("network: a message in flight when its target crashes is lost, even if the target restarts before it arrives") {
  SUBCASE("target stays down") {
    Simulator simulator(cluster(5, 1));
    simulator.set_recording(true);
    simulator.campaign(1);
    const auto id = in_flight_ids(simulator, 1, 3).front();
    simulator.crash(3);
    simulator.run_until(20 * kMs);
    const auto fate = fate_of(simulator.take_records(), id);
    REQUIRE(fate);
    CHECK(fate->kind == RecordKind::Drop);
    CHECK(fate->reason == "node crashed");
  }
  SUBCASE("target restarted before the message arrives") {
    Simulator simulator(cluster(5, 1));
    simulator.set_recording(true);
    simulator.campaign(1);
    const auto id = in_flight_ids(simulator, 1, 3).front();
    const Time arrives = simulator.find_message(id)->deliver_at;
    simulator.crash(3);
    simulator.restart(3);
    REQUIRE(simulator.is_up(3));
    simulator.run_until(arrives);
    const auto fate = fate_of(simulator.take_records(), id);
    REQUIRE(fate);
    CHECK(fate->kind == RecordKind::Drop);
    CHECK(fate->reason == "node crashed");
    CHECK(simulator.node(3).current_term() == 0);  // the RequestVote never reached it
    CHECK(simulator.storage(3).hard_state().current_term == 0);
  }
  SUBCASE("messages sent by the crashed node are lost too") {
    Simulator simulator(cluster(5, 1));
    simulator.set_recording(true);
    simulator.campaign(1);
    const auto id = in_flight_ids(simulator, 1, 2).front();
    simulator.crash(1);
    simulator.run_until(20 * kMs);
    const auto fate = fate_of(simulator.take_records(), id);
    REQUIRE(fate);
    CHECK(fate->kind == RecordKind::Drop);
    CHECK(simulator.node(2).current_term() == 0);
  }
  SUBCASE("a message sent to a node that is already down is dropped as 'node down'") {
    Simulator simulator(cluster(5, 1));
    simulator.set_recording(true);
    simulator.crash(4);
    simulator.campaign(1);
    const auto id = in_flight_ids(simulator, 1, 4).front();
    // Doomed from the moment it is sent, with its reason.
    REQUIRE(simulator.find_message(id)->doomed != nullptr);
    CHECK(std::string(simulator.find_message(id)->doomed) == "node down");
    simulator.run_until(20 * kMs);
    const auto fate = fate_of(simulator.take_records(), id);
    REQUIRE(fate);
    CHECK(fate->kind == RecordKind::Drop);
    CHECK(fate->reason == "node down");
  }
}

TEST_CASE("network: a message sent to a node that is down is lost even if the node restarts before it would arrive") {
  Simulator simulator(cluster(5, 1));
  simulator.set_recording(true);
  simulator.crash(4);
  simulator.campaign(1);
  const auto id = in_flight_ids(simulator, 1, 4).front();
  const Time arrives = simulator.find_message(id)->deliver_at;
  simulator.restart(4);
  REQUIRE(simulator.is_up(4));
  CHECK(simulator.find_message(id)->doomed != nullptr);  // the restart comes too late for it
  simulator.run_until(arrives);
  const auto fate = fate_of(simulator.take_records(), id);
  REQUIRE(fate);
  CHECK(fate->kind == RecordKind::Drop);
  CHECK(fate->reason == "node down");
  CHECK(simulator.node(4).current_term() == 0);
}

// ---- Dropping chosen messages ---------------------------------------------------------------

TEST_CASE("network: drop_message removes exactly that message") {
  Simulator simulator(cluster(5, 1));
  simulator.set_recording(true);
  simulator.campaign(1);
  REQUIRE(simulator.in_flight().size() == 4);
  const std::uint64_t id = in_flight_ids(simulator, 1, 3).front();
  CHECK(simulator.drop_message(id));
  CHECK(simulator.find_message(id) == nullptr);
  CHECK(simulator.in_flight().size() == 3);
  CHECK(simulator.stats().messages_dropped == 1);
  CHECK_FALSE(simulator.drop_message(id));  // gone already
  CHECK_FALSE(simulator.drop_message(987654));
  CHECK(simulator.stats().messages_dropped == 1);
  const auto records = simulator.take_records();
  const auto dropped = of_kind(records, RecordKind::DropMessage);
  REQUIRE(dropped.size() == 1);
  CHECK(dropped[0].message_id == id);
  CHECK(dropped[0].from == 1);
  CHECK(dropped[0].to == 3);
  simulator.run_until(20 * kMs);
  // Node 3 never saw the RequestVote: it did not vote (it learnt term 1 from the new
  // leader's heartbeat), while the others voted for node 1.
  CHECK(simulator.node(3).voted_for() == raft::kNobody);
  for (NodeId node : {2u, 4u, 5u}) CHECK(simulator.node(node).voted_for() == 1);
  CHECK(simulator.stats().messages_dropped == 1);
}

TEST_CASE("network: drop_next drops the oldest matching message in flight, of the kind asked for") {
  Simulator simulator(cluster(5, 1));
  simulator.campaign(1);  // RequestVote term 1
  simulator.campaign(1);  // again: RequestVote term 2
  const auto ids = in_flight_ids(simulator, 1, 2);
  REQUIRE(ids.size() == 2);
  CHECK(simulator.drop_next(1, 2, "Heartbeat") == 0);  // none of that kind
  CHECK(simulator.drop_next(2, 1) == 0);               // none that way
  CHECK(simulator.drop_next(1, 2, "RequestVote") == ids[0]);
  CHECK(simulator.find_message(ids[0]) == nullptr);
  REQUIRE(simulator.find_message(ids[1]) != nullptr);
  CHECK(simulator.drop_next(1, 2) == ids[1]);
  CHECK(simulator.drop_next(1, 2) == 0);
  CHECK(in_flight_ids(simulator, 1, 3).size() == 2);  // other links untouched
  CHECK(simulator.stats().messages_dropped == 2);
}

TEST_CASE("network: drop_next skips messages already doomed") {
  Simulator simulator(cluster(3, 1));
  simulator.cut(1, 2);
  simulator.campaign(1);
  simulator.heal();
  simulator.campaign(1);
  const auto ids = in_flight_ids(simulator, 1, 2);
  REQUIRE(ids.size() == 2);
  CHECK(simulator.find_message(ids[0])->doomed != nullptr);
  CHECK(simulator.drop_next(1, 2) == ids[1]);
}
