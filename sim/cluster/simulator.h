// The deterministic discrete-event simulator: N unmodified Raft cores on a virtual
// clock, a lossy network, a client, faults, and the invariant checker.
//
// Everything that happens is an event taken from one queue ordered by (time, sequence);
// all randomness comes from one seed. A Simulator is a plain value: copying it makes an
// exact checkpoint that runs on identically (the GUI uses this to step backwards).
//
// Stepping rules:
//   step()          fires the earliest event and advances now() to its time;
//   run_until(t)    fires every event with time <= t, then sets now() = t;
//   actions (crash, partition, write, ...) happen at now(), between events.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/node.h"
#include "core/random.h"
#include "sim/check/invariants.h"
#include "sim/client/client.h"
#include "sim/client/sessions.h"
#include "sim/cluster/event_queue.h"
#include "sim/cluster/network.h"
#include "sim/cluster/storage.h"
#include "sim/record/record.h"

namespace sim {

struct ClusterConfig {
  int nodes = 5;
  // The last `spares` of the nodes start outside the configuration: up, empty, passive,
  // until a membership change adds them (`cluster 3 spare 2`: n1..n3 voters, n4 and n5 spare).
  int spares = 0;
  std::uint64_t seed = 1;
  Time election_timeout_min = 150 * raft::kMillisecond;
  Time election_timeout_max = 300 * raft::kMillisecond;
  Time election_timer_jitter = 0;  // raft::Config's: off except in experiments
  Time heartbeat_interval = 50 * raft::kMillisecond;
  std::size_t max_entries_per_message = 64;
  // raft::Config's options beyond Figure 2: the no-op and check-quorum on, pre-vote off,
  // as raft::Config has them (docs/architecture.md says why).
  bool noop = true;
  bool pre_vote = false;
  bool check_quorum = true;
  // Log compaction (dissertation 5.1): a node snapshots its state machine once its log
  // holds this many applied entries past its last snapshot (0: never by itself).
  std::uint64_t snapshot_every = 0;
  std::size_t snapshot_chunk_bytes = 1024;  // InstallSnapshot's chunk size (raft::Config's)
  // How a read is served unless it says (`reads log|readindex|lease`), and the drift bound
  // a leader's lease assumes (`max-drift PPM`; raft::Config::max_drift_ppm).
  ReadWay reads = ReadWay::Log;
  std::uint32_t max_drift_ppm = 0;
  NetworkSettings network;
  ClientSettings client;
  bool check_invariants = true;
  raft::BugSet bugs;  // mistakes every node makes (core/bugs.h); none by default
};

// Sets one of the options above by its name in scenarios and on the command line:
// "noop", "prevote" or "check-quorum". False if there is no such option.
bool set_option(ClusterConfig& config, const std::string& name, bool on);
// The options as a scenario says them: "noop on, prevote on, check-quorum on".
std::string describe_options(const ClusterConfig& config);

// Options given on a command line (`--noop on`...), to override a file's or a draw.
struct OptionSwitches {
  std::optional<bool> noop, pre_vote, check_quorum;
  std::optional<ReadWay> reads;
  void apply(ClusterConfig& config) const {
    if (reads) config.reads = *reads;
    if (noop) config.noop = *noop;
    if (pre_vote) config.pre_vote = *pre_vote;
    if (check_quorum) config.check_quorum = *check_quorum;
  }
  // " --noop off --prevote on", for a reproduce line.
  std::string flags() const;
};

struct InFlightMessage {
  std::uint64_t id = 0;  // unique over the run, in order of sending
  NodeId from = 0;
  NodeId to = 0;
  Time sent_at = 0;
  Time deliver_at = 0;
  Envelope envelope;
  // Why the message will vanish where it would arrive (null: it arrives). Set at sending
  // (lost, its link already cut, its target down), when its link is cut, or when either
  // end crashes;
  // once set it stays set: a later heal or restart does not bring it back.
  const char* doomed = nullptr;
};

struct Stats {
  std::uint64_t events = 0;             // events fired from the queue
  std::uint64_t raft_messages_sent = 0; // RPC requests and replies between nodes
  std::uint64_t client_messages_sent = 0;
  std::uint64_t messages_delivered = 0;
  std::uint64_t messages_dropped = 0;
  std::uint64_t messages_duplicated = 0;
  std::uint64_t elections_started = 0;
  std::uint64_t leader_changes = 0;  // times any node became leader
  std::uint64_t snapshots_taken = 0;      // compactions, by the policy or by hand
  std::uint64_t snapshots_installed = 0;  // snapshots installed from a leader
  std::uint64_t duplicates_skipped = 0;   // committed writes a session had applied already (6.3)
};

class Simulator {
 public:
  explicit Simulator(const ClusterConfig& config);

