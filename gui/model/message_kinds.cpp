#include "gui/model/message_kinds.h"

#include <type_traits>
#include <variant>

namespace gui {

namespace {

// A pre-vote has its vote's colours; its hollow glyph tells them apart.
constexpr Rgb kVote{232, 136, 20}, kGranted{30, 160, 70}, kDenied{210, 40, 40};

constexpr MessageStyle kStyles[] = {
    {MessageKind::RequestVote, "RequestVote", Glyph::Disc, kVote, 1.0f, Needs::Nothing},
    {MessageKind::VoteGranted, "vote granted", Glyph::Diamond, kGranted, 1.0f, Needs::Nothing},
    {MessageKind::VoteDenied, "vote denied", Glyph::Diamond, kDenied, 1.0f, Needs::Nothing},
    {MessageKind::AppendEntries, "AppendEntries", Glyph::Disc, {35, 85, 200}, 1.35f, Needs::Nothing},
    {MessageKind::Heartbeat, "heartbeat", Glyph::Disc, {80, 140, 225}, 0.85f, Needs::Nothing},
    {MessageKind::AppendOk, "append ok", Glyph::Diamond, {20, 150, 170}, 0.85f, Needs::Nothing},
    {MessageKind::AppendRejected, "append rejected", Glyph::Diamond, {170, 40, 160}, 1.0f, Needs::Nothing},
    {MessageKind::TimeoutNow, "TimeoutNow", Glyph::Star, {230, 190, 0}, 1.0f, Needs::Transfer},
    {MessageKind::ClientRequest, "client request", Glyph::Square, {40, 40, 40}, 1.0f, Needs::Client},
    {MessageKind::ClientReply, "client reply", Glyph::OpenSquare, {120, 120, 120}, 1.0f, Needs::Client},
    {MessageKind::PreVote, "PreVote", Glyph::Ring, kVote, 1.0f, Needs::PreVote},
    {MessageKind::PreVoteGranted, "pre-vote granted", Glyph::HollowDiamond, kGranted, 1.0f, Needs::PreVote},
    {MessageKind::PreVoteDenied, "pre-vote denied", Glyph::HollowDiamond, kDenied, 1.0f, Needs::PreVote},
    {MessageKind::InstallSnapshot, "InstallSnapshot", Glyph::Bar, {140, 90, 20}, 1.0f, Needs::Snapshots},
    {MessageKind::InstallSnapshotReply, "snapshot reply", Glyph::Triangle, {190, 140, 60}, 1.0f, Needs::Snapshots},
    {MessageKind::ReadIndex, "ReadIndex", Glyph::Rhomb, {0, 150, 120}, 1.0f, Needs::Reads},
    {MessageKind::ReadIndexReply, "read index", Glyph::OpenRhomb, {90, 190, 160}, 1.0f, Needs::Reads},
};
static_assert(std::size(kStyles) == kMessageKinds, "a row for every MessageKind");

constexpr bool in_order() {
  for (int i = 0; i < kMessageKinds; ++i) {
    if (static_cast<int>(kStyles[i].kind) != i) return false;
  }
  return true;
}
static_assert(in_order(), "the rows in MessageKind's order: message_style() indexes them");

}  // namespace

std::span<const MessageStyle> message_styles() { return kStyles; }

const MessageStyle& message_style(MessageKind kind) { return kStyles[static_cast<std::size_t>(kind)]; }

MessageKind message_kind_of(const sim::Envelope& envelope) {
  if (std::holds_alternative<sim::ClientRequest>(envelope)) return MessageKind::ClientRequest;
  if (std::holds_alternative<sim::ClientReply>(envelope)) return MessageKind::ClientReply;
  const raft::Message& message = std::get<raft::Message>(envelope);
  return std::visit(
      [](const auto& rpc) -> MessageKind {
        using T = std::decay_t<decltype(rpc)>;
        if constexpr (std::is_same_v<T, raft::RequestVote>) return rpc.pre_vote ? MessageKind::PreVote : MessageKind::RequestVote;
        if constexpr (std::is_same_v<T, raft::RequestVoteReply>) {
          if (rpc.pre_vote) return rpc.vote_granted ? MessageKind::PreVoteGranted : MessageKind::PreVoteDenied;
          return rpc.vote_granted ? MessageKind::VoteGranted : MessageKind::VoteDenied;
        }
        if constexpr (std::is_same_v<T, raft::AppendEntries>)
          return rpc.entries.empty() ? MessageKind::Heartbeat : MessageKind::AppendEntries;
        if constexpr (std::is_same_v<T, raft::AppendEntriesReply>)
          return rpc.success ? MessageKind::AppendOk : MessageKind::AppendRejected;
        if constexpr (std::is_same_v<T, raft::TimeoutNow>) return MessageKind::TimeoutNow;
        if constexpr (std::is_same_v<T, raft::InstallSnapshot>) return MessageKind::InstallSnapshot;
        if constexpr (std::is_same_v<T, raft::InstallSnapshotReply>) return MessageKind::InstallSnapshotReply;
        if constexpr (std::is_same_v<T, raft::ReadIndex>) return MessageKind::ReadIndex;
        if constexpr (std::is_same_v<T, raft::ReadIndexReply>) return MessageKind::ReadIndexReply;
      },
      message.payload);
}

}  // namespace gui
