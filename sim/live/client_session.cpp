#include "sim/live/client_session.h"

#include <cstdint>
#include <limits>
#include <optional>

namespace sim::live {
namespace {

// A decimal number from 1 to `most`, digits only; nullopt otherwise.
std::optional<std::uint64_t> whole_number(const std::string& text, std::uint64_t most) {
  if (text.empty() || text.size() > 19) return std::nullopt;
  std::uint64_t value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + static_cast<std::uint64_t>(c - '0');
  }
  if (value == 0 || value > most) return std::nullopt;
  return value;
}

}  // namespace

std::string parse_session(const std::string& client, const std::string& sequence, const std::string& first_unanswered,
                          raft::ClientStamp& stamp) {
  stamp = {};
  if (client.empty() && sequence.empty() && first_unanswered.empty()) return "";
  const auto id = whole_number(client, std::numeric_limits<std::uint32_t>::max());
  if (!id) return std::string(kClientHeader) + " must be a whole number from 1 to 4294967295";
  const auto number = whole_number(sequence, std::numeric_limits<std::int64_t>::max());
  if (!number) return std::string(kSequenceHeader) + " must be a whole number from 1 (the client's writes numbered 1, 2, 3, ...)";
  const auto lowest = first_unanswered.empty() ? number : whole_number(first_unanswered, *number);
  if (!lowest) return std::string(kFirstUnansweredHeader) + " must be a whole number from 1 to the sequence number";
  stamp.client = static_cast<std::uint32_t>(*id);
  stamp.sequence = *number;
  stamp.first_unanswered = *lowest;
  return "";
}

}  // namespace sim::live
