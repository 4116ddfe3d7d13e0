// One Raft server, as in Figure 2 of the Raft paper: a pure state machine.
//
// Inputs: tick(now), step(now, message), propose(now, command), campaign(now),
//         transfer_leadership(now, target) (dissertation 3.10).
// The member functions are defined one file per concern (docs/architecture.md): node.cpp
// (inputs), roles.cpp, election.cpp, pre_vote.cpp, check_quorum.cpp, replication.cpp,
// commit.cpp, ready.cpp, leadership_transfer.cpp.
// Output: take_ready() hands back what the host must do, in this order:
//   1. persist   ready.hard_state, then ready.snapshot (dropping the durable log through
//                its last entry, keeping what follows only if that entry matches), then
//                ready.log_write (durably, before anything else);
//   2. send      ready.messages (they may promise things only the persisted state keeps);
//   3. apply     if ready.restore_snapshot, reset the state machine to ready.snapshot;
//                then ready.committed, in index order.
// The host snapshots its state machine when it likes (compact(), at an index it applied).
// ready.decisions says why: every vote, append verdict, role change, timer reset and
// commit, in the order they were made, each with the rule that decided it (core/reason.h).
// The host calls tick(now) once now >= next_deadline(). The core reads no clock, does no
// I/O, starts no threads and has no globals; its only randomness comes from Config::seed.
// A restarted server is rebuilt from what it persisted, through the same constructor.
#pragma once

#include <algorithm>
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "core/bugs.h"
#include "core/configuration.h"
#include "core/log.h"
#include "core/messages.h"
#include "core/random.h"
#include "core/snapshot.h"
#include "core/types.h"

namespace raft {

struct Config {
  NodeId id = kNobody;
  // The initial configuration's voters, the same on every server: the configuration in
  // force until the log holds a configuration entry (core/configuration.h). A spare server
  // that is not among them waits, passive, until a leader adds it (dissertation 4.2).
  std::vector<NodeId> members;
  Time election_timeout_min = 150 * kMillisecond;
  Time election_timeout_max = 300 * kMillisecond;
  Time heartbeat_interval = 50 * kMillisecond;
  // A real server's timer fires a little late, by a varying amount (scheduling, clock
  // granularity); the simulator's are exact. With a jitter J > 0 every election timeout
  // is drawn from [min, max] plus [0, J]. Off (0) in every run but the experiments that
  // model a real cluster (docs/experiments.md): without it, identical timeouts keep
  // split candidates in lock step forever (5.2's randomness is what breaks ties).
  Time election_timer_jitter = 0;
  std::size_t max_entries_per_message = 64;
  // Beyond Figure 2, as production Raft runs it (etcd, TiKV, Consul): the no-op and
  // check-quorum on, pre-vote off (docs/architecture.md says why); a lesson about Figure 2
  // itself switches them off.
  // A new leader appends a no-op entry of its term (paper section 8; dissertation 6.4);
  bool noop = true;
  // a server whose timer fires first asks for pre-votes, bumping its term only if it
  // could win (dissertation 9.6);
  bool pre_vote = false;
  // a leader that has not heard from a majority within an election timeout steps down,
  // while a server that heard from a leader within the shortest election timeout
  // ignores votes for a later term (the lease; dissertation 6.2 and 9.6).
  bool check_quorum = true;
  // Leader leases (dissertation 6.4.1): the most any server's clock may run fast or slow,
  // in parts per million. A lease is the shortest election timeout less this share of
  // it, measured on the leader's own clock (core/read_index.cpp).
  std::uint32_t max_drift_ppm = 0;
  // Whether leaders serve reads on their lease (ReadMode::Lease; needs check-quorum), the
  // same on every server, as etcd-io/raft's ReadOnlyLeaseBased: the followers then keep
  // check-quorum's lease across a restart too (core/check_quorum.cpp). Off: a lease read
  // is confirmed by a heartbeat round instead.
  bool lease_reads = false;
  // InstallSnapshot sends a snapshot in chunks of at most this many bytes (Figure 13).
  std::size_t snapshot_chunk_bytes = 1024;
  std::uint64_t seed = 0;  // the only source of election-timeout jitter
  // Whether Ready::decisions lists why (replies carry their reasons regardless). A host
  // that reads no explanations, such as a benchmark, turns it off to save the copies.
  bool record_decisions = true;
  // Classic mistakes this server makes on purpose (core/bugs.h); none by default.
  BugSet bugs;
  bool has_bug(Bug bug) const { return bugs.has(bug); }
};

// "Persistent state on all servers" (Figure 2), apart from the log.
struct HardState {
  Term current_term = 0;
  NodeId voted_for = kNobody;
  friend bool operator==(const HardState&, const HardState&) = default;
};

// Everything a server persisted; a restart starts from exactly this: its latest snapshot
// (if any) and the log entries that follow it.
struct PersistentState {
  PersistentState() = default;
  PersistentState(HardState hard_state, std::vector<LogEntry> log, SharedSnapshot snapshot = nullptr)
      : hard_state(hard_state), log(std::move(log)), snapshot(std::move(snapshot)) {}
  HardState hard_state;
  std::vector<LogEntry> log;  // entries snapshot's last index + 1 onwards
  SharedSnapshot snapshot;    // null: none
};

// A change to the durable log: keep entries through keep_through (never below the
// durable snapshot's last entry), then append `entries`.
struct LogWrite {
  Index keep_through = 0;
  std::vector<LogEntry> entries;
};

struct CommittedEntry {
  Index index = 0;
  LogEntry entry;
};

// How a leader confirms a linearizable read (dissertation 6.4): a heartbeat round, or,
// within its lease, none (6.4.1; safe only while clocks drift within Config::max_drift_ppm).
enum class ReadMode : std::uint8_t { ReadIndex, Lease };

// A read the host may now serve from its state machine: it has applied through `index`
// (take_ready hands it over once that is so). context is the host's name for it.
struct ReadState {
  std::uint64_t context = 0;
  Index index = 0;
  friend bool operator==(const ReadState&, const ReadState&) = default;
};

struct ReadResult {
  bool accepted = false;         // the answer will come as a ReadState (or never, if leadership is lost)
  NodeId leader_hint = kNobody;  // refused: whom this server believes leads
};

struct Ready {
  std::optional<HardState> hard_state;
  SharedSnapshot snapshot;        // to persist (before log_write); null: no new snapshot
  bool restore_snapshot = false;  // a leader's snapshot: the state machine restarts from it
  std::optional<LogWrite> log_write;
  std::vector<Message> messages;
  std::vector<CommittedEntry> committed;
  std::vector<Decision> decisions;  // why, in the order decided; nothing to carry out
  std::vector<ReadState> reads;     // 4. serve, after applying `committed`

