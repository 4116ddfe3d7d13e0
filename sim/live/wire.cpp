#include "sim/live/wire.h"

#include <algorithm>
#include <cstdint>
#include <iterator>
#include <limits>
#include <type_traits>
#include <utility>
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

// The JSON of one field's value: numbers and flags as they are, texts as strings (raw
// bytes as hex), reasons, entries and configurations as below.
Json value_json(const raft::Reason& reason, FieldForm) { return reason_json(reason); }

// An entry: [term, "command"], or with a client's session stamp (dissertation 6.3)
// [term, "command", client, sequence, first_unanswered, proposed_at].
Json entry_json(const raft::LogEntry& entry) {
  if (entry.stamp == raft::ClientStamp{}) return Json::array({entry.term, entry.command});
  const raft::ClientStamp& stamp = entry.stamp;
  return Json::array({entry.term, entry.command, stamp.client, stamp.sequence, stamp.first_unanswered, stamp.proposed_at});
}

Json value_json(const std::vector<raft::LogEntry>& entries, FieldForm) {
  Json list = Json::array();
  for (const raft::LogEntry& entry : entries) list.push_back(entry_json(entry));
  return list;
}

Json value_json(const raft::Configuration& configuration, FieldForm) {
  return {{"voters", configuration.voters}, {"learners", configuration.learners}};
}

Json value_json(const std::string& text, FieldForm form) { return form == FieldForm::Bytes ? hex_of(text) : text; }

template <typename T>
  requires std::is_unsigned_v<T>  // bool included
Json value_json(T value, FieldForm) {
  return value;
}

// Adds each field of `value` to `json` under its name; a message's kind as its "type",
// its RPC's fields beside the sender's.
template <typename T>
void add_fields(Json& json, const T& value) {
  for_each_field(value, [&](const auto& field, const auto& member) {
    using Member = std::remove_cvref_t<decltype(member)>;
    if constexpr (std::is_same_v<Member, raft::Payload>) {
      json["type"] = kTypes[member.index()];
      std::visit([&](const auto& rpc) { add_fields(json, rpc); }, member);
    } else {
      json[field.name] = value_json(member, field.form);
    }
  });
}

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

// A Reason from the array reason_json writes.
void read_field(Fields& fields, const char* name, raft::Reason& reason, FieldForm) {
  const Json* why = fields.find(name);
  if (!why) return;
  bool ok = why->is_array() && why->size() == 13;
  for (std::size_t i = 0; ok && i < 13; ++i) ok = (*why)[i].is_number_unsigned();
  if (!ok) return fields.set_error(std::string("field '") + name + "' is not an array of 13 whole numbers");
  const Json& w = *why;
  reason.cause = enum_in_range<raft::Cause>(w[0], static_cast<int>(raft::kLastCause), ok);
  reason.role = enum_in_range<raft::Role>(w[1], static_cast<int>(raft::kLastRole), ok);
  reason.rpc = enum_in_range<raft::Rpc>(w[2], static_cast<int>(raft::kLastRpc), ok);
  reason.bug = enum_in_range<raft::Bug>(w[12], static_cast<int>(raft::Bug::Count), ok);
  if (!ok) return fields.set_error(std::string("field '") + name + "' names an unknown cause, role, rpc or bug");
  reason.peer = w[3].get<raft::NodeId>();
  reason.other = w[4].get<raft::NodeId>();
  reason.term = w[5].get<raft::Term>();
  reason.their_term = w[6].get<raft::Term>();
  reason.theirs = {w[7].get<raft::Index>(), w[8].get<raft::Term>()};
  reason.ours = {w[9].get<raft::Index>(), w[10].get<raft::Term>()};
  reason.count = w[11].get<std::uint64_t>();
}

