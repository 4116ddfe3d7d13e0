// Whole clusters of cores on the in-test network: the lessons that need several servers.
#include <doctest/doctest.h>

#include "harness.h"

namespace raft::test {
namespace {

std::vector<std::string> commands_applied(const Cluster& cluster, NodeId id) {
  std::vector<std::string> commands;
  for (const CommittedEntry& committed : cluster.applied(id)) commands.push_back(committed.entry.command);
  return commands;
}

}  // namespace

TEST_CASE("5.2: a single-server cluster elects itself and commits alone") {
  Cluster cluster(1);
  cluster.run_for(1 * kSecond);
  REQUIRE(cluster.leader() == 1);
  CHECK(cluster.node(1).current_term() == 1);
  CHECK(cluster.delivered().empty());  // nobody to talk to

  const Index index = cluster.propose(1, "alone");
  CHECK(index == 1);
  CHECK(cluster.node(1).commit_index() == 1);
  CHECK(commands_applied(cluster, 1) == std::vector<std::string>{"alone"});

  SUBCASE("after a restart it leads a new term, and commits the old entry only with a new one") {
    cluster.crash(1);
    cluster.restart(1);
    cluster.run_for(1 * kSecond);
    REQUIRE(cluster.leader() == 1);
    CHECK(cluster.node(1).current_term() == 2);
    CHECK(cluster.node(1).commit_index() == 0);  // Figure 8's rule holds even alone
    cluster.propose(1, "again");
    CHECK(cluster.node(1).commit_index() == 2);
    CHECK(commands_applied(cluster, 1) == std::vector<std::string>{"alone", "again"});
  }
}

TEST_CASE("5.2: once a leader is elected, its heartbeats keep every follower from starting an election") {
  Cluster cluster(5, 7);
  cluster.run_for(1 * kSecond);
  const NodeId leader = cluster.leader();
  REQUIRE(leader != kNobody);
  const Term term = cluster.node(leader).current_term();
  cluster.run_for(30 * kSecond);
  CHECK(cluster.leader() == leader);
  for (NodeId id = 1; id <= 5; ++id) {
    CHECK(cluster.node(id).current_term() == term);
    CHECK(cluster.node(id).leader() == leader);
  }
  SUBCASE("when the leader crashes, a follower times out and a new leader is elected in a later term") {
    cluster.crash(leader);
    cluster.run_for(1 * kSecond);
    const NodeId successor = cluster.leader();
    REQUIRE(successor != kNobody);
    CHECK(successor != leader);
    CHECK(cluster.node(successor).current_term() > term);
  }
}

TEST_CASE("5.1: a leader cut off from the cluster learns of the new term when it returns, steps down, and loses its uncommitted entries") {
  Cluster cluster(3, 2);
  cluster.elect(1);
  cluster.isolate(1);
  cluster.propose(1, "lost");  // cannot reach a majority
  cluster.deliver_all();
  cluster.elect(2);
  cluster.propose(2, "kept");
  cluster.deliver_all();
  CHECK(cluster.node(1).role() == Role::Leader);  // it does not know yet
  cluster.heal(1);
  cluster.run_for(200 * kMs);
  CHECK(cluster.node(1).role() == Role::Follower);
  CHECK(cluster.node(1).current_term() == cluster.node(2).current_term());
  CHECK(cluster.node(1).leader() == 2);
  CHECK(cluster.node(1).log().entries() == cluster.node(2).log().entries());
  for (NodeId id = 1; id <= 3; ++id) CHECK(commands_applied(cluster, id) == std::vector<std::string>{"kept"});
}

TEST_CASE("5.4.2, Figure 8: a leader cannot conclude that an entry from a previous term is committed once it is stored on a majority") {
  Cluster cluster(5, 8);
  cluster.elect(1);
  cluster.propose(1, "first");
  cluster.deliver_all();
  const Term first_term = cluster.node(1).current_term();

  // (a) S1 is leader and partially replicates the entry at index 2, to S2 only.
  for (NodeId id : {3, 4, 5}) cluster.isolate(id);
  cluster.propose(1, "x");
  cluster.deliver_all();
  CHECK(cluster.node(2).log().last_index() == 2);

  // (b) S1 crashes; S5 is elected by S3, S4 and itself, and accepts a different entry at
  //     index 2, which it stores alone before it crashes too.
  cluster.crash(1);
  for (NodeId id : {3, 4, 5}) cluster.heal(id);
  cluster.isolate(2);
  cluster.elect(5);
  const Term s5_term = cluster.node(5).current_term();
  CHECK(s5_term > first_term);
  cluster.isolate(3);
  cluster.isolate(4);
  cluster.propose(5, "y");
  cluster.deliver_all();
  cluster.crash(5);

  // (c) S1 restarts, is elected (by S2 and S3), and replicates its entry of index 2 onto
  //     S3: "x" of the old term is now stored on a majority (S1, S2, S3)...
  cluster.restart(1);
  cluster.heal(2);
  cluster.heal(3);
  cluster.elect(1);
  const Term s1_term = cluster.node(1).current_term();
  CHECK(s1_term > s5_term);
  for (NodeId id : {1, 2, 3}) CHECK(cluster.node(id).log().at(2).command == "x");
  // ...but it is not committed: the leader does not count replicas of older terms.
  CHECK(cluster.node(1).commit_index() < 2);

  SUBCASE("(d) if S1 crashes, S5 can be elected and overwrite index 2 everywhere") {
    cluster.crash(1);
    cluster.restart(5);
    cluster.heal(4);
    cluster.elect(5);  // S2, S3 and S4 vote: S5's last entry has the later term
    cluster.deliver_all();
    for (NodeId id : {2, 3, 4, 5}) CHECK(cluster.node(id).log().at(2).command == "y");
    cluster.propose(5, "z");
    cluster.run_for(100 * kMs);
    // Nobody ever applied "x"; the Cluster checks that no two servers apply different
    // entries at one index after every step.
    for (NodeId id : {2, 3, 4, 5}) {
      CHECK(commands_applied(cluster, id) == std::vector<std::string>{"first", "y", "z"});
    }
  }
  SUBCASE("(e) if S1 first replicates an entry of its own term on a majority, index 2 is committed with it, and S5 cannot win an election") {
    cluster.propose(1, "z");
    cluster.deliver_all();
    CHECK(cluster.node(1).commit_index() == 3);
    CHECK(commands_applied(cluster, 1) == std::vector<std::string>{"first", "x", "z"});
    cluster.crash(1);
    cluster.restart(5);
    cluster.heal(4);
    for (int attempt = 0; attempt < 5; ++attempt) {
      cluster.node(5).campaign(cluster.now());
      cluster.flush(5);
      cluster.deliver_all();
      CHECK(cluster.node(5).role() != Role::Leader);
    }
  }
}

TEST_CASE("5.4.3: safety holds under message loss, reordering, duplication, partitions and crashes; afterwards the cluster converges") {
  // The Cluster checks Election Safety, State Machine Safety, durable-before-send and
  // monotonic terms and commit indexes after every step; this test only makes trouble.
  int total_proposals = 0;
  Index total_survivors = 0;
  for (std::uint64_t seed = 1; seed <= 12; ++seed) {
    CAPTURE(seed);
    const std::size_t size = 3 + seed % 3;  // 3, 4 and 5 servers
    Cluster cluster(size, seed);
    Prng random(derive_seed(seed, 1000));
    int proposals = 0;
    for (int step = 0; step < 3000; ++step) {
      const std::uint64_t roll = random.below(100);
      if (roll < 55 && cluster.in_flight() > 0) {
        const std::size_t position = random.below(cluster.in_flight());
        if (random.chance(1, 10)) {
          cluster.drop(position);
        } else {
          if (random.chance(1, 20)) cluster.duplicate(position);
          cluster.deliver(position);
        }
      } else if (roll < 65) {
        const NodeId leader = cluster.leader();
        if (leader != kNobody) cluster.propose(leader, "p" + std::to_string(proposals++));
      } else if (roll < 67) {
        const auto id = static_cast<NodeId>(1 + random.below(size));
        if (cluster.is_up(id)) cluster.crash(id); else cluster.restart(id);
      } else if (roll < 69) {
        const auto id = static_cast<NodeId>(1 + random.below(size));
        if (random.chance(1, 2)) cluster.isolate(id); else cluster.heal(id);
      } else {
        cluster.advance_to(cluster.now() + random.between(1 * kMs, 30 * kMs));
      }
    }

    // Liveness: faults stop; within a bound, a leader is elected and every server applies
    // the same log, including a last command from this term.
    for (NodeId id = 1; id <= size; ++id) {
      cluster.heal(id);
      if (!cluster.is_up(id)) cluster.restart(id);
    }
    cluster.run_for(5 * kSecond);
    const NodeId leader = cluster.leader();
    REQUIRE(leader != kNobody);
    const Index last = cluster.propose(leader, "last");
    cluster.run_for(1 * kSecond);
    for (NodeId id = 1; id <= size; ++id) {
      CAPTURE(id);
      CHECK(cluster.node(id).log().entries() == cluster.node(leader).log().entries());
      CHECK(cluster.node(id).commit_index() == last);
      REQUIRE(cluster.applied(id).size() == last);
      CHECK(cluster.applied(id).back().entry.command == "last");
    }
    total_proposals += proposals;
    total_survivors += last - 1;  // committed entries proposed during the chaos
  }
  // The chaos did exercise the cluster: many proposals, many of them committed.
  CHECK(total_proposals > 200);
  CHECK(total_survivors > 100);
}

}  // namespace raft::test
