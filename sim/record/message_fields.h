// The fields of every message kind, each listed once: its name (Figure 2's, as the wire
// spells it) and where it lives in the struct. Both codecs walk these tables in both
// directions: the record codec (sim/record/record_codec.cpp) writes and reads the fields in
// this order; the wire (sim/live/wire.cpp) names them in JSON and reads them back in this
// order, so a frame's first bad field in it is the error. A new field is one line here.
//
// The order is the record codec's bytes: never reorder a table, add at its end.
#pragma once

#include <cstddef>
#include <cstdint>
#include <tuple>
#include <type_traits>
#include <utility>
#include <variant>

#include "core/messages.h"

namespace sim {

// What a codec must know of a field beyond its type.
enum class FieldForm : std::uint8_t {
  Plain,
  Bytes,  // raw bytes, not text: JSON carries them as hex
};

template <class Struct, class Member>
struct Field {
  const char* name;
  Member Struct::*member;
  FieldForm form;
};

template <class Struct, class Member>
constexpr Field<Struct, Member> field(const char* name, Member Struct::*member, FieldForm form = FieldForm::Plain) {
  return {name, member, form};
}

// kFields<T>: T's fields as a tuple of Field. Empty for a type without a table.
template <class Struct>
inline constexpr auto kFields = std::tuple<>{};

template <class Struct>
concept HasFields = std::tuple_size_v<std::remove_cvref_t<decltype(kFields<Struct>)>> > 0;

// Calls visit(field, value.*field.member) for each field of `table` (a tuple of Field of
// Struct), in its order. `Struct` may be const: the members are then const too.
template <class Table, class Struct, class Visit>
void for_each_field_in(const Table& table, Struct& value, Visit&& visit) {
  std::apply([&](const auto&... each) { (visit(each, value.*each.member), ...); }, table);
}

// The same over T's own table, kFields<T>.
template <class Struct, class Visit>
  requires HasFields<std::remove_const_t<Struct>>
void for_each_field(Struct& value, Visit&& visit) {
  for_each_field_in(kFields<std::remove_const_t<Struct>>, value, visit);
}

// The alternative numbered `index` of a variant (a message kind read from a codec),
// default-constructed, for the codec to read its fields into. `index` must be in range.
template <class Variant>
Variant alternative_numbered(std::size_t index) {
  Variant value;
  [&]<std::size_t... I>(std::index_sequence<I...>) {
    ((index == I ? void(value.template emplace<I>()) : void()), ...);
  }(std::make_index_sequence<std::variant_size_v<Variant>>());
  return value;
}

// A message: who sends it to whom, and the RPC (whose kind each codec writes its own way).
template <>
inline constexpr auto kFields<raft::Message> = std::tuple{
    field("from", &raft::Message::from),
    field("to", &raft::Message::to),
    field("payload", &raft::Message::payload),
};

template <>
inline constexpr auto kFields<raft::RequestVote> = std::tuple{
    field("term", &raft::RequestVote::term),
    field("candidate", &raft::RequestVote::candidate),
    field("last_log_index", &raft::RequestVote::last_log_index),
    field("last_log_term", &raft::RequestVote::last_log_term),
    field("pre_vote", &raft::RequestVote::pre_vote),
    field("forced", &raft::RequestVote::forced),
};

template <>
inline constexpr auto kFields<raft::RequestVoteReply> = std::tuple{
    field("term", &raft::RequestVoteReply::term),
    field("vote_granted", &raft::RequestVoteReply::vote_granted),
    field("pre_vote", &raft::RequestVoteReply::pre_vote),
    field("why", &raft::RequestVoteReply::reason),
};

template <>
inline constexpr auto kFields<raft::AppendEntries> = std::tuple{
    field("term", &raft::AppendEntries::term),
    field("leader", &raft::AppendEntries::leader),
    field("prev_log_index", &raft::AppendEntries::prev_log_index),
    field("prev_log_term", &raft::AppendEntries::prev_log_term),
    field("entries", &raft::AppendEntries::entries),
    field("leader_commit", &raft::AppendEntries::leader_commit),
    field("read_round", &raft::AppendEntries::read_round),
};

template <>
inline constexpr auto kFields<raft::AppendEntriesReply> = std::tuple{
    field("term", &raft::AppendEntriesReply::term),
    field("success", &raft::AppendEntriesReply::success),
    field("match_index", &raft::AppendEntriesReply::match_index),
    field("rejected_prev_index", &raft::AppendEntriesReply::rejected_prev_index),
    field("conflict_index", &raft::AppendEntriesReply::conflict_index),
    field("conflict_term", &raft::AppendEntriesReply::conflict_term),
    field("why", &raft::AppendEntriesReply::reason),
    field("read_round", &raft::AppendEntriesReply::read_round),
};

template <>
inline constexpr auto kFields<raft::TimeoutNow> = std::tuple{
    field("term", &raft::TimeoutNow::term),
    field("leader", &raft::TimeoutNow::leader),
};

template <>
inline constexpr auto kFields<raft::InstallSnapshot> = std::tuple{
    field("term", &raft::InstallSnapshot::term),
    field("leader", &raft::InstallSnapshot::leader),
    field("last_included_index", &raft::InstallSnapshot::last_included_index),
    field("last_included_term", &raft::InstallSnapshot::last_included_term),
    field("configuration", &raft::InstallSnapshot::configuration),
    field("offset", &raft::InstallSnapshot::offset),
    field("data", &raft::InstallSnapshot::data, FieldForm::Bytes),
    field("done", &raft::InstallSnapshot::done),
};

template <>
inline constexpr auto kFields<raft::InstallSnapshotReply> = std::tuple{
    field("term", &raft::InstallSnapshotReply::term),
    field("last_included_index", &raft::InstallSnapshotReply::last_included_index),
    field("next_offset", &raft::InstallSnapshotReply::next_offset),
    field("installed", &raft::InstallSnapshotReply::installed),
    field("match_index", &raft::InstallSnapshotReply::match_index),
    field("why", &raft::InstallSnapshotReply::reason),
};

template <>
inline constexpr auto kFields<raft::ReadIndex> = std::tuple{
    field("term", &raft::ReadIndex::term),
    field("context", &raft::ReadIndex::context),
};

template <>
inline constexpr auto kFields<raft::ReadIndexReply> = std::tuple{
    field("term", &raft::ReadIndexReply::term),
    field("context", &raft::ReadIndexReply::context),
    field("index", &raft::ReadIndexReply::index),
};

// A message kind without a table would travel empty: every alternative has one.
template <class Variant>
inline constexpr bool kEveryAlternativeHasFields = false;
template <class... Alternative>
inline constexpr bool kEveryAlternativeHasFields<std::variant<Alternative...>> = (HasFields<Alternative> && ...);
static_assert(kEveryAlternativeHasFields<raft::Payload>, "a message kind without a field table");

}  // namespace sim