  bool empty() const {
    return !hard_state && !snapshot && !log_write && messages.empty() && committed.empty() && decisions.empty() &&
           reads.empty();
  }
};

// "Volatile state on leaders": what the leader knows of one follower.
struct Progress {
  Index next_index = 1;
  Index match_index = 0;
  // While InstallSnapshot is under way (next_index fell behind the leader's first entry):
  // which snapshot is being sent (its last index; 0: none) and the offset of the next chunk.
  Index snapshot_index = 0;
  std::uint64_t snapshot_offset = 0;
  bool snapshot_chunk_in_flight = false;  // sent, unanswered: only a heartbeat resends it
};

// The answer to a membership change (core/membership.cpp): accepted, or why not.
struct ChangeResult {
  bool accepted = false;
  Index index = 0;  // where the configuration entry was appended, if accepted
  Reason reason{};  // the decision, accepted or refused
};

struct ProposeResult {
  bool accepted = false;
  Index index = 0;            // where the command was appended, if accepted
  Term term = 0;
  NodeId leader_hint = kNobody;  // if rejected: whom this server believes leads
  NodeId transferring_to = kNobody;  // if rejected by a leader handing over to this server
};

inline constexpr Progress kNoProgress{};

class Node {
 public:
  Node(Config config, PersistentState restored, Time now);

  // Fires the election or heartbeat timer if it is due.
  void tick(Time now);
  // Handles one RPC request or reply.
  void step(Time now, const Message& message);
  // A client command; accepted only by a leader. The stamp (who wrote it) travels with
  // the entry for the host's state machine; Raft never reads it.
  ProposeResult propose(Time now, std::string command, ClientStamp stamp = {});
  // A linearizable read (dissertation 6.4; core/read_index.cpp): a leader confirms it still
  // leads (a heartbeat round, or its lease), a follower forwards it to the leader. It is
  // answered by a ReadState in a later Ready, once this server has applied far enough.
  ReadResult read(Time now, std::uint64_t context, ReadMode mode);
  // Starts an election now (a teaching aid): as if the election timer had fired, but
  // forced (RequestVote::forced): no pre-vote, and check-quorum's lease lets it through,
  // as a leadership transfer's TimeoutNow does.
  // A single-server membership change (dissertation 4.2); accepted only by a leader that
  // has committed an entry of its term and has no other change in progress.
  ChangeResult propose_change(Time now, ConfigurationChange change);
  void campaign(Time now);
  // Hands leadership to `target` (dissertation 3.10, core/leadership_transfer.cpp): a
  // leader catches it up, then sends it TimeoutNow; proposals pause meanwhile. Returns
  // why it began or was refused (the same Reason is recorded as a decision).
  Reason transfer_leadership(Time now, NodeId target);
  // Overrides the randomized election timeout once: the timer fires `timeout` after now.
  // Lets a teacher align timers (to force a split vote) or spread them apart.
  void restart_election_timer(Time now, Time timeout);
  // Turns Config::record_decisions on or off from now on.
  void set_record_decisions(bool on) { config_.record_decisions = on; }
  // Switches on the given mistakes (core/bugs.h) from now on, for teaching and testing.
  void add_bugs(BugSet bugs) { config_.bugs.add(bugs); }

