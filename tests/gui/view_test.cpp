// What is drawn: nodes on a circle, messages along their links, logs with divergence.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>

#include "gui/model/cluster_view.h"
#include "gui/model/log_view.h"
#include "gui/model/session.h"

using gui::Action;
using gui::Session;
using gui::UiCommand;
using raft::kMillisecond;

TEST_CASE("nodes stand on a circle, node 1 at the top, clockwise") {
  const gui::Point first = gui::node_position(1, 4);
  CHECK(first.x == doctest::Approx(0).epsilon(1e-5));
  CHECK(first.y == doctest::Approx(-1));
  const gui::Point second = gui::node_position(2, 4);
  CHECK(second.x == doctest::Approx(1));
  CHECK(gui::node_position(1, 4, 1.5f).y == doctest::Approx(-1));
  CHECK(gui::node_position(2, 4, 1.5f).x == doctest::Approx(1.5));
  // Neighbours never overlap.
  for (int size : {1, 3, 5, 9, 15}) {
    const float r = gui::node_radius(size, 1.3f);
    for (int id = 1; id < size; ++id) {
      const gui::Point a = gui::node_position(static_cast<raft::NodeId>(id), size, 1.3f);
      const gui::Point b = gui::node_position(static_cast<raft::NodeId>(id + 1), size, 1.3f);
      CHECK(std::hypot(a.x - b.x, a.y - b.y) > 2.5f * r);
    }
  }
}

TEST_CASE("a message moves along its link by virtual time") {
  Session session(gui::new_cluster_origin(3, 1));
  // Run until a Raft message is in flight.
  while (session.simulator().in_flight().empty()) session.apply(UiCommand::simple(UiCommand::Kind::StepEvent));
  const sim::InFlightMessage& message = *session.simulator().in_flight().front();
  const raft::Time middle = (message.sent_at + message.deliver_at) / 2;
  const gui::ClusterView at_send = gui::build_cluster_view(session.simulator(), message.sent_at);
  const gui::ClusterView halfway = gui::build_cluster_view(session.simulator(), middle);
  REQUIRE(!halfway.messages.empty());
  CHECK(at_send.messages.front().progress == doctest::Approx(0));
  CHECK(halfway.messages.front().progress == doctest::Approx(0.5).epsilon(0.01));
  CHECK(halfway.messages.front().kind == gui::MessageKind::RequestVote);
  CHECK(halfway.messages.front().label.find("term") != std::string::npos);
  // Halfway between sender and receiver, give or take the offset to its side.
  const gui::Point from = halfway.nodes[message.from].position;
  const gui::Point to = halfway.nodes[message.to].position;
  const gui::Point at = halfway.messages.front().position;
  CHECK(std::hypot(at.x - (from.x + to.x) / 2, at.y - (from.y + to.y) / 2) < 0.1f);
}

TEST_CASE("the cluster view shows roles, the leader, crashes and cut links") {
  Session session(gui::new_cluster_origin(5, 3));
  session.play_to(1500 * kMillisecond);
  const auto leader = session.simulator().leader();
  REQUIRE(leader);
  // The leader keeps a majority (itself and the next two); the other two are cut off.
  std::vector<raft::NodeId> with_leader{*leader, *leader % 5 + 1, (*leader + 1) % 5 + 1};
  std::vector<raft::NodeId> others;
  for (raft::NodeId node = 1; node <= 5; ++node) {
    if (std::find(with_leader.begin(), with_leader.end(), node) == with_leader.end()) others.push_back(node);
  }
  session.apply(UiCommand::act(Action::partition({with_leader, others})));
  session.apply(UiCommand::act(Action::crash(others.front())));
  const gui::ClusterView view = gui::build_cluster_view(session.simulator(), session.shown());
  CHECK(view.nodes[*leader].is_leader);
  CHECK_FALSE(view.nodes[*leader].stale_leader);
  CHECK(view.partitioned);
  CHECK(view.groups == 2);  // two groups, however the network numbers them
  CHECK_FALSE(view.nodes[others.front()].up);
  const auto side = [&](raft::NodeId node) { return std::find(others.begin(), others.end(), node) != others.end(); };
  for (const gui::LinkView& link : view.links) {
    const bool same_side = side(link.a) == side(link.b);
    CHECK(link.a_to_b == same_side);
    CHECK(link.b_to_a == same_side);
  }
  for (const gui::NodeView& node : view.nodes) {
    if (node.id != 0 && node.up) {
      CHECK(node.timer_left >= 0.0f);
      CHECK(node.timer_left <= 1.0f);
    }
  }

  // Cut off in a minority, the leader still believes it leads: the view says so.
  session.apply(UiCommand::act(Action::isolate(*leader)));
  const gui::ClusterView alone = gui::build_cluster_view(session.simulator(), session.shown());
  CHECK_FALSE(alone.nodes[*leader].is_leader);
  CHECK(alone.nodes[*leader].stale_leader);
}

TEST_CASE("message kinds are named as a class would name them") {
  raft::Message vote{1, 2, raft::RequestVoteReply{3, true}};
  CHECK(gui::message_kind_of(vote) == gui::MessageKind::VoteGranted);
  vote.payload = raft::RequestVoteReply{3, false};
  CHECK(gui::message_kind_of(vote) == gui::MessageKind::VoteDenied);
  raft::Message append{1, 2, raft::AppendEntries{}};
  CHECK(gui::message_kind_of(append) == gui::MessageKind::Heartbeat);
  std::get<raft::AppendEntries>(append.payload).entries.push_back({1, "x=1"});
  CHECK(gui::message_kind_of(append) == gui::MessageKind::AppendEntries);
  CHECK(gui::message_kind_of(sim::ClientRequest{}) == gui::MessageKind::ClientRequest);
}