  // ---- Time ---------------------------------------------------------------------
  Time now() const { return now_; }
  // Fires the next event; false if there is none or the run has stopped on a violation.
  bool step();
  // Fires all events up to and including time `until`, then sets now() = until.
  void run_until(Time until);
  std::optional<Time> next_event_time();
  bool stopped() const { return violation_.has_value(); }

  // ---- Faults and teaching actions (at now()) --------------------------------------
  void crash(NodeId node);
  void restart(NodeId node);
  void partition(const std::vector<std::vector<NodeId>>& groups);
  void isolate(NodeId node);
  void cut(NodeId from, NodeId to);
  void heal();
  void connect(NodeId node);  // undoes the node's isolation (and its cuts) only
  void set_latency(Time minimum, Time maximum);
  // One direction of one link: messages from `from` to `to` take [minimum, maximum].
  void set_link_latency(NodeId from, NodeId to, Time minimum, Time maximum);
  void set_loss(std::uint32_t ppm);
  void set_duplication(std::uint32_t ppm);
  bool drop_message(std::uint64_t message_id);  // false if no such message in flight
  // Drops the oldest message in flight from `from` to `to` (of `kind`, if not empty, as
  // named by envelope_kind); returns its id, or 0 if there is none.
  std::uint64_t drop_next(NodeId from, NodeId to, const std::string& kind = "");
  // A forced election (a teacher's `campaign`, like a transfer's TimeoutNow): now, with no
  // pre-vote, and check-quorum's lease does not hold its RequestVotes off.
  void campaign(NodeId node);
  // Not forced: the node's election timer runs out now, as if its timeout had elapsed, so
  // pre-vote and check-quorum's lease apply as to any election (the timer event fires at
  // now(), in the next step). A node that heard from its leader within the shortest
  // election timeout (check-quorum's lease) cannot have timed out yet, and a leader runs no
  // election timer: for them nothing happens, and the record says why.
  void time_out(NodeId node);
  // Asks the leader to hand leadership to `target` (dissertation 3.10). The leader is the
  // working one, else the newest-term node that believes it leads. Refused, with the
  // reason in the record, when there is no leader, the target is down, or the leader's
  // core refuses (itself, not a member, a transfer already under way). Returns why.
  std::string transfer(NodeId target);
  void set_election_timer(NodeId node, Time from_now);
  void align_timers();   // every live follower's timer fires at the same moment
  void spread_timers();  // timers far apart, lowest id first, so one node clearly wins
  void say(const std::string& text);
  // Log compaction now: the node snapshots its state machine at its last applied entry
  // (false if it is down or has nothing new applied since its last snapshot).
  bool snapshot(NodeId node);
  // Changes the cluster's snapshot-every threshold (0: off) from now on.
  void set_snapshot_every(std::uint64_t entries);
  // A single-server membership change (dissertation chapter 4), asked of the working leader
  // (else of the newest-term node that believes it leads). The decision, accepted or not,
  // is in the record; nullopt if no node leads.
  std::optional<raft::ChangeResult> change_membership(raft::ConfigurationChange change);
  // Switches a classic mistake (core/bugs.h) on, for one node or (node 0) every node,
  // from now on. It stays on across restarts: it is in the node's code, not its memory.
  void add_bug(NodeId node, raft::Bug bug);
  raft::BugSet bugs(NodeId node) const { return nodes_[node].bugs; }

  // ---- Client ---------------------------------------------------------------------
  // Starts a write of `command` ("key=value") now; via = 0 lets the client find the leader.
  // until_committed: resubmitted until acknowledged, never given up.
  // client: which client writes (1..clients), 0: the next in turn.
  std::uint64_t write(const std::string& command, NodeId via = 0, bool until_committed = false, std::uint32_t client = 0);
  // `clients N`: the writes from now on go round-robin over clients 1..N.
  void set_clients(std::uint32_t clients);
  // How long the client tries a write before giving up (outcome Unknown); applies to the
  // writes in progress too.
  void set_client_give_up(Time after);
  // Schedules a write to begin at virtual time `at` (>= now()).
  std::uint64_t schedule_write(Time at, const std::string& command, NodeId via = 0, std::uint32_t client = 0);
  // `count` writes KEY=1, KEY=2, ... at `per_second` writes a second from now; the first
  // begins now. Returns the first write's id (the others follow it). Kept in the event
  // queue as one series, so a long stream costs a copy of the simulator nothing.
  // per_second is 1 to kSecond (the scenario language allows up to 10000).
  std::uint64_t stream_writes(const std::string& key, std::int64_t per_second, std::uint64_t count, NodeId via = 0);
  const ClientHistory& history() const { return operations_; }
  // Starts a read of `key` now (sim/cluster/simulator_reads.cpp), served the cluster's way
  // (ClusterConfig::reads) unless `way` says; via = 0 lets the client find the leader.
  std::uint64_t read(const std::string& key, NodeId via = 0, std::optional<ReadWay> way = std::nullopt);

