#include "sim/record/record_codec.h"

#include <cassert>
#include <limits>
#include <optional>
#include <string>
#include <tuple>
#include <type_traits>
#include <utility>
#include <variant>

#include "sim/record/message_fields.h"

namespace sim {

namespace {

// ---- Writing ------------------------------------------------------------------------

class Writer {
 public:
  explicit Writer(std::vector<std::uint8_t>& out) : out_(out) {}

  // LEB128: seven bits a byte, low bits first, the high bit set on all but the last.
  void number(std::uint64_t value) {
    while (value >= 0x80) {
      out_.push_back(static_cast<std::uint8_t>(value | 0x80));
      value >>= 7;
    }
    out_.push_back(static_cast<std::uint8_t>(value));
  }
  template <class Enum>
  void choice(Enum value) {
    number(static_cast<std::uint64_t>(value));
  }
  void text(const std::string& value) {
    number(value.size());
    out_.insert(out_.end(), value.begin(), value.end());
  }

 private:
  std::vector<std::uint8_t>& out_;
};

// ---- The fields of a record's body --------------------------------------------------
//
// The messages' tables are sim/record/message_fields.h; these are the other types a body holds,
// in the order of their bytes (never reorder; add at the end). kBodyFields<T> is T's.

template <class Struct>
constexpr auto kBodyFields = kFields<Struct>;

template <class Struct>
concept HasBodyFields = std::tuple_size_v<std::remove_cvref_t<decltype(kBodyFields<Struct>)>> > 0;

template <>
constexpr auto kBodyFields<raft::LogPosition> = std::tuple{
    field("index", &raft::LogPosition::index),
    field("term", &raft::LogPosition::term),
};

// (A reason's bug, core/bugs.h, is not kept.)
template <>
constexpr auto kBodyFields<raft::Reason> = std::tuple{
    field("cause", &raft::Reason::cause),       field("role", &raft::Reason::role),
    field("rpc", &raft::Reason::rpc),           field("peer", &raft::Reason::peer),
    field("other", &raft::Reason::other),       field("term", &raft::Reason::term),
    field("their_term", &raft::Reason::their_term), field("theirs", &raft::Reason::theirs),
    field("ours", &raft::Reason::ours),         field("count", &raft::Reason::count),
};

// A snapshot's configuration (dissertation 5.1): its voters, then its learners.
template <>
constexpr auto kBodyFields<raft::Configuration> = std::tuple{
    field("voters", &raft::Configuration::voters),
    field("learners", &raft::Configuration::learners),
};

template <>
constexpr auto kBodyFields<raft::LogEntry> = std::tuple{
    field("term", &raft::LogEntry::term),
    field("command", &raft::LogEntry::command),
    field("stamp", &raft::LogEntry::stamp),
};

template <>
constexpr auto kBodyFields<ClientRequest> = std::tuple{
    field("operation", &ClientRequest::operation), field("command", &ClientRequest::command),
    field("stamp", &ClientRequest::stamp),         field("read", &ClientRequest::read),
    field("way", &ClientRequest::way),
};

template <>
constexpr auto kBodyFields<ClientReply> = std::tuple{
    field("operation", &ClientReply::operation), field("status", &ClientReply::status),
    field("leader_hint", &ClientReply::leader_hint), field("index", &ClientReply::index),
    field("term", &ClientReply::term),           field("found", &ClientReply::found),
    field("value", &ClientReply::value),
};

template <>
constexpr auto kBodyFields<NodeSummary> = std::tuple{
    field("up", &NodeSummary::up),         field("role", &NodeSummary::role),
    field("term", &NodeSummary::term),     field("voted_for", &NodeSummary::voted_for),
    field("leader", &NodeSummary::leader), field("last_index", &NodeSummary::last_index),
    field("commit_index", &NodeSummary::commit_index),
};

template <>
constexpr auto kBodyFields<NodeChange> = std::tuple{
    field("node", &NodeChange::node),       field("before", &NodeChange::before),
    field("after", &NodeChange::after),     field("removed_from", &NodeChange::removed_from),
    field("removed_to", &NodeChange::removed_to),
};

template <>
constexpr auto kBodyFields<raft::Decision> = std::tuple{
    field("reason", &raft::Decision::reason),
    field("nodes", &raft::Decision::nodes),
};

template <>
constexpr auto kBodyFields<NodeDecision> = std::tuple{
    field("node", &NodeDecision::node),
    field("decision", &NodeDecision::decision),
};

// The body: everything but the head (record_codec.h).
template <>
constexpr auto kBodyFields<Record> = std::tuple{
    field("message_id", &Record::message_id), field("reason", &Record::reason),
    field("message", &Record::message),       field("changes", &Record::changes),
    field("decisions", &Record::decisions),
};

template <class T>
constexpr bool kIsVector = false;
template <class T>
constexpr bool kIsVector<std::vector<T>> = true;

template <class T>
constexpr bool kIsVariant = false;
template <class... T>
constexpr bool kIsVariant<std::variant<T...>> = true;

// ---- Writing, field by field -------------------------------------------------------

void write(Writer& w, const raft::ClientStamp& stamp);
void write(Writer& w, const std::optional<Envelope>& message);

// Numbers, flags and enums as varints; texts as their length and bytes; lists as their
// length and items; a message kind as its index and its fields; anything else field by field.
template <class T>
void write(Writer& w, const T& value) {
  if constexpr (std::is_enum_v<T>) {
    w.choice(value);
  } else if constexpr (std::is_unsigned_v<T>) {  // bool included
    w.number(value);
  } else if constexpr (std::is_same_v<T, std::string>) {
    w.text(value);
  } else if constexpr (kIsVector<T>) {
    w.number(value.size());
    for (const auto& item : value) write(w, item);
  } else if constexpr (kIsVariant<T>) {
    w.number(value.index());
    std::visit([&](const auto& alternative) { write(w, alternative); }, value);
  } else {
    static_assert(HasBodyFields<T>, "a type the record codec has no table for");
    for_each_field_in(kBodyFields<T>, value, [&](const auto&, const auto& member) { write(w, member); });
  }
}

// Who wrote an entry (dissertation 6.3); client 0 (no session) costs one byte.
void write(Writer& w, const raft::ClientStamp& stamp) {
  w.number(stamp.client);
  if (stamp.client == 0) return;
  w.number(stamp.sequence);
  w.number(stamp.first_unanswered);
  w.number(static_cast<std::uint64_t>(stamp.proposed_at));
}

// 0: no message; otherwise 1 + the envelope's alternative, then its fields.
void write(Writer& w, const std::optional<Envelope>& message) {
  w.number(message ? message->index() + 1 : 0);
  if (message) std::visit([&](const auto& alternative) { write(w, alternative); }, *message);
}

// ---- Reading ------------------------------------------------------------------------

class Reader {
 public:
  explicit Reader(std::span<const std::uint8_t> bytes) : bytes_(bytes) {}

