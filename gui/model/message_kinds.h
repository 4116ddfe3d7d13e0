// Every kind of message the cluster view draws, in one table: its name in the legend and
// tooltips, its glyph, its colour, its size, and what a run needs before it can send one
// (the legend lists only what the run can draw: gui/model/legend.h). The legend, the
// markers in flight and the tooltips all read this table; a new kind is one row.
#pragma once

#include <cstdint>
#include <span>

#include "sim/cluster/envelope.h"

namespace gui {

// What a message is, as a class would name it.
enum class MessageKind : std::uint8_t {
  RequestVote,
  VoteGranted,
  VoteDenied,
  AppendEntries,   // carrying entries
  Heartbeat,       // AppendEntries without entries
  AppendOk,        // AppendEntriesReply, success
  AppendRejected,  // AppendEntriesReply, log mismatch
  TimeoutNow,      // a leader handing over tells its target to campaign now (dissertation 3.10)
  ClientRequest,
  ClientReply,
  PreVote,         // RequestVote asked as a pre-vote (dissertation 9.6): drawn hollow
  PreVoteGranted,
  PreVoteDenied,
  InstallSnapshot,       // a chunk of the leader's snapshot (Figure 13)
  InstallSnapshotReply,  // a chunk stored, or the snapshot installed
  ReadIndex,       // a follower forwards a read to the leader (dissertation 6.4)
  ReadIndexReply,  // the leader's read index, once it confirmed it leads
};
inline constexpr int kMessageKinds = 17;

// The shapes: requests are circles, replies diamonds, client traffic squares.
enum class Glyph : std::uint8_t {
  Disc,          // a request between nodes
  Diamond,       // its reply
  Ring,          // a pre-vote: the vote's circle, hollow (a question that changes nothing)
  HollowDiamond, // a pre-vote's answer
  Star,          // TimeoutNow: "campaign now", unlike any routine message
  Square,        // a client's request
  OpenSquare,    // the answer to the client
  Bar,           // a snapshot chunk: a wide bar, a piece of a larger whole
  Triangle,      // a chunk's reply
  Rhomb,         // a forwarded read: a client's square turned into a diamond
  OpenRhomb,     // the read index coming back
};

// What a run must have before it can send a kind (see legend.h).
enum class Needs : std::uint8_t {
  Nothing,    // every run elects and replicates
  PreVote,    // `prevote on`
  Client,     // a client operation
  Transfer,   // a leadership transfer
  Snapshots,  // a snapshot taken somewhere
  Reads,      // a read forwarded to the leader
};

struct Rgb {
  std::uint8_t r = 0, g = 0, b = 0;
};

struct MessageStyle {
  MessageKind kind;
  const char* label;  // "RequestVote", "vote granted", ...
  Glyph glyph;
  Rgb colour;
  float size;         // times the base marker size
  Needs needs;
};

// The table, in MessageKind's order.
std::span<const MessageStyle> message_styles();
const MessageStyle& message_style(MessageKind kind);
inline const char* message_kind_label(MessageKind kind) { return message_style(kind).label; }
MessageKind message_kind_of(const sim::Envelope& envelope);

}  // namespace gui