  // Log compaction (dissertation 5.1): the host has snapshotted its state machine after
  // applying entries 1..through; the log drops them and the snapshot takes their place.
  // Returns false (and does nothing) unless snapshot_index() < through <= last_applied().
  bool compact(Index through, std::string state_machine);

  Ready take_ready();
  bool has_ready() const;

  // When tick() must next be called: for a leader the heartbeat, or earlier the quorum
  // check (check-quorum) or the end of the time a transfer may take; else the election timeout.
  Time next_deadline() const {
    if (role_ != Role::Leader) return election_due_;
    Time due = heartbeat_due_;
    if (config_.check_quorum) due = std::min(due, quorum_check_due_);
    if (transfer_target_ != kNobody) due = std::min(due, transfer_deadline_);
    return due;
  }

  // Read-only state, for the host, the invariant checker and the GUI.
  NodeId id() const { return config_.id; }
  const Config& config() const { return config_; }
  Role role() const { return role_; }
  Term current_term() const { return hard_state_.current_term; }
  NodeId voted_for() const { return hard_state_.voted_for; }
  HardState hard_state() const { return hard_state_; }
  NodeId leader() const { return leader_; }
  const Log& log() const { return log_; }
  Index commit_index() const { return commit_index_; }
  Index last_applied() const { return last_applied_; }
  // The latest snapshot (null: none); its last entry is log().snapshot_index().
  const SharedSnapshot& snapshot() const { return snapshot_; }
  // A follower: the snapshot it is receiving, chunk by chunk (null: none).
  const IncomingSnapshot* incoming_snapshot() const { return incoming_ ? &*incoming_ : nullptr; }
  Time election_due() const { return election_due_; }
  Time heartbeat_due() const { return heartbeat_due_; }
  Time election_timeout() const { return election_timeout_; }
  // Leader only: the server leadership is being handed to (kNobody: none), and the time
  // by which the transfer is abandoned if it has not finished.
  NodeId transfer_target() const { return transfer_target_; }
  Time transfer_deadline() const { return transfer_deadline_; }
  // Leader with check-quorum: when it next counts whom it heard from.
  Time quorum_check_due() const { return quorum_check_due_; }
  // Whether a vote for a later term would be ignored now (check-quorum's lease).
  bool in_lease(Time now) const;
  // Leader: until when (its own clock) it may serve reads without a round (0: no lease),
  // and the reads waiting for a heartbeat round or an entry of its term to commit.
  Time read_lease_until() const { return lease_until_; }
  std::size_t reads_waiting() const { return reads_unconfirmed_.size(); }
  // Leader only: progress of `peer` (indexed by NodeId; the leader's own slot is unused;
  // a server never in a configuration has none).
  const Progress& progress(NodeId peer) const { return peer < progress_.size() ? progress_[peer] : kNoProgress; }
  // Candidate (or pre-candidate) only: whether `peer` granted its vote (pre-vote) in this election.
  bool vote_granted_by(NodeId peer) const { return peer < votes_.size() && votes_[peer]; }
  // The configuration in force: the newest in the log, committed or not (4.1).
  const Configuration& configuration() const { return configuration_; }
  // Where it comes from: its log index; the snapshot's last index if the snapshot's
  // metadata holds it (5.1), 0 for the initial one (Config::members).
  Index configuration_index() const {
    return configuration_indexes_.empty() ? log_.snapshot_index() : configuration_indexes_.back();
  }
  // How many configuration entries lie past `index` (past the cluster's committed
  // prefix: one at most, 4.2).
  std::size_t configurations_after(Index index) const;
  bool is_voter() const { return configuration_.is_voter(config_.id); }
  // Whether this server starts elections: a voter, or a server that a change not yet
  // committed here is removing, since it may still be needed to elect the leader that
  // commits it (membership.cpp).
  bool may_campaign() const;
  std::size_t votes_granted() const;