TEST_CASE("the log view marks commit indexes and the entries that differ from the leader's log") {
  // A leader cut off in the minority accepts writes it can never commit; the majority
  // elects a new leader and commits its own: the old leader's entries diverge.
  Session session(gui::new_cluster_origin(5, 3));
  session.play_to(1000 * kMillisecond);
  const auto old_leader = session.simulator().leader();
  REQUIRE(old_leader);
  std::vector<raft::NodeId> minority{*old_leader};
  std::vector<raft::NodeId> majority;
  for (raft::NodeId node = 1; node <= 5; ++node) {
    if (node != *old_leader) (minority.size() < 2 ? minority : majority).push_back(node);
  }
  session.apply(UiCommand::act(Action::partition({minority, majority})));
  session.apply(UiCommand::act(Action::write("lost=1", *old_leader)));
  session.play_to(1100 * kMillisecond);
  session.apply(UiCommand::act(Action::write("kept=1", majority.front())));
  session.play_to(3000 * kMillisecond);
  session.apply(UiCommand::act(Action::write("kept=2")));
  session.play_to(3500 * kMillisecond);

  const gui::LogView logs = gui::build_log_view(session.simulator());
  REQUIRE(logs.reference != 0);
  CHECK(logs.reference != *old_leader);
  const gui::LogRow& stale = logs.rows[*old_leader - 1];
  bool any_divergent = false;
  for (const gui::LogCell& cell : stale.cells) {
    if (cell.command == "lost=1") {
      CHECK(cell.divergent);
      CHECK_FALSE(cell.committed);
    }
    any_divergent |= cell.divergent;
  }
  CHECK(any_divergent);
  const gui::LogRow& fresh = logs.rows[logs.reference - 1];
  CHECK(fresh.commit_index >= 1);
  for (const gui::LogCell& cell : fresh.cells) CHECK_FALSE(cell.divergent);
}

TEST_CASE("dragging a node onto another moves it into that node's group") {
  Session session(gui::new_cluster_origin(5, 1));
  gui::ClusterView view = gui::build_cluster_view(session.simulator(), 0);
  CHECK(gui::groups_after_move(view, 1, 2).empty());  // all together already: nothing to split
  session.apply(UiCommand::act(Action::isolate(3)));
  view = gui::build_cluster_view(session.simulator(), session.shown());
  // n4 joins n3: {n1, n2, n5} | {n3, n4}.
  auto groups = gui::groups_after_move(view, 4, 3);
  REQUIRE(groups.size() == 2);
  for (auto& group : groups) std::sort(group.begin(), group.end());
  std::sort(groups.begin(), groups.end());
  CHECK(groups[0] == std::vector<raft::NodeId>{1, 2, 5});
  CHECK(groups[1] == std::vector<raft::NodeId>{3, 4});
  // n3 rejoins the others: everyone together again.
  CHECK(gui::groups_after_move(view, 3, 1).empty());
}

TEST_CASE("the caption shows every line said at the moment shown, and only those") {
  const std::string lesson =
      "cluster 3\nseed 1\n"
      "say \"First.\"\n"
      "run 100ms\n"
      "say \"A sentence split\"\n"
      "say \"over two lines.\"\n"
      "run 100ms\n";
  Session session(gui::Origin{"caption", sim::parse_scenario(lesson, "caption"), {}});
  CHECK(gui::current_caption(session.history()) == "First.");  // a lesson opens on its first caption
  session.play_to(50 * kMillisecond);
  CHECK(gui::current_caption(session.history()) == "First.");
  session.play_to(150 * kMillisecond);
  CHECK(gui::current_caption(session.history()) == "A sentence split\nover two lines.");
  CHECK(gui::current_caption(session.history(), 1) == "over two lines.");
  // Back in time, the earlier caption again.
  session.apply(UiCommand::seek(60 * kMillisecond));
  CHECK(gui::current_caption(session.history()) == "First.");
}

TEST_CASE("a reply's marker carries its reason, as the sender's core decided it; a request's carries none") {
  sim::ClusterConfig config;
  config.nodes = 3;
  config.seed = 1;
  sim::Simulator simulator(config);
  simulator.campaign(2);
  // Step until the voters' replies are on their way back to n2.
  const auto replies_in_flight = [&] {
    for (const sim::InFlightMessage* message : simulator.in_flight()) {
      if (message->to == 2 && gui::message_kind_of(message->envelope) == gui::MessageKind::VoteGranted) return true;
    }
    return false;
  };
  for (int step = 0; step < 20 && !replies_in_flight(); ++step) simulator.step();
  REQUIRE(replies_in_flight());
  const gui::ClusterView view = gui::build_cluster_view(simulator, simulator.now());
  int replies = 0;
  for (const gui::MessageView& marker : view.messages) {
    if (marker.kind == gui::MessageKind::VoteGranted) {
      ++replies;
      CHECK(marker.reason == "n" + std::to_string(marker.from) + " grants n2 its vote in term 1: n2's log (last 0/t0)" +
                                 " is at least as up-to-date as ours (0/t0)");
    } else if (marker.kind == gui::MessageKind::RequestVote) {
      CHECK(marker.reason.empty());
    }
  }
  CHECK(replies >= 1);
}