void read_field(Fields& fields, const char* name, std::vector<raft::LogEntry>& entries, FieldForm) {
  const Json* list = fields.find(name);
  if (!list) return;
  if (!list->is_array()) return fields.set_error(std::string("field '") + name + "' is not an array");
  for (const Json& entry : *list) {
    bool ok = entry.is_array() && (entry.size() == 2 || entry.size() == 6) && entry[0].is_number_unsigned() && entry[1].is_string();
    for (std::size_t i = 2; ok && i < entry.size(); ++i) ok = entry[i].is_number_unsigned();
    if (ok && entry.size() == 6) ok = entry[2].get<std::uint64_t>() <= UINT32_MAX && entry[5].get<std::uint64_t>() <= INT64_MAX;
    if (!ok) return fields.set_error("an entry is not [term, \"command\"] or [term, \"command\", client, sequence, first_unanswered, proposed_at]");
    raft::LogEntry decoded{entry[0].get<raft::Term>(), entry[1].get<std::string>(), {}};
    if (entry.size() == 6)
      decoded.stamp = {entry[2].get<std::uint32_t>(), entry[3].get<std::uint64_t>(), entry[4].get<std::uint64_t>(), entry[5].get<raft::Time>()};
    entries.push_back(std::move(decoded));
  }
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

void read_field(Fields& fields, const char* name, raft::Configuration& configuration, FieldForm) {
  const Json* json = fields.find(name);
  if (!json) return;
  const bool ok = json->is_object() && node_ids(json->value("voters", Json()), configuration.voters) &&
                  node_ids(json->value("learners", Json()), configuration.learners);
  if (!ok) fields.set_error(std::string("field '") + name + "' is not {\"voters\":[ids],\"learners\":[ids]}");
}

void read_field(Fields& fields, const char* name, std::string& text, FieldForm form) {
  text = fields.text(name);
  if (form != FieldForm::Bytes) return;
  bool ok = true;
  text = bytes_of(text, ok);
  if (!ok) fields.set_error(std::string("field '") + name + "' is not hex digits, two a byte");
}

void read_field(Fields& fields, const char* name, bool& flag, FieldForm) { flag = fields.boolean(name); }

template <typename T>
  requires std::is_unsigned_v<T>
void read_field(Fields& fields, const char* name, T& number, FieldForm) {
  number = fields.number<T>(name, std::numeric_limits<T>::max());
}

// The RPC a message's "type" names, its fields read.
void read_field(Fields& fields, const char*, raft::Payload& payload, FieldForm);

// Reads each field of `value` in its table's order; the first bad one is the error.
template <typename T>
void read_fields(Fields& fields, T& value) {
  for_each_field(value, [&](const auto& field, auto& member) { read_field(fields, field.name, member, field.form); });
}

void read_field(Fields& fields, const char*, raft::Payload& payload, FieldForm) {
  const std::string type = fields.text("type");
  if (!fields.error().empty()) return;
  const auto known = std::find(std::begin(kTypes), std::end(kTypes), type);
  if (known == std::end(kTypes)) return fields.set_error("an unknown message type");
  payload = alternative_numbered<raft::Payload>(static_cast<std::size_t>(known - std::begin(kTypes)));
  std::visit([&](auto& rpc) { read_fields(fields, rpc); }, payload);
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
  Json json = Json::object();
  add_fields(json, hello);
  return json.dump(-1, ' ', false, Json::error_handler_t::replace);
}

std::string encode_message(const raft::Message& message) {
  Json json = Json::object();
  add_fields(json, message);
  // Commands are checked as UTF-8 before they are proposed (sim/live/http_api.cpp).
  return json.dump(-1, ' ', false, Json::error_handler_t::replace);
}

Decoded<Hello> decode_hello(std::string_view json_text) {
  Decoded<Hello> decoded;
  std::optional<Json> json = parse_object(json_text, decoded.error);
  if (!json) return decoded;
  Fields fields(*json);
  Hello hello;
  read_fields(fields, hello);
  if (!fields.error().empty()) return decoded.error = "a hello frame with " + fields.error(), decoded;
  decoded.value = std::move(hello);
  return decoded;
}

Decoded<raft::Message> decode_message(std::string_view json_text) {
  Decoded<raft::Message> decoded;
  std::optional<Json> json = parse_object(json_text, decoded.error);
  if (!json) return decoded;
  Fields fields(*json);
  raft::Message message;
  read_fields(fields, message);
  if (!fields.error().empty()) return decoded.error = "a message with " + fields.error(), decoded;
  decoded.value = std::move(message);
  return decoded;
}

}  // namespace sim::live