  // ---- Clocks (sim/cluster/node_clock.cpp) ------------------------------------------------------
  // Each node's clock runs fast (+) or slow (-) by `ppm` parts per million from now on; the
  // node's timers and lease run on it, while the simulator keeps true time.
  void set_drift(NodeId node, std::int32_t ppm);
  std::int32_t drift(NodeId node) const { return nodes_[node].clock.ppm; }
  // The node's own clock at true time `at` (now(), if omitted), and back.
  Time node_time(NodeId node) const { return nodes_[node].clock.at(now_); }

  // ---- State (read-only) ----------------------------------------------------------
  const ClusterConfig& config() const { return config_; }
  int size() const { return config_.nodes; }
  bool is_up(NodeId node) const { return nodes_[node].raft.has_value(); }
  // Precondition: is_up(node).
  const raft::Node& node(NodeId node) const { return *nodes_[node].raft; }
  const Storage& storage(NodeId node) const { return nodes_[node].storage; }
  const std::map<std::string, std::string>& state_machine(NodeId node) const { return nodes_[node].kv; }
  const SessionTable& sessions(NodeId node) const { return nodes_[node].sessions; }
  NodeSummary summary(NodeId node) const;
  // The cluster's configuration, as a class would name it: the working leader's, else the
  // newest in any live node's log (the initial one if none holds a configuration entry).
  raft::Configuration configuration() const;
  // The configuration `node` has in force: in memory if up, else from its durable log.
  raft::Configuration configuration_of(NodeId node) const;
  // The initial configuration: n1..n(nodes - spares) vote.
  raft::Configuration initial_configuration() const;
  // The working leader: the newest-term node in the leader role among those that can
  // exchange messages with a majority of the cluster, if any.
  std::optional<NodeId> leader() const;
  std::vector<NodeId> leaders() const;  // every live node that believes it leads
  // Live nodes (`leader` included) that can exchange messages with `leader` and are in
  // no newer term: those that would follow it.
  int followers_of(NodeId leader) const;
  const Topology& topology() const { return topology_; }
  const NetworkSettings& network() const { return config_.network; }
  // Messages in flight, in order of sending.
  std::vector<const InFlightMessage*> in_flight() const;
  const InFlightMessage* find_message(std::uint64_t message_id) const;
  const Stats& stats() const { return stats_; }
  const MessageCounts& message_counts() const { return message_counts_; }
  const std::optional<Violation>& violation() const { return violation_; }
  // The leader a `transfer` would ask now, if any (see transfer()).
  std::optional<NodeId> transferring_leader() const;
  Index committed_length() const { return checker_.committed_length(); }
  std::uint64_t record_count() const { return record_sequence_; }

  // ---- Records --------------------------------------------------------------------
  // When recording is on, every event and action leaves a Record; take them regularly.
  void set_recording(bool on);
  std::vector<Record> take_records();

 private:
  // A node's clock: base_node at true time base_true, running at 1 + ppm/10^6 since.
  struct NodeClock {
    Time base_true = 0;
    Time base_node = 0;
    std::int32_t ppm = 0;
    Time at(Time true_time) const;
    Time true_time_of(Time node_time) const;  // the first true time its clock reads node_time
  };
  struct SimNode {
    std::optional<raft::Node> raft;  // empty while crashed
    NodeClock clock;                 // survives crashes: it is the machine's
    Storage storage;                 // survives crashes
    std::map<std::string, std::string> kv;  // the state machine (volatile)
    SessionTable sessions;                  // the state machine's client sessions (volatile)
    struct PendingWrite {
      std::uint64_t operation = 0;
      Term term = 0;
    };
    std::map<Index, PendingWrite> pending_writes;  // proposed here, awaiting apply
    std::multimap<std::uint64_t, Index> pending_by_operation;  // the same, by operation
    AnswerBook answered;  // final answers given, repeated to resends
    std::uint32_t incarnation = 0;
    raft::BugSet bugs;  // this node's mistakes (the cluster's included)
    Time timer_at = -1;  // time of the pending Timer event, -1 if none
    std::map<std::uint64_t, std::string> reads_waiting;  // ReadIndex/lease reads asked of the core: operation -> key
  };
  struct Slot {
    InFlightMessage message;
    bool used = false;
    std::uint32_t generation = 0;
  };