  std::uint64_t number() {
    std::uint64_t value = 0;
    for (int shift = 0;; shift += 7) {
      assert(at_ < bytes_.size() && shift < 64);
      const std::uint8_t byte = bytes_[at_++];
      value |= static_cast<std::uint64_t>(byte & 0x7f) << shift;
      if (byte < 0x80) return value;
    }
  }
  template <class Int>
  Int narrow() {
    const std::uint64_t value = number();
    assert(value <= std::numeric_limits<Int>::max());
    return static_cast<Int>(value);
  }
  template <class Enum>
  Enum choice() {
    return static_cast<Enum>(narrow<std::underlying_type_t<Enum>>());
  }
  bool flag() { return number() != 0; }
  std::string text() {
    const auto size = narrow<std::size_t>();
    assert(size <= bytes_.size() - at_);
    std::string value(reinterpret_cast<const char*>(bytes_.data() + at_), size);
    at_ += size;
    return value;
  }
  bool done() const { return at_ == bytes_.size(); }

 private:
  std::span<const std::uint8_t> bytes_;
  std::size_t at_ = 0;
};

// ---- Reading, field by field, as written -------------------------------------------

void read(Reader& r, raft::ClientStamp& stamp);
void read(Reader& r, std::optional<Envelope>& message);

template <class T>
void read(Reader& r, T& value) {
  if constexpr (std::is_same_v<T, bool>) {
    value = r.flag();
  } else if constexpr (std::is_enum_v<T>) {
    value = r.choice<T>();
  } else if constexpr (std::is_unsigned_v<T>) {
    value = r.narrow<T>();
  } else if constexpr (std::is_same_v<T, std::string>) {
    value = r.text();
  } else if constexpr (kIsVector<T>) {
    value.resize(r.narrow<std::size_t>());
    for (auto& item : value) read(r, item);
  } else if constexpr (kIsVariant<T>) {
    const auto index = r.narrow<std::size_t>();
    assert(index < std::variant_size_v<T>);
    value = alternative_numbered<T>(index);
    std::visit([&](auto& chosen) { read(r, chosen); }, value);
  } else {
    static_assert(HasBodyFields<T>, "a type the record codec has no table for");
    for_each_field_in(kBodyFields<T>, value, [&](const auto&, auto& member) { read(r, member); });
  }
}

void read(Reader& r, raft::ClientStamp& stamp) {
  stamp = {};
  stamp.client = r.narrow<std::uint32_t>();
  if (stamp.client == 0) return;
  stamp.sequence = r.number();
  stamp.first_unanswered = r.number();
  stamp.proposed_at = static_cast<raft::Time>(r.number());
}

void read(Reader& r, std::optional<Envelope>& message) {
  message.reset();
  const std::uint64_t kind = r.number();
  if (kind == 0) return;
  assert(kind <= std::variant_size_v<Envelope>);
  message = alternative_numbered<Envelope>(kind - 1);
  std::visit([&](auto& chosen) { read(r, chosen); }, *message);
}

}  // namespace

RecordHead head_of(const Record& record) {
  return RecordHead{record.sequence, record.time, record.kind, record.node, record.from, record.to};
}

void encode_record_body(const Record& record, std::vector<std::uint8_t>& out) {
  Writer w(out);
  write(w, record);
}

Record decode_record(const RecordHead& head, std::span<const std::uint8_t> body) {
  Record record;
  record.sequence = head.sequence;
  record.time = head.time;
  record.kind = head.kind;
  record.node = head.node;
  record.from = head.from;
  record.to = head.to;
  Reader r(body);
  read(r, record);
  assert(r.done());
  return record;
}

}  // namespace sim
