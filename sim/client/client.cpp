#include "sim/client/client.h"

#include <algorithm>

namespace sim {

const char* outcome_name(Outcome outcome) {
  switch (outcome) {
    case Outcome::Pending: return "pending";
    case Outcome::Acknowledged: return "acknowledged";
    case Outcome::Failed: return "failed";
    case Outcome::Unknown: return "unknown";
  }
  return "?";
}

Time retry_wait(const ClientSettings& settings, std::uint32_t timeouts) {
  constexpr std::uint32_t kMaxDoublings = 4;
  return settings.retry_after << std::min(timeouts, kMaxDoublings);
}

const ClientReply* AnswerBook::find(std::uint64_t operation) const {
  if (operation == 0 || operation > by_operation_.size()) return nullptr;
  const ClientReply& reply = by_operation_[operation - 1];
  return reply.operation == 0 ? nullptr : &reply;
}

void AnswerBook::remember(const ClientReply& reply) {
  if (find(reply.operation) != nullptr) return;
  if (by_operation_.size() < reply.operation) by_operation_.resize(reply.operation);
  by_operation_.mutable_at(reply.operation - 1) = reply;
}

}  // namespace sim
