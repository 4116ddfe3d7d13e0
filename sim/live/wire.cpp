#include "sim/live/wire.h"

#include <cstdint>
#include <iterator>
#include <variant>

#include <nlohmann/json.hpp>

namespace sim::live {
namespace {

using Json = nlohmann::json;

// In the order of raft::Payload.
constexpr const char* kTypes[] = {"RequestVote", "RequestVoteReply", "AppendEntries",        "AppendEntriesReply",
                                  "TimeoutNow",  "InstallSnapshot",  "InstallSnapshotReply", "ReadIndex",
                                  "ReadIndexReply"};
static_assert(std::size(kTypes) == std::variant_size_v<raft::Payload>, "a message kind without a wire name");

// A snapshot chunk holds raw bytes, which JSON strings cannot carry: two hex digits a byte.
std::string hex_of(const std::string& bytes) {
  constexpr char kDigits[] = "0123456789abcdef";
  std::string hex;
  hex.reserve(bytes.size() * 2);
  for (const unsigned char byte : bytes) {
    hex.push_back(kDigits[byte >> 4]);
    hex.push_back(kDigits[byte & 0xF]);
  }
  return hex;
}

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

// Empty with ok = false if `hex` is not pairs of lowercase hex digits.
std::string bytes_of(const std::string& hex, bool& ok) {
  std::string bytes;
  ok = hex.size() % 2 == 0;
  for (std::size_t i = 0; ok && i < hex.size(); i += 2) {
    const int high = hex_digit(hex[i]);
    const int low = hex_digit(hex[i + 1]);
    ok = high >= 0 && low >= 0;
    if (ok) bytes.push_back(static_cast<char>(high << 4 | low));
  }
  return ok ? bytes : std::string();
}

// A Reason as an array of its fields, in declaration order (core/reason.h).
Json reason_json(const raft::Reason& reason) {
  return Json::array({static_cast<int>(reason.cause), static_cast<int>(reason.role), static_cast<int>(reason.rpc),
                      reason.peer, reason.other, reason.term, reason.their_term, reason.theirs.index,
                      reason.theirs.term, reason.ours.index, reason.ours.term, reason.count,
                      static_cast<int>(reason.bug)});
}

struct Visitor {
  Json& json;
  void operator()(const raft::RequestVote& rpc) const {
    json["term"] = rpc.term;
    json["candidate"] = rpc.candidate;
    json["last_log_index"] = rpc.last_log_index;
    json["last_log_term"] = rpc.last_log_term;
    json["pre_vote"] = rpc.pre_vote;
    json["forced"] = rpc.forced;
  }
  void operator()(const raft::RequestVoteReply& rpc) const {
    json["term"] = rpc.term;
    json["vote_granted"] = rpc.vote_granted;
    json["pre_vote"] = rpc.pre_vote;
    json["why"] = reason_json(rpc.reason);
  }
  // [term, "command"], or with a client's session stamp (dissertation 6.3)
  // [term, "command", client, sequence, first_unanswered, proposed_at].
  static Json entry_json(const raft::LogEntry& entry) {
    if (entry.stamp == raft::ClientStamp{}) return Json::array({entry.term, entry.command});
    const raft::ClientStamp& stamp = entry.stamp;
    return Json::array({entry.term, entry.command, stamp.client, stamp.sequence, stamp.first_unanswered, stamp.proposed_at});
  }
  void operator()(const raft::AppendEntries& rpc) const {
    json["term"] = rpc.term;
    json["leader"] = rpc.leader;
    json["prev_log_index"] = rpc.prev_log_index;
    json["prev_log_term"] = rpc.prev_log_term;
    Json entries = Json::array();
    for (const raft::LogEntry& entry : rpc.entries) entries.push_back(entry_json(entry));
    json["entries"] = std::move(entries);
    json["leader_commit"] = rpc.leader_commit;
    json["read_round"] = rpc.read_round;
  }
  void operator()(const raft::AppendEntriesReply& rpc) const {
    json["term"] = rpc.term;
    json["success"] = rpc.success;
    json["match_index"] = rpc.match_index;
    json["rejected_prev_index"] = rpc.rejected_prev_index;
    json["conflict_index"] = rpc.conflict_index;
    json["conflict_term"] = rpc.conflict_term;
    json["why"] = reason_json(rpc.reason);
    json["read_round"] = rpc.read_round;
  }
  void operator()(const raft::ReadIndex& rpc) const {
    json["term"] = rpc.term;
    json["context"] = rpc.context;
  }
  void operator()(const raft::ReadIndexReply& rpc) const {
    json["term"] = rpc.term;
    json["context"] = rpc.context;
    json["index"] = rpc.index;
  }
  void operator()(const raft::TimeoutNow& rpc) const {
    json["term"] = rpc.term;
    json["leader"] = rpc.leader;
  }
  void operator()(const raft::InstallSnapshot& rpc) const {
    json["term"] = rpc.term;
    json["leader"] = rpc.leader;
    json["last_included_index"] = rpc.last_included_index;
    json["last_included_term"] = rpc.last_included_term;
    json["configuration"] = {{"voters", rpc.configuration.voters}, {"learners", rpc.configuration.learners}};
    json["offset"] = rpc.offset;
    json["data"] = hex_of(rpc.data);
    json["done"] = rpc.done;
  }
  void operator()(const raft::InstallSnapshotReply& rpc) const {
    json["term"] = rpc.term;
    json["last_included_index"] = rpc.last_included_index;
    json["next_offset"] = rpc.next_offset;
    json["installed"] = rpc.installed;
    json["match_index"] = rpc.match_index;
    json["why"] = reason_json(rpc.reason);
  }
};

// Reads fields of one JSON object; the first missing or mistyped one is the error.
class Fields {
 public:
  explicit Fields(const Json& json) : json_(json) {}
  template <typename T>
  T number(const char* name, std::uint64_t max = UINT64_MAX) {
    const Json* field = find(name);
    if (!field) return T{};
    if (!field->is_number_unsigned() || field->get<std::uint64_t>() > max) return fail<T>(name, "a whole number in range");
    return static_cast<T>(field->get<std::uint64_t>());
  }
  bool boolean(const char* name) {
    const Json* field = find(name);
    if (!field) return false;
    if (!field->is_boolean()) return fail<bool>(name, "true or false");
    return field->get<bool>();
  }
  std::string text(const char* name) {
    const Json* field = find(name);
    if (!field) return {};
    if (!field->is_string()) return fail<std::string>(name, "a string");
    return field->get<std::string>();
  }
  const Json* find(const char* name) {
    if (!error_.empty()) return nullptr;
    auto it = json_.find(name);
    if (it == json_.end()) return error_ = std::string("no field '") + name + "'", nullptr;
    return &*it;
  }
  template <typename T>
  T fail(const char* name, const char* expected) {
    if (error_.empty()) error_ = std::string("field '") + name + "' is not " + expected;
    return T{};
  }
  const std::string& error() const { return error_; }
  void set_error(std::string error) {
    if (error_.empty()) error_ = std::move(error);
  }

