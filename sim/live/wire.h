// What travels between live servers (docs/live.md, "The wire"): frames of
//   u32 length (big-endian) | that many bytes of JSON (one object)
// on a TCP connection. A connection's first frame is a hello naming the sender, its
// cluster and its HTTP address; every later frame is one raft::Message, its fields named
// as in Figure 2 of the Raft paper. Decoding checks everything: a malformed frame from a
// peer is an error with a reason, never a crash or a guess.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/messages.h"
#include "sim/record/message_fields.h"

namespace sim::live {

inline constexpr std::size_t kFrameHeaderBytes = 4;
inline constexpr std::uint32_t kMaxFrameBytes = 16u << 20;

struct Hello {
  raft::NodeId from = raft::kNobody;
  std::string cluster;
  std::string http;  // where the sender answers HTTP (for forwarding), "HOST:PORT"
  friend bool operator==(const Hello&, const Hello&) = default;
};

}  // namespace sim::live

namespace sim {

// A hello's fields, as a message's are listed (sim/record/message_fields.h).
template <>
inline constexpr auto kFields<live::Hello> = std::tuple{
    field("hello", &live::Hello::from),
    field("cluster", &live::Hello::cluster),
    field("http", &live::Hello::http),
};

}  // namespace sim

namespace sim::live {

// The frame carrying `json_text`: its length, then the text.
std::string frame(const std::string& json_text);
// The length a frame header announces.
std::uint32_t frame_length(const unsigned char header[kFrameHeaderBytes]);

std::string encode_hello(const Hello& hello);
std::string encode_message(const raft::Message& message);

// The decoded value, or an error saying what is wrong with the bytes.
template <typename T>
struct Decoded {
  std::optional<T> value;
  std::string error;
};
Decoded<Hello> decode_hello(std::string_view json_text);
Decoded<raft::Message> decode_message(std::string_view json_text);

}  // namespace sim::live
