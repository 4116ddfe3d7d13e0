// A small test harness for the Raft core: helpers that build servers and messages, and a
// tiny in-test "network" (Cluster) that moves messages between Node objects and applies
// each Ready the way a host must: persist to a fake durable store, then send, then apply.
//
// Every Ready the Cluster handles is checked against the rules a host relies on:
//   - the durable store equals the server's term, vote and log after the write;
//   - a message is sent only after the state it promises is durable (a granted vote,
//     an acknowledged entry, a vote for oneself);
//   - Election Safety: at most one leader per term (5.2);
//   - State Machine Safety: no two servers apply different entries at one index (5.4.3);
//   - entries are applied once each, in index order; terms never decrease; the commit
//     index never decreases while a server is up.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <initializer_list>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/node.h"

namespace raft::test {

inline constexpr Time kMs = kMillisecond;

// The options beyond Figure 2 (Config::noop, pre_vote, check_quorum). The tests of
// Figure 2 run Figure 2: all off, whatever raft::Config's defaults (the no-op and
// check-quorum on); the tests of each option switch it on.
struct Extensions {
  bool noop = false;
  bool pre_vote = false;
  bool check_quorum = false;
};

// Members 1..size; timeouts as in the paper's example (150-300 ms, heartbeat 50 ms).
Config config_for(NodeId id, std::size_t size, std::uint64_t seed = 1, Extensions extensions = {});

// A log whose entry i has term terms[i-1]; commands are "<index>@<term>".
std::vector<LogEntry> log_of_terms(std::initializer_list<Term> terms);
std::vector<LogEntry> log_of_terms(const std::vector<Term>& terms);
std::vector<Term> terms_of(const std::vector<LogEntry>& entries);
inline std::vector<Term> terms_of(const LogEntries& entries) { return terms_of(entries.to_vector()); }
std::string describe(const std::vector<Term>& terms);  // "[1 1 2]", for failure messages
std::vector<Term> repeat(Term term, std::size_t count);
std::vector<Term> concat(std::vector<Term> a, const std::vector<Term>& b);

// The payloads of one kind among `messages`, in order.
template <class Rpc>
std::vector<Rpc> payloads(const std::vector<Message>& messages) {
  std::vector<Rpc> found;
  for (const Message& message : messages) {
    if (const auto* rpc = std::get_if<Rpc>(&message.payload)) found.push_back(*rpc);
  }
  return found;
}

// The messages of one kind among `messages`, in order.
template <class Rpc>
std::vector<Message> messages_of(const std::vector<Message>& messages) {
  std::vector<Message> found;
  for (const Message& message : messages) {
    if (std::holds_alternative<Rpc>(message.payload)) found.push_back(message);
  }
  return found;
}

// A server that has just won the election for `term` with the given log (it restarts
// from a persisted state of term - 1 and campaigns). Its Ready has been taken.
Node leader_with_log(std::size_t cluster_size, Term term, std::vector<LogEntry> log,
                     std::uint64_t seed = 1);

// n1, leader of term 2 of n1..n3, that has committed and applied a=1 (index 1), an entry
// of its own term (so it may start a membership change, dissertation 4.1). Its Ready has
// been taken.
Node leader_with_own_commit();

// n`from`'s successful AppendEntriesReply of `term` to n1, holding entries through `match`.
inline Message reply_from(NodeId from, Term term, Index match) {
  return Message{from, 1, AppendEntriesReply{.term = term, .success = true, .match_index = match}};
}

// What a host keeps on stable storage.
struct Store {
  HardState hard_state;
  std::vector<LogEntry> log;
};

class Cluster {
 public:
  explicit Cluster(std::size_t size, std::uint64_t seed = 1);
  // Servers start from the given persisted states (server i from initial[i - 1]).
  explicit Cluster(std::vector<PersistentState> initial, std::uint64_t seed = 1, Extensions extensions = {});
  Cluster(std::size_t size, std::uint64_t seed, Extensions extensions);

  std::size_t size() const { return stores_.size() - 1; }
  Time now() const { return now_; }
  bool is_up(NodeId id) const { return nodes_[id].has_value(); }
  Node& node(NodeId id);
  const Store& store(NodeId id) const { return stores_[id]; }
  const std::vector<CommittedEntry>& applied(NodeId id) const { return applied_[id]; }

  // Hands the server's Ready to the host: persist, then send, then apply.
  void flush(NodeId id);
  void flush_all();

  // Delivery. Messages to or from an isolated or crashed server are dropped on delivery.
  std::size_t in_flight() const { return in_flight_.size(); }
  bool deliver_next();                          // the oldest message; false if none
  std::size_t deliver_all(std::size_t limit = 1'000'000);
  void deliver(std::size_t position);           // the message at `position` in flight
  void drop(std::size_t position);
  void duplicate(std::size_t position);
  // Every message delivered so far, in order (dropped ones excluded).
  const std::vector<Message>& delivered() const { return delivered_; }

  // Time: sets the clock to `time` and ticks every server whose deadline has come.
  void advance_to(Time time);
  // Runs with an instant network: deliver everything, then jump to the next deadline.
  void run_for(Time duration);

  // Teaching helpers.
  void elect(NodeId id);                 // campaign (again if it loses) until it leads
  NodeId leader() const;                 // the up leader of the highest term, or kNobody
  Index propose(NodeId id, std::string command);  // at a leader; REQUIREs acceptance
  void isolate(NodeId id) { isolated_[id] = true; }
  void heal(NodeId id) { isolated_[id] = false; }
  void crash(NodeId id);                 // keeps the store, loses the memory
  void restart(NodeId id);               // rebuilt from the store, through the constructor

 private:
  void check_send(NodeId id, const Message& message) const;
  void check_node(NodeId id);

  std::uint64_t seed_;
  Extensions extensions_;
  Time now_ = 0;
  std::vector<std::optional<Node>> nodes_;  // indexed by NodeId; slot 0 unused
  std::vector<Store> stores_;  // indexed by NodeId; slot 0 unused
  std::vector<std::vector<CommittedEntry>> applied_;
  std::vector<bool> isolated_;
  std::vector<Term> last_term_seen_;
  std::vector<Index> last_commit_seen_;
  std::deque<Message> in_flight_;
  std::vector<Message> delivered_;
  std::map<Term, NodeId> leader_of_term_;
  std::map<Index, LogEntry> applied_anywhere_;
};

}  // namespace raft::test