 private:
  const Json& json_;
  std::string error_;
};

template <typename Enum>
Enum enum_in_range(const Json& value, int count, bool& ok) {
  if (!value.is_number_unsigned() || value.get<std::uint64_t>() > static_cast<std::uint64_t>(count)) ok = false;
  return ok ? static_cast<Enum>(value.get<std::uint64_t>()) : Enum{};
}

raft::Reason decode_reason(Fields& fields) {
  const Json* why = fields.find("why");
  raft::Reason reason;
  if (!why) return reason;
  bool ok = why->is_array() && why->size() == 13;
  for (std::size_t i = 0; ok && i < 13; ++i) ok = (*why)[i].is_number_unsigned();
  if (!ok) return fields.set_error("field 'why' is not an array of 13 whole numbers"), reason;
  const Json& w = *why;
  reason.cause = enum_in_range<raft::Cause>(w[0], static_cast<int>(raft::kLastCause), ok);
  reason.role = enum_in_range<raft::Role>(w[1], static_cast<int>(raft::kLastRole), ok);
  reason.rpc = enum_in_range<raft::Rpc>(w[2], static_cast<int>(raft::kLastRpc), ok);
  reason.bug = enum_in_range<raft::Bug>(w[12], static_cast<int>(raft::Bug::Count), ok);
  if (!ok) return fields.set_error("field 'why' names an unknown cause, role, rpc or bug"), reason;
  reason.peer = w[3].get<raft::NodeId>();
  reason.other = w[4].get<raft::NodeId>();
  reason.term = w[5].get<raft::Term>();
  reason.their_term = w[6].get<raft::Term>();
  reason.theirs = {w[7].get<raft::Index>(), w[8].get<raft::Term>()};
  reason.ours = {w[9].get<raft::Index>(), w[10].get<raft::Term>()};
  reason.count = w[11].get<std::uint64_t>();
  return reason;
}

std::vector<raft::LogEntry> decode_entries(Fields& fields) {
  std::vector<raft::LogEntry> entries;
  const Json* list = fields.find("entries");
  if (!list) return entries;
  if (!list->is_array()) return fields.set_error("field 'entries' is not an array"), entries;
  for (const Json& entry : *list) {
    bool ok = entry.is_array() && (entry.size() == 2 || entry.size() == 6) && entry[0].is_number_unsigned() && entry[1].is_string();
    for (std::size_t i = 2; ok && i < entry.size(); ++i) ok = entry[i].is_number_unsigned();
    if (ok && entry.size() == 6) ok = entry[2].get<std::uint64_t>() <= UINT32_MAX && entry[5].get<std::uint64_t>() <= INT64_MAX;
    if (!ok) return fields.set_error("an entry is not [term, \"command\"] or [term, \"command\", client, sequence, first_unanswered, proposed_at]"), entries;
    raft::LogEntry decoded{entry[0].get<raft::Term>(), entry[1].get<std::string>(), {}};
    if (entry.size() == 6)
      decoded.stamp = {entry[2].get<std::uint32_t>(), entry[3].get<std::uint64_t>(), entry[4].get<std::uint64_t>(), entry[5].get<raft::Time>()};
    entries.push_back(std::move(decoded));
  }
  return entries;
}

// A list of node ids (a snapshot's voters or learners); false if `json` is anything else.
bool node_ids(const Json& json, std::vector<raft::NodeId>& ids) {
  if (!json.is_array()) return false;
  for (const Json& id : json) {
    if (!id.is_number_unsigned() || id.get<std::uint64_t>() > UINT32_MAX) return false;
    ids.push_back(id.get<raft::NodeId>());
  }
  return true;
}

raft::InstallSnapshot decode_install_snapshot(Fields& fields) {
  constexpr std::uint64_t kMaxId = UINT32_MAX;
  raft::InstallSnapshot rpc;
  rpc.term = fields.number<raft::Term>("term");
  rpc.leader = fields.number<raft::NodeId>("leader", kMaxId);
  rpc.last_included_index = fields.number<raft::Index>("last_included_index");
  rpc.last_included_term = fields.number<raft::Term>("last_included_term");
  if (const Json* configuration = fields.find("configuration")) {
    const bool ok = configuration->is_object() &&
                    node_ids(configuration->value("voters", Json()), rpc.configuration.voters) &&
                    node_ids(configuration->value("learners", Json()), rpc.configuration.learners);
    if (!ok) fields.set_error("field 'configuration' is not {\"voters\":[ids],\"learners\":[ids]}");
  }
  rpc.offset = fields.number<std::uint64_t>("offset");
  bool ok = true;
  rpc.data = bytes_of(fields.text("data"), ok);
  if (!ok) fields.set_error("field 'data' is not hex digits, two a byte");
  rpc.done = fields.boolean("done");
  return rpc;
}

raft::Payload decode_payload(Fields& fields, const std::string& type) {
  constexpr std::uint64_t kMaxId = UINT32_MAX;
  if (type == "RequestVote") {
    raft::RequestVote rpc{fields.number<raft::Term>("term"), fields.number<raft::NodeId>("candidate", kMaxId),
                          fields.number<raft::Index>("last_log_index"), fields.number<raft::Term>("last_log_term")};
    rpc.pre_vote = fields.boolean("pre_vote");
    rpc.forced = fields.boolean("forced");
    return rpc;
  }
  if (type == "TimeoutNow") return raft::TimeoutNow{fields.number<raft::Term>("term"), fields.number<raft::NodeId>("leader", kMaxId)};
  if (type == "RequestVoteReply") {
    raft::RequestVoteReply rpc{fields.number<raft::Term>("term"), fields.boolean("vote_granted"), decode_reason(fields)};
    rpc.pre_vote = fields.boolean("pre_vote");
    return rpc;
  }
  if (type == "InstallSnapshot") return decode_install_snapshot(fields);
  if (type == "InstallSnapshotReply") {
    raft::InstallSnapshotReply rpc;
    rpc.term = fields.number<raft::Term>("term");
    rpc.last_included_index = fields.number<raft::Index>("last_included_index");
    rpc.next_offset = fields.number<std::uint64_t>("next_offset");
    rpc.installed = fields.boolean("installed");
    rpc.match_index = fields.number<raft::Index>("match_index");
    rpc.reason = decode_reason(fields);
    return rpc;
  }
  if (type == "AppendEntries") {
    raft::AppendEntries rpc;
    rpc.term = fields.number<raft::Term>("term");
    rpc.leader = fields.number<raft::NodeId>("leader", kMaxId);
    rpc.prev_log_index = fields.number<raft::Index>("prev_log_index");
    rpc.prev_log_term = fields.number<raft::Term>("prev_log_term");
    rpc.entries = decode_entries(fields);
    rpc.leader_commit = fields.number<raft::Index>("leader_commit");
    rpc.read_round = fields.number<std::uint64_t>("read_round");
    return rpc;
  }
  if (type == "ReadIndex") return raft::ReadIndex{fields.number<raft::Term>("term"), fields.number<std::uint64_t>("context")};
  if (type == "ReadIndexReply") {
    return raft::ReadIndexReply{fields.number<raft::Term>("term"), fields.number<std::uint64_t>("context"),
                                fields.number<raft::Index>("index")};
  }
  raft::AppendEntriesReply rpc;
  rpc.term = fields.number<raft::Term>("term");
  rpc.success = fields.boolean("success");
  rpc.match_index = fields.number<raft::Index>("match_index");
  rpc.rejected_prev_index = fields.number<raft::Index>("rejected_prev_index");
  rpc.conflict_index = fields.number<raft::Index>("conflict_index");
  rpc.conflict_term = fields.number<raft::Term>("conflict_term");
  rpc.reason = decode_reason(fields);
  rpc.read_round = fields.number<std::uint64_t>("read_round");
  return rpc;
}

std::optional<Json> parse_object(std::string_view text, std::string& error) {
  Json json = Json::parse(text, nullptr, false);
  if (json.is_discarded()) return error = "not valid JSON", std::nullopt;
  if (!json.is_object()) return error = "not a JSON object", std::nullopt;
  return json;
}

}  // namespace

std::string frame(const std::string& json_text) {
  const auto length = static_cast<std::uint32_t>(json_text.size());
  std::string out;
  out.reserve(kFrameHeaderBytes + json_text.size());
  for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<char>((length >> shift) & 0xFF));
  return out + json_text;
}