 private:
  // Role changes (Figure 2, "Rules for Servers").
  void become_follower(Time now, Term term, NodeId leader);
  void become_candidate(Time now, Cause why, NodeId told_by = kNobody);  // told_by: TimeoutNow's sender
  void become_leader(Time now);
  void start_election(Time now, Cause why);  // a pre-vote first, if Config::pre_vote
  void append_noop();

  // Pre-vote (pre_vote.cpp).
  void become_pre_candidate(Time now, Cause why);
  void handle_pre_vote(NodeId from, const RequestVote& request);
  Reason judge_pre_vote(const RequestVote& request) const;
  void handle_pre_vote_reply(Time now, NodeId from, const RequestVoteReply& reply);
  std::vector<NodeId> voters() const;

  // Check-quorum and the lease (check_quorum.cpp).
  bool ignored_in_lease(Time now, const Message& message);
  bool heard_leader_lately(Time now) const;
  bool started_lately(Time now) const;
  void heard_from(const Message& message);
  void check_quorum(Time now);

  // Receivers.
  void handle_request_vote(Time now, NodeId from, const RequestVote& request);
  Reason judge_vote(const RequestVote& request) const;
  bool candidate_log_up_to_date(const RequestVote& request) const;
  void record_vote(NodeId candidate);
  void handle_request_vote_reply(Time now, NodeId from, const RequestVoteReply& reply);
  void handle_append_entries(Time now, NodeId from, const AppendEntries& request);
  void reject(NodeId to, AppendEntriesReply reply);
  void replace_entry(Index index, LogEntry entry);  // only Bug::OverwriteInPlace does this
  void handle_append_entries_reply(Time now, NodeId from, const AppendEntriesReply& reply);

  // Leadership transfer (core/leadership_transfer.cpp).
  Reason judge_transfer(NodeId target) const;
  ProposeResult refuse_proposal_while_transferring();
  void maybe_send_timeout_now(NodeId peer);
  void abandon_overdue_transfer(Time now);
  void end_transfer_on_step_down();
  void handle_timeout_now(Time now, NodeId from, const TimeoutNow& request);

  // InstallSnapshot (core/snapshot.cpp).
  void handle_install_snapshot(Time now, NodeId from, const InstallSnapshot& request);
  bool store_chunk(const InstallSnapshot& request, InstallSnapshotReply& reply);
  void install_snapshot(const InstallSnapshot& request, InstallSnapshotReply& reply);
  void handle_install_snapshot_reply(Time now, NodeId from, const InstallSnapshotReply& reply);
  void send_snapshot_chunk(NodeId peer);
  // At a heartbeat: an unanswered chunk may be resent (it may have been lost).
  void allow_snapshot_resends();
  bool needs_snapshot(const Progress& progress) const {
    return snapshot_ != nullptr && progress.next_index <= log_.snapshot_index();
  }

  // Linearizable reads (core/read_index.cpp). from: who asked (our own id: a client here).
  struct PendingRead {
    std::uint64_t context = 0;
    NodeId from = kNobody;
    Index index = 0;          // the read index; 0 until an entry of our term has committed
    std::uint64_t round = 0;  // the heartbeat round that must confirm it
  };
  void read_as_leader(Time now, NodeId from, std::uint64_t context, ReadMode mode);
  bool lease_serves(Time now, NodeId from, std::uint64_t context, ReadMode mode);
  bool begin_read_round(Time now);
  void reset_reads_as_leader();
  void note_read_round_answered(NodeId from, std::uint64_t round);
  void advance_reads();
  void serve_read(NodeId from, std::uint64_t context, Index index);
  void drop_reads();
  void handle_read_index(Time now, NodeId from, const ReadIndex& request);
  void handle_read_index_reply(NodeId from, const ReadIndexReply& reply);
  bool committed_in_term() const;
  Time lease_duration() const;
  bool read_ready() const;
  void release_applied_reads(Ready& ready);

  // Leader actions.
  void broadcast_append();
  void send_append(NodeId peer);
  void maybe_commit();
  void back_off(NodeId peer, const AppendEntriesReply& reply);

  // Whether a reply of `reply_term` answers a request of our current term; `counts_stale`
  // is the bug that also counts older ones.
  bool reply_is_current(Term reply_term, Bug counts_stale) const {
    return reply_term == current_term() || (reply_term < current_term() && config_.has_bug(counts_stale));
  }
  bool ignores_higher_term(const Message& message) const;
  bool pre_vote_keeps_term(const Message& message) const;
  // How many servers make a majority (5.2): n/2 + 1.
  std::size_t quorum() const;