  raft::Config node_config(NodeId node) const;
  bool is_stale(const Event& event);  // superseded timers, dropped messages, answered retries
  void skip_stale_events();
  void deliver(const Event& event);
  void fire_timer(const Event& event);
  void client_retry(const Event& event);
  std::uint64_t add_operation(const std::string& command, NodeId via, Time invoked_at, std::uint32_t client = 0);  // returns its id
  std::uint64_t first_unanswered(std::uint32_t client);  // the client's lowest sequence still pending
  void apply_write(NodeId id, const raft::CommittedEntry& committed);
  void start_write(std::uint64_t operation);
  void send_to_node(std::uint64_t operation, NodeId target);
  // After "not leader" with no hint: try again after a short pause (not a timeout).
  void retry_after_redirect(const ClientOperation& operation);
  void handle_client_request(NodeId node, const ClientRequest& request);
  void handle_client_reply(const ClientReply& reply);
  // Reads (sim/cluster/simulator_reads.cpp).
  ClientRequest request_of(const ClientOperation& operation);
  void apply_log_read(NodeId id, const raft::CommittedEntry& committed, const std::string& key);
  void handle_client_read(NodeId node, const ClientRequest& request);
  void serve_reads(NodeId node, const std::vector<raft::ReadState>& reads);
  ClientReply read_answer(NodeId node, std::uint64_t operation, const std::string& key, Index index);
  // Acts on the node's Ready: persist, then send, then apply. Then re-arms its timer.
  void process_ready(NodeId node);
  void apply(NodeId node, const raft::CommittedEntry& committed);
  // Step 1 for a snapshot: persist it (the durable log drops what it replaces).
  void persist_snapshot(NodeId node, const raft::Ready& ready);
  // Step 3 for a leader's snapshot: the state machine restarts from it.
  void restore_state_machine(NodeId node, const raft::Snapshot& snapshot);
  // After applying: snapshot if the log has passed the threshold (snapshot_every).
  void maybe_snapshot(NodeId node);
  bool take_snapshot(NodeId node);
  void answer(NodeId node, const ClientReply& reply);
  void add_pending(NodeId node, Index index, std::uint64_t operation, Term term);
  // Forgets the write pending at `index`; returns it.
  std::optional<SimNode::PendingWrite> take_pending(NodeId node, Index index);
  // A write of ours at `index` was replaced by another leader's entry.
  void overwritten(NodeId node, const SimNode::PendingWrite& write, Index index);
  void arm_timer(NodeId node);
  void send(NodeId from, NodeId to, Envelope envelope);
  void schedule_delivery(NodeId from, NodeId to, Envelope envelope, const char* doomed);
  std::uint32_t take_slot();
  void free_slot(std::uint32_t slot);
  void drop_in_flight_of(NodeId node, const char* reason);
  // Why a message from `from` to `to` cannot pass now: "partition" or "link cut".
  const char* cut_reason(NodeId from, NodeId to) const;
  // After a partition, isolation or cut: the messages on links that no longer pass.
  void doom_messages_on_cut_links();
  void check_after(NodeId node);
  void check_quorum();
  void report(std::optional<Violation> violation);
  std::vector<CheckedNode> checked_nodes() const;

  // Every event and action: begin(), track() each node it may change, act, finish().
  // finish() checks the invariants on the tracked nodes and completes the record.
  Record& begin(RecordKind kind, NodeId node);
  void track(NodeId node);
  void finish();
  void fire(const Event& event);

  ClusterConfig config_;
  raft::Prng network_random_;
  Time now_ = 0;
  EventQueue queue_;
  std::vector<SimNode> nodes_;  // index 0 unused
  Topology topology_;
  std::vector<Slot> slots_;
  std::vector<std::uint32_t> free_slots_;
  std::uint64_t next_message_id_ = 1;
  ClientHistory operations_;  // index = id - 1
  NodeId client_leader_guess_ = 1;
  // Per client (index client - 1): its operations' ids by sequence, and the position of
  // the first one still pending (the floor it sends, dissertation 6.3).
  struct ClientCursor {
    raft::ChunkedVector<std::uint64_t> operations;
    std::uint64_t first_pending = 0;
  };
  std::vector<ClientCursor> clients_{1};
  std::uint32_t next_client_ = 0;  // round-robin
  InvariantChecker checker_;
  std::optional<Violation> violation_;
  Stats stats_;
  MessageCounts message_counts_;

  bool recording_ = false;
  std::uint64_t record_sequence_ = 0;
  Record current_;
  std::vector<NodeChange> tracked_;
  std::vector<Record> records_;
};

// One line per node: role (or down), term, vote, log length and last term, commit index.
std::string describe_cluster(const Simulator& simulator);

}  // namespace sim
