#include "harness.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <utility>

namespace raft::test {

Config config_for(NodeId id, std::size_t size, std::uint64_t seed, Extensions extensions) {
  Config config;
  config.id = id;
  for (NodeId member = 1; member <= size; ++member) config.members.push_back(member);
  config.election_timeout_min = 150 * kMs;
  config.election_timeout_max = 300 * kMs;
  config.heartbeat_interval = 50 * kMs;
  config.seed = derive_seed(seed, id);
  config.noop = extensions.noop;
  config.pre_vote = extensions.pre_vote;
  config.check_quorum = extensions.check_quorum;
  return config;
}

std::vector<LogEntry> log_of_terms(const std::vector<Term>& terms) {
  std::vector<LogEntry> log;
  for (Term term : terms) {
    log.push_back(LogEntry{term, std::to_string(log.size() + 1) + "@" + std::to_string(term)});
  }
  return log;
}

std::vector<LogEntry> log_of_terms(std::initializer_list<Term> terms) {
  return log_of_terms(std::vector<Term>(terms));
}

std::vector<Term> terms_of(const std::vector<LogEntry>& entries) {
  std::vector<Term> terms;
  for (const LogEntry& entry : entries) terms.push_back(entry.term);
  return terms;
}

std::string describe(const std::vector<Term>& terms) {
  std::string text = "[";
  for (Term term : terms) text += (text.size() > 1 ? " " : "") + std::to_string(term);
  return text + "]";
}

std::vector<Term> repeat(Term term, std::size_t count) { return std::vector<Term>(count, term); }

std::vector<Term> concat(std::vector<Term> a, const std::vector<Term>& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

Node leader_with_log(std::size_t cluster_size, Term term, std::vector<LogEntry> log,
                     std::uint64_t seed) {
  REQUIRE(term >= 1);
  Node node(config_for(1, cluster_size, seed), PersistentState{{term - 1, kNobody}, std::move(log)}, 0);
  node.campaign(0);
  REQUIRE(node.current_term() == term);
  for (NodeId voter = 2; node.role() != Role::Leader; ++voter) {
    REQUIRE(voter <= cluster_size);
    node.step(0, Message{voter, 1, RequestVoteReply{term, true}});
  }
  node.take_ready();
  return node;
}

Node leader_with_own_commit() {
  Node leader = leader_with_log(3, 2, {});
  leader.propose(0, "a=1");
  leader.step(1 * kMs, reply_from(2, 2, 1));
  REQUIRE(leader.commit_index() == 1);
  leader.take_ready();
  REQUIRE(leader.last_applied() == 1);
  return leader;
}

// ---- Cluster --------------------------------------------------------------------------

Cluster::Cluster(std::size_t size, std::uint64_t seed)
    : Cluster(std::vector<PersistentState>(size), seed) {}

Cluster::Cluster(std::size_t size, std::uint64_t seed, Extensions extensions)
    : Cluster(std::vector<PersistentState>(size), seed, extensions) {}

Cluster::Cluster(std::vector<PersistentState> initial, std::uint64_t seed, Extensions extensions)
    : seed_(seed), extensions_(extensions) {
  const std::size_t size = initial.size();
  nodes_.resize(size + 1);
  stores_.resize(size + 1);
  applied_.resize(size + 1);
  isolated_.assign(size + 1, false);
  last_term_seen_.assign(size + 1, 0);
  last_commit_seen_.assign(size + 1, 0);
  for (NodeId id = 1; id <= size; ++id) {
    stores_[id] = Store{initial[id - 1].hard_state, initial[id - 1].log};
    nodes_[id].emplace(config_for(id, size, seed_, extensions_), std::move(initial[id - 1]), now_);
  }
}

Node& Cluster::node(NodeId id) {
  REQUIRE(id >= 1);
  REQUIRE(id <= size());
  REQUIRE(is_up(id));
  return *nodes_[id];
}

void Cluster::flush(NodeId id) {
  if (!is_up(id)) return;
  Node& server = *nodes_[id];
  Ready ready = server.take_ready();
  Store& durable = stores_[id];
  // 1. Persist.
  if (ready.hard_state) durable.hard_state = *ready.hard_state;
  if (ready.log_write) {
    REQUIRE(ready.log_write->keep_through <= durable.log.size());
    durable.log.resize(ready.log_write->keep_through);
    for (const LogEntry& entry : ready.log_write->entries) durable.log.push_back(entry);
  }
  CHECK(durable.hard_state == server.hard_state());
  CHECK(durable.log == server.log().entries());
  // 2. Send.
  for (Message& message : ready.messages) {
    check_send(id, message);
    in_flight_.push_back(std::move(message));
  }
  // 3. Apply, in index order, each entry once.
  for (const CommittedEntry& committed : ready.committed) {
    CHECK(committed.index == applied_[id].size() + 1);
    CHECK(committed.index <= durable.log.size());
    auto [it, inserted] = applied_anywhere_.emplace(committed.index, committed.entry);
    if (!inserted) CHECK_MESSAGE(it->second == committed.entry, "State Machine Safety at index " << committed.index);
    applied_[id].push_back(committed);
  }
  check_node(id);
  CHECK_FALSE(server.has_ready());
}

void Cluster::flush_all() {
  for (NodeId id = 1; id <= size(); ++id) flush(id);
}

// A message may only promise what is already durable.
void Cluster::check_send(NodeId id, const Message& message) const {
  const Store& durable = stores_[id];
  CHECK(message.from == id);
  // A pre-vote (or its grant) names a term not yet started, and promises nothing durable.
  if (is_pre_vote(message)) return;
  CHECK(term_of(message) <= durable.hard_state.current_term);
  if (const auto* vote = std::get_if<RequestVote>(&message.payload)) {
    CHECK(durable.hard_state == HardState{vote->term, id});
  }
  if (const auto* reply = std::get_if<RequestVoteReply>(&message.payload); reply && reply->vote_granted) {
    CHECK(durable.hard_state == HardState{reply->term, message.to});
  }
  if (const auto* reply = std::get_if<AppendEntriesReply>(&message.payload); reply && reply->success) {
    CHECK(reply->match_index <= durable.log.size());
  }
}

void Cluster::check_node(NodeId id) {
  const Node& server = *nodes_[id];
  CHECK(server.current_term() >= last_term_seen_[id]);
  last_term_seen_[id] = server.current_term();
  CHECK(server.commit_index() >= last_commit_seen_[id]);
  last_commit_seen_[id] = server.commit_index();
  CHECK(server.commit_index() <= server.log().last_index());
  if (server.role() == Role::Leader) {
    auto [it, inserted] = leader_of_term_.emplace(server.current_term(), id);
    CHECK_MESSAGE(it->second == id, "Election Safety: two leaders in term " << server.current_term());
  }
}

void Cluster::deliver(std::size_t position) {
  REQUIRE(position < in_flight_.size());
  Message message = in_flight_[position];
  in_flight_.erase(in_flight_.begin() + static_cast<long>(position));
  if (!is_up(message.to) || isolated_[message.to] || isolated_[message.from]) return;
  delivered_.push_back(message);
  nodes_[message.to]->step(now_, message);
  flush(message.to);
}

void Cluster::drop(std::size_t position) {
  REQUIRE(position < in_flight_.size());
  in_flight_.erase(in_flight_.begin() + static_cast<long>(position));
}

void Cluster::duplicate(std::size_t position) {
  REQUIRE(position < in_flight_.size());
  in_flight_.push_back(in_flight_[position]);
}

bool Cluster::deliver_next() {
  if (in_flight_.empty()) return false;
  deliver(0);
  return true;
}

std::size_t Cluster::deliver_all(std::size_t limit) {
  std::size_t count = 0;
  while (deliver_next()) {
    ++count;
    REQUIRE_MESSAGE(count < limit, "the network never became quiet");
  }
  return count;
}

void Cluster::advance_to(Time time) {
  REQUIRE(time >= now_);
  now_ = time;
  for (NodeId id = 1; id <= size(); ++id) {
    if (!is_up(id) || now_ < nodes_[id]->next_deadline()) continue;
    nodes_[id]->tick(now_);
    flush(id);
  }
}

void Cluster::run_for(Time duration) {
  const Time end = now_ + duration;
  while (true) {
    deliver_all();
    Time next = end;
    for (NodeId id = 1; id <= size(); ++id) {
      if (is_up(id)) next = std::min(next, nodes_[id]->next_deadline());
    }
    if (next >= end) break;
    advance_to(std::max(next, now_));
  }
  advance_to(end);
  deliver_all();
}

void Cluster::elect(NodeId id) {
  // A server that has already voted in the next term (for someone else) loses that
  // election; like a real candidate, it tries again in a later term.
  for (int attempt = 0; attempt < 5 && node(id).role() != Role::Leader; ++attempt) {
    node(id).campaign(now_);
    flush(id);
    deliver_all();
  }
  REQUIRE(node(id).role() == Role::Leader);
}

NodeId Cluster::leader() const {
  NodeId found = kNobody;
  Term term = 0;
  for (NodeId id = 1; id <= size(); ++id) {
    if (is_up(id) && nodes_[id]->role() == Role::Leader && nodes_[id]->current_term() >= term) {
      found = id;
      term = nodes_[id]->current_term();
    }
  }
  return found;
}

Index Cluster::propose(NodeId id, std::string command) {
  const ProposeResult result = node(id).propose(now_, std::move(command));
  REQUIRE(result.accepted);
  flush(id);
  return result.index;
}

void Cluster::crash(NodeId id) {
  REQUIRE(is_up(id));
  nodes_[id].reset();
  applied_[id].clear();  // the state machine is rebuilt by re-applying from index 1
  last_commit_seen_[id] = 0;
}

void Cluster::restart(NodeId id) {
  REQUIRE(!is_up(id));
  nodes_[id].emplace(config_for(id, size(), seed_, extensions_),
                     PersistentState{stores_[id].hard_state, stores_[id].log}, now_);
  check_node(id);
}

}  // namespace raft::test
