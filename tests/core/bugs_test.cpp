// core/bugs.h: the named mistakes. Each is off by default, and each, switched on, breaks
// exactly the rule it names (a few shown here at the level of one server; the bug sweep,
// tests/sim/bug_sweep.cpp, shows the checker catching every one in a cluster).
#include <doctest/doctest.h>

#include <set>
#include <string>

#include "core/bugs.h"
#include "harness.h"

using namespace raft;
using namespace raft::test;

namespace {

Node buggy(NodeId id, std::size_t size, Bug bug, PersistentState state = {}) {
  Config config = config_for(id, size);
  config.bugs.add(bug);
  return Node(config, std::move(state), 0);
}

Message vote_request(NodeId from, NodeId to, Term term, Index last_index, Term last_term) {
  return Message{from, to, RequestVote{term, from, last_index, last_term}};
}

bool granted(Node& node) {
  const auto replies = payloads<RequestVoteReply>(node.take_ready().messages);
  return !replies.empty() && replies.back().vote_granted;
}

}  // namespace

TEST_CASE("bugs: one row per bug, in enum order, each with a unique kebab-case name, a line and a rule") {
  std::set<std::string_view> names;
  for (std::size_t i = 0; i < kBugCount; ++i) {
    const BugInfo& info = kBugs[i];
    CHECK(static_cast<std::size_t>(info.bug) == i);
    CHECK(names.insert(info.name).second);
    CHECK(info.name.find_first_not_of("abcdefghijklmnopqrstuvwxyz-") == std::string_view::npos);
    CHECK(!info.description.empty());
    CHECK(!info.rule.empty());
    CHECK(bug_named(info.name) == info.bug);
  }
  CHECK(kBugCount >= 25);
  CHECK_FALSE(bug_named("no-such-bug"));
  CHECK(Config{}.bugs.empty());  // all off by default
}

TEST_CASE("bugs: vote-twice grants a second vote in one term; a correct server does not") {
  for (const bool bug : {false, true}) {
    Config config = config_for(1, 3);
    if (bug) config.bugs.add(Bug::VoteTwice);
    Node node(config, {}, 0);
    node.step(0, vote_request(2, 1, 1, 0, 0));
    CHECK(granted(node));
    node.step(0, vote_request(3, 1, 1, 0, 0));
    CHECK(granted(node) == bug);
  }
}

TEST_CASE("bugs: vote-without-log-check and vote-by-log-length grant a vote to a candidate with an older log") {
  const PersistentState state{HardState{2, kNobody}, log_of_terms({1, 2})};
  Node correct(config_for(1, 3), state, 0);
  correct.step(0, vote_request(2, 1, 3, 5, 1));  // longer, but its last term (1) is older than ours (2)
  CHECK_FALSE(granted(correct));
  for (const Bug bug : {Bug::VoteWithoutLogCheck, Bug::VoteByLogLength}) {
    Node node = buggy(1, 3, bug, state);
    node.step(0, vote_request(2, 1, 3, 5, 1));
    CHECK(granted(node));
  }
}

TEST_CASE("bugs: vote-not-restored forgets a persisted vote at restart") {
  const PersistentState state{HardState{4, 2}, {}};
  CHECK(Node(config_for(1, 3), state, 0).voted_for() == 2);
  CHECK(buggy(1, 3, Bug::VoteNotRestored, state).voted_for() == kNobody);
}

TEST_CASE("bugs: majority-rounded-down lets a candidate of a 4-server cluster win with 2 votes") {
  for (const bool bug : {false, true}) {
    Config config = config_for(1, 4);
    if (bug) config.bugs.add(Bug::MajorityRoundedDown);
    Node node(config, {}, 0);
    node.campaign(0);
    node.step(1, Message{2, 1, RequestVoteReply{.term = 1, .vote_granted = true}});
    CHECK((node.role() == Role::Leader) == bug);
  }
}

TEST_CASE("bugs: apply-before-commit hands over entries that are not committed") {
  Node node = buggy(1, 3, Bug::ApplyBeforeCommit);
  node.step(0, Message{2, 1, AppendEntries{1, 2, 0, 0, log_of_terms({1, 1}), 0}});
  const Ready ready = node.take_ready();
  CHECK(node.commit_index() == 0);
  CHECK(ready.committed.size() == 2);
}

TEST_CASE("bugs: a bug can be switched on while the server runs") {
  Node node(config_for(1, 3), {}, 0);
  BugSet bugs;
  bugs.add(Bug::VoteTwice);
  node.add_bugs(bugs);
  CHECK(node.config().has_bug(Bug::VoteTwice));
  CHECK_FALSE(node.config().has_bug(Bug::VoteNotRestored));
}

TEST_CASE("bugs: a decision a bug bent says so in its explanation") {
  Node node = buggy(1, 3, Bug::VoteTwice);
  node.step(0, vote_request(2, 1, 1, 0, 0));
  node.take_ready();
  node.step(0, vote_request(3, 1, 1, 0, 0));
  const auto replies = payloads<RequestVoteReply>(node.take_ready().messages);
  REQUIRE(replies.size() == 1);
  CHECK(replies[0].vote_granted);
  CHECK(replies[0].reason.bug == Bug::VoteTwice);
  CHECK(explain(replies[0].reason).find("[BUG vote-twice]") != std::string::npos);
  // A correct decision names no bug.
  Node correct(config_for(1, 3), {}, 0);
  correct.step(0, vote_request(2, 1, 1, 0, 0));
  const auto granted_reply = payloads<RequestVoteReply>(correct.take_ready().messages);
  REQUIRE(granted_reply.size() == 1);
  CHECK(granted_reply[0].reason.bug == Bug::Count);
  CHECK(explain(granted_reply[0].reason).find("BUG") == std::string::npos);
}
