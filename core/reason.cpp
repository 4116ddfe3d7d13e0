#include "core/reason.h"

#include <algorithm>
#include <array>

#include "core/configuration.h"

namespace raft {

namespace {

using Nodes = std::vector<NodeId>;

std::string node(NodeId id) { return "n" + std::to_string(id); }
std::string num(std::uint64_t value) { return std::to_string(value); }
// "2/t1": the entry at index 2, of term 1 ("0/t0" is the empty log).
std::string at(LogPosition position) { return num(position.index) + "/t" + num(position.term); }

std::string listed(const std::vector<NodeId>& nodes) {
  std::string text;
  for (NodeId id : nodes) text += (text.empty() ? "" : ", ") + node(id);
  return text;
}

// A timeout in microseconds, as "213 ms" or "213.5 ms".
std::string millis(std::uint64_t micros) {
  std::string text = num(micros / 1000);
  if (micros % 1000 != 0) {
    std::string fraction = num(1000 + micros % 1000).substr(1);
    while (fraction.back() == '0') fraction.pop_back();
    text += "." + fraction;
  }
  return text + " ms";
}

// "a RequestVote", with its article.
const char* rpc_name(Rpc rpc) {
  constexpr std::array<const char*, 11> kNames = {"a RequestVote",     "a reply to a RequestVote",
                                                 "an AppendEntries",  "a reply to an AppendEntries",
                                                 "a TimeoutNow",      "a PreVote",
                                                 "a reply to a PreVote", "an InstallSnapshot",
                                                 "a reply to an InstallSnapshot", "a ReadIndex",
                                                 "a reply to a ReadIndex"};
  return kNames[static_cast<std::size_t>(rpc)];
}

std::string appends(const Reason& r) { return node(r.peer) + (r.count == 0 ? "'s heartbeat" : "'s AppendEntries"); }

// ---- One sentence per cause ------------------------------------------------------------

std::string none(const Reason&, const Nodes&) { return "no reason recorded"; }

std::string vote_granted(const Reason& r, const Nodes&) {
  return "grants " + node(r.peer) + " its vote in term " + num(r.term) + ": " + node(r.peer) + "'s log (last " +
         at(r.theirs) + ") is at least as up-to-date as ours (" + at(r.ours) + ")";
}
std::string vote_denied_stale_term(const Reason& r, const Nodes&) {
  return "denies " + node(r.peer) + " its vote: stale term " + num(r.their_term) + " (ours is " + num(r.term) + ")";
}
std::string vote_denied_already_voted(const Reason& r, const Nodes&) {
  return "denies " + node(r.peer) + " its vote: already voted for " + node(r.other) + " in term " + num(r.term);
}
std::string vote_denied_log_older(const Reason& r, const Nodes&) {
  return "denies " + node(r.peer) + " its vote: " + node(r.peer) + "'s log is older (last " + at(r.theirs) +
         " against our " + at(r.ours) + ")";
}

std::string append_accepted(const Reason& r, const Nodes&) {
  std::string text = "accepts " + appends(r) + ": ";
  text += r.theirs.index == 0 ? "nothing precedes it" : "we hold entry " + at(r.theirs) + " as the leader does";
  if (r.count != 0) text += "; our log matches the leader's through index " + num(r.ours.index);
  return text;
}
std::string append_rejected_stale_term(const Reason& r, const Nodes&) {
  return "rejects " + appends(r) + ": stale term " + num(r.their_term) + " (ours is " + num(r.term) + ")";
}
std::string append_rejected_no_entry(const Reason& r, const Nodes&) {
  return "rejects " + appends(r) + ": no entry at index " + num(r.theirs.index) + " (our log ends at " +
         at(r.ours) + "); hint: retry from index " + num(r.ours.index + 1);
}
std::string append_rejected_mismatch(const Reason& r, const Nodes&) {
  return "rejects " + appends(r) + ": entry " + num(r.theirs.index) + " has term " + num(r.ours.term) +
         ", the leader says " + num(r.theirs.term) + "; hint: our term " + num(r.ours.term) + " begins at index " +
         num(r.ours.index);
}
std::string entries_truncated(const Reason& r, const Nodes&) {
  const std::string range = r.theirs.index == r.ours.index ? "entry " + num(r.theirs.index)
                                                            : "entries " + num(r.theirs.index) + ".." + num(r.ours.index);
  return "removes " + range + ": entry " + num(r.theirs.index) + " has term " + num(r.ours.term) + ", leader " +
         node(r.peer) + "'s has term " + num(r.theirs.term);
}
std::string commit_learned(const Reason& r, const Nodes&) {
  std::string text = "commits through entry " + num(r.ours.index) + ": leader " + node(r.peer) +
                     " has committed through " + num(r.count);
  if (r.count > r.ours.index) text += ", and our log matches the leader's through " + num(r.ours.index);
  return text;
}

std::string higher_term_seen(const Reason& r, const Nodes&) {
  const std::string seen = "saw term " + num(r.their_term) + " from " + node(r.peer) + " in " + rpc_name(r.rpc) +
                           " (ours was " + num(r.term) + ")";
  if (r.role == Role::Follower) return "adopts term " + num(r.their_term) + ": " + seen;
  return std::string("steps down from ") + role_name(r.role) + " to follower: " + seen;
}
std::string leader_of_term_found(const Reason& r, const Nodes&) {
  const char* was = r.role == Role::PreCandidate ? "pre-candidate" : "candidate";
  return std::string("steps down from ") + was + " to follower: " + node(r.peer) + " won term " + num(r.term) +
         " (its AppendEntries arrived)";
}
std::string election_timeout(const Reason& r, const Nodes&) {
  return "election timer fired (no leader heard for " + millis(r.count) + "): becomes candidate for term " + num(r.term);
}
std::string told_to_campaign(const Reason& r, const Nodes&) { return "told to campaign: becomes candidate for term " + num(r.term); }
std::string election_won(const Reason& r, const Nodes& nodes) {
  return "becomes leader of term " + num(r.term) + ": votes from " + listed(nodes) + ", a majority of " + num(r.count);
}
std::string commit_advanced(const Reason& r, const Nodes& nodes) {
  return "commits through entry " + num(r.ours.index) + ": it is on " + listed(nodes) + ", a majority of " +
         num(r.count) + ", and of the current term " + num(r.term);
}
std::string commit_waits_for_term(const Reason& r, const Nodes& nodes) {
  return "does not commit entry " + num(r.ours.index) + " yet: it is on " + listed(nodes) + ", a majority of " +
         num(r.count) + ", but of term " + num(r.ours.term) + ", not the current term " + num(r.term) +
         " (Figure 8)";
}

std::string timer_reset_by_heartbeat(const Reason& r, const Nodes&) {
  return "election timer reset (" + millis(r.count) + "): heartbeat from leader " + node(r.peer);
}
std::string timer_reset_by_append(const Reason& r, const Nodes&) {
  return "election timer reset (" + millis(r.count) + "): AppendEntries from leader " + node(r.peer);
}
std::string timer_reset_by_vote(const Reason& r, const Nodes&) {
  return "election timer reset (" + millis(r.count) + "): granted a vote to " + node(r.peer);
}
std::string timer_reset_by_election(const Reason& r, const Nodes&) {
  return "election timer reset (" + millis(r.count) + "): started an election for term " + num(r.term);
}
std::string timer_started_as_follower(const Reason& r, const Nodes&) {
  return "election timer started (" + millis(r.count) + "): no longer leader, it waits to hear from one";
}

// Leadership transfer (dissertation 3.10).
std::string holds(const Reason& r) {
  return node(r.peer) + "'s log matches ours up to index " + num(r.theirs.index) + " (ours ends at " +
         num(r.ours.index) + ")";
}
std::string transfer_started(const Reason& r, const Nodes&) {
  const bool caught_up = r.theirs.index >= r.ours.index;
  return "begins handing leadership to " + node(r.peer) + " in term " + num(r.term) + ": " + holds(r) +
         (caught_up ? ", so it is told to time out now" : ", so it is caught up first") +
         "; client commands pause until the transfer ends";
}
std::string transfer_refused_not_leader(const Reason& r, const Nodes&) {
  return "refuses to hand leadership to " + node(r.peer) + ": only the leader can, and we are a " + role_name(r.role) +
         (r.other != kNobody ? " (the leader we know is " + node(r.other) + ")" : " (we know of no leader)");
}
std::string transfer_refused_to_self(const Reason& r, const Nodes&) {
  return "refuses to hand leadership to " + node(r.peer) + ": it is us, and we already lead term " + num(r.term);
}
std::string transfer_refused_unknown(const Reason& r, const Nodes&) {
  return "refuses to hand leadership to " + node(r.peer) + ": no such server in this cluster of " + num(r.count);
}
std::string transfer_refused_busy(const Reason& r, const Nodes&) {
  return "refuses to hand leadership to " + node(r.peer) + ": a transfer to " + node(r.other) +
         " is already under way (it ends when that one takes over or is abandoned)";
}
std::string timeout_now_sent(const Reason& r, const Nodes&) {
  return "sends TimeoutNow to " + node(r.peer) + ": " + holds(r) + ", so it can win an election at once";
}
std::string timeout_now_received(const Reason& r, const Nodes&) {
  return "told by leader " + node(r.peer) + " to time out now (TimeoutNow): becomes candidate for term " + num(r.term) +
         " without waiting for its election timer (no pre-vote; a lease does not hold its votes off)";
}
std::string timeout_now_stale(const Reason& r, const Nodes&) {
  return "ignores " + node(r.peer) + "'s TimeoutNow: stale term " + num(r.their_term) + " (ours is " + num(r.term) + ")";
}
std::string transfer_abandoned(const Reason& r, const Nodes&) {
  return "abandons the transfer to " + node(r.peer) + ": it did not take over within " + millis(r.count) +
         ", an election timeout; " + holds(r) + "; client commands are accepted again";
}
std::string transfer_ended(const Reason& r, const Nodes&) {
  return "the transfer to " + node(r.peer) + " ends: we have stepped down, in term " + num(r.term);
}
std::string proposal_refused_transferring(const Reason& r, const Nodes&) {
  return "refuses a client command: leadership is being handed to " + node(r.peer) + " (the client retries shortly)";
}

std::string noop_appended(const Reason& r, const Nodes&) {
  return "appends a no-op at index " + num(r.ours.index) + " to start term " + num(r.term) +
         ": committing it commits every entry before it (section 8)";
}

std::string pre_vote_started(const Reason& r, const Nodes&) {
  const std::string why = r.count == 0 ? "told to campaign"
                                       : "election timer fired (no leader heard for " + millis(r.count) + ")";
  return why + ": becomes pre-candidate, asking whether it could win term " + num(r.term) +
         " before starting it (pre-vote)";
}
std::string pre_vote_granted(const Reason& r, const Nodes&) {
  return "would vote for " + node(r.peer) + " in term " + num(r.term) + " (pre-vote granted; nothing changes): its log (last " +
         at(r.theirs) + ") is at least as up-to-date as ours (" + at(r.ours) + ")";
}
std::string pre_vote_denied_stale_term(const Reason& r, const Nodes&) {
  return "denies " + node(r.peer) + " a pre-vote: term " + num(r.their_term) + " is not past ours (" + num(r.term) +
         "); the reply tells it our term";
}
std::string pre_vote_denied_already_voted(const Reason& r, const Nodes&) {
  return "denies " + node(r.peer) + " a pre-vote: already voted for " + node(r.other) + " in term " + num(r.term);
}
std::string pre_vote_denied_log_older(const Reason& r, const Nodes&) {
  return "denies " + node(r.peer) + " a pre-vote: " + node(r.peer) + "'s log is older (last " + at(r.theirs) +
         " against our " + at(r.ours) + ")";
}
std::string pre_vote_won(const Reason& r, const Nodes& nodes) {
  return "won the pre-vote (" + listed(nodes) + ", a majority of " + num(r.count) + "): becomes candidate for term " +
         num(r.term);
}
std::string vote_ignored_in_lease(const Reason& r, const Nodes&) {
  if (r.role == Role::Leader) {
    return "ignores " + node(r.peer) + "'s " + (r.rpc == Rpc::PreVote ? "PreVote" : "RequestVote") + " for term " +
           num(r.their_term) + ": it leads, and check-quorum tells it when it no longer does";
  }
  return "ignores " + node(r.peer) + "'s " + (r.rpc == Rpc::PreVote ? "PreVote" : "RequestVote") +
         " for term " + num(r.their_term) + ": heard from leader " + node(r.other) + " " + millis(r.count) +
         " ago, within the shortest election timeout (check-quorum's lease)";
}
std::string quorum_lost(const Reason& r, const Nodes& nodes) {
  return "steps down from leader to follower: heard from only " + (nodes.empty() ? std::string("itself") : listed(nodes)) +
         " in the last election timeout, not a majority of " + num(r.count) + " (check-quorum)";
}

std::string log_compacted(const Reason& r, const Nodes&) {
  return "compacts its log through entry " + at(r.ours) + ": the state machine's snapshot holds it; " + num(r.count) +
         (r.count == 1 ? " entry" : " entries") + " dropped";
}
std::string snapshot_send_started(const Reason& r, const Nodes&) {
  return "sends " + node(r.peer) + " its snapshot through " + at(r.ours) + " (" + num(r.count) + " bytes): " +
         node(r.peer) + " needs entry " + num(r.theirs.index) + ", which the snapshot replaced";
}
std::string snapshot_chunk_stored(const Reason& r, const Nodes&) {
  return "stores a chunk of leader " + node(r.peer) + "'s snapshot through " + at(r.theirs) + ": " + num(r.count) +
         " bytes held, waits for more";
}
std::string snapshot_chunk_out_of_order(const Reason& r, const Nodes&) {
  return "ignores a chunk of " + node(r.peer) + "'s snapshot through " + at(r.theirs) + ": it expects offset " +
         num(r.count);
}
std::string snapshot_rejected_stale_term(const Reason& r, const Nodes&) {
  return "rejects " + node(r.peer) + "'s InstallSnapshot: stale term " + num(r.their_term) + " (ours is " +
         num(r.term) + ")";
}
std::string snapshot_already_covered(const Reason& r, const Nodes&) {
  return "ignores " + node(r.peer) + "'s snapshot through " + at(r.theirs) + ": it has committed through " +
         at(r.ours) + " already";
}
std::string snapshot_installed(const Reason& r, const Nodes&) {
  return "installs leader " + node(r.peer) + "'s snapshot through " + at(r.theirs) + ": discards its log (last " +
         at(r.ours) + ", " + num(r.count) + " entries) and resets its state machine to the snapshot";
}
std::string snapshot_installed_kept_log(const Reason& r, const Nodes&) {
  return "installs leader " + node(r.peer) + "'s snapshot through " + at(r.theirs) +
         ": its log holds that entry, so it keeps the entries after it (through " + at(r.ours) +
         ") and resets its state machine to the snapshot";
}
std::string snapshot_delivered(const Reason& r, const Nodes&) {
  return node(r.peer) + " installed our snapshot through " + at(r.theirs) + ": AppendEntries resume from index " +
         num(r.theirs.index + 1);
}
std::string timer_reset_by_snapshot(const Reason& r, const Nodes&) {
  return "election timer reset (" + millis(r.count) + "): InstallSnapshot from leader " + node(r.peer);
}

// "a client's read" or "n3's read" (a follower forwarded it).
std::string read_of(const Reason& r) { return r.peer == kNobody ? "a client's read" : node(r.peer) + "'s read"; }

std::string read_index_recorded(const Reason& r, const Nodes&) {
  return "records read index " + at(r.ours) + " for " + read_of(r) + ": served once heartbeat round " + num(r.count) +
         " is answered by a majority (it still leads) and it has applied that far";
}
std::string read_waits_for_term_commit(const Reason& r, const Nodes&) {
  return read_of(r) + " waits: its commit index " + at(r.ours) + " is of an older term, and until an entry of term " +
         num(r.term) + " commits it may not know every committed entry";
}
std::string read_confirmed(const Reason& r, const Nodes& n) {
  return "still leads in term " + num(r.term) + ": a majority (" + listed(n) + ") answered heartbeat round " +
         num(r.count) + ", so reads through index " + num(r.ours.index) + " are safe";
}
std::string read_served_in_lease(const Reason& r, const Nodes&) {
  return "serves " + read_of(r) + " at " + at(r.ours) + " without a round trip: its lease has " + millis(r.count) +
         " left on its own clock";
}
std::string read_lease_expired(const Reason& r, const Nodes&) {
  if (r.count == 0) {
    return "no lease for " + read_of(r) + " (none confirmed yet, or check-quorum or lease reads off): confirms with a heartbeat round instead";
  }
  return "its lease ended " + millis(r.count) + " ago: confirms " + read_of(r) + " with a heartbeat round instead";
}
std::string read_refused_not_leader(const Reason& r, const Nodes&) {
  return "refuses a read: knows no leader to ask in term " + num(r.term);
}
std::string read_forwarded(const Reason& r, const Nodes&) {
  return "forwards a read to leader " + node(r.other) + " (ReadIndex): the leader knows the commit index";
}
std::string read_index_learned(const Reason& r, const Nodes&) {
  return "leader " + node(r.peer) + " confirmed read index " + num(r.ours.index) + ": the read is served once applied that far";
}
std::string reads_dropped(const Reason& r, const Nodes&) {
  return "drops " + num(r.count) + " read(s) it had not confirmed: no longer leader of term " + num(r.term);
}

// ---- Membership (dissertation chapter 4) ------------------------------------------------

std::string change(const Reason& r) {
  return std::string(change_verb(static_cast<ChangeKind>(r.count))) + " " + node(r.peer);
}
std::string change_started(const Reason& r, const Nodes&) {
  const char* what = static_cast<ChangeKind>(r.count) == ChangeKind::AddLearner ? " as a learner" : "";
  return "starts to " + change(r) + what + ": configuration entry " + at(r.ours) +
         " is in force from now on, committed or not (4.1)";
}
std::string change_refused_not_leader(const Reason& r, const Nodes&) {
  return "refuses to " + change(r) + ": only the leader changes the configuration" +
         (r.other == kNobody ? std::string(" (no leader known)") : " (the leader is " + node(r.other) + ")");
}
std::string change_refused_pending(const Reason& r, const Nodes&) {
  return "refuses to " + change(r) + ": configuration entry " + at(r.ours) +
         " is not committed yet, and changes go one at a time (4.2)";
}
std::string change_refused_no_own_commit(const Reason& r, const Nodes&) {
  return "refuses to " + change(r) + ": it has not yet committed an entry of its term " + num(r.term) +
         " (its commit index " + at(r.ours) + "), so an older leader's change may still win (4.1, the 2015 fix)";
}
std::string change_refused_not_caught_up(const Reason& r, const Nodes&) {
  return "refuses to " + change(r) + ": its log matches ours only through index " + num(r.theirs.index) +
         ", short of our commit index " + num(r.ours.index) + "; a lagging voter would stall commits (4.2.1)";
}
std::string change_refused_invalid(const Reason& r, const Nodes&) {
  static constexpr std::array<const char*, 3> kWhy = {"it is already a member", "it is not a learner",
                                                      "it is not a member, or it is the last voter"};
  return "refuses to " + change(r) + ": " + kWhy[std::min<std::uint64_t>(r.count, 2)];
}
std::string configuration_in_force(const Reason& r, const Nodes& nodes) {
  const Nodes voters(nodes.begin(), nodes.begin() + static_cast<long>(std::min<std::size_t>(r.count, nodes.size())));
  const Nodes learners(nodes.begin() + static_cast<long>(voters.size()), nodes.end());
  std::string text = "uses the configuration of " +
                     (r.ours.index == 0 ? std::string("the initial cluster") : "entry " + at(r.ours)) +
                     ": voters " + listed(voters);
  if (!learners.empty()) text += "; learners " + listed(learners);
  return text + " (in force once in the log, 4.1)";
}
std::string leader_removed_steps_down(const Reason& r, const Nodes&) {
  return "steps down from leader: configuration entry " + at(r.ours) +
         " that removes it is committed (4.2.2); it replicated that entry without counting itself";
}
std::string no_campaign_not_voter(const Reason& r, const Nodes&) {
  return "election timer fired (" + millis(r.count) + ") but does not campaign: not a voter in its configuration";
}
std::string vote_ignored_leader_lease(const Reason& r, const Nodes&) {
  return "ignores " + node(r.peer) + "'s RequestVote for term " + num(r.their_term) + ": " + node(r.peer) +
         " is not a voter here, and a leader was heard " + millis(r.count) +
         " ago, within the minimum election timeout (4.2.3)";
}
std::string vote_ignored_after_start(const Reason& r, const Nodes&) {
  return "ignores " + node(r.peer) + "'s " + (r.rpc == Rpc::PreVote ? "PreVote" : "RequestVote") + " for term " +
         num(r.their_term) + ": it started " + millis(r.count) +
         " ago, within the shortest election timeout, and may have heard from a leader just before (check-quorum's"
         " lease outlives a restart)";
}

struct CauseRow {
  Cause cause;
  const char* code;
  std::string (*explain)(const Reason&, const std::vector<NodeId>&);
};

// One row per cause, in the order of the enum (a test checks it).
constexpr std::array kCauses = {
    CauseRow{Cause::None, "none", none},
    CauseRow{Cause::VoteGranted, "vote-granted", vote_granted},
    CauseRow{Cause::VoteDeniedStaleTerm, "vote-denied-stale-term", vote_denied_stale_term},
    CauseRow{Cause::VoteDeniedAlreadyVoted, "vote-denied-already-voted", vote_denied_already_voted},
    CauseRow{Cause::VoteDeniedLogOlder, "vote-denied-log-older", vote_denied_log_older},
    CauseRow{Cause::AppendAccepted, "append-accepted", append_accepted},
    CauseRow{Cause::AppendRejectedStaleTerm, "append-rejected-stale-term", append_rejected_stale_term},
    CauseRow{Cause::AppendRejectedNoEntry, "append-rejected-no-entry", append_rejected_no_entry},
    CauseRow{Cause::AppendRejectedMismatch, "append-rejected-mismatch", append_rejected_mismatch},
    CauseRow{Cause::EntriesTruncated, "entries-truncated", entries_truncated},
    CauseRow{Cause::CommitLearned, "commit-learned", commit_learned},
    CauseRow{Cause::HigherTermSeen, "higher-term-seen", higher_term_seen},
    CauseRow{Cause::LeaderOfTermFound, "leader-of-term-found", leader_of_term_found},
    CauseRow{Cause::ElectionTimeout, "election-timeout", election_timeout},
    CauseRow{Cause::ToldToCampaign, "told-to-campaign", told_to_campaign},
    CauseRow{Cause::ElectionWon, "election-won", election_won},
    CauseRow{Cause::CommitAdvanced, "commit-advanced", commit_advanced},
    CauseRow{Cause::CommitWaitsForTerm, "commit-waits-for-term", commit_waits_for_term},
    CauseRow{Cause::TimerResetByHeartbeat, "timer-reset-by-heartbeat", timer_reset_by_heartbeat},
    CauseRow{Cause::TimerResetByAppend, "timer-reset-by-append", timer_reset_by_append},
    CauseRow{Cause::TimerResetByVote, "timer-reset-by-vote", timer_reset_by_vote},
    CauseRow{Cause::TimerResetByElection, "timer-reset-by-election", timer_reset_by_election},
    CauseRow{Cause::TimerStartedAsFollower, "timer-started-as-follower", timer_started_as_follower},
    CauseRow{Cause::TransferStarted, "transfer-started", transfer_started},
    CauseRow{Cause::TransferRefusedNotLeader, "transfer-refused-not-leader", transfer_refused_not_leader},
    CauseRow{Cause::TransferRefusedToSelf, "transfer-refused-to-self", transfer_refused_to_self},
    CauseRow{Cause::TransferRefusedUnknown, "transfer-refused-unknown", transfer_refused_unknown},
    CauseRow{Cause::TransferRefusedBusy, "transfer-refused-busy", transfer_refused_busy},
    CauseRow{Cause::TimeoutNowSent, "timeout-now-sent", timeout_now_sent},
    CauseRow{Cause::TimeoutNowReceived, "timeout-now-received", timeout_now_received},
    CauseRow{Cause::TimeoutNowStale, "timeout-now-stale", timeout_now_stale},
    CauseRow{Cause::TransferAbandoned, "transfer-abandoned", transfer_abandoned},
    CauseRow{Cause::TransferEnded, "transfer-ended", transfer_ended},
    CauseRow{Cause::ProposalRefusedTransferring, "proposal-refused-transferring", proposal_refused_transferring},
    CauseRow{Cause::NoopAppended, "noop-appended", noop_appended},
    CauseRow{Cause::PreVoteStarted, "pre-vote-started", pre_vote_started},
    CauseRow{Cause::PreVoteGranted, "pre-vote-granted", pre_vote_granted},
    CauseRow{Cause::PreVoteDeniedStaleTerm, "pre-vote-denied-stale-term", pre_vote_denied_stale_term},
    CauseRow{Cause::PreVoteDeniedAlreadyVoted, "pre-vote-denied-already-voted", pre_vote_denied_already_voted},
    CauseRow{Cause::PreVoteDeniedLogOlder, "pre-vote-denied-log-older", pre_vote_denied_log_older},
    CauseRow{Cause::PreVoteWon, "pre-vote-won", pre_vote_won},
    CauseRow{Cause::VoteIgnoredInLease, "vote-ignored-in-lease", vote_ignored_in_lease},
    CauseRow{Cause::QuorumLost, "quorum-lost", quorum_lost},
    CauseRow{Cause::LogCompacted, "log-compacted", log_compacted},
    CauseRow{Cause::SnapshotSendStarted, "snapshot-send-started", snapshot_send_started},
    CauseRow{Cause::SnapshotChunkStored, "snapshot-chunk-stored", snapshot_chunk_stored},
    CauseRow{Cause::SnapshotChunkOutOfOrder, "snapshot-chunk-out-of-order", snapshot_chunk_out_of_order},
    CauseRow{Cause::SnapshotRejectedStaleTerm, "snapshot-rejected-stale-term", snapshot_rejected_stale_term},
    CauseRow{Cause::SnapshotAlreadyCovered, "snapshot-already-covered", snapshot_already_covered},
    CauseRow{Cause::SnapshotInstalled, "snapshot-installed", snapshot_installed},
    CauseRow{Cause::SnapshotInstalledKeptLog, "snapshot-installed-kept-log", snapshot_installed_kept_log},
    CauseRow{Cause::SnapshotDelivered, "snapshot-delivered", snapshot_delivered},
    CauseRow{Cause::TimerResetBySnapshot, "timer-reset-by-snapshot", timer_reset_by_snapshot},
    CauseRow{Cause::ReadIndexRecorded, "read-index-recorded", read_index_recorded},
    CauseRow{Cause::ReadWaitsForTermCommit, "read-waits-for-term-commit", read_waits_for_term_commit},
    CauseRow{Cause::ReadConfirmed, "read-confirmed", read_confirmed},
    CauseRow{Cause::ReadServedInLease, "read-served-in-lease", read_served_in_lease},
    CauseRow{Cause::ReadLeaseExpired, "read-lease-expired", read_lease_expired},
    CauseRow{Cause::ReadRefusedNotLeader, "read-refused-not-leader", read_refused_not_leader},
    CauseRow{Cause::ReadForwarded, "read-forwarded", read_forwarded},
    CauseRow{Cause::ReadIndexLearned, "read-index-learned", read_index_learned},
    CauseRow{Cause::ReadsDropped, "reads-dropped", reads_dropped},
    CauseRow{Cause::ChangeStarted, "change-started", change_started},
    CauseRow{Cause::ChangeRefusedNotLeader, "change-refused-not-leader", change_refused_not_leader},
    CauseRow{Cause::ChangeRefusedPending, "change-refused-pending", change_refused_pending},
    CauseRow{Cause::ChangeRefusedNoOwnCommit, "change-refused-no-own-commit", change_refused_no_own_commit},
    CauseRow{Cause::ChangeRefusedNotCaughtUp, "change-refused-not-caught-up", change_refused_not_caught_up},
    CauseRow{Cause::ChangeRefusedInvalid, "change-refused-invalid", change_refused_invalid},
    CauseRow{Cause::ConfigurationInForce, "configuration-in-force", configuration_in_force},
    CauseRow{Cause::LeaderRemovedStepsDown, "leader-removed-steps-down", leader_removed_steps_down},
    CauseRow{Cause::NoCampaignNotVoter, "no-campaign-not-voter", no_campaign_not_voter},
    CauseRow{Cause::VoteIgnoredLeaderLease, "vote-ignored-leader-lease", vote_ignored_leader_lease},
    CauseRow{Cause::VoteIgnoredAfterStart, "vote-ignored-after-start", vote_ignored_after_start},
};

constexpr bool rows_in_enum_order() {
  for (std::size_t i = 0; i < kCauses.size(); ++i) {
    if (static_cast<std::size_t>(kCauses[i].cause) != i) return false;
  }
  return true;
}
static_assert(rows_in_enum_order(), "kCauses must list every Cause in the order of the enum");
static_assert(kCauses.size() == static_cast<std::size_t>(kLastCause) + 1, "a Cause has no row");

const CauseRow& row(Cause cause) { return kCauses[static_cast<std::size_t>(cause)]; }

}  // namespace

const char* cause_code(Cause cause) { return row(cause).code; }

std::string explain(const Reason& reason, const std::vector<NodeId>& nodes) {
  std::string sentence = row(reason.cause).explain(reason, nodes);
  // A decision a named bug bent says so: the rule above is what it should have applied.
  if (reason.bug != Bug::Count) sentence += " [BUG " + std::string(bug_info(reason.bug).name) + "]";
  return sentence;
}

}  // namespace raft