  // Membership (core/membership.cpp, dissertation chapter 4).
  Reason judge_change(ConfigurationChange change) const;
  Configuration base_configuration() const;
  Configuration configuration_at(Index index) const;
  void forget_compacted_configurations();
  void reload_configuration_after_snapshot();
  void restore_configuration();
  void note_configuration_appended(Index index, const LogEntry& entry);
  void note_configuration_truncated(Index keep_through);
  void enter_configuration(Configuration configuration, Index index);
  void step_down_if_removed(Time now);
  bool ignores_disruptive_vote(Time now, const Message& message);
  void skip_campaign_as_non_voter(Time now);

  // Bookkeeping.
  void set_hard_state(Term term, NodeId voted_for);
  void append_to_log(LogEntry entry);
  void truncate_log_after(Index keep_through);
  // Restarts the election timer with a fresh random timeout, and records why.
  void reset_election_timer(Time now, Cause why, NodeId peer = kNobody);
  void draw_election_timeout(Time now);
  void decide(const Reason& reason, std::vector<NodeId> counted = {}) {
    if (config_.record_decisions) decisions_.push_back(Decision{reason, std::move(counted)});
  }
  std::vector<NodeId> members_holding(Index index) const;
  Index apply_through() const;
  void send(NodeId to, Payload payload);
  // The servers that vote: the configuration in force's (5.2 counts "servers"; 4.1).
  std::size_t cluster_size() const { return configuration_.voters.size(); }

  Config config_;
  Prng random_;

  // Persistent state (Figure 2): current term, vote and log.
  HardState hard_state_;
  Log log_;

  // Volatile state on all servers.
  Role role_ = Role::Follower;
  NodeId leader_ = kNobody;
  Index commit_index_ = 0;  // never decreases while the server is up
  Index last_applied_ = 0;
  Time election_due_ = 0;
  Time election_timeout_ = 0;  // the randomized timeout drawn last
  Time heartbeat_due_ = 0;
  Time leader_heard_at_ = -1;  // when an AppendEntries (or InstallSnapshot) of the current leader last arrived
  Time started_at_ = 0;        // when this server started (or restarted): it may have heard from a leader just before

  // Volatile state on leaders handing over leadership (dissertation 3.10): the target
  // (kNobody when none; proposals are refused while set) and when the attempt is given up.
  NodeId transfer_target_ = kNobody;
  Time transfer_deadline_ = 0;
  bool timeout_now_sent_ = false;  // once per transfer: a second would start a second election

  // The latest snapshot (persistent), and a follower's snapshot in transfer (volatile).
  SharedSnapshot snapshot_;
  std::optional<IncomingSnapshot> incoming_;

  // Membership (dissertation 4.1): the configuration in force, and the log indexes of the
  // configuration entries in the log, ascending (restored from the log on restart).
  Configuration configuration_;
  std::vector<Index> configuration_indexes_;

  // Volatile state on candidates and leaders, indexed by NodeId.
  std::vector<bool> votes_;
  std::vector<Progress> progress_;
  std::vector<bool> heard_;       // leader with check-quorum: who answered since the last check
  // Leader: heartbeat rounds (dissertation 6.4). Each AppendEntries carries the latest
  // round begun; round_answered_ is the latest each peer echoed, confirmed_round_ the
  // latest a majority did, round_started_ when the rounds not yet confirmed began.
  std::uint64_t read_round_ = 0;
  std::uint64_t confirmed_round_ = 0;
  std::vector<std::uint64_t> round_answered_;
  std::vector<std::pair<std::uint64_t, Time>> round_started_;
  Time lease_until_ = 0;
  std::vector<PendingRead> reads_unconfirmed_;  // leader: awaiting a round or a commit of its term
  std::vector<ReadState> reads_unapplied_;      // confirmed, awaiting apply
  Time quorum_check_due_ = 0;

  // Output not yet taken by the host.
  bool hard_state_dirty_ = false;
  bool snapshot_dirty_ = false;      // snapshot_ is not yet handed to the host
  bool restore_snapshot_ = false;    // and it came from the leader: the state machine restarts from it
  Index first_unpersisted_index_ = 1;  // durable log agrees with log_ below this index
  Index persisted_last_index_ = 0;
  std::vector<Message> outbox_;
  std::vector<Decision> decisions_;
};

}  // namespace raft