std::uint32_t frame_length(const unsigned char header[kFrameHeaderBytes]) {
  return std::uint32_t{header[0]} << 24 | std::uint32_t{header[1]} << 16 | std::uint32_t{header[2]} << 8 | header[3];
}

std::string encode_hello(const Hello& hello) {
  return Json{{"hello", hello.from}, {"cluster", hello.cluster}, {"http", hello.http}}.dump(-1, ' ', false, Json::error_handler_t::replace);
}

std::string encode_message(const raft::Message& message) {
  Json json{{"from", message.from}, {"to", message.to}, {"type", kTypes[message.payload.index()]}};
  std::visit(Visitor{json}, message.payload);
  // Commands are checked as UTF-8 before they are proposed (sim/live/http_api.cpp).
  return json.dump(-1, ' ', false, Json::error_handler_t::replace);
}

Decoded<Hello> decode_hello(std::string_view json_text) {
  Decoded<Hello> decoded;
  std::optional<Json> json = parse_object(json_text, decoded.error);
  if (!json) return decoded;
  Fields fields(*json);
  Hello hello{fields.number<raft::NodeId>("hello", UINT32_MAX), fields.text("cluster"), fields.text("http")};
  if (!fields.error().empty()) return decoded.error = "a hello frame with " + fields.error(), decoded;
  decoded.value = hello;
  return decoded;
}

Decoded<raft::Message> decode_message(std::string_view json_text) {
  Decoded<raft::Message> decoded;
  std::optional<Json> json = parse_object(json_text, decoded.error);
  if (!json) return decoded;
  Fields fields(*json);
  raft::Message message;
  message.from = fields.number<raft::NodeId>("from", UINT32_MAX);
  message.to = fields.number<raft::NodeId>("to", UINT32_MAX);
  const std::string type = fields.text("type");
  if (fields.error().empty() && std::find(std::begin(kTypes), std::end(kTypes), type) == std::end(kTypes))
    fields.set_error("an unknown message type");
  if (fields.error().empty()) message.payload = decode_payload(fields, type);
  if (!fields.error().empty()) return decoded.error = "a message with " + fields.error(), decoded;
  decoded.value = std::move(message);
  return decoded;
}

}  // namespace sim::live
